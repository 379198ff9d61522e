"""Pacing rules: what a Retry-After asks for, when an answer is throttling, how the counters read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conformance.engine.pacing import BACKOFF, MAX_WAIT, TransportStats, retry_after, throttle_wait

NOW = datetime(2025, 11, 3, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1", 1.0),
        (" 120 ", 120.0),
        ("Mon, 03 Nov 2025 12:00:30 GMT", 30.0),
        ("Mon, 03 Nov 2025 11:59:00 GMT", 0.0),  # a date already past: no wait
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_reads_seconds_and_http_dates(value: str | None, seconds: float | None) -> None:
    assert retry_after(value, NOW) == seconds


def test_429_is_waited_out_with_the_header_or_with_backoff() -> None:
    assert throttle_wait(429, {"retry-after": "3"}, 0, NOW) == 3.0
    assert [throttle_wait(429, {}, attempt, NOW) for attempt in range(6)] == [*BACKOFF, BACKOFF[-1], BACKOFF[-1]]


def test_503_is_throttling_only_with_retry_after() -> None:
    assert throttle_wait(503, {"retry-after": "2"}, 0, NOW) == 2.0
    assert throttle_wait(503, {}, 0, NOW) is None  # a plain 503 is a server error, judged as one


@pytest.mark.parametrize("status", [200, 400, 404, 500, 502, None])
def test_other_answers_are_not_throttling(status: int | None) -> None:
    assert throttle_wait(status, {"retry-after": "2"}, 0, NOW) is None


def test_a_single_wait_is_capped() -> None:
    assert throttle_wait(429, {"retry-after": "86400"}, 0, NOW) == MAX_WAIT


def test_stats_sum_per_operation_counts() -> None:
    stats = TransportStats()
    stats.count(stats.throttled, "listCdrs")
    stats.count(stats.throttled, "listCdrs")
    stats.count(stats.retried, "getCdr")
    stats.waited = 2.0
    assert stats.as_dict() == {
        "throttled": 2, "throttled_by_operation": {"listCdrs": 2}, "throttle_wait_seconds": 2.0,
        "retried": 1, "retried_by_operation": {"getCdr": 1}, "unanswered": 0, "recovered": 0,
    }
