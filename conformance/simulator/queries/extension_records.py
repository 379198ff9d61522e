"""Extension records: one per (leg, extension taking part in it), the base of the per-extension reports.

An extension takes part in a leg as caller (side OUT) or callee (side IN). Each record has a FusionPBX
bucket (``answered`` when the leg was answered, else from its hangup cause via ``outcome_buckets``) and a
FusionPBX direction from the leg's CDR direction (EXTENSION_CALL local, INBOUND_CALL inbound, others
outbound). Seconds follow FreeSWITCH: duration = start to end, billsec = answer to end, waitsec = start to
answer (to end when unanswered), so duration = billsec + waitsec. A record belongs to the bucket of its
leg's start time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conformance.simulator.model import Window
from conformance.simulator.queries.buckets import spans, values_cte
from conformance.simulator.store import Store

FUSION_DIRECTION = {
    "EXTENSION_CALL": "local",
    "INBOUND_CALL": "inbound",
    "OUTBOUND_CALL": "outbound",
    "INBOUND_OUTBOUND_CALL": "outbound",
}


@dataclass(frozen=True)
class RecordGroup:
    """Records of one extension in one bucket sharing side, CDR direction and bucket."""

    bucket: int
    ext: int
    side: str  # OUT: the extension called; IN: it was called
    cdr_direction: str
    fusion: str
    count: int
    duration: int
    billsec: int
    waitsec: int


_SIDE = """
SELECT b.i, l.{col}, '{side}', l.direction,
  CASE WHEN l.answered_at IS NOT NULL THEN 'answered' ELSE ob.fusion END,
  COUNT(*), TOTAL(l.ended_at - l.started_at), TOTAL(COALESCE(l.ended_at - l.answered_at, 0)),
  TOTAL(COALESCE(l.answered_at, l.ended_at) - l.started_at)
FROM b JOIN legs l ON l.started_at >= b.lo AND l.started_at < b.hi
JOIN outcome_buckets ob ON ob.hangup_cause = l.hangup_cause
WHERE l.{col} IS NOT NULL {extra}
GROUP BY 1, 2, 3, 4, 5
"""


def calls_window(store: Store, window: Window) -> Window:
    """``window`` cut to the legs' start times (same records, same bucket periods); bucketing a years-long window
    day by day or hour by hour is then bounded by the generated period. Empty when no leg starts inside."""
    first, last = store.query("SELECT MIN(started_at), MAX(started_at) FROM legs")[0]
    lo = window.start if first is None else max(window.start, first)
    hi = lo if last is None else min(window.end, last + 1)
    return Window(lo, max(lo, hi), window.tz)


def record_groups(
    store: Store,
    cuts: Sequence[int],
    *,
    tenant_id: int | None = None,
    ext_ids: Sequence[int] | None = None,
    ignore_below: int = 0,
    ignore_local: bool = False,
    sides: Sequence[str] = ("OUT", "IN"),
) -> list[RecordGroup]:
    """Grouped extension records of the buckets between ``cuts``."""
    buckets = [(i, lo, hi) for i, (lo, hi) in enumerate(spans(cuts))]
    if not buckets:
        return []
    result = []
    for side in sides:
        col = "caller_ext" if side == "OUT" else "callee_ext"
        extra = []
        if tenant_id is not None:
            extra.append(f"AND l.tenant_id = {int(tenant_id)}")
        if ext_ids is not None:
            extra.append(f"AND l.{col} IN ({','.join(str(int(e)) for e in ext_ids) or 'NULL'})")
        if ignore_below:
            extra.append(f"AND l.ended_at - l.started_at >= {int(ignore_below)}")
        if ignore_local:
            extra.append("AND l.direction != 'EXTENSION_CALL'")
        sql = f"WITH {values_cte(buckets)} " + _SIDE.format(col=col, side=side, extra=" ".join(extra))
        for row in store.query(sql):
            result.append(
                RecordGroup(row[0], row[1], row[2], row[3], row[4], row[5], int(row[6]), int(row[7]), int(row[8]))
            )
    return result


def tenant_extensions(
    store: Store, tenant_id: int | None, numbers: Sequence[str] | None = None, agents_only: bool = False
) -> list[tuple]:
    """``(id, tenant_id, number, username, first_name, last_name, email, user_uuid, extension_uuid,
    employee_ref, extension_ref, add_date, group_name, domain_uuid)`` rows ordered by id."""
    sql = (
        "SELECT e.id, e.tenant_id, e.number, e.username, e.first_name, e.last_name, e.email, e.user_uuid,"
        " e.extension_uuid, e.employee_ref, e.extension_ref, e.add_date, e.group_name, t.uuid"
        " FROM extensions e JOIN tenants t ON t.id = e.tenant_id WHERE 1"
    )
    params: list[object] = []
    if tenant_id is not None:
        sql += " AND e.tenant_id = ?"
        params.append(tenant_id)
    if numbers is not None:
        sql += f" AND e.number IN ({','.join('?' * len(numbers)) or 'NULL'})"
        params.extend(numbers)
    if agents_only:
        sql += " AND e.is_agent = 1"
    return store.query(sql + " ORDER BY e.id", params)
