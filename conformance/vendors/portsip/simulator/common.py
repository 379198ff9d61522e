"""What the two PortSIP APIs share: the error envelope, the sign-in answer, the caller's tenant and the
refusal of query parameters an operation does not document."""

from __future__ import annotations

from typing import Any

from conformance.refs import resolve_ref
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import Handler, RequestContext

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


def tenant_id(ctx: RequestContext) -> int | None:
    """The caller's tenant as a store id (None: an administrator, who sees every tenant)."""
    scope = ctx.tenant_scope()
    return None if scope is None else int(scope)


def documented_query(ctx: RequestContext) -> frozenset[str]:
    """Names of the query parameters the operation documents."""
    params = [resolve_ref(ctx.sim.document, p) for p in ctx.operation.operation.get("parameters") or []]
    return frozenset(p["name"] for p in params if p.get("in") == "query")


def strict_query(handler: Handler) -> Handler:
    """``handler`` refusing query parameters the operation does not document (PortSIP's OData options
    are a closed set; the generic pipeline lets unknown ones through)."""

    def wrapped(ctx: RequestContext) -> Reply:
        unknown = sorted(set(ctx.query) - documented_query(ctx))
        if unknown:
            raise Rejection("invalid", f"unknown query parameter {unknown[0]!r}", field=unknown[0])
        return handler(ctx)

    wrapped.__name__ = getattr(handler, "__name__", "handler")
    wrapped.__doc__ = handler.__doc__
    return wrapped
