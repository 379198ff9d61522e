"""PortSIP Dataflow queue and agent KPIs: arithmetic of every answer, and scenarios across the four operations.

What the vendor's words give (seed 000, VENDOR-NOTES): offered calls include the answered and the unanswered
ones, so accepted <= offered; AHT is talk plus wrap-up per accepted call and ATT talk per answered call, so
AHT >= ATT; percentages and waiting times have their ranges; the points of a timeseries cover the window in
intervals, so their counts add up to the summary's; several queues give their averaged KPIs. The suite's own
readings (advisories): that abandoned calls were offered to agents first (accepted + abandoned <= offered),
that AHT is exactly ATT plus the average wrap-up (the divisor of each average is not given) and that each
accepted queue call has a single agent. Several queues give per-queue means, each rounded on its own, so
relations between rounded means get one unit of slack there.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from conformance.checkapi.basis import PORTSIP_DATAFLOW, VENDOR_NOTES, cite, suite, vendor
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Expectation, Runner, scenario
from conformance.vendors.portsip.checks.dataflow import SPEC, answer_field, recorded_by

QUEUE_SUMMARY, QUEUE_SERIES = "getQueueKpiSummary", "getQueueTimeseries"
AGENT_SUMMARY, AGENT_SERIES = "getAgentQueueSummary", "getAgentQueueTimeseries"
MAX_WINDOW = 86400
ROUNDING = 1  # seconds of slack between rounded averages
SLA_SECS = 20  # the SLA threshold the scenarios send with each queue
KPI_NOTES = "§ Contact-centre KPI definitions (for invariants)"
OFFERED = cite(PORTSIP_DATAFLOW, 11, "including both answered and unanswered calls")
ACCEPTED = cite(PORTSIP_DATAFLOW, 11, "calls that were successfully answered by agents")


def figure_sets(operation_id: str, body: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, figures) of every KPI set in an answer: the summary object or each timeseries point."""
    if not isinstance(body, dict):
        return
    if operation_id == QUEUE_SUMMARY:
        found = body.get("metrics")
        if isinstance(found, dict):
            yield "metrics", found
    elif operation_id == AGENT_SUMMARY:
        found = body.get("points")
        if isinstance(found, dict):
            yield "points", found
    else:
        for index, point in enumerate(body.get("points") or []):
            if isinstance(point, dict):
                yield f"point {index} ({point.get('t')})", point


def number(figures: dict[str, Any], name: str) -> float:
    """A numeric figure; CheckSkipped when absent or not a number (the schema check judges that)."""
    value = figures.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CheckSkipped(f"{name} is absent or not a number")
    return value


def several_queues(ctx: CheckContext) -> bool:
    """Whether the request averages several queues (rounded means then get one unit of slack)."""
    queues = ctx.body.get("queues") if isinstance(ctx.body, dict) else None
    return isinstance(queues, list) and len(queues) > 1


def _each(ctx: CheckContext, exchange: Exchange, names: tuple[str, ...]) -> Iterator[tuple[str, list[float]]]:
    """(label, values of ``names``) of every KPI set holding all of them."""
    for label, figures in figure_sets(ctx.operation.operation_id, exchange.json()):
        try:
            yield label, [number(figures, n) for n in names]
        except CheckSkipped:
            continue


@check("PORTSIP-QUEUE-ACCEPTED-LE-OFFERED", "Accepted calls never exceed offered calls (summary and every point).",
       spec=SPEC, location="QueueKpiMetrics / QueueTimeseriesPoint: offered, accepted", severity="critical",
       operations=(QUEUE_SUMMARY, QUEUE_SERIES), basis=vendor(OFFERED, ACCEPTED))
def accepted_le_offered(ctx: CheckContext, exchange: Exchange) -> None:
    slack = ROUNDING if several_queues(ctx) else 0
    for label, (offered, accepted) in _each(ctx, exchange, ("offered", "accepted")):
        if accepted > offered + slack:
            raise CheckFailure(f"{label}: accepted {accepted:g} > offered {offered:g}", key="accepted > offered",
                               evidence={"where": label, "offered": offered, "accepted": accepted})


