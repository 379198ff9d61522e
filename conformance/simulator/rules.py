"""Generic enforcement of a spec: schema (openapi-core) and the prose rules of the ``x-pbx-*`` extensions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from conformance import timefmt
from conformance.extensions import FieldRef, TimeWindow
from conformance.fieldvalues import value_at
from conformance.prose_rules import ascending_breaks, ordered_field_breaks, window_issues
from conformance.request_validation import schema_errors
from conformance.simulator.catalogue import spec_zone
from conformance.simulator.replies import Rejection, Reply
from conformance.specs import Operation

if TYPE_CHECKING:
    from conformance.simulator.app import Simulator


def field_value(ref: FieldRef, body: Any, query: dict[str, str]) -> Any:
    return value_at(ref.location, ref.name, body=body, query=query)


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


def validate_schema(document: dict[str, Any], operation: Operation, request: Any, query: dict[str, str],
                    skip_fields: frozenset[str]) -> None:
    """Refuse a request that breaks the spec's schema (errors on fields in ``skip_fields`` are let through)."""
    for field, message in schema_errors(document, operation, request, query):
        if field is None or field not in skip_fields:
            raise Rejection("invalid", message, field=field, rule="schema")


def window_zone(sim: Simulator) -> tzinfo:
    """The zone wall-clock notations are read in: the PBX clock of the spec's tenant."""
    return spec_zone(sim.store, sim.options.spec) if sim.store is not None else UTC


def default_window(tz: tzinfo, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The window a server applies when the client gives none: today in the server's zone."""
    moment = (now or datetime.now(UTC)).astimezone(tz)
    start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start.replace(hour=23, minute=59, second=59)


NOTHING = (datetime(1970, 1, 1, tzinfo=UTC), datetime(1970, 1, 1, tzinfo=UTC))  # a window no record falls in
SIMULATED_OVERRUN = 10  # with window_max skipped, windows up to this many times the maximum are still served

# Rule of a broken window -> the fault ``skip_rules`` name that lets it through.
_WINDOW_SKIPS = {"missing_offset": "utc_offset", "order": "window_order", "empty": "window_empty", "max": "window_max",
                 "min": "window_min", "notation": "window_notation"}


def _lenient_datetime(raw: Any, tz: tzinfo) -> datetime:
    """A bound read the way a lenient server reads it (``window_notation`` skipped): any ISO 8601 form, ``T`` or
    a space, with or without an offset (none: the PBX clock), a date alone; other texts are refused."""
    try:
        value = datetime.fromisoformat(str(raw).strip().replace(" ", "T", 1))
    except ValueError:
        raise Rejection("invalid", f"unreadable date {raw!r}", rule="window_notation") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def check_window(window: TimeWindow, body: Any, query: dict[str, str], sim: Simulator) -> tuple[datetime, datetime]:
    """Parse and check a request's time window against ``x-pbx-time-window``; returns aware datetimes."""
    skip = sim.fault.skip_rules
    if "window_order" in skip:
        skip = skip | {"window_empty"}
    raw_start, raw_end = field_value(window.start, body, query), field_value(window.end, body, query)
    if "window_notation" in skip:  # a lenient server reads an empty bound as an absent one
        raw_start, raw_end = (None if raw == "" else raw for raw in (raw_start, raw_end))
    tz = window_zone(sim)
    display = timefmt.DisplayFormat.parse(sim.options.display_format) if window.notation == "display_datetime" else None
    if not window.required and (raw_start is None or raw_end is None):
        # A missing bound takes the server's default (today's start or end in the PBX zone).
        today = default_window(tz)
        if raw_start is None and raw_end is None:
            return today
        shown = display or timefmt.DisplayFormat()
        if raw_start is None:
            raw_start = timefmt.format_datetime(window.notation, today[0], display=shown, tz=tz)
        else:
            raw_end = timefmt.format_datetime(window.notation, today[1], display=shown, tz=tz)
    checked = window_issues(window, raw_start, raw_end, display=display, tz=tz)
    if "window_unreadable" in skip and checked.issues and all(i.rule == "notation" for i in checked.issues):
        return NOTHING  # a reading where a date the server cannot read selects no records (YEA-009)
    issues = [i for i in checked.issues if _WINDOW_SKIPS.get(i.rule) not in skip]
    if not issues and checked.given and window.max_seconds and "window_max" in skip:
        assert checked.start is not None and checked.end is not None
        if (checked.end - checked.start).total_seconds() > SIMULATED_OVERRUN * window.max_seconds:
            # A fault lets over-long windows through; far beyond the limit the simulator still refuses, so a
            # window of centuries cannot make it build millions of buckets.
            raise Rejection("invalid", "time range far beyond what the simulator serves", field=window.end.name,
                            rule="window_max")
    if issues:
        issue = issues[0]
        raise Rejection("invalid", issue.message, field=issue.field, rule=f"window_{issue.rule}")
    if not checked.given:  # only skipped issues: a missing offset or another notation, read leniently
        start, end = (_lenient_datetime(raw, tz) for raw in (raw_start, raw_end))
        seconds = timefmt.window_seconds(start, end)
        if window.end_after_start and seconds <= 0 and ("window_order" if seconds < 0 else "window_empty") not in skip:
            raise Rejection("invalid", f"{window.end.name} is not after {window.start.name}", field=window.end.name,
                            rule="window_order" if seconds < 0 else "window_empty")
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
