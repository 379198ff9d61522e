"""How the client paces itself against a target that throttles, drops connections or stops answering.

- A 429, or a 503 with ``Retry-After``, is waited out (the header's seconds or HTTP date, else exponential
  backoff) and sent again, up to ``THROTTLE_RETRIES`` times; a single wait lasts at most ``MAX_WAIT`` seconds.
- A read whose connection was refused or reset is sent once more after ``RETRY_PAUSE`` (never a write).
- After ``dead_after`` requests in a row get no answer, each further request waits ``PROBE_WAITS`` first;
  when those run out with no answer either, the target is taken for dead and the run stops.
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

THROTTLE_STATUSES = (429, 503)
THROTTLE_RETRIES = 4
BACKOFF = (1.0, 2.0, 4.0, 8.0)  # waits after a 429 without Retry-After, one per retry
MAX_WAIT = 60.0
RETRY_PAUSE = 0.25
DEFAULT_DEAD_AFTER = 5
PROBE_WAITS = (1.0, 2.0, 4.0, 8.0)


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` value asks for (delay-seconds or an HTTP date); None when absent or unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def throttle_wait(status: int | None, headers: dict[str, str], attempt: int,
                  now: datetime | None = None) -> float | None:
    """How long to wait before sending again a request answered ``status`` (None: not throttled, judge it).

    ``attempt`` counts the throttled answers this request had before (0 for the first).
    """
    if status not in THROTTLE_STATUSES:
        return None
    asked = retry_after(headers.get("retry-after"), now)
    if asked is None:
        if status == 503:
            return None  # a plain 503 is a server error
        asked = BACKOFF[min(attempt, len(BACKOFF) - 1)]
    return min(asked, MAX_WAIT)


@dataclass
class TransportStats:
    """What pacing cost a spec's run: throttled answers waited out, requests retried, requests unanswered."""

    throttled: dict[str, int] = field(default_factory=dict)  # operation -> throttled answers
    waited: float = 0.0  # seconds spent waiting out throttling
    retried: dict[str, int] = field(default_factory=dict)  # operation -> resends after a reset or refusal
    unanswered: int = 0  # requests that got no answer in the end
    recovered: int = 0  # times the target answered again after being silent for ``dead_after`` requests

    def count(self, table: dict[str, int], operation: str) -> None:
        table[operation] = table.get(operation, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "throttled": sum(self.throttled.values()),
            "throttled_by_operation": dict(sorted(self.throttled.items())),
            "throttle_wait_seconds": round(self.waited, 3),
            "retried": sum(self.retried.values()),
            "retried_by_operation": dict(sorted(self.retried.items())),
            "unanswered": self.unanswered,
            "recovered": self.recovered,
        }
