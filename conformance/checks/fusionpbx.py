"""FusionPBX report invariants (per-answer arithmetic, days, agent time, tenant) and its scenarios."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from conformance import timefmt
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Call, Runner, ScenarioSkip, scenario

SPEC = "fusionpbx-report"

declare("FUSIONPBX-SUMMARY-MATCHES-DAILY",
        "For the same window, a user's summary totals equal the totals of the per-day summary.",
        spec=SPEC, location="getExtensionUserSummary vs getExtensionDailySummary", severity="major",
        kind="metamorphic")
declare("FUSIONPBX-EXTENSION-MATCHES-SUMMARY",
        "For the same window, the extension report's counters equal the user summary's totals.",
        spec=SPEC, location="getExtensionReport vs getExtensionUserSummary", severity="major", kind="metamorphic")
declare("FUSIONPBX-SPLIT-WINDOW-ADDS-UP",
        "Counters over a window equal the sums over its two halves.",
        spec=SPEC, location="getExtensionReport start_time/end_time (FUS-018)", severity="major", kind="metamorphic")
EXTENSION_OP = ("getExtensionReport",)
TOTALS_OPS = ("getUserCallReport", "getExtensionUserSummary", "getExtensionDailySummary")
OUTCOMES = ("answered", "no_answered", "busy", "cancel", "invalid", "not_available")  # busy_line apart (FUS-016)
DIRECTIONS = ("inbound", "outbound", "local")
DAY_COUNTERS = ("total_call", "total_invalid", "total_inbound", "total_outbound")
STATE_SECONDS = ("total_pause_sec", "total_wait_sec", "total_talk_sec", "total_dispo_sec")
_OFFSET = re.compile(r"([+-][0-9]{2}):?([0-9]{2})?$")


# -- reading answers --------------------------------------------------------------------------------------
def _rows(exchange: Exchange) -> list[dict[str, Any]]:
    body = exchange.json()
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        raise CheckSkipped("no data list")
    return [row for row in data if isinstance(row, dict)]


def _ints(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, int] | None:
    """The named counters when all are integers (other types are the schema check's business)."""
    values = {n: row.get(n) for n in names}
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values.values()):
        return values  # type: ignore[return-value]
    return None


def _counted(exchange: Exchange, names: tuple[str, ...]) -> Iterator[tuple[dict[str, Any], dict[str, int]]]:
    """(row, its named counters) for every row of the answer whose named counters are all integers."""
    for row in _rows(exchange):
        c = _ints(row, names)
        if c is not None:
            yield row, c


def _who(row: dict[str, Any]) -> str:
    return str(row.get("extension") or row.get("username") or row.get("user_uuid") or "?")


def _offset_time(text: str) -> datetime:
    """``2024-05-06 08:00:00.000000+07`` (or ``+0700``) as an aware datetime."""
    return datetime.fromisoformat(_OFFSET.sub(lambda m: f"{m[1]}:{m[2] or '00'}", text.strip()))


def extension_total_fits(c: dict[str, int], busy_line: int) -> bool:
    """FUS-016, both readings: busy_line an outcome of its own inside total, or a part of busy."""
    six = sum(c[k] for k in OUTCOMES)
    return c["total"] in (six + busy_line,) or (c["total"] == six and busy_line <= c["busy"])


def totals_fit(c: dict[str, int], busy_line: int | None) -> bool:
    """total_call against the six outcome totals, with ``total_busy_line`` beside or inside total_busy."""
    six = sum(c[f"total_{k}"] for k in OUTCOMES)
    if busy_line is None:
        return c["total_call"] == six
    return c["total_call"] == six + busy_line or (c["total_call"] == six and busy_line <= c["total_busy"])


# -- /v2/report/extension ---------------------------------------------------------------------------------
@check("FUSIONPBX-EXTENSION-OUTCOMES-ADD-UP",
       "Per extension, total = answered + no_answered + busy + busy_line + cancel + invalid + not_available "
       "(or, busy_line within busy, the same without busy_line; FUS-016).",
       spec=SPEC, location="getExtensionReport 200 ExtensionCounters", severity="critical", operations=EXTENSION_OP)
def extension_outcomes_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    for row, c in _counted(exchange, ("total", *OUTCOMES, "busy_line")):
        if not extension_total_fits(c, c["busy_line"]):
            raise CheckFailure(f"extension {_who(row)}: total {c['total']} is not the sum of its outcomes "
                               f"{ {k: c[k] for k in (*OUTCOMES, 'busy_line')} }",
                               key="outcomes", evidence={"row": row})


