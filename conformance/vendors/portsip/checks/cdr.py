"""PortSIP CDR API invariants (CDRs, call logs, call reports) and its cross-endpoint scenarios.

The vendor's words (seed 001, VENDOR-NOTES) give: a call's times in order, a session's talk time within the
call, list options (filter, orderby, top, skip, count) honoured, a record read by id as the list showed it, and
a call report that reads back, renames and is destroyed as created. The suite's own readings are advisories:
which duration a record carries (PSC-008; "for a session"), one call log per session, where a completed
report's file lives, how CDRs relate to call logs, and that a filter outside the grammar is refused rather than
answered empty. Which fields a server lets a filter or an orderby name is not documented either: only the
vendor notes' own examples (``caller``, ``started_at``) must be accepted. A time written ``null``, ``""`` or as
1970-01-01 (or the year 1) is an event that did not happen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any
from urllib.parse import unquote

from conformance import odata
from conformance.checkapi.basis import PORTSIP_CDR, VENDOR_NOTES, cite, suite, vendor
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Call, Runner, ScenarioSkip, scenario

SPEC = "portsip-cdr"
RECORD_OPS = ("listCDRs", "retrieveCDR", "listCallLogs", "retrieveCallLog")
CALL_LOG_OPS = ("listCallLogs", "retrieveCallLog")
LIST_OPS = ("listCDRs", "listCallLogs", "listCallReports", "listCompletedCallReports")
COMPLETED_OPS = ("listCompletedCallReports", "getCompletedCallReportDetails")
TIMES = ("started_at", "rang_at", "answered_at", "ended_at")
SLACK_SECONDS = 1  # servers may round sub-second times
UNSET_BEFORE = datetime(1970, 1, 2, tzinfo=UTC)  # epoch 0 and the year 1 stand for "never"
# List operation -> retrieve operation of the same items.
RETRIEVES = {
    "listCDRs": "retrieveCDR",
    "listCallLogs": "retrieveCallLog",
    "listCallReports": "getCallReportDetails",
    "listCompletedCallReports": "getCompletedCallReportDetails",
}
# List operation -> a text field to filter the collection on.
FILTER_FIELDS = {"listCDRs": "caller", "listCallLogs": "caller", "listCallReports": "name",
                 "listCompletedCallReports": "file_name"}
# Fields the vendor notes' own examples filter and sort on: a server must take them (others it may refuse).
EXAMPLE_FIELDS = frozenset({"caller", "started_at"})
SAMPLE = 3
NOTES = "§ PortSIP PBX REST API 22.x"
OPTIONS = cite(VENDOR_NOTES, NOTES, "query options are OData-like without `$`")
FILTER_GRAMMAR = cite(VENDOR_NOTES, NOTES, "`filter` (`caller eq '101' and started_at gt '2022-01-01T00:00:00Z'`")
ORDERBY = cite(VENDOR_NOTES, NOTES, "`orderby` (`started_at desc`)")


def records(body: Any) -> list[dict[str, Any]]:
    """The records of an answer: a list's items, a one-item collection (PSC-005) or the record itself."""
    if isinstance(body, dict) and isinstance(body.get("items"), list):
        return [i for i in body["items"] if isinstance(i, dict)]
    return [body] if isinstance(body, dict) else []


def _body(exchange: Exchange) -> Any:
    body = exchange.json_or_none()
    if body is None:
        raise CheckSkipped("no JSON body")
    return body


def moment(value: Any) -> datetime | None:
    """A record's time as an instant, or None when unset (absent, ``null``, ``""``, 1970-01-01 or the year 1)."""
    found = odata.instant(value)
    return None if found is None or found < UNSET_BEFORE else found


def _seconds(later: Any, earlier: Any) -> float | None:
    a, b = moment(later), moment(earlier)
    return None if a is None or b is None else (a - b).total_seconds()


@check("PORTSIP-CDR-TIMESTAMPS-ORDERED",
       "A CDR or call log's times never run backwards: started_at <= rang_at <= answered_at <= ended_at "
       "(unset ones left out).",
       spec=SPEC, location="Cdr / CallLog started_at, rang_at, answered_at, ended_at", severity="major",
       operations=RECORD_OPS,
       basis=vendor(cite(PORTSIP_CDR, 10, "The start time of the call."),
                    cite(PORTSIP_CDR, 10, "The ringing time of the call."),
                    cite(PORTSIP_CDR, 10, "The answer time of the call."),
                    cite(PORTSIP_CDR, 10, "The end time of the call."),
                    note="a call starts, rings, is answered and ends in that order"))
