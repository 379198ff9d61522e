"""TelecomX ``POST /pbx/cdrstats``: per-employee statistics as JSON, CSV or an Excel workbook.

Readings of the ambiguous errata (spec default first): TCX-001 ``nested``/``disjoint`` outcomes, TCX-005
``array``/``comma_string`` fields, TCX-011 ``bare_numbers``/``calendar_labels`` interval keys, TCX-013
``json_error_key``/``plain_text_key`` refusals. TCX-012 (token in a header) is decided by the framework's
authentication, before the handler; a comma string in ``fields`` is refused by the schema check before it too.

Latitude flags (``latitude/telecomx-cdrstats.yaml``): interval keys as UTC timestamps or two-digit numbers, every
interval listed, employees without calls left out, refusals as ``{error: {...}}`` or ``{message, statusCode}``,
unknown employees refused, empty values read as the defaults, semicolon CSV or a totals line, older media type
names.

Fault flags (``faults/telecomx-cdrstats.yaml``): a named customer read without its owner checked or without any
customer scope, ``fields`` inverted, only the first of ``employees`` read, ``to`` ignored, WEEK and MONTH buckets
widened to whole periods, inbound calls counted twice under direction IN.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from openpyxl import Workbook
from starlette.requests import Request

from conformance.simulator import latitude
from conformance.simulator.auth import presented_token
from conformance.simulator.catalogue import vendor_tenant
from conformance.simulator.model import Window
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.queries.extension_records import calls_window
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import RequestContext, VendorAPI
from conformance.vendors.telecomx.fields import COUNTERS, FIELDS
from conformance.vendors.telecomx.simulator import queries

SPEC = "telecomx-cdrstats"
IDENTITY = ("employeeId", "employeeName", "extensionId", "extensionNumber")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IGNORE_BELOW = 10**9  # longer than any call; keeps the SQL literal an integer
# groupingInterval -> strftime of the calendar label of a bucket start (TCX-011 calendar_labels).
CALENDAR_LABELS = {"HOUR": "%Y-%m-%dT%H", "DAY": "%Y-%m-%d", "WEEK": "%G-W%V", "MONTH": "%Y-%m"}


def _flags(options: SimulatorOptions | None) -> frozenset[str]:
    """The handler flags the latitude entries switched on (refusals are built without a request context)."""
    return latitude.effect_of(options.latitude, SPEC).flags if options is not None else frozenset()


def error_reply(rejection: Rejection, options: SimulatorOptions | None = None) -> Reply:
    """Status and message key of the error table; ``{"error": key}`` or, under TCX-013's other reading, the
    key as plain text; under latitude other JSON shapes."""
    if rejection.kind in ("unauthenticated", "forbidden"):
        status, key = 403, "access_denied"
    elif rejection.kind in ("not_found", "method_not_allowed"):
        status, key = (404 if rejection.kind == "not_found" else 405), rejection.kind
    elif (rejection.rule or "").startswith("window_") or rejection.field == "to":
        status, key = 422, "from"  # the table's one date error: "from | Invalid date range"
    else:
        status, key = 422, rejection.field or rejection.kind
    if options is not None and options.readings.get("telecomx.error_plain_text") == "plain_text_key":
        return Reply(status, content=key, media_type="text/plain")
    flags = _flags(options)
    if "telecomx-nested-errors" in flags:
        return Reply(status, {"error": {"code": status, "message": key, "description": rejection.message}})
    if "telecomx-message-errors" in flags:
        return Reply(status, {"statusCode": status, "message": key})
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


# The static token is a user of the TelecomX customer (VIEWER), so another customer's calls are refused to it.
API = VendorAPI(SPEC, error_reply, auth_reply, token_reader=token_reader, relaxed_fields=relaxed_fields,
                static_token_tenant=True)


# -- request ----------------------------------------------------------------------------------------------
def _tenant_id(ctx: RequestContext, customer: str | None) -> int | None:
    """The tenant whose calls to count: the customer's (administrators may name any), else the caller's own.
    ``None`` means every tenant (the unscoped fault); -1 a customer nobody has (no employees)."""
    if ctx.sim.fault.unscoped_tenant or (customer is not None and ctx.flag("telecomx-named-customer-unscoped")):
        return None
    own = ctx.principal.tenant
    if customer is None:
        return int(own) if own is not None else int(vendor_tenant(ctx.store, SPEC)["id"])
    tenants = {t.get("ref"): int(t["id"]) for t in ctx.store.catalogue()["tenants"]}
    if own is not None and tenants.get(customer) != int(own) and not ctx.flag("telecomx-customer-unchecked"):
        raise Rejection("forbidden", "customer belongs to someone else")
    return tenants.get(customer, -1)


def _fields(ctx: RequestContext, body: dict[str, Any]) -> list[str] | None:
    """The selected fields (TCX-005): a JSON array, or one comma-separated string under that reading."""
    fields = body.get("fields")
    as_string = ctx.reading("telecomx.fields_as_string", "array") == "comma_string"
    if fields is None:
        return None
    if isinstance(fields, str):
        fields = [f.strip() for f in fields.split(",") if f.strip()]
    elif as_string:
        raise Rejection("invalid", "fields must be one comma-separated string", field="fields")
    if ctx.flag("telecomx-fields-inverted") and fields:  # a fault: the fields that were not asked for
        return [f for f in FIELDS if f not in fields]
    return list(fields)


def _known_employees(ctx: RequestContext, tenant_id: int | None, wanted: list[str] | None) -> None:
    """Latitude: refuse employees the customer does not have (422 naming the field) instead of ignoring them."""
    if wanted is None or not ctx.flag("telecomx-unknown-employee-refused"):
        return
    known = {r["employeeId"] for r in queries.cdrstats(ctx.store, _window(ctx), tenant_id=tenant_id)}
    unknown = sorted(set(wanted) - known)
    if unknown:
        body = ctx.body_object()
        raise Rejection("invalid", f"unknown employee {unknown[0]}",
                        field="employees" if unknown[0] in (body.get("employees") or []) else "employee")


def _defaults(ctx: RequestContext, body: dict[str, Any]) -> dict[str, Any]:
    """Latitude: empty values read as absent (the documented defaults)."""
    if not ctx.flag("telecomx-empty-is-default"):
        return body
    return {k: v for k, v in body.items() if not (isinstance(v, str) and not v.strip())}


# Body member -> its documented values (the handler judges them too: a latitude entry may let any value past the
# schema, and an unknown value then gets the error table's 422).
DOCUMENTED = {"groupingInterval": ("MONTH", "WEEK", "DAY", "HOUR"), "direction": ("IN", "OUT", "BOTH"),
              "format": ("JSON", "CSV", "EXCEL")}


def _check_values(ctx: RequestContext, body: dict[str, Any]) -> None:
    for name, values in DOCUMENTED.items():
        if name in body and body[name] not in values:
            if name == "format" and ctx.flag("telecomx-unknown-format-served"):
                continue  # a fault: any other format is answered as an Excel workbook
            raise Rejection("invalid", f"{name} must be one of {', '.join(values)}", field=name)


def _employees(ctx: RequestContext, body: dict[str, Any]) -> list[str] | None:
    """``employee`` and ``employees`` together (TCX-017: both restrict, so their union is kept); all when
    neither names anyone."""
    listed = list(body.get("employees") or [])
    if ctx.flag("telecomx-employees-first-only"):  # a fault: the list's first id alone is read
        listed = listed[:1]
    wanted = [*listed, *([body["employee"]] if body.get("employee") else [])]
    return wanted or None


def _window(ctx: RequestContext, grouping: str = "DAY") -> Window:
    """The window cut to the stored calls (keys unchanged); a reversed one (only through a fault) is empty.
    Faults: ``to`` ignored (the window runs a day from ``from``); WEEK and MONTH buckets widened to whole
    periods."""
    assert ctx.window is not None
    start, end = ctx.window
    if ctx.flag("telecomx-to-ignored"):
        end = start + timedelta(days=1)
    window = Window.of(start, max(start, end))
    if grouping in ("WEEK", "MONTH") and ctx.flag("telecomx-whole-periods") and window.seconds:
        window = whole_periods(window, grouping)
    return calls_window(ctx.store, window)


def whole_periods(window: Window, grouping: str) -> Window:
    """``window`` widened to the whole weeks or months it touches (in its zone)."""
    first = datetime.fromtimestamp(window.start, window.tz).date()
    last = datetime.fromtimestamp(window.end - 1, window.tz).date()
    if grouping == "WEEK":
        first, last = first - timedelta(days=first.weekday()), last + timedelta(days=7 - last.weekday())
    else:
        first = first.replace(day=1)
        last = (last.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Window(_midnight(first, window.tz), _midnight(last, window.tz), window.tz)


def _midnight(day: date, zone: tzinfo) -> int:
    return int(datetime.combine(day, time(), zone).timestamp())


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


def _labels(ctx: RequestContext) -> str:
    if ctx.reading("telecomx.calendar_keys", "bare_numbers") == "calendar_labels":
        return "iso"
    if ctx.flag("telecomx-timestamp-keys"):
        return "timestamp"
    return "padded" if ctx.flag("telecomx-padded-keys") else "vendor"


def _idle(row: dict[str, Any]) -> bool:
    return not any(n for counters in row["data"].values() for n in counters.values())


def _statistics(ctx: RequestContext) -> list[dict[str, Any]]:
    body = _defaults(ctx, ctx.body_object())
    _check_values(ctx, body)
    grouping = body.get("groupingInterval", "DAY")
    labels = _labels(ctx)
    calendar = labels == "iso"
    fields = _fields(ctx, body)
    tenant_id = _tenant_id(ctx, body.get("customer"))
    _known_employees(ctx, tenant_id, _employees(ctx, body))
    rows = queries.cdrstats(
        ctx.store, _window(ctx, grouping), tenant_id=tenant_id, employees=_employees(ctx, body),
        ignore_below=min(MAX_IGNORE_BELOW, math.ceil(body.get("ignoreBelow") or 0)),
        ignore_local=bool(body.get("ignoreLocal")), direction=body.get("direction", "BOTH"), grouping=grouping,
        labels=labels, every_interval=ctx.flag("telecomx-every-interval"),
    )
    if ctx.flag("telecomx-idle-employees-omitted"):
        rows = [row for row in rows if not _idle(row)]
    if ctx.flag("telecomx-inbound-counted-twice") and body.get("direction") == "IN":  # a fault: a doubled join
        for row in rows:
            row["data"] = {k: {c: 2 * n for c, n in v.items()} for k, v in row["data"].items()}
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


def _csv(header: list[str], lines: list[list[Any]], delimiter: str = ",") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n", delimiter=delimiter)
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


def _with_totals_line(header: list[str], lines: list[list[Any]]) -> list[list[Any]]:
    """Latitude: the table ends with a line of column totals."""
    counters = {i for i, name in enumerate(header) if name in COUNTERS}
    total = ["Total" if i == 0 else sum(line[i] for line in lines) if i in counters else ""
             for i in range(len(header))]
    return [*lines, total]


@API.handler("getCdrStats")
def cdrstats(ctx: RequestContext) -> Reply:
    rows = _statistics(ctx)
    fmt = _defaults(ctx, ctx.body_object()).get("format", "JSON")
    if fmt == "JSON":
        return Reply(200, rows)
    header, lines = _table(rows)
    if ctx.flag("telecomx-csv-totals-line"):
        lines = _with_totals_line(header, lines)
    legacy = ctx.flag("telecomx-legacy-media-types")
    if fmt == "CSV":
        delimiter = ";" if ctx.flag("telecomx-csv-semicolons") else ","
        return Reply(200, content=_csv(header, lines, delimiter), media_type="text/plain" if legacy else "text/csv")
    return Reply(200, content=_xlsx(header, lines), media_type="application/vnd.ms-excel" if legacy else XLSX)
