"""SQL and row shaping shared by the PortSIP history and CDR queries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from conformance.simulator.model import call_id_of, session_id_of
from conformance.simulator.store import Store

# Host part of a leg's destination: the extension's contact, the trunk's host for external callees, else
# the tenant's domain (queues, ring groups, IVRs, numbers outside the dial plan).
LEG_HOST = """CASE WHEN ee.contact IS NOT NULL THEN ee.contact
    WHEN l.direction IN ('OUTBOUND_CALL', 'INBOUND_OUTBOUND_CALL') THEN COALESCE(tr.host, t.domain)
    ELSE t.domain END"""

# One leg with everything a history item or CDR shows; ``destination`` is where the leg was sent.
LEG_SELECT = f"""
SELECT l.id, l.session_id, l.seq, l.direction AS cdr_direction, s.direction AS session_direction,
  l.caller, l.caller_ext, ce.first_name || ' ' || ce.last_name AS caller_name,
  l.callee, l.callee_ext, ee.first_name || ' ' || ee.last_name AS callee_name,
  l.service_type, COALESCE(sq.number, sg.number, sv.number) AS service_number,
  COALESCE(sq.name, sg.name, sv.name) AS service_name,
  l.started_at, l.rang_at, l.answered_at, l.ended_at, l.end_reason, l.reroute_reason, l.status_code,
  l.hangup_cause, tr.name AS trunk, l.outbound_caller_id, l.did, l.billing_prefix, l.cost, l.callback_id,
  t.domain, s.user_data, s.first_leg,
  CASE WHEN l.direction IN ('INBOUND_CALL', 'INBOUND_OUTBOUND_CALL') AND l.caller_ext IS NULL THEN tr.name END
    AS inbound_trunk,
  CASE WHEN l.direction IN ('OUTBOUND_CALL', 'INBOUND_OUTBOUND_CALL') AND l.callee_ext IS NULL
    AND l.trunk_id IS NOT NULL AND l.service_type IS NULL THEN tr.name END AS outbound_trunk,
  'sip:' || l.callee || '@' || {LEG_HOST} AS destination
FROM legs l JOIN sessions s ON s.id = l.session_id JOIN tenants t ON t.id = l.tenant_id
LEFT JOIN extensions ce ON ce.id = l.caller_ext LEFT JOIN extensions ee ON ee.id = l.callee_ext
LEFT JOIN trunks tr ON tr.id = l.trunk_id
LEFT JOIN queues sq ON l.service_type = 'QUEUE' AND sq.id = l.service_id
LEFT JOIN ring_groups sg ON l.service_type = 'RING_GROUP' AND sg.id = l.service_id
LEFT JOIN ivrs sv ON l.service_type = 'IVR' AND sv.id = l.service_id
"""

# One session (a call) with the fields of its main leg (the leg that decided its outcome).
SESSION_SELECT = """
SELECT s.id AS sid, s.direction, s.status, s.caller, s.caller_ext,
  cn.first_name || ' ' || cn.last_name AS caller_name, s.callee, s.callee_ext,
  en.first_name || ' ' || en.last_name AS callee_name, s.started_at, s.rang_at, s.answered_at, s.ended_at,
  s.did, s.cost, s.callback_id, s.user_data, it.name AS inbound_trunk, ot.name AS outbound_trunk, t.domain,
  m.seq AS main_seq, m.direction AS cdr_direction, m.end_reason, m.reroute_reason, m.status_code,
  m.outbound_caller_id, m.billing_prefix, mt.name AS trunk,
  COALESCE(q.number, g.number, v.number) AS service_number, COALESCE(q.name, g.name, v.name) AS service_name,
  CASE WHEN q.id IS NOT NULL THEN 'QUEUE' WHEN g.id IS NOT NULL THEN 'RING_GROUP'
    WHEN v.id IS NOT NULL THEN 'IVR' END AS service_type,
  'sip:' || s.callee || '@' || CASE WHEN en.contact IS NOT NULL THEN en.contact
    WHEN m.direction IN ('OUTBOUND_CALL', 'INBOUND_OUTBOUND_CALL') THEN COALESCE(mt.host, t.domain)
    ELSE t.domain END AS destination
