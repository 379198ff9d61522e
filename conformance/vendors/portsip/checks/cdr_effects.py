"""PortSIP CDR API: each list option and each call-report field has its effect (issue 10).

- filter: ``field eq value`` and ``field ne value`` split a list into two parts that add up to it (the vendor notes
  give eq and ne; every item with a value is equal to it or not);
- orderby: a list sorted descending holds the same values as ascending, in reverse, and its first item is at
  least every item of the ascending page (the extremes of one collection);
- top and skip: two pages of k items are one page of 2k;
- search: a search restricts a list to the items that match it: an item in which the searched text appears
  nowhere does not match it (which fields a search reads is the server's: finding a report by its name is the
  suite's reading);
- a call report built from the fixtures (a CUSTOM range over the fixture window, the fixture queues) reads back
  as created, then with every field changed, and reads no more once destroyed.

Deleting by an id no resource has is never tried: on a server that ignored the id it would delete something the
suite did not create.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from conformance import odata
from conformance.checkapi.basis import PORTSIP_CDR, VENDOR_NOTES, cite, suite, vendor
from conformance.checkapi.registry import declare
from conformance.checkapi.scenarios import Call, Runner, ScenarioSkip, scenario
from conformance.vendors.portsip.checks.cdr import (
    EXAMPLE_FIELDS,
    FILTER_FIELDS,
    FILTER_GRAMMAR,
    LIST_OPS,
    NOTES,
    OPTIONS,
    ORDERBY,
    SPEC,
    _accepted_records,
    _quoted,
    _report_differences,
    _same,
    _unset,
)

SEARCHED = ("listCallReports", "listCompletedCallReports")
# List operation -> a field to sort on whose order every server agrees on (instants), else a text field.
ORDER_FIELDS = {"listCDRs": "started_at", "listCallLogs": "started_at", "listCallReports": "name",
                "listCompletedCallReports": "completed_at"}
PAGE = 5
NOWHERE = "zq-pbx-conformance-nowhere"
CREATE, GET, UPDATE, DESTROY = "createCallReport", "getCallReportDetails", "updateCallReport", "deleteCallReport"
DELETE_COMPLETED, LIST_COMPLETED = "deleteCompletedCallReport", "listCompletedCallReports"
PAGING = cite(VENDOR_NOTES, NOTES, "`top` 1–100 (default 100), `skip` ≥ 0, `count=true`")
SEARCH = cite(PORTSIP_CDR, 42, "restrict the results of a request to match a search criterion")

PARTITION = declare(
    "PORTSIP-CDR-FILTER-PARTITION",
    "A list filtered with `field eq value` (a value of its first item) holds that item, and with `field ne value` "
    "adds up to the unfiltered list.",
    spec=SPEC, location="parameters/*Filter (eq, ne)", severity="major", kind="metamorphic", operations=LIST_OPS,
    covers=("filter",),
    basis=vendor(FILTER_GRAMMAR, cite(VENDOR_NOTES, NOTES, "eq ne gt ge lt le and or"),
                 note="every item with a value is either equal to it or not"))
ORDER = declare(
    "PORTSIP-CDR-ORDERBY-EFFECT",
    "A list sorted descending starts with an item at least every item of the ascending page, and, when one page "
    "holds the list, lists its values in the reverse order of the ascending one.",
    spec=SPEC, location="parameters/*Orderby (asc, desc)", severity="major", kind="metamorphic", operations=LIST_OPS,
    covers=("orderby",), basis=vendor(ORDERBY, OPTIONS, cite(PORTSIP_CDR, 42, "specify the sort order of the items")))
PAGES = declare(
    "PORTSIP-CDR-PAGES-CONSISTENT",
    "Two pages of 5 items (skip 0 and 5) are the one page of 10 items, in the same order.",
    spec=SPEC, location="parameters/*Skip, *Top", severity="major", kind="metamorphic", operations=LIST_OPS,
    covers=("skip", "top"),
    basis=vendor(PAGING, cite(PORTSIP_CDR, 42, "the number of items to skip at the start of a collection")))
SEARCH_RESTRICTS = declare(
    "PORTSIP-CDR-SEARCH-RESTRICTS",
    "Every item a search answers contains the searched text somewhere (a text found nowhere selects nothing), and "
    "(the suite's reading) a search for a listed report's name finds it.",
    spec=SPEC, location="listCallReports / listCompletedCallReports: search", severity="major", kind="metamorphic",
    operations=SEARCHED, covers=("search",),
    basis=vendor(SEARCH, note="an item in which the searched text appears nowhere does not match it"))
BY_NAME = suite("the document does not say which fields a search reads (a name is the suite's guess)")
LIFE = declare(
    "PORTSIP-CDR-REPORT-FIXTURES-READ-BACK",
    "A queue call report over the fixture window and queues (a CUSTOM range) reads back as created, then with every "
    "field changed (name, email, format, range and bounds, schedule, filter), and reads no more once destroyed.",
    spec=SPEC, location="createCallReport / updateCallReport / deleteCallReport vs getCallReportDetails",
    severity="major", kind="metamorphic", operations=(CREATE, GET, UPDATE, DESTROY),
    covers=("name", "type", "email", "format", "range", "started_at", "ended_at", "cron_expr", "filter", "id"),
    basis=vendor(cite(PORTSIP_CDR, 47, "Create new call report"), cite(PORTSIP_CDR, 55, "details of call report by"),
                 cite(PORTSIP_CDR, 63, "Update call report properties."),
                 cite(PORTSIP_CDR, 71, "Destroy call report by it's unique ID.")))


def _expect(*fields: str) -> Any:
    return "accept" if set(fields) <= EXAMPLE_FIELDS else "any"


def _list(runner: Runner, operation: str, *fields: str, **query: Any) -> tuple[Call, list[dict[str, Any]] | None,
                                                                              int | None]:
    call = runner.call(operation, query={"count": True, **query}, expect=_expect(*fields))
    count = call.json().get("count") if call.accepted and isinstance(call.json(), dict) else None
    if not call.accepted:
        return call, None, None
    return call, _accepted_records(call), count if isinstance(count, int) and not isinstance(count, bool) else None


@scenario(PARTITION.id, spec=SPEC, kind="metamorphic", statement=PARTITION.statement, checks=(PARTITION.id,))
def filter_partition(runner: Runner) -> None:
    tried = 0
    for operation, name in FILTER_FIELDS.items():
        _, items, whole = _list(runner, operation, top=1)
        literal = _quoted(items[0].get(name)) if items else None
        if items is None or whole is None or literal is None:
            continue
        equal_call, equal, equal_count = _list(runner, operation, name, filter=f"{name} eq {literal}", top=100)
        _, _other, other_count = _list(runner, operation, name, filter=f"{name} ne {literal}", top=1)
        if equal is None or equal_count is None or other_count is None:
            continue
        tried += 1
        problems = odata.partition_problems(name, literal, whole, equal_count, other_count, equal, items[0])
        runner.record(PARTITION.id, operation, "; ".join(problems) or None, call=equal_call, key=f"{name} split",
                      evidence={"all": whole, "eq": equal_count, "ne": other_count})
    if not tried:
        raise ScenarioSkip("the lists are empty, or refuse these filters")


def _sort_key(value: Any) -> Any:
    kind, key = odata.sort_key(value)
    return (kind, key)


@scenario(ORDER.id, spec=SPEC, kind="metamorphic", statement=ORDER.statement, checks=(ORDER.id,))
def orderby_effect(runner: Runner) -> None:
    for operation, name in ORDER_FIELDS.items():
        _, up, up_count = _list(runner, operation, name, orderby=f"{name} asc", top=100)
        down_call, down, _ = _list(runner, operation, name, orderby=f"{name} desc", top=100)
        if not up or not down or up_count is None:
            continue
        ups = [i.get(name) for i in up if not _unset(i.get(name))]
        downs = [i.get(name) for i in down if not _unset(i.get(name))]
        problems = []
        kinds = {odata.sort_key(v)[0] for v in ups + downs}
        one_order = ups and downs and len(kinds) == 1 and kinds <= {1, 2, 3}  # numbers, booleans, instants
        if one_order and _sort_key(downs[0]) < max(_sort_key(v) for v in ups):
            problems.append(f"desc starts with {downs[0]!r}, the ascending page holds {max(ups, key=_sort_key)!r}")
        if up_count <= 100 and not all(_same(a, b) for a, b in zip(ups, reversed(downs), strict=False)):
            problems.append(f"{name} desc does not reverse {name} asc: {ups[:3]}... vs {downs[:3]}...")
        if up_count <= 100 and len(ups) != len(downs):
            problems.append(f"{name} asc and desc list {len(ups)} and {len(downs)} values")
        runner.record(ORDER.id, operation, "; ".join(problems) or None, call=down_call, key=f"{name} order",
                      evidence={"count": up_count})


@scenario(PAGES.id, spec=SPEC, kind="metamorphic", statement=PAGES.statement, checks=(PAGES.id,))
def pages_consistent(runner: Runner) -> None:
    for operation in LIST_OPS:
        whole_call, whole, _ = _list(runner, operation, top=2 * PAGE, skip=0)
        _, first, _ = _list(runner, operation, top=PAGE, skip=0)
        _, second, _ = _list(runner, operation, top=PAGE, skip=PAGE)
        if whole is None or first is None or second is None:
            continue
        ids = [[str(i.get("id")) for i in page] for page in (whole, first, second)]
        runner.record(PAGES.id, operation, None if ids[1] + ids[2] == ids[0] else
                      f"pages of {PAGE} ({ids[1]} + {ids[2]}) are not the page of {2 * PAGE} ({ids[0]})",
                      call=whole_call, key="pages", evidence={"pages": ids})


def _texts(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [] if value is None else [str(value)]


def _contains(item: Mapping[str, Any], text: str) -> bool:
    return any(text.lower() in t.lower() for t in _texts(item))


@scenario(SEARCH_RESTRICTS.id, spec=SPEC, kind="metamorphic", statement=SEARCH_RESTRICTS.statement,
          checks=(SEARCH_RESTRICTS.id,))
def search_restricts(runner: Runner) -> None:
    for operation in SEARCHED:
        call, found, _ = _list(runner, operation, "search", search=NOWHERE, top=100)
        if found is not None:
            strays = [i.get("id") for i in found if not _contains(i, NOWHERE)]
            runner.record(SEARCH_RESTRICTS.id, operation, None if not strays else
                          f"search {NOWHERE!r} answers items {strays[:5]} that do not contain it", call=call,
                          key="unmatched items")
        _, listed, whole = _list(runner, operation, top=1)
        first = listed[0] if listed else {}
        name = first.get("name")
        if not isinstance(name, str) or not name or whole is None:
            continue
        call, found, count = _list(runner, operation, "search", search=name, top=100)
        if found is None or count is None:
            continue
        problem, basis = None, None
        if count > whole:
            problem = f"search {name!r} gives {count} items, more than the {whole} listed"
        elif count <= 100 and first.get("id") not in {i.get("id") for i in found}:
            problem, basis = f"search {name!r} does not find item {first.get('id')} of that name", BY_NAME
        runner.record(SEARCH_RESTRICTS.id, operation, problem, call=call, key="by name", basis=basis)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fixture_report(runner: Runner) -> dict[str, Any]:
    """A QUEUE_PERFORMANCE report of the fixture queues over the fixture window (a CUSTOM range)."""
    start, end = runner.window()
    return {"name": "conformance queue report", "type": "QUEUE_PERFORMANCE", "email": "reports@example.com",
            "format": "CSV", "range": "CUSTOM", "started_at": _utc(start), "ended_at": _utc(end),
            "cron_expr": "0 1 * * *",
            "filter": {"enable_exclude_calls_dropped_before_seconds": False,
                       "call_queues": [str(q) for q in runner.ids("queues")[:2]]}}


def changed_report(runner: Runner, sent: dict[str, Any]) -> dict[str, Any]:
    """Every field an update takes, changed: the window's second half, another format, schedule and queues."""
    start, end = runner.window()
    queues = [str(q) for q in runner.ids("queues")]
    return {"name": f"{sent['name']} (updated)", "email": "lead@example.com", "format": "HTML", "range": "CUSTOM",
            "started_at": _utc(start + (end - start) / 2), "ended_at": _utc(end + timedelta(days=1)),
            "cron_expr": "30 2 * * 1",
            "filter": {"enable_exclude_calls_dropped_before_seconds": True, "exclude_calls_dropped_before_seconds": 5,
                       "call_queues": queues[-1:]}}