@check("FUSIONPBX-EXTENSION-DIRECTIONS-ADD-UP", "Per extension, total = inbound + outbound + local.",
       spec=SPEC, location="getExtensionReport 200 ExtensionCounters", severity="critical", operations=EXTENSION_OP)
def extension_directions_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    for row, c in _counted(exchange, ("total", *DIRECTIONS)):
        if c["total"] != sum(c[d] for d in DIRECTIONS):
            raise CheckFailure(f"extension {_who(row)}: total {c['total']} != inbound {c['inbound']} + outbound "
                               f"{c['outbound']} + local {c['local']}", key="directions", evidence={"row": row})


# -- user totals (summary, summary/day, users with counters) ---------------------------------------------
@check("FUSIONPBX-TOTALS-OUTCOMES-ADD-UP",
       "Per user, total_call = the six outcome totals (+ total_busy_line when sent beside total_busy; FUS-016).",
       spec=SPEC, location="components/schemas/CallTotals", severity="critical", operations=TOTALS_OPS)
def totals_outcomes_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    for row, c in _counted(exchange, ("total_call", *(f"total_{k}" for k in OUTCOMES))):
        busy_line = row.get("total_busy_line")
        if not totals_fit(c, busy_line if isinstance(busy_line, int) else None):
            raise CheckFailure(f"user {_who(row)}: total_call {c['total_call']} is not the sum of its outcome "
                               f"totals {c} (total_busy_line {busy_line})", key="outcomes", evidence={"row": row})


@check("FUSIONPBX-TOTALS-DIRECTIONS-ADD-UP", "Per user, total_call = total_inbound + total_outbound + total_local.",
       spec=SPEC, location="components/schemas/CallTotals", severity="critical", operations=TOTALS_OPS)
def totals_directions_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    for row, c in _counted(exchange, ("total_call", *(f"total_{d}" for d in DIRECTIONS))):
        if c["total_call"] != sum(c[f"total_{d}"] for d in DIRECTIONS):
            raise CheckFailure(f"user {_who(row)}: total_call {c['total_call']} != inbound + outbound + local {c}",
                               key="directions", evidence={"row": row})


@check("FUSIONPBX-DURATION-COVERS-PARTS",
       "Per user, total_billsec <= total_duration and total_waitsec <= total_duration (FreeSWITCH: both are "
       "parts of the call's life).",
       spec=SPEC, location="components/schemas/CallTotals", severity="major", operations=TOTALS_OPS)
def duration_covers_parts(ctx: CheckContext, exchange: Exchange) -> None:
    for row, c in _counted(exchange, ("total_duration", "total_billsec", "total_waitsec")):
        for part in ("total_billsec", "total_waitsec"):
            if c[part] > c["total_duration"]:
                raise CheckFailure(f"user {_who(row)}: {part} {c[part]} > total_duration {c['total_duration']}",
                                   key=part, evidence={"row": row})


@check("FUSIONPBX-SECONDS-NEED-CALLS",
       "Per user, no calls means no seconds, and billed seconds need an answered call.",
       spec=SPEC, location="components/schemas/CallTotals", severity="major", operations=TOTALS_OPS)
def seconds_need_calls(ctx: CheckContext, exchange: Exchange) -> None:
    names = ("total_call", "total_answered", "total_duration", "total_billsec", "total_waitsec")
    for row, c in _counted(exchange, names):
        if c["total_call"] == 0 and (c["total_duration"] or c["total_billsec"] or c["total_waitsec"]):
            raise CheckFailure(f"user {_who(row)}: seconds without any call {c}", key="no calls",
                               evidence={"row": row})
        if c["total_billsec"] > 0 and c["total_answered"] == 0:
            raise CheckFailure(f"user {_who(row)}: total_billsec {c['total_billsec']} without an answered call",
                               key="billsec", evidence={"row": row})


# -- per-day entries ---------------------------------------------------------------------------------------
def _reports(row: dict[str, Any]) -> list[dict[str, Any]] | None:
    reports = row.get("reports")
    return [r for r in reports if isinstance(r, dict)] if isinstance(reports, list) else None