def timestamps_ordered(ctx: CheckContext, exchange: Exchange) -> None:
    for record in records(_body(exchange)):
        present = [(name, record.get(name)) for name in TIMES if moment(record.get(name)) is not None]
        for (before, early), (after, late) in pairwise(present):
            gap = _seconds(late, early)
            if gap is not None and gap < 0:
                raise CheckFailure(f"record {record.get('id')}: {after} {late} is before {before} {early}",
                                   key=f"{before}>{after}", evidence={"record": record})


TALK_OR_TOTAL = suite("the document calls duration the total talk time for a session: whether a record carries "
                      "its own talk time, its whole time (PSC-008) or its session's is open")


@check("PORTSIP-CDR-DURATION-CONSISTENT",
       "A call log's duration (its session's talk time) fits within the call; and, the suite's reading, a record's "
       "duration equals its talk time (ended_at - answered_at, 0 when unanswered) or its total time (ended_at - "
       "started_at), within a second.",
       spec=SPEC, location="Cdr / CallLog duration (PSC-008)", severity="major", operations=RECORD_OPS,
       basis=vendor(cite(PORTSIP_CDR, 26, "The total talk time for a session"),
                    cite(PORTSIP_CDR, 26, "The session ID of call log."),
                    note="a call log is a session: its talk time lies between its start and its end"))
def duration_consistent(ctx: CheckContext, exchange: Exchange) -> None:
    call_logs = ctx.operation.operation_id in CALL_LOG_OPS
    for record in records(_body(exchange)):
        duration, ended = record.get("duration"), record.get("ended_at")
        if not isinstance(duration, int) or isinstance(duration, bool) or moment(ended) is None:
            continue
        answered = record.get("answered_at")
        talk = 0.0 if moment(answered) is None else _seconds(ended, answered)
        total = _seconds(ended, record.get("started_at"))
        if call_logs and total is not None and duration > total + SLACK_SECONDS:
            raise CheckFailure(f"call log {record.get('id')}: duration {duration} s is longer than the call "
                               f"({total} s from started_at to ended_at)", key="longer than the call",
                               evidence={"record": record})
        readings = [r for r in (talk, total) if r is not None]
        if readings and all(abs(duration - r) > SLACK_SECONDS for r in readings):
            raise CheckFailure(
                f"record {record.get('id')}: duration {duration} is neither the talk time {talk} nor the total "
                f"time {total}", key="duration", evidence={"record": record}, basis=TALK_OR_TOTAL)


FILE_URL_NAMES = suite("file_url is a relative path for downloading (PSC-023); the document does not say it carries "
                       "the file's name")


@check("PORTSIP-CDR-COMPLETED-FILE-CONSISTENT",
       "A completed call report's file_size is not negative, and (the suite's reading) its file_url names its "
       "file_name.",
       spec=SPEC, location="CompletedCallReport file_name, file_size, file_url (PSC-023)", severity="minor",
       operations=COMPLETED_OPS, basis=vendor(cite(PORTSIP_CDR, 82, "The file size in bytes.")))
def completed_file_consistent(ctx: CheckContext, exchange: Exchange) -> None:
    for report in records(_body(exchange)):
        size, name, url = report.get("file_size"), report.get("file_name"), report.get("file_url")
        if isinstance(size, int | float) and not isinstance(size, bool) and size < 0:
            raise CheckFailure(f"completed report {report.get('id')}: file_size {size} is negative",
                               key="size", evidence={"report": report})
        if isinstance(name, str) and name and isinstance(url, str) and url and name not in unquote(url):
            raise CheckFailure(f"completed report {report.get('id')}: file_url {url!r} does not name {name!r}",
                               key="url", evidence={"report": report}, basis=FILE_URL_NAMES)


def _count_asked(ctx: CheckContext) -> bool:
    return ctx.query.get("count") in (True, "true")


@check("PORTSIP-CDR-COUNT-WHEN-ASKED", "A list asked for count=true answers with an integer count.",
       spec=SPEC, location="parameters/Count; collection answers {count, items}", severity="minor",
       operations=LIST_OPS, applies=_count_asked,
       basis=vendor(cite(VENDOR_NOTES, NOTES, "Collections: `{count, items[]}`"),
                    cite(VENDOR_NOTES, NOTES, "`top` 1–100 (default 100), `skip` ≥ 0, `count=true`")))
