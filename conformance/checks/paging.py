"""Paging invariants for every operation with ``x-pbx-pagination``."""

from __future__ import annotations

from typing import Any

from conformance.checkapi.basis import rule
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import check, declare
from conformance.checks.series import at_pointer


def _paged(ctx: CheckContext) -> bool:
    return ctx.ext.pagination is not None


def _int(value: Any, default: int | None) -> int | None:
    if value is None:
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise CheckSkipped("paging value is not an integer") from None


def page_of(ctx: CheckContext, body: Any) -> tuple[list[Any], int | None, int, int | None]:
    """(items, total, skip, top) of an answer and its request."""
    paging = ctx.ext.pagination
    assert paging is not None
    found = at_pointer(body, paging.items)
    if len(found) != 1 or not isinstance(found[0], list):
        raise CheckSkipped("no items list")
    total = None
    if paging.total:
        totals = at_pointer(body, paging.total)
        total = totals[0] if totals and isinstance(totals[0], int) and not isinstance(totals[0], bool) else None
    skip = _int(ctx.query.get(paging.skip), 0) or 0
    top = _int(ctx.query.get(paging.top), paging.default_top or paging.max_top)
    return found[0], total, skip, top


@check("PAGE-TOP-RESPECTED", "A page never holds more items than `top` asks for (or the default page size).",
       spec=None, location="x-pbx-pagination.top", kind="invariant", basis=rule("pagination.top"), applies=_paged)
def top_respected(ctx: CheckContext, exchange: Exchange) -> None:
    items, _total, _skip, top = page_of(ctx, exchange.json())
    if top is not None and len(items) > top:
        raise CheckFailure(f"{len(items)} items on a page of at most {top}", key="over top",
                           evidence={"items": len(items), "top": top})


@check("PAGE-COUNT-CONSISTENT", "With a total count, a page holds min(top, count - skip) items.",
       spec=None, location="x-pbx-pagination.total", kind="invariant", basis=rule("pagination.count"), applies=_paged)
def count_consistent(ctx: CheckContext, exchange: Exchange) -> None:
    items, total, skip, top = page_of(ctx, exchange.json())
    if total is None or top is None:
        raise CheckSkipped("no total")
    expected = max(0, min(top, total - skip))
    if len(items) != expected:
        raise CheckFailure(f"count {total}, skip {skip}, top {top} should give {expected} items, got {len(items)}",
                           key="page size", evidence={"count": total, "skip": skip, "top": top, "items": len(items)})


declare("PAGE-NO-OVERLAP", "Consecutive pages neither repeat items nor leave gaps.", spec=None,
        location="x-pbx-pagination", kind="metamorphic", basis=rule("pagination.pages"))
declare("PAGE-SUM-EQUALS-COUNT", "The items of all pages add up to the reported count.", spec=None,
        location="x-pbx-pagination.total", kind="metamorphic", basis=rule("pagination.count"))
