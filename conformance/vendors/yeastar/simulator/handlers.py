"""Yeastar P-Series ``call_report/download`` and ``/api/download/{file}``: build a CSV report, serve it.

A ready report answers ``{errcode: 0, errmsg: SUCCESS, file, download_resource_url}``; the file stays
downloadable for 30 minutes (``yeastar_files``). ``is_async=1`` answers ``{errcode: 2, errmsg:
PROCESSING}``; the file is kept all the same and its name travels only in the event 30027 the simulator
records (``report_files(sim).events``; no HTTP route of the spec carries it, errata YEA-020).
Refusals are the vendor envelope with an errcode from the vendor list, on HTTP 200 (YEA-016 reading
``http_200_errcode``; ``error_status=http_4xx`` answers 4XX instead).

Readings of the ambiguous errata handled here: ``error_status`` (YEA-016, every refusal),
``download_missing`` (YEA-022), ``display_format`` (YEA-008, through ``SimulatorOptions.display_format``),
and in ``yeastar_request``: ``period_order`` (YEA-014), ``partial_window`` (YEA-011), ``end_time``
(YEA-031). Readings that only widen what the spec accepts (YEA-004, YEA-007, YEA-015) are spec edits
the simulator applies (``simulator.edits`` in the register); YEA-009 and YEA-030 are served in the spec's
reading only. ``need_detail=1`` adds one row per call in the report's own columns (the layout of call
details is not documented, YEA-021).

Latitude flags (``latitude/yeastar-call-report.yaml``: other choices where the document is silent):
``errors_http_4xx`` / ``errors_http_400`` (refusal status), ``refusal_errmsg_failure``,
``refusal_without_param_list``, ``async_names_file`` / ``async_download_id`` (the pending answer),
``url_without_leading_slash``, ``file_octet_stream`` / ``file_text_plain`` (the file's media type),
``missing_file_410``, and those ``yeastar_csv`` and ``yeastar_request`` read.

Fault flags read here: ``type_ignored`` (every report type is built as the satisfaction survey report) and
``download_serves_latest`` (a download names a kept file but gets the file stored last).
"""

from __future__ import annotations

from typing import Any

from conformance import timefmt
from conformance.simulator import latitude
from conformance.simulator.catalogue import spec_zone, vendor_tenant
from conformance.simulator.faults.catalogue import get_fault
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import RequestContext, VendorAPI
from conformance.vendors.yeastar.simulator.files import DOWNLOAD_PREFIX, report_files
from conformance.vendors.yeastar.simulator.queries import report
from conformance.vendors.yeastar.simulator.report_csv import FILE_TITLES, render
from conformance.vendors.yeastar.simulator.request import (
    PERIOD_TYPES,
    Directory,
    period_window,
    report_params,
    report_window,
)

SPEC = "yeastar-call-report"

# Rejection kind -> (errcode, errmsg, HTTP status under the http_4xx reading of YEA-016).
ERRORS: dict[str, tuple[int, str, int]] = {
    "malformed": (40001, "PARAMETER SYNTAX ERROR", 400),
    "invalid": (40002, "PARAMETER ERROR", 400),
    "unauthenticated": (10004, "TOKEN EXPIRED", 401),
    "forbidden": (10005, "ACCESS DENIED", 403),
    "not_found": (10001, "INTERFACE NOT EXISTED", 404),
    "method_not_allowed": (10001, "INTERFACE NOT EXISTED", 405),
    "too_large": (40004, "FILE SIZE EXCEEDED", 413),
    "unsupported_media_type": (40001, "PARAMETER SYNTAX ERROR", 415),
}
MISSING_FILE = (60001, "DATA NOT FOUND")
# Latitude flag -> the media type the report file is served as (text/csv by default; YEA-021).
FILE_MEDIA_TYPES = {"file_octet_stream": "application/octet-stream", "file_text_plain": "text/plain"}
IGNORED_TYPE_SERVES = "queuesatisfaction"  # fault type_ignored: the report every type gets
REPORT_PARAMETER = "report"  # the exploded query object: a refusal naming it names no field a client sent
# Count pairs of the CSV (part, whole) that the ``answered_over_total`` fault breaks.
ANSWERED_PAIRS = (("answered", "total"), ("answered", "calls"), ("answered", "rung"),
                  ("inbound_answered", "inbound_calls"), ("outbound_answered", "outbound_calls"))


def envelope(errcode: int, errmsg: str, rejection: Rejection | None = None,
             flags: frozenset[str] = frozenset()) -> dict[str, Any]:
    body: dict[str, Any] = {"errcode": errcode, "errmsg": "FAILURE" if "refusal_errmsg_failure" in flags else errmsg}
    if (rejection is not None and rejection.kind == "invalid" and rejection.field not in (None, REPORT_PARAMETER)
            and "refusal_without_param_list" not in flags):
        body["invalid_param_list"] = [{"field": rejection.field, "validation_type": rejection.rule or "invalid"}]
    return body


def option_flags(options: Any) -> frozenset[str]:
    """The flags a simulator's options switch on (latitude entries and fault): error replies see only options."""
    if options is None or not hasattr(options, "latitude"):
        return frozenset()
    effect = latitude.effect_of(tuple(options.latitude), options.spec)
    if options.fault:
        effect = effect.merge(get_fault(options.fault, options.spec).effect)
    return effect.flags


