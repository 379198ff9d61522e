"""PortSIP CDRs (one per call leg) and call logs (one per call): list and retrieve.

Figures come from ``queries.portsip_cdr``. Two readings of the errata apply: ``duration`` is the talk time
(PSC-008, option ``portsip_cdr_duration``: ``talk``; ``total`` is started-to-ended) and retrieveCDR answers
the CDR itself (PSC-005, option ``portsip_cdr_retrieve_shape``: ``object``; ``collection`` wraps it in
``{items: [...]}``). Lists leave out cost and billed account like the vendor's list answers, but filter and
sort on them. A tenant user sees the records of their tenant only. The call records never change once
generated, so the whole detailed list a filter or sort needs is read once per store and tenant.

Latitude flags (choices the documents leave open): unset times left out instead of ``null``
(``unset_times_absent``) and lists newest first when no ``orderby`` says otherwise (``records_newest_first``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

from conformance import timefmt
from conformance.simulator.model import NotFound
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import Handler, RequestContext
from conformance.vendors.portsip.simulator import cdr_listing as listing
from conformance.vendors.portsip.simulator.common import tenant_id
from conformance.vendors.portsip.simulator.listing import ALL_ROWS, page_reply, paging
from conformance.vendors.portsip.simulator.queries import cdr as queries

DURATION_OPTION, RETRIEVE_OPTION = "portsip_cdr_duration", "portsip_cdr_retrieve_shape"
DETAIL_ONLY = ("cost", "billed_account")  # fields the list answers leave out (PSC-006)
UNSET_TIMES = ("rang_at", "answered_at", "ended_at")
ABSENT, NEWEST_FIRST = "unset_times_absent", "records_newest_first"


def _seconds_between(start: str | None, end: str | None) -> int | None:
    if start is None or end is None:
        return None
    return int((timefmt.parse_rfc3339(end) - timefmt.parse_rfc3339(start)).total_seconds())


def with_reading(ctx: RequestContext, item: dict[str, Any]) -> dict[str, Any]:
    """The record with ``duration`` in the configured PSC-008 reading (the query gives talk time), its unset times
    as the latitude says."""
    if ctx.reading(DURATION_OPTION, "talk") == "total":
        total = _seconds_between(item.get("started_at"), item.get("ended_at"))
        item["duration"] = total if total is not None else item["duration"]
    if ctx.flag(ABSENT):
        for name in UNSET_TIMES:
            if name in item and item[name] is None:
                del item[name]
    return item


def _brief(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in DETAIL_ONLY}


_EVERYTHING: WeakKeyDictionary[Any, dict[tuple[str, int | None], list[dict[str, Any]]]] = WeakKeyDictionary()


def _everything(ctx: RequestContext, fetch: Callable[..., dict[str, Any]], tenant: int | None) -> list[dict[str, Any]]:
    """Every detailed record of the tenant (copies; the store's list is read once)."""
    cache = _EVERYTHING.setdefault(ctx.store, {})
    key = (fetch.__name__, tenant)
    if key not in cache:
        cache[key] = fetch(ctx.store, tenant_id=tenant, top=ALL_ROWS, detailed=True)["items"]
    return [dict(item) for item in cache[key]]


def _listing(ctx: RequestContext, fetch: Callable[..., dict[str, Any]], schema: str) -> Reply:
    tenant = tenant_id(ctx)
    newest_first = ctx.flag(NEWEST_FIRST)
    if not listing.shapes_items(ctx):
        top, skip, _count = paging(ctx)
        result = fetch(ctx.store, tenant_id=tenant, top=top, skip=skip, descending=newest_first)
        return page_reply(ctx, [with_reading(ctx, i) for i in result["items"]], result["count"])
    everything = [with_reading(ctx, item) for item in _everything(ctx, fetch, tenant)]
    if newest_first:
        everything.reverse()  # the store's order is oldest first
    chosen = listing.select(ctx, everything, listing.item_fields(ctx, schema))
    return page_reply(ctx, chosen, render=_brief)


def _record(ctx: RequestContext, fetch: Callable[..., dict[str, Any]], what: str) -> dict[str, Any]:
    ident = ctx.path["id"]
    try:
        return with_reading(ctx, fetch(ctx.store, ident, tenant_id=tenant_id(ctx)))
    except NotFound:
        raise Rejection("not_found", f"{what} {ident} does not exist") from None


def list_cdrs(ctx: RequestContext) -> Reply:
    return _listing(ctx, queries.list_cdrs, "Cdr")


def retrieve_cdr(ctx: RequestContext) -> Reply:
    record = _record(ctx, queries.get_cdr, "CDR")
    if ctx.reading(RETRIEVE_OPTION, "object") == "collection":
        return Reply(200, {"items": [record]})
    return Reply(200, record)


def list_call_logs(ctx: RequestContext) -> Reply:
    return _listing(ctx, queries.list_call_logs, "CallLog")


def retrieve_call_log(ctx: RequestContext) -> Reply:
    return Reply(200, _record(ctx, queries.get_call_log, "call log"))


HANDLERS: dict[str, Handler] = {
    "listCDRs": list_cdrs,
    "retrieveCDR": retrieve_cdr,
    "listCallLogs": list_call_logs,
    "retrieveCallLog": retrieve_call_log,
}
