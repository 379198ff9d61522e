"""PortSIP Dataflow queue and agent KPIs: summaries and timeseries (``/dataflow/queues/...``).

Queues, agents or intervals the tenant does not have answer zero figures rather than a refusal: the
request is valid, there is just nothing to count. Several queues give the mean of the per-queue figures
(vendor notes); queues the tenant does not have are left out of the mean.

Latitude flags (the documents leave these open): ``unknown_reference_refused`` refuses (404) a queue the tenant
does not have, or an agent who is not a member of the queue; ``empty_averages_null`` gives an average or a share
of no calls as blank (``null``) instead of 0.
"""

from __future__ import annotations

from typing import Any

from conformance.simulator.model import NotFound, Window
from conformance.simulator.queries.buckets import INTERVALS, edges, half_up, spans
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import Handler, RequestContext
from conformance.vendors.portsip.simulator.common import tenant_id
from conformance.vendors.portsip.simulator.dataflow_common import window_of
from conformance.vendors.portsip.simulator.queries import lookup
from conformance.vendors.portsip.simulator.queries import queue as queries

DEFAULT_INTERVAL = "1h"
# Fault flag: an interval outside the documented set falls back to the default instead of a refusal.
LENIENT_INTERVAL_FLAG = "unknown_interval_as_default"
REFUSE_UNKNOWN, NULL_AVERAGES = "unknown_reference_refused", "empty_averages_null"  # latitude flags
SLA_INVERTED = "sla_threshold_inverted"  # fault flag: a threshold t is read as 3600 - t
# Averages (and shares) of the calls a count holds: blank when that count is 0 (under NULL_AVERAGES).
AVERAGES_OF = {"accepted": ("aht_sec", "att_sec", "avg_wrap_time_sec", "asa_sec", "average_ring_time_sec"),
               "offered": ("sla_pct",)}


def _blank_averages(ctx: RequestContext, figures: dict[str, Any]) -> dict[str, Any]:
    """``figures`` with the averages of no calls blank, under the latitude flag."""
    if ctx.flag(NULL_AVERAGES):
        for count, names in AVERAGES_OF.items():
            if figures.get(count) == 0:
                figures.update({name: None for name in names if name in figures})
    return figures


def _refuse(ctx: RequestContext, what: str) -> bool:
    """False, or (latitude) a not-found refusal of an unknown reference."""
    if ctx.flag(REFUSE_UNKNOWN):
        raise Rejection("not_found", f"{what} does not exist")
    return False


def _known_queue(ctx: RequestContext, number: Any) -> bool:
    try:
        lookup.queue(ctx.store, str(number), tenant_id(ctx))
    except NotFound:
        return _refuse(ctx, f"queue {number}")
    return True


def _known_agent(ctx: RequestContext, queue: str, agent: str) -> bool:
    if not _known_queue(ctx, queue):
        return False
    found = lookup.queue(ctx.store, queue, tenant_id(ctx))
    try:
        extension = lookup.extension_id(ctx.store, agent, found.tenant_id, agent=True)
    except NotFound:
        return _refuse(ctx, f"agent {agent}")
    if ctx.flag(REFUSE_UNKNOWN) and not ctx.store.scalar(
            "SELECT 1 FROM queue_members WHERE queue_id = ? AND extension_id = ?", (found.id, extension)):
        return _refuse(ctx, f"agent {agent} in queue {queue}")
    return True


def _interval(ctx: RequestContext) -> str:
    value = ctx.body_object().get("interval", DEFAULT_INTERVAL)
    if value in INTERVALS:
        return str(value)
    if ctx.flag(LENIENT_INTERVAL_FLAG):
        return DEFAULT_INTERVAL
    raise Rejection("invalid", f"interval {value!r} is not one of {', '.join(INTERVALS)}", field="interval")


def _empty_points(window: Window, interval: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"t": window.iso(lo), **dict.fromkeys(fields, 0)} for lo, _ in spans(edges(window, interval))]


def _cb_fail(ctx: RequestContext, point: dict[str, Any]) -> int:
    """PSD-003: a count by default; the whole-number percentage of failed callbacks in the other reading."""
    if ctx.reading("portsip_cb_fail_meaning", "count") != "percent":
        return int(point["cb_fail"])
    attempts = point["cb_ok"] + point["cb_fail"]
    return half_up(100 * point["cb_fail"] / attempts) if attempts else 0


def queue_summary(ctx: RequestContext) -> Reply:
    requested = ctx.body_object().get("queues") or []
    queues = [q for q in requested if isinstance(q, dict) and _known_queue(ctx, q["number"])]
    if ctx.flag(SLA_INVERTED):
        queues = [{**q, "sla_secs": max(0, 3600 - int(q["sla_secs"]))} if isinstance(q.get("sla_secs"), int) else q
                  for q in queues]
    metrics = queries.queue_summary(ctx.store, queues, window_of(ctx), tenant_id(ctx))
    return Reply(200, {"metrics": _blank_averages(ctx, metrics)})


QUEUE_POINT = ("offered", "accepted", "abandoned", "asa_sec", "cb_ok", "cb_fail")


def queue_timeseries(ctx: RequestContext) -> Reply:
    body, window, interval = ctx.body_object(), window_of(ctx), _interval(ctx)
    if not _known_queue(ctx, body["queue"]):
        return Reply(200, {"points": _empty_points(window, interval, QUEUE_POINT)})
    points = queries.queue_timeseries(ctx.store, str(body["queue"]), window, interval, tenant_id(ctx))
    for point in points:
        point["cb_fail"] = _cb_fail(ctx, point)
    return Reply(200, {"points": [_blank_averages(ctx, point) for point in points]})


AGENT_SUMMARY = ("total", "accepted", "occupancy_pct", "aht_sec", "att_sec", "avg_wrap_time_sec",
                 "average_ring_time_sec")
AGENT_POINT = ("occupancy_pct", "aht_sec", "att_sec", "accepted")


def agent_summary(ctx: RequestContext) -> Reply:
    body = ctx.body_object()
    queue, agent = str(body["queue"]), str(body["agent"])
    if not _known_agent(ctx, queue, agent):
        return Reply(200, {"points": dict.fromkeys(AGENT_SUMMARY, 0)})
    figures = queries.agent_queue_summary(ctx.store, queue, agent, window_of(ctx), tenant_id(ctx))
    return Reply(200, {"points": _blank_averages(ctx, figures)})


def agent_timeseries(ctx: RequestContext) -> Reply:
    body, window, interval = ctx.body_object(), window_of(ctx), _interval(ctx)
    queue, agent = str(body["queue"]), str(body["agent"])
    if not _known_agent(ctx, queue, agent):
        return Reply(200, {"points": _empty_points(window, interval, AGENT_POINT)})
    points = queries.agent_queue_timeseries(ctx.store, queue, agent, window, interval, tenant_id(ctx))
    return Reply(200, {"points": [_blank_averages(ctx, {"t": p["t"], **{k: p[k] for k in AGENT_POINT}})
                                  for p in points]})


HANDLERS: dict[str, Handler] = {
    "getQueueKpiSummary": queue_summary,
    "getQueueTimeseries": queue_timeseries,
    "getAgentQueueSummary": agent_summary,
    "getAgentQueueTimeseries": agent_timeseries,
}