@check("FUSIONPBX-DAYS-ADD-UP",
       "Per user, each counter of `reports` sums to the user's total of the same name, and no day has more "
       "inbound + outbound calls than calls (FUS-001).",
       spec=SPEC, location="getExtensionDailySummary 200 UserDailySummary", severity="critical",
       operations=("getExtensionDailySummary",))
def days_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    for row, totals in _counted(exchange, DAY_COUNTERS):
        reports = _reports(row)
        if reports is None:
            continue
        days = [d for d in (_ints(r, DAY_COUNTERS) for r in reports) if d is not None]
        for counter in DAY_COUNTERS:
            summed = sum(d[counter] for d in days)
            if len(days) == len(reports) and summed != totals[counter]:
                raise CheckFailure(f"user {_who(row)}: reports sum {counter} to {summed}, the total is "
                                   f"{totals[counter]}", key=counter, evidence={"row": row})
        for day in days:
            if day["total_inbound"] + day["total_outbound"] > day["total_call"]:
                raise CheckFailure(f"user {_who(row)}: a day has inbound + outbound > total_call {day}",
                                   key="day directions", evidence={"row": row})


def label_days(text: str, zone: Any) -> set[date]:
    """The local days a day label can name (FUS-009): its own date, or its instant's date in the PBX zone."""
    moment = timefmt.parse_rfc3339(text)
    return {moment.date(), moment.astimezone(zone).date()}


def _window_days(ctx: CheckContext) -> tuple[date, date, Any]:
    if ctx.window is None:
        raise CheckSkipped("no window in the request")
    start, end = ctx.window
    zone = start.tzinfo
    return start.astimezone(zone).date(), end.astimezone(zone).date(), zone


@check("FUSIONPBX-DAYS-IN-WINDOW",
       "Every day label (`reports[].time`, the summary's `time`) names a day the requested window touches, "
       "whether read as local midnight or as a UTC instant (FUS-009, FUS-010).",
       spec=SPEC, location="getExtensionDailySummary / getExtensionUserSummary 200 time", severity="major",
       operations=("getExtensionDailySummary", "getExtensionUserSummary"))
def days_in_window(ctx: CheckContext, exchange: Exchange) -> None:
    first, last, zone = _window_days(ctx)
    for row in _rows(exchange):
        labels = [r.get("time") for r in _reports(row) or []] + ([row["time"]] if "time" in row else [])
        for label in labels:
            if not isinstance(label, str):
                continue
            days = label_days(label, zone)
            if not any(first <= d <= last for d in days):
                raise CheckFailure(f"user {_who(row)}: day {label} is outside the window {first} .. {last}",
                                   key="outside", evidence={"label": label, "first": str(first), "last": str(last)})


@check("FUSIONPBX-DAYS-ASCENDING", "A user's `reports` are in strictly ascending day order (one entry per day).",
       spec=SPEC, location="getExtensionDailySummary 200 reports", severity="minor",
       operations=("getExtensionDailySummary",))
def days_ascending(ctx: CheckContext, exchange: Exchange) -> None:
    for row in _rows(exchange):
        labels = [str(r["time"]) for r in _reports(row) or [] if isinstance(r.get("time"), str)]
        moments = [timefmt.parse_rfc3339(t) for t in labels]
        for (a, ta), (b, tb) in itertools.pairwise(zip(moments, labels, strict=True)):
            if b <= a:
                raise CheckFailure(f"user {_who(row)}: day {tb} follows {ta}", key="order",
                                   evidence={"previous": ta, "next": tb})


# -- agent time and tenant --------------------------------------------------------------------------------
def _span(row: dict[str, Any]) -> tuple[datetime, datetime] | None:
    first, last = row.get("earliest_time"), row.get("latest_time")
    if not (isinstance(first, str) and isinstance(last, str)):
        return None
    return _offset_time(first), _offset_time(last)


@check("FUSIONPBX-AGENT-TIME-WITHIN-SPAN",
       "Per agent, earliest_time <= latest_time, and pause, wait, talk and disposition seconds are each >= 0, "
       "each and together <= latest_time - earliest_time (FUS-002).",
       spec=SPEC, location="getAgentTimeReport 200 AgentTime", severity="critical",
       operations=("getAgentTimeReport",))
