"""PortSIP Dataflow queue and agent KPIs: the effect of each request parameter, and figures recomputed.

Relations between requests (issue 10):
- interval: a timeseries regroups, it does not recount: a point of any step holds the 1h points of its span, so
  every step's sums equal the 1h sums (queue and agent series);
- sla_secs: a higher SLA threshold never lowers sla_pct (more calls are answered within a longer threshold);
- start_time, end_time: the counts of a queue over two halves of a window add up to the whole, and so do an
  agent's accepted calls (an agent's total counts a session once, so it may only shrink over the whole);
- the SLA percentage with a threshold no call can exceed (the 24 hours a window may span) is the share of
  calls answered within it under one of the service-level variants of the vendor notes: answered / (offered -
  abandoned within the threshold), answered / offered or (answered + abandoned within it) / offered. The
  document counts abandons in its base ("short-abandoned calls are excluded"), so answered calls alone are no
  base; a figure none of the variants gives fails, the variant it matched is reported;
- a queue's offered, accepted and abandoned against the call history of that queue's calls: the document does
  not say which history item names the queue, nor when a call that waited across the window's edge counts,
  so that comparison is an advisory.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from conformance.checkapi.basis import PORTSIP_DATAFLOW, VENDOR_NOTES, cite, suite, vendor
from conformance.checkapi.registry import declare
from conformance.checkapi.scenarios import Runner
from conformance.vendors.portsip.checks.calls import HISTORY, accepted_items, day_window, epoch, series_points, totals
from conformance.vendors.portsip.checks.dataflow import SPEC, answer_field, recorded_by
from conformance.vendors.portsip.checks.queue import (
    AGENT_SERIES,
    AGENT_SUMMARY,
    KPI_NOTES,
    MAX_WINDOW,
    OFFERED,
    QUEUE_SERIES,
    QUEUE_SUMMARY,
    agent_summary,
    hour_window,
    queue_summary,
)

STEPS = {"2h": 2, "3h": 3, "4h": 4, "6h": 6, "8h": 8}
QUEUE_COUNTS = ("offered", "accepted", "abandoned", "cb_ok")  # cb_fail may be a percentage (PSD-003)
AGENT_COUNTS = ("accepted",)
THRESHOLDS = (5, 20, 60, 300)
NO_LIMIT = MAX_WINDOW  # a wait longer than the window cannot be
PCT_SLACK = 0.011  # two decimals, rounded either way
INTERVALS = cite(PORTSIP_DATAFLOW, 21, "Interval for aggregating timeseries points.")
SLA = cite(PORTSIP_DATAFLOW, 11, "The percentage of calls answered within the SLA time threshold.")
SLA_SHORT = cite(PORTSIP_DATAFLOW, 11, "Short-abandoned calls are excluded if short-abandon exclusion is enabled.")
VARIANTS = cite(VENDOR_NOTES, KPI_NOTES, "Service level variants (Cisco)")

REGROUP = declare(
    "PORTSIP-QUEUE-INTERVAL-REGROUPS",
    "A queue or agent timeseries of any interval regroups the 1h one: each point holds the 1h points of its span "
    "(offered, accepted, abandoned, cb_ok; an agent's accepted), so the sums are equal too.",
    spec=SPEC, location="getQueueTimeseries / getAgentQueueTimeseries: interval", severity="major",
    kind="metamorphic", operations=(QUEUE_SERIES, AGENT_SERIES), covers=("interval", "queue", "agent"),
    basis=vendor(INTERVALS, cite(PORTSIP_DATAFLOW, 37, "grouped into time intervals defined by the"),
                 note="aggregating into longer intervals adds up the counts of the shorter ones"))
SLA_MONOTONE = declare(
    "PORTSIP-QUEUE-SLA-MONOTONE",
    "A higher SLA threshold never lowers a queue's sla_pct (5, 20, 60, 300 s and the whole window).",
    spec=SPEC, location="getQueueKpiSummary: queues[].sla_secs", severity="major", kind="metamorphic",
    operations=(QUEUE_SUMMARY,), covers=("queues",),
    basis=vendor(SLA, cite(PORTSIP_DATAFLOW, 11, "SLA threshold in seconds."),
                 note="a call answered within a threshold is answered within every longer one"))
SUMMARY_SPLIT = declare(
    "PORTSIP-QUEUE-WINDOW-SPLIT",
    "A queue's offered, accepted and abandoned over two halves of a window add up to the whole window's, and so "
    "do an agent's accepted calls (its total, a session once, is at most the halves' together).",
    spec=SPEC, location="getQueueKpiSummary / getAgentQueueSummary: start_time, end_time", severity="major",
    kind="metamorphic", operations=(QUEUE_SUMMARY, AGENT_SUMMARY),
    covers=("start_time", "end_time", "queue", "agent"),
    basis=vendor(cite(PORTSIP_DATAFLOW, 7, "within a specified time range"), OFFERED,
                 cite(PORTSIP_DATAFLOW, 30, "Calls with the same session ID counted only once."),
                 note="counts over the parts of a window add up to the whole"))
SLA_VARIANTS = declare(
    "PORTSIP-QUEUE-SLA-VARIANTS",
    "With a threshold no wait can exceed, a queue's sla_pct is its answered calls' share under one service-level "
    "variant: accepted / (offered - abandoned), accepted / offered or (accepted + abandoned) / offered.",
    spec=SPEC, location="getQueueKpiSummary: sla_pct vs offered, accepted, abandoned", severity="major",
    kind="metamorphic", operations=(QUEUE_SUMMARY,), covers=("queues",),
    basis=vendor(SLA, SLA_SHORT, VARIANTS,
                 note="every answered and abandoned call is within the threshold; the document's base counts "
                      "abandoned calls (it excludes short ones), so it is one of the variants"))
KPI_HISTORY = declare(
    "PORTSIP-QUEUE-KPI-MATCHES-HISTORY",
    "A queue's accepted calls over a window are among its answered calls in the call history (items naming the "
    "queue as their service), and its offered calls at most the history's calls of the queue.",
    spec=SPEC, location="getQueueKpiSummary vs getCallsHistory (service_number)", severity="minor",
    kind="metamorphic", operations=(QUEUE_SUMMARY,),
    basis=suite("the document does not say which history item names a queue (a call may pass an IVR or several "
                "queues), how a call waiting across the window's edge counts, nor whether offered counts calls "
                "that entered the queue twice"))


def _series(runner: Runner, operation: str, window: tuple[datetime, datetime], interval: str,
            fields: dict[str, Any], names: tuple[str, ...]) -> tuple[Any, dict[datetime, dict[str, float]] | None]:
    body = {**fields, **runner.window_fields(operation, *window), "interval": interval}
    call = runner.call(operation, body=body, expect="any" if "agent" in fields else "accept")
    points = answer_field(call, "points")
    if not isinstance(points, list):
        return call, None
    found: dict[datetime, dict[str, float]] = {}
    for point in points:
        try:
            values = {n: point[n] for n in names}
            moment = datetime.fromisoformat(str(point["t"]).replace("Z", "+00:00"))
        except (KeyError, TypeError, ValueError):
            return call, None
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values.values()):
            return call, None
        found[moment] = values
    return call, found


def _regroup_problems(hourly: dict[datetime, dict[str, float]], grouped: dict[datetime, dict[str, float]],
                      hours: int, names: tuple[str, ...]) -> list[str]:
    problems = []
    for moment, values in sorted(grouped.items()):
        span = [v for t, v in hourly.items() if moment <= t < moment + timedelta(hours=hours)]
        expected = {n: sum(v[n] for v in span) for n in names}
        if expected != values:
            problems.append(f"point {moment.isoformat()} holds {values}, its 1h points {expected}")
    totals = {n: sum(v[n] for v in hourly.values()) for n in names}
    regrouped = {n: sum(v[n] for v in grouped.values()) for n in names}
    if totals != regrouped:
        problems.append(f"sums {regrouped} differ from the 1h sums {totals}")
    return problems


@recorded_by(REGROUP)
def interval_regroups(runner: Runner) -> None:
    window = hour_window(runner)
    queue = str(runner.ids("queues")[0])
    subjects: list[tuple[str, dict[str, str], tuple[str, ...]]] = [(QUEUE_SERIES, {"queue": queue}, QUEUE_COUNTS)]
    agents = runner.fixtures.ids("agents")
    if agents:
        subjects.append((AGENT_SERIES, {"queue": queue, "agent": str(agents[0])}, AGENT_COUNTS))
    for operation, fields, names in subjects:
        _, hourly = _series(runner, operation, window, "1h", fields, names)
        if hourly is None:
            continue
        for interval, hours in STEPS.items():
            call, grouped = _series(runner, operation, window, interval, fields, names)
            if grouped is None:
                continue
            problems = _regroup_problems(hourly, grouped, hours, names)
            runner.record(REGROUP.id, operation, f"interval {interval}: " + "; ".join(problems[:3]) if problems
                          else None, call=call, key=f"{interval} regroup", evidence={"fields": fields})


def _sla(runner: Runner, queue: str, window: tuple[datetime, datetime], threshold: int) -> tuple[Any, dict | None]:
    body = {"queues": [{"number": queue, "sla_secs": threshold}], **runner.window_fields(QUEUE_SUMMARY, *window)}
    call = runner.call(QUEUE_SUMMARY, body=body)
    metrics = answer_field(call, "metrics")
    return call, metrics if isinstance(metrics, dict) else None


def _number(figures: dict[str, Any] | None, name: str) -> float | None:
    value = (figures or {}).get(name)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


@recorded_by(SLA_MONOTONE)
def sla_monotone(runner: Runner) -> None:
    window = runner.window(MAX_WINDOW)
    for queue in runner.ids("queues"):
        found = [(t, _sla(runner, str(queue), window, t)) for t in (*THRESHOLDS, NO_LIMIT)]
        values = [(t, _number(metrics, "sla_pct"), call) for t, (call, metrics) in found]
        known = [(t, v, c) for t, v, c in values if v is not None]
        for (low, a, _), (high, b, call) in itertools.pairwise(known):
            runner.record(SLA_MONOTONE.id, QUEUE_SUMMARY, None if b >= a else
                          f"queue {queue}: sla_pct {b:g} at {high} s is below {a:g} at {low} s", call=call,
                          key="lower at a higher threshold", evidence={"queue": queue, "by_threshold": {
                              str(t): v for t, v, _ in values}})


def sla_variants(offered: float, accepted: float, abandoned: float) -> dict[str, float]:
    """The SLA percentage under each variant when every answered and abandoned call is within the threshold."""
    found = {"answered / offered": 100 * accepted / offered,
             "(answered + abandoned) / offered": 100 * (accepted + abandoned) / offered}
    if offered > abandoned:
        found["answered / (offered - abandoned)"] = 100 * accepted / (offered - abandoned)
    return found


@recorded_by(SLA_VARIANTS)
def sla_matches_a_variant(runner: Runner) -> None:
    window = runner.window(MAX_WINDOW)
    for queue in runner.ids("queues"):
        call, metrics = _sla(runner, str(queue), window, NO_LIMIT)
        figures = [f for n in ("offered", "accepted", "abandoned", "sla_pct") if (f := _number(metrics, n)) is not None]
        if len(figures) < 4 or not figures[0]:
            continue  # a figure missing, or nothing offered: no share to judge
        offered, accepted, abandoned, sla = figures
        variants = sla_variants(offered, accepted, abandoned)
        matched = [name for name, value in variants.items() if abs(value - sla) <= PCT_SLACK]
        runner.record(SLA_VARIANTS.id, QUEUE_SUMMARY, None if matched else
                      f"queue {queue}: sla_pct {sla:g} with a {NO_LIMIT} s threshold matches no service-level "
                      f"variant {({k: round(v, 2) for k, v in variants.items()})}", call=call,
                      key="no variant", evidence={"queue": queue, "matched": matched, "variants": variants})


def _halves(window: tuple[datetime, datetime]) -> list[tuple[datetime, datetime]]:
    start, end = window
    middle = start + timedelta(hours=max(1, int((end - start).total_seconds()) // 7200))
    return [(start, middle), (middle, end)]


@recorded_by(SUMMARY_SPLIT)
def summary_split(runner: Runner) -> None:
    window = hour_window(runner)
    parts = _halves(window)
    for queue in runner.ids("queues")[:2]:
        _, whole = queue_summary(runner, [str(queue)], window)
        halves = [queue_summary(runner, [str(queue)], part) for part in parts]
        if whole is None or any(h is None for _, h in halves):
            continue
        differing = {}
        for name in ("offered", "accepted", "abandoned"):
            values = [_number(whole, name), *(_number(h, name) for _, h in halves)]
            if None not in values and values[0] != values[1] + values[2]:  # type: ignore[operator]
                differing[name] = values
        runner.record(SUMMARY_SPLIT.id, QUEUE_SUMMARY, None if not differing else
                      f"queue {queue}: the halves do not add up to the window (whole, first, second): {differing}",
                      call=halves[1][0], key="queue halves", evidence={"queue": queue})
        for agent in runner.fixtures.ids("agents")[:2]:
            _, total = agent_summary(runner, str(queue), str(agent), window)
            pieces = [agent_summary(runner, str(queue), str(agent), part) for part in parts]
            numbers = [[_number(f, n) for f in (total, *(p for _, p in pieces))] for n in ("accepted", "total")]
            accepted, sessions = numbers
            if None in accepted or None in sessions:
                continue
            problem = None
            if accepted[0] != accepted[1] + accepted[2]:  # type: ignore[operator]
                problem = f"agent {agent} in queue {queue}: accepted {accepted[1]} + {accepted[2]} over the halves, " \
                          f"{accepted[0]} over the window"
            elif not max(sessions[1], sessions[2]) <= sessions[0] <= sessions[1] + sessions[2]:  # type: ignore
                problem = f"agent {agent} in queue {queue}: total {sessions[0]} over the window, {sessions[1]} and " \
                          f"{sessions[2]} over the halves"
            runner.record(SUMMARY_SPLIT.id, AGENT_SUMMARY, problem, call=pieces[1][0], key="agent halves",
                          evidence={"queue": queue, "agent": agent})


def _history(runner: Runner, window: tuple[datetime, datetime], pages: int = 10) -> list[dict[str, Any]] | None:
    """Every call of the window (None when refused, or too many to read)."""
    body = runner.window_fields(HISTORY, *window)
    found: list[dict[str, Any]] = []
    for page in range(pages):
        call = runner.call(HISTORY, body=body, query={"top": 100, "skip": 100 * page, "count": True})
        items, count = accepted_items(call), answer_field(call, "count")
        if not call.accepted:
            return None
        found += items
        if len(items) < 100 or (isinstance(count, int) and len(found) >= count):
            return found
    return None


@recorded_by(KPI_HISTORY)
def kpi_matches_history(runner: Runner) -> None:
    window = runner.window(MAX_WINDOW)
    calls = _history(runner, window)
    if calls is None:
        return
    for queue in runner.ids("queues"):
        call, metrics = queue_summary(runner, [str(queue)], window)
        accepted, offered = _number(metrics, "accepted"), _number(metrics, "offered")
        if accepted is None or offered is None:
            continue
        mine = [c for c in calls if str(c.get("service_number")) == str(queue)]
        answered = sum(1 for c in mine if epoch(c, "answered_at") is not None)
        problems = []
        if accepted > answered:
            problems.append(f"accepted {accepted:g}, the history answered {answered} of the queue's calls")
        if offered > len(mine):
            problems.append(f"offered {offered:g}, the history holds {len(mine)} of the queue's calls")
        runner.record(KPI_HISTORY.id, QUEUE_SUMMARY, f"queue {queue}: " + "; ".join(problems) if problems else None,
                      call=call, key="kpi vs history",
                      evidence={"queue": queue, "history_calls": len(mine), "history_answered": answered})


ITEMS_SERIES = declare(
    "PORTSIP-HISTORY-ITEMS-MATCH-SERIES",
    "Over one day, the history's items, counted by whether they were answered, give the calls timeseries' total, "
    "answered and not answered sums.",
    spec=SPEC, location="getCallsHistory items (answered_at) vs getCallsTimeseries points", severity="minor",
    kind="metamorphic", operations=(HISTORY,),
    basis=suite("the document does not say the history lists one item per call, nor that an item answered by an IVR "
                "counts as answered in the timeseries"))


@recorded_by(ITEMS_SERIES)
def items_match_series(runner: Runner) -> None:
    window = day_window(runner)
    _, points = series_points(runner, window)
    sums = totals(points) if points is not None else None
    calls = _history(runner, window, pages=20)
    if sums is None or calls is None:
        return
    answered = sum(1 for c in calls if epoch(c, "answered_at") is not None)
    counted = {"total": len(calls), "answered": answered, "not_answered": len(calls) - answered}
    differing = {n: (counted[n], sums[n]) for n in counted if counted[n] != sums[n]}
    runner.record(ITEMS_SERIES.id, HISTORY, None if not differing else f"history items (items, timeseries): "
                  f"{differing}", key="items vs series", evidence={"items": counted, "series": sums})
