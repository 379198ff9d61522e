"""PortSIP Dataflow report jobs (create, get, update, list, destroy) and report execution logs (list, delete).

Jobs are stored as sent: times as the client wrote them, ``params`` as JSON. An update merges the given
fields into the job; the merged job must still pair ``params`` with its ``type`` (ReportJobParamsByType),
else the update is refused. Lists honour ``filter``, ``orderby``, ``top``, ``skip`` and ``count``.
"""

from __future__ import annotations

from typing import Any

import jsonschema

from conformance.prose_rules import ascending_breaks
from conformance.refs import resolve_ref
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import Handler, RequestContext
from conformance.vendors.portsip.simulator.listing import ALL_ROWS, filtered, page_reply, paging
from conformance.vendors.portsip.simulator.queries import report_jobs as table
from conformance.vendors.portsip.simulator.queries.render import rfc3339
from conformance.vendors.portsip.simulator.stored import component_validator, delete_stored, stored_row

JOBS, LOGS = "report_jobs", "report_logs"
# Request fields stored as they come (the time zone is read per PSD-011).
JOB_FIELDS = ("type", "format", "schedule_name", "start_time", "end_time", "cron_expr", "active", "recipients",
              "params")
# Answer fields that are left out rather than null when blank (their schemas do not allow null).
NOT_NULLABLE = ("cron_expr", "time_zone", "recipients", "params", "schedule_name", "report_name")
WHAT = {JOBS: "report job", LOGS: "report log"}  # table -> what a not-found refusal names


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v is not None or k not in NOT_NULLABLE}


def render_job(row: dict[str, Any]) -> dict[str, Any]:
    """A ``report_jobs`` row as the ReportJob answer."""
    return _compact({
        "id": row["id"], "type": row["type"], "format": row["format"], "schedule_name": row["schedule_name"],
        "create_time": rfc3339(row["create_time"]), "start_time": row["start_time"], "end_time": row["end_time"],
        "cron_expr": row["cron_expr"], "active": bool(row["active"]), "time_zone": row["time_zone"],
        "recipients": row["recipients"], "last_run_time": rfc3339(row["last_run_time"]), "params": row["params"],
    })


def render_log(row: dict[str, Any]) -> dict[str, Any]:
    """A ``report_logs`` row as the ReportLog answer."""
    return _compact({
        "id": row["id"], "report_id": str(row["report_id"]), "schedule_name": row["schedule_name"],
        "report_name": row["report_name"], "type": row["type"], "format": row["format"],
        "file_url": row["file_url"], "create_time": rfc3339(row["create_time"]),
        "finish_time": rfc3339(row["finish_time"]), "recipients": row["recipients"],
        "start_time": rfc3339(row["start_time"]), "end_time": rfc3339(row["end_time"]),
    })


def _ascending_names(ctx: RequestContext) -> frozenset[str]:
    """Properties whose schema, through its ``$ref``, must be strictly ascending (``stx``)."""
    document = ctx.sim.document
    names = set()
    for schema in document["components"]["schemas"].values():
        for name, sub in (schema.get("properties") or {}).items():
            resolved = resolve_ref(document, sub)
            if isinstance(resolved, dict) and resolved.get("x-pbx-strictly-ascending") is True:
                names.add(name)
    return frozenset(names)


def _check_ascending(ctx: RequestContext, params: Any) -> None:
    """PSD-025: thresholds such as ``stx`` rise strictly (the generic rule does not look through ``$ref``)."""
    if "ascending" in ctx.sim.fault.skip_rules:
        return
    for name, values in ascending_breaks(params, _ascending_names(ctx)):
        raise Rejection("invalid", f"{name} {values} must be strictly ascending", field=name, rule="ascending")


def _check_params(ctx: RequestContext, job: dict[str, Any]) -> None:
    """Refuse a job whose ``params`` do not fit its ``type`` (the merged result of an update)."""
    _check_ascending(ctx, job.get("params"))
    validator = component_validator(ctx, "ReportJobParamsByType")
    pair = {"type": job["type"]} if job.get("params") is None else {"type": job["type"], "params": job["params"]}
    error = jsonschema.exceptions.best_match(validator.iter_errors(pair))
    if error is not None:
        raise Rejection("invalid", f"params do not fit report type {job['type']}: {error.message}", field="params")


def create_job(ctx: RequestContext) -> Reply:
    body = ctx.body_object()
    values = {k: body[k] for k in JOB_FIELDS if k in body}
    values.setdefault("active", True)
    zone_field = "timezone" if ctx.reading("portsip_create_timezone_field", "time_zone") == "timezone" else "time_zone"
    values["time_zone"] = body.get(zone_field)
    values["active"] = int(bool(values["active"]))
    _check_params(ctx, values)
    created = table.create(ctx.store, JOBS, values)
    status = 201 if ctx.reading("portsip_create_status", "documented") == "sibling" else 200
    return Reply(status, {"id": created["id"]})


def get_job(ctx: RequestContext) -> Reply:
    return Reply(200, render_job(stored_row(ctx, JOBS, WHAT[JOBS])))


def update_job(ctx: RequestContext) -> Reply:
    current = stored_row(ctx, JOBS, WHAT[JOBS])
    body = ctx.body_object()
    changes = {k: body[k] for k in (*JOB_FIELDS, "time_zone") if k in body}
    if "active" in changes:
        changes["active"] = int(bool(changes["active"]))
    _check_params(ctx, {**current, **changes})
    table.update(ctx.store, JOBS, current["id"], changes)
    return Reply(200)


def _destroy(ctx: RequestContext, name: str) -> Reply:
    """PSD-018: 200 as documented, 204 in the sibling reading."""
    delete_stored(ctx, name, WHAT[name])
    return Reply(204) if ctx.reading("portsip_destroy_status", "documented") == "sibling" else Reply(200)


def destroy_job(ctx: RequestContext) -> Reply:
    return _destroy(ctx, JOBS)


def delete_log(ctx: RequestContext) -> Reply:
    return _destroy(ctx, LOGS)


def _listing(ctx: RequestContext, name: str, render: Any) -> Reply:
    paging(ctx)  # a bad top or skip is refused before the filter is read
    rows = table.list_rows(ctx.store, name, top=ALL_ROWS)["items"]
    return page_reply(ctx, filtered(ctx, [render(r) for r in rows]))


def list_jobs(ctx: RequestContext) -> Reply:
    return _listing(ctx, JOBS, render_job)


def list_logs(ctx: RequestContext) -> Reply:
    return _listing(ctx, LOGS, render_log)


HANDLERS: dict[str, Handler] = {
    "createReport": create_job,
    "getReportJobById": get_job,
    "updateReport": update_job,
    "destroyReportJob": destroy_job,
    "getReportList": list_jobs,
    "listReportLog": list_logs,
    "deleteReportLog": delete_log,
}
