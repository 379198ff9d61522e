"""PortSIP Dataflow call analytics: calls timeseries, call and user history, history by session.

Response checks judge every answer against its own request (window, filters); scenarios relate the
operations: the timeseries of a split window adds up, the history count equals the timeseries total
(both count calls, one per session, by their start), and the by-session legs agree with the history item.
Readings of errata are all accepted: durations may be measured from the call's start or its answer
(PSD-024), the unanswered status may be spelled UNANSWERED or NOT_ANSWERED (PSD-001/002) and ``direction``
may carry the party in leg answers (PSD-008/045/046).

What the document leaves open is judged as an advisory (a ``suite`` basis): how a filter value matches beyond
containing it, which calls make up a user's history (a user who took a queue call as an agent is neither its
caller nor its callee), in which zone and how inclusively hours of the day are read, that an item of a
window started inside it (rather than only overlapping it), that the history lists one item per session, and
that a day-grouped series has a point for every day. A time written ``0``, ``""`` or ``null`` is an event that
did not happen, never 1970-01-01.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from conformance.checkapi.basis import PORTSIP_DATAFLOW, Basis, cite, suite, vendor
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckInfo
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Expectation, Runner, scenario
from conformance.vendors.portsip.checks.dataflow import SPEC, answer_field, items_of, recorded_by

SERIES, HISTORY, USER_HISTORY = "getCallsTimeseries", "getCallsHistory", "getCallsUserHistory"
BY_SESSION, USER_BY_SESSION = "getCallsHistoryBySessionId", "getUserCallHistoryBySessionId"
HISTORIES = (HISTORY, USER_HISTORY)
ALL_HISTORIES = (HISTORY, USER_HISTORY, BY_SESSION, USER_BY_SESSION)
DAY = 86400
PARTIES = frozenset({"NONE", "CALLER", "CALLEE"})
UNANSWERED = frozenset({"UNANSWERED", "NOT_ANSWERED"})


def request_value(ctx: CheckContext, name: str) -> Any:
    value = ctx.request_value("body", name)
    return None if value in (None, "", "NONE") else value


def epoch(item: dict[str, Any], name: str) -> int | None:
    """A Unix time of the item, or None when unset: absent, ``null``, ``""`` or ``0`` (an event that did not
    happen, not 1970-01-01)."""
    value = item.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return value


def blank(value: Any) -> bool:
    """Whether a text field says nothing: absent, ``null``, ``""`` or ``NONE``."""
    return value is None or value == "" or value == "NONE"


@dataclass(frozen=True)
class Problem:
    """What is wrong with one item; ``basis`` None: the check's own (the vendor's words), else the suite's reading."""

    text: str
    basis: Basis | None = None


def _problem(found: str | Problem | None) -> Problem | None:
    return Problem(found) if isinstance(found, str) else found


def _fail(item: dict[str, Any], message: str, key: str, basis: Basis | None = None) -> CheckFailure:
    return CheckFailure(f"session {item.get('session_id')}: {message}", key=key, basis=basis,
                        evidence={"item": {k: item.get(k) for k in ("session_id", "call_id", "caller", "callee",
                                                                    "started_at", "answered_at", "ended_at",
                                                                    "party", "direction", "destination")}})


@check("PORTSIP-CALLS-TOTAL-ADDS-UP", "In every calls-timeseries point, total = answered + not_answered.",
       spec=SPEC, location="CallsTimeseriesPoint: total, answered, not_answered", severity="critical",
       operations=(SERIES,),
       basis=vendor(cite(PORTSIP_DATAFLOW, 49, "total, answered, and not answered call counts"),
                    note="every call is either answered or not answered"))
def total_adds_up(ctx: CheckContext, exchange: Exchange) -> None:
    body = exchange.json()
    for point in body.get("points") or [] if isinstance(body, dict) else []:
        values = [point.get(n) for n in ("total", "answered", "not_answered")] if isinstance(point, dict) else []
        counts = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
        if len(counts) != 3:
            continue
        total, answered, not_answered = counts
        if total != answered + not_answered:
            raise CheckFailure(f"point {point.get('t')}: total {total} != answered {answered} + not_answered "
                               f"{not_answered}", key="total", evidence={"point": point})


STARTED_INSIDE = suite("the document lists the calls within the time range; a server may take a call that only "
                       "overlaps the window (started before it) as within it")


