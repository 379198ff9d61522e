"""FusionPBX report invariants (per-answer arithmetic, days, agent time, tenant) and its scenarios.

What each assertion rests on (../shared/JUDGING.md): the page (003_...) shows example answers and query tables
only, VENDOR-NOTES gives FreeSWITCH's CDR semantics and the status buckets. Where the page's own examples break
our reading (FUS-001 per-day directions, FUS-002 agent spans) or it is silent (order of entries, bucket of an
unmapped hangup cause, labels a day away in another zone, users listed by one report and not another), the
finding is an advisory (``suite``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from conformance.checkapi.basis import Basis
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Call, Runner, ScenarioSkip, scenario
from conformance.vendors.fusionpbx.bases import (
    AGENT_SECONDS,
    AGENT_SPAN,
    AGENT_WINDOW,
    AGENT_ZONE,
    ANSWERED_BILLSEC,
    BUCKETS,
    DAY_LABEL_ZONE,
    DAYS_ORDER,
    DAYS_WINDOW,
    DIRECTIONS_BASIS,
    FREESWITCH,
    ONE_TENANT,
    PER_DAY,
    PER_DAY_OTHERS,
    SAME_FIGURES,
    SUMMARY_TIME,
    UNMAPPED_CAUSES,
)

SPEC = "fusionpbx-report"

declare("FUSIONPBX-SUMMARY-MATCHES-DAILY",
        "For the same window, a user listed by both the summary and the per-day summary has the same totals in "
        "both (users one of them leaves out are not compared).",
        spec=SPEC, location="getExtensionUserSummary vs getExtensionDailySummary", severity="major",
        kind="metamorphic", basis=SAME_FIGURES)
declare("FUSIONPBX-EXTENSION-MATCHES-DAILY",
        "For the same window, a user's extension-report counters (summed over the user's extensions) equal the "
        "user's totals in the per-day summary.",
        spec=SPEC, location="getExtensionReport vs getExtensionDailySummary", severity="major", kind="metamorphic",
        basis=SAME_FIGURES)
declare("FUSIONPBX-EXTENSION-MATCHES-SUMMARY",
        "For the same window, a user's extension-report counters equal the user's summary totals.",
        spec=SPEC, location="getExtensionReport vs getExtensionUserSummary", severity="major", kind="metamorphic",
        basis=SAME_FIGURES)
EXTENSION_OP = ("getExtensionReport",)
TOTALS_OPS = ("getUserCallReport", "getExtensionUserSummary", "getExtensionDailySummary")
OUTCOMES = ("answered", "no_answered", "busy", "cancel", "invalid", "not_available")  # busy_line apart (FUS-016)
DIRECTIONS = ("inbound", "outbound", "local")
DAY_COUNTERS = ("total_call", "total_invalid", "total_inbound", "total_outbound")
STATE_SECONDS = ("total_pause_sec", "total_wait_sec", "total_talk_sec", "total_dispo_sec")
ZONE_SLACK = timedelta(hours=14)  # the widest UTC offset: a window read in any zone lies within this
# the UTC offset after a clock time: ``+07``, ``+0700`` or ``+07:00``
_OFFSET = re.compile(r"([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)([+-][0-9]{2}):?([0-9]{2})?$")


# -- reading answers --------------------------------------------------------------------------------------
def data_rows(exchange: Exchange) -> list[dict[str, Any]]:
    body = exchange.json()
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        raise CheckSkipped("no data list")
    return [row for row in data if isinstance(row, dict)]


def _ints(row: dict[str, Any], names: Iterable[str]) -> dict[str, int] | None:
    """The named counters when all are integers (other types are the schema check's business)."""
    values = {n: row.get(n) for n in names}
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values.values()):
        return values  # type: ignore[return-value]
    return None


def counted_rows(exchange: Exchange, names: tuple[str, ...]) -> Iterator[tuple[dict[str, Any], dict[str, int]]]:
    """(row, its named counters) for every row of the answer whose named counters are all integers."""
    for row in data_rows(exchange):
        c = _ints(row, names)
        if c is not None:
            yield row, c


