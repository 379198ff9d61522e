"""A loopback TCP server that misbehaves on purpose: hangs, resets, talks garbage, or answers 500."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from types import TracebackType

MODES = ("hang", "reset", "garbage", "error500", "huge")


class BadServer:
    def __init__(self, mode: str) -> None:
        assert mode in MODES
        self.mode = mode
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            try:
                self._answer(conn)
            except OSError:
                conn.close()

    def _answer(self, conn: socket.socket) -> None:
        if self.mode == "hang":
            self._held.append(conn)
            return
        conn.settimeout(1)
        with contextlib.suppress(OSError):
            conn.recv(65536)
        if self.mode == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif self.mode == "garbage":
            conn.sendall(b"\x00\xffNOT HTTP AT ALL\r\n\r\n\x13\x37")
        elif self.mode == "error500":
            body = b'{"oops": true}'
            conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
        elif self.mode == "huge":
            size = 8_000_000
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + str(size).encode() + b"\r\nConnection: close\r\n\r\n")
            chunk = b" " * 65536
            sent = 0
            while sent < size:
                conn.sendall(chunk[: size - sent])
                sent += len(chunk)
        conn.close()

    def __enter__(self) -> BadServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(2)
        for conn in self._held:
            conn.close()
        self._sock.close()
