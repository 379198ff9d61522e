"""Request helpers shared by the PortSIP Dataflow handler modules: window, tenant, paging, readings."""

from __future__ import annotations

from typing import Any

from conformance.refs import resolve_ref
from conformance.simulator.model import Window
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import Handler, RequestContext

DEFAULT_TOP = 100


def body_of(ctx: RequestContext) -> dict[str, Any]:
    return ctx.body if isinstance(ctx.body, dict) else {}


def window_of(ctx: RequestContext) -> Window:
    """The validated request window; steps align to the offset the client wrote it in."""
    if ctx.window is None:
        raise Rejection("invalid", "the request has no window", field="start_time")
    return Window.of(ctx.window[0], ctx.window[1])


def tenant_id(ctx: RequestContext) -> int | None:
    """The caller's tenant as a store id (None: an administrator, who sees every tenant)."""
    scope = ctx.tenant_scope()
    return None if scope is None else int(scope)


def query_int(ctx: RequestContext, name: str, default: int) -> int:
    raw = ctx.query.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise Rejection("invalid", f"{name} must be an integer", field=name) from None


def paging(ctx: RequestContext) -> tuple[int, int, bool]:
    """``(top, skip, count)`` of the query options (``count`` true only for ``count=true``)."""
    return query_int(ctx, "top", DEFAULT_TOP), query_int(ctx, "skip", 0), ctx.query.get("count") == "true"


def page_answer(result: dict[str, Any], with_count: bool) -> dict[str, Any]:
    """``{count, items}`` with ``count`` only when the client asked for it."""
    return {"count": result["count"], "items": result["items"]} if with_count else {"items": result["items"]}


def documented_query(ctx: RequestContext) -> frozenset[str]:
    """Names of the query parameters the operation documents."""
    names = set()
    for param in ctx.operation.operation.get("parameters") or []:
        param = resolve_ref(ctx.sim.document, param)
        if param.get("in") == "query":
            names.add(param["name"])
    return frozenset(names)


def strict_query(handler: Handler) -> Handler:
    """``handler`` refusing query parameters the operation does not document (PortSIP's OData options
    are a closed set)."""

    def wrapped(ctx: RequestContext) -> Reply:
        unknown = sorted(set(ctx.query) - documented_query(ctx))
        if unknown:
            raise Rejection("invalid", f"unknown query parameter {unknown[0]!r}", field=unknown[0])
        return handler(ctx)

    wrapped.__name__ = getattr(handler, "__name__", "handler")
    wrapped.__doc__ = handler.__doc__
    return wrapped
