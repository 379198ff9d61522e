"""TelecomX ``POST /pbx/cdrstats``: per-employee statistics as JSON, CSV or an Excel workbook.

Readings of the ambiguous errata (spec default first): TCX-001 ``nested``/``disjoint`` outcomes, TCX-005
``array``/``comma_string`` fields, TCX-011 ``bare_numbers``/``calendar_labels`` interval keys, TCX-013
``json_error_key``/``plain_text_key`` refusals. TCX-012 (token in a header) is decided by the framework's
authentication, before the handler; a comma string in ``fields`` is refused by the schema check before it too.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from starlette.requests import Request

from conformance.simulator.auth import presented_token
from conformance.simulator.catalogue import vendor_tenant
from conformance.simulator.model import Window
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.queries import telecomx as queries
from conformance.simulator.queries.extension_records import calls_window
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import RequestContext, VendorAPI
from conformance.telecomx_fields import COUNTERS

SPEC = "telecomx-cdrstats"
IDENTITY = ("employeeId", "employeeName", "extensionId", "extensionNumber")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IGNORE_BELOW = 10**9  # longer than any call; keeps the SQL literal an integer
# groupingInterval -> strftime of the calendar label of a bucket start (TCX-011 calendar_labels).
CALENDAR_LABELS = {"HOUR": "%Y-%m-%dT%H", "DAY": "%Y-%m-%d", "WEEK": "%G-W%V", "MONTH": "%Y-%m"}


def error_reply(rejection: Rejection, options: SimulatorOptions | None = None) -> Reply:
    """Status and message key of the error table; ``{"error": key}`` or, under TCX-013's other reading, the
    key as plain text."""
    if rejection.kind in ("unauthenticated", "forbidden"):
        status, key = 403, "access_denied"
    elif rejection.kind in ("not_found", "method_not_allowed"):
        status, key = (404 if rejection.kind == "not_found" else 405), rejection.kind
    else:
        status, key = 422, rejection.field or rejection.kind
    if options is not None and options.readings.get("telecomx.error_plain_text") == "plain_text_key":
        return Reply(status, content=key, media_type="text/plain")
    return Reply(status, {"error": key})


def auth_reply(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "employee": None, "customer": None, "accessLevel": "VIEWER"} if values else values


def token_reader(request: Request, document: dict[str, Any], options: SimulatorOptions) -> str | None:
    """TCX-012: the `token` query parameter (the spec's reading), or a bearer header under the other one."""
    if options.readings.get("telecomx.token_header") == "header_token":
        header = request.headers.get("authorization", "")
        return header[7:].strip() if header[:7].lower() == "bearer " else None
    return presented_token(request, document)


def relaxed_fields(options: SimulatorOptions) -> frozenset[str]:
    """TCX-005: under the comma-string reading `fields` is a string, which the spec's array schema refuses."""
    return frozenset({"fields"}) if options.readings.get("telecomx.fields_as_string") == "comma_string" else frozenset()


API = VendorAPI(SPEC, error_reply, auth_reply, token_reader=token_reader, relaxed_fields=relaxed_fields)


# -- request ----------------------------------------------------------------------------------------------
def _tenant_id(ctx: RequestContext, customer: str | None) -> int | None:
    """The tenant whose calls to count: the customer's (administrators may name any), else the caller's own.
    ``None`` means every tenant (the unscoped fault); -1 a customer nobody has (no employees)."""
    if ctx.sim.fault.unscoped_tenant:
        return None
    own = ctx.principal.tenant
    if customer is None:
        return int(own) if own is not None else int(vendor_tenant(ctx.store, SPEC)["id"])
    tenants = {t.get("ref"): int(t["id"]) for t in ctx.store.catalogue()["tenants"]}
    if own is not None and tenants.get(customer) != int(own):
        raise Rejection("forbidden", "customer belongs to someone else")
    return tenants.get(customer, -1)


def _fields(ctx: RequestContext, body: dict[str, Any]) -> list[str] | None:
    """The selected fields (TCX-005): a JSON array, or one comma-separated string under that reading."""
    fields = body.get("fields")
    as_string = ctx.reading("telecomx.fields_as_string", "array") == "comma_string"
    if fields is None:
        return None
    if isinstance(fields, str):
        return [f.strip() for f in fields.split(",") if f.strip()]
    if as_string:
        raise Rejection("invalid", "fields must be one comma-separated string", field="fields")
    return list(fields)


def _employees(body: dict[str, Any]) -> list[str] | None:
    """``employee`` and ``employees`` together (TCX-017: both restrict, so their union is kept); all when
    neither names anyone."""
    wanted = [*(body.get("employees") or []), *([body["employee"]] if body.get("employee") else [])]
    return wanted or None


def _window(ctx: RequestContext) -> Window:
    """The window cut to the stored calls (keys unchanged); a reversed one (only through a fault) is empty."""
    assert ctx.window is not None
    start, end = ctx.window
    return calls_window(ctx.store, Window.of(start, max(start, end)))


# -- answer -----------------------------------------------------------------------------------------------
def _nested(counters: dict[str, int]) -> dict[str, int]:
    """The spec's reading (TCX-001): failed and busy calls are part of the unanswered ones."""
    out = dict(counters)
    out["outboundUnanswered"] = counters["outboundUnanswered"] + counters["outboundFailed"]
    out["inboundUnanswered"] = counters["inboundUnanswered"] + counters["inboundBusy"]
    return out


def _calendar_key(iso_key: str, grouping: str) -> str:
    return datetime.fromisoformat(iso_key).strftime(CALENDAR_LABELS[grouping])


def _sort_key(field: str):  # type: ignore[no-untyped-def]
    def key(row: dict[str, Any]) -> tuple[int, Any]:
        value = str(row.get(field, ""))
        return (0, int(value)) if field == "extensionNumber" and value.isdigit() else (1, value.casefold())

    return key


def _statistics(ctx: RequestContext) -> list[dict[str, Any]]:
    body = ctx.body_object()
    grouping = body.get("groupingInterval", "DAY")
    calendar = ctx.reading("telecomx.calendar_keys", "bare_numbers") == "calendar_labels"
    fields = _fields(ctx, body)
    rows = queries.cdrstats(
        ctx.store, _window(ctx), tenant_id=_tenant_id(ctx, body.get("customer")), employees=_employees(body),
        ignore_below=min(MAX_IGNORE_BELOW, math.ceil(body.get("ignoreBelow") or 0)),
        ignore_local=bool(body.get("ignoreLocal")), direction=body.get("direction", "BOTH"), grouping=grouping,
        labels="iso" if calendar else "vendor",
    )
    disjoint = ctx.reading("telecomx.disjoint_outcomes", "nested") == "disjoint"
    if body.get("sort"):
        rows.sort(key=_sort_key(body["sort"]))
    for row in rows:
        row["data"] = {
            (_calendar_key(k, grouping) if calendar else k): (v if disjoint else _nested(v))
            for k, v in row["data"].items()
        }
        if fields:
            for name in IDENTITY:
                if name not in fields:
                    row.pop(name, None)
            row["data"] = {k: {c: n for c, n in v.items() if c in fields} for k, v in row["data"].items()}
    return rows


def _interval_order(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (-1, key)


def _table(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """One line per employee and interval: identity fields, the interval key, then the counters."""
    counters = [c for c in COUNTERS if any(c in v for r in rows for v in r["data"].values())]
    identity = [f for f in IDENTITY if any(f in r for r in rows)]
    header = [*identity, "interval", *counters]
    lines = [[r.get(f, "") for f in identity] + [key] + [v.get(c, 0) for c in counters]
             for r in rows for key, v in sorted(r["data"].items(), key=lambda kv: _interval_order(kv[0]))]
    return header, lines


def _csv(header: list[str], lines: list[list[Any]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(lines)
    return text.getvalue().encode("utf-8")


def _xlsx(header: list[str], lines: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for line in lines:
        sheet.append(line)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


@API.handler("getCdrStats")
def cdrstats(ctx: RequestContext) -> Reply:
    rows = _statistics(ctx)
    fmt = ctx.body_object().get("format", "JSON")
    if fmt == "JSON":
        return Reply(200, rows)
    header, lines = _table(rows)
    if fmt == "CSV":
        return Reply(200, content=_csv(header, lines), media_type="text/csv")
    return Reply(200, content=_xlsx(header, lines), media_type=XLSX)
