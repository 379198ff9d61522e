"""Classify an answer by the spec's ``x-pbx-errors``: accepted, pending, rejected, unauthenticated, broken."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jsonpointer

from conformance.checkapi.exchange import Exchange
from conformance.checkapi.scenarios import Outcome


def _status_matches(status: int, patterns: list[str]) -> bool:
    text = str(status)
    return any(p == text or (p.endswith("XX") and text[0] == p[0]) for p in patterns)


@dataclass(frozen=True)
class ErrorConvention:
    """A spec's way of saying no (from ``x-pbx-errors``)."""

    statuses: tuple[str, ...] = ("4XX",)
    unauthenticated: tuple[str, ...] = ("401", "403")
    envelope_field: str | None = None
    success: tuple[Any, ...] = ()
    pending: tuple[Any, ...] = ()
    envelope_unauthenticated: tuple[Any, ...] = ()

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> ErrorConvention:
        raw = document.get("x-pbx-errors") or {}
        envelope = raw.get("envelope") or {}
        return cls(
            statuses=tuple(raw.get("statuses", ["4XX"])),
            unauthenticated=tuple(raw.get("unauthenticated", ["401", "403"])),
            envelope_field=envelope.get("field"),
            success=tuple(envelope.get("success", ())),
            pending=tuple(envelope.get("pending", ())),
            envelope_unauthenticated=tuple(envelope.get("unauthenticated", ())),
        )

    def envelope_code(self, exchange: Exchange) -> Any:
        if not self.envelope_field or not exchange.media_type.endswith("json"):
            return None
        body = exchange.json_or_none()
        if not isinstance(body, dict):
            return None
        return jsonpointer.resolve_pointer(body, self.envelope_field, None)

    def classify(self, exchange: Exchange) -> Outcome:
        if exchange.status is None:
            return "transport_error"
        status = exchange.status
        if status >= 500:
            return "server_error"
        if _status_matches(status, list(self.unauthenticated)):
            return "unauthenticated"
        if _status_matches(status, list(self.statuses)):
            return "rejected"
        if 200 <= status < 300:
            code = self.envelope_code(exchange)
            if code is None or code in self.success:
                return "accepted"
            if code in self.pending:
                return "pending"
            if code in self.envelope_unauthenticated:
                return "unauthenticated"
            return "rejected"
        return "other"

    def refused(self, exchange: Exchange) -> bool:
        """Whether the answer is a documented refusal (rejected or unauthenticated)."""
        return self.classify(exchange) in ("rejected", "unauthenticated")
