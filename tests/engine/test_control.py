"""The run's budget and stop requests, on a fake clock: nothing here sleeps for real."""

from __future__ import annotations

import pytest

from conformance.engine.control import RunControl, RunStopped


class FakeTime:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _control(max_time: float | None, fake: FakeTime) -> RunControl:
    return RunControl(max_time, clock=fake.clock, sleeper=fake.sleep)


def test_no_budget_never_stops() -> None:
    fake = FakeTime()
    control = _control(None, fake)
    fake.now += 10**6
    control.check()
    assert control.remaining() is None and control.stopped is None


def test_the_budget_stops_the_run_when_spent() -> None:
    fake = FakeTime()
    control = _control(90, fake)
    fake.now += 89.5
    control.check()
    fake.now += 1
    with pytest.raises(RunStopped) as stopped:
        control.check()
    assert stopped.value.info.kind == "time"
    assert "run time limit (90 s) reached" in stopped.value.info.reason
    assert control.stopped == stopped.value.info


def test_a_wait_that_would_outlast_the_budget_stops_at_once() -> None:
    fake = FakeTime()
    control = _control(10, fake)
    with pytest.raises(RunStopped) as stopped:
        control.sleep(30, "the target answered 429")
    assert fake.slept == []  # no point waiting for a budget that ends first
    assert "the target answered 429: 30 s" in stopped.value.info.reason


def test_a_wait_inside_the_budget_sleeps_in_slices() -> None:
    fake = FakeTime()
    control = _control(10, fake)
    control.sleep(1, "backoff")
    assert sum(fake.slept) == pytest.approx(1.0)
    assert max(fake.slept) <= 0.1 + 1e-9


def test_an_interrupt_stops_the_next_request_and_ends_the_one_in_flight() -> None:
    fake = FakeTime()
    control = _control(None, fake)
    aborted: list[bool] = []
    control.abort = lambda: aborted.append(True)
    control.interrupt("interrupted by SIGTERM", 15)
    assert aborted == [True]
    with pytest.raises(RunStopped) as stopped:
        control.check()
    assert stopped.value.info.kind == "interrupt" and control.signal == 15


def test_the_first_reason_wins() -> None:
    control = _control(None, FakeTime())
    with pytest.raises(RunStopped):
        control.stop("dead", "target stopped answering")
    control.interrupt("interrupted by SIGINT", 2)
    assert control.stopped is not None and control.stopped.kind == "dead"


def test_cleanup_lets_requests_through_after_a_stop_for_a_while() -> None:
    fake = FakeTime()
    control = _control(5, fake)
    fake.now += 6
    with pytest.raises(RunStopped):
        control.check()
    with control.cleanup(15):
        control.check()  # deleting what the run created is still allowed
        assert control.remaining() == pytest.approx(15)
        fake.now += 16
        with pytest.raises(RunStopped):
            control.check()
    assert not control.cleaning
    with pytest.raises(RunStopped):
        control.check()
