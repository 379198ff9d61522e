"""FusionPBX-based report API (``/v3/report/call/user``, ``/v2/report/...``): five GET reports over the store.

The window is ``start_time``/``end_time`` in the tenant's local time, the end inclusive at the second (FUS-018),
so the store's half-open window ends one second after ``end_time``. Readings of the ambiguous errata (default
first): FUS-005 ``user_directory``/``user_statistics``, FUS-008 ``optional``/``required``, FUS-009
``local_midnight_labelled_utc``/``utc_instant``, FUS-016 ``own_outcome``/``part_of_busy`` and FUS-018
``inclusive``/``exclusive``.

Latitude flags (``latitude/fusionpbx-report.yaml``): refusals as plain text or as ``{error, status}``, 403 for
a bad token, users without calls left out, RFC 3339 timestamps, the summary's ``time`` the moment it was made.
Fault flags (``faults/fusionpbx-report.yaml``): ``end_time`` ignored (a day from ``start_time``), ``start_time``
ignored (from the first call).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from conformance.refs import resolve_ref
from conformance.simulator import latitude
from conformance.simulator.catalogue import vendor_tenant
from conformance.simulator.model import Window
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.queries.extension_records import calls_window
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import RequestContext, VendorAPI
from conformance.vendors.fusionpbx.simulator import queries

SPEC = "fusionpbx-report"
DAY_FIELDS = ("total_call", "total_invalid", "total_inbound", "total_outbound")
SUMMARY_COUNTERS = ("total_duration", "total_billsec", "total_waitsec", "total_call", "total_answered",
                    "total_no_answered", "total_busy", "total_busy_line", "total_not_available", "total_cancel",
                    "total_invalid", "total_inbound", "total_outbound", "total_local")
# Rejection kind -> HTTP status (the spec documents 401 and 4XX, FUS-013).
STATUSES: dict[str, int] = {
    "malformed": 400,
    "invalid": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "too_large": 413,
    "unsupported_media_type": 415,
}


def _flags(options: SimulatorOptions | None) -> frozenset[str]:
    """The handler flags the latitude entries switched on (refusals are built without a request context)."""
    return latitude.effect_of(options.latitude, SPEC).flags if options is not None else frozenset()


def error_reply(rejection: Rejection, options: SimulatorOptions | None = None) -> Reply:
    """The code/content envelope of /v2/report/extension, assumed for refusals (FUS-013); under latitude a
    plain-text message or ``{error, status}``, and 403 for credentials."""
    flags = _flags(options)
    status = STATUSES.get(rejection.kind, 400)
    if rejection.kind == "unauthenticated" and "fusionpbx-403-for-credentials" in flags:
        status = 403
    if "fusionpbx-plain-text-errors" in flags:
        return Reply(status, content=rejection.message, media_type="text/plain")
    if "fusionpbx-error-status-body" in flags:
        return Reply(status, {"error": rejection.message, "status": status})
    return Reply(status, {"code": status, "content": rejection.message, "data": None})


def auth_reply(values: dict[str, Any]) -> dict[str, Any]:
    """Both login steps answer ``{data: {...}}`` inside the code/content envelope."""
    return {"code": 200, "content": "successfully", **values} if values else values


API = VendorAPI(SPEC, error_reply, auth_reply)


# -- request ----------------------------------------------------------------------------------------------
def _tenant(ctx: RequestContext) -> int | None:
    """The domain the caller sees: its own tenant, the API's tenant for an administrator, all when unscoped."""
    if ctx.sim.fault.unscoped_tenant:
        return None
    if ctx.principal.tenant is not None:
        return int(ctx.principal.tenant)
    return int(vendor_tenant(ctx.store, SPEC)["id"])


def _check_query_names(ctx: RequestContext) -> None:
    """Refuse query parameters the operation does not document (the reports take only the window)."""
    document = ctx.sim.document
    known = {resolve_ref(document, p).get("name") for p in ctx.operation.operation.get("parameters") or []}
    unknown = sorted(set(ctx.query) - known)
    if unknown:
        raise Rejection("invalid", f"unknown query parameter {unknown[0]!r}", field=unknown[0])


def _window(ctx: RequestContext) -> Window:
    """Check the query (documented names only; both bounds under FUS-008's ``required``) and return the store
    window: ``end_time`` inclusive (the half-open window ends one second later) or exclusive (FUS-018)."""
    _check_query_names(ctx)
    if ctx.reading("fusionpbx.window_required", "optional") == "required":
        missing = [n for n in ("start_time", "end_time") if n not in ctx.query]
        if missing:
            raise Rejection("invalid", f"{' and '.join(missing)} required", field=missing[0])
    assert ctx.window is not None
    start, end = (int(moment.timestamp()) for moment in ctx.window)
    if ctx.flag("fusionpbx-end-time-ignored"):  # a fault: the window runs a day from start_time
        end = start + 86400 - 1
    if ctx.flag("fusionpbx-start-time-ignored"):  # a fault: the window starts with the first call
        start = min(start, calls_window(ctx.store, Window(0, end + 1, UTC)).start)
    if ctx.reading("fusionpbx.end_time", "inclusive") == "inclusive":
        end += 1
    # a reversed window only gets here when a fault lets it through: nothing matches
    return Window(start, max(start, end), ctx.window[0].tzinfo or UTC)