def _read(runner: Runner, report_id: str) -> tuple[Call, dict[str, Any] | None]:
    call = runner.call(GET, path={"id": report_id})
    body = call.json() if call.accepted else None
    return call, body if isinstance(body, dict) else None


@scenario(LIFE.id, spec=SPEC, kind="metamorphic", statement=LIFE.statement, checks=(LIFE.id,))
def report_from_fixtures(runner: Runner) -> None:
    if not runner.allow_writes:
        raise ScenarioSkip("read-only run (give --allow-writes to create call reports)")
    sent = fixture_report(runner)
    created = runner.call(CREATE, body=sent)
    body = created.json() if created.accepted else None
    report_id = body.get("id") if isinstance(body, dict) else None
    runner.record(LIFE.id, CREATE, None if not _unset(report_id) else f"a queue report over the fixture queues was "
                  f"not created ({created.exchange.status}, {created.outcome})", call=created, key="not created")
    if _unset(report_id):
        return
    report_id = str(report_id)
    try:
        call, got = _read(runner, report_id)
        differing = _report_differences(sent, got) if got is not None else {"read": "refused"}
        runner.record(LIFE.id, GET, None if not differing else f"report {report_id} reads back differently: "
                      f"{differing}", call=call, key="create differs", evidence={"differing": differing})
        changed = changed_report(runner, sent)
        updated = runner.call(UPDATE, path={"id": report_id}, body=changed)
        if not updated.accepted:
            runner.record(LIFE.id, UPDATE, f"updating report {report_id} with fixture values was refused "
                          f"({updated.exchange.status})", call=updated, key="update refused")
        else:
            call, got = _read(runner, report_id)
            differing = _report_differences(changed, got) if got is not None else {"read": "refused"}
            runner.record(LIFE.id, UPDATE, None if not differing else f"report {report_id} after the update: "
                          f"{differing}", call=call, key="update differs", evidence={"differing": differing})
    finally:
        gone = runner.call(DESTROY, path={"id": report_id}, expect="any")
        runner.record(LIFE.id, DESTROY, None if gone.accepted else f"destroying report {report_id} was refused "
                      f"({gone.exchange.status})", call=gone, key="destroy refused")
        if gone.accepted:
            again = runner.call(GET, path={"id": report_id}, expect="any")
            runner.record(LIFE.id, GET, None if again.outcome in ("rejected", "unauthenticated") else
                          f"destroyed report {report_id} still answers {again.exchange.status}", call=again,
                          key="still there")