@check("PORTSIP-QUEUE-ABANDONED-LE-OFFERED",
       "Accepted and abandoned calls are disjoint parts of the offered ones: accepted + abandoned <= offered "
       "(abandons exclude callbacks, exits and queue-full rejects; +1 for several-queue means).",
       spec=SPEC, location="QueueKpiMetrics / QueueTimeseriesPoint: offered, accepted, abandoned", severity="critical",
       operations=(QUEUE_SUMMARY, QUEUE_SERIES),
       basis=suite("offered counts calls distributed to agents, abandoned calls that entered the queue: the document "
                   "does not say an abandoned call was distributed to an agent first, nor that short abandons leave "
                   "both figures"))
def abandoned_le_offered(ctx: CheckContext, exchange: Exchange) -> None:
    slack = ROUNDING if several_queues(ctx) else 0
    for label, (offered, accepted, abandoned) in _each(ctx, exchange, ("offered", "accepted", "abandoned")):
        if accepted + abandoned > offered + slack:
            raise CheckFailure(f"{label}: accepted {accepted:g} + abandoned {abandoned:g} > offered {offered:g}",
                               key="accepted + abandoned > offered",
                               evidence={"where": label, "offered": offered, "accepted": accepted,
                                         "abandoned": abandoned})


def _percent_in_range(ctx: CheckContext, exchange: Exchange, name: str, key: str) -> None:
    """CheckFailure when the percentage ``name`` of a KPI set lies outside [0, 100]."""
    for label, (percent,) in _each(ctx, exchange, (name,)):
        if not 0 <= percent <= 100:
            raise CheckFailure(f"{label}: {name} {percent:g} outside [0, 100]", key=key,
                               evidence={"where": label, name: percent})


@check("PORTSIP-QUEUE-SLA-RANGE", "The SLA percentage lies in [0, 100].", spec=SPEC,
       location="QueueKpiMetrics.sla_pct", severity="major", operations=(QUEUE_SUMMARY,),
       basis=vendor(cite(PORTSIP_DATAFLOW, 11, "percentage of calls answered within the SLA")))
def sla_range(ctx: CheckContext, exchange: Exchange) -> None:
    _percent_in_range(ctx, exchange, "sla_pct", "sla range")


@check("PORTSIP-AGENT-OCCUPANCY-RANGE", "An agent's occupancy percentage lies in [0, 100] (summary and every point).",
       spec=SPEC, location="AgentQueueMetrics / AgentTimeseriesPoint: occupancy_pct", severity="major",
       operations=(AGENT_SUMMARY, AGENT_SERIES),
       basis=vendor(cite(PORTSIP_DATAFLOW, 30, "Agent occupancy percentage during the period.")))
def occupancy_range(ctx: CheckContext, exchange: Exchange) -> None:
    _percent_in_range(ctx, exchange, "occupancy_pct", "occupancy range")


@check("PORTSIP-QUEUE-AHT-GE-ATT", "Average handle time is never below average talk time (AHT = talk + wrap-up).",
       spec=SPEC, location="aht_sec, att_sec of QueueKpiMetrics, AgentQueueMetrics, AgentTimeseriesPoint",
       severity="major", operations=(QUEUE_SUMMARY, AGENT_SUMMARY, AGENT_SERIES),
       basis=vendor(cite(PORTSIP_DATAFLOW, 11, "Handling time = Talk time + Wrap-up time."),
                    cite(PORTSIP_DATAFLOW, 11, "the average call duration after being answered"),
                    cite(VENDOR_NOTES, KPI_NOTES, "ATT = talk / handled ⇒ AHT ≥ ATT")))
def aht_ge_att(ctx: CheckContext, exchange: Exchange) -> None:
    for label, (aht, att) in _each(ctx, exchange, ("aht_sec", "att_sec")):
        if aht < att:
            raise CheckFailure(f"{label}: aht_sec {aht:g} < att_sec {att:g}", key="aht < att",
                               evidence={"where": label, "aht_sec": aht, "att_sec": att})


