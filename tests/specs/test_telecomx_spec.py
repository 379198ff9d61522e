"""The normalised TelecomX cdrstats spec: validity, the operation, extensions, examples and their sums."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jsonpointer
import pytest
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.response.exceptions import InvalidData
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from conformance.extensions import operation_extensions, validate_extensions
from conformance.lint.loaders import load_path
from conformance.specs import iter_operations, load_spec
from tests.specs.helpers import errata_marks, first_example, openapi_of, register_entries, schema_errors, unresolved

SPEC = "telecomx-cdrstats"
HOST = "https://api.telecomx.dk"
PATH = "/pbx/cdrstats"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRATUM_ID = re.compile(r"^TCX-[0-9]{3}$")
# request parameter -> (enum, default) from the vendor table
ENUMS: dict[str, tuple[list[str], str | None]] = {
    "direction": (["IN", "OUT", "BOTH"], "BOTH"),
    "groupingInterval": (["MONTH", "WEEK", "DAY", "HOUR"], "DAY"),
    "sort": (["employeeName", "extensionNumber"], None),
    "format": (["JSON", "CSV", "EXCEL"], "JSON"),
}


def bucket_problems(bucket: dict[str, int]) -> list[str]:
    """Where one bucket's counters contradict each other (nested reading of TCX-001)."""
    problems = []
    for direction, part in (("outbound", "Failed"), ("inbound", "Busy")):
        calls, answered, unanswered = (bucket[f"{direction}{k}"] for k in ("Calls", "Answered", "Unanswered"))
        if answered + unanswered != calls:
            problems.append(f"{direction}: answered {answered} + unanswered {unanswered} != calls {calls}")
        if bucket[f"{direction}{part}"] > unanswered:
            problems.append(f"{direction}{part} {bucket[f'{direction}{part}']} > unanswered {unanswered}")
        if answered == 0 and bucket[f"{direction}Seconds"] > 0:
            problems.append(f"{direction}Seconds {bucket[f'{direction}Seconds']} without an answered call")
    return problems


def answer_problems(answer: list[dict[str, Any]]) -> list[str]:
    return [
        f"{e.get('employeeName')} {key}: {p}"
        for e in answer
        for key, b in e["data"].items()
        for p in bucket_problems(b)
    ]


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return copy.deepcopy(load_spec(SPEC))