@check("PORTSIP-HISTORY-IN-WINDOW", "Every history item lies in the requested window (and, the suite's reading, "
       "started inside it).", spec=SPEC,
       location="getCallsHistory / getCallsUserHistory: start_time, end_time; items.started_at, ended_at",
       severity="critical", operations=HISTORIES, applies=lambda ctx: ctx.window is not None,
       covers=("start_time", "end_time"),
       basis=vendor(cite(PORTSIP_DATAFLOW, 59, "analytics within a specified time range"),
                    cite(PORTSIP_DATAFLOW, 72, "user history analytics within a specified")))
def history_in_window(ctx: CheckContext, exchange: Exchange) -> None:
    assert ctx.window is not None
    lo, hi = (int(t.timestamp()) for t in ctx.window)
    shown = f"{ctx.window[0].isoformat()} .. {ctx.window[1].isoformat()} ({lo} .. {hi})"
    for item in items_of(exchange):
        started, ended = epoch(item, "started_at"), epoch(item, "ended_at")
        if started is None:
            continue
        if started > hi or (ended if ended is not None else started) < lo:
            raise _fail(item, f"the call ({started} .. {ended}) lies wholly outside {shown}", "outside window")
        if not lo <= started <= hi:
            raise _fail(item, f"started_at {started} lies before {shown} (the call overlaps it)", "started before",
                        STARTED_INSIDE)


@check("PORTSIP-HISTORY-TIMES-ORDERED", "A history item's times follow each other: started <= rang <= answered <= "
       "ended (blank ones skipped).", spec=SPEC, location="CallHistoryItem: started_at, rang_at, answered_at, ended_at",
       severity="major", operations=ALL_HISTORIES,
       basis=vendor(cite(PORTSIP_DATAFLOW, 67, "Ring start time of the call"),
                    cite(PORTSIP_DATAFLOW, 67, "Answer time of the call"),
                    note="a call starts, rings, is answered and ends in that order; unset times (0, null) are "
                         "left out"))
def times_ordered(ctx: CheckContext, exchange: Exchange) -> None:
    names = ("started_at", "rang_at", "answered_at", "ended_at")
    for item in items_of(exchange):
        times = [(n, epoch(item, n)) for n in names if epoch(item, n) is not None]
        for (a, ta), (b, tb) in itertools.pairwise(times):
            if tb < ta:  # type: ignore[operator]
                raise _fail(item, f"{b} {tb} is before {a} {ta}", f"{b} before {a}")


# -- filters: one check per family, each a function (ctx, item) -> problem or None --------------------------
EXACT_MATCH = suite("the document says calls are filtered by caller, callee and destination, not how a value "
                    "matches: an item containing it (a prefix, a fragment) is another reading")
USER_SIDE = suite("the document does not say which calls make up a user's history: a user who took a queue or "
                  "ring-group call as an agent is neither its caller nor its callee (the dialled number)")


def _number_problem(ctx: CheckContext, item: dict[str, Any]) -> Problem | None:
    for field, column in (("from", "caller"), ("to", "callee"), ("destination", "destination")):
        wanted, got = request_value(ctx, field), item.get(column)
        if wanted is None or blank(got) or got == wanted:
            continue
        if str(wanted) in str(got):
            return Problem(f"{column} {got!r} only contains {field} {wanted!r}", EXACT_MATCH)
        return Problem(f"{column} {got!r} does not match {field} {wanted!r}")
    user = request_value(ctx, "user")
    if user is None:
        return None
    sides: tuple[str, ...] = {"CALLER": ("caller",), "CALLEE": ("callee",)}.get(str(item.get("party")),
                                                                             ("caller", "callee"))
    if all(item.get(side) != user for side in sides):
        return Problem(f"user {user!r} is not the {' or '.join(sides)} ({[item.get(s) for s in sides]})", USER_SIDE)
    return None


def _duration_problem(ctx: CheckContext, item: dict[str, Any]) -> str | None:
    low, high = request_value(ctx, "start_duration"), request_value(ctx, "end_duration")
    if low is None and high is None:
        return None
    started, answered, ended = epoch(item, "started_at"), epoch(item, "answered_at"), epoch(item, "ended_at")
    if started is None or ended is None:
        return None
    # PSD-024: the whole call or its talk time, whichever the server measures (no answer: no talk time).
    candidates = [ended - started, ended - answered if answered is not None else 0]
    inside = [d for d in candidates if (low is None or d >= low) and (high is None or d <= high)]
    if not inside:
        return f"duration {candidates[0]} s (talk {candidates[1]} s) is outside [{low}, {high}]"
    return None


