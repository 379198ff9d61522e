"""Yeastar P-Series call report rows for the 20 report types (the CSV behind ``call_report/download``).

``report(store, type, params)`` returns ``{"columns": [...], "rows": [[...], ...]}``; the columns of each
type are in ``REPORTS[type].columns`` (snake_case; the HTTP layer picks header wording and time format).
Times are RFC 3339 in the window's zone. Ids are the store's row ids (extension, trunk, IVR, ring group,
queue, agent = extension id); a single-id parameter of the vendor (``trunk_id``, ``queue_id``) is passed as a
one-element list (``trunk_ids``, ``queue_ids``). ``None`` means every id.

Activity reports (``extcallactivity``, ``trunkactivity``, ``trunkdiddodactivity``, ``queueavgwaittalktime``,
``queueperformanceactivity``) take ``params.step``: hourly for a day, daily for a month, monthly for a year
(``period()`` turns the vendor ``time`` value into window and step). Partitions that hold in every row:
extension results ``answered + no_answer + busy + failed = total``; trunk activity
``inbound + outbound + internal = total``; IVR ``keys + timeout + hangup = total``; queue performance
``answered + abandoned + callback + exit + full = total``; callbacks ``succeeded + failed = requested``;
agent performance ``answered + missed = rung``; satisfaction ``score_1..score_5 = surveyed``.

``need_detail`` (IVR, queue performance and its activity, agent performance) appends one row per call (per ring
attempt for agents) after the summary rows, in the report's own columns: the call's figures as a report of that
one call, so the detail rows of an object add up to its summary row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from conformance.registry import Registry
from conformance.simulator.model import YEASTAR_RESULT, FusionBucket, Window
from conformance.simulator.queries.buckets import Step, edges, half_up, ratio, spans, values_cte
from conformance.simulator.queries.extension_records import RecordGroup, record_groups
from conformance.simulator.store import Store

IVR_KEYS = ("0", "1", "2", "3")
RESULTS = ("answered", "no_answer", "busy", "failed")


@dataclass(frozen=True)
class ReportParams:
    """Request parameters of a call report, already parsed (ids are store row ids)."""

    window: Window
    step: Step = "DAY"
    ext_ids: Sequence[int] | None = None
    trunk_ids: Sequence[int] | None = None
    ivr_ids: Sequence[int] | None = None
    ring_group_ids: Sequence[int] | None = None
    queue_ids: Sequence[int] | None = None
    agent_ids: Sequence[int] | None = None
    abandon_time: int = 0
    talk_time: int = 0
    include_internal: bool = False
    callback_result: str | None = None  # success | fail
    reason: str | None = None
    communication_type: str | None = None  # Inbound | Outbound | Internal
    tenant_id: int | None = None  # internal calls of trunkactivity: this tenant's only (None: every tenant)
    need_detail: bool = False  # add one row per call after the summary rows (ivr, queue and agent performance)
    inverted: frozenset[str] = frozenset()  # fault: thresholds (abandon_time, talk_time) compared the wrong way


@dataclass(frozen=True)
class Report:
    columns: tuple[str, ...]
    rows: Callable[[Store, ReportParams], list[list[Any]]]


REPORTS: Registry[Report] = Registry("Yeastar report type")


def report_type(
    name: str, columns: Sequence[str]
) -> Callable[[Callable[[Store, ReportParams], list[list[Any]]]], Callable[[Store, ReportParams], list[list[Any]]]]:
    def register(
        fn: Callable[[Store, ReportParams], list[list[Any]]],
    ) -> Callable[[Store, ReportParams], list[list[Any]]]:
        REPORTS.add(name, Report(tuple(columns), fn))
        return fn

    return register


def report(store: Store, kind: str, params: ReportParams) -> dict[str, Any]:
    """Columns and rows of one report type (KeyError for an unknown type)."""
    spec = REPORTS[kind]
    return {"columns": list(spec.columns), "rows": spec.rows(store, params)}


def period(year: int, month: int | None, day: int | None, tz: Any) -> tuple[Window, Step]:
    """Window and step of a ``time`` value: a day by hour, a month by day, a year by month."""
    if day is not None and month is not None:
        lo = date(year, month, day)
        hi = date.fromordinal(lo.toordinal() + 1)
        step: Step = "1h"
    elif month is not None:
        lo = date(year, month, 1)
        hi = date(year + (month == 12), month % 12 + 1, 1)
        step = "DAY"
    else:
        lo, hi, step = date(year, 1, 1), date(year + 1, 1, 1), "MONTH"
    return Window.of(datetime.combine(lo, time(), tz), datetime.combine(hi, time(), tz), tz), step


# -- helpers ------------------------------------------------------------------------------------------------
def _in(column: str, ids: Sequence[int] | None) -> str:
    if ids is None:
        return "1"
    return f"{column} IN ({','.join(str(int(i)) for i in ids) or 'NULL'})"


def _names(store: Store, table: str, ids: Sequence[int] | None, fields: str = "number, name") -> list[tuple]:
    return store.query(f"SELECT id, {fields} FROM {table} WHERE {_in('id', ids)} ORDER BY id")


def _ext_names(store: Store, ids: Sequence[int] | None, agents: bool = False) -> list[tuple]:
    cond = _in("id", ids) + (" AND is_agent = 1" if agents else "")
    return store.query(f"SELECT id, number, first_name || ' ' || last_name FROM extensions WHERE {cond} ORDER BY id")


def _queue_agents(store: Store, p: ReportParams) -> list[tuple]:
    members = store.query(f"SELECT extension_id FROM queue_members WHERE {_in('queue_id', p.queue_ids)}")
    ids = sorted({m for (m,) in members} & set(p.agent_ids) if p.agent_ids is not None else {m for (m,) in members})
    return _ext_names(store, ids)


def _comm_type(g: RecordGroup) -> str:
    if g.cdr_direction == "EXTENSION_CALL":
        return "Internal"
    return "Outbound" if g.side == "OUT" else "Inbound"


def _ext_results(groups: Sequence[RecordGroup], comm: str | None) -> dict[tuple[int, int], list[int]]:
    out: dict[tuple[int, int], list[int]] = {}
    for g in groups:
        if comm and _comm_type(g) != comm:
            continue
        acc = out.setdefault((g.bucket, g.ext), [0] * 6)
        acc[RESULTS.index(YEASTAR_RESULT[FusionBucket(g.fusion)])] += g.count
        acc[4] += g.count
        acc[5] += g.billsec
    return out


def _keyed(rows: Sequence[tuple], width: int = 1) -> dict[Any, tuple]:
    """Rows by their first column (``width=2``: their first two), each the tuple of its other columns."""
    return {(r[0] if width == 1 else r[:width]): r[width:] for r in rows}


def _buckets(p: ReportParams) -> list[tuple[int, int, int]]:
    return [(i, lo, hi) for i, (lo, hi) in enumerate(spans(edges(p.window, p.step)))]


def _bucketed(store: Store, p: ReportParams, sql: str) -> list[tuple]:
    """Run ``sql`` (which joins ``b(i, lo, hi)``) over the report buckets."""
    return store.query(f"WITH {values_cte(_buckets(p))} {sql}")


W = "{col} >= {lo} AND {col} < {hi}"


def _win(col: str, p: ReportParams) -> str:
    return W.format(col=col, lo=p.window.start, hi=p.window.end)


# -- extension reports --------------------------------------------------------------------------------------
@report_type("extcallstatistics", ("extension", "name", *RESULTS, "total", "talk_sec"))
def _extcallstatistics(store: Store, p: ReportParams) -> list[list[Any]]:
    groups = record_groups(store, [p.window.start, p.window.end], ext_ids=p.ext_ids)
    res = _ext_results(groups, p.communication_type)
    return [[num, name, *res.get((0, eid), [0] * 6)] for eid, num, name in _ext_names(store, p.ext_ids)]


@report_type("extcallactivity", ("time", "extension", "name", *RESULTS, "total", "talk_sec"))
def _extcallactivity(store: Store, p: ReportParams) -> list[list[Any]]:
    cuts = edges(p.window, p.step)
    res = _ext_results(record_groups(store, cuts, ext_ids=p.ext_ids), p.communication_type)
    exts = _ext_names(store, p.ext_ids)
    return [
        [p.window.iso(lo), num, name, *res.get((i, eid), [0] * 6)]
        for i, (lo, _) in enumerate(spans(cuts))
        for eid, num, name in exts
    ]


@report_type("extcallbilling", ("extension", "name", "calls", "talk_sec", "cost"))
def _extcallbilling(store: Store, p: ReportParams) -> list[list[Any]]:
    found = _keyed(
        store.query(
            "SELECT caller_ext, COUNT(*), TOTAL(ended_at - answered_at), TOTAL(cost) FROM legs l"
            f" WHERE caller_ext IS NOT NULL AND direction = 'OUTBOUND_CALL' AND answered_at IS NOT NULL"
            f" AND {_win('l.started_at', p)} AND {_in('caller_ext', p.ext_ids)} AND {_in('trunk_id', p.trunk_ids)}"
            " GROUP BY caller_ext"
        )
    )
    rows = []
    for eid, num, name in _ext_names(store, p.ext_ids):
        calls, talk, cost = found.get(eid, (0, 0, 0.0))
        rows.append([num, name, calls, int(talk), round(cost, 4)])
    return rows


@report_type("extcallbillingdetails", ("time", "extension", "name", "callee", "trunk", "talk_sec", "cost"))
def _extcallbillingdetails(store: Store, p: ReportParams) -> list[list[Any]]:
    rows = store.query(
        "SELECT l.started_at, e.number, e.first_name || ' ' || e.last_name, l.callee, t.name,"
        " l.ended_at - l.answered_at, l.cost FROM legs l JOIN extensions e ON e.id = l.caller_ext"
        " JOIN trunks t ON t.id = l.trunk_id WHERE l.direction = 'OUTBOUND_CALL' AND l.answered_at IS NOT NULL"
        f" AND {_win('l.started_at', p)} AND {_in('l.caller_ext', p.ext_ids)} AND {_in('l.trunk_id', p.trunk_ids)}"
        " ORDER BY l.started_at, l.id"
    )
    return [[p.window.iso(r[0]), *r[1:]] for r in rows]


# -- trunk reports ------------------------------------------------------------------------------------------
@report_type(
    "trunkactivity",
    ("time", "inbound", "outbound", "internal", "total", "inbound_talk_sec", "outbound_talk_sec", "internal_talk_sec"),
)
def _trunkactivity(store: Store, p: ReportParams) -> list[list[Any]]:
    comm = p.communication_type
    internal = "s.direction = 'INTERNAL'"
    if p.tenant_id is not None:
        internal += f" AND s.tenant_id = {int(p.tenant_id)}"
    kinds = {
        "inbound": f"s.direction IN ('INBOUND', 'IN_TO_OUT') AND {_in('s.inbound_trunk', p.trunk_ids)}",
        "outbound": f"s.direction = 'OUTBOUND' AND {_in('s.outbound_trunk', p.trunk_ids)}",
        "internal": internal,
    }
    if not p.include_internal:
        kinds["internal"] = "0"
    if comm in ("Inbound", "Outbound", "Internal"):
        kinds = {k: (v if k == comm.lower() else "0") for k, v in kinds.items()}
    cols = ", ".join(
        f"SUM({cond}), TOTAL(CASE WHEN {cond} THEN s.ended_at - s.answered_at END)" for cond in kinds.values()
    )
    found = _keyed(
        _bucketed(
            store,
            p,
            f"SELECT b.i, {cols} FROM b JOIN sessions s ON s.started_at >= b.lo AND s.started_at < b.hi GROUP BY b.i",
        )
    )
    rows = []
    for i, lo, _ in _buckets(p):
        r = found.get(i, (0, 0.0, 0, 0.0, 0, 0.0))
        counts = [int(r[0] or 0), int(r[2] or 0), int(r[4] or 0)]
        rows.append([p.window.iso(lo), *counts, sum(counts), int(r[1]), int(r[3]), int(r[5])])
    return rows


@report_type("trunkdiddodactivity", ("time", "number", "type", "calls", "answered", "talk_sec"))
def _trunkdiddodactivity(store: Store, p: ReportParams) -> list[list[Any]]:
    trunk = p.trunk_ids[0] if p.trunk_ids else -1
    parts = []
    if p.communication_type in (None, "Inbound"):
        parts.append(
            "SELECT b.i, s.did, 'Inbound', COUNT(*), SUM(s.answered_at IS NOT NULL),"
            " TOTAL(s.ended_at - s.answered_at) FROM b JOIN sessions s ON s.started_at >= b.lo"
            f" AND s.started_at < b.hi WHERE s.inbound_trunk = {int(trunk)} GROUP BY 1, 2"
        )
    if p.communication_type in (None, "Outbound"):
        parts.append(
            "SELECT b.i, m.outbound_caller_id, 'Outbound', COUNT(*), SUM(s.answered_at IS NOT NULL),"
            " TOTAL(s.ended_at - s.answered_at) FROM b JOIN sessions s ON s.started_at >= b.lo"
            " AND s.started_at < b.hi JOIN legs m ON m.id = s.main_leg"
            f" WHERE s.direction = 'OUTBOUND' AND s.outbound_trunk = {int(trunk)} GROUP BY 1, 2"
        )
    cuts = edges(p.window, p.step)
    rows = _bucketed(store, p, " UNION ALL ".join(parts) + " ORDER BY 1, 3, 2") if parts else []
    return [[p.window.iso(cuts[r[0]]), r[1], r[2], r[3], r[4], int(r[5])] for r in rows]


# -- IVR and ring groups ------------------------------------------------------------------------------------
@report_type("ivr", ("ivr", "name", "total", *(f"key_{k}" for k in IVR_KEYS), "timeout", "hangup"))
def _ivr(store: Store, p: ReportParams) -> list[list[Any]]:
    keys = (*IVR_KEYS, "timeout", "hangup")
    cols = ", ".join(f"SUM(ivr_key = '{k}')" for k in keys)
    found = _keyed(
        store.query(
            f"SELECT ivr_id, COUNT(*), {cols} FROM sessions WHERE ivr_id IS NOT NULL AND {_win('started_at', p)}"
            f" AND {_in('ivr_id', p.ivr_ids)} GROUP BY ivr_id"
        )
    )
    ivrs = _names(store, "ivrs", p.ivr_ids)
    rows = [[num, name, *found.get(i, [0] * (len(keys) + 1))] for i, num, name in ivrs]
    if p.need_detail:
        names = {i: (num, name) for i, num, name in ivrs}
        calls = store.query(
            f"SELECT ivr_id, {cols} FROM sessions WHERE ivr_id IS NOT NULL AND {_win('started_at', p)}"
            f" AND {_in('ivr_id', p.ivr_ids)} GROUP BY id ORDER BY started_at, id"
        )
        rows += [[*names[r[0]], 1, *r[1:]] for r in calls if r[0] in names]
    return rows


@report_type(
    "ringgroupstatistics", ("ring_group", "name", "total", "answered", "missed", "avg_ring_sec", "avg_talk_sec")
)
def _ringgroupstatistics(store: Store, p: ReportParams) -> list[list[Any]]:
    found = _keyed(
        store.query(
            "SELECT l.service_id, COUNT(*), SUM(l.answered_at IS NOT NULL), TOTAL(l.answered_at - l.rang_at),"
            " TOTAL(l.ended_at - l.answered_at) FROM legs l JOIN ring_groups g ON g.id = l.service_id"
            " WHERE l.service_type = 'RING_GROUP' AND l.callee = g.number AND l.callee_ext IS NULL"
            f" AND {_win('l.started_at', p)} AND {_in('l.service_id', p.ring_group_ids)} GROUP BY l.service_id"
        )
    )
    rows = []
    for gid, num, name in _names(store, "ring_groups", p.ring_group_ids):
        total, answered, ring, talk = found.get(gid, (0, 0, 0.0, 0.0))
        rows.append(
            [
                num,
                name,
                total,
                answered,
                total - answered,
                half_up(ratio(ring, answered)),
                half_up(ratio(talk, answered)),
            ]
        )
    return rows


# -- queue reports ------------------------------------------------------------------------------------------
_OUTCOMES = ("ANSWERED", "ABANDONED", "CALLBACK", "EXIT", "FULL")


def _below(p: ReportParams, threshold: str) -> str:
    """How a threshold leaves calls out: those within it (``<``), or those beyond it under the inverting fault."""
    return ">=" if threshold in p.inverted else "<"


def _queue_filter(p: ReportParams, alias: str = "q") -> str:
    cond = [_in(f"{alias}.queue_id", p.queue_ids)]
    if p.abandon_time:
        cond.append(f"NOT ({alias}.outcome = 'ABANDONED' AND {alias}.wait_sec {_below(p, 'abandon_time')}"
                    f" {int(p.abandon_time)})")
    if p.talk_time:
        cond.append(f"NOT ({alias}.outcome = 'ANSWERED' AND {alias}.talk_sec {_below(p, 'talk_time')}"
                    f" {int(p.talk_time)})")
    return " AND ".join(cond)


_QUEUE_COLS = ", ".join(f"SUM(q.outcome = '{o}')" for o in _OUTCOMES) + (
    ", TOTAL(CASE WHEN q.outcome = 'ANSWERED' THEN q.wait_sec END), MAX(q.wait_sec), TOTAL(q.talk_sec)"
)


def _queue_row(r: Sequence[Any]) -> list[Any]:
    answered, abandoned, callback, exit_, full, wait, max_wait, talk = (v or 0 for v in r)
    total = answered + abandoned + callback + exit_ + full
    return [
        total,
        answered,
        abandoned,
        callback,
        exit_,
        full,
        round(100 * ratio(answered, total), 2),
        round(100 * ratio(abandoned, total), 2),
        half_up(ratio(wait, answered)),
        int(max_wait),
        half_up(ratio(talk, answered)),
        int(talk),
    ]


# Columns of _queue_row.
_QUEUE_FIGURES = (
    "total",
    "answered",
    "abandoned",
    "callback",
    "exit",
    "full",
    "answer_rate_pct",
    "abandon_rate_pct",
    "avg_wait_sec",
    "max_wait_sec",
    "avg_talk_sec",
    "total_talk_sec",
)


# One call's figures in the order of _QUEUE_COLS (the detail rows of need_detail).
_QUEUE_CALL = ", ".join(f"q.outcome = '{o}'" for o in _OUTCOMES) + (
    ", CASE WHEN q.outcome = 'ANSWERED' THEN q.wait_sec ELSE 0 END, q.wait_sec, q.talk_sec"
)


@report_type("queueperformance", ("queue", "name", *_QUEUE_FIGURES))
def _queueperformance(store: Store, p: ReportParams) -> list[list[Any]]:
    found = _keyed(
        store.query(
            f"SELECT q.queue_id, {_QUEUE_COLS} FROM queue_calls q"
            f" WHERE {_win('q.entered_at', p)} AND {_queue_filter(p)} GROUP BY q.queue_id"
        )
    )
    queues = _names(store, "queues", p.queue_ids)
    rows = [[num, name, *_queue_row(found.get(qid, (0,) * 8))] for qid, num, name in queues]
    if p.need_detail:
        names = {qid: (num, name) for qid, num, name in queues}
        calls = store.query(
            f"SELECT q.queue_id, {_QUEUE_CALL} FROM queue_calls q WHERE {_win('q.entered_at', p)}"
            f" AND {_queue_filter(p)} ORDER BY q.entered_at, q.id"
        )
        rows += [[*names[r[0]], *_queue_row(r[1:])] for r in calls if r[0] in names]
    return rows


@report_type("queueperformanceactivity", ("time", "queue", "name", *_QUEUE_FIGURES))
def _queueperformanceactivity(store: Store, p: ReportParams) -> list[list[Any]]:
    found = _keyed(
        _bucketed(
            store,
            p,
            f"SELECT b.i, q.queue_id, {_QUEUE_COLS} FROM b JOIN queue_calls q ON q.entered_at >= b.lo"
            f" AND q.entered_at < b.hi WHERE {_queue_filter(p)} GROUP BY 1, 2",
        ),
        2,
    )
    queues = _names(store, "queues", p.queue_ids)
    buckets = _buckets(p)
    rows = [
        [p.window.iso(lo), num, name, *_queue_row(found.get((i, qid), (0,) * 8))]
        for i, lo, _ in buckets
        for qid, num, name in queues
    ]
    if p.need_detail:
        names = {qid: (num, name) for qid, num, name in queues}
        starts = {i: lo for i, lo, _ in buckets}
        calls = _bucketed(
            store,
            p,
            f"SELECT b.i, q.queue_id, {_QUEUE_CALL} FROM b JOIN queue_calls q ON q.entered_at >= b.lo"
            f" AND q.entered_at < b.hi WHERE {_queue_filter(p)} ORDER BY q.entered_at, q.id",
        )
        rows += [[p.window.iso(starts[r[0]]), *names[r[1]], *_queue_row(r[2:])] for r in calls if r[1] in names]
    return rows


@report_type("queueavgwaittalktime", ("time", "queue", "name", "calls", "answered", "avg_wait_sec", "avg_talk_sec"))
def _queueavgwaittalktime(store: Store, p: ReportParams) -> list[list[Any]]:
    found = _keyed(
        _bucketed(
            store,
            p,
            "SELECT b.i, q.queue_id, COUNT(*), SUM(q.outcome = 'ANSWERED'),"
            " TOTAL(CASE WHEN q.outcome = 'ANSWERED' THEN q.wait_sec END), TOTAL(q.talk_sec) FROM b JOIN queue_calls q"
            f" ON q.entered_at >= b.lo AND q.entered_at < b.hi WHERE {_in('q.queue_id', p.queue_ids)} GROUP BY 1, 2",
        ),
        2,
    )
    rows = []
    for i, lo, _ in _buckets(p):
        for qid, num, name in _names(store, "queues", p.queue_ids):
            calls, answered, wait, talk = found.get((i, qid), (0, 0, 0.0, 0.0))
            rows.append(
                [
                    p.window.iso(lo),
                    num,
                    name,
                    calls,
                    answered,
                    half_up(ratio(wait, answered)),
                    half_up(ratio(talk, answered)),
                ]
            )
    return rows


@report_type("queuecallbackssummary", ("queue", "name", "requested", "succeeded", "failed"))
def _queuecallbackssummary(store: Store, p: ReportParams) -> list[list[Any]]:
    found = _keyed(
        store.query(
            "SELECT queue_id, COUNT(*), SUM(cb_result = 'OK'), SUM(cb_result = 'FAIL') FROM queue_calls q"
            f" WHERE outcome = 'CALLBACK' AND {_win('entered_at', p)} AND {_in('queue_id', p.queue_ids)}"
            " GROUP BY queue_id"
        )
    )
    return [[num, name, *found.get(qid, (0, 0, 0))] for qid, num, name in _names(store, "queues", p.queue_ids)]


@report_type("queuecallbacksactivity", ("time", "queue", "caller", "callback_time", "result", "callback_id"))
def _queuecallbacksactivity(store: Store, p: ReportParams) -> list[list[Any]]:
    wanted = {"success": "OK", "fail": "FAIL"}.get((p.callback_result or "").lower())
    cond = f"AND q.cb_result = '{wanted}'" if wanted else ""
    rows = store.query(
        "SELECT q.entered_at, u.number, q.caller, q.cb_at, q.cb_result, q.callback_id FROM queue_calls q"
        f" JOIN queues u ON u.id = q.queue_id WHERE q.outcome = 'CALLBACK' AND {_win('q.entered_at', p)}"
        f" AND {_in('q.queue_id', p.queue_ids)} {cond} ORDER BY q.entered_at, q.id"
    )
    return [
        [p.window.iso(r[0]), r[1], r[2], p.window.iso(r[3]), "success" if r[4] == "OK" else "fail", r[5]] for r in rows
    ]


@report_type(
    "queuesatisfaction",
    ("agent", "name", "surveyed", "score_1", "score_2", "score_3", "score_4", "score_5", "avg_score"),
)
def _queuesatisfaction(store: Store, p: ReportParams) -> list[list[Any]]:
    cols = ", ".join(f"SUM(satisfaction = {s})" for s in range(1, 6))
    found = _keyed(
        store.query(
            f"SELECT agent_ext, COUNT(*), {cols}, TOTAL(satisfaction) FROM queue_calls q WHERE satisfaction IS NOT NULL"
            f" AND {_win('entered_at', p)} AND {_in('queue_id', p.queue_ids)} GROUP BY agent_ext"
        )
    )
    rows = []
    for eid, num, name in _queue_agents(store, p):
        r = found.get(eid, (0, 0, 0, 0, 0, 0, 0.0))
        rows.append([num, name, *r[:6], round(ratio(r[6], r[0]), 2)])
    return rows


@report_type("queuesatisfactiondetail", ("time", "queue", "caller", "agent", "name", "score"))
def _queuesatisfactiondetail(store: Store, p: ReportParams) -> list[list[Any]]:
    rows = store.query(
        "SELECT q.entered_at, u.number, q.caller, e.number, e.first_name || ' ' || e.last_name, q.satisfaction"
        " FROM queue_calls q JOIN queues u ON u.id = q.queue_id JOIN extensions e ON e.id = q.agent_ext"
        f" WHERE q.satisfaction IS NOT NULL AND {_win('q.entered_at', p)} AND {_in('q.queue_id', p.queue_ids)}"
        f" AND {_in('q.agent_ext', p.agent_ids)} ORDER BY q.entered_at, q.id"
    )
    return [[p.window.iso(r[0]), *r[1:]] for r in rows]


@report_type("queueagentlogintime", ("agent", "name", "login_time", "logout_time", "duration_sec"))
def _queueagentlogintime(store: Store, p: ReportParams) -> list[list[Any]]:
    rows = []
    for eid, num, name in _queue_agents(store, p):
        for login, logout in store.query(
            "SELECT login_at, logout_at FROM agent_sessions WHERE agent_ext = ? AND login_at >= ? AND login_at < ?"
            " ORDER BY login_at",
            (eid, p.window.start, p.window.end),
        ):
            rows.append([num, name, p.window.iso(login), p.window.iso(logout), logout - login])
    return rows


@report_type("queueagentpausetime", ("agent", "name", "pause_time", "resume_time", "duration_sec", "reason"))
def _queueagentpausetime(store: Store, p: ReportParams) -> list[list[Any]]:
    rows = []
    for eid, num, name in _queue_agents(store, p):
        for start, end, reason in store.query(
            "SELECT start_at, end_at, reason FROM agent_pauses WHERE agent_ext = ? AND start_at >= ?"
            " AND start_at < ? AND (? IS NULL OR reason = ?) ORDER BY start_at",
            (eid, p.window.start, p.window.end, p.reason, p.reason),
        ):
            rows.append([num, name, p.window.iso(start), p.window.iso(end), end - start, reason])
    return rows


def _attempt_filter(p: ReportParams) -> str:
    cond = f"{_win('a.entered_at', p)} AND {_in('a.queue_id', p.queue_ids)}"
    if p.abandon_time:
        cond += f" AND NOT (c.outcome = 'ABANDONED' AND c.wait_sec {_below(p, 'abandon_time')} {int(p.abandon_time)})"
    return cond


@report_type("queueagentmisscalls", ("time", "agent", "name", "caller", "ring_sec"))
def _queueagentmisscalls(store: Store, p: ReportParams) -> list[list[Any]]:
    agents = {eid: (num, name) for eid, num, name in _queue_agents(store, p)}
    rows = store.query(
        "SELECT a.rang_at, a.agent_ext, c.caller, a.ring_sec FROM queue_attempts a JOIN queue_calls c"
        f" ON c.id = a.queue_call_id WHERE a.answered = 0 AND {_attempt_filter(p)} ORDER BY a.rang_at, a.id"
    )
    return [[p.window.iso(r[0]), *agents[r[1]], r[2], r[3]] for r in rows if r[1] in agents]


@report_type(
    "queueagentperformance",
    (
        "agent",
        "name",
        "rung",
        "answered",
        "missed",
        "answer_rate_pct",
        "total_talk_sec",
        "avg_talk_sec",
        "avg_ring_sec",
        "total_wrap_sec",
    ),
)
def _queueagentperformance(store: Store, p: ReportParams) -> list[list[Any]]:
    agents = _queue_agents(store, p)
    found = _keyed(
        store.query(
            "SELECT a.agent_ext, COUNT(*), SUM(a.answered), TOTAL(CASE WHEN a.answered THEN c.talk_sec END),"
            " TOTAL(CASE WHEN a.answered THEN a.ring_sec END), TOTAL(CASE WHEN a.answered THEN c.wrap_sec END)"
            " FROM queue_attempts a JOIN queue_calls c ON c.id = a.queue_call_id"
            f" WHERE {_attempt_filter(p)} GROUP BY a.agent_ext"
        )
    )
    rows = [[num, name, *_agent_figures(*found.get(eid, (0, 0, 0.0, 0.0, 0.0)))] for eid, num, name in agents]
    if p.need_detail:
        names = {eid: (num, name) for eid, num, name in agents}
        attempts = store.query(
            "SELECT a.agent_ext, 1, a.answered, CASE WHEN a.answered THEN c.talk_sec ELSE 0 END,"
            " CASE WHEN a.answered THEN a.ring_sec ELSE 0 END, CASE WHEN a.answered THEN c.wrap_sec ELSE 0 END"
            " FROM queue_attempts a JOIN queue_calls c ON c.id = a.queue_call_id"
            f" WHERE {_attempt_filter(p)} ORDER BY a.rang_at, a.id"
        )
        rows += [[*names[r[0]], *_agent_figures(*r[1:])] for r in attempts if r[0] in names]
    return rows


def _agent_figures(rung: int, answered: int, talk: float, ring: float, wrap: float) -> list[Any]:
    """The figures of an agent performance row from its rings, answers and summed seconds."""
    return [
        rung,
        answered,
        rung - answered,
        round(100 * ratio(answered, rung), 2),
        int(talk),
        half_up(ratio(talk, answered)),
        half_up(ratio(ring, answered)),
        int(wrap),
    ]


@report_type(
    "queueagentinoutcalls",
    (
        "agent",
        "name",
        "inbound_calls",
        "inbound_answered",
        "inbound_talk_sec",
        "outbound_calls",
        "outbound_answered",
        "outbound_talk_sec",
    ),
)
def _queueagentinoutcalls(store: Store, p: ReportParams) -> list[list[Any]]:
    agents = _queue_agents(store, p)
    groups = record_groups(store, [p.window.start, p.window.end], ext_ids=[a[0] for a in agents])
    acc: dict[int, list[int]] = {a[0]: [0] * 6 for a in agents}
    for g in groups:
        base = 0 if g.side == "IN" else 3
        row = acc[g.ext]
        row[base] += g.count
        row[base + 1] += g.count if g.fusion == "answered" else 0
        row[base + 2] += g.billsec
    return [[num, name, *acc[eid]] for eid, num, name in agents]