def count_when_asked(ctx: CheckContext, exchange: Exchange) -> None:
    body = _body(exchange)
    count = body.get("count") if isinstance(body, dict) else None
    if not isinstance(count, int) or isinstance(count, bool):
        raise CheckFailure(f"count=true was asked, the answer's count is {count!r}", key="no count")


def _has(name: str) -> Any:
    return lambda ctx: isinstance(ctx.query.get(name), str) and bool(ctx.query[name].strip())


@check("PORTSIP-CDR-FILTER-HONOURED",
       "Every item of a filtered list satisfies the filter (clauses every server reads alike: numbers, "
       "instants, null tests, text that differs even ignoring case).",
       spec=SPEC, location="parameters/*Filter (OData-like filter)", severity="critical", operations=LIST_OPS,
       applies=_has("filter"), covers=("filter",),
       basis=vendor(FILTER_GRAMMAR, OPTIONS,
                    cite(PORTSIP_CDR, 42, "retrieve just a subset of a collection")))
def filter_honoured(ctx: CheckContext, exchange: Exchange) -> None:
    try:
        node = odata.parse_filter(ctx.query["filter"])
    except odata.Unreadable as exc:
        raise CheckSkipped(f"filter outside the judged grammar: {exc}") from None
    for item in records(_body(exchange)):
        if odata.judge(node, item) is False:
            raise CheckFailure(f"item {item.get('id')} does not satisfy the filter {ctx.query['filter']!r}",
                               key="unfiltered", evidence={"filter": ctx.query["filter"], "item": item})


@check("PORTSIP-CDR-ORDERBY-HONOURED",
       "The items of a sorted list follow orderby (judged on numbers and instants; text collation varies).",
       spec=SPEC, location="parameters/*Orderby", severity="major", operations=LIST_OPS, applies=_has("orderby"),
       covers=("orderby",),
       basis=vendor(ORDERBY, OPTIONS,
                    cite(PORTSIP_CDR, 42, "specify the sort order of the items")))
def orderby_honoured(ctx: CheckContext, exchange: Exchange) -> None:
    try:
        keys = odata.parse_orderby(ctx.query["orderby"])
    except odata.Unreadable as exc:
        raise CheckSkipped(str(exc)) from None
    items = records(_body(exchange))
    for first, second in pairwise(items):
        if odata.in_order(first, second, keys) is False:
            raise CheckFailure(f"item {second.get('id')} should come before item {first.get('id')} "
                               f"under orderby {ctx.query['orderby']!r}", key="order",
                               evidence={"orderby": ctx.query["orderby"], "items": [first, second]})


@check("PORTSIP-CDR-CALLLOG-ONE-PER-SESSION",
       "A call log answer lists each call once: no two entries share a session_id.",
       spec=SPEC, location="CallLog session_id (a call as a whole)", severity="major", operations=("listCallLogs",),
       basis=suite("the document gives a call log a session id but does not say a session has a single call log"))
def one_log_per_session(ctx: CheckContext, exchange: Exchange) -> None:
    seen: dict[Any, Any] = {}
    for entry in records(_body(exchange)):
        session = entry.get("session_id")
        if session is None or session == "":
            continue
        if session in seen:
            raise CheckFailure(f"entries {seen[session]} and {entry.get('id')} share session_id {session}",
                               key="shared session", evidence={"session_id": session})
        seen[session] = entry.get("id")


# -- scenarios -----------------------------------------------------------------------------------------------

def _accepted_records(call: Call) -> list[dict[str, Any]]:
    """The records of an accepted answer (none when refused)."""
    return records(call.json()) if call.accepted else []


def _expect(*fields: str) -> Any:
    """A list request must be accepted when it filters and sorts only on the vendor notes' example fields."""
    return "accept" if set(fields) <= EXAMPLE_FIELDS else "any"


def _items(runner: Runner, op_id: str, **query: Any) -> list[dict[str, Any]]:
    ordered = [str(query["orderby"]).split()[0]] if "orderby" in query else []
    return _accepted_records(runner.call(op_id, query=query, expect=_expect(*ordered)))


def _first_literal(runner: Runner, list_op: str, name: str, **query: Any,
                   ) -> tuple[dict[str, Any] | None, str | None]:
    """A list's first item and its ``name`` value as a filter literal (None when the list is empty or the
    value is not plain text)."""
    first = _items(runner, list_op, top=1, **query)
    return (first[0], _quoted(first[0].get(name))) if first else (None, None)


