"""Collection answers shared by the two PortSIP APIs: ``top``, ``skip`` and ``count``, the OData-like
``filter`` and ``orderby`` (read by ``conformance.odata``), and the ``{count?, items}`` page.

Latitude flags (choices the documents leave open): ``paging_clamped`` serves paging values outside their range
clamped into it, ``garbage_filter_empty_page`` answers a filter or orderby it cannot read with an empty page,
and ``count_always`` gives ``count`` whether or not the client asked for it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from conformance import odata
from conformance.simulator.replies import Rejection, RejectionKind, Reply
from conformance.simulator.vendor import RequestContext

DEFAULT_TOP = 100
MAX_TOP = 100
ALL_ROWS = 1_000_000  # a ``top`` that reads a whole table
CLAMPED, GARBAGE_EMPTY, COUNT_ALWAYS = "paging_clamped", "garbage_filter_empty_page", "count_always"


def query_int(ctx: RequestContext, name: str, default: int) -> int:
    """An integer query option, ``default`` when absent; refused when it is not an integer."""
    raw = ctx.query.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise Rejection("invalid", f"{name} must be an integer", field=name) from None


def paging(ctx: RequestContext) -> tuple[int, int, bool]:
    """``(top, skip, count)`` of the request (``count`` true only for ``count=true``)."""
    top, skip = query_int(ctx, "top", DEFAULT_TOP), query_int(ctx, "skip", 0)
    if ctx.flag(CLAMPED):
        top, skip = min(max(top, 1), MAX_TOP), max(skip, 0)
    return top, skip, ctx.query.get("count") == "true"


def filtered(ctx: RequestContext, items: Iterable[Mapping[str, Any]], fields: Collection[str] | None = None,
             refusal: RejectionKind = "invalid") -> list[Mapping[str, Any]]:
    """The items that pass the request's ``filter``, in its ``orderby`` order (both optional). Given the
    item ``fields``, an unknown field is an error; an expression that cannot be read is refused as
    ``refusal``, naming the option."""
    try:
        return odata.query(list(items), ctx.query.get("filter"), ctx.query.get("orderby"), fields)
    except odata.Unreadable as unread:
        if ctx.flag(GARBAGE_EMPTY):
            return []
        raise Rejection(refusal, str(unread), field=unread.option) from None


def page_reply(ctx: RequestContext, items: Sequence[Mapping[str, Any]], total: int | None = None,
               render: Callable[[Mapping[str, Any]], dict[str, Any]] = dict) -> Reply:
    """``{count?, items}``: one page of ``items`` (the whole selection), or ``items`` as they are when the
    store already paged them and gave their ``total``; ``count`` only when the client asked for it."""
    top, skip, with_count = paging(ctx)
    page = items[skip:skip + top] if total is None else items
    answer: dict[str, Any] = {"items": [render(item) for item in page]}
    count = len(items) if total is None else total
    return Reply(200, {"count": count, **answer} if with_count or ctx.flag(COUNT_ALWAYS) else answer)
