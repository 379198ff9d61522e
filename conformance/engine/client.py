"""HTTP to the target: a total deadline per request, the run's budget, rate limit, pacing against throttling
and dropped connections, dead-target detection, response size cap, credentials, redaction, write safety."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from conformance.checkapi.exchange import Exchange
from conformance.engine.auth import Authenticator, CredentialMode
from conformance.engine.control import RunControl
from conformance.engine.deadline import RequestWatch
from conformance.engine.pacing import (
    DEFAULT_DEAD_AFTER,
    PROBE_WAITS,
    RETRY_PAUSE,
    THROTTLE_RETRIES,
    TransportStats,
    throttle_wait,
)
from conformance.engine.redact import Redactor

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5_000_000
_UNSET: Any = object()
# a connection refused, reset or closed before the answer: worth one more try for a read
TRANSIENT = (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)


class WriteRefused(RuntimeError):
    """The engine tried to send a write operation without ``--allow-writes`` (a bug in the engine)."""


class RateLimiter:
    """At most ``rate`` requests per second (None: unlimited), shared by every caller."""

    def __init__(self, rate: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._clock = clock
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = self._clock()
            delay = self._next - now
            self._next = max(now, self._next) + self._interval
        if delay > 0:
            time.sleep(delay)


class TargetClient:
    """Sends requests to one target and returns redacted ``Exchange`` records; never raises on transport errors.

    It raises ``RunStopped`` instead of sending when the run must stop: budget spent, interrupt, or a target
    taken for dead (``dead_after`` requests in a row without an answer, then ``probe_waits`` more).
    """

    def __init__(
        self,
        base_url: str,
        document: dict[str, Any],
        *,
        redactor: Redactor,
        credentials: Any,
        timeout: float = DEFAULT_TIMEOUT,
        rate_limit: float | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        allow_writes: bool = False,
        listener: Callable[[Exchange], None] | None = None,
        control: RunControl | None = None,
        dead_after: int = DEFAULT_DEAD_AFTER,
        probe_waits: tuple[float, ...] = PROBE_WAITS,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.redactor = redactor
        self.timeout = timeout  # the whole request: connect, send and the complete answer
        self.allow_writes = allow_writes
        self.max_bytes = max_bytes
        self.control = control or RunControl()
        self.dead_after = dead_after
        self.probe_waits = probe_waits
        self.stats = TransportStats()
        self._limiter = RateLimiter(rate_limit)
        self._listener = listener
        # no keep-alive: each request has its own socket, which its deadline watch can shut down
        self._http = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False,
                                  limits=httpx.Limits(max_keepalive_connections=0))
        self.auth = Authenticator(document, self.base_url, credentials, redactor, self._send_raw)
        self.requests_sent = 0
        self._silent = 0  # requests in a row that got no answer
        self._silent_since = 0.0
        self._last_error = ""

    def close(self) -> None:
        self._http.close()

    # -- the deadline of one attempt ------------------------------------------------------------
    def _limit(self) -> tuple[float, bool]:
        """Seconds the next attempt may take, and whether the run's budget (not ``timeout``) sets them."""
        remaining = self.control.remaining()
        if remaining is not None and remaining < self.timeout:
            return max(remaining, 0.0), True
        return self.timeout, False

    @contextmanager
    def _watched(self) -> Iterator[RequestWatch]:
        self.control.check()
        self._limiter.wait()
        self.control.check()
        limit, by_budget = self._limit()
        watch = RequestWatch(limit)
        self.control.abort = lambda: watch.end("interrupt")
        watch.start()
        try:
            self.control.check()  # an interrupt that came just before the watch was armed
            yield watch
        finally:
            watch.stop()
            self.control.abort = None
        self.control.check()  # interrupted meanwhile
        if watch.ended == "deadline" and by_budget:
            self.control.out_of_time()  # cut short by the run's budget: not the target's fault

    def _send_raw(self, request: httpx.Request) -> httpx.Response:
        """A request of the login flow: same deadline, budget and rate limit; transport errors propagate."""
        failure: httpx.HTTPError | None = None
        with self._watched() as watch:
            request.extensions["timeout"] = httpx.Timeout(watch.seconds).as_dict()
            request.extensions["trace"] = watch.trace
            try:
                response = self._http.send(request)
                response.read()
            except httpx.HTTPError as exc:
                failure = exc
                if isinstance(exc, httpx.TimeoutException):
                    watch.end("deadline")
        if watch.ended:
            raise httpx.ReadTimeout(f"no complete answer within {watch.seconds:g} s")
        if failure is not None:
            raise failure
        return response

    # -- requests -------------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        operation_id: str | None = None,
        access: str = "read",
        query: dict[str, Any] | None = None,
        json_body: Any = _UNSET,
        raw_body: bytes | None = None,
        headers: dict[str, str] | None = None,
        credentials: CredentialMode = "valid",
        retry_auth: bool = True,
    ) -> Exchange:
        """Send one request; transport problems come back as an Exchange with ``error`` set."""
        if access == "write" and not self.allow_writes:
            raise WriteRefused(f"{method} {path} writes and --allow-writes was not given")
        self._probe_pause()
        params = {k: v for k, v in (query or {}).items() if v is not None}
        send_headers = dict(headers or {})
        self.auth.apply(send_headers, params, credentials)
        content: bytes | None = raw_body
        shown_body: Any = None
        if json_body is not _UNSET:
            content = json.dumps(json_body).encode("utf-8")
            send_headers.setdefault("Content-Type", "application/json")
            shown_body = self.redactor.value(json_body)
        elif raw_body is not None:
            shown_body = self.redactor.text(raw_body.decode("utf-8", errors="replace")[:2000])
        url = self.base_url + path
        request = self._http.build_request(method, url, params=params, headers=send_headers, content=content)
        template = Exchange(
            operation_id=operation_id,
            method=method.upper(),
            url=self.redactor.url(str(request.url)),
            request_headers=self.redactor.headers(dict(request.headers)),
            request_body=shown_body,
            redact=self.redactor.text,
        )
        exchange = self._paced(request, template, operation_id or f"{method.upper()} {path}", access == "read")
        if (
            retry_auth and credentials == "valid" and exchange.status in (401, 403)
            and self.auth.invalidate()
        ):
            return self.request(method, path, operation_id=operation_id, access=access, query=query,
                                json_body=json_body, raw_body=raw_body, headers=headers, retry_auth=False)
        self.requests_sent += 1
        self._note_answer(exchange)
        if self._listener is not None:
            self._listener(exchange)
        return exchange

    def _paced(self, request: httpx.Request, template: Exchange, operation: str, read: bool) -> Exchange:
        """Send until there is an answer to judge: throttling waited out, one resend of a dropped read."""
        throttled = 0
        resent = False
        while True:
            exchange = dataclasses.replace(template)
            transient = self._perform(request, exchange)
            wait = throttle_wait(exchange.status, exchange.response_headers, throttled)
            if wait is not None:
                self.stats.count(self.stats.throttled, operation)
                if throttled < THROTTLE_RETRIES:
                    throttled += 1
                    self.control.sleep(wait, f"the target answered {exchange.status}")
                    self.stats.waited += wait
                    continue
                if exchange.status == 429:  # never judged: asking to slow down is no answer to the request
                    exchange.error = f"throttled: still answered 429 after {THROTTLE_RETRIES} waits"
                    exchange.status = None
                    exchange.throttled = True
            elif transient and read and not resent:
                resent = True
                self.stats.count(self.stats.retried, operation)
                self.control.sleep(RETRY_PAUSE, "before resending a dropped request")
                continue
            return exchange

    def _probe_pause(self) -> None:
        """After ``dead_after`` silent requests, wait before each further one; stop when the waits run out."""
        self.control.check()
        over = self._silent - self.dead_after
        if over < 0 or self.control.cleaning:
            return
        remaining = self.control.remaining()
        if over >= len(self.probe_waits) or (remaining is not None and self.probe_waits[over] >= remaining):
            silent_for = time.monotonic() - self._silent_since
            self.control.stop("dead", f"target stopped answering: {self._silent} requests in a row got no answer "
                                      f"over {silent_for:.0f} s (last: {self._last_error})")
        self.control.sleep(self.probe_waits[over], "waiting for the target to answer again")

    def _note_answer(self, exchange: Exchange) -> None:
        if exchange.error is None:
            if self._silent >= self.dead_after:
                self.stats.recovered += 1
            self._silent = 0
            return
        if self._silent == 0:
            self._silent_since = time.monotonic() - exchange.elapsed
        self._silent += 1
        self.stats.unanswered += 1
        self._last_error = self.redactor.text(exchange.error)[:200]

    def _perform(self, request: httpx.Request, exchange: Exchange) -> bool:
        """One attempt; True when the connection was refused or dropped before an answer (worth a resend)."""
        started = time.monotonic()
        transient = False
        try:
            with self._watched() as watch:
                try:
                    with self._http.stream(request.method, request.url, headers=request.headers,
                                           content=request.content, timeout=httpx.Timeout(watch.seconds),
                                           extensions={"trace": watch.trace}) as response:
                        exchange.status = response.status_code
                        exchange.response_headers = {k.lower(): v for k, v in response.headers.items()}
                        chunks: list[bytes] = []
                        size = 0
                        for chunk in response.iter_bytes():
                            size += len(chunk)
                            if size > self.max_bytes:
                                exchange.truncated = True
                                chunks.append(chunk[: max(0, self.max_bytes - (size - len(chunk)))])
                                break
                            chunks.append(chunk)
                        exchange.content = b"".join(chunks)
                        watch.stop()  # before the socket closes
                except httpx.TimeoutException:
                    watch.end("deadline")  # httpx's per-read timeouts are the same deadline
                except httpx.HTTPError as exc:
                    exchange.error = f"{type(exc).__name__}: {exc}"
                    transient = isinstance(exc, TRANSIENT)
                if watch.ended:  # the deadline shut the socket: whatever came back is incomplete
                    exchange.error = f"timed out: no complete answer within {watch.seconds:g} s"
                    transient = False
        finally:
            exchange.elapsed = time.monotonic() - started
        return transient
