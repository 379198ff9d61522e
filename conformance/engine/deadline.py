"""A total deadline for one request: httpx's timeouts apply to each read, so a target that sends a byte a
second would hold a request for ever. ``RequestWatch`` learns the request's socket through httpcore's
``trace`` extension and shuts it down when the deadline passes (or on demand, for an interrupt); the blocked
read then returns and the client reports a timeout. Connections are not kept alive, so every request opens
its own socket and the watch always knows it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

CONNECTED = ("connection.connect_tcp.complete", "connection.start_tls.complete")


class RequestWatch:
    """Ends one request at ``seconds`` from ``start`` by shutting its socket down; ``ended`` says why."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ended: str | None = None  # "deadline" or "interrupt"
        self._sock: socket.socket | None = None
        self._done = False
        self._lock = threading.RLock()  # re-entrant: a signal handler may run while the main thread holds it
        self._timer = threading.Timer(seconds, self.end, args=("deadline",))
        self._timer.daemon = True

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace callback: remember the socket as soon as it is connected."""
        if event in CONNECTED:
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                self._sock = sock
                if self.ended is not None:
                    self._shutdown()

    def start(self) -> None:
        self._timer.start()

    def end(self, why: str) -> None:
        """End the request now (from the timer thread or a signal handler); nothing once it is over."""
        with self._lock:
            if self._done:
                return
            if self.ended is None:
                self.ended = why
            self._shutdown()

    def stop(self) -> None:
        """The request is over (call it before its socket closes): the watch no longer touches the socket."""
        with self._lock:
            self._done = True
        self._timer.cancel()

    def _shutdown(self) -> None:
        with self._lock:
            sock = self._sock
            if sock is not None and not self._done:
                # the plain socket method: an SSL socket's own shutdown would drop its TLS state under a reader
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
