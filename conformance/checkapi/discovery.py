"""Helpers for vendor discovery functions (``pbx-conformance init``): what exists on a target, asked through its
own API with reads only.

A discovery function takes a ``Runner`` (its calls are reads whose answers are not held against the target) and
returns facts in the fixtures file's format: ``window``, ``timezone``, ``queues``, ``employees``...
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from conformance.checkapi.scenarios import Call, Runner

DAY = timedelta(days=1)
Probe = Callable[[datetime, datetime], Call]  # sends one request over a window
Count = Callable[[Call], int | None]  # how many calls an answer says the window held (None: cannot tell)


def midnight(moment: datetime, zone: tzinfo) -> datetime:
    local = moment.astimezone(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def latest_day_with_traffic(probe: Probe, count: Count, *, zone: tzinfo = UTC, chunk_days: int = 1,
                            lookback_days: int = 400, now: datetime | None = None) -> tuple[datetime, datetime] | None:
    """The latest whole day (midnight to midnight in ``zone``) that held calls, looking back from today.

    Windows of ``chunk_days`` (the longest the operation takes) go back until one holds calls, then that
    window is halved until one day is left: a few requests, however far back the traffic is.
    """
    end = midnight(now or datetime.now(UTC), zone) + DAY
    looked = 0
    while looked < lookback_days:
        days = min(chunk_days, lookback_days - looked)
        start = end - days * DAY
        if (count(probe(start, end)) or 0) > 0:
            while days > 1:
                half = days // 2
                later = end - half * DAY
                if (count(probe(later, end)) or 0) > 0:
                    start, days = later, half
                else:
                    end, days = later, days - half
                start = end - days * DAY
            return start, end
        end, looked = start, looked + days
    return None


def window_fact(window: tuple[datetime, datetime]) -> dict[str, str]:
    """A window in the fixtures file's notation (RFC 3339 with offsets)."""
    return {"start": window[0].isoformat(), "end": window[1].isoformat()}


def distinct(values: list[Any], limit: int = 20) -> list[str]:
    """Distinct non-empty values as text, in first-seen order, at most ``limit``."""
    seen: dict[str, None] = {}
    for value in values:
        if value not in (None, "", 0) and str(value) not in seen:
            seen[str(value)] = None
    return list(seen)[:limit]


def probe_with(runner: Runner, operation_id: str, build: Callable[[dict[str, str]], dict[str, Any]]) -> Probe:
    """A probe sending ``operation_id`` with the window written in its notation; ``build`` turns the window's
    fields into the call's keyword arguments (``{"body": {...}}`` or ``{"query": {...}}``)."""

    def probe(start: datetime, end: datetime) -> Call:
        return runner.call(operation_id, expect="any", **build(runner.window_fields(operation_id, start, end)))

    return probe
