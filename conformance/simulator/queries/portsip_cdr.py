"""PortSIP CDRs (one per leg) and call logs (one per session), list and retrieve.

``duration`` is the talk time (answer to end, 0 when unanswered). Times are RFC 3339 in UTC. A CDR id is
the leg's row id, a call log id the session's row id (its ``session_id`` is the public session id).
"""

from __future__ import annotations

from typing import Any

from conformance.simulator.model import NotFound, Window, call_id_of, session_id_of
from conformance.simulator.queries.lookup import tenant_filter
from conformance.simulator.queries.render import LEG_SELECT, SESSION_SELECT, dict_rows, rfc3339
from conformance.simulator.store import Store


def _domain(number_is_ext: bool, domain: str, trunk_host: str | None) -> str:
    return domain if number_is_ext or trunk_host is None else trunk_host


def cdr_of_leg(r: dict[str, Any], detailed: bool = False) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": str(r["id"]),
        "caller": r["caller"],
        "caller_domain": _domain(
            r["caller_ext"] is not None or r["cdr_direction"] == "EXTENSION_CALL", r["domain"], r["trunk_host"]
        ),
        "caller_display_name": r["caller_name"],
        "callee": r["callee"],
        "callee_domain": _domain(
            r["callee_ext"] is not None or r["cdr_direction"] in ("INBOUND_CALL", "EXTENSION_CALL"),
            r["domain"],
            r["trunk_host"],
        ),
        "callee_display_name": r["callee_name"],
        "started_at": rfc3339(r["started_at"]),
        "rang_at": rfc3339(r["rang_at"]),
        "answered_at": rfc3339(r["answered_at"]),
        "ended_at": rfc3339(r["ended_at"]),
        "call_id": call_id_of(r["session_id"], r["seq"], r["domain"]),
        "direction": r["cdr_direction"],
        "end_reason": r["end_reason"],
        "reroute_reason": r["reroute_reason"],
        "status_code": r["status_code"],
        "destination": r["destination"],
        "outbound_caller_id": r["outbound_caller_id"],
        "did_cid": r["did"],
        "trunk": r["trunk"],
        "duration": 0 if r["answered_at"] is None else r["ended_at"] - r["answered_at"],
        "service_number": r["service_number"],
        "user_data": r["user_data"],
    }
    if detailed:
        item["cost"] = r["cost"]
        item["billed_account"] = r["caller"] if r["cost"] else None
    return item


_CDR_SQL = LEG_SELECT.replace("tr.name AS trunk,", "tr.name AS trunk, tr.host AS trunk_host,")
_LOG_SQL = SESSION_SELECT.replace(
    "mt.name AS trunk,",
    "mt.name AS trunk, mt.host AS trunk_host, m.seq AS seq, m.answered_at AS main_answered, m.ended_at AS main_ended,",
)


def _where(column: str, window: Window | None, tenant_id: int | None) -> str:
    parts = [tenant_filter(f"{column[0]}.tenant_id", [tenant_id] if tenant_id is not None else None)]
    if window is not None:
        parts += [f"{column} >= {window.start}", f"{column} < {window.end}"]
    return " AND ".join(parts)


def _page(top: int, skip: int) -> str:
    return f" LIMIT {max(0, int(top))} OFFSET {max(0, int(skip))}"


def list_cdrs(
    store: Store,
    window: Window | None = None,
    tenant_id: int | None = None,
    top: int = 100,
    skip: int = 0,
    descending: bool = False,
    detailed: bool = False,
) -> dict[str, Any]:
    """``{count, items}`` of CDRs (legs) started in the window, oldest first unless ``descending``
    (``detailed``: items with cost and billed account, as ``get_cdr`` gives them)."""
    where = _where("l.started_at", window, tenant_id)
    count = int(store.scalar(f"SELECT COUNT(*) FROM legs l WHERE {where}"))
    order = "DESC" if descending else "ASC"
    rows = dict_rows(store, f"{_CDR_SQL} WHERE {where} ORDER BY l.started_at {order}, l.id {order}" + _page(top, skip))
    return {"count": count, "items": [cdr_of_leg(r, detailed) for r in rows]}


def get_cdr(store: Store, cdr_id: str | int, tenant_id: int | None = None) -> dict[str, Any]:
    """One CDR with cost and billed account; NotFound when the id is unknown (or of another tenant)."""
    try:
        row_id = int(cdr_id)
    except (TypeError, ValueError):
        raise NotFound(f"cdr {cdr_id}") from None
    rows = dict_rows(store, f"{_CDR_SQL} WHERE l.id = ? AND {_where('l.started_at', None, tenant_id)}", (row_id,))
    if not rows:
        raise NotFound(f"cdr {cdr_id}")
    return cdr_of_leg(rows[0], detailed=True)


def call_log_of_session(r: dict[str, Any], detailed: bool = False) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": str(r["sid"]),
        "session_id": session_id_of(r["sid"]),
        "caller": r["caller"],
        "caller_domain": _domain(
            r["caller_ext"] is not None, r["domain"], None if r["caller_ext"] else r["trunk_host"]
        ),
        "caller_display_name": r["caller_name"],
        "callee": r["callee"],
        "callee_domain": _domain(
            r["callee_ext"] is not None or r["service_number"] == r["callee"], r["domain"], r["trunk_host"]
        ),
        "callee_display_name": r["callee_name"],
        "started_at": rfc3339(r["started_at"]),
        "rang_at": rfc3339(r["rang_at"]),
        "answered_at": rfc3339(r["answered_at"]),
        "ended_at": rfc3339(r["ended_at"]),
        "call_id": call_id_of(r["sid"], r["seq"], r["domain"]),
        "direction": r["cdr_direction"],
        "end_reason": r["end_reason"],
        "reroute_reason": r["reroute_reason"],
        "status_code": r["status_code"],
        "destination": r["destination"],
        "outbound_caller_id": r["outbound_caller_id"],
        "did_cid": r["did"],
        "trunk": r["trunk"],
        "duration": 0 if r["answered_at"] is None else r["ended_at"] - r["answered_at"],
        "service_number": r["service_number"],
        "user_data": r["user_data"],
    }
    if detailed:
        item["cost"] = r["cost"]
        item["billed_account"] = r["caller"] if r["cost"] else None
    return item


def list_call_logs(
    store: Store,
    window: Window | None = None,
    tenant_id: int | None = None,
    top: int = 100,
    skip: int = 0,
    descending: bool = False,
    detailed: bool = False,
) -> dict[str, Any]:
    """``{count, items}`` of call logs (sessions) started in the window (``detailed``: with cost)."""
    where = _where("s.started_at", window, tenant_id)
    count = int(store.scalar(f"SELECT COUNT(*) FROM sessions s WHERE {where}"))
    order = "DESC" if descending else "ASC"
    rows = dict_rows(store, f"{_LOG_SQL} WHERE {where} ORDER BY s.started_at {order}, s.id {order}" + _page(top, skip))
    return {"count": count, "items": [call_log_of_session(r, detailed) for r in rows]}


def get_call_log(store: Store, log_id: str | int, tenant_id: int | None = None) -> dict[str, Any]:
    """One call log with cost; NotFound when the id is unknown (or of another tenant)."""
    try:
        row_id = int(log_id)
    except (TypeError, ValueError):
        raise NotFound(f"call log {log_id}") from None
    rows = dict_rows(store, f"{_LOG_SQL} WHERE s.id = ? AND {_where('s.started_at', None, tenant_id)}", (row_id,))
    if not rows:
        raise NotFound(f"call log {log_id}")
    return call_log_of_session(rows[0], detailed=True)