# -- answer shaping ---------------------------------------------------------------------------------------
def _day_label(ctx: RequestContext, day: date, window: Window) -> str:
    """A day bucket's label (FUS-009): local midnight written with ``Z``, or the true UTC instant of it."""
    if ctx.reading("fusionpbx.day_label_utc", "local_midnight_labelled_utc") == "utc_instant":
        moment = datetime.combine(day, time(), window.tz).astimezone(UTC)
        return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"  # isoformat pads years < 1000
    return f"{day.isoformat()}T00:00:00Z"


def _local_day(text: str, window: Window) -> date:
    return datetime.fromisoformat(text).astimezone(window.tz).date()


def _offset_timestamp(text: str, rfc3339: bool = False) -> str:
    """``2024-05-06T08:00:00+07:00`` -> ``2024-05-06 08:00:00.000000+07`` (the agent-time notation), or kept in
    RFC 3339 (latitude)."""
    moment = datetime.fromisoformat(text)
    if rfc3339:
        return moment.isoformat(timespec="seconds")
    offset = moment.strftime("%z")  # +0700
    wall = moment.replace(tzinfo=None).isoformat(" ", "microseconds")
    return wall + (offset[:3] if offset.endswith("00") else offset)


def _plain_local(text: str, window: Window, rfc3339: bool = False) -> str:
    """An instant as ``YYYY-MM-DD HH:MM:SS`` local time (add_date), or in RFC 3339 with its offset (latitude)."""
    local = datetime.fromisoformat(text).astimezone(window.tz)
    return local.isoformat(timespec="seconds") if rfc3339 else local.replace(tzinfo=None).isoformat(" ", "seconds")


def _active(ctx: RequestContext, rows: list[dict[str, Any]], total: str) -> list[dict[str, Any]]:
    """The rows, or (latitude) only those of users or extensions with calls in the window."""
    return [r for r in rows if r.get(total)] if ctx.flag("fusionpbx-idle-users-omitted") else rows


def _busy_line_in_busy(ctx: RequestContext) -> bool:
    return ctx.reading("fusionpbx.busy_line_in_busy", "own_outcome") == "part_of_busy"


def _fold_totals(ctx: RequestContext, row: dict[str, Any]) -> dict[str, Any]:
    """Summary counters per FUS-016: busy-line calls beside busy (extra ``total_busy_line``) or inside it."""
    if _busy_line_in_busy(ctx):
        row["total_busy"] += row.pop("total_busy_line")
    return row


# -- handlers ---------------------------------------------------------------------------------------------
@API.handler("getUserCallReport")
def user_call_report(ctx: RequestContext) -> Reply:
    window, tenant = _window(ctx), _tenant(ctx)
    rows = queries.users(ctx.store, tenant)
    if ctx.reading("fusionpbx.user_report_counters", "user_directory") == "user_statistics":
        totals = {r["user_uuid"]: r for r in queries.extension_summary(ctx.store, calls_window(ctx.store, window),
                                                                        tenant)}
        for row in rows:
            summary = _fold_totals(ctx, totals[row["user_uuid"]])
            row.update({k: summary[k] for k in SUMMARY_COUNTERS if k in summary})
    return Reply(200, {"data": rows})


@API.handler("getExtensionReport")
def extension_report(ctx: RequestContext) -> Reply:
    rows = _active(ctx, queries.extension_report(ctx.store, _window(ctx), _tenant(ctx)), "total")
    if _busy_line_in_busy(ctx):
        for row in rows:  # busy-line calls are busy calls; total counts them once
            row["busy"] += row["busy_line"]
    return Reply(200, {"code": 200, "content": "successfully", "data": rows})


@API.handler("getExtensionUserSummary")
def extension_summary(ctx: RequestContext) -> Reply:
    window = _window(ctx)
    rows = _active(ctx, queries.extension_summary(ctx.store, calls_window(ctx.store, window), _tenant(ctx)),
                   "total_call")
    first_day = datetime.fromtimestamp(window.start, window.tz).date()
    made = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    for row in rows:
        row["time"] = made if ctx.flag("fusionpbx-summary-time-made") else _day_label(ctx, first_day, window)
        _fold_totals(ctx, row)
    return Reply(200, {"data": rows})


@API.handler("getExtensionDailySummary")
def extension_daily_summary(ctx: RequestContext) -> Reply:
    window = _window(ctx)
    rows = _active(ctx, queries.extension_summary_by_day(ctx.store, calls_window(ctx.store, window), _tenant(ctx)),
                   "total_call")
    for row in rows:
        row["add_date"] = _plain_local(row["add_date"], window, ctx.flag("fusionpbx-rfc3339-times"))
        row["reports"] = [
            {"time": _day_label(ctx, _local_day(day["time"], window), window), **{k: day[k] for k in DAY_FIELDS}}
            for day in row["reports"]
        ]
        _fold_totals(ctx, row)
    return Reply(200, {"data": rows})


@API.handler("getAgentTimeReport")
def agent_time_report(ctx: RequestContext) -> Reply:
    rows = queries.agent_time(ctx.store, _window(ctx), _tenant(ctx))
    rfc3339 = ctx.flag("fusionpbx-rfc3339-times")
    for row in rows:
        row["earliest_time"] = _offset_timestamp(row["earliest_time"], rfc3339)
        row["latest_time"] = _offset_timestamp(row["latest_time"], rfc3339)
    return Reply(200, {"data": rows})
