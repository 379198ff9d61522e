"""What handlers return and how refusals travel: ``Reply`` and ``Rejection``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.responses import Response

RejectionKind = Literal[
    "malformed",  # body or query cannot be read at all
    "invalid",  # well-formed but breaks the spec (schema or prose rule)
    "unauthenticated",  # missing, wrong or expired credentials
    "forbidden",  # authenticated but not allowed
    "not_found",  # unknown path or resource
    "method_not_allowed",
    "too_large",
    "unsupported_media_type",
]


@dataclass
class Reply:
    """A response a handler produces: JSON ``body`` or raw ``content`` with its media type."""

    status: int = 200
    body: Any = None
    content: bytes | str | None = None
    media_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    def to_response(self) -> Response:
        if self.content is not None:
            payload = self.content.encode("utf-8") if isinstance(self.content, str) else self.content
        elif self.body is None:
            payload = b""
        else:
            payload = json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        media = self.media_type if payload or self.status not in (204, 304) else None
        return Response(payload, status_code=self.status, media_type=media, headers=self.headers)


class Rejection(Exception):
    """The simulator refuses a request; the vendor module turns it into the vendor's error reply."""

    def __init__(self, kind: RejectionKind, message: str, *, field: str | None = None, rule: str | None = None):
        super().__init__(message)
        self.kind: RejectionKind = kind
        self.message = message
        self.field = field
        self.rule = rule
