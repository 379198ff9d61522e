"""Time buckets of a window, aligned to wall-clock steps in the window's zone, and SQL helpers over them.

Bucket edges are the window bounds plus every aligned instant strictly inside the window: multiples of a
sub-day step counted from local midnight, local midnights (``DAY``), Monday midnights (``WEEK``) or first
days of months (``MONTH``). Wall-clock arithmetic follows the zone, so a day in a DST zone may last 23 or
25 hours; the first and last buckets may be partial. A bucket is half-open ``[lo, hi)`` and its point
time ``t`` is ``lo``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from itertools import pairwise

from conformance.simulator.model import Window

INTERVALS: dict[str, int] = {"1h": 3600, "2h": 7200, "3h": 10800, "4h": 14400, "6h": 21600, "8h": 28800}
CALENDAR_STEPS = ("DAY", "WEEK", "MONTH")
Step = int | str


def parse_step(step: Step) -> Step:
    """Seconds dividing a day, an interval name (``1h`` .. ``8h``) or a calendar step; ValueError otherwise."""
    if isinstance(step, str):
        if step in INTERVALS:
            return INTERVALS[step]
        if step.upper() in CALENDAR_STEPS:
            return step.upper()
        raise ValueError(f"unsupported interval {step!r}")
    if step <= 0 or 86400 % step:
        raise ValueError(f"step {step} s does not divide a day")
    return 86400 if step == 86400 else step


def edges(window: Window, step: Step) -> list[int]:
    """Sorted bucket edges of the window (at least the two bounds unless the window is empty)."""
    if window.end <= window.start:
        return []
    unit = parse_step(step)
    tz = window.tz
    day = datetime.fromtimestamp(window.start, tz).date()
    last = datetime.fromtimestamp(window.end, tz).date()
    inner: set[int] = set()
    while day <= last:
        midnight = datetime.combine(day, time(), tz)
        if isinstance(unit, int) and unit < 86400:
            instants = [midnight + timedelta(seconds=k) for k in range(0, 86400, unit)]
        elif unit == "WEEK":
            instants = [midnight] if day.weekday() == 0 else []
        elif unit == "MONTH":
            instants = [midnight] if day.day == 1 else []
        else:
            instants = [midnight]
        for instant in instants:
            epoch = int(instant.timestamp())
            if window.start < epoch < window.end:
                inner.add(epoch)
        day += timedelta(days=1)
    return [window.start, *sorted(inner), window.end]


def spans(cuts: Sequence[int]) -> list[tuple[int, int]]:
    return list(pairwise(cuts))


def values_cte(ranges: Sequence[tuple[int, int, int]], name: str = "b") -> str:
    """``name(i, lo, hi) AS (VALUES ...)`` for a common table expression (integers only, inlined)."""
    if not ranges:
        return f"{name}(i, lo, hi) AS (SELECT 0, 0, 0 WHERE 0)"
    rows = ",".join(f"({int(i)},{int(lo)},{int(hi)})" for i, lo, hi in ranges)
    return f"{name}(i, lo, hi) AS (VALUES {rows})"


def split_for_slots(cuts: Sequence[int], slot: int) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """Per bucket: the part made of whole aggregate slots, and the raw remainder at its ends."""
    whole: list[tuple[int, int, int]] = []
    raw: list[tuple[int, int, int]] = []
    for i, (lo, hi) in enumerate(spans(cuts)):
        a = -(-lo // slot) * slot
        b = hi // slot * slot
        if a < b:
            whole.append((i, a, b))
            if lo < a:
                raw.append((i, lo, a))
            if b < hi:
                raw.append((i, b, hi))
        else:
            raw.append((i, lo, hi))
    return whole, raw


def best_slot(cuts: Sequence[int], slots: Sequence[int]) -> int:
    """The widest aggregate slot that every inner edge is a multiple of (else the narrowest)."""
    inner = cuts[1:-1]
    for slot in slots:
        if all(c % slot == 0 for c in inner):
            return slot
    return min(slots)


def clip(lo: int, hi: int, a: int, b: int) -> int:
    """Seconds of ``[lo, hi)`` inside ``[a, b)``."""
    return max(0, min(hi, b) - max(lo, a))


def half_up(value: float) -> int:
    """Round to the nearest integer, halves away from zero for non-negative values (the simulator's rule)."""
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def ratio(num: float, den: float) -> float:
    return num / den if den else 0.0