FROM sessions s JOIN tenants t ON t.id = s.tenant_id JOIN legs m ON m.id = s.main_leg
LEFT JOIN extensions cn ON cn.id = s.caller_ext LEFT JOIN extensions en ON en.id = s.callee_ext
LEFT JOIN trunks it ON it.id = s.inbound_trunk LEFT JOIN trunks ot ON ot.id = s.outbound_trunk
LEFT JOIN trunks mt ON mt.id = m.trunk_id
LEFT JOIN queues q ON q.id = s.queue_id LEFT JOIN ring_groups g ON g.id = s.ring_group_id
LEFT JOIN ivrs v ON v.id = s.ivr_id
"""

SERVICE_ENDPOINTS = {"QUEUE": "QUEUE", "RING_GROUP": "RING_GROUP", "IVR": "IVR"}


def dict_rows(store: Store, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    cursor = store.conn().execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def paged_rows(
    store: Store,
    count_sql: str,
    select_sql: str,
    params: Any = (),
    *,
    alias: str = "",
    top: int | None = 100,
    skip: int | None = 0,
    descending: bool = False,
) -> tuple[int, list[dict[str, Any]]]:
    """The count of a whole selection and one page of its rows, by start time then id (both descending when
    asked); ``alias`` prefixes the two order columns, ``top=None`` pages without limit."""
    count = int(store.scalar(count_sql, params))
    order = "DESC" if descending else "ASC"
    limit = -1 if top is None else max(0, int(top))
    page = f" LIMIT {limit} OFFSET {max(0, int(skip or 0))}"
    return count, dict_rows(store, f"{select_sql} ORDER BY {alias}started_at {order}, {alias}id {order}" + page, params)


def rfc3339(epoch: int | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _endpoint(ext: int | None, service: str | None) -> str:
    if ext is not None:
        return "EXTENSION"
    return SERVICE_ENDPOINTS.get(service or "", "TRUNK")


def _history_item(r: dict[str, Any], session_row: int, seq: int, party: str, direction: str,
                  status: str) -> dict[str, Any]:
    """A PortSIP history item: the fields a session and a leg show alike, with those that differ given."""
    return {
        "session_id": session_id_of(session_row),
        "caller": r["caller"],
        "caller_display_name": r["caller_name"],
        "caller_endpoint": _endpoint(r["caller_ext"], None),
        "call_id": call_id_of(session_row, seq, r["domain"]),
        "service_number": r["service_number"],
        "service_name": r["service_name"],
        "service_type": r["service_type"],
        "callee": r["callee"],
        "callee_display_name": r["callee_name"],
        "callee_endpoint": _endpoint(
            r["callee_ext"], r["service_type"] if r["callee"] == r["service_number"] else None
        ),
        "started_at": r["started_at"],
        "rang_at": r["rang_at"],
        "answered_at": r["answered_at"],
        "ended_at": r["ended_at"],
        "party": party,
        "direction": direction,
        "status": status,
        "end_reason": r["end_reason"],
        "reroute_reason": r["reroute_reason"],
        "status_code": r["status_code"],
        "destination": r["destination"],
        "outbound_caller_id": r["outbound_caller_id"],
        "did": r["did"],
        "call_type": "AUDIO",
        "callback_id": r["callback_id"],
        "billing_prefix": r["billing_prefix"],
        "cost": r["cost"],
        "user_data": r["user_data"],
        "inbound_trunk": r["inbound_trunk"],
        "outbound_trunk": r["outbound_trunk"],
    }


def history_item_of_session(r: dict[str, Any]) -> dict[str, Any]:
    """A PortSIP history item for one session."""
    return _history_item(r, r["sid"], r["main_seq"], "NONE", r["direction"], r["status"])


def history_item_of_leg(r: dict[str, Any], party: str = "NONE") -> dict[str, Any]:
    """A PortSIP history item for one leg (history by session id, user history)."""
    status = "ANSWERED" if r["answered_at"] is not None else "UNANSWERED"
    return _history_item(r, r["session_id"], r["seq"], party, r["session_direction"], status)
