"""PortSIP Dataflow call analytics: calls timeseries, call history, user call history, history by session.

A call is one session (all legs sharing a session id), placed in time by its start ``started_at``; it is
ANSWERED when a person (extension, agent or external party) answered it, else UNANSWERED (an IVR
answering does not count). The calls timeseries and the call history count the same sessions, so the
history ``count`` over a window equals the timeseries ``total`` summed over it. The user history lists
legs instead: one item per leg in which the user was the caller (party CALLER) or the callee (CALLEE).

Filters: ``caller``/``callee`` match the number exactly; durations are ``ended_at - started_at`` with
inclusive bounds; hours of day are local hours in the window's UTC offset at its start, ``start_hour <=
hour < end_hour`` (wrapping past midnight when ``start_hour > end_hour``). Items come oldest first.
"""

from __future__ import annotations

from typing import Any

from conformance.simulator.model import NotFound, Window, row_of_session_id
from conformance.simulator.queries.buckets import Step, best_slot, edges, split_for_slots, values_cte
from conformance.simulator.store import AGG_SLOTS, Store
from conformance.vendors.portsip.simulator.queries import lookup
from conformance.vendors.portsip.simulator.queries.render import (
    LEG_HOST,
    LEG_SELECT,
    SESSION_SELECT,
    dict_rows,
    history_item_of_leg,
    history_item_of_session,
    paged_rows,
)


def default_interval(window: Window) -> Step:
    """Hourly steps for windows up to one day, daily steps beyond."""
    return "1h" if window.seconds <= 86400 else "DAY"


def calls_timeseries(
    store: Store, window: Window, interval: Step | None = None, tenants: list[int] | None = None
) -> list[dict[str, Any]]:
    """Per bucket: ``{t, total, answered, not_answered}`` sessions started in it (aggregates + raw edges)."""
    cuts = edges(window, interval or default_interval(window))
    if not cuts:
        return []
    slot = best_slot(cuts, AGG_SLOTS)
    whole, raw = split_for_slots(cuts, slot)
    sums = [[0, 0, 0] for _ in range(len(cuts) - 1)]
    where = lookup.tenant_filter("x.tenant_id", tenants)
    sqls = []
    if whole:
        sqls.append(
            f"WITH {values_cte(whole)} SELECT b.i, SUM(x.total), SUM(x.answered), SUM(x.unanswered)"
            f" FROM b JOIN calls_agg_{slot} x ON x.slot >= b.lo AND x.slot < b.hi WHERE {where} GROUP BY b.i"
        )
    if raw:
        sqls.append(
            f"WITH {values_cte(raw)} SELECT b.i, COUNT(*), SUM(x.status = 'ANSWERED'),"
            " SUM(x.status = 'UNANSWERED') FROM b JOIN sessions x"
            f" ON x.started_at >= b.lo AND x.started_at < b.hi WHERE {where} GROUP BY b.i"
        )
    for sql in sqls:
        for i, total, answered, unanswered in store.query(sql):
            acc = sums[i]
            acc[0] += total
            acc[1] += answered or 0
            acc[2] += unanswered or 0
    return [
        {"t": window.iso(lo), "total": s[0], "answered": s[1], "not_answered": s[2]}
        for lo, s in zip(cuts[:-1], sums, strict=True)
    ]


def _started(alias: str, window: Window, min_duration: int | None, max_duration: int | None,
             start_hour: int | None, end_hour: int | None) -> list[str]:
    """Conditions every history filters on: started in the window, lasting (start to end) within the inclusive
    duration bounds, starting within the local hours."""
    started = f"{alias}.started_at"
    cond = [f"{started} >= {window.start}", f"{started} < {window.end}"]
    if min_duration is not None:
        cond.append(f"{alias}.ended_at - {started} >= {int(min_duration)}")
    if max_duration is not None:
        cond.append(f"{alias}.ended_at - {started} <= {int(max_duration)}")
    if start_hour is not None or end_hour is not None:
        lo = 0 if start_hour is None else int(start_hour)
        hi = 24 if end_hour is None else int(end_hour)
        hour = f"((({started} + {window.offset_seconds()}) % 86400 + 86400) % 86400 / 3600)"
        joiner = "AND" if lo <= hi else "OR"
        cond.append(f"({hour} >= {lo} {joiner} {hour} < {hi})")
    return cond


