"""TelecomX strategies: ISO 8601 date-times, object ids, grouping intervals and cdrstats request bodies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from conformance.vendors.telecomx.fields import FIELDS
from strategies.registry import registered
from strategies.time import DEFAULT_WITHIN, time_windows, window_plan

GROUPING_INTERVALS = ("MONTH", "WEEK", "DAY", "HOUR")
DIRECTIONS = ("IN", "OUT", "BOTH")
OUTPUT_FORMATS = ("JSON", "CSV", "EXCEL")
CDRSTATS_FIELDS = FIELDS
CDRSTATS_SORT_FIELDS = ("employeeName", "extensionNumber")
TIMESPECS = ("seconds", "milliseconds")


@registered(
    "ISO 8601 UTC date-time texts such as 2016-01-01T00:00:00Z, with or without milliseconds.",
    claim=lambda text: timefmt.parses("iso8601", text) and text.endswith("Z"),
)
def iso_datetimes(
    min_value: datetime | None = None, max_value: datetime | None = None, *, timespec: str | None = None
) -> st.SearchStrategy[str]:
    """Instants in ``[min_value, max_value]`` (aware; default 2000..2038) written in UTC with ``Z``."""
    if timespec is not None and timespec not in TIMESPECS:
        raise InvalidArgument(f"timespec={timespec!r} must be one of {TIMESPECS}")
    plan = window_plan(
        0,
        0,
        notation="iso8601",
        offsets=st.just(UTC),
        within=(min_value or DEFAULT_WITHIN[0], max_value or DEFAULT_WITHIN[1]),
    )
    specs = st.just(timespec) if timespec else st.sampled_from(TIMESPECS)
    return st.tuples(st.integers(plan.lo, plan.hi), specs).map(
        lambda pair: timefmt.format_iso8601(datetime.fromtimestamp(pair[0], UTC), timespec=pair[1])
    )


@registered(
    "MongoDB-style object ids: 24 hexadecimal digits (lower case unless uppercase=True).",
    claim=lambda text: len(text) == 24 and all(c in "0123456789abcdef" for c in text),
)
def object_ids(uppercase: bool = False) -> st.SearchStrategy[str]:
    """Ids of customers, employees and extensions."""
    ids = st.binary(min_size=12, max_size=12).map(bytes.hex)
    return ids.map(str.upper) if uppercase else ids


@registered(
    "The groupingInterval values MONTH, WEEK, DAY and HOUR.",
    claim=lambda value: value in GROUPING_INTERVALS,
)
def grouping_intervals() -> st.SearchStrategy[str]:
    """How cdrstats groups its statistics."""
    return st.sampled_from(GROUPING_INTERVALS)


def _body_claim(body: Any) -> bool:
    fields = body.get("fields", list(CDRSTATS_FIELDS))
    window_ok = (
        "from" not in body
        or "to" not in body
        or (timefmt.parse_iso8601(body["from"]) < timefmt.parse_iso8601(body["to"]))
    )
    return (
        set(body) <= set(_OPTIONAL)
        and len(set(fields)) == len(fields) >= 1
        and set(fields) <= set(CDRSTATS_FIELDS)
        and ("sort" not in body or body["sort"] in fields)
        and window_ok
    )


@st.composite
def _bodies(draw: st.DrawFn, max_seconds: int | None) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, values in _OPTIONAL.items():
        if values is not None and draw(st.booleans()):
            body[name] = draw(values)
    who = draw(st.sampled_from(("all", "employee", "employees")))
    if who == "employee":
        body["employee"] = draw(object_ids())
    elif who == "employees":
        body["employees"] = draw(st.lists(object_ids(), min_size=1, max_size=5, unique=True))
    window = draw(time_windows(1, max_seconds, notation="iso8601", offsets=st.just(UTC)))
    for name, text in (("from", window.start_text), ("to", window.end_text)):
        if draw(st.booleans()):
            body[name] = text
    if draw(st.booleans()):
        fields = draw(st.lists(st.sampled_from(CDRSTATS_FIELDS), min_size=1, unique=True))
        body["fields"] = fields
        sortable = [name for name in CDRSTATS_SORT_FIELDS if name in fields]
        add_sort = draw(st.booleans())
        if sortable and add_sort:
            body["sort"] = draw(st.sampled_from(sortable))
    elif draw(st.booleans()):
        body["sort"] = draw(st.sampled_from(CDRSTATS_SORT_FIELDS))
    return body


# Body members drawn independently (None: drawn together with others in ``_bodies``).
_OPTIONAL: dict[str, st.SearchStrategy[Any] | None] = {
    "customer": object_ids(),
    "employee": None,
    "employees": None,
    "from": None,
    "to": None,
    "ignoreBelow": st.integers(0, 600),
    "ignoreLocal": st.booleans(),
    "direction": st.sampled_from(DIRECTIONS),
    "groupingInterval": grouping_intervals(),
    "fields": None,
    "sort": None,
    "format": st.sampled_from(OUTPUT_FORMATS),
}


@registered(
    "Valid POST /pbx/cdrstats bodies: documented members only, fields a subset, sort among the chosen fields.",
    claim=_body_claim,
)
def cdrstats_bodies(max_seconds: int | None = 31 * 86400) -> st.SearchStrategy[dict[str, Any]]:
    """Request bodies with any subset of the documented members; ``from`` < ``to`` at most ``max_seconds`` apart."""
    if max_seconds is not None and max_seconds < 1:
        raise InvalidArgument(f"max_seconds={max_seconds} must be at least 1")
    return _bodies(max_seconds)
