"""What the two PortSIP APIs share: the error envelope and the sign-in answer."""

from __future__ import annotations

from typing import Any

from conformance.simulator.replies import Rejection, Reply

# Rejection kind -> (HTTP status, PortSIP error code).
STATUSES: dict[str, tuple[int, str]] = {
    "malformed": (400, "VALIDATE_FAILED"),
    "invalid": (400, "VALIDATE_FAILED"),
    "unauthenticated": (401, "UNAUTHORIZED"),
    "forbidden": (403, "FORBIDDEN"),
    "not_found": (404, "NOT_FOUND"),
    "method_not_allowed": (405, "METHOD_NOT_ALLOWED"),
    "too_large": (413, "PAYLOAD_TOO_LARGE"),
    "unsupported_media_type": (415, "UNSUPPORTED_MEDIA_TYPE"),
}


def error_reply(rejection: Rejection) -> Reply:
    """``{"errors": [{"code", "message", "detail"}]}`` with the status that fits the refusal."""
    status, code = STATUSES.get(rejection.kind, (400, "UNKNOWN"))
    detail = f"field: {rejection.field}" if rejection.field else None
    return Reply(status, {"errors": [{"code": code, "message": rejection.message, "detail": detail}]})


def auth_reply(values: dict[str, Any]) -> dict[str, Any]:
    """The sign-in / refresh answer: the saved values plus the token type."""
    return {"token_type": "Bearer", **values} if values else values
