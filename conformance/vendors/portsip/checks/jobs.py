"""PortSIP Dataflow report jobs and report logs: list options honoured, logs consistent, jobs read back whole.

The generic lifecycle checks (LIFE-*) create, read, update, list and destroy a job and compare its scalar
fields; the scenarios here compare what they cannot: ``params`` (an object) after create and after update,
the list item against the by-id answer, and the strictly ascending ``stx`` thresholds of the two report
types that have them. They write, so they run only with ``--allow-writes`` and destroy what they create.

Read-backs compare what the document promises: the fields a job was created or updated with (an instant
written in another offset is the same instant; a list item may carry fields the by-id answer lacks). The
create spelling of the time zone is disputed (PSD-011), so the time zone is not compared.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from conformance import odata
from conformance.checkapi.basis import PORTSIP_DATAFLOW, VENDOR_NOTES, cite, suite, vendor
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Runner, ScenarioSkip
from conformance.vendors.portsip.checks.dataflow import SPEC, answer_field, items_of, recorded_by

LIST_JOBS, CREATE, GET, UPDATE, DESTROY = "getReportList", "createReport", "getReportJobById", "updateReport", \
    "destroyReportJob"
LIST_LOGS = "listReportLog"
LISTS = (LIST_JOBS, LIST_LOGS)
NOTES = "§ PortSIP PBX REST API 22.x"
OPTIONS = cite(VENDOR_NOTES, NOTES, "query options are OData-like without `$`")


@check("PORTSIP-JOBS-FILTER-HONOURED", "Every listed job or log satisfies the request's filter expression.",
       spec=SPEC, location="getReportList / listReportLog: filter (PSD-048)", severity="major", operations=LISTS,
       applies=lambda ctx: isinstance(ctx.query.get("filter"), str),
       basis=vendor(cite(PORTSIP_DATAFLOW, 104, "retrieve just a subset of a collection"), OPTIONS))
def filter_honoured(ctx: CheckContext, exchange: Exchange) -> None:
    try:
        node = odata.parse_filter(ctx.query["filter"])
    except odata.Unreadable:
        raise CheckSkipped("the filter does not parse") from None
    for item in items_of(exchange):
        if odata.judge(node, item) is False:  # None: servers may differ (text case, date-time spellings)
            raise CheckFailure(f"item {item.get('id')} does not satisfy filter {ctx.query['filter']!r}",
                               key="filter", evidence={"item": item})


def _blank(value: Any) -> bool:
    """An unset value: ``null`` or ``""``."""
    return value is None or value == ""


def _ordered_value(value: Any) -> Any:
    """A value whose order every server agrees on (number, boolean, instant), else None (text collations vary)."""
    kind, key = odata.sort_key(value)
    return key if kind in (1, 2, 3) else None


@check("PORTSIP-JOBS-ORDERBY-HONOURED",
       "Listed jobs or logs follow the request's orderby on number, boolean and date-time fields.",
       spec=SPEC, location="getReportList / listReportLog: orderby (PSD-048)", severity="major", operations=LISTS,
       applies=lambda ctx: isinstance(ctx.query.get("orderby"), str),
       basis=vendor(cite(PORTSIP_DATAFLOW, 104, "specify the sort order of the items"), OPTIONS))
def orderby_honoured(ctx: CheckContext, exchange: Exchange) -> None:
    try:
        keys = odata.parse_orderby(ctx.query["orderby"])
    except odata.Unreadable:
        raise CheckSkipped("the orderby does not parse") from None
    name, descending = keys[0]  # later keys only break ties of the first
    values = [_ordered_value(item.get(name)) for item in items_of(exchange)]
    values = [v for v in values if v is not None]
    for a, b in itertools.pairwise(values):
        if (b < a) if not descending else (b > a):
            raise CheckFailure(f"{name} {b} follows {a} in a list ordered {'desc' if descending else 'asc'}",
                               key="order", evidence={"orderby": ctx.query["orderby"]})


@check("PORTSIP-LOG-FILE-WHEN-FINISHED",
       "A report log has a file_url exactly when it has a finish_time (both blank while the report is produced).",
       spec=SPEC, location="ReportLog: file_url, finish_time", severity="minor", operations=(LIST_LOGS,),
       basis=suite("finish_time is null while the report is processed, but the document does not say file_url is "
                   "blank then (a server may name the file ahead), nor that a failed report has no file"))
def file_when_finished(ctx: CheckContext, exchange: Exchange) -> None:
    for item in items_of(exchange):
        if "file_url" in item and "finish_time" in item and _blank(item["file_url"]) != _blank(item["finish_time"]):
            raise CheckFailure(f"log {item.get('id')}: file_url {item['file_url']!r} but finish_time "
                               f"{item['finish_time']!r}", key="file vs finish", evidence={"item": item})


CREATED_FIRST = suite("the document does not say a log entry is created before its file is finished (a server may "
                      "write the entry once the file is done)")


@check("PORTSIP-LOG-TIMES-ORDERED",
       "A report log covers a period that ends after it starts, and (the suite's reading) finishes no earlier than "
       "it was created.",
       spec=SPEC, location="ReportLog: start_time, end_time, create_time, finish_time", severity="minor",
       operations=(LIST_LOGS,),
       basis=vendor(cite(PORTSIP_DATAFLOW, 145, "The start time of the report period."),
                    cite(PORTSIP_DATAFLOW, 145, "The end time of the report period.")))
def log_times_ordered(ctx: CheckContext, exchange: Exchange) -> None:
    for item in items_of(exchange):
        for low, high, strict, basis in (("start_time", "end_time", True, None),
                                         ("create_time", "finish_time", False, CREATED_FIRST)):
            a, b = (_ordered_value(item.get(n)) for n in (low, high))
            if a is not None and b is not None and (b <= a if strict else b < a):
                raise CheckFailure(f"log {item.get('id')}: {high} {item.get(high)} is not after {low} "
                                   f"{item.get(low)}", key=f"{low} vs {high}", evidence={"item": item}, basis=basis)


# -- scenarios (write: --allow-writes) -------------------------------------------------------------------
STX = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180]


def threshold_job(runner: Runner, name: str, stx: list[int]) -> dict[str, Any]:
    """A SPEEDOFACCEPT job over the fixture queues with the given thresholds, scheduled from the fixture window's
    start for a year."""
    start, end = runner.window()
    return {
        "schedule_name": name, "type": "SPEEDOFACCEPT", "format": "CSV", "cron_expr": "1 0 * * *", "active": True,
        "recipients": "ops@example.com;lead@example.com", "time_zone": "UTC",
        "start_time": start.isoformat(), "end_time": (start + timedelta(days=365)).isoformat(),
        "params": {"from": start.isoformat(), "to": end.isoformat(), "time_range": "CUSTOM",
                   "queue": [str(q) for q in runner.fixtures.ids("queues")[:2]], "stx": stx},
    }


def queue_summary_job(runner: Runner, job: dict[str, Any]) -> dict[str, Any]:
    """``job`` changed in every field an update takes: a QUEUESUMMARY of the fixture queues (each with its SLA
    threshold), mailed as HTML to one address on another schedule and time zone, paused."""
    start, end = runner.window()
    return {
        "schedule_name": f"{job['schedule_name']} (updated)", "type": "QUEUESUMMARY", "format": "HTML",
        "cron_expr": "3 2 1 * *", "active": False, "recipients": "lead@example.com", "time_zone": "Asia/Shanghai",
        "start_time": (start + timedelta(days=1)).isoformat(), "end_time": (start + timedelta(days=30)).isoformat(),
        "params": {"from": start.isoformat(), "to": end.isoformat(), "time_range": "CUSTOM",
                   "queue": {str(q): 20 for q in runner.fixtures.ids("queues")[:2]}},
    }


def _writes(runner: Runner) -> None:
    if not runner.allow_writes:
        raise ScenarioSkip("read-only run (give --allow-writes to create report jobs)")


def _created_id(call: Any) -> str | None:
    value = answer_field(call, "id")
    return str(value) if value is not None else None


def _read(runner: Runner, job_id: str) -> tuple[Any, dict[str, Any] | None]:
    call = runner.call(GET, path={"id": job_id})
    body = call.json() if call.accepted else None
    return call, body if isinstance(body, dict) else None


def _same(sent: Any, got: Any) -> bool:
    """Whether a value reads back as sent: equal, the same instant in another offset, the same recipients, or an
    object holding every sent member alike (and maybe more)."""
    if sent == got:
        return True
    if isinstance(sent, dict):
        return isinstance(got, dict) and all(_same(v, got.get(k)) for k, v in sent.items())
    if isinstance(sent, list):
        return isinstance(got, list) and len(sent) == len(got) and all(
            _same(a, b) for a, b in zip(sent, got, strict=True))
    moments = odata.instant(sent), odata.instant(got)
    if None not in moments:
        return moments[0] == moments[1]
    return isinstance(sent, str) and isinstance(got, str) and ";" in sent and _addresses(sent) == _addresses(got)


def _agree(one: Any, other: Any) -> bool:
    """Whether two answers about one job agree on what both show (members either leaves out are not compared)."""
    if isinstance(one, dict) and isinstance(other, dict):
        return all(_agree(v, other[k]) for k, v in one.items() if k in other)
    return _same(one, other)


def _addresses(text: str) -> set[str]:
    return {part.strip().lower() for part in text.split(";") if part.strip()}


def _listed(runner: Runner, job_id: str, pages: int = 20) -> tuple[Any, dict[str, Any] | None, bool]:
    """The last page read, the list item of job ``job_id`` (or None) and whether the whole list was read."""
    call = None
    for page in range(pages):
        call = runner.call(LIST_JOBS, query={"top": 100, "skip": 100 * page})
        items = answer_field(call, "items")
        if not isinstance(items, list):
            return call, None, False
        for item in items:
            if isinstance(item, dict) and str(item.get("id")) == job_id:
                return call, item, True
        if len(items) < 100:
            return call, None, True
    return call, None, False


def _differences(sent: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    return {k: {"sent": v, "read": got.get(k)} for k, v in sent.items()
            if k not in DISPUTED and not _same(v, got.get(k))}


DISPUTED = frozenset({"time_zone"})  # PSD-011: createReport spells it `timezone`, the other schemas `time_zone`
JOB_FIELDS = ("type", "format", "schedule_name", "start_time", "end_time", "cron_expr", "active", "recipients",
              "time_zone", "params", "id")
READ_BACK = declare("PORTSIP-JOB-READ-BACK",
                    "A report job created from the fixtures reads back with the fields it was created with, params "
                    "included, and its list item agrees with the by-id answer; an update of params, and then of "
                    "every field, reads back too; once destroyed it can no longer be read.",
                    spec=SPEC, location="createReport / updateReport / destroyReportJob vs getReportJobById, "
                    "getReportList", severity="major", kind="metamorphic",
                    operations=(CREATE, GET, UPDATE, DESTROY, LIST_JOBS), covers=JOB_FIELDS,
                    basis=vendor(cite(PORTSIP_DATAFLOW, 117, "detailed information of a report execution job"),
                                 cite(PORTSIP_DATAFLOW, 125, "Update an existing analytics report Job."),
                                 cite(PORTSIP_DATAFLOW, 129, "updated successfully.")))
OPEN_NOTATION = suite("the job's params from and to carry no format (PSD-029): a server may read another notation "
                      "than RFC 3339 and refuse this job")


@recorded_by(READ_BACK)
def job_read_back(runner: Runner) -> None:
    _writes(runner)
    sent = threshold_job(runner, "conformance read-back", STX)
    created = runner.call(CREATE, body=sent)
    job_id = _created_id(created)
    if job_id is None:
        runner.record(READ_BACK.id, CREATE, f"a job built from the fixtures was refused ({created.exchange.status})"
                      if not created.accepted else "the created job's answer has no id", call=created,
                      key="not created", basis=OPEN_NOTATION if not created.accepted else None)
        return
    runner.record(READ_BACK.id, CREATE, None, call=created)  # a job built from the fixtures was created
    try:
        call, got = _read(runner, job_id)
        if got is not None:
            differing = _differences(sent, got)
            runner.record(READ_BACK.id, GET, None if not differing else f"job {job_id} reads back differently: "
                          f"{differing}", call=call, evidence={"differing": differing}, key="create differs")
            listed, item, whole = _listed(runner, job_id)
            if item is None and whole:
                runner.record(READ_BACK.id, LIST_JOBS, f"job {job_id} is not in the list of jobs", call=listed,
                              key="not listed")
            if item is not None:
                runner.record(READ_BACK.id, LIST_JOBS, None if _agree(got, item) else
                              f"job {job_id} in the list {item} differs from the by-id answer", call=listed,
                              key="list differs")
        changed = {"type": sent["type"], "params": {**sent["params"], "stx": [s + 1 for s in STX]}}
        updated = runner.call(UPDATE, path={"id": job_id}, body=changed)
        if not updated.accepted:  # the job was created with these very params: refusing them now is a defect
            runner.record(READ_BACK.id, UPDATE, f"updating job {job_id}'s params was refused "
                          f"({updated.exchange.status})", call=updated, key="update refused")
            return
        call, got = _read(runner, job_id)
        if got is not None:
            differing = _differences(changed, got)
            runner.record(READ_BACK.id, UPDATE, None if not differing else f"job {job_id} after updating params: "
                          f"{differing}", call=call, evidence={"differing": differing}, key="update differs")
        _update_everything(runner, job_id, sent)
    finally:
        _destroy(runner, job_id)


def _update_everything(runner: Runner, job_id: str, sent: dict[str, Any]) -> None:
    """Every field a job has changed at once (another type, its params with it) reads back."""
    changed = queue_summary_job(runner, sent)
    updated = runner.call(UPDATE, path={"id": job_id}, body=changed, expect="any")
    if not updated.accepted:  # another type with its own params: a server may refuse changing the type
        return
    call, got = _read(runner, job_id)
    if got is not None:
        differing = {k: v for k, v in _differences(changed, got).items()}
        if "time_zone" in changed and not _same(changed["time_zone"], got.get("time_zone")):
            differing["time_zone"] = {"sent": changed["time_zone"], "read": got.get("time_zone")}
        runner.record(READ_BACK.id, UPDATE, None if not differing else f"job {job_id} after updating every field: "
                      f"{differing}", call=call, evidence={"differing": differing}, key="full update differs")


def _destroy(runner: Runner, job_id: str) -> None:
    """Destroy the job; once destroyed it reads no more."""
    gone = runner.call(DESTROY, path={"id": job_id}, expect="any")
    runner.record(READ_BACK.id, DESTROY, None if gone.accepted else f"destroying job {job_id} was refused "
                  f"({gone.exchange.status})", call=gone, key="destroy refused")
    if gone.accepted:
        again = runner.call(GET, path={"id": job_id}, expect="any")
        runner.record(READ_BACK.id, GET, None if again.outcome in ("rejected", "unauthenticated") else
                      f"destroyed job {job_id} still answers {again.exchange.status}", call=again, key="still there")


STX_RULE = declare("PORTSIP-JOB-STX-ASCENDING",
                   "A SPEEDOFACCEPT job whose ten stx thresholds are not strictly ascending is refused and creates "
                   "nothing.",
                   spec=SPEC, location="StxThresholds x-pbx-strictly-ascending (PSD-025)", severity="major",
                   kind="invariant",
                   basis=vendor(cite(PORTSIP_DATAFLOW, 112, "must be in ascending order (ST1 < ST2")))


@recorded_by(STX_RULE, kind="invariants")
def stx_ascending(runner: Runner) -> None:
    _writes(runner)
    broken = [STX[1], STX[0], *STX[2:]]
    call = runner.call(CREATE, body=threshold_job(runner, "conformance stx order", broken), expect="reject")
    leaked = _created_id(call)
    runner.record(STX_RULE.id, CREATE, None if leaked is None and not call.accepted else
                  f"stx {broken} was accepted (job {leaked})", call=call, key="accepted")
    if leaked is not None:
        runner.call(DESTROY, path={"id": leaked})


# -- list options: filter and orderby have their effect (reads) -------------------------------------------------
PARTITION = declare("PORTSIP-JOBS-FILTER-PARTITION",
                    "A list filtered with `field eq value` and with `field ne value` (a value of a listed item) "
                    "holds the item and adds up to the unfiltered list.",
                    spec=SPEC, location="getReportList / listReportLog: filter (PSD-048)", severity="major",
                    kind="metamorphic", operations=LISTS, covers=("filter",),
                    basis=vendor(cite(PORTSIP_DATAFLOW, 104, "retrieve just a subset of a collection"), OPTIONS,
                                 cite(VENDOR_NOTES, NOTES, "eq ne gt ge lt le and or"),
                                 note="every item with a value is either equal to it or not"))
ORDERED = declare("PORTSIP-JOBS-ORDERBY-EFFECT",
                  "A list sorted on id or create_time descending lists the same items as ascending, in the reverse "
                  "order of their values.",
                  spec=SPEC, location="getReportList / listReportLog: orderby (PSD-048)", severity="major",
                  kind="metamorphic", operations=LISTS, covers=("orderby",),
                  basis=vendor(cite(PORTSIP_DATAFLOW, 104, "specify the sort order of the items"), OPTIONS))
PARTITION_FIELDS = ("type", "format")


def _listing(runner: Runner, operation: str, **query: Any) -> tuple[Any, list[dict[str, Any]] | None, int | None]:
    call = runner.call(operation, query={"top": 100, "count": True, **query},
                       expect="accept" if not query else "any")
    items, count = answer_field(call, "items"), answer_field(call, "count")
    if not isinstance(items, list):
        return call, None, None
    return call, [i for i in items if isinstance(i, dict)], count if isinstance(count, int) else None


@recorded_by(PARTITION)
def filter_partition(runner: Runner) -> None:
    tried = 0
    for operation in LISTS:
        _, items, whole = _listing(runner, operation)
        if not items or whole is None:
            continue
        for name in PARTITION_FIELDS:
            value = items[0].get(name)
            if not isinstance(value, str) or not value or "'" in value:
                continue
            equal_call, equal, equal_count = _listing(runner, operation, filter=f"{name} eq '{value}'")
            _, other, other_count = _listing(runner, operation, filter=f"{name} ne '{value}'")
            if equal is None or other is None or equal_count is None or other_count is None:
                continue
            tried += 1
            problems = odata.partition_problems(name, repr(value), whole, equal_count, other_count, equal, items[0])
            runner.record(PARTITION.id, operation, "; ".join(problems) or None, call=equal_call, key=f"{name} split",
                          evidence={"all": whole, "eq": equal_count, "ne": other_count})
    if not tried:
        raise ScenarioSkip("the lists are empty, or refuse filters on type and format")


@recorded_by(ORDERED)
def orderby_effect(runner: Runner) -> None:
    for operation in LISTS:
        for name in ("id", "create_time"):
            _, up, up_count = _listing(runner, operation, orderby=f"{name} asc")
            down_call, down, down_count = _listing(runner, operation, orderby=f"{name} desc")
            if up is None or down is None or up_count is None or up_count > 100 or not up:
                continue
            problems = []
            if {str(i.get("id")) for i in up} != {str(i.get("id")) for i in down}:
                problems.append(f"orderby {name} asc and desc list different items")
            ups = [v for v in (_ordered_value(i.get(name)) for i in up) if v is not None]
            downs = [v for v in (_ordered_value(i.get(name)) for i in down) if v is not None]
            if ups != sorted(ups) or downs != sorted(downs, reverse=True):
                problems.append(f"orderby {name}: ascending {ups[:4]}..., descending {downs[:4]}...")
            runner.record(ORDERED.id, operation, "; ".join(problems) or None, call=down_call, key=f"{name} order",
                          evidence={"count": down_count})