def row_name(row: dict[str, Any]) -> str:
    return str(row.get("extension") or row.get("username") or row.get("user_uuid") or "?")


def moment(value: Any, zone: tzinfo | None = None) -> datetime | None:
    """A timestamp of the answer as an aware datetime (``T`` or a space, ``Z``, ``+07``, ``+0700`` or
    ``+07:00``; none: ``zone``). None for an unset value (``None``, ``""``, ``0``, a zero date before 1971) or
    a text that is no timestamp."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = _OFFSET.sub(lambda m: f"{m[1]}{m[2]}:{m[3] or '00'}", value.strip().replace("Z", "+00:00"))
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    if found.tzinfo is None:
        if zone is None:
            return None
        found = found.replace(tzinfo=zone)
    return None if found.year < 1971 else found


Finding = tuple[str, str, dict[str, Any], Basis | None]  # message, key, evidence, basis (None: the check's)


def fail_first(findings: list[Finding]) -> None:
    """Raise the first finding that decides (vendor: ``basis`` None is the check's own), else the first."""
    if findings:
        ordered = sorted(findings, key=lambda f: f[3] is not None and not f[3].decides)
        message, key, evidence, basis = ordered[0]
        raise CheckFailure(message, key=key, evidence=evidence, basis=basis)


def outcomes_basis(total: int, six: int, busy_line: int | None, busy: int) -> Basis | None:
    """Whether a total fits its outcome counters (None), and if not on which basis it fails.

    FUS-016: ``busy_line`` is an outcome of its own inside the total or a part of ``busy``. Outcomes beyond
    the total break the buckets (the check's vendor basis); a total beyond them may hold calls of an unmapped
    hangup cause (suite)."""
    line = busy_line or 0
    if total in (six + line,) or (total == six and line <= busy):
        return None
    within = six + line <= total or (six <= total and line <= busy)
    return UNMAPPED_CAUSES if within else BUCKETS


def extension_total_fits(c: dict[str, int], busy_line: int) -> bool:
    """FUS-016, both readings: busy_line an outcome of its own inside total, or a part of busy."""
    return outcomes_basis(c["total"], sum(c[k] for k in OUTCOMES), busy_line, c["busy"]) is None


def totals_fit(c: dict[str, int], busy_line: int | None) -> bool:
    """total_call against the six outcome totals, with ``total_busy_line`` beside or inside total_busy."""
    six = sum(c[f"total_{k}"] for k in OUTCOMES)
    return outcomes_basis(c["total_call"], six, busy_line, c["total_busy"]) is None


# -- /v2/report/extension ---------------------------------------------------------------------------------
@check("FUSIONPBX-EXTENSION-OUTCOMES-ADD-UP",
       "Per extension, the outcomes (answered, no_answered, busy, busy_line, cancel, invalid, not_available; "
       "busy_line within busy or beside it, FUS-016) never exceed total (vendor) and add up to it (suite).",
       spec=SPEC, location="getExtensionReport 200 ExtensionCounters", severity="critical", operations=EXTENSION_OP,
       basis=BUCKETS)
def extension_outcomes_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    findings: list[Finding] = []
    for row, c in counted_rows(exchange, ("total", *OUTCOMES, "busy_line")):
        basis = outcomes_basis(c["total"], sum(c[k] for k in OUTCOMES), c["busy_line"], c["busy"])
        if basis is not None:
            findings.append((f"extension {row_name(row)}: total {c['total']} is not the sum of its outcomes "
                             f"{ {k: c[k] for k in (*OUTCOMES, 'busy_line')} }",
                             "outcomes" if basis.decides else "unmapped outcomes", {"row": row},
                             None if basis is BUCKETS else basis))
    fail_first(findings)


@check("FUSIONPBX-EXTENSION-DIRECTIONS-ADD-UP", "Per extension, total = inbound + outbound + local.",
       spec=SPEC, location="getExtensionReport 200 ExtensionCounters", severity="critical", operations=EXTENSION_OP,
       basis=DIRECTIONS_BASIS)
def extension_directions_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    for row, c in counted_rows(exchange, ("total", *DIRECTIONS)):
        if c["total"] != sum(c[d] for d in DIRECTIONS):
            raise CheckFailure(f"extension {row_name(row)}: total {c['total']} != inbound {c['inbound']} + outbound "
                               f"{c['outbound']} + local {c['local']}", key="directions", evidence={"row": row})


# -- user totals (summary, summary/day, users with counters) ---------------------------------------------
@check("FUSIONPBX-TOTALS-OUTCOMES-ADD-UP",
       "Per user, the six outcome totals (+ total_busy_line when sent beside total_busy; FUS-016) never exceed "
       "total_call (vendor) and add up to it (suite).",
       spec=SPEC, location="components/schemas/CallTotals", severity="critical", operations=TOTALS_OPS,
       basis=BUCKETS)
def totals_outcomes_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    findings: list[Finding] = []
    for row, c in counted_rows(exchange, ("total_call", *(f"total_{k}" for k in OUTCOMES))):
        line = row.get("total_busy_line")
        line = line if isinstance(line, int) and not isinstance(line, bool) else None
        basis = outcomes_basis(c["total_call"], sum(c[f"total_{k}"] for k in OUTCOMES), line, c["total_busy"])
        if basis is not None:
            findings.append((f"user {row_name(row)}: total_call {c['total_call']} is not the sum of its outcome "
                             f"totals {c} (total_busy_line {line})",
                             "outcomes" if basis.decides else "unmapped outcomes", {"row": row},
                             None if basis is BUCKETS else basis))
    fail_first(findings)


@check("FUSIONPBX-TOTALS-DIRECTIONS-ADD-UP", "Per user, total_call = total_inbound + total_outbound + total_local.",
       spec=SPEC, location="components/schemas/CallTotals", severity="critical", operations=TOTALS_OPS,
       basis=DIRECTIONS_BASIS)
def totals_directions_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    for row, c in counted_rows(exchange, ("total_call", *(f"total_{d}" for d in DIRECTIONS))):
        if c["total_call"] != sum(c[f"total_{d}"] for d in DIRECTIONS):
            raise CheckFailure(f"user {row_name(row)}: total_call {c['total_call']} != inbound + outbound + local {c}",
                               key="directions", evidence={"row": row})


@check("FUSIONPBX-DURATION-COVERS-PARTS",
       "Per user, total_billsec <= total_duration and total_waitsec <= total_duration (FreeSWITCH: both are "
       "parts of the call's life).",
       spec=SPEC, location="components/schemas/CallTotals", severity="major", operations=TOTALS_OPS,
       basis=FREESWITCH)
def duration_covers_parts(ctx: CheckContext, exchange: Exchange) -> None:
    for row, c in counted_rows(exchange, ("total_duration", "total_billsec", "total_waitsec")):
        for part in ("total_billsec", "total_waitsec"):
            if c[part] > c["total_duration"]:
                raise CheckFailure(f"user {row_name(row)}: {part} {c[part]} > total_duration {c['total_duration']}",
                                   key=part, evidence={"row": row})


@check("FUSIONPBX-SECONDS-NEED-CALLS",
       "Per user, no calls means no seconds, and billed seconds need an answered call.",
       spec=SPEC, location="components/schemas/CallTotals", severity="major", operations=TOTALS_OPS,
       basis=ANSWERED_BILLSEC)
def seconds_need_calls(ctx: CheckContext, exchange: Exchange) -> None:
    names = ("total_call", "total_answered", "total_duration", "total_billsec", "total_waitsec")
    for row, c in counted_rows(exchange, names):
        if c["total_call"] == 0 and (c["total_duration"] or c["total_billsec"] or c["total_waitsec"]):
            raise CheckFailure(f"user {row_name(row)}: seconds without any call {c}", key="no calls",
                               evidence={"row": row})
        if c["total_billsec"] > 0 and c["total_answered"] == 0:
            raise CheckFailure(f"user {row_name(row)}: total_billsec {c['total_billsec']} without an answered call",
                               key="billsec", evidence={"row": row})


# -- per-day entries ---------------------------------------------------------------------------------------
def _reports(row: dict[str, Any]) -> list[dict[str, Any]] | None:
    reports = row.get("reports")
    return [r for r in reports if isinstance(r, dict)] if isinstance(reports, list) else None


@check("FUSIONPBX-DAYS-ADD-UP",
       "Per user, the days' total_call sums to the user's total_call (vendor); the days' invalid, inbound and "
       "outbound sum to the user's totals and no day has more inbound + outbound calls than calls (suite, "
       "FUS-001).",
       spec=SPEC, location="getExtensionDailySummary 200 UserDailySummary", severity="critical",
       operations=("getExtensionDailySummary",), basis=PER_DAY)
def days_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    findings: list[Finding] = []
    for row, totals in counted_rows(exchange, DAY_COUNTERS):
        reports = _reports(row)
        if reports is None:
            continue
        days = [d for d in (_ints(r, DAY_COUNTERS) for r in reports) if d is not None]
        for counter in DAY_COUNTERS:
            summed = sum(d[counter] for d in days)
            if len(days) == len(reports) and summed != totals[counter]:
                findings.append((f"user {row_name(row)}: reports sum {counter} to {summed}, the total is "
                                 f"{totals[counter]}", counter, {"row": row},
                                 None if counter == "total_call" else PER_DAY_OTHERS))
        findings += [(f"user {row_name(row)}: a day has inbound + outbound > total_call {day}", "day directions",
                      {"row": row}, PER_DAY_OTHERS)
                     for day in days if day["total_inbound"] + day["total_outbound"] > day["total_call"]]
    fail_first(findings)


def label_days(text: str, zone: Any) -> set[date]:
    """The local days a day label can name (FUS-009): its own date, or its instant's date in the PBX zone."""
    found = moment(text, zone)
    if found is None:
        raise ValueError(f"not a timestamp: {text!r}")
    return {found.date(), found.astimezone(zone).date()}


def _window_days(ctx: CheckContext) -> tuple[date, date, Any]:
    if ctx.window is None:
        raise CheckSkipped("no window in the request")
    start, end = ctx.window
    zone = start.tzinfo
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    if last < first:
        raise CheckSkipped("reversed window")
    return first, last, zone


@check("FUSIONPBX-DAYS-IN-WINDOW",
       "Every per-day label (`reports[].time`) names a day the requested window touches, read as local midnight "
       "or as a UTC instant (FUS-009, FUS-010); a day away is an advisory (another zone), as is a summary "
       "`time` outside the window.",
       spec=SPEC, location="getExtensionDailySummary / getExtensionUserSummary 200 time", severity="major",
       operations=("getExtensionDailySummary", "getExtensionUserSummary"), basis=DAYS_WINDOW,
       covers=("start_time", "end_time"))
def days_in_window(ctx: CheckContext, exchange: Exchange) -> None:
    first, last, zone = _window_days(ctx)
    one = timedelta(days=1)
    findings: list[Finding] = []
    for row in data_rows(exchange):
        labels = [(r.get("time"), True) for r in _reports(row) or []] + ([(row["time"], False)] if "time" in row
                                                                           else [])
        for label, per_day in labels:
            if not isinstance(label, str) or moment(label, zone) is None:
                continue  # unset, or no timestamp (the schema check's business)
            days = label_days(label, zone)
            if any(first <= d <= last for d in days):
                continue
            far = not any(first - one <= d <= last + one for d in days)
            basis = (None if far else DAY_LABEL_ZONE) if per_day else SUMMARY_TIME
            what = "day" if per_day else "summary time"
            findings.append((f"user {row_name(row)}: {what} {label} is outside the window {first} .. {last}",
                             "outside" if basis is None else f"outside ({what})",
                             {"label": label, "first": str(first), "last": str(last)}, basis))
    fail_first(findings)


@check("FUSIONPBX-DAYS-ASCENDING", "A user's `reports` are in strictly ascending day order (one entry per day).",
       spec=SPEC, location="getExtensionDailySummary 200 reports", severity="minor",
       operations=("getExtensionDailySummary",), basis=DAYS_ORDER)
def days_ascending(ctx: CheckContext, exchange: Exchange) -> None:
    for row in data_rows(exchange):
        labelled = [(found, str(r["time"])) for r in _reports(row) or [] if (found := moment(r.get("time")))]
        for (a, ta), (b, tb) in itertools.pairwise(labelled):
            if b <= a:
                raise CheckFailure(f"user {row_name(row)}: day {tb} follows {ta}", key="order",
                                   evidence={"previous": ta, "next": tb})


# -- agent time and tenant --------------------------------------------------------------------------------
def _zone(ctx: CheckContext) -> tzinfo | None:
    return ctx.window[0].tzinfo if ctx.window is not None else getattr(ctx.fixtures, "timezone", None)


def _span(row: dict[str, Any], zone: tzinfo | None) -> tuple[datetime, datetime] | None:
    """(earliest_time, latest_time) when both are set."""
    first, last = moment(row.get("earliest_time"), zone), moment(row.get("latest_time"), zone)
    return (first, last) if first is not None and last is not None else None


@check("FUSIONPBX-AGENT-TIME-WITHIN-WINDOW",
       "Per agent, earliest_time <= latest_time, and no state's seconds (pause, wait, talk, disposition) exceed "
       "the length of the requested window.",
       spec=SPEC, location="getAgentTimeReport 200 AgentTime", severity="critical",
       operations=("getAgentTimeReport",), basis=AGENT_WINDOW)
def agent_time_within_window(ctx: CheckContext, exchange: Exchange) -> None:
    zone = _zone(ctx)
    length = None
    if ctx.window is not None and ctx.window[1] >= ctx.window[0]:
        length = (ctx.window[1] - ctx.window[0]).total_seconds() + 1  # end_time inclusive (FUS-018)
    for row in data_rows(exchange):
        span = _span(row, zone)
        if span is not None and span[1] < span[0]:
            raise CheckFailure(f"agent {row_name(row)}: latest_time {row['latest_time']} before earliest_time "
                               f"{row['earliest_time']}", key="span", evidence={"row": row})
        seconds = _ints(row, STATE_SECONDS)
        if length is not None and seconds is not None:
            over = {k: v for k, v in seconds.items() if v > length}
            if over:
                raise CheckFailure(f"agent {row_name(row)}: {over} exceed the {length:.0f} s of the requested window",
                                   key="seconds", evidence={"row": row, "window_seconds": length},
                                   basis=AGENT_SECONDS)


@check("FUSIONPBX-AGENT-TIME-WITHIN-SPAN",
       "Per agent, the pause, wait, talk and disposition seconds together fit between earliest_time and "
       "latest_time (FUS-002).",
       spec=SPEC, location="getAgentTimeReport 200 AgentTime", severity="major",
       operations=("getAgentTimeReport",), basis=AGENT_SPAN)
def agent_time_within_span(ctx: CheckContext, exchange: Exchange) -> None:
    zone = _zone(ctx)
    for row, seconds in counted_rows(exchange, STATE_SECONDS):
        span = _span(row, zone)
        if span is None or span[1] < span[0]:
            continue
        length = (span[1] - span[0]).total_seconds()
        if sum(seconds.values()) > length:
            raise CheckFailure(f"agent {row_name(row)}: state seconds {seconds} do not fit the {length:.0f} s between "
                               f"earliest_time and latest_time", key="seconds", evidence={"row": row})


@check("FUSIONPBX-AGENT-TIME-IN-WINDOW",
       "Per agent, the activity from earliest_time to latest_time overlaps the requested window (FUS-010); "
       "within 14 hours of it, an advisory (the window read in another zone).",
       spec=SPEC, location="getAgentTimeReport 200 AgentTime", severity="major",
       operations=("getAgentTimeReport",), applies=lambda ctx: ctx.window is not None, basis=AGENT_WINDOW,
       covers=("start_time", "end_time"))
def agent_time_in_window(ctx: CheckContext, exchange: Exchange) -> None:
    assert ctx.window is not None
    start, end = ctx.window[0], ctx.window[1] + timedelta(seconds=1)  # end_time is inclusive
    if end <= start:
        raise CheckSkipped("reversed window")
    findings: list[Finding] = []
    for row in data_rows(exchange):
        span = _span(row, start.tzinfo)
        if span is None or not (span[0] > end or span[1] < start):
            continue
        far = span[0] > end + ZONE_SLACK or span[1] < start - ZONE_SLACK
        findings.append((f"agent {row_name(row)}: activity {row['earliest_time']} .. {row['latest_time']} lies "
                         f"outside the window {start.isoformat()} .. {end.isoformat()}",
                         "outside" if far else "outside (zone)", {"row": row}, None if far else AGENT_ZONE))
    fail_first(findings)


@check("FUSIONPBX-ONE-DOMAIN", "Every user or agent in one answer belongs to one domain (the caller's tenant).",
       spec=SPEC, location="getUserCallReport / getAgentTimeReport 200 domain_uuid", severity="critical",
       kind="security", operations=("getUserCallReport", "getAgentTimeReport"), basis=ONE_TENANT)
def one_domain(ctx: CheckContext, exchange: Exchange) -> None:
    domains = sorted({str(r["domain_uuid"]).lower() for r in data_rows(exchange) if r.get("domain_uuid")})
    if len(domains) > 1:
        raise CheckFailure(f"users of {len(domains)} domains in one answer: {domains}", key="domains",
                           evidence={"domains": domains})


# -- scenarios ---------------------------------------------------------------------------------------------
SUMMARY_KEYS = ("total_duration", "total_billsec", "total_waitsec", "total_call", "total_answered",
                "total_no_answered", "total_not_available", "total_cancel", "total_invalid", "total_inbound",
                "total_outbound", "total_local")
# /v2/report/extension counter -> the summary total of the same calls.
EXTENSION_TO_SUMMARY = {"total": "total_call", **{k: f"total_{k}" for k in (*OUTCOMES, *DIRECTIONS) if k != "busy"}}
EXTENSION_COUNTERS = ("total", *OUTCOMES, "busy_line", *DIRECTIONS)
SUMMARY_COUNTERS = (*SUMMARY_KEYS, "total_busy", "total_busy_line")


def fixtures_day(runner: Runner) -> tuple[datetime, datetime]:
    """The fixtures' window as an inclusive local window (its last second dropped when it ends on a midnight)."""
    start, end = runner.window()
    return start, end - timedelta(seconds=1) if (end - start).total_seconds() > 1 else end


def get_report(runner: Runner, op_id: str, start: datetime, end: datetime) -> tuple[Call, list[dict[str, Any]]]:
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


def per_user(rows: list[dict[str, Any]], key: str, names: Iterable[str]) -> dict[str, dict[str, int]]:
    """Integer figures summed per user (a user may have several rows: one per extension, or per day); rows
    without the key (an extension nobody holds) are left out."""
    found: dict[str, dict[str, int]] = {}
    names = tuple(names)
    for row in rows:
        user = row.get(key)
        if not isinstance(user, str) or not user:
            continue
        into = found.setdefault(user.lower(), {})
        for name in names:
            value = row.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                into[name] = into.get(name, 0) + value
        if "busy" in names or "total_busy" in names:
            prefix = "" if "busy" in names else "total_"
            busy = busy_all(row, prefix)
            if busy is not None:
                into["busy_all"] = into.get("busy_all", 0) + busy
    return found


def differences(a: dict[str, Any], b: dict[str, Any], pairs: dict[str, str]) -> dict[str, tuple[Any, Any]]:
    """``{name: (a value, b value)}`` for every pair of figures present in both rows that differ."""
    return {k: (a[k], b[v]) for k, v in pairs.items() if k in a and v in b and a[k] != b[v]}


@scenario("FUSIONPBX-CROSS-ENDPOINT", spec=SPEC, kind="invariants",
          statement="For the same window, each user's figures recomputed from the extension report's rows equal "
                    "the summary's and summary/day's, and those two agree, for every user they both list.",
          checks=("FUSIONPBX-SUMMARY-MATCHES-DAILY", "FUSIONPBX-EXTENSION-MATCHES-SUMMARY",
                  "FUSIONPBX-EXTENSION-MATCHES-DAILY"))
def cross_endpoint(runner: Runner) -> None:
    start, end = fixtures_day(runner)
    summary_call, summary = get_report(runner, "getExtensionUserSummary", start, end)
    daily_call, daily = get_report(runner, "getExtensionDailySummary", start, end)
    extension_call, extension = get_report(runner, "getExtensionReport", start, end)
    by_user = per_user(summary, "user_uuid", SUMMARY_COUNTERS)
    same = {k: k for k in (*SUMMARY_KEYS, "busy_all")}
    message = None
    for user, figures in per_user(daily, "user_uuid", SUMMARY_COUNTERS).items():
        diff = differences(by_user[user], figures, same) if user in by_user else {}
        if diff:
            message = f"user {user}: summary and summary/day differ on {diff}"
            break
    runner.record("FUSIONPBX-SUMMARY-MATCHES-DAILY", "getExtensionUserSummary", message, call=summary_call)
    recomputed = per_user(extension, "user_id", EXTENSION_COUNTERS)
    for check_id, op_id, call, totals, name in (
            ("FUSIONPBX-EXTENSION-MATCHES-SUMMARY", "getExtensionReport", extension_call, by_user, "summary"),
            ("FUSIONPBX-EXTENSION-MATCHES-DAILY", "getExtensionDailySummary", daily_call,
             per_user(daily, "user_uuid", SUMMARY_COUNTERS), "summary/day")):
        runner.record(check_id, op_id, extension_differences(recomputed, totals, name), call=call)


def extension_differences(recomputed: dict[str, dict[str, int]], totals: dict[str, dict[str, int]],
                          name: str) -> str | None:
    """The first user whose figures recomputed from the extension report differ from a report's totals."""
    for user, figures in recomputed.items():
        diff = differences(figures, totals[user], {**EXTENSION_TO_SUMMARY, "busy_all": "busy_all"}) \
            if user in totals else {}
        if diff:
            return f"user {user}: extension report and {name} differ on {diff}"
    return None


@scenario("FUSIONPBX-SEVERAL-DAYS", spec=SPEC, kind="invariants",
          statement="summary/day over the fixtures' day and its neighbours: several days per user, judged by the "
                    "FUSIONPBX-DAYS-* checks.",
          checks=("FUSIONPBX-DAYS-ADD-UP", "FUSIONPBX-DAYS-IN-WINDOW", "FUSIONPBX-DAYS-ASCENDING"))
def several_days(runner: Runner) -> None:
    start, end = fixtures_day(runner)
    get_report(runner, "getExtensionDailySummary", start - timedelta(days=1), end + timedelta(days=1))


@scenario("FUSIONPBX-AGENT-DAY", spec=SPEC, kind="invariants",
          statement="The agent time report over the fixtures' day, judged by the FUSIONPBX-AGENT-TIME-* checks.",
          checks=("FUSIONPBX-AGENT-TIME-WITHIN-WINDOW", "FUSIONPBX-AGENT-TIME-IN-WINDOW",
                  "FUSIONPBX-AGENT-TIME-WITHIN-SPAN"))
def agent_day(runner: Runner) -> None:
    get_report(runner, "getAgentTimeReport", *fixtures_day(runner))