def error_reply(rejection: Rejection, options: Any = None) -> Reply:
    """The vendor envelope for a refusal: HTTP 200 (YEA-016 ``http_200_errcode``), or the cause's 4XX under the
    ``http_4xx`` reading or the ``errors_http_4xx`` flag, or 400 for every cause under ``errors_http_400``."""
    errcode, errmsg, status = ERRORS.get(rejection.kind, (-1, "FAILURE", 400))
    flags = option_flags(options)
    readings = getattr(options, "readings", None) or {}
    if "errors_http_400" in flags:
        answered = 400
    elif readings.get("error_status") == "http_4xx" or "errors_http_4xx" in flags:
        answered = status
    else:
        answered = 200
    return Reply(answered, envelope(errcode, errmsg, rejection, flags))


def auth_reply(values: dict[str, Any]) -> dict[str, Any]:
    """get_token / refresh_token / del_token answers: the success envelope around the saved values."""
    answer: dict[str, Any] = {"errcode": 0, "errmsg": "SUCCESS", **values}
    if "refresh_token" in values:
        answer["refresh_token_expire_time"] = 86400
    return answer


API = VendorAPI(SPEC, error_reply, auth_reply)


def _refuse(ctx: RequestContext, rejection: Rejection) -> Reply:
    return error_reply(rejection, ctx.sim.options)


def _directory(ctx: RequestContext) -> Directory:
    """The PBX's own objects; a user scoped to another tenant is refused (errcode 10005)."""
    tenants = ctx.store.catalogue()["tenants"]
    own = vendor_tenant(ctx.store, SPEC)
    scope = ctx.tenant_scope()
    if ctx.sim.fault.unscoped_tenant:
        return Directory.of(tenants, scoped=False)
    if scope is not None and str(scope) != str(own["id"]):
        raise Rejection("forbidden", "this account may not read the PBX's reports")
    return Directory.of([own], scoped=True)


def _break_answered(result: dict[str, Any]) -> None:
    """Fault ``answered_over_total``: answered counts every answered leg, so it passes the calls."""
    columns = result["columns"]
    for part, whole in ANSWERED_PAIRS:
        if part in columns and whole in columns:
            i, j = columns.index(part), columns.index(whole)
            for row in result["rows"]:
                if row[j]:
                    row[i] = row[j] + 1


def build_report(ctx: RequestContext, kind: str) -> str:
    """The CSV text of the report the query asks for."""
    display = timefmt.DisplayFormat.parse(ctx.sim.options.display_format)
    tz = spec_zone(ctx.store, SPEC)
    if ctx.flag("type_ignored"):
        kind = IGNORED_TYPE_SERVES
    if kind in PERIOD_TYPES:
        try:
            order = ctx.reading("period_order", "display_order")
            window, step = period_window(ctx.query.get("time", ""), display, tz, order)
        except Rejection:
            if ctx.flag("crash_on_bad_period"):
                raise RuntimeError("period parser crashed") from None
            raise
    else:
        window = report_window(ctx.query, ctx.window, tz, ctx.reading("partial_window", "open_bound"),
                               ctx.reading("end_time", "inclusive"), ctx.sim.fault.flags)
        step = "DAY"
    params = report_params(ctx.query, window, step, _directory(ctx), ctx.sim.fault.flags)
    result = report(ctx.store, kind, params)
    if ctx.flag("answered_over_total"):
        _break_answered(result)
    return render(result, display, tz, ctx.sim.fault.flags)


@API.handler("downloadCallReport")
def download_call_report(ctx: RequestContext) -> Reply:
    kind = ctx.query.get("type", "")
    if kind not in FILE_TITLES:
        return _refuse(ctx, Rejection("invalid", f"unknown report type {kind!r}", field="type"))
    try:
        content = build_report(ctx, kind)
    except Rejection as rejection:
        return _refuse(ctx, rejection)
    except RuntimeError:
        return Reply(500, {"errcode": -2, "errmsg": "INTERNAL SERVER ERROR"})
    files = report_files(ctx.sim)
    stored = files.add(FILE_TITLES[kind], content)
    url = DOWNLOAD_PREFIX + (stored.name.lower() if ctx.flag("url_case_folded") else stored.name)
    if ctx.flag("url_without_leading_slash"):
        url = url.lstrip("/")
    named = {"file": stored.name, "download_resource_url": url}
    if ctx.query.get("is_async") == "1":
        event = files.announce(stored, url)
        pending: dict[str, Any] = {"errcode": 2, "errmsg": "PROCESSING"}
        if ctx.flag("async_names_file"):
            pending.update(named)
        if ctx.flag("async_download_id"):
            pending["download_id"] = event["msg"]["download_id"]
        return Reply(200, pending)
    return Reply(200, {"errcode": 0, "errmsg": "SUCCESS", **named})


@API.handler("downloadReportFile")
def download_report_file(ctx: RequestContext) -> Reply:
    files = report_files(ctx.sim)
    stored = None if ctx.flag("files_not_kept") else files.get(ctx.path.get("file", ""))
    if stored is not None and ctx.flag("download_serves_latest"):
        stored = files.latest() or stored
    if stored is None:
        if ctx.flag("missing_file_410"):
            return Reply(410, content="the report file is gone", media_type="text/plain")
        missing = ctx.reading("download_missing", "http_404")
        return Reply(200 if missing == "http_200_envelope" else 404, envelope(*MISSING_FILE))
    media = next((m for flag, m in FILE_MEDIA_TYPES.items() if ctx.flag(flag)), "text/csv")
    return Reply(200, content=stored.content, media_type=media,
                 headers={"Content-Disposition": f'attachment; filename="{stored.name}"'})
