"""A loopback proxy in front of a real server (the simulator) that misbehaves on chosen requests.

Every connection carries one request (the client keeps no connection alive). The proxy reads the request
head, asks ``behaviour(index, method, path)`` what to do, and then forwards it, or answers 429 or 503, resets the
connection, holds it without answering, trickles an answer a byte a second, or stops listening for good
("die") or for a while (``outage``); "ok" answers 200 ``{}`` itself. ``index`` counts requests from 0.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from types import TracebackType
from urllib.parse import urlsplit

Behaviour = Callable[[int, str, str], str]
ACTIONS = ("forward", "ok", "throttle", "unavailable", "reset", "hang", "trickle", "die", "outage")
OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
TRICKLED = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n"
            b"Connection: close\r\n\r\n{\"slow\": \"answer\"}  ")


class FaultyProxy:
    """``with FaultyProxy(upstream, behaviour) as proxy:`` serves at ``proxy.url`` (same path as upstream)."""

    def __init__(self, upstream: str, behaviour: Behaviour, *, outage_seconds: float = 3.0,
                 retry_after: str | None = "1") -> None:
        parts = urlsplit(upstream)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._path = parts.path
        self.behaviour = behaviour
        self.outage_seconds = outage_seconds
        self.retry_after = retry_after  # of the 429 and 503 answers (None: no header)
        self._listener: socket.socket | None = self._listen(0)
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self.count = 0
        self.actions: list[str] = []
        self.holding = threading.Event()  # set once a request is held without an answer
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self._path}"

    @staticmethod
    def _listen(port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(64)
        sock.settimeout(0.1)
        return sock

    # -- serving --------------------------------------------------------------------------------
    def _serve(self) -> None:
        while not self._stop.is_set():
            listener = self._listener
            if listener is None:
                time.sleep(0.05)
                continue
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        head = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in head:
                data = conn.recv(65536)
                if not data:
                    break
                head += data
        if not head:  # a bare connect (the suite checks the target is reachable): no request to count
            conn.close()
            return
        method, _, rest = head.partition(b" ")
        path = rest.partition(b" ")[0].decode("latin-1")
        with self._lock:
            index = self.count
            self.count += 1
        action = self.behaviour(index, method.decode("latin-1"), path)
        self.actions.append(action)
        try:
            getattr(self, f"_{action}")(conn, head)
        except OSError:
            conn.close()

    def _forward(self, conn: socket.socket, head: bytes) -> None:
        upstream = socket.create_connection(self._upstream, timeout=10)
        upstream.sendall(head)
        other = threading.Thread(target=_pipe, args=(conn, upstream), daemon=True)
        other.start()
        _pipe(upstream, conn)
        other.join(10)
        upstream.close()
        conn.close()

    def _ok(self, conn: socket.socket, head: bytes) -> None:
        conn.sendall(OK)
        conn.close()

    def _throttle(self, conn: socket.socket, head: bytes) -> None:
        self._refusal(conn, b"429 Too Many Requests")

    def _unavailable(self, conn: socket.socket, head: bytes) -> None:
        self._refusal(conn, b"503 Service Unavailable")

    def _refusal(self, conn: socket.socket, status: bytes) -> None:
        header = f"Retry-After: {self.retry_after}\r\n".encode() if self.retry_after is not None else b""
        conn.sendall(b"HTTP/1.1 " + status + b"\r\n" + header + b"Content-Type: application/json\r\n"
                     b"Content-Length: 2\r\nConnection: close\r\n\r\n{}")
        conn.close()

    def _reset(self, conn: socket.socket, head: bytes) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    def _hang(self, conn: socket.socket, head: bytes) -> None:
        with self._lock:
            self._held.append(conn)
        self.holding.set()

    def _trickle(self, conn: socket.socket, head: bytes) -> None:
        for byte in TRICKLED:
            if self._stop.wait(1.0):
                break
            conn.sendall(bytes([byte]))
        conn.close()

    def _die(self, conn: socket.socket, head: bytes) -> None:
        self._close_listener()
        self._reset(conn, head)

    def _outage(self, conn: socket.socket, head: bytes) -> None:
        """Stop listening for ``outage_seconds``, then listen on the same port again."""
        self._close_listener()
        self._reset(conn, head)
        if not self._stop.wait(self.outage_seconds):
            self._listener = self._listen(self.port)

    def _close_listener(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()

    # -- lifetime -------------------------------------------------------------------------------
    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(2)
        self._close_listener()
        with self._lock:
            for conn in self._held:
                conn.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)
