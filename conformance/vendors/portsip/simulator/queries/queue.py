"""PortSIP Dataflow queue figures: queue KPI summary and timeseries, agent-in-queue summary and timeseries.

Definitions (every queue entry is one ``queue_calls`` row, attributed to the bucket of its entry time):
- short abandon: outcome ABANDONED with ``wait_sec`` below the queue's ``short_abandon_sec``;
  excluded from offered, abandoned and the SLA base when the queue has ``exclude_short_abandon``;
- offered: entries that were not rejected because the queue was full (answered, abandoned, callback,
  exit), less excluded short abandons; accepted: outcome ANSWERED; abandoned: outcome ABANDONED
  (callbacks, exits and full-queue rejections are not abandons), less excluded short abandons;
- sla_pct: answered with ``wait_sec <= sla_secs`` / offered x 100 (0.0 when nothing was offered), 2 decimals;
- asa_sec: wait (entry to answer) of answered calls / accepted; att_sec: talk (hold included) / accepted;
  avg_wrap_time_sec: wrap-up / accepted; aht_sec: (talk + wrap-up) / accepted; 0 when nothing was accepted;
- cb_ok / cb_fail: callback requests whose call-back reached / did not reach the caller (counts);
- several queues: each figure is the mean of the per-queue figures (counts over all named queues, times
  over queues that accepted calls, SLA over queues that were offered calls).
_Rounding: second and count averages are rounded half up to integers from the exact means, so
``|aht_sec - (att_sec + avg_wrap_time_sec)| <= 1``; percentages are rounded to 2 decimals.
Agents: ``total`` counts the distinct sessions the queue rang the agent for (same exclusion as offered),
``accepted``/times are those of the calls the agent answered; ``occupancy_pct`` is the agent's handling
time (talk + wrap-up) for this queue inside the window over the agent's ready time (logged in, not paused)
inside the window, x 100; ``average_ring_time_sec`` is the ring time of the answered calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from conformance.simulator.model import Window
from conformance.simulator.queries.buckets import Step, clip, edges, half_up, ratio, spans, values_cte
from conformance.simulator.store import Store
from conformance.vendors.portsip.simulator.queries import lookup

# A queue of a summary request: its number, (number, sla_secs) or the vendor object {"number", "sla_secs"}.
QueueSpec = str | tuple[str, int | None] | Mapping[str, Any]

_FIGURES = """
SELECT {key},
  SUM(outcome != 'FULL'),
  SUM(outcome = 'ABANDONED' AND wait_sec < :short),
  SUM(outcome = 'ANSWERED'),
  SUM(outcome = 'ABANDONED'),
  SUM(outcome = 'ANSWERED' AND wait_sec <= :sla),
  TOTAL(CASE WHEN outcome = 'ANSWERED' THEN wait_sec END),
  TOTAL(talk_sec), TOTAL(wrap_sec),
  SUM(cb_result = 'OK'), SUM(cb_result = 'FAIL')
