"""Directory look-ups shared by the query modules; unknown names raise ``NotFound``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.simulator.model import NotFound
from conformance.simulator.store import Store


@dataclass(frozen=True)
class QueueRow:
    id: int
    tenant_id: int
    number: str
    name: str
    sla_sec: int
    short_abandon_sec: int
    exclude_short_abandon: bool


def queue(store: Store, number: str, tenant_id: int | None = None) -> QueueRow:
    sql = (
        "SELECT id, tenant_id, number, name, sla_sec, short_abandon_sec, exclude_short_abandon FROM queues"
        " WHERE number = ?"
    )
    params: list[Any] = [str(number)]
    if tenant_id is not None:
        sql += " AND tenant_id = ?"
        params.append(tenant_id)
    rows = store.query(sql + " ORDER BY id LIMIT 1", params)
    if not rows:
        raise NotFound(f"queue {number}")
    r = rows[0]
    return QueueRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]))


def extension_id(store: Store, number: str, tenant_id: int | None = None, agent: bool = False) -> int:
    sql = "SELECT id FROM extensions WHERE number = ?"
    params: list[Any] = [str(number)]
    if tenant_id is not None:
        sql += " AND tenant_id = ?"
        params.append(tenant_id)
    if agent:
        sql += " AND is_agent = 1"
    value = store.scalar(sql + " ORDER BY id LIMIT 1", params)
    if value is None:
        raise NotFound(f"{'agent' if agent else 'extension'} {number}")
    return int(value)


def tenant_filter(column: str, tenants: list[int] | tuple[int, ...] | None) -> str:
    """SQL condition restricting ``column`` to tenant ids (integers, inlined); empty means all tenants."""
    if not tenants:
        return "1"
    return f"{column} IN ({','.join(str(int(t)) for t in tenants)})"