@pytest.fixture(scope="module")
def operation(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"][PATH]["post"]


def example_answer(operation: dict[str, Any]) -> list[dict[str, Any]]:
    return first_example(operation["responses"]["200"]["content"]["application/json"])


def example_query(operation: dict[str, Any]) -> dict[str, Any]:
    return first_example(operation["requestBody"]["content"]["application/json"])


def answer_schema(operation: dict[str, Any]) -> dict[str, Any]:
    return dict(operation["responses"]["200"]["content"]["application/json"]["schema"])


def query_schema(doc: dict[str, Any]) -> dict[str, Any]:
    return dict(doc["components"]["schemas"]["CdrStatsQuery"])


def test_spec_is_valid_openapi_31(doc: dict[str, Any]) -> None:
    validate(doc, cls=OpenAPIV31SpecValidator)


def test_extensions_validate(doc: dict[str, Any]) -> None:
    assert validate_extensions(doc) == []


def test_exactly_one_read_only_post(doc: dict[str, Any]) -> None:
    ops = list(iter_operations(doc))
    assert [(o.method, o.path, o.operation_id) for o in ops] == [("post", PATH, "getCdrStats")]
    assert operation_extensions(ops[0]).access == "read"
    assert doc["servers"][0]["url"] == HOST


def test_token_travels_as_query_parameter(doc: dict[str, Any]) -> None:
    assert doc["security"] == [{"token": []}]
    scheme = doc["components"]["securitySchemes"]["token"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "query", "token")
    assert doc["x-pbx-auth"]["login"][0]["path"] == "/auth/login"
    assert doc["x-pbx-errors"]["unauthenticated"] == ["401", "403"]


@pytest.mark.parametrize("name", ENUMS)
def test_documented_enums_and_defaults(doc: dict[str, Any], name: str) -> None:
    prop = query_schema(doc)["properties"][name]
    values, default = ENUMS[name]
    assert prop["enum"] == values
    assert prop.get("default") == default


def test_timeseries_and_media_types_follow_the_parameters(doc: dict[str, Any], operation: dict[str, Any]) -> None:
    properties = query_schema(doc)["properties"]
    series = operation["x-pbx-timeseries"]["step"]["by_param"]
    assert series["field"] == {"in": "body", "name": "groupingInterval"}
    assert set(series["seconds"]) == set(properties["groupingInterval"]["enum"])
    assert series["default"] == properties["groupingInterval"]["default"]
    media = operation["x-pbx-media-types"]
    assert set(media["values"]) == set(properties["format"]["enum"])
    assert set(media["values"].values()) <= set(operation["responses"]["200"]["content"])
    window = operation["x-pbx-time-window"]
    assert (window["start"]["name"], window["end"]["name"], window["notation"], window["required"]) == (
        "from",
        "to",
        "iso8601",
        False,
    )


def test_own_query_example_validates(doc: dict[str, Any], operation: dict[str, Any]) -> None:
    assert schema_errors(doc, query_schema(doc), example_query(operation)) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("from", "2020-01-01-T00:00:00.000Z"),  # TCX-004
        ("customer", "12345"),
        ("employees", "12345678901234567890AAAA"),
        ("direction", "INBOUND"),
        ("groupingInterval", "YEAR"),
        ("fields", ["employeeName", "callerName"]),
        ("ignoreBelow", -1),
        ("format", "XML"),
    ],
)
def test_broken_query_is_rejected(doc: dict[str, Any], operation: dict[str, Any], name: str, value: Any) -> None:
    query = {**example_query(operation), name: value}
    assert schema_errors(doc, query_schema(doc), query) != []


def test_own_answer_example_validates(doc: dict[str, Any], operation: dict[str, Any]) -> None:
    assert schema_errors(doc, answer_schema(operation), example_answer(operation)) == []


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        ("/0/data/6/outboundCalls", -1),
        ("/0/data/6/inboundSeconds", "3120"),
        ("/0/data/6", 12),  # a bucket typed Number, as the vendor table has it (TCX-006)
        ("/1/employeeId", "5450f1834b75ff21032563a"),
        ("/1/data", [1, 2]),
    ],
)
def test_broken_answer_is_rejected(doc: dict[str, Any], operation: dict[str, Any], pointer: str, value: Any) -> None:
    answer = example_answer(operation)
    jsonpointer.set_pointer(answer, pointer, value)
    assert schema_errors(doc, answer_schema(operation), answer) != []


@pytest.mark.parametrize("key", ["2024-05-06T00:00:00.000Z", "2024-05-06", "06", "Monday 6 May"])
def test_any_bucket_key_spelling_is_admitted(doc: dict[str, Any], operation: dict[str, Any], key: str) -> None:
    """TCX-011: the page says only "a month, a week number, a day or an hour"; the checks read the keys."""
    answer = example_answer(operation)
    answer[0]["data"][key] = answer[0]["data"].pop("6")
    assert schema_errors(doc, answer_schema(operation), answer) == []


def test_unset_extension_and_fractional_seconds_are_admitted(doc: dict[str, Any], operation: dict[str, Any]) -> None:
    answer = example_answer(operation)
    answer[0]["extensionId"] = answer[0]["extensionNumber"] = None
    answer[0]["data"]["6"]["inboundSeconds"] = 3120.5
    assert schema_errors(doc, answer_schema(operation), answer) == []