def agent_time_within_span(ctx: CheckContext, exchange: Exchange) -> None:
    for row, seconds in _counted(exchange, STATE_SECONDS):
        span = _span(row)
        if span is None:
            continue
        length = (span[1] - span[0]).total_seconds()
        if length < 0:
            raise CheckFailure(f"agent {_who(row)}: latest_time {row['latest_time']} before earliest_time "
                               f"{row['earliest_time']}", key="span", evidence={"row": row})
        over = {k: v for k, v in seconds.items() if not 0 <= v <= length}
        if over or sum(seconds.values()) > length:
            raise CheckFailure(f"agent {_who(row)}: state seconds {seconds} do not fit the {length:.0f} s between "
                               f"earliest_time and latest_time", key="seconds", evidence={"row": row})


@check("FUSIONPBX-AGENT-TIME-IN-WINDOW",
       "Per agent, the activity from earliest_time to latest_time overlaps the requested window (FUS-010).",
       spec=SPEC, location="getAgentTimeReport 200 AgentTime", severity="major",
       operations=("getAgentTimeReport",), applies=lambda ctx: ctx.window is not None)
def agent_time_in_window(ctx: CheckContext, exchange: Exchange) -> None:
    assert ctx.window is not None
    start, end = ctx.window[0], ctx.window[1] + timedelta(seconds=1)  # end_time is inclusive
    for row in _rows(exchange):
        span = _span(row)
        if span is not None and (span[0] > end or span[1] < start):
            raise CheckFailure(f"agent {_who(row)}: activity {row['earliest_time']} .. {row['latest_time']} lies "
                               f"outside the window {start.isoformat()} .. {end.isoformat()}", key="outside",
                               evidence={"row": row})


@check("FUSIONPBX-ONE-DOMAIN", "Every user or agent in one answer belongs to one domain (the caller's tenant).",
       spec=SPEC, location="getUserCallReport / getAgentTimeReport 200 domain_uuid", severity="critical",
       kind="security", operations=("getUserCallReport", "getAgentTimeReport"))
def one_domain(ctx: CheckContext, exchange: Exchange) -> None:
    domains = sorted({str(r["domain_uuid"]) for r in _rows(exchange) if r.get("domain_uuid")})
    if len(domains) > 1:
        raise CheckFailure(f"users of {len(domains)} domains in one answer: {domains}", key="domains",
                           evidence={"domains": domains})


# -- scenarios ---------------------------------------------------------------------------------------------
SUMMARY_KEYS = ("total_duration", "total_billsec", "total_waitsec", "total_call", "total_answered",
                "total_no_answered", "total_not_available", "total_cancel", "total_invalid", "total_inbound",
                "total_outbound", "total_local")
# /v2/report/extension counter -> the summary total of the same calls.
EXTENSION_TO_SUMMARY = {"total": "total_call", **{k: f"total_{k}" for k in (*OUTCOMES, *DIRECTIONS) if k != "busy"}}


def _day(runner: Runner) -> tuple[datetime, datetime]:
    """The fixtures' window as an inclusive local window (its last second dropped when it ends on a midnight)."""
    start, end = runner.window()
    return start, end - timedelta(seconds=1) if (end - start).total_seconds() > 1 else end


def _get(runner: Runner, op_id: str, start: datetime, end: datetime) -> tuple[Call, list[dict[str, Any]]]:
    call = runner.call(op_id, query=runner.window_fields(op_id, start, end))
    body = call.json()
    if not call.accepted or not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise ScenarioSkip(f"{op_id} did not answer with a data list")
    return call, [r for r in body["data"] if isinstance(r, dict)]


def busy_all(row: dict[str, Any], prefix: str = "") -> int | None:
    """Busy calls including busy-line ones, whichever FUS-016 reading the row follows."""
    busy, line = row.get(f"{prefix}busy"), row.get(f"{prefix}busy_line")
    if not isinstance(busy, int):
        return None
    if not isinstance(line, int):
        return busy
    total = row.get("total" if not prefix else "total_call")
    six = sum(row.get(f"{prefix}{k}", 0) for k in OUTCOMES if isinstance(row.get(f"{prefix}{k}"), int))
    return busy + line if total == six + line and line else busy


def differences(a: dict[str, Any], b: dict[str, Any], pairs: dict[str, str]) -> dict[str, tuple[Any, Any]]:
    """``{name: (a value, b value)}`` for every pair of figures present in both rows that differ."""
    return {k: (a[k], b[v]) for k, v in pairs.items() if k in a and v in b and a[k] != b[v]}


