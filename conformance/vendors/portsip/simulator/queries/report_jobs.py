"""Create, read, update, delete and list the writable tables: report jobs and logs, call reports, completed ones.

Ids are the tables' integer keys, handed out as strings. JSON-valued columns (``params``, ``email``,
``filter``) are stored as JSON text and returned decoded. Every call holds ``Store.lock``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from conformance.simulator.model import NotFound
from conformance.simulator.store import WRITABLE_TABLES, Store

JSON_COLUMNS = frozenset({"params", "email", "filter"})


def columns(store: Store, table: str) -> list[str]:
    """Writable columns of a table (all but ``id``)."""
    if table not in WRITABLE_TABLES:
        raise ValueError(f"{table} is not a writable table")
    with store.lock:
        return [r[1] for r in store.query(f"PRAGMA table_info({table})") if r[1] != "id"]


def _encode(table: str, store: Store, values: Mapping[str, Any]) -> dict[str, Any]:
    known = columns(store, table)
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(f"unknown columns for {table}: {', '.join(unknown)}")
    return {k: json.dumps(v) if k in JSON_COLUMNS and v is not None else v for k, v in values.items()}


def _decode(names: list[str], row: tuple) -> dict[str, Any]:
    item = dict(zip(names, row, strict=True))
    item["id"] = str(item["id"])
    for key in JSON_COLUMNS & item.keys():
        if item[key] is not None:
            item[key] = json.loads(item[key])
    return item


def _row_id(value: str | int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound(str(value)) from None


def get(store: Store, table: str, row_id: str | int) -> dict[str, Any]:
    columns(store, table)
    with store.lock:
        cursor = store.conn().execute(f"SELECT * FROM {table} WHERE id = ?", (_row_id(row_id),))
        row = cursor.fetchone()
        names = [d[0] for d in cursor.description]
    if row is None:
        raise NotFound(f"{table} {row_id}")
    return _decode(names, row)


def create(store: Store, table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Insert a row (``create_time`` defaults to now where the table has one); returns it."""
    data = _encode(table, store, values)
    if "create_time" in columns(store, table):
        data.setdefault("create_time", int(time.time()))
    with store.lock:
        cursor = store.conn().execute(
            f"INSERT INTO {table} ({', '.join(data)}) VALUES ({', '.join('?' * len(data))})", list(data.values())
        )
        new_id = cursor.lastrowid
    assert new_id is not None
    return get(store, table, new_id)


def update(store: Store, table: str, row_id: str | int, values: Mapping[str, Any]) -> dict[str, Any]:
    data = _encode(table, store, values)
    with store.lock:
        get(store, table, row_id)
        if data:
            store.conn().execute(
                f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in data)} WHERE id = ?",
                [*data.values(), _row_id(row_id)],
            )
    return get(store, table, row_id)


def delete(store: Store, table: str, row_id: str | int) -> None:
    columns(store, table)
    with store.lock:
        cursor = store.conn().execute(f"DELETE FROM {table} WHERE id = ?", (_row_id(row_id),))
        if cursor.rowcount == 0:
            raise NotFound(f"{table} {row_id}")


def list_rows(
    store: Store,
    table: str,
    *,
    where: Mapping[str, Any] | None = None,
    order_by: str | None = None,
    descending: bool = False,
    top: int = 100,
    skip: int = 0,
) -> dict[str, Any]:
    """``{count, items}``: rows equal to ``where`` on each named column, ordered (default by id), paged."""
    known = ["id", *columns(store, table)]
    where = dict(where or {})
    for name in [*where, *([order_by] if order_by else [])]:
        if name not in known:
            raise ValueError(f"unknown column {name!r} of {table}")
    cond = " AND ".join(f"{k} = ?" for k in where) or "1"
    order = f"{order_by or 'id'} {'DESC' if descending else 'ASC'}, id"
    with store.lock:
        count = int(store.scalar(f"SELECT COUNT(*) FROM {table} WHERE {cond}", list(where.values())))
        cursor = store.conn().execute(
            f"SELECT * FROM {table} WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?",
            [*where.values(), max(0, int(top)), max(0, int(skip))],
        )
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    return {"count": count, "items": [_decode(names, r) for r in rows]}