def test_own_answer_sums_hold(operation: dict[str, Any]) -> None:
    assert answer_problems(example_answer(operation)) == []


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        ("/0/data/6/outboundUnanswered", 2),
        ("/0/data/6/outboundFailed", 4),
        ("/1/data/6/inboundAnswered", 9),
        ("/1/data/7/outboundSeconds", 30),
    ],
)
def test_sum_checks_fire_on_broken_numbers(operation: dict[str, Any], pointer: str, value: int) -> None:
    answer = example_answer(operation)
    jsonpointer.set_pointer(answer, pointer, value)
    assert answer_problems(answer) != []


def test_own_answer_keys_are_the_days_of_the_query_window(operation: dict[str, Any]) -> None:
    query = example_query(operation)
    assert query["groupingInterval"] == "DAY"
    start, end = (datetime.fromisoformat(query[k]).date() for k in ("from", "to"))
    days = {str((start + timedelta(days=n)).day) for n in range((end - start).days + 1)}
    for employee in example_answer(operation):
        assert set(employee["data"]) <= days


def test_own_examples_round_trip_through_openapi_core(doc: dict[str, Any], operation: dict[str, Any]) -> None:
    api = openapi_of(doc)
    request = MockRequest(
        HOST,
        "post",
        PATH,
        args={"token": "test"},
        data=json.dumps(example_query(operation)).encode(),
        content_type="application/json",
    )
    api.validate_request(request)
    answer = example_answer(operation)
    api.validate_response(request, MockResponse(json.dumps(answer).encode(), content_type="application/json"))
    api.validate_response(request, MockResponse(b"employeeName;6\r\nAlice Jensen;12\r\n", content_type="text/csv"))
    api.validate_response(request, MockResponse(b"PK\x03\x04", content_type=XLSX))
    # TCX-013: the body of a refusal is undocumented, so any shape validates
    api.validate_response(request, MockResponse(b'{"error": "from"}', status_code=422, content_type="application/json"))
    api.validate_response(request, MockResponse(b"access_denied", status_code=403, content_type="text/plain"))
    answer[0]["data"]["6"]["inboundCalls"] = -1
    with pytest.raises(InvalidData):
        api.validate_response(request, MockResponse(json.dumps(answer).encode(), content_type="application/json"))


def test_referenced_errata_are_registered(doc: dict[str, Any]) -> None:
    referenced = errata_marks(doc)
    assert referenced and all(ERRATUM_ID.match(i) for i in referenced)
    assert referenced <= {e["id"] for e in register_entries(SPEC)}


def vendor_answer(path: Path) -> list[dict[str, Any]]:
    return list(load_path(path)[0].tree["sections"][0]["examples"][1]["value"])


@pytest.mark.seeds
def test_register_pointers_resolve_in_the_vendor_document(seed_path: Callable[[str], Path]) -> None:
    pointers = [entry["location"]["pointer"] for entry in register_entries(SPEC)
                if "pointer" in entry["location"] and entry["location"].get("document", "vendor") == "vendor"]
    assert unresolved(load_path(seed_path(SPEC))[0].tree, pointers) == []


@pytest.mark.seeds
def test_vendor_example_fails_only_the_inbound_sums(seed_path: Callable[[str], Path]) -> None:
    """TCX-002 fires in all nine buckets; outbound fits the nested reading, Benny's week 49 included (TCX-001)."""
    problems = answer_problems(vendor_answer(seed_path(SPEC)))
    assert len([p for p in problems if ": inbound: answered" in p]) == 9
    assert [p for p in problems if "outbound" in p] == []


@pytest.mark.seeds
def test_the_vendor_example_validates(seed_path: Callable[[str], Path], doc: dict[str, Any],
                                      operation: dict[str, Any]) -> None:
    """The spec is no stricter than the page: the answer it shows fits the schema (week-number keys included)."""
    assert schema_errors(doc, answer_schema(operation), vendor_answer(seed_path(SPEC))) == []