def _hours_problem(ctx: CheckContext, item: dict[str, Any]) -> str | None:
    """The suite's reading (the check is an advisory): hours in the offset of ``start_time``, end hour excluded."""
    low, high = ctx.request_value("body", "start_hour_of_day"), ctx.request_value("body", "end_hour_of_day")
    started = epoch(item, "started_at")
    if (low is None and high is None) or started is None or ctx.window is None:
        return None
    low, high = (0 if low is None else low), (24 if high is None else high)
    offset = ctx.window[0].utcoffset() or timedelta(0)  # PSD-022: hours in the offset of start_time
    hour = int(((started + offset.total_seconds()) % DAY) // 3600)
    inside = low <= hour < high if low <= high else (hour >= low or hour < high)
    return None if inside else f"starts at hour {hour} (offset {offset}), outside [{low}, {high})"


def _status_problem(ctx: CheckContext, item: dict[str, Any]) -> str | None:
    wanted = request_value(ctx, "status")
    answered = epoch(item, "answered_at")
    if wanted == "ANSWERED" and answered is None:
        return f"status ANSWERED asked for, the item was never answered (answered_at {item.get('answered_at')!r})"
    if wanted in UNANSWERED and answered is not None:
        return f"status {wanted} asked for, the item was answered at {answered}"
    return None


def _session_problem(ctx: CheckContext, item: dict[str, Any]) -> str | None:
    wanted = request_value(ctx, "session_id")
    if wanted is not None and not blank(item.get("session_id")) and str(item.get("session_id")) != str(wanted):
        return f"session_id {item.get('session_id')!r} differs from the requested {wanted!r}"
    return None


def _party_problem(ctx: CheckContext, item: dict[str, Any]) -> str | None:
    party, direction = request_value(ctx, "party"), request_value(ctx, "direction")
    got_party, got_direction = item.get("party"), item.get("direction")
    if party is not None and not blank(got_party) and got_party != party:
        return f"party {got_party!r} differs from the requested {party!r}"
    # PSD-008: a server may put the party into `direction`; then direction cannot be judged.
    if direction is not None and not blank(got_direction) and got_direction not in PARTIES \
            and got_direction != direction:
        return f"direction {got_direction!r} differs from the requested {direction!r}"
    return None


FILTERING_NUMBERS = cite(PORTSIP_DATAFLOW, 67, "filtering by caller (`from`), callee (`to`)")
FILTERING = cite(PORTSIP_DATAFLOW, 67, "duration, status, and session ID")
ProblemOf = Callable[[CheckContext, dict[str, Any]], "str | Problem | None"]
FILTERS: tuple[tuple[str, str, str, tuple[str, ...], ProblemOf, Basis], ...] = (
    ("PORTSIP-HISTORY-FILTER-NUMBERS", "History items match the from, to and destination filters (exactly, the "
     "suite's reading, or at least by containing the value), and a user's history holds the user's calls (the "
     "suite's reading).", "from, to (getCallsHistory); user, destination (getCallsUserHistory)", HISTORIES,
     _number_problem,
     vendor(FILTERING_NUMBERS, cite(PORTSIP_DATAFLOW, 80, "Actual address of the callee"))),
    ("PORTSIP-HISTORY-FILTER-DURATION", "History items last between start_duration and end_duration seconds "
     "(measured from the start or from the answer).",
     "start_duration, end_duration (x-pbx-ordered-fields; PSD-024)", HISTORIES, _duration_problem,
     vendor(FILTERING, note="either reading of the bounds (PSD-024) is accepted")),
    ("PORTSIP-HISTORY-FILTER-HOURS", "History items start in [start_hour_of_day, end_hour_of_day) in the window's "
     "UTC offset.", "start_hour_of_day, end_hour_of_day (PSD-022, PSD-023)", HISTORIES, _hours_problem,
     suite("the hour fields are integers said to carry a timezone (PSD-022): the document does not say in which "
           "zone hours are read, whether the end hour is included, or what a range past midnight means")),
    ("PORTSIP-HISTORY-FILTER-STATUS", "History items have the requested status (answered or not; an unset answer "
     "time means not answered).", "status (CallStatus; PSD-001, PSD-002)", HISTORIES, _status_problem,
     vendor(FILTERING, cite(PORTSIP_DATAFLOW, 67, "Answer time of the call"))),
    ("PORTSIP-HISTORY-FILTER-SESSION", "History items have the requested session id.", "session_id (getCallsHistory)",
     (HISTORY,), _session_problem, vendor(FILTERING)),
    ("PORTSIP-HISTORY-FILTER-PARTY-DIRECTION", "User-history items have the requested party and direction.",
     "party, direction (getCallsUserHistory; PSD-008)", (USER_HISTORY,), _party_problem,
     vendor(cite(PORTSIP_DATAFLOW, 80, "Call party type"),
            cite(PORTSIP_DATAFLOW, 80, "Call direction type"))),
)


def _filter_check(check_id: str, problem: ProblemOf) -> Any:
    def run(ctx: CheckContext, exchange: Exchange) -> None:
        for item in items_of(exchange):
            found = _problem(problem(ctx, item))
            if found is not None:
                raise _fail(item, found.text, check_id, found.basis)

    run.__name__ = check_id.lower().replace("-", "_")
    return run


# check id -> the request parameters whose effect on the items it proves, row by row
FILTER_COVERS = {
    "PORTSIP-HISTORY-FILTER-NUMBERS": ("from", "to", "user", "destination"),
    "PORTSIP-HISTORY-FILTER-DURATION": ("start_duration", "end_duration"),
    "PORTSIP-HISTORY-FILTER-HOURS": ("start_hour_of_day", "end_hour_of_day"),
    "PORTSIP-HISTORY-FILTER-STATUS": ("status",),
    "PORTSIP-HISTORY-FILTER-SESSION": ("session_id",),
    "PORTSIP-HISTORY-FILTER-PARTY-DIRECTION": ("party", "direction"),
}
for _id, _statement, _where, _ops, _problem_of, _basis in FILTERS:
    check(_id, _statement, spec=SPEC, location=_where, severity="major", operations=_ops,
          basis=_basis, covers=FILTER_COVERS[_id])(_filter_check(_id, _problem_of))


@check("PORTSIP-SESSION-ITEMS-MATCH-ID", "Every leg a by-session read returns carries that session id.", spec=SPEC,
       location="getCallsHistoryBySessionId / getUserCallHistoryBySessionId: path session_id", severity="critical",
       operations=(BY_SESSION, USER_BY_SESSION), covers=("session_id",),
       basis=vendor(cite(PORTSIP_DATAFLOW, 88, "for the specified `session_id`"),
                    cite(PORTSIP_DATAFLOW, 96, "for a specific `session_id`")))
def session_items_match(ctx: CheckContext, exchange: Exchange) -> None:
    wanted = ctx.path.get("session_id")
    for item in items_of(exchange):
        if not blank(item.get("session_id")) and str(item.get("session_id")) != str(wanted):
            raise _fail(item, f"returned for session {wanted!r}", "other session")


HISTORY_CHECKS = ("PORTSIP-HISTORY-IN-WINDOW", "PORTSIP-HISTORY-TIMES-ORDERED", *(f[0] for f in FILTERS))
RESPONSE_CHECKS = ("PORTSIP-CALLS-TOTAL-ADDS-UP", *HISTORY_CHECKS, "PORTSIP-SESSION-ITEMS-MATCH-ID")


# -- scenarios --------------------------------------------------------------------------------------------
def accepted_items(call: Any) -> list[dict[str, Any]]:
    """The objects under ``items`` of an accepted answer (none when refused or malformed)."""
    return [i for i in answer_field(call, "items") or [] if isinstance(i, dict)]


def day_window(runner: Runner, days: int = 1) -> tuple[datetime, datetime]:
    """``days`` whole days from the midnight that starts the fixture window's first day, in the window's own
    offset (the calls timeseries needs at least one day; a midnight start puts hours and days on the grid)."""
    start = runner.window()[0].replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=days)


