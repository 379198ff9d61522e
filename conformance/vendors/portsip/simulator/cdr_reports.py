"""PortSIP call reports (create, get, update, list, destroy) and completed call reports (list, get, destroy).

Reports are stored as sent: CUSTOM bounds as the client wrote them, ``filter`` as JSON. An update merges the
given fields; the type cannot change, the merged report must still pair ``filter`` with its type
(CallReportFilterByType) and a CUSTOM range needs both bounds, else the update is refused. A stored report
without a filter answers ``{}`` (no restriction). Lists honour ``filter``, ``search``, ``orderby``,
``top``, ``skip`` and ``count``. Reports belong to the PBX, not to a tenant.

Latitude flag ``file_url_by_id`` (PSC-023 leaves it open): a completed report's file is downloaded by its id, so
``file_url`` does not carry the file name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jsonschema

from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import Handler, RequestContext
from conformance.vendors.portsip.simulator import cdr_listing as listing
from conformance.vendors.portsip.simulator.listing import ALL_ROWS, page_reply
from conformance.vendors.portsip.simulator.queries import report_jobs as table
from conformance.vendors.portsip.simulator.queries.render import rfc3339
from conformance.vendors.portsip.simulator.stored import component_validator, delete_stored, stored_row

REPORTS, COMPLETED = "call_reports", "completed_call_reports"
FIELDS = ("name", "type", "email", "format", "range", "started_at", "ended_at", "cron_expr", "filter")
SUMMARY = ("id", "name", "type", "cron_expr", "status")
NEW_STATUS = "SCHEDULED"
WHAT = {REPORTS: "call report", COMPLETED: "completed call report"}  # table -> what a not-found refusal names


def _time(value: Any) -> Any:
    """A stored bound: epoch seconds (generated reports) or the text a client sent."""
    return rfc3339(value) if isinstance(value, int) else value


def _email(value: Any) -> Any:
    """The generated reports store a list of addresses; the API answers one."""
    return value[0] if isinstance(value, list) and value else value


def render_report(row: Mapping[str, Any]) -> dict[str, Any]:
    """A ``call_reports`` row as the CallReport answer."""
    return {
        "id": row["id"], "name": row["name"], "type": row["type"], "email": _email(row["email"]),
        "format": row["format"], "range": row["range"], "started_at": _time(row["started_at"]),
        "ended_at": _time(row["ended_at"]), "cron_expr": row["cron_expr"], "filter": row["filter"] or {},
        "status": row["status"],
    }


def summary(report: Mapping[str, Any]) -> dict[str, Any]:
    """A CallReport as the list shows it (CallReportSummary)."""
    return {k: report[k] for k in SUMMARY}


FILE_BY_ID = "file_url_by_id"  # latitude flag


def render_completed(row: Mapping[str, Any], by_id: bool = False) -> dict[str, Any]:
    """A ``completed_call_reports`` row as the CompletedCallReport answer (``by_id``: the file is addressed by the
    report's id)."""
    return {
        "id": row["id"], "name": row["name"], "type": row["type"], "format": row["format"],
        "completed_at": rfc3339(row["completed_at"]), "file_name": row["file_name"],
        "file_size": row["file_size"],
        "file_url": f"/api/completed_call_reports/{row['id']}/file" if by_id else row["file_url"],
    }


def _check_report(ctx: RequestContext, report: Mapping[str, Any]) -> None:
    """Refuse a merged report whose filter does not fit its type, or a CUSTOM range without both bounds."""
    pair = {"type": report["type"], "filter": report.get("filter") or {}}
    error = jsonschema.exceptions.best_match(component_validator(ctx, "CallReportFilterByType").iter_errors(pair))
    if error is not None:
        raise Rejection("invalid", f"filter does not fit report type {report['type']}: {error.message}",
                        field="filter")
    if report.get("range") == "CUSTOM" and (report.get("started_at") is None or report.get("ended_at") is None):
        raise Rejection("invalid", "a CUSTOM range needs started_at and ended_at", field="range")


def _row(ctx: RequestContext, name: str) -> dict[str, Any]:
    return stored_row(ctx, name, WHAT[name])


def _destroy(ctx: RequestContext, name: str) -> Reply:
    delete_stored(ctx, name, WHAT[name])
    return Reply(204)


def create_report(ctx: RequestContext) -> Reply:
    values = {k: v for k, v in ctx.body_object().items() if k in FIELDS}
    _check_report(ctx, values)
    created = table.create(ctx.store, REPORTS, {**values, "status": NEW_STATUS})
    return Reply(201, {"id": created["id"]})


def get_report(ctx: RequestContext) -> Reply:
    return Reply(200, render_report(_row(ctx, REPORTS)))


def update_report(ctx: RequestContext) -> Reply:
    current = _row(ctx, REPORTS)
    changes = {k: v for k, v in ctx.body_object().items() if k in FIELDS}
    if changes.pop("type", current["type"]) != current["type"]:
        raise Rejection("invalid", "the type of a call report cannot change", field="type")
    _check_report(ctx, {**current, **changes})
    table.update(ctx.store, REPORTS, current["id"], changes)
    return Reply(200)


def delete_report(ctx: RequestContext) -> Reply:
    return _destroy(ctx, REPORTS)


def _listing(ctx: RequestContext, name: str, render: Callable[[Mapping[str, Any]], dict[str, Any]],
             schema: str) -> Reply:
    rows = table.list_rows(ctx.store, name, top=ALL_ROWS)["items"]
    return page_reply(ctx, listing.select(ctx, [render(r) for r in rows], listing.item_fields(ctx, schema)))


def list_reports(ctx: RequestContext) -> Reply:
    return _listing(ctx, REPORTS, lambda row: summary(render_report(row)), "CallReportSummary")


def list_completed(ctx: RequestContext) -> Reply:
    return _listing(ctx, COMPLETED, lambda row: render_completed(row, ctx.flag(FILE_BY_ID)), "CompletedCallReport")


def get_completed(ctx: RequestContext) -> Reply:
    return Reply(200, render_completed(_row(ctx, COMPLETED), ctx.flag(FILE_BY_ID)))


def delete_completed(ctx: RequestContext) -> Reply:
    return _destroy(ctx, COMPLETED)


HANDLERS: dict[str, Handler] = {
    "createCallReport": create_report,
    "getCallReportDetails": get_report,
    "updateCallReport": update_report,
    "deleteCallReport": delete_report,
    "listCallReports": list_reports,
    "listCompletedCallReports": list_completed,
    "getCompletedCallReportDetails": get_completed,
    "deleteCompletedCallReport": delete_completed,
}