def call_history(
    store: Store,
    window: Window,
    *,
    tenants: list[int] | None = None,
    caller: str | None = None,
    callee: str | None = None,
    min_duration: int | None = None,
    max_duration: int | None = None,
    start_hour: int | None = None,
    end_hour: int | None = None,
    status: str | None = None,
    session_id: str | None = None,
    top: int | None = 100,
    skip: int | None = 0,
    descending: bool = False,
) -> dict[str, Any]:
    """``{count, items}``: sessions started in the window that pass the filters; ``count`` ignores paging."""
    where = [
        *_started("s", window, min_duration, max_duration, start_hour, end_hour),
        lookup.tenant_filter("s.tenant_id", tenants),
    ]
    params: list[Any] = []
    for column, value in (("s.caller", caller), ("s.callee", callee)):
        if value:
            where.append(f"{column} = ?")
            params.append(str(value))
    if status and status != "NONE":
        where.append("s.status = ?")
        params.append(status)
    if session_id:
        row = row_of_session_id(session_id)
        where.append(f"s.id = {row if row is not None else -1}")
    condition = " AND ".join(where)
    count, rows = paged_rows(
        store, f"SELECT COUNT(*) FROM sessions s WHERE {condition}", f"{SESSION_SELECT} WHERE {condition}", params,
        alias="s.", top=top, skip=skip, descending=descending,
    )
    return {"count": count, "items": [history_item_of_session(r) for r in rows]}


def user_call_history(
    store: Store,
    window: Window,
    user: str,
    *,
    tenant_id: int | None = None,
    party: str | None = None,
    direction: str | None = None,
    destination: str | None = None,
    min_duration: int | None = None,
    max_duration: int | None = None,
    start_hour: int | None = None,
    end_hour: int | None = None,
    status: str | None = None,
    top: int | None = 100,
    skip: int | None = 0,
    descending: bool = False,
) -> dict[str, Any]:
    """``{count, items}``: legs in the window where the user (an extension number) was caller or callee."""
    ext = lookup.extension_id(store, user, tenant_id)
    sides = [("CALLER", "l.caller_ext"), ("CALLEE", "l.callee_ext")]
    if party in ("CALLER", "CALLEE"):
        sides = [s for s in sides if s[0] == party]
    common = _started("l", window, min_duration, max_duration, start_hour, end_hour)
    params: list[Any] = []
    if direction and direction != "NONE":
        common.append("s.direction = ?")
        params.append(direction)
    if destination:
        common.append(f"'sip:' || l.callee || '@' || {LEG_HOST} = ?")
        params.append(destination)
    if status == "ANSWERED":
        common.append("l.answered_at IS NOT NULL")
    elif status == "UNANSWERED":
        common.append("l.answered_at IS NULL")
    condition = " AND ".join(common)
    union = " UNION ALL ".join(
        f"SELECT '{name}' AS party, q.* FROM ({LEG_SELECT} WHERE {column} = {ext} AND {condition}) q"
        for name, column in sides
    )
    count, rows = paged_rows(
        store, f"SELECT COUNT(*) FROM ({union})", f"SELECT * FROM ({union})", params * len(sides),
        top=top, skip=skip, descending=descending,
    )
    return {"count": count, "items": [history_item_of_leg(r, r["party"]) for r in rows]}


def session_legs(store: Store, session_id: str | int) -> dict[str, Any]:
    """``{items}``: every leg of one session, in order; NotFound for an unknown session id."""
    row = row_of_session_id(session_id)
    found = store.query("SELECT first_leg, leg_count FROM sessions WHERE id = ?", (row,)) if row else []
    if not found:
        raise NotFound(f"session {session_id}")
    first, n = found[0]
    rows = dict_rows(store, f"{LEG_SELECT} WHERE l.id >= ? AND l.id < ? ORDER BY l.id", (first, first + n))
    return {"items": [history_item_of_leg(r) for r in rows]}