def _unset(value: Any) -> bool:
    return value is None or value == ""


def _same(a: Any, b: Any) -> bool:
    """Equal values, the same instant written in two offsets, or two spellings of an unset value."""
    if a == b or (_unset(a) and _unset(b)):
        return True
    moments = odata.instant(a), odata.instant(b)
    return None not in moments and moments[0] == moments[1]


def _differences(listed: Mapping[str, Any], detail: Mapping[str, Any]) -> dict[str, Any]:
    return {k: [v, detail[k]] for k, v in listed.items() if k in detail and not _same(v, detail[k])}


RETRIEVE = declare(
    "PORTSIP-CDR-RETRIEVE-MATCHES-LIST",
    "A listed CDR, call log, call report or completed report read by its id shows the values the list showed.",
    spec=SPEC, location="list and retrieve operations (PSC-005, PSC-006)", severity="major", kind="metamorphic",
    operations=tuple(RETRIEVES.values()), covers=("id",),
    basis=vendor(cite(PORTSIP_CDR, 15, "Retrieve details of CDR."),
                 cite(PORTSIP_CDR, 31, "Retrieve details of call log."),
                 cite(PORTSIP_CDR, 55, "details of call report by"),
                 cite(PORTSIP_CDR, 87, "details of completed call report by")))


@scenario("PORTSIP-CDR-RETRIEVE-MATCHES-LIST", spec=SPEC, kind="metamorphic",
          statement="A few listed CDRs, call logs, call reports and completed reports, read by id, show the "
                    "values the list showed.",
          checks=(RETRIEVE.id,))
def retrieve_matches_list(runner: Runner) -> None:
    compared = 0
    for list_op, get_op in RETRIEVES.items():
        for listed in _items(runner, list_op, top=SAMPLE, skip=0, count=True)[:SAMPLE]:
            if _unset(listed.get("id")):
                continue
            call = runner.call(get_op, path={"id": str(listed["id"])})
            found = _accepted_records(call)
            if not found:
                runner.record(RETRIEVE.id, get_op, f"listed id {listed['id']} cannot be read ({call.exchange.status})",
                              call=call, key="unreadable")
                continue
            differing = _differences(listed, found[0])
            compared += 1
            runner.record(RETRIEVE.id, get_op,
                          None if not differing else f"id {listed['id']}: list and detail differ in "
                          f"{', '.join(sorted(differing))}", call=call, key="differs",
                          evidence={"differing": differing})
    if not compared:
        raise ScenarioSkip("the lists are empty")


KEEPS = declare("PORTSIP-CDR-FILTER-KEEPS-MATCHES",
                "Filtering a list on a field value of its first item keeps that item first.",
                spec=SPEC, location="parameters/*Filter", severity="major", kind="metamorphic", operations=LIST_OPS,
                covers=("filter", "orderby"),
                basis=vendor(FILTER_GRAMMAR, ORDERBY))
SPANS = declare("PORTSIP-CDR-CALLLOG-SPANS-CDRS",
                "The CDRs that carry a call log's call_id lie within the call log's started_at..ended_at.",
                spec=SPEC, location="CallLog / Cdr call_id, started_at, ended_at", severity="major", kind="metamorphic",
                operations=("listCallLogs", "listCDRs"),
                basis=suite("the document does not relate call logs to CDRs: that a call log's call_id names its "
                            "CDRs, and that they lie within its times, are the suite's reading"))


def _quoted(value: Any) -> str | None:
    """``value`` as a filter text literal, or None when it is not plain text."""
    return f"'{value}'" if isinstance(value, str) and value and "'" not in value else None


def _utc(moment_: datetime) -> str:
    """An instant as the vendor notes' example writes one (``2022-01-01T00:00:00Z``)."""
    return moment_.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@scenario("PORTSIP-CDR-FILTERED-LISTS", spec=SPEC, kind="invariants",
          statement="CDRs and call logs filtered on the fixtures' window, and every list filtered on a value of "
                    "its first item, list only matching items.",
          checks=("PORTSIP-CDR-FILTER-HONOURED",))