def series_points(runner: Runner, window: tuple[datetime, datetime]) -> tuple[Any, list[dict[str, Any]] | None]:
    call = runner.call(SERIES, body=runner.window_fields(SERIES, *window))
    points = answer_field(call, "points")
    if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
        return call, None
    return call, points


COUNTS = ("total", "answered", "not_answered")


def totals(points: list[dict[str, Any]]) -> dict[str, int] | None:
    sums = {}
    for name in COUNTS:
        values = [p.get(name) for p in points]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return None
        sums[name] = sum(values)  # type: ignore[arg-type]
    return sums


@scenario("PORTSIP-HISTORY-FIXTURE-FILTERS", spec=SPEC, kind="invariants",
          statement="History over the fixture window, unfiltered and with each filter built from a listed call, "
                    "and the fixture users' history by party, direction and status honour the window and the filters.",
          checks=HISTORY_CHECKS)
def fixture_filters(runner: Runner) -> None:
    start, end = runner.window(DAY)
    fields = runner.window_fields(HISTORY, start, end)
    items = accepted_items(runner.call(HISTORY, body=fields, query={"top": 5}))
    if items:
        first = items[0]
        for filters in ({"from": first.get("caller")}, {"to": first.get("callee")},
                        {"session_id": first.get("session_id")}, {"status": "ANSWERED"}, {"status": "UNANSWERED"},
                        {"start_duration": 30, "end_duration": 600}, {"start_hour_of_day": 9, "end_hour_of_day": 17}):
            if all(isinstance(v, str | int) and not blank(v) for v in filters.values()):
                runner.call(HISTORY, body={**fields, **filters}, query={"top": 20})
        # A range of hours past midnight: the document does not say it is allowed, so it need not be accepted.
        runner.call(HISTORY, body={**fields, "start_hour_of_day": 20, "end_hour_of_day": 8}, query={"top": 20},
                    expect="any")
    week = runner.window_fields(USER_HISTORY, start, start + timedelta(days=7))
    users = runner.fixtures.ids("users")[:2] + runner.fixtures.ids("agents")[:1]
    for user in users:
        for filters in ({}, {"party": "CALLER"}, {"party": "CALLEE", "status": "ANSWERED"},
                        {"direction": "INBOUND"}, {"direction": "OUTBOUND", "start_duration": 10}):
            runner.call(USER_HISTORY, body={**week, "user": str(user), **filters}, query={"top": 20})


