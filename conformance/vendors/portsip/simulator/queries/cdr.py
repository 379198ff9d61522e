"""PortSIP CDRs (one per leg) and call logs (one per session), list and retrieve.

``duration`` is the talk time (answer to end, 0 when unanswered). Times are RFC 3339 in UTC. A CDR id is
the leg's row id, a call log id the session's row id (its ``session_id`` is the public session id).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance.simulator.model import NotFound, Window, call_id_of, session_id_of
from conformance.simulator.store import Store
from conformance.vendors.portsip.simulator.queries.lookup import tenant_filter
from conformance.vendors.portsip.simulator.queries.render import (
    LEG_SELECT,
    SESSION_SELECT,
    dict_rows,
    paged_rows,
    rfc3339,
)


def _domain(number_is_ext: bool, domain: str, trunk_host: str | None) -> str:
    return domain if number_is_ext or trunk_host is None else trunk_host


def _record(r: dict[str, Any], head: dict[str, Any], session_row: int, caller_is_ext: bool, callee_is_ext: bool,
            detailed: bool) -> dict[str, Any]:
    """A CDR or call log: ``head`` (its id fields), then the fields both show; domains are the tenant's for an
    extension, else the trunk's host."""
    item: dict[str, Any] = {
        **head,
        "caller": r["caller"],
        "caller_domain": _domain(caller_is_ext, r["domain"], r["trunk_host"]),
        "caller_display_name": r["caller_name"],
        "callee": r["callee"],
        "callee_domain": _domain(callee_is_ext, r["domain"], r["trunk_host"]),
        "callee_display_name": r["callee_name"],
        "started_at": rfc3339(r["started_at"]),
        "rang_at": rfc3339(r["rang_at"]),
        "answered_at": rfc3339(r["answered_at"]),
        "ended_at": rfc3339(r["ended_at"]),
        "call_id": call_id_of(session_row, r["seq"], r["domain"]),
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


def cdr_of_leg(r: dict[str, Any], detailed: bool = False) -> dict[str, Any]:
    """A leg row as a CDR (``detailed``: with cost and billed account)."""
    return _record(
        r, {"id": str(r["id"])}, r["session_id"],
        caller_is_ext=r["caller_ext"] is not None or r["cdr_direction"] == "EXTENSION_CALL",
        callee_is_ext=r["callee_ext"] is not None or r["cdr_direction"] in ("INBOUND_CALL", "EXTENSION_CALL"),
        detailed=detailed,
    )


def call_log_of_session(r: dict[str, Any], detailed: bool = False) -> dict[str, Any]:
    """A session row as a call log (``detailed``: with cost and billed account)."""
    return _record(
        r, {"id": str(r["sid"]), "session_id": session_id_of(r["sid"])}, r["sid"],
        caller_is_ext=r["caller_ext"] is not None,
        callee_is_ext=r["callee_ext"] is not None or r["service_number"] == r["callee"],
        detailed=detailed,
    )


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


@dataclass(frozen=True)
class _Records:
    """Where one kind of record comes from: its table and alias, the select, the rendering, its name."""

    table: str
    alias: str
    sql: str
    render: Callable[[dict[str, Any], bool], dict[str, Any]]
    what: str


_CDRS = _Records("legs", "l", _CDR_SQL, cdr_of_leg, "cdr")
_LOGS = _Records("sessions", "s", _LOG_SQL, call_log_of_session, "call log")


def _list(kind: _Records, store: Store, window: Window | None, tenant_id: int | None, top: int, skip: int,
          descending: bool, detailed: bool) -> dict[str, Any]:
    a = kind.alias
    where = _where(f"{a}.started_at", window, tenant_id)
    count, rows = paged_rows(store, f"SELECT COUNT(*) FROM {kind.table} {a} WHERE {where}", f"{kind.sql} WHERE {where}",
                             alias=f"{a}.", top=top, skip=skip, descending=descending)
    return {"count": count, "items": [kind.render(r, detailed) for r in rows]}


def _get(kind: _Records, store: Store, ident: str | int, tenant_id: int | None) -> dict[str, Any]:
    try:
        row_id = int(ident)
    except (TypeError, ValueError):
        raise NotFound(f"{kind.what} {ident}") from None
    a = kind.alias
    rows = dict_rows(store, f"{kind.sql} WHERE {a}.id = ? AND {_where(f'{a}.started_at', None, tenant_id)}", (row_id,))
    if not rows:
        raise NotFound(f"{kind.what} {ident}")
    return kind.render(rows[0], True)


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
    return _list(_CDRS, store, window, tenant_id, top, skip, descending, detailed)


def get_cdr(store: Store, cdr_id: str | int, tenant_id: int | None = None) -> dict[str, Any]:
    """One CDR with cost and billed account; NotFound when the id is unknown (or of another tenant)."""
    return _get(_CDRS, store, cdr_id, tenant_id)


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
    return _list(_LOGS, store, window, tenant_id, top, skip, descending, detailed)


def get_call_log(store: Store, log_id: str | int, tenant_id: int | None = None) -> dict[str, Any]:
    """One call log with cost; NotFound when the id is unknown (or of another tenant)."""
    return _get(_LOGS, store, log_id, tenant_id)