def filtered_lists(runner: Runner) -> None:
    tried = 0
    bounds: tuple[datetime, datetime] | None
    try:
        bounds = runner.window()
    except ScenarioSkip:
        bounds = None
    if bounds is not None:
        start, end = bounds
        window = f"started_at ge '{_utc(start)}' and started_at lt '{_utc(end)}'"
        for list_op in ("listCDRs", "listCallLogs"):
            runner.call(list_op, query={"filter": window, "count": True})
            tried += 1
    for list_op, name in FILTER_FIELDS.items():
        _first, literal = _first_literal(runner, list_op, name)
        if literal is not None:
            runner.call(list_op, query={"filter": f"{name} eq {literal}", "top": 100}, expect=_expect(name))
            tried += 1
    if not tried:
        raise ScenarioSkip("no window and empty lists")


@scenario("PORTSIP-CDR-FILTERS", spec=SPEC, kind="metamorphic",
          statement="Each list filtered on its first item's own value keeps that item first.",
          checks=(KEEPS.id,))
def filters(runner: Runner) -> None:
    tried = 0
    for list_op, name in FILTER_FIELDS.items():
        first, literal = _first_literal(runner, list_op, name, orderby="id")
        if first is None or literal is None:
            continue
        call = runner.call(list_op, query={"filter": f"{name} eq {literal}", "orderby": "id", "top": 100},
                           expect="any")
        if not call.accepted:  # a server may not filter or sort on these fields
            continue
        tried += 1
        kept = _accepted_records(call)
        runner.record(KEEPS.id, list_op,
                      None if kept and kept[0].get("id") == first.get("id") else
                      f"filtering on {name} eq {literal} does not list item {first.get('id')} first",
                      call=call, key="lost")
    if not tried:
        raise ScenarioSkip("the lists are empty, or the target filters and sorts on other fields")


# A targeted refusal the invariants phase probes (kind "invariant": the phase that evaluates it).
SYNTAX = declare("PORTSIP-CDR-FILTER-SYNTAX-REFUSED", "A filter expression that does not parse is refused with a 4XX.",
                 spec=SPEC, location="parameters/*Filter pattern", severity="major", kind="invariant",
                 operations=LIST_OPS,
                 basis=suite("the vendor notes give the filter grammar, not what a server does with text outside it "
                             "(an empty page is another reading; a 5XX fails GEN-NO-SERVER-ERROR)"))


@scenario("PORTSIP-CDR-FILTER-SYNTAX", spec=SPEC, kind="invariants",
          statement="Each list refuses a filter cut off after its operator.",
          checks=(SYNTAX.id,))
def filter_syntax(runner: Runner) -> None:
    for list_op, name in FILTER_FIELDS.items():
        call = runner.call(list_op, query={"filter": f"{name} eq"}, expect="reject")
        runner.record(SYNTAX.id, list_op,
                      None if call.outcome in ("rejected", "unauthenticated") else
                      f"filter {name!r} eq (no value) answered {call.exchange.status} ({call.outcome})",
                      call=call, key=call.outcome)


@scenario("PORTSIP-CDR-CALLLOG-CDRS", spec=SPEC, kind="metamorphic",
          statement="The CDRs found by a call log's call_id lie within the call log's time span.",
          checks=(SPANS.id,))
def call_log_spans_cdrs(runner: Runner) -> None:
    logs = [log for log in _items(runner, "listCallLogs", top=SAMPLE) if _quoted(log.get("call_id"))]
    if not logs:
        raise ScenarioSkip("no call log with a call_id")
    for log in logs:
        call = runner.call("listCDRs", query={"filter": f"call_id eq {_quoted(log['call_id'])}"}, expect="any")
        if not call.accepted:
            continue
        outside = [cdr.get("id") for cdr in _accepted_records(call)
                   if cdr.get("call_id") == log["call_id"] and not _within(cdr, log)]
        runner.record(SPANS.id, "listCDRs",
                      None if not outside else f"CDRs {outside} of call log {log.get('id')} lie outside its "
                      f"{log.get('started_at')}..{log.get('ended_at')}", call=call, key="outside",
                      evidence={"call_log": log})


def _within(cdr: Mapping[str, Any], log: Mapping[str, Any]) -> bool:
    """Whether a CDR's start and end fall inside the call log's span (unknown bounds do not count)."""
    after_start = _seconds(cdr.get("started_at"), log.get("started_at"))
    before_end = _seconds(log.get("ended_at"), cdr.get("ended_at"))
    return all(gap is None or gap >= -SLACK_SECONDS for gap in (after_start, before_end))


