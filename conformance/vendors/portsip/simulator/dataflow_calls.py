"""PortSIP Dataflow call analytics: calls timeseries, call history, user history and the by-session reads.

Tenants: an administrator sees every tenant (the calls timeseries may name some), a tenant user only
their own. Users and sessions the caller cannot see answer an empty page, not a refusal.

Latitude flags (choices the documents leave open): unset times written ``0`` (``unset_times_zero``) or left out
(``unset_times_absent``) instead of ``null``; histories newest first (``history_newest_first``); the
undocumented ``status`` kept in items (``history_item_status``); a user's legs taken through a queue or ring group
showing the dialled number as callee (``user_history_dialled_callee``); days without calls left out of a daily
calls timeseries (``calls_series_skip_empty_days``); unknown users and sessions refused
(``unknown_reference_refused``).
"""

from __future__ import annotations

import contextlib
from typing import Any

from conformance.simulator.model import NotFound, row_of_session_id
from conformance.simulator.queries.buckets import INTERVALS
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import Handler, RequestContext
from conformance.vendors.portsip.simulator.common import tenant_id
from conformance.vendors.portsip.simulator.dataflow_common import window_of
from conformance.vendors.portsip.simulator.listing import page_reply, paging
from conformance.vendors.portsip.simulator.queries import calls as queries

# Fields of the store's history rendering that the documented item does not have.
UNDOCUMENTED_ITEM_FIELDS = ("status",)
UNSET_TIMES = ("rang_at", "answered_at", "ended_at")  # times an item may lack (the call never rang, ...)
ZERO, ABSENT, NEWEST_FIRST, WITH_STATUS = ("unset_times_zero", "unset_times_absent", "history_newest_first",
                                           "history_item_status")
DIALLED_CALLEE, SKIP_EMPTY_DAYS, REFUSE_UNKNOWN = ("user_history_dialled_callee", "calls_series_skip_empty_days",
                                                   "unknown_reference_refused")


def _tenants(ctx: RequestContext, requested: Any = None) -> list[int] | None:
    """Tenant ids to count: the caller's own, or (administrators) those requested, empty meaning all."""
    own = tenant_id(ctx)
    if own is not None:
        return [own]
    return [int(t) for t in requested] if requested else None


def _status(ctx: RequestContext, value: Any) -> str | None:
    """PSD-001/002: the store's status for the request's spelling (enum UNANSWERED or prose NOT_ANSWERED)."""
    if value is None or value == "NONE":
        return None
    unanswered = "NOT_ANSWERED" if ctx.reading("portsip_status_spelling", "enum") == "prose" else "UNANSWERED"
    if value == "ANSWERED":
        return "ANSWERED"
    if value == unanswered:
        return "UNANSWERED"
    raise Rejection("invalid", f"status {value!r} is not one of NONE, ANSWERED, {unanswered}", field="status")


def _unset_times(ctx: RequestContext, item: dict[str, Any]) -> dict[str, Any]:
    """Times of events that did not happen: ``null`` by default, ``0`` or left out under a latitude flag."""
    for name in UNSET_TIMES:
        if name in item and item[name] is None:
            if ctx.flag(ZERO):
                item[name] = 0
            elif ctx.flag(ABSENT):
                del item[name]
    return item


def _items(ctx: RequestContext, items: list[dict[str, Any]], leg_view: bool,
           user_view: bool = False) -> list[dict[str, Any]]:
    """Documented item fields only; PSD-008/045/046 party reading puts the party in ``direction``."""
    party_reading = leg_view and ctx.reading("portsip_history_direction", "direction_enum") == "party_enum"
    hidden = () if ctx.flag(WITH_STATUS) else UNDOCUMENTED_ITEM_FIELDS
    shaped = []
    for item in items:
        item = {k: v for k, v in item.items() if k not in hidden}
        if user_view and ctx.flag(DIALLED_CALLEE) and item.get("party") == "CALLEE" and item.get("service_number"):
            item["callee"] = item["service_number"]  # the user answered for a queue or ring group
        if party_reading:
            item["direction"] = item["party"]
        shaped.append(_unset_times(ctx, item))
    return shaped


def calls_timeseries(ctx: RequestContext) -> Reply:
    body, window = ctx.body_object(), window_of(ctx)
    interval = None
    if ctx.reading("portsip_calls_timeseries_step", "by_range") == "by_interval":
        interval = body.get("interval", "1h")
        if interval not in INTERVALS:
            raise Rejection("invalid", f"interval {interval!r} is not one of {', '.join(INTERVALS)}", field="interval")
    points = queries.calls_timeseries(ctx.store, window, interval, _tenants(ctx, body.get("tenants")))
    if ctx.flag(SKIP_EMPTY_DAYS) and interval is None and window.seconds > 86400:
        points = [p for p in points if p["total"]]
    return Reply(200, {"points": points})


def _durations(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "min_duration": body.get("start_duration"),
        "max_duration": body.get("end_duration"),
        "start_hour": body.get("start_hour_of_day"),
        "end_hour": body.get("end_hour_of_day"),
    }


def calls_history(ctx: RequestContext) -> Reply:
    body, window = ctx.body_object(), window_of(ctx)
    top, skip, _count = paging(ctx)
    result = queries.call_history(
        ctx.store, window, tenants=_tenants(ctx), caller=body.get("from"), callee=body.get("to"),
        status=_status(ctx, body.get("status")), session_id=body.get("session_id"), top=top, skip=skip,
        descending=ctx.flag(NEWEST_FIRST), **_durations(body),
    )
    return page_reply(ctx, _items(ctx, result["items"], leg_view=False), result["count"])


def user_history(ctx: RequestContext) -> Reply:
    body, window = ctx.body_object(), window_of(ctx)
    top, skip, _count = paging(ctx)
    status = _status(ctx, body.get("status"))
    result: dict[str, Any] = {"count": 0, "items": []}
    if body.get("user"):
        try:
            result = queries.user_call_history(
                ctx.store, window, str(body["user"]), tenant_id=tenant_id(ctx), party=body.get("party"),
                direction=body.get("direction"), destination=body.get("destination"), status=status, top=top,
                skip=skip, descending=ctx.flag(NEWEST_FIRST), **_durations(body),
            )
        except NotFound:
            if ctx.flag(REFUSE_UNKNOWN):
                raise Rejection("not_found", f"user {body['user']} does not exist") from None
    return page_reply(ctx, _items(ctx, result["items"], leg_view=True, user_view=True), result["count"])


def _session_visible(ctx: RequestContext, session_id: str) -> bool:
    own = tenant_id(ctx)
    if own is None:
        return True
    row = row_of_session_id(session_id)
    found = ctx.store.scalar("SELECT tenant_id FROM sessions WHERE id = ?", (row,)) if row else None
    return found == own


def session_history(ctx: RequestContext) -> Reply:
    session_id = ctx.path["session_id"]
    items: list[dict[str, Any]] = []
    if _session_visible(ctx, session_id):
        with contextlib.suppress(NotFound):
            items = queries.session_legs(ctx.store, session_id)["items"]
    if not items and ctx.flag(REFUSE_UNKNOWN):
        raise Rejection("not_found", f"session {session_id} does not exist")
    return Reply(200, {"items": _items(ctx, items, leg_view=True)})


HANDLERS: dict[str, Handler] = {
    "getCallsTimeseries": calls_timeseries,
    "getCallsHistory": calls_history,
    "getCallsUserHistory": user_history,
    "getCallsHistoryBySessionId": session_history,
    "getUserCallHistoryBySessionId": session_history,
}
