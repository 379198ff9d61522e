"""Metamorphic paging: small pages, concatenated, equal one big page and add up to the count."""

from __future__ import annotations

import json
from typing import Any

from conformance.checks.series import at_pointer
from conformance.engine.evaluate import evaluate
from conformance.engine.requests import RequestSpec, send
from conformance.engine.session import SpecSession
from conformance.extensions import operation_extensions

SMALL_PAGE = 3
MAX_PAGES = 12


def _page(session: SpecSession, base: RequestSpec, skip: int, top: int, count_name: str | None) -> tuple[
        list[Any] | None, int | None, Any]:
    paging = operation_extensions(base.operation).pagination
    assert paging is not None
    request = base.with_value("query", paging.skip, skip).with_value("query", paging.top, top)
    if count_name:
        request = request.with_value("query", count_name, True)
    exchange = send(session.client, request)
    if evaluate(session, request, exchange) != "accepted":
        return None, None, exchange
    body = exchange.json_or_none()
    items = at_pointer(body, paging.items)
    totals = at_pointer(body, paging.total) if paging.total else []
    total = totals[0] if totals and isinstance(totals[0], int) else None
    return (items[0] if items and isinstance(items[0], list) else None), total, exchange


def _key(item: Any) -> str:
    return json.dumps(item, sort_keys=True)


def run(session: SpecSession) -> None:
    for op in session.operations():
        paging = operation_extensions(op).pagination
        if paging is None:
            continue
        base = session.base_request(op)
        if base is None:
            session.skip("PAGE-NO-OVERLAP", op.operation_id, "no accepted request to page through")
            continue
        big_top = paging.max_top or 100
        everything, total, exchange = _page(session, base, 0, big_top, paging.count)
        if everything is None:
            continue
        if total is None or total > big_top or total == 0:
            session.skip("PAGE-NO-OVERLAP", op.operation_id, "result too large or empty to compare pages")
            continue
        pages: list[Any] = []
        skip = 0
        last = exchange
        for _ in range(MAX_PAGES):
            items, _total, last = _page(session, base, skip, SMALL_PAGE, paging.count)
            if items is None:
                break
            pages.extend(items)
            skip += SMALL_PAGE
            if len(items) < SMALL_PAGE or skip >= total:
                break
        if skip < total and len(pages) < total:
            continue  # too many pages to walk within the budget
        same = [_key(i) for i in pages] == [_key(i) for i in everything]
        session.record("PAGE-NO-OVERLAP", op.operation_id,
                       None if same else f"pages of {SMALL_PAGE} give {len(pages)} items that differ from one page "
                       f"of {big_top} ({len(everything)} items)", exchange=last, key="pages differ")
        session.record("PAGE-SUM-EQUALS-COUNT", op.operation_id,
                       None if len(pages) == total else f"pages hold {len(pages)} items, count says {total}",
                       exchange=last, key="sum")