HOURLY = declare("PORTSIP-CALLS-ONE-DAY-HOURLY",
                 "A one-day calls timeseries starting at midnight has 24 hourly points.",
                 spec=SPEC, location="getCallsTimeseries x-pbx-timeseries.by_range (1 day -> 3600 s)",
                 severity="major", kind="invariant",
                 basis=vendor(cite(PORTSIP_DATAFLOW, 47, "results are grouped hourly (24 intervals)")))
DAILY = declare("PORTSIP-CALLS-MULTI-DAY-DAILY",
                "A three-day calls timeseries starting at midnight has daily points, whole days apart (and, the "
                "suite's reading, one for each of the 3 days).",
                spec=SPEC, location="getCallsTimeseries x-pbx-timeseries.by_range (longer -> 86400 s)",
                severity="major", kind="invariant",
                basis=vendor(cite(PORTSIP_DATAFLOW, 48, "results are grouped daily")))
EVERY_DAY = suite("the document groups a longer range daily; it does not say that days without calls get a point, "
                  "nor in which zone a day begins (a day begun in another zone adds a partial one)")


def _gaps(stamps: list[str]) -> list[int] | None:
    """Seconds between consecutive point times, in time order (None when a time is not RFC 3339)."""
    try:
        moments = sorted(datetime.fromisoformat(s) for s in stamps)
    except (TypeError, ValueError):
        return None
    return [int((b - a).total_seconds()) for a, b in itertools.pairwise(moments)]


def _grouping(runner: Runner, info: CheckInfo, days: int, expected: int, step: int, *, exact: bool) -> None:
    """Points of a ``days``-day window from midnight are ``step`` apart; ``exact``: the document gives their number
    (else, one point more for a day begun in another zone, or fewer for days without calls, is the suite's)."""
    call, points = series_points(runner, day_window(runner, days))
    if points is None:
        return
    stamps = [str(p.get("t")) for p in points]
    gaps = _gaps(stamps)
    shown = f"{days}-day window: {len(points)} points {sorted(set(gaps or []))} s apart, expected {expected} " \
            f"points {step} s apart"
    basis = None
    if gaps is None:
        problem: str | None = f"{days}-day window: point times are not RFC 3339"
    elif len(points) == expected and set(gaps) <= {step}:
        problem = None
    elif exact or len(points) > expected + 1 or any(g <= 0 for g in gaps) or any(g % step for g in gaps[1:-1]):
        problem = shown  # not grouped by the step: too many points, or steps between whole ones
    else:
        problem, basis = shown, EVERY_DAY  # days missing, or a partial day at an edge
    runner.record(info.id, SERIES, problem, call=call, key="grouping", evidence={"points": stamps}, basis=basis)