FROM {source} WHERE q.queue_id = :queue {extra} GROUP BY 1
"""


def _exact(row: Sequence[Any], exclude_short: bool) -> dict[str, float]:
    entered, short, accepted, abandoned, in_sla, wait, talk, wrap, cb_ok, cb_fail = (v or 0 for v in row)
    excluded = short if exclude_short else 0
    offered = entered - excluded
    return {
        "offered": offered,
        "accepted": accepted,
        "abandoned": abandoned - excluded,
        "sla_pct": 100.0 * ratio(in_sla, offered),
        "aht_sec": ratio(talk + wrap, accepted),
        "att_sec": ratio(talk, accepted),
        "avg_wrap_time_sec": ratio(wrap, accepted),
        "asa_sec": ratio(wait, accepted),
        "cb_ok": cb_ok,
        "cb_fail": cb_fail,
    }


def _params(q: lookup.QueueRow, sla: int | None, window: Window) -> dict[str, Any]:
    return {
        "queue": q.id,
        "short": q.short_abandon_sec,
        "sla": q.sla_sec if sla is None else sla,
        "lo": window.start,
        "hi": window.end,
    }


def queue_figures(
    store: Store, number: str, window: Window, sla_secs: int | None = None, tenant_id: int | None = None
) -> dict[str, float]:
    """Exact (unrounded) KPI figures of one queue over the window."""
    q = lookup.queue(store, number, tenant_id)
    sql = _FIGURES.format(key="0", source="queue_calls q", extra="AND entered_at >= :lo AND entered_at < :hi")
    rows = store.query(sql, _params(q, sla_secs, window))
    return _exact(rows[0][1:] if rows else (0,) * 10, q.exclude_short_abandon)


def _percent(value: float) -> float:
    return round(value, 2)


_Rounding = dict[str, Callable[[float], Any]]
# Answer field -> how its exact figure is rounded, in the order the answer lists them.
_QUEUE_SUMMARY: _Rounding = {
    "offered": half_up, "accepted": half_up, "abandoned": half_up, "sla_pct": _percent, "aht_sec": half_up,
    "att_sec": half_up, "avg_wrap_time_sec": half_up, "asa_sec": half_up,
}
_QUEUE_POINT: _Rounding = {
    "offered": int, "accepted": int, "abandoned": int, "asa_sec": half_up, "cb_ok": int, "cb_fail": int,
}
_AGENT_SUMMARY: _Rounding = {
    "total": int, "accepted": int, "occupancy_pct": _percent, "aht_sec": half_up, "att_sec": half_up,
    "avg_wrap_time_sec": half_up, "average_ring_time_sec": half_up,
}
_AGENT_POINT = ("occupancy_pct", "aht_sec", "att_sec", "accepted", "total")  # of the rounded agent summary


def _rounded(fig: Mapping[str, float], rounding: _Rounding) -> dict[str, Any]:
    return {name: rule(fig[name]) for name, rule in rounding.items()}


def queue_summary(
    store: Store, queues: Sequence[QueueSpec], window: Window, tenant_id: int | None = None
) -> dict[str, Any]:
    """KPI summary of one queue, or the mean of several: ``{offered, accepted, ..., asa_sec}``."""
    figures = []
    for spec in queues:
        if isinstance(spec, str):
            number, sla = spec, None
        elif isinstance(spec, Mapping):
            number, sla = str(spec["number"]), spec.get("sla_secs")
        else:
            number, sla = spec
        figures.append(queue_figures(store, number, window, sla, tenant_id))
    if not figures:
        return _rounded(_exact((0,) * 10, False), _QUEUE_SUMMARY)

    def mean(key: str, among: list[dict[str, float]]) -> float:
        return sum(f[key] for f in among) / len(among) if among else 0.0

    answered = [f for f in figures if f["accepted"] > 0]
    offered = [f for f in figures if f["offered"] > 0]
    combined = {key: mean(key, figures) for key in ("offered", "accepted", "abandoned")}
    combined["sla_pct"] = mean("sla_pct", offered)
    for key in ("aht_sec", "att_sec", "avg_wrap_time_sec", "asa_sec"):
        combined[key] = mean(key, answered)
    return _rounded(combined, _QUEUE_SUMMARY)


def queue_timeseries(
    store: Store, queue: str, window: Window, interval: Step = "1h", tenant_id: int | None = None
) -> list[dict[str, Any]]:
    """Per bucket: ``{t, offered, accepted, abandoned, asa_sec, cb_ok, cb_fail}``."""
    q = lookup.queue(store, queue, tenant_id)
    cuts = edges(window, interval)
    buckets = [(i, lo, hi) for i, (lo, hi) in enumerate(spans(cuts))]
    sql = f"WITH {values_cte(buckets)} " + _FIGURES.format(
        key="b.i",
        source="b JOIN queue_calls q ON q.queue_id = :queue AND q.entered_at >= b.lo AND q.entered_at < b.hi",
        extra="",
    )
    found = {row[0]: _exact(row[1:], q.exclude_short_abandon) for row in store.query(sql, _params(q, None, window))}
    empty = _exact((0,) * 10, False)
    return [{"t": window.iso(lo), **_rounded(found.get(i, empty), _QUEUE_POINT)} for i, lo, _ in buckets]


# -- agents -------------------------------------------------------------------------------------------------
def _agent_rows(store: Store, q: lookup.QueueRow, agent: int, window: Window) -> dict[str, list[tuple[int, ...]]]:
    lo, hi = window.start, window.end
    excl = "AND NOT (qc.outcome = 'ABANDONED' AND qc.wait_sec < :short)" if q.exclude_short_abandon else ""
    params = {"a": agent, "q": q.id, "lo": lo, "hi": hi, "short": q.short_abandon_sec}
    return {
        "rung": store.query(
            "SELECT qa.entered_at, qc.session_id FROM queue_attempts qa JOIN queue_calls qc ON qc.id = qa.queue_call_id"
            f" WHERE qa.agent_ext = :a AND qa.queue_id = :q AND qa.entered_at >= :lo AND qa.entered_at < :hi {excl}",
            params,
        ),
        "answered": store.query(
            "SELECT entered_at, talk_sec, wrap_sec, ring_sec FROM queue_calls WHERE queue_id = :q AND agent_ext = :a"
            " AND entered_at >= :lo AND entered_at < :hi AND outcome = 'ANSWERED'",
            params,
        ),
        "handling": store.query(
            "SELECT answered_at, answered_at + talk_sec + wrap_sec FROM queue_calls WHERE agent_ext = :a"
            " AND queue_id = :q AND answered_at < :hi AND answered_at > :lo - 7200"
            " AND answered_at + talk_sec + wrap_sec > :lo",
            params,
        ),
        "logged": store.query(
            "SELECT login_at, logout_at FROM agent_sessions WHERE agent_ext = :a AND login_at < :hi"
            " AND logout_at > :lo",
            params,
        ),
        "paused": store.query(
            "SELECT start_at, end_at FROM agent_pauses WHERE agent_ext = :a AND start_at < :hi AND end_at > :lo", params
        ),
    }


def _agent_exact(rows: dict[str, list[tuple[int, ...]]], lo: int, hi: int) -> dict[str, float]:
    rung = {s for t, s in rows["rung"] if lo <= t < hi}
    answered = [r for r in rows["answered"] if lo <= r[0] < hi]
    n = len(answered)
    talk = sum(r[1] for r in answered)
    wrap = sum(r[2] for r in answered)
    ready = sum(clip(a, b, lo, hi) for a, b in rows["logged"]) - sum(clip(a, b, lo, hi) for a, b in rows["paused"])
    handling = sum(clip(a, b, lo, hi) for a, b in rows["handling"])
    return {
        "total": len(rung),
        "accepted": n,
        "occupancy_pct": 100.0 * ratio(handling, ready),
        "aht_sec": ratio(talk + wrap, n),
        "att_sec": ratio(talk, n),
        "avg_wrap_time_sec": ratio(wrap, n),
        "average_ring_time_sec": ratio(sum(r[3] for r in answered), n),
    }


def agent_figures(
    store: Store, queue: str, agent: str, window: Window, tenant_id: int | None = None
) -> dict[str, float]:
    """Exact (unrounded) figures of one agent in one queue over the window."""
    q = lookup.queue(store, queue, tenant_id)
    aid = lookup.extension_id(store, agent, q.tenant_id, agent=True)
    return _agent_exact(_agent_rows(store, q, aid, window), window.start, window.end)


def agent_queue_summary(
    store: Store, queue: str, agent: str, window: Window, tenant_id: int | None = None
) -> dict[str, Any]:
    """``{total, accepted, occupancy_pct, aht_sec, att_sec, avg_wrap_time_sec, average_ring_time_sec}``."""
    return _rounded(agent_figures(store, queue, agent, window, tenant_id), _AGENT_SUMMARY)


def agent_queue_timeseries(
    store: Store, queue: str, agent: str, window: Window, interval: Step = "1h", tenant_id: int | None = None
) -> list[dict[str, Any]]:
    """Per bucket: ``{t, occupancy_pct, aht_sec, att_sec, accepted}`` (plus ``total``)."""
    q = lookup.queue(store, queue, tenant_id)
    aid = lookup.extension_id(store, agent, q.tenant_id, agent=True)
    rows = _agent_rows(store, q, aid, window)
    points = []
    for lo, hi in spans(edges(window, interval)):
        fig = _rounded(_agent_exact(rows, lo, hi), _AGENT_SUMMARY)
        points.append({"t": window.iso(lo), **{name: fig[name] for name in _AGENT_POINT}})
    return points


def queue_agents(store: Store, queue: str, tenant_id: int | None = None) -> list[str]:
    """Agent numbers that are members of the queue."""
    q = lookup.queue(store, queue, tenant_id)
    return [
        r[0]
        for r in store.query(
            "SELECT e.number FROM queue_members m JOIN extensions e ON e.id = m.extension_id WHERE m.queue_id = ?"
            " ORDER BY e.id",
            (q.id,),
        )
    ]


__all__ = [
    "agent_figures",
    "agent_queue_summary",
    "agent_queue_timeseries",
    "queue_agents",
    "queue_figures",
    "queue_summary",
    "queue_timeseries",
]
