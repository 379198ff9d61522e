"""Tests of the reference simulator.

``small_store()`` is the generated store the query tests share (2 000 calls over 14 days from 2025-10-27,
so New York's and Copenhagen's DST changes fall inside); the strategies draw windows and zones over it.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from conformance.simulator import Store, Window, generate

START = datetime(2025, 10, 27, tzinfo=UTC)
DAYS = 14
T0 = int(START.timestamp())
T1 = T0 + DAYS * 86400

FIXED_OFFSETS = (-5 * 60, -4 * 60, 0, 60, 5 * 60 + 30, 5 * 60 + 45, 7 * 60, -9 * 60 - 30)
ZONES = ("America/New_York", "Europe/Copenhagen", "Asia/Ho_Chi_Minh", "Asia/Kolkata")


@functools.cache
def small_store() -> tuple[Store, dict[str, Any]]:
    """One generated store shared by the query tests (read-only)."""
    store = Store()
    catalogue = generate(store, calls=2000, seed=11, start=START, days=DAYS)
    return store, catalogue


def zones() -> st.SearchStrategy[tzinfo]:
    """Fixed UTC offsets (whole, half and quarter hours) and DST zones."""
    fixed = st.sampled_from(FIXED_OFFSETS).map(lambda m: timezone(timedelta(minutes=m)))
    return st.one_of(fixed, st.sampled_from(ZONES).map(ZoneInfo))


def windows(max_seconds: int = 3 * 86400, aligned: bool = False) -> st.SearchStrategy[Window]:
    """Windows around the generated period, at second resolution (or on whole minutes when ``aligned``)."""
    unit = 60 if aligned else 1
    return st.builds(
        lambda start, length, tz: Window(start, start + length, tz),
        st.integers(T0 - 86400, T1).map(lambda t: t - t % unit),
        st.integers(1, max_seconds).map(lambda n: max(unit, n - n % unit)),
        zones(),
    )


def queue_numbers() -> list[str]:
    return [q["number"] for t in small_store()[1]["tenants"] for q in t["queues"]]


def tenant_of_queue(number: str) -> dict[str, Any]:
    return next(t for t in small_store()[1]["tenants"] if any(q["number"] == number for q in t["queues"]))
