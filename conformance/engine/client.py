"""HTTP to the target: timeouts, rate limit, response size cap, credentials, redaction, write safety."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from conformance.checkapi.exchange import Exchange
from conformance.engine.auth import Authenticator, CredentialMode
from conformance.engine.redact import Redactor

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5_000_000
_UNSET: Any = object()


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
    """Sends requests to one target and returns redacted ``Exchange`` records; never raises on transport errors."""

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
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.redactor = redactor
        self.total_timeout = 3 * timeout  # a server trickling bytes cannot hold a request forever
        self.allow_writes = allow_writes
        self.max_bytes = max_bytes
        self._limiter = RateLimiter(rate_limit)
        self._listener = listener
        self._http = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False)
        self.auth = Authenticator(document, self.base_url, credentials, redactor, self._send_raw)
        self.requests_sent = 0

    def close(self) -> None:
        self._http.close()

    def _send_raw(self, request: httpx.Request) -> httpx.Response:
        self._limiter.wait()
        response = self._http.send(request)
        response.read()
        return response

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
        exchange = Exchange(
            operation_id=operation_id,
            method=method.upper(),
            url=self.redactor.url(str(request.url)),
            request_headers=self.redactor.headers(dict(request.headers)),
            request_body=shown_body,
            redact=self.redactor.text,
        )
        self._perform(request, exchange)
        if (
            retry_auth and credentials == "valid" and exchange.status in (401, 403)
            and self.auth.invalidate()
        ):
            return self.request(method, path, operation_id=operation_id, access=access, query=query,
                                json_body=json_body, raw_body=raw_body, headers=headers, retry_auth=False)
        self.requests_sent += 1
        if self._listener is not None:
            self._listener(exchange)
        return exchange

    def _perform(self, request: httpx.Request, exchange: Exchange) -> None:
        self._limiter.wait()
        started = time.monotonic()
        try:
            with self._http.stream(request.method, request.url, headers=request.headers,
                                   content=request.content) as response:
                exchange.status = response.status_code
                exchange.response_headers = {k.lower(): v for k, v in response.headers.items()}
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    if time.monotonic() - started > self.total_timeout:
                        raise httpx.ReadTimeout("the answer is still arriving after the total time limit")
                    size += len(chunk)
                    if size > self.max_bytes:
                        exchange.truncated = True
                        chunks.append(chunk[: max(0, self.max_bytes - (size - len(chunk)))])
                        break
                    chunks.append(chunk)
                exchange.content = b"".join(chunks)
        except httpx.TimeoutException:
            exchange.error = "timed out waiting for the target"
        except httpx.HTTPError as exc:
            exchange.error = f"{type(exc).__name__}: {exc}"
        finally:
            exchange.elapsed = time.monotonic() - started