LOGS_VS_CDRS = declare(
    "PORTSIP-CDR-CALLLOGS-VS-CDRS",
    "Over the fixture window, there are no more call logs than CDRs, and no more answered call logs than answered "
    "CDRs (a call has at least one leg, an answered call an answered one).",
    spec=SPEC, location="listCallLogs vs listCDRs (started_at, answered_at)", severity="minor", kind="metamorphic",
    operations=("listCallLogs",),
    basis=suite("the document does not relate call logs to CDRs: that every call log has CDRs in the same window "
                "(a leg may start after the window's end) is the suite's reading"))


def _window_count(runner: Runner, operation: str, start: datetime, end: datetime, answered: bool) -> int | None:
    clause = f"started_at ge '{_utc(start)}' and started_at lt '{_utc(end)}'"
    if answered:
        clause += " and answered_at ne null"
    _, _, count = _list(runner, operation, *(["started_at"] if not answered else ["started_at", "answered_at"]),
                        filter=clause, top=1)
    return count


@scenario(LOGS_VS_CDRS.id, spec=SPEC, kind="metamorphic", statement=LOGS_VS_CDRS.statement, checks=(LOGS_VS_CDRS.id,))
def call_logs_vs_cdrs(runner: Runner) -> None:
    start, end = runner.window()
    for answered in (False, True):
        logs = _window_count(runner, "listCallLogs", start, end, answered)
        cdrs = _window_count(runner, "listCDRs", start, end, answered)
        if logs is None or cdrs is None:
            continue
        what = "answered call logs" if answered else "call logs"
        runner.record(LOGS_VS_CDRS.id, "listCallLogs", None if logs <= cdrs else
                      f"{logs} {what} but {cdrs} {'answered ' if answered else ''}CDRs in the window",
                      key=what, evidence={"call_logs": logs, "cdrs": cdrs})
