"""PortSIP CDR API invariants (CDRs, call logs, call reports) and its cross-endpoint scenarios."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from itertools import pairwise
from typing import Any
from urllib.parse import unquote

from conformance import odata
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Call, Runner, ScenarioSkip, scenario

SPEC = "portsip-cdr"
RECORD_OPS = ("listCDRs", "retrieveCDR", "listCallLogs", "retrieveCallLog")
LIST_OPS = ("listCDRs", "listCallLogs", "listCallReports", "listCompletedCallReports")
COMPLETED_OPS = ("listCompletedCallReports", "getCompletedCallReportDetails")
TIMES = ("started_at", "rang_at", "answered_at", "ended_at")
SLACK_SECONDS = 1  # servers may round sub-second times
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
SAMPLE = 3


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


def _seconds(later: Any, earlier: Any) -> float | None:
    a, b = odata.instant(later), odata.instant(earlier)
    return None if a is None or b is None else (a - b).total_seconds()


@check("PORTSIP-CDR-TIMESTAMPS-ORDERED",
       "A CDR or call log's times never run backwards: started_at <= rang_at <= answered_at <= ended_at "
       "(blank ones left out).",
       spec=SPEC, location="Cdr / CallLog started_at, rang_at, answered_at, ended_at", severity="major",
       operations=RECORD_OPS)
def timestamps_ordered(ctx: CheckContext, exchange: Exchange) -> None:
    for record in records(_body(exchange)):
        present = [(name, record.get(name)) for name in TIMES if record.get(name) is not None]
        for (before, early), (after, late) in pairwise(present):
            gap = _seconds(late, early)
            if gap is not None and gap < 0:
                raise CheckFailure(f"record {record.get('id')}: {after} {late} is before {before} {early}",
                                   key=f"{before}>{after}", evidence={"record": record})


@check("PORTSIP-CDR-DURATION-CONSISTENT",
       "A record's duration equals its talk time (ended_at - answered_at, 0 when unanswered) or its total time "
       "(ended_at - started_at), within a second (PSC-008 leaves both readings open).",
       spec=SPEC, location="Cdr / CallLog duration (PSC-008)", severity="major", operations=RECORD_OPS)
def duration_consistent(ctx: CheckContext, exchange: Exchange) -> None:
    for record in records(_body(exchange)):
        duration, ended = record.get("duration"), record.get("ended_at")
        if not isinstance(duration, int) or isinstance(duration, bool) or ended is None:
            continue
        answered = record.get("answered_at")
        talk = 0.0 if answered is None else _seconds(ended, answered)
        total = _seconds(ended, record.get("started_at"))
        readings = [r for r in (talk, total) if r is not None]
        if readings and all(abs(duration - r) > SLACK_SECONDS for r in readings):
            raise CheckFailure(
                f"record {record.get('id')}: duration {duration} is neither the talk time {talk} nor the total "
                f"time {total}", key="duration", evidence={"record": record})


@check("PORTSIP-CDR-COMPLETED-FILE-CONSISTENT",
       "A completed call report's file_size is not negative and its file_url names its file_name.",
       spec=SPEC, location="CompletedCallReport file_name, file_size, file_url (PSC-023)", severity="minor",
       operations=COMPLETED_OPS)
def completed_file_consistent(ctx: CheckContext, exchange: Exchange) -> None:
    for report in records(_body(exchange)):
        size, name, url = report.get("file_size"), report.get("file_name"), report.get("file_url")
        if isinstance(size, int | float) and not isinstance(size, bool) and size < 0:
            raise CheckFailure(f"completed report {report.get('id')}: file_size {size} is negative",
                               key="size", evidence={"report": report})
        if isinstance(name, str) and name and isinstance(url, str) and name not in unquote(url):
            raise CheckFailure(f"completed report {report.get('id')}: file_url {url!r} does not name {name!r}",
                               key="url", evidence={"report": report})


def _count_asked(ctx: CheckContext) -> bool:
    return ctx.query.get("count") in (True, "true")


@check("PORTSIP-CDR-COUNT-WHEN-ASKED", "A list asked for count=true answers with an integer count.",
       spec=SPEC, location="parameters/Count; collection answers {count, items}", severity="minor",
       operations=LIST_OPS, applies=_count_asked)
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
       applies=_has("filter"))
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
       spec=SPEC, location="parameters/*Orderby", severity="major", operations=LIST_OPS, applies=_has("orderby"))
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
       spec=SPEC, location="CallLog session_id (a call as a whole)", severity="major", operations=("listCallLogs",))
def one_log_per_session(ctx: CheckContext, exchange: Exchange) -> None:
    seen: dict[Any, Any] = {}
    for entry in records(_body(exchange)):
        session = entry.get("session_id")
        if session is None:
            continue
        if session in seen:
            raise CheckFailure(f"entries {seen[session]} and {entry.get('id')} share session_id {session}",
                               key="shared session", evidence={"session_id": session})
        seen[session] = entry.get("id")


# -- scenarios -----------------------------------------------------------------------------------------------

def _accepted_records(call: Call) -> list[dict[str, Any]]:
    """The records of an accepted answer (none when refused)."""
    return records(call.json()) if call.accepted else []


def _items(runner: Runner, op_id: str, **query: Any) -> list[dict[str, Any]]:
    return _accepted_records(runner.call(op_id, query=query))


def _first_literal(runner: Runner, list_op: str, name: str, **query: Any,
                   ) -> tuple[dict[str, Any] | None, str | None]:
    """A list's first item and its ``name`` value as a filter literal (None when the list is empty or the
    value is not plain text)."""
    first = _items(runner, list_op, top=1, **query)
    return (first[0], _quoted(first[0].get(name))) if first else (None, None)


def _same(a: Any, b: Any) -> bool:
    """Equal values, or the same instant written in two offsets."""
    if a == b:
        return True
    moments = odata.instant(a), odata.instant(b)
    return None not in moments and moments[0] == moments[1]


def _differences(listed: Mapping[str, Any], detail: Mapping[str, Any]) -> dict[str, Any]:
    return {k: [v, detail[k]] for k, v in listed.items() if k in detail and not _same(v, detail[k])}


@scenario("PORTSIP-CDR-RETRIEVE-MATCHES-LIST", spec=SPEC, kind="metamorphic",
          statement="A few listed CDRs, call logs, call reports and completed reports, read by id, show the "
                    "values the list showed.",
          checks=("PORTSIP-CDR-RETRIEVE-MATCHES-LIST",))
def retrieve_matches_list(runner: Runner) -> None:
    compared = 0
    for list_op, get_op in RETRIEVES.items():
        for listed in _items(runner, list_op, top=SAMPLE, skip=0, count=True)[:SAMPLE]:
            if listed.get("id") is None:
                continue
            call = runner.call(get_op, path={"id": str(listed["id"])})
            found = _accepted_records(call)
            if not found:
                runner.record("PORTSIP-CDR-RETRIEVE-MATCHES-LIST", get_op,
                              f"listed id {listed['id']} cannot be read ({call.exchange.status})", call=call,
                              key="unreadable")
                continue
            differing = _differences(listed, found[0])
            compared += 1
            runner.record("PORTSIP-CDR-RETRIEVE-MATCHES-LIST", get_op,
                          None if not differing else f"id {listed['id']}: list and detail differ in "
                          f"{', '.join(sorted(differing))}", call=call, key="differs",
                          evidence={"differing": differing})
    if not compared:
        raise ScenarioSkip("the lists are empty")


declare("PORTSIP-CDR-RETRIEVE-MATCHES-LIST",
        "A listed CDR, call log, call report or completed report read by its id shows the values the list showed.",
        spec=SPEC, location="list and retrieve operations (PSC-005, PSC-006)", severity="major", kind="metamorphic",
        operations=tuple(RETRIEVES.values()))
declare("PORTSIP-CDR-FILTER-KEEPS-MATCHES",
        "Filtering a list on a field value of its first item keeps that item first.",
        spec=SPEC, location="parameters/*Filter", severity="major", kind="metamorphic", operations=LIST_OPS)
declare("PORTSIP-CDR-CALLLOG-SPANS-CDRS",
        "The CDRs that carry a call log's call_id lie within the call log's started_at..ended_at.",
        spec=SPEC, location="CallLog / Cdr call_id, started_at, ended_at", severity="major", kind="metamorphic",
        operations=("listCallLogs", "listCDRs"))


def _quoted(value: Any) -> str | None:
    """``value`` as a filter text literal, or None when it is not plain text."""
    return f"'{value}'" if isinstance(value, str) and value and "'" not in value else None


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
        window = f"started_at ge '{start.isoformat()}' and started_at lt '{end.isoformat()}'"
        for list_op in ("listCDRs", "listCallLogs"):
            runner.call(list_op, query={"filter": window, "count": True})
            tried += 1
    for list_op, name in FILTER_FIELDS.items():
        _first, literal = _first_literal(runner, list_op, name)
        if literal is not None:
            runner.call(list_op, query={"filter": f"{name} eq {literal}", "top": 100})
            tried += 1
    if not tried:
        raise ScenarioSkip("no window and empty lists")


@scenario("PORTSIP-CDR-FILTERS", spec=SPEC, kind="metamorphic",
          statement="Each list filtered on its first item's own value keeps that item first.",
          checks=("PORTSIP-CDR-FILTER-KEEPS-MATCHES",))
def filters(runner: Runner) -> None:
    tried = 0
    for list_op, name in FILTER_FIELDS.items():
        first, literal = _first_literal(runner, list_op, name, orderby="id")
        if first is None or literal is None:
            continue
        tried += 1
        call = runner.call(list_op, query={"filter": f"{name} eq {literal}", "orderby": "id", "top": 100})
        kept = _accepted_records(call)
        runner.record("PORTSIP-CDR-FILTER-KEEPS-MATCHES", list_op,
                      None if kept and kept[0].get("id") == first.get("id") else
                      f"filtering on {name} eq {literal} does not list item {first.get('id')} first",
                      call=call, key="lost")
    if not tried:
        raise ScenarioSkip("the lists are empty")


# A targeted refusal the invariants phase probes (kind "invariant": the phase that evaluates it).
declare("PORTSIP-CDR-FILTER-SYNTAX-REFUSED", "A filter expression that does not parse is refused with a 4XX.",
        spec=SPEC, location="parameters/*Filter pattern", severity="major", kind="invariant", operations=LIST_OPS)


@scenario("PORTSIP-CDR-FILTER-SYNTAX", spec=SPEC, kind="invariants",
          statement="Each list refuses a filter cut off after its operator.",
          checks=("PORTSIP-CDR-FILTER-SYNTAX-REFUSED",))
def filter_syntax(runner: Runner) -> None:
    for list_op, name in FILTER_FIELDS.items():
        call = runner.call(list_op, query={"filter": f"{name} eq"}, expect="reject")
        runner.record("PORTSIP-CDR-FILTER-SYNTAX-REFUSED", list_op,
                      None if call.outcome in ("rejected", "unauthenticated") else
                      f"filter {name!r} eq (no value) answered {call.exchange.status} ({call.outcome})",
                      call=call, key=call.outcome)


@scenario("PORTSIP-CDR-CALLLOG-CDRS", spec=SPEC, kind="metamorphic",
          statement="The CDRs found by a call log's call_id lie within the call log's time span.",
          checks=("PORTSIP-CDR-CALLLOG-SPANS-CDRS",))
def call_log_spans_cdrs(runner: Runner) -> None:
    logs = [log for log in _items(runner, "listCallLogs", top=SAMPLE) if _quoted(log.get("call_id"))]
    if not logs:
        raise ScenarioSkip("no call log with a call_id")
    for log in logs:
        call = runner.call("listCDRs", query={"filter": f"call_id eq {_quoted(log['call_id'])}"})
        outside = [cdr.get("id") for cdr in _accepted_records(call)
                   if cdr.get("call_id") == log["call_id"] and not _within(cdr, log)]
        runner.record("PORTSIP-CDR-CALLLOG-SPANS-CDRS", "listCDRs",
                      None if not outside else f"CDRs {outside} of call log {log.get('id')} lie outside its "
                      f"{log.get('started_at')}..{log.get('ended_at')}", call=call, key="outside",
                      evidence={"call_log": log})


def _within(cdr: Mapping[str, Any], log: Mapping[str, Any]) -> bool:
    """Whether a CDR's start and end fall inside the call log's span (unknown bounds do not count)."""
    after_start = _seconds(cdr.get("started_at"), log.get("started_at"))
    before_end = _seconds(log.get("ended_at"), cdr.get("ended_at"))
    return all(gap is None or gap >= -SLACK_SECONDS for gap in (after_start, before_end))