@check("PORTSIP-QUEUE-AHT-IS-ATT-PLUS-WRAP",
       "Average handle time equals average talk time plus average wrap-up time, within 1 s of rounding.",
       spec=SPEC, location="aht_sec, att_sec, avg_wrap_time_sec of QueueKpiMetrics and AgentQueueMetrics",
       severity="major", operations=(QUEUE_SUMMARY, AGENT_SUMMARY),
       basis=suite("AHT is total handling time per accepted call, but the document does not say over which calls "
                   "the average wrap-up time is taken (every accepted call, or those with a wrap-up)"))
def aht_is_att_plus_wrap(ctx: CheckContext, exchange: Exchange) -> None:
    for label, (aht, att, wrap) in _each(ctx, exchange, ("aht_sec", "att_sec", "avg_wrap_time_sec")):
        if abs(aht - (att + wrap)) > ROUNDING:
            raise CheckFailure(f"{label}: aht_sec {aht:g} != att_sec {att:g} + avg_wrap_time_sec {wrap:g} (+/- 1)",
                               key="aht != att + wrap",
                               evidence={"where": label, "aht_sec": aht, "att_sec": att, "avg_wrap_time_sec": wrap})


@check("PORTSIP-QUEUE-ASA-NONNEGATIVE", "The average speed of answer is never negative.", spec=SPEC,
       location="QueueKpiMetrics / QueueTimeseriesPoint: asa_sec", severity="minor",
       operations=(QUEUE_SUMMARY, QUEUE_SERIES),
       basis=vendor(cite(PORTSIP_DATAFLOW, 11, "the average waiting time")))
def asa_nonnegative(ctx: CheckContext, exchange: Exchange) -> None:
    for label, (asa,) in _each(ctx, exchange, ("asa_sec",)):
        if asa < 0:
            raise CheckFailure(f"{label}: asa_sec {asa:g} < 0", key="asa < 0", evidence={"where": label, "asa": asa})


@check("PORTSIP-AGENT-ACCEPTED-LE-TOTAL", "An agent never accepts more calls than were offered to them.",
       spec=SPEC, location="AgentQueueMetrics: total, accepted", severity="critical", operations=(AGENT_SUMMARY,),
       basis=vendor(cite(PORTSIP_DATAFLOW, 30, "calls received by the agent"),
                    cite(PORTSIP_DATAFLOW, 30, "calls that were successfully answered by agents")))
def agent_accepted_le_total(ctx: CheckContext, exchange: Exchange) -> None:
    for label, (total, accepted) in _each(ctx, exchange, ("total", "accepted")):
        if accepted > total:
            raise CheckFailure(f"{label}: accepted {accepted:g} > total {total:g}", key="accepted > total",
                               evidence={"where": label, "total": total, "accepted": accepted})


RESPONSE_CHECKS = ("PORTSIP-QUEUE-ACCEPTED-LE-OFFERED", "PORTSIP-QUEUE-ABANDONED-LE-OFFERED", "PORTSIP-QUEUE-SLA-RANGE",
                   "PORTSIP-AGENT-OCCUPANCY-RANGE", "PORTSIP-QUEUE-AHT-GE-ATT", "PORTSIP-QUEUE-AHT-IS-ATT-PLUS-WRAP",
                   "PORTSIP-QUEUE-ASA-NONNEGATIVE", "PORTSIP-AGENT-ACCEPTED-LE-TOTAL")


# -- scenarios --------------------------------------------------------------------------------------------
def _body(runner: Runner, operation_id: str, window: tuple[datetime, datetime], **fields: Any) -> dict[str, Any]:
    return {**fields, **runner.window_fields(operation_id, *window)}


def queue_summary(runner: Runner, queues: list[str], window: tuple[datetime, datetime]) -> tuple[Any, dict | None]:
    """The summary of fixture queues (each with an SLA threshold): a request the target must accept."""
    call = runner.call(QUEUE_SUMMARY, body=_body(runner, QUEUE_SUMMARY, window,
                                                 queues=[{"number": q, "sla_secs": SLA_SECS} for q in queues]))
    metrics = answer_field(call, "metrics")
    return call, metrics if isinstance(metrics, dict) else None


