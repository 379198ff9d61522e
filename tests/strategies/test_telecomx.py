"""strategies.telecomx: ISO 8601 texts, object ids, grouping intervals and cdrstats bodies."""

from __future__ import annotations

from datetime import UTC, datetime

import jsonschema
import pytest
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from conformance.specs import load_spec
from conformance.vendors.telecomx import fields as telecomx_fields
from strategies import cdrstats_bodies, grouping_intervals, iso_datetimes, object_ids
from strategies.telecomx import CDRSTATS_FIELDS
from tests.strategies.debug import assert_all_examples, find_any

OBJECT_ID = {"type": "string", "pattern": "^[0-9a-fA-F]{24}$"}
# The request members of POST /pbx/cdrstats as documented (fields as an array, as in the vendor example).
CDRSTATS_BODY = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "customer": OBJECT_ID,
        "employee": OBJECT_ID,
        "employees": {"type": "array", "items": OBJECT_ID},
        "from": {"type": "string"},
        "to": {"type": "string"},
        "ignoreBelow": {"type": "number", "minimum": 0},
        "ignoreLocal": {"type": "boolean"},
        "direction": {"enum": ["IN", "OUT", "BOTH"]},
        "groupingInterval": {"enum": ["MONTH", "WEEK", "DAY", "HOUR"]},
        "fields": {"type": "array", "items": {"enum": list(CDRSTATS_FIELDS)}, "minItems": 1, "uniqueItems": True},
        "sort": {"enum": ["employeeName", "extensionNumber"]},
        "format": {"enum": ["JSON", "CSV", "EXCEL"]},
    },
}


def test_iso_datetimes_are_utc_with_z():
    low, high = datetime(2016, 1, 1, tzinfo=UTC), datetime(2016, 12, 31, tzinfo=UTC)

    def ok(text: str) -> bool:
        return text.endswith("Z") and low <= timefmt.parse_iso8601(text) <= high

    assert_all_examples(iso_datetimes(low, high), ok)
    find_any(iso_datetimes(), lambda text: text.endswith(".000Z"))
    find_any(iso_datetimes(), lambda text: len(text) == len("2016-01-01T00:00:00Z"))
    with pytest.raises(InvalidArgument, match="timespec"):
        iso_datetimes(timespec="hours")


def test_object_ids_are_24_hex_digits():
    assert_all_examples(
        object_ids(), lambda text: jsonschema.Draft202012Validator(OBJECT_ID).is_valid(text) and text == text.lower()
    )
    assert_all_examples(object_ids(uppercase=True), lambda text: len(text) == 24 and text == text.upper())


def test_grouping_intervals_reach_all_four():
    for value in ("MONTH", "WEEK", "DAY", "HOUR"):
        find_any(grouping_intervals(), lambda v, value=value: v == value)


def test_cdrstats_bodies_are_valid_requests():
    def ok(body: dict) -> bool:
        chosen = body.get("fields", CDRSTATS_FIELDS)
        in_order = (
            "from" not in body
            or "to" not in body
            or (timefmt.parse_iso8601(body["from"]) < timefmt.parse_iso8601(body["to"]))
        )
        return (
            jsonschema.Draft202012Validator(CDRSTATS_BODY).is_valid(body)
            and ("sort" not in body or body["sort"] in chosen)
            and in_order
        )

    assert_all_examples(cdrstats_bodies(), ok, examples=100)


def test_cdrstats_bodies_reach_interesting_shapes():
    find_any(cdrstats_bodies(), lambda b: "sort" in b and "fields" in b)
    find_any(cdrstats_bodies(), lambda b: "from" in b and "to" in b)
    find_any(cdrstats_bodies(), lambda b: b == {})
    find_any(cdrstats_bodies(), lambda b: len(b.get("employees", [])) > 1)
    with pytest.raises(InvalidArgument):
        cdrstats_bodies(max_seconds=0)


def test_field_names_are_the_specs():
    schemas = load_spec("telecomx-cdrstats")["components"]["schemas"]
    assert list(CDRSTATS_FIELDS) == schemas["StatField"]["enum"]
    assert list(telecomx_fields.COUNTERS) == list(schemas["IntervalStats"]["properties"])
    assert list(telecomx_fields.IDENTITY) == [k for k in schemas["EmployeeStats"]["properties"] if k != "data"]