@recorded_by(HOURLY, kind="invariants")
def one_day_hourly(runner: Runner) -> None:
    _grouping(runner, HOURLY, 1, 24, 3600, exact=True)


@recorded_by(DAILY, kind="invariants")
def three_days_daily(runner: Runner) -> None:
    _grouping(runner, DAILY, 3, 3, DAY, exact=False)


SPLIT = declare("PORTSIP-CALLS-SPLIT-ADDS-UP",
                "The calls of a two-day window equal those of its two one-day halves (total, answered, not answered).",
                spec=SPEC, location="getCallsTimeseries (points partition the window)", severity="major",
                kind="metamorphic",
                basis=vendor(cite(PORTSIP_DATAFLOW, 45, "call volume time series"),
                             note="the calls of a range are those of its parts: counts add up"))


@recorded_by(SPLIT)
def split_adds_up(runner: Runner) -> None:
    start, end = day_window(runner, 2)
    middle = start + timedelta(days=1)
    call, whole = series_points(runner, (start, end))
    halves = [series_points(runner, part)[1] for part in ((start, middle), (middle, end))]
    if whole is None or halves[0] is None or halves[1] is None:
        return
    sums, first, second = totals(whole), totals(halves[0]), totals(halves[1])
    if sums is None or first is None or second is None:
        return
    differing = {n: (sums[n], first[n] + second[n]) for n in COUNTS if sums[n] != first[n] + second[n]}
    runner.record(SPLIT.id, SERIES, None if not differing else f"two days vs their halves (whole, halves): {differing}",
                  call=call, evidence={"whole": sums, "halves": [first, second]}, key="split")


COUNT_MATCH = declare("PORTSIP-HISTORY-COUNT-MATCHES-SERIES",
                      "Over one window, the history count equals the calls-timeseries total (and, by status, its "
                      "answered and not answered sums): both count calls by their start.",
                      spec=SPEC, location="getCallsHistory count vs getCallsTimeseries points", severity="major",
                      kind="metamorphic",
                      basis=suite("the document does not say the history lists one item per call (its items carry a "
                                  "call id each, so they may be legs), nor that it counts calls as the timeseries "
                                  "does (by their start, a session once)"))


def history_count(runner: Runner, window: tuple[datetime, datetime], **filters: Any) -> tuple[Any, int | None]:
    call = runner.call(HISTORY, body={**runner.window_fields(HISTORY, *window), **filters},
                       query={"count": True, "top": 1})
    count = answer_field(call, "count")
    return call, count if isinstance(count, int) and not isinstance(count, bool) else None


@recorded_by(COUNT_MATCH)
def count_matches_series(runner: Runner) -> None:
    window = day_window(runner)
    _, points = series_points(runner, window)
    sums = totals(points) if points is not None else None
    if sums is None:
        return
    for status, name in ((None, "total"), ("ANSWERED", "answered"), ("UNANSWERED", "not_answered")):
        call, count = history_count(runner, window, **({"status": status} if status else {}))
        if count is None:
            continue
        runner.record(COUNT_MATCH.id, HISTORY, None if count == sums[name] else
                      f"history count{' (status ' + status + ')' if status else ''} {count} != timeseries {name} "
                      f"{sums[name]}", call=call, evidence={"status": status, "count": count, name: sums[name]},
                      key=f"count {name}")


AGREES = declare("PORTSIP-SESSION-AGREES-WITH-HISTORY",
                 "The legs a by-session read returns belong to the history item of that session: one is its call "
                 "(same call_id) and all lie within its start and end.",
                 spec=SPEC, location="getCallsHistoryBySessionId / getUserCallHistoryBySessionId vs getCallsHistory",
                 severity="major", kind="metamorphic",
                 basis=suite("the document does not relate a history item to the legs of its session: which leg "
                             "the item shows, and whether legs (callbacks) may lie outside its times, are open"))
SESSIONS_SAMPLED = 4


def _disagreement(item: dict[str, Any], legs: list[dict[str, Any]]) -> str | None:
    if not legs:
        return "no legs"
    if not any(leg.get("call_id") == item.get("call_id") for leg in legs):
        return f"no leg has the call's call_id {item.get('call_id')!r}"
    lo, hi = epoch(item, "started_at"), epoch(item, "ended_at")
    for leg in legs:
        start, end = epoch(leg, "started_at"), epoch(leg, "ended_at")
        if None not in (lo, hi, start, end) and not (lo <= start and end <= hi):  # type: ignore[operator]
            return f"leg {leg.get('call_id')!r} ({start} .. {end}) lies outside the call ({lo} .. {hi})"
    return None