def agent_summary(runner: Runner, queue: str, agent: str, window: tuple[datetime, datetime]) -> tuple[Any, dict | None]:
    """One fixture agent in one fixture queue. The fixtures do not say which agents serve which queue, and a server
    may refuse an agent outside the queue, so the request need not be accepted."""
    call = runner.call(AGENT_SUMMARY, body=_body(runner, AGENT_SUMMARY, window, queue=queue, agent=agent),
                       expect="any")
    points = answer_field(call, "points")
    return call, points if isinstance(points, dict) else None


def hour_window(runner: Runner) -> tuple[datetime, datetime]:
    """The fixture window (at most 24 h) from the hour it starts in, whole hours long: hourly points then cover it
    exactly, whether a server counts steps from the start or from the clock's hours."""
    start, end = runner.window(MAX_WINDOW)
    start = start.replace(minute=0, second=0, microsecond=0)
    hours = max(1, min(MAX_WINDOW, int((end - start).total_seconds())) // 3600)
    return start, start + timedelta(hours=hours)


def series_sums(runner: Runner, operation_id: str, names: tuple[str, ...], window: tuple[datetime, datetime],
                **fields: Any) -> tuple[Any, dict[str, float] | None]:
    """Sum of ``names`` over the hourly points of a timeseries answer (None when refused or malformed). An agent's
    series names an agent-queue pair the fixtures do not vouch for: it need not be accepted."""
    expect: Expectation = "any" if "agent" in fields else "accept"
    call = runner.call(operation_id, body=_body(runner, operation_id, window, interval="1h", **fields),
                       expect=expect)
    points = answer_field(call, "points")
    if not isinstance(points, list):
        return call, None
    try:
        return call, {n: sum(number(p, n) for p in points) for n in names}
    except (CheckSkipped, AttributeError):
        return call, None


@scenario("PORTSIP-QUEUE-FIXTURE-KPIS", spec=SPEC, kind="invariants",
          statement="Each fixture queue's summary, and each fixture agent's summary in it, over the fixture window "
                    "(at most 24 h) satisfies every KPI relation.",
          checks=RESPONSE_CHECKS)
def fixture_kpis(runner: Runner) -> None:
    window = runner.window(MAX_WINDOW)
    agents = runner.fixtures.ids("agents")
    for queue in runner.ids("queues"):
        queue_summary(runner, [queue], window)
        for agent in agents:
            agent_summary(runner, queue, agent, window)


COUNTS = ("offered", "accepted", "abandoned")
SERIES_SUM = declare(
    "PORTSIP-QUEUE-SERIES-SUMS-TO-SUMMARY",
    "For one queue and one window, the hourly timeseries' offered, accepted and abandoned add up to the summary's.",
    spec=SPEC, location="getQueueTimeseries vs getQueueKpiSummary", severity="major", kind="metamorphic",
    basis=vendor(cite(PORTSIP_DATAFLOW, 16, "returned in intervals"), OFFERED,
                 note="the points split the window into intervals, and counts over the parts add up to the whole"))
AGENT_SUM = declare(
    "PORTSIP-AGENT-SUM-LE-QUEUE",
    "The calls the fixture agents accepted in a queue add up to at most the queue's accepted calls (each accepted "
    "call has one agent).",
    spec=SPEC, location="getAgentQueueSummary vs getQueueKpiSummary: accepted", severity="major", kind="metamorphic",
    basis=suite("the document does not say a queue call is answered by one agent only (a call passed from agent "
                "to agent in the queue may count for both)"))
AGENT_SERIES_SUM = declare(
    "PORTSIP-AGENT-SERIES-SUMS-TO-SUMMARY",
    "For one agent in one queue, the hourly timeseries' accepted calls add up to the summary's.",
    spec=SPEC, location="getAgentQueueTimeseries vs getAgentQueueSummary: accepted", severity="major",
    kind="metamorphic",
    basis=vendor(cite(PORTSIP_DATAFLOW, 37, "grouped into time intervals"),
                 note="the points split the window into intervals, and counts over the parts add up to the whole"))
MEANS = declare(
    "PORTSIP-QUEUE-SEVERAL-ARE-MEANS",
    "A summary of several queues gives the mean of the single-queue offered, accepted and abandoned counts "
    "(less than one call apart, whatever the rounding).",
    spec=SPEC, location="getQueueKpiSummary (several queues are averaged)", severity="major", kind="metamorphic",
    basis=vendor(cite(PORTSIP_DATAFLOW, 8, "returns their averaged KPI metrics"),
                 cite(VENDOR_NOTES, "§ PortSIP PBX REST API 22.x", "multi-queue KPI summaries are **averages**")))


@recorded_by(SERIES_SUM)
def series_sum_to_summary(runner: Runner) -> None:
    window = hour_window(runner)
    for queue in runner.ids("queues"):
        _, metrics = queue_summary(runner, [queue], window)
        call, sums = series_sums(runner, QUEUE_SERIES, COUNTS, window, queue=queue)
        if metrics is None or sums is None:
            continue
        try:
            summary = {n: number(metrics, n) for n in COUNTS}
        except CheckSkipped:  # a figure that is not a number: the schema check reports it
            continue
        differing = {n: (sums[n], summary[n]) for n in COUNTS if sums[n] != summary[n]}
        runner.record(SERIES_SUM.id, QUEUE_SERIES,
                      None if not differing else f"queue {queue}: timeseries sums differ from the summary "
                      f"(sum, summary): {differing}", call=call, evidence={"queue": queue, "differing": differing},
                      key="sums differ")


@recorded_by(AGENT_SUM)
def agents_le_queue(runner: Runner) -> None:
    window = runner.window(MAX_WINDOW)
    agents = runner.ids("agents")
    for queue in runner.ids("queues"):
        _, metrics = queue_summary(runner, [queue], window)
        per_agent: dict[str, float] = {}
        last = None
        for agent in agents:
            last, figures = agent_summary(runner, queue, agent, window)
            if figures is not None and isinstance(figures.get("accepted"), int):
                per_agent[agent] = figures["accepted"]
        if metrics is None or not isinstance(metrics.get("accepted"), int) or last is None:
            continue
        total = sum(per_agent.values())
        runner.record(AGENT_SUM.id, AGENT_SUMMARY,
                      None if total <= metrics["accepted"] else f"queue {queue}: agents accepted {total:g} calls, "
                      f"the queue only {metrics['accepted']}", call=last,
                      evidence={"queue": queue, "agents": per_agent, "queue_accepted": metrics["accepted"]},
                      key="agents > queue")


@recorded_by(AGENT_SERIES_SUM)
def agent_series_sum(runner: Runner) -> None:
    window = hour_window(runner)
    for queue in runner.ids("queues"):
        for agent in runner.ids("agents"):
            _, figures = agent_summary(runner, queue, agent, window)
            call, sums = series_sums(runner, AGENT_SERIES, ("accepted",), window, queue=queue, agent=agent)
            if figures is None or sums is None or not isinstance(figures.get("accepted"), int):
                continue
            runner.record(AGENT_SERIES_SUM.id, AGENT_SERIES,
                          None if sums["accepted"] == figures["accepted"] else f"agent {agent} in queue {queue}: "
                          f"points add up to {sums['accepted']:g} accepted, the summary says {figures['accepted']}",
                          call=call, evidence={"queue": queue, "agent": agent}, key="sums differ")


@recorded_by(MEANS)
def several_are_means(runner: Runner) -> None:
    queues = runner.ids("queues")
    if len(queues) < 2:
        return
    window = runner.window(MAX_WINDOW)
    singles = [queue_summary(runner, [q], window)[1] for q in queues]
    call, combined = queue_summary(runner, queues, window)
    if combined is None or any(s is None for s in singles):
        return
    differing = {}
    for name in COUNTS:
        values = [v for s in singles if s is not None for v in [s.get(name)] if isinstance(v, int)]
        if len(values) != len(singles) or not isinstance(combined.get(name), int | float):
            continue
        mean = sum(values) / len(values)
        if abs(combined[name] - mean) >= ROUNDING:  # an integer mean, rounded, floored or ceiled
            differing[name] = {"several": combined[name], "mean": mean}
    runner.record(MEANS.id, QUEUE_SUMMARY,
                  None if not differing else f"the summary of {len(queues)} queues is not their mean: {differing}",
                  call=call, evidence={"queues": queues, "differing": differing}, key="not the mean")
