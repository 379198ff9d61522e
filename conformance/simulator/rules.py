"""Generic enforcement of a spec: schema (openapi-core) and the prose rules of the ``x-pbx-*`` extensions."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from openapi_core import OpenAPI
from openapi_core.contrib.starlette import StarletteOpenAPIRequest

from conformance import timefmt
from conformance.extensions import FieldRef, TimeWindow
from conformance.simulator.replies import Rejection, Reply
from conformance.specs import Operation

if TYPE_CHECKING:
    from conformance.simulator.app import Simulator


def strictly_ascending_fields(document: dict[str, Any]) -> frozenset[str]:
    """Names of properties whose schema carries ``x-pbx-strictly-ascending``, anywhere in the document."""
    names: set[str] = set()
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                if isinstance(sub, dict) and sub.get("x-pbx-strictly-ascending") is True:
                    names.add(name)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return frozenset(names)


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


def default_window(window: TimeWindow, tz: tzinfo, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The window a server applies when the client gives none: today in the server's zone."""
    moment = (now or datetime.now(UTC)).astimezone(tz)
    start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start.replace(hour=23, minute=59, second=59)


def check_window(window: TimeWindow, body: Any, query: dict[str, str], sim: Simulator) -> tuple[datetime, datetime]:
    """Parse and check a request's time window against ``x-pbx-time-window``; returns aware datetimes."""
    skip = sim.fault.skip_rules
    raw_start = field_value(window.start, body, query)
    raw_end = field_value(window.end, body, query)
    tz = window_zone(sim)
    if raw_start is None and raw_end is None:
        if window.required:
            raise Rejection("invalid", f"{window.start.name} and {window.end.name} are required",
                            field=window.start.name, rule="window_required")
        return default_window(window, tz)
    if raw_start is None or raw_end is None:
        missing = window.start.name if raw_start is None else window.end.name
        raise Rejection("invalid", f"{missing} is required with the other end of the window", field=missing,
                        rule="window_required")
    display = timefmt.DisplayFormat.parse(sim.options.display_format) if window.notation == "display_datetime" else None
    bounds = []
    for name, raw in ((window.start.name, raw_start), (window.end.name, raw_end)):
        bounds.append(_parse_bound(window, name, raw, display, tz, skip))
    start, end = bounds
    seconds = (end - start).total_seconds()
    if window.end_after_start and seconds <= 0 and "window_order" not in skip:
        raise Rejection("invalid", f"{window.end.name} must be later than {window.start.name}",
                        field=window.end.name, rule="window_order")
    if window.max_seconds is not None and seconds > window.max_seconds and "window_max" not in skip:
        raise Rejection("invalid", f"time range longer than {window.max_seconds} seconds", field=window.end.name,
                        rule="window_max")
    if window.min_seconds is not None and seconds < window.min_seconds and "window_min" not in skip:
        raise Rejection("invalid", f"time range shorter than {window.min_seconds} seconds", field=window.end.name,
                        rule="window_min")
    return start, end


def _parse_bound(
    window: TimeWindow, name: str, raw: Any, display: timefmt.DisplayFormat | None, tz: tzinfo, skip: frozenset[str]
) -> datetime:
    if not isinstance(raw, str):
        raise Rejection("invalid", f"{name} must be a string", field=name, rule="schema")
    try:
        value = timefmt.parse_datetime(window.notation, raw, display=display, tz=tz)
    except ValueError as exc:
        message = str(exc)
        if "missing UTC offset" in message and "utc_offset" in skip:
            try:
                return timefmt.parse_local_datetime(raw.replace("T", " ")[:19], tz)
            except ValueError:
                pass
        rule = "utc_offset" if "missing UTC offset" in message else "notation"
        raise Rejection("invalid", f"{name}: {message}", field=name, rule=rule) from None
    if window.utc_offset == "required" and value.tzinfo is None:
        raise Rejection("invalid", f"{name} must carry a UTC offset", field=name, rule="utc_offset")
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def check_ascending(body: Any, names: frozenset[str], skip: frozenset[str]) -> None:
    """Arrays under a strictly-ascending property name must rise strictly."""
    if not names or "ascending" in skip:
        return
    stack: list[Any] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in names and isinstance(value, list) and all(
                    isinstance(v, int | float) and not isinstance(v, bool) for v in value
                ) and any(b <= a for a, b in itertools.pairwise(value)):
                    raise Rejection("invalid", f"{key} must be strictly ascending", field=key, rule="ascending")
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def check_ordered_fields(rules: list[dict[str, Any]], body: Any, query: dict[str, str], skip: frozenset[str]) -> None:
    if "ordered_fields" in skip:
        return
    for rule in rules:
        lower = field_value(FieldRef.parse(rule["lower"]), body, query)
        upper = field_value(FieldRef.parse(rule["upper"]), body, query)
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lower, upper)):
            continue
        if upper < lower or (rule.get("strict") and upper == lower):
            raise Rejection("invalid", f"{rule['upper']['name']} must not be below {rule['lower']['name']}",
                            field=rule["upper"]["name"], rule="ordered_fields")


def noop_reply(op: Operation) -> Reply:
    """A success answer with no effect (lifecycle faults): the first 2XX status the spec documents."""
    codes = sorted(str(c) for c in op.operation.get("responses", {}) if str(c).startswith("2"))
    status = int(codes[0]) if codes and codes[0].isdigit() else 200
    return Reply(status, None if status == 204 else {})


def json_bytes(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")
