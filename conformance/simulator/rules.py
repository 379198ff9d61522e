"""Generic enforcement of a spec: schema (openapi-core) and the prose rules of the ``x-pbx-*`` extensions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from openapi_core import OpenAPI
from openapi_core.contrib.starlette import StarletteOpenAPIRequest

from conformance import timefmt
from conformance.extensions import FieldRef, TimeWindow
from conformance.prose_rules import ascending_breaks, ordered_field_breaks, window_issues
from conformance.simulator.replies import Rejection, Reply
from conformance.specs import Operation

if TYPE_CHECKING:
    from conformance.simulator.app import Simulator


def field_value(ref: FieldRef, body: Any, query: dict[str, str]) -> Any:
    if ref.location == "body":
        return body.get(ref.name) if isinstance(body, dict) else None
    if ref.location == "query":
        return query.get(ref.name)
    return None


def apply_request_edits(
    edits: Iterable[dict[str, Any]], operation_id: str, body: Any, query: dict[str, str]
) -> tuple[Any, dict[str, str]]:
    """A fault's request edits (e.g. shift ``skip`` by one) applied before the request is served."""
    for edit in edits:
        if edit["operation"] != operation_id:
            continue
        place, name = edit["field"]["in"], edit["field"]["name"]
        if place == "query":
            current = query.get(name)
            if edit["op"] == "set":
                query[name] = str(edit["value"])
            elif current is not None and current.lstrip("-").isdigit():
                query[name] = str(max(0, int(current) + int(edit["value"])))
        elif isinstance(body, dict):
            if edit["op"] == "set":
                body[name] = edit["value"]
            elif isinstance(body.get(name), int | float):
                body[name] = body[name] + edit["value"]
    return body, query


def _error_field(error: Any) -> str | None:
    name = getattr(error, "name", None)
    if isinstance(name, str):
        return name
    cause = error.__cause__
    for schema_error in getattr(cause, "schema_errors", None) or ():
        path = list(getattr(schema_error, "path", []) or [])
        if path:
            return str(path[0])
    return None


def _schema_messages(error: Any) -> list[tuple[str | None, str]]:
    cause = error.__cause__
    schema_errors = list(getattr(cause, "schema_errors", None) or ())
    if not schema_errors:
        return [(_error_field(error), str(error))]
    out = []
    for schema_error in schema_errors:
        path = [str(p) for p in getattr(schema_error, "path", []) or []]
        field = path[0] if path else getattr(error, "name", None)
        out.append((field, f"{'/'.join(path) or 'body'}: {schema_error.message}"))
    return out


def validate_schema(validator: OpenAPI, request: StarletteOpenAPIRequest, skip_fields: frozenset[str]) -> None:
    """Reject a request that breaks the spec's schema (fields in ``skip_fields`` are let through)."""
    for error in validator.iter_request_errors(request):
        problems = [(f, m) for f, m in _schema_messages(error) if f is None or f not in skip_fields]
        if problems:
            field, message = problems[0]
            raise Rejection("invalid", message, field=field, rule="schema")


def window_zone(sim: Simulator) -> tzinfo:
    zone = getattr(sim.store, "zone_for_spec", None)
    if callable(zone):
        result = zone(sim.options.spec)
        if result is not None:
            return result  # type: ignore[no-any-return]
    return UTC if sim.options.spec.startswith("portsip") else ZoneInfo("UTC")


def default_window(tz: tzinfo, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The window a server applies when the client gives none: today in the server's zone."""
    moment = (now or datetime.now(UTC)).astimezone(tz)
    start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start.replace(hour=23, minute=59, second=59)


# Rule of a broken window -> the fault ``skip_rules`` name that lets it through.
_WINDOW_SKIPS = {"missing_offset": "utc_offset", "order": "window_order", "max": "window_max", "min": "window_min"}


def check_window(window: TimeWindow, body: Any, query: dict[str, str], sim: Simulator) -> tuple[datetime, datetime]:
    """Parse and check a request's time window against ``x-pbx-time-window``; returns aware datetimes."""
    skip = sim.fault.skip_rules
    raw_start, raw_end = field_value(window.start, body, query), field_value(window.end, body, query)
    tz = window_zone(sim)
    display = timefmt.DisplayFormat.parse(sim.options.display_format) if window.notation == "display_datetime" else None
    checked = window_issues(window, raw_start, raw_end, display=display, tz=tz)
    if raw_start is None and raw_end is None and not checked.issues:
        return default_window(tz)
    issues = [i for i in checked.issues if _WINDOW_SKIPS.get(i.rule) not in skip]
    if issues:
        issue = issues[0]
        raise Rejection("invalid", issue.message, field=issue.field, rule=f"window_{issue.rule}")
    if not checked.given:  # only skipped issues: a missing offset read as the server's local time
        start, end = (timefmt.parse_local_datetime(str(raw)[:19].replace("T", " "), tz) for raw in (raw_start, raw_end))
        return start, end
    assert checked.start is not None and checked.end is not None
    return checked.start, checked.end


def check_ascending(body: Any, names: frozenset[str], skip: frozenset[str]) -> None:
    """Arrays under a strictly-ascending property name must rise strictly."""
    if "ascending" in skip:
        return
    for name, _values in ascending_breaks(body, names):
        raise Rejection("invalid", f"{name} must be strictly ascending", field=name, rule="ascending")


def check_ordered_fields(rules: list[dict[str, Any]], body: Any, query: dict[str, str], skip: frozenset[str]) -> None:
    if "ordered_fields" in skip:
        return
    for message in ordered_field_breaks(rules, lambda ref: field_value(ref, body, query)):
        raise Rejection("invalid", message, rule="ordered_fields")


def noop_reply(op: Operation) -> Reply:
    """A success answer with no effect (lifecycle faults): the first 2XX status the spec documents."""
    codes = sorted(str(c) for c in op.operation.get("responses", {}) if str(c).startswith("2"))
    status = int(codes[0]) if codes and codes[0].isdigit() else 200
    return Reply(status, None if status == 204 else {})


def json_bytes(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")