# -- a call report's life (writes: --allow-writes) --------------------------------------------------------------
CREATE, GET, UPDATE, DESTROY = "createCallReport", "getCallReportDetails", "updateCallReport", "deleteCallReport"
REPORT_LIFE = declare(
    "PORTSIP-CDR-REPORT-READ-BACK",
    "A call report created without references (a NORMAL report over any calls) is accepted, reads back with what it "
    "was created with, shows a new name after an update and can no longer be read once destroyed.",
    spec=SPEC, location="createCallReport / updateCallReport / deleteCallReport vs getCallReportDetails",
    severity="major", kind="metamorphic", operations=(CREATE, GET, UPDATE, DESTROY),
    covers=("name", "type", "email", "format", "range", "cron_expr", "filter", "id"),
    basis=vendor(cite(PORTSIP_CDR, 47, "Create new call report"),
                 cite(PORTSIP_CDR, 55, "details of call report by"),
                 cite(PORTSIP_CDR, 63, "Update call report properties."),
                 cite(PORTSIP_CDR, 71, "Destroy call report by it's unique ID.")))
REPORT = {"name": "conformance read-back", "type": "NORMAL", "email": "reports@example.com", "format": "CSV",
          "range": "YESTERDAY", "cron_expr": "0 1 * * *",
          "filter": {"from": "ANY", "to": "ANY", "answer_state": "ANY", "duration": "ANY"}}


def _report(runner: Runner, report_id: str) -> tuple[Call, dict[str, Any] | None]:
    call = runner.call(GET, path={"id": report_id})
    body = call.json() if call.accepted else None
    return call, body if isinstance(body, dict) else None


def _report_differences(sent: Mapping[str, Any], got: Mapping[str, Any]) -> dict[str, Any]:
    """What reads back otherwise than sent; in ``filter`` only members both show count (a server may leave out
    members it takes as defaults, such as ANY)."""
    differing = {}
    for key, value in sent.items():
        read = got.get(key)
        if isinstance(value, dict) and isinstance(read, dict):
            value = {k: v for k, v in value.items() if k in read}
            read = {k: v for k, v in read.items() if k in value}
        if not _same(value, read):
            differing[key] = {"sent": value, "read": read}
    return differing


@scenario(REPORT_LIFE.id, spec=SPEC, kind="metamorphic", statement=REPORT_LIFE.statement, checks=(REPORT_LIFE.id,))
def report_read_back(runner: Runner) -> None:
    if not runner.allow_writes:
        raise ScenarioSkip("read-only run (give --allow-writes to create call reports)")
    created = runner.call(CREATE, body=dict(REPORT))
    body = created.json() if created.accepted else None
    report_id = body.get("id") if isinstance(body, dict) else None
    if _unset(report_id):
        runner.record(REPORT_LIFE.id, CREATE, f"a NORMAL report over any calls was not created "
                      f"({created.exchange.status}, {created.outcome})", call=created, key="not created")
        return
    runner.record(REPORT_LIFE.id, CREATE, None, call=created)
    report_id = str(report_id)
    destroyed = False
    try:
        call, got = _report(runner, report_id)
        differing = _report_differences(REPORT, got) if got is not None else {"read": "refused"}
        runner.record(REPORT_LIFE.id, GET, None if not differing else f"report {report_id} reads back differently: "
                      f"{differing}", call=call, key="create differs", evidence={"differing": differing})
        renamed = {"name": f"{REPORT['name']} (renamed)"}
        updated = runner.call(UPDATE, path={"id": report_id}, body=renamed)
        if not updated.accepted:
            runner.record(REPORT_LIFE.id, UPDATE, f"renaming report {report_id} was refused "
                          f"({updated.exchange.status})", call=updated, key="update refused")
        else:
            call, got = _report(runner, report_id)
            name = got.get("name") if got is not None else None
            runner.record(REPORT_LIFE.id, UPDATE, None if name == renamed["name"] else
                          f"report {report_id} is named {name!r} after renaming it {renamed['name']!r}", call=call,
                          key="update ignored")
        gone = runner.call(DESTROY, path={"id": report_id})
        destroyed = gone.accepted
        runner.record(REPORT_LIFE.id, DESTROY, None if destroyed else f"destroying report {report_id} was refused "
                      f"({gone.exchange.status})", call=gone, key="destroy refused")
        if destroyed:
            again = runner.call(GET, path={"id": report_id}, expect="any")
            runner.record(REPORT_LIFE.id, GET, None if again.outcome in ("rejected", "unauthenticated") else
                          f"destroyed report {report_id} still answers {again.exchange.status}", call=again,
                          key="still there")
    finally:
        if not destroyed:
            runner.call(DESTROY, path={"id": report_id}, expect="any")
