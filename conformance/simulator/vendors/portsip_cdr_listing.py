"""Collection answers of the PortSIP CDR API: ``filter``, ``search``, ``orderby``, ``top``, ``skip`` and ``count``.

Filters and sort orders are read by ``portsip_odata`` against the fields of the collection's item schema
in the served spec; an expression it cannot read (syntax, unknown field) is a malformed request.
``search`` keeps items with the text in any text field, ignoring case. ``count`` appears in the answer
only when the client asked for it (``count=true``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from conformance.refs import resolve_ref
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import RequestContext
from conformance.simulator.vendors import portsip_odata as odata

DEFAULT_TOP = 100
ALL_ROWS = 1_000_000
QUERY_OPTIONS = ("filter", "orderby", "search")


def item_fields(ctx: RequestContext, schema: str) -> frozenset[str]:
    """Property names of a component schema of the served spec."""
    node = resolve_ref(ctx.sim.document, {"$ref": f"#/components/schemas/{schema}"})
    return frozenset((node.get("properties") or {}) if isinstance(node, dict) else ())


def _int(ctx: RequestContext, name: str, default: int) -> int:
    raw = ctx.query.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise Rejection("invalid", f"{name} must be an integer", field=name) from None


def paging(ctx: RequestContext) -> tuple[int, int, bool]:
    """``(top, skip, count)`` of the request (``count`` true only for ``count=true``)."""
    return _int(ctx, "top", DEFAULT_TOP), _int(ctx, "skip", 0), ctx.query.get("count") == "true"


def shapes_items(ctx: RequestContext) -> bool:
    """Whether the request filters, searches or sorts (else the store's own order and paging serve it)."""
    return any(ctx.query.get(name) is not None for name in QUERY_OPTIONS)


def _matches(item: Mapping[str, Any], text: str) -> bool:
    needle = text.casefold()
    return any(isinstance(value, str) and needle in value.casefold() for value in item.values())


def select(ctx: RequestContext, items: Iterable[Mapping[str, Any]], fields: frozenset[str]) -> list[Mapping[str, Any]]:
    """The items that pass ``filter`` and ``search``, in ``orderby`` order (all three optional)."""
    try:
        chosen = odata.query(list(items), ctx.query.get("filter"), ctx.query.get("orderby"), fields)
    except Rejection as refused:  # an expression that does not parse cannot be read at all
        raise Rejection("malformed", refused.message, field=refused.field) from None
    search = ctx.query.get("search")
    return [item for item in chosen if _matches(item, search)] if search else chosen


def page_reply(ctx: RequestContext, items: Sequence[Mapping[str, Any]], total: int | None = None,
               render: Callable[[Mapping[str, Any]], dict[str, Any]] = dict) -> Reply:
    """``{count?, items}``: one page of ``items`` (the whole selection), or ``items`` as they are when the
    store already paged them and gave their ``total``."""
    top, skip, with_count = paging(ctx)
    page = items[skip:skip + top] if total is None else items
    answer: dict[str, Any] = {"items": [render(item) for item in page]}
    count = len(items) if total is None else total
    return Reply(200, {"count": count, **answer} if with_count else answer)
