"""Collection answers of the PortSIP CDR API: ``filter``, ``search``, ``orderby``, ``top``, ``skip`` and ``count``.

Filters and sort orders are read by ``conformance.odata`` against the fields of the collection's item schema
in the served spec; an expression it cannot read (syntax, unknown field) is a malformed request.
``search`` keeps items with the text in any text field, ignoring case. ``count`` appears in the answer
only when the client asked for it (``count=true``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from conformance.refs import resolve_ref
from conformance.simulator.vendor import RequestContext
from conformance.vendors.portsip.simulator.listing import filtered

QUERY_OPTIONS = ("filter", "orderby", "search")


def item_fields(ctx: RequestContext, schema: str) -> frozenset[str]:
    """Property names of a component schema of the served spec."""
    node = resolve_ref(ctx.sim.document, {"$ref": f"#/components/schemas/{schema}"})
    return frozenset((node.get("properties") or {}) if isinstance(node, dict) else ())


def shapes_items(ctx: RequestContext) -> bool:
    """Whether the request filters, searches or sorts (else the store's own order and paging serve it)."""
    return any(ctx.query.get(name) is not None for name in QUERY_OPTIONS)


def _matches(item: Mapping[str, Any], text: str) -> bool:
    needle = text.casefold()
    return any(isinstance(value, str) and needle in value.casefold() for value in item.values())


def select(ctx: RequestContext, items: Iterable[Mapping[str, Any]], fields: frozenset[str]) -> list[Mapping[str, Any]]:
    """The items that pass ``filter`` and ``search``, in ``orderby`` order (all three optional)."""
    chosen = filtered(ctx, items, fields, refusal="malformed")  # an expression that does not parse cannot be read
    search = ctx.query.get("search")
    return [item for item in chosen if _matches(item, search)] if search else chosen
