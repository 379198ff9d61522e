"""One request sent to the target and what came back (or why nothing did); always redacted."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_NOT_PARSED = object()


@dataclass
class Exchange:
    """A redacted record of a request and its response. ``status`` is None when the transport failed."""

    operation_id: str | None
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: Any = None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    truncated: bool = False
    elapsed: float = 0.0
    error: str | None = None
    throttled: bool = False  # still throttled (429) after every wait: no answer to judge
    redact: Callable[[str], str] = field(default=lambda text: text, repr=False, compare=False)
    _json: Any = field(default=_NOT_PARSED, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def media_type(self) -> str:
        value = self.response_headers.get("content-type", "")
        return value.split(";", 1)[0].strip().lower()

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The response body as JSON; raises ``ValueError`` when it is not JSON."""
        if self._json is _NOT_PARSED:
            if self.truncated:
                raise ValueError("response body was truncated at the size limit")
            self._json = json.loads(self.content.decode("utf-8"))
        return self._json

    def json_or_none(self) -> Any:
        try:
            return self.json()
        except (ValueError, UnicodeDecodeError):
            return None

    def excerpt(self, limit: int = 2000) -> str:
        """The start of the response body, with secrets masked."""
        text = self.redact(self.text[: limit + 200])
        return text if len(text) <= limit else text[:limit] + f"… ({len(self.content)} bytes)"

    def curl(self) -> str:
        """A curl command that reproduces the request (already redacted)."""
        parts = ["curl", "-X", self.method]
        for name, value in self.request_headers.items():
            if name.lower() in ("content-length", "host", "accept-encoding", "connection", "user-agent"):
                continue
            parts += ["-H", f"{name}: {value}"]
        if self.request_body is not None:
            body = self.request_body if isinstance(self.request_body, str) else json.dumps(self.request_body)
            parts += ["--data-raw", body]
        parts.append(self.url)
        return " ".join(shlex.quote(p) for p in parts)

    def summary(self) -> dict[str, Any]:
        """The exchange as report data."""
        return {
            "operation": self.operation_id,
            "method": self.method,
            "url": self.url,
            "request_headers": self.request_headers,
            "request_body": self.request_body,
            "status": self.status,
            "response_headers": {k: self.redact(v) for k, v in self.response_headers.items()
                                 if k.lower() not in ("set-cookie", "authorization")},
            "response_excerpt": self.excerpt(),
            "elapsed_seconds": round(self.elapsed, 4),
            "error": self.redact(self.error) if self.error else None,
            "curl": self.curl(),
        }
