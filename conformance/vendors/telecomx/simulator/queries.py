"""TelecomX ``pbx/cdrstats``: per employee and interval, inbound and outbound counters and seconds.

Records are extension records (see ``extension_records``): the employee called (outbound) or was called
(inbound). Outbound calls = Answered + Unanswered + Failed (invalid number, congestion); inbound calls =
Answered + Unanswered + Busy (busy is its own bucket). Seconds are talk seconds (billsec). ``ignore_below``
drops records shorter than that many seconds (start to end); ``ignore_local`` drops extension-to-extension
legs; ``direction`` IN / OUT keeps one side (the other side's counters stay 0).

Interval keys: with ``labels="vendor"`` (default) a key is the number the vendor names, in the window's zone:
hour of day (0-23), day of month (1-31), ISO week (1-53) or month (1-12); buckets with the same key merge
(their counters add); ``labels="padded"`` writes them with two digits at least. With ``labels="iso"`` the key is
the bucket's start time in the window's zone, with ``labels="timestamp"`` the same instant in UTC with
milliseconds (``2025-10-26T23:00:00.000Z``), so nothing merges. ``every_interval`` lists every interval of the
window, those without calls with zero counters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from conformance.simulator.model import TELECOMX_INBOUND, TELECOMX_OUTBOUND, FusionBucket, Window
from conformance.simulator.queries.buckets import edges
from conformance.simulator.queries.extension_records import RecordGroup, record_groups, tenant_extensions
from conformance.simulator.store import Store
from conformance.vendors.telecomx.fields import COUNTERS

GROUPING_STEPS = {"HOUR": "1h", "DAY": "DAY", "WEEK": "WEEK", "MONTH": "MONTH"}


def _label(epoch: int, window: Window, grouping: str, labels: str) -> str:
    if labels == "iso":
        return window.iso(epoch)
    if labels == "timestamp":
        return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    local = datetime.fromtimestamp(epoch, window.tz)
    value = {"HOUR": local.hour, "DAY": local.day, "WEEK": local.isocalendar().week, "MONTH": local.month}[grouping]
    return f"{value:02d}" if labels == "padded" else str(value)


def _add(acc: dict[str, int], g: RecordGroup) -> None:
    bucket = FusionBucket(g.fusion)
    if g.side == "OUT":
        acc["outboundCalls"] += g.count
        acc["outboundSeconds"] += g.billsec
        acc["outbound" + TELECOMX_OUTBOUND[bucket]] += g.count
    else:
        acc["inboundCalls"] += g.count
        acc["inboundSeconds"] += g.billsec
        acc["inbound" + TELECOMX_INBOUND[bucket]] += g.count


def _sides(direction: str) -> tuple[str, ...]:
    d = direction.upper()
    if d not in ("IN", "OUT", "BOTH"):
        raise ValueError(f"unsupported direction {direction!r}")
    return {"IN": ("IN",), "OUT": ("OUT",), "BOTH": ("OUT", "IN")}[d]


def _employees(store: Store, tenant_id: int | None, employees: Sequence[str] | None) -> list[tuple]:
    rows = tenant_extensions(store, tenant_id)
    if employees is not None:
        wanted = set(employees)
        rows = [r for r in rows if r[9] in wanted]
    return rows


def _groups(store: Store, cuts: Sequence[int], people: list[tuple], tenant_id: int | None, ignore_below: int,
            ignore_local: bool, direction: str) -> list[RecordGroup]:
    """The employees' record groups between the cuts, after the request's filters."""
    return record_groups(
        store,
        cuts,
        tenant_id=tenant_id,
        ext_ids=[r[0] for r in people],
        ignore_below=ignore_below,
        ignore_local=ignore_local,
        sides=_sides(direction),
    )


def cdrstats(
    store: Store,
    window: Window,
    *,
    tenant_id: int | None = None,
    employees: Sequence[str] | None = None,
    ignore_below: int = 0,
    ignore_local: bool = False,
    direction: str = "BOTH",
    grouping: str = "DAY",
    labels: str = "vendor",
    every_interval: bool = False,
) -> list[dict[str, Any]]:
    """``[{employeeId, employeeName, extensionId, extensionNumber, data: {key: counters}}]``, employees by
    extension; ``data`` holds only intervals with calls."""
    grouping = grouping.upper()
    if grouping not in GROUPING_STEPS:
        raise ValueError(f"unsupported groupingInterval {grouping!r}")
    people = _employees(store, tenant_id, employees)
    cuts = edges(window, GROUPING_STEPS[grouping])
    groups = _groups(store, cuts, people, tenant_id, ignore_below, ignore_local, direction)
    data: dict[int, dict[str, dict[str, int]]] = {}
    if every_interval:
        for r in people:
            for cut in cuts[:-1]:
                data.setdefault(r[0], {}).setdefault(_label(cut, window, grouping, labels), dict.fromkeys(COUNTERS, 0))
    for g in groups:
        key = _label(cuts[g.bucket], window, grouping, labels)
        _add(data.setdefault(g.ext, {}).setdefault(key, dict.fromkeys(COUNTERS, 0)), g)
    return [
        {
            "employeeId": r[9],
            "employeeName": f"{r[4]} {r[5]}",
            "extensionId": r[10],
            "extensionNumber": r[2],
            "data": data.get(r[0], {}),
        }
        for r in people
    ]


def cdrstats_totals(
    store: Store,
    window: Window,
    *,
    tenant_id: int | None = None,
    employees: Sequence[str] | None = None,
    ignore_below: int = 0,
    ignore_local: bool = False,
    direction: str = "BOTH",
) -> dict[str, dict[str, int]]:
    """Window totals per employee id (the sum of ``cdrstats`` intervals)."""
    people = _employees(store, tenant_id, employees)
    groups = _groups(store, [window.start, window.end], people, tenant_id, ignore_below, ignore_local, direction)
    totals = {r[0]: dict.fromkeys(COUNTERS, 0) for r in people}
    for g in groups:
        _add(totals[g.ext], g)
    return {r[9]: totals[r[0]] for r in people}