@recorded_by(AGREES)
def session_agrees(runner: Runner) -> None:
    window = runner.window(DAY)
    call = runner.call(HISTORY, body=runner.window_fields(HISTORY, *window), query={"top": SESSIONS_SAMPLED})
    for item in accepted_items(call)[:SESSIONS_SAMPLED]:
        for operation in (BY_SESSION, USER_BY_SESSION):
            read = runner.call(operation, path={"session_id": str(item.get("session_id"))}, body={})
            legs = answer_field(read, "items")
            if not isinstance(legs, list):
                continue
            problem = _disagreement(item, [leg for leg in legs if isinstance(leg, dict)])
            runner.record(AGREES.id, operation, None if problem is None else
                          f"session {item.get('session_id')}: {problem}", call=read, key=problem or "agrees",
                          evidence={"history_item": item})


PAGES = declare("PORTSIP-HISTORY-PAGES-CONSISTENT",
                "History pages agree with each other: the same count on every page, two half pages equal one full "
                "page, the page at skip = count - 1 holds one item and a page past the end is empty (call and user "
                "history).",
                spec=SPEC, location="getCallsHistory / getCallsUserHistory x-pbx-pagination (top, skip, count)",
                severity="major", kind="metamorphic", operations=HISTORIES, covers=("top", "skip", "count"),
                basis=vendor(cite(PORTSIP_DATAFLOW, 62, "Supports pagination via"),
                             cite(PORTSIP_DATAFLOW, 67, "Total number of records"),
                             cite(PORTSIP_DATAFLOW, 67, "number of items to skip at the start")))
HALF = 50


def _page(runner: Runner, operation: str, body: dict[str, Any], top: int, skip: int, *,
          expect: Expectation = "accept") -> tuple[Any, int | None, list[Any] | None]:
    call = runner.call(operation, body=body, query={"top": top, "skip": skip, "count": True}, expect=expect)
    items = answer_field(call, "items")
    if not isinstance(items, list):
        return call, None, None
    count = answer_field(call, "count")
    return call, count if isinstance(count, int) else None, [
        (i.get("session_id"), i.get("call_id"), i.get("party")) for i in items if isinstance(i, dict)]


def _paged_bodies(runner: Runner) -> list[tuple[str, dict[str, Any]]]:
    """The call history of the fixture window and the first fixture user's history of a week from its start."""
    start, end = runner.window(DAY)
    bodies = [(HISTORY, runner.window_fields(HISTORY, start, end))]
    users = [*runner.fixtures.ids("users"), *runner.fixtures.ids("agents")]
    if users:
        week = runner.window_fields(USER_HISTORY, start, start + timedelta(days=7))
        bodies.append((USER_HISTORY, {**week, "user": str(users[0])}))
    return bodies


@recorded_by(PAGES)
def pages_consistent(runner: Runner) -> None:
    for operation, body in _paged_bodies(runner):
        call, count, full = _page(runner, operation, body, 2 * HALF, 0)
        _, first_count, first = _page(runner, operation, body, HALF, 0)
        second_call, second_count, second = _page(runner, operation, body, HALF, HALF)
        if full is None or first is None or second is None or count is None:
            continue
        problems = []
        if {count, first_count, second_count} != {count}:
            problems.append(f"counts differ between pages: {count}, {first_count}, {second_count}")
        if first + second != full:
            problems.append(f"pages of {HALF} hold {len(first)} + {len(second)} items that differ from one page of "
                            f"{2 * HALF} ({len(full)} items)")
        beyond = _page(runner, operation, body, HALF, count, expect="any")[2]  # past the end: may be refused
        if beyond:
            problems.append(f"skip={count} (the count) still returns {len(beyond)} items")
        last = _page(runner, operation, body, HALF, count - 1)[2] if count > 0 else [None]
        if last is not None and len(last) != 1:
            problems.append(f"skip={count - 1} (the count less one) returns {len(last)} items, not the last one")
        runner.record(PAGES.id, operation, "; ".join(problems) or None, call=second_call if problems else call,
                      evidence={"count": count}, key=problems[0][:40] if problems else "pages")
