"""SIGINT and SIGTERM during a run: the first asks the run to stop cleanly (clean up, write reports); a second
one aborts at once (``KeyboardInterrupt``)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from conformance.engine.control import RunControl

SIGNALS = (signal.SIGINT, signal.SIGTERM)


def exit_code(signum: int) -> int:
    """The shell's convention for a process ended by a signal: 128 + its number (130 SIGINT, 143 SIGTERM)."""
    return 128 + signum


@contextmanager
def stop_on_signals(control: RunControl) -> Iterator[None]:
    """While inside, SIGINT and SIGTERM call ``control.interrupt``; the previous handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set in the main thread
        return

    def handle(signum: int, _frame: FrameType | None) -> None:
        if control.signal is not None:
            raise KeyboardInterrupt
        control.interrupt(f"interrupted by {signal.Signals(signum).name}", signum)

    previous = {signum: signal.signal(signum, handle) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