@scenario("FUSIONPBX-CROSS-ENDPOINT", spec=SPEC, kind="invariants",
          statement="For the same window, summary, summary/day and the extension report give each user the same "
                    "figures.",
          checks=("FUSIONPBX-SUMMARY-MATCHES-DAILY", "FUSIONPBX-EXTENSION-MATCHES-SUMMARY"))
def cross_endpoint(runner: Runner) -> None:
    start, end = _day(runner)
    summary_call, summary = _get(runner, "getExtensionUserSummary", start, end)
    _daily_call, daily = _get(runner, "getExtensionDailySummary", start, end)
    extension_call, extension = _get(runner, "getExtensionReport", start, end)
    by_user = {r.get("user_uuid"): r for r in summary}
    same = {k: k for k in SUMMARY_KEYS}
    message = None
    for row in daily:
        other = by_user.get(row.get("user_uuid"))
        if other is None:
            message = f"user {_who(row)} is in summary/day but not in summary"
            break
        diff = differences(other, row, same)
        if diff:
            message = f"user {_who(row)}: summary and summary/day differ on {diff}"
            break
    runner.record("FUSIONPBX-SUMMARY-MATCHES-DAILY", "getExtensionUserSummary", message, call=summary_call)
    message = None
    for row in extension:
        other = by_user.get(row.get("user_id"))
        if other is None:
            continue
        diff = differences(row, other, EXTENSION_TO_SUMMARY)
        if busy_all(row) != busy_all(other, "total_"):
            diff["busy"] = (busy_all(row), busy_all(other, "total_"))
        if diff:
            message = f"extension {_who(row)}: extension report and summary differ on {diff}"
            break
    runner.record("FUSIONPBX-EXTENSION-MATCHES-SUMMARY", "getExtensionReport", message, call=extension_call)


@scenario("FUSIONPBX-SEVERAL-DAYS", spec=SPEC, kind="invariants",
          statement="summary/day over the fixtures' day and its neighbours: several days per user, judged by the "
                    "FUSIONPBX-DAYS-* checks.",
          checks=("FUSIONPBX-DAYS-ADD-UP", "FUSIONPBX-DAYS-IN-WINDOW", "FUSIONPBX-DAYS-ASCENDING"))
def several_days(runner: Runner) -> None:
    start, end = _day(runner)
    _get(runner, "getExtensionDailySummary", start - timedelta(days=1), end + timedelta(days=1))


SPLIT_OPS = {"getExtensionReport": "extension_id", "getExtensionUserSummary": "user_uuid"}


def split_differences(whole: list[dict[str, Any]], parts: list[list[dict[str, Any]]], key: str) -> list[str]:
    """Integer figures of ``whole`` rows that are not the sum of the same figures in the parts' rows."""
    found = []
    indexed = [{r.get(key): r for r in part} for part in parts]
    for row in whole:
        pieces = [p.get(row.get(key)) for p in indexed]
        if any(p is None for p in pieces):
            found.append(f"{key} {row.get(key)} missing from a half")
            continue
        for name, value in row.items():
            if isinstance(value, int) and not isinstance(value, bool):
                figures = [p.get(name) for p in pieces if p is not None]
                summed = sum(v for v in figures if isinstance(v, int))
                if summed != value:
                    found.append(f"{_who(row)} {name}: {value} != {' + '.join(str(v) for v in figures)}")
    return found


@scenario("FUSIONPBX-SPLIT-WINDOW", spec=SPEC, kind="metamorphic",
          statement="Splitting a window into two halves at a second boundary splits every count and duration.",
          checks=("FUSIONPBX-SPLIT-WINDOW-ADDS-UP",))
def split_window(runner: Runner) -> None:
    start, end = _day(runner)
    middle = start + timedelta(seconds=int((end - start).total_seconds()) // 2 + 1)
    one = timedelta(seconds=1)
    for op_id, key in SPLIT_OPS.items():
        call, whole = _get(runner, op_id, start, end)
        second = _get(runner, op_id, middle, end)[1]
        # end_time inclusive: the first half ends a second before the middle; exclusive: at it (FUS-018)
        problems = split_differences(whole, [_get(runner, op_id, start, middle - one)[1], second], key)
        if problems:
            problems = split_differences(whole, [_get(runner, op_id, start, middle)[1], second], key) and problems
        runner.record("FUSIONPBX-SPLIT-WINDOW-ADDS-UP", op_id,
                      f"the halves do not add up: {problems[:3]}" if problems else None, call=call)
