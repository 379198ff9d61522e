"""The run's time budget and stop requests, shared by the runner, the target client and signal handlers.

A run stops early for one of three reasons (``StopInfo.kind``): the target stopped answering (``dead``), the
``--max-time`` budget ran out (``time``), or the user or CI interrupted it (``interrupt``). The client raises
``RunStopped`` before a request it may not send; the runner catches it, cleans up inside a short grace window
(``cleanup``) and hands the reports what the run has.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

from conformance.engine.results import StopInfo, StopKind

SLEEP_SLICE = 0.1  # a wait notices an interrupt within this many seconds


class RunStopped(Exception):
    """The run must send nothing more (except the clean-up of what it created)."""

    def __init__(self, info: StopInfo) -> None:
        super().__init__(info.reason)
        self.info = info


class RunControl:
    """The budget (``max_time`` seconds from creation, None: unbounded) and whether the run was told to stop.

    ``interrupt`` is safe to call from a signal handler: it only assigns attributes and ends the request in
    flight (``abort``, set by the client while a request is on the wire).
    """

    def __init__(
        self,
        max_time: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleeper: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_time = max_time
        self._clock = clock
        self._sleep = sleeper
        self._deadline = clock() + max_time if max_time is not None else None
        self._cleanup_deadline: float | None = None
        self.stopped: StopInfo | None = None
        self.signal: int | None = None  # the signal that interrupted the run, if one did
        self.abort: Callable[[], None] | None = None

    # -- state ----------------------------------------------------------------------------------
    @property
    def cleaning(self) -> bool:
        return self._cleanup_deadline is not None

    def remaining(self) -> float | None:
        """Seconds left to send requests in (None: no limit); the clean-up window's while cleaning up."""
        deadline = self._cleanup_deadline if self.cleaning else self._deadline
        return None if deadline is None else deadline - self._clock()

    # -- stopping -------------------------------------------------------------------------------
    def stop(self, kind: StopKind, reason: str) -> NoReturn:
        """Stop the run (the first reason given wins) and raise ``RunStopped``."""
        if self.stopped is None:
            self.stopped = StopInfo(kind, reason)
        raise RunStopped(self.stopped)

    def interrupt(self, reason: str, signal: int | None = None) -> None:
        """Ask the run to stop (from a signal handler): the request in flight ends, nothing new is sent."""
        if self.signal is None:
            self.signal = signal
        if self.stopped is None:
            self.stopped = StopInfo("interrupt", reason)
        if not self.cleaning and self.abort is not None:
            self.abort()

    def check(self) -> None:
        """Raise ``RunStopped`` when the run may send no more requests."""
        if self.stopped is not None and not self.cleaning:
            raise RunStopped(self.stopped)
        remaining = self.remaining()
        if remaining is not None and remaining <= 0:
            self.out_of_time()

    def out_of_time(self, detail: str = "") -> NoReturn:
        """Raise ``RunStopped``: the budget (or, while cleaning up, the clean-up window) is spent."""
        if self.cleaning:
            raise RunStopped(self.stopped or StopInfo("time", "clean-up time ran out"))
        self.stop("time", self.time_up(detail))

    def time_up(self, detail: str = "") -> str:
        budget = f" ({self.max_time:g} s)" if self.max_time is not None else ""
        return f"run time limit{budget} reached" + (f" {detail}" if detail else "")

    def sleep(self, seconds: float, why: str) -> None:
        """Wait ``seconds``, noticing interrupts; a wait that would outlast the budget stops the run instead."""
        remaining = self.remaining()
        if remaining is not None and seconds >= remaining:
            self.out_of_time(f"(the next wait, {why}: {seconds:g} s, would pass it)")
        end = self._clock() + seconds
        while (left := end - self._clock()) > 0:
            self.check()
            self._sleep(min(left, SLEEP_SLICE))
        self.check()

    @contextmanager
    def cleanup(self, seconds: float) -> Iterator[None]:
        """For up to ``seconds``, let requests through even after a stop: deleting what the run created."""
        self._cleanup_deadline = self._clock() + seconds
        try:
            yield
        finally:
            self._cleanup_deadline = None
