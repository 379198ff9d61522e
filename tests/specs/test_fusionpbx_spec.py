"""The normalised FusionPBX report spec: validity, operations, extensions, examples and their sums."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonpointer
import pytest
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.response.exceptions import InvalidData
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from conformance.extensions import operation_extensions, validate_extensions
from conformance.lint.loaders import load_path
from conformance.pointers import resolve
from conformance.specs import iter_operations, load_spec
from tests.specs.helpers import errata_marks, first_example, openapi_of, register_entries, schema_errors, unresolved

SPEC = "fusionpbx-report"
HOST = "https://pbx.example.com"
OPERATIONS = {
    ("get", "/v3/report/call/user"): "getUserCallReport",
    ("get", "/v2/report/extension"): "getExtensionReport",
    ("get", "/v2/report/extension/summary"): "getExtensionUserSummary",
    ("get", "/v2/report/extension/summary/day"): "getExtensionDailySummary",
    ("get", "/v2/report/agent/time"): "getAgentTimeReport",
}
OUTCOMES = ("answered", "no_answered", "busy", "busy_line", "cancel", "invalid", "not_available")
TOTAL_OUTCOMES = ("answered", "no_answered", "busy", "not_available", "cancel", "invalid")
DIRECTIONS = ("inbound", "outbound", "local")
DAY_COUNTERS = ("total_call", "total_invalid", "total_inbound", "total_outbound")
STATE_SECONDS = ("total_pause_sec", "total_wait_sec", "total_talk_sec", "total_dispo_sec")
ERRATUM_ID = re.compile(r"^FUS-[0-9]{3}$")


def extension_problems(row: dict[str, Any]) -> list[str]:
    """Where an extension row's outcomes or directions do not add up to ``total``."""
    problems = []
    if sum(row[k] for k in OUTCOMES) != row["total"]:
        problems.append(f"outcomes sum to {sum(row[k] for k in OUTCOMES)}, total {row['total']}")
    if sum(row[k] for k in DIRECTIONS) != row["total"]:
        problems.append(f"directions sum to {sum(row[k] for k in DIRECTIONS)}, total {row['total']}")
    return problems


def totals_problems(row: dict[str, Any]) -> list[str]:
    """Where a user's totals contradict each other."""
    problems = []
    outcomes = sum(row[f"total_{k}"] for k in TOTAL_OUTCOMES)
    directions = sum(row[f"total_{k}"] for k in DIRECTIONS)
    if outcomes != row["total_call"]:
        problems.append(f"outcomes sum to {outcomes}, total_call {row['total_call']}")
    if directions != row["total_call"]:
        problems.append(f"directions sum to {directions}, total_call {row['total_call']}")
    for part in ("total_billsec", "total_waitsec"):
        if row[part] > row["total_duration"]:
            problems.append(f"{part} {row[part]} > total_duration {row['total_duration']}")
    return problems


def daily_problems(row: dict[str, Any]) -> list[str]:
    """Totals problems plus per-day entries that disagree with the user's totals."""
    problems = totals_problems(row)
    for counter in DAY_COUNTERS:
        per_day = sum(day[counter] for day in row["reports"])
        if row["reports"] and per_day != row[counter]:
            problems.append(f"reports sum {counter} to {per_day}, total {row[counter]}")
    for index, day in enumerate(row["reports"]):
        if day["total_inbound"] + day["total_outbound"] > day["total_call"]:
            problems.append(f"reports[{index}]: inbound + outbound > total_call")
    return problems


def _timestamp(text: str) -> datetime:
    # "+07" and "+0700" offsets -> "+07:00" for fromisoformat
    return datetime.fromisoformat(re.sub(r"([+-][0-9]{2}):?([0-9]{2})?$", lambda m: f"{m[1]}:{m[2] or '00'}", text))


def agent_time_problems(row: dict[str, Any]) -> list[str]:
    """Where an agent's state totals do not fit between earliest_time and latest_time."""
    span = (_timestamp(row["latest_time"]) - _timestamp(row["earliest_time"])).total_seconds()
    used = sum(row[k] for k in STATE_SECONDS)
    return [f"state seconds {used} exceed the span {span:.0f}"] if used > span else []


# operationId -> the sum check of one item of its `data`
SUM_CHECKS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "getExtensionReport": extension_problems,
    "getExtensionUserSummary": totals_problems,
    "getExtensionDailySummary": daily_problems,
    "getAgentTimeReport": agent_time_problems,
}

# operationId, pointer into its example, replacement (None: delete) — each breaks the schema
BROKEN = [
    ("getUserCallReport", "/data/0/user_uuid", 12345),
    ("getUserCallReport", "/data/0/groups/0/group_weight", "3"),
    ("getExtensionReport", "/data/0/total", -1),
    ("getExtensionReport", "/code", None),
    ("getExtensionUserSummary", "/data/0/time", "2024-05-06 00:00:00"),
    ("getExtensionUserSummary", "/data/0/total_billsec", None),
    ("getExtensionDailySummary", "/data/0/reports/0/total_call", "5"),
    ("getExtensionDailySummary", "/data/0/add_date", 20240506),
    ("getAgentTimeReport", "/data/0/earliest_time", "06/05/2024 08:00:00"),
    ("getAgentTimeReport", "/data/0/total_pause_sec", 12.5),
]


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return copy.deepcopy(load_spec(SPEC))


def operations(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {op.operation_id: op.operation for op in iter_operations(doc)}


def success(doc: dict[str, Any], operation_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The 200 JSON schema of an operation and its first example value."""
    media = operations(doc)[operation_id]["responses"]["200"]["content"]["application/json"]
    return media["schema"], first_example(media)


def test_spec_is_valid_openapi_31(doc: dict[str, Any]) -> None:
    validate(doc, cls=OpenAPIV31SpecValidator)


def test_extensions_validate(doc: dict[str, Any]) -> None:
    assert validate_extensions(doc) == []


def test_exactly_the_five_documented_operations(doc: dict[str, Any]) -> None:
    found = {(op.method, op.path): op.operation_id for op in iter_operations(doc)}
    assert found == OPERATIONS


@pytest.mark.parametrize("operation_id", OPERATIONS.values())
def test_operation_is_a_read_with_an_optional_local_window(doc: dict[str, Any], operation_id: str) -> None:
    (op,) = [o for o in iter_operations(doc) if o.operation_id == operation_id]
    ext = operation_extensions(op)
    assert ext.access == "read"
    assert ext.time_window is not None
    assert (ext.time_window.notation, ext.time_window.utc_offset, ext.time_window.required) == (
        "local_datetime",
        "forbidden",
        False,
    )
    names = {doc["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]["name"] for p in op.operation["parameters"]}
    assert names == {ext.time_window.start.name, ext.time_window.end.name}
    assert {"200", "401", "4XX"} <= set(op.operation["responses"])


def test_bearer_security_and_two_step_login(doc: dict[str, Any]) -> None:
    assert doc["security"] == [{"bearer": []}]
    scheme = doc["components"]["securitySchemes"]["bearer"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    steps = doc["x-pbx-auth"]["login"]
    assert [s["path"] for s in steps] == ["/v1/auth", "/v1/auth/token"]
    assert steps[0]["save"] == {"api_key": "/data/api_key"}
    assert steps[1]["json"] == {"api_key": "{api_key}"}
    assert steps[1]["save"]["token"] == "/data/token"


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("2023-03-07 00:00:00", True),
        ("2023-03-07 23:59:59", True),
        ("2023-03-07T00:00:00Z", False),
        ("2023-03-07%2000%3A00%3A00", False),
        ("2023-03-07 00:00:00+07", False),
        ("2023-13-07 00:00:00", False),
    ],
)
def test_window_notation(doc: dict[str, Any], value: str, accepted: bool) -> None:
    schema = doc["components"]["schemas"]["LocalDateTime"]
    assert (re.fullmatch(schema["pattern"], value) is not None) is accepted


@pytest.mark.parametrize("operation_id", OPERATIONS.values())
def test_own_example_validates(doc: dict[str, Any], operation_id: str) -> None:
    schema, example = success(doc, operation_id)
    assert schema_errors(doc, schema, example) == []


@pytest.mark.parametrize(("operation_id", "pointer", "value"), BROKEN)
def test_broken_example_is_rejected(doc: dict[str, Any], operation_id: str, pointer: str, value: Any) -> None:
    schema, example = success(doc, operation_id)
    if value is None:
        parent, key = pointer.rsplit("/", 1)
        del jsonpointer.resolve_pointer(example, parent or "")[key]
    else:
        jsonpointer.set_pointer(example, pointer, value)
    assert schema_errors(doc, schema, example) != []


@pytest.mark.parametrize("operation_id", SUM_CHECKS)
def test_own_example_sums_hold(doc: dict[str, Any], operation_id: str) -> None:
    _schema, example = success(doc, operation_id)
    assert [p for row in example["data"] for p in SUM_CHECKS[operation_id](row)] == []


@pytest.mark.parametrize(
    ("operation_id", "pointer", "value"),
    [
        ("getExtensionReport", "/data/0/busy", 2),
        ("getExtensionReport", "/data/0/local", 0),
        ("getExtensionUserSummary", "/data/0/total_answered", 4),
        ("getExtensionUserSummary", "/data/0/total_waitsec", 411),
        ("getExtensionDailySummary", "/data/0/reports/1/total_outbound", 0),
        ("getExtensionDailySummary", "/data/0/reports/0/total_inbound", 3),
        ("getAgentTimeReport", "/data/0/total_pause_sec", 13000),
    ],
)
def test_sum_checks_fire_on_broken_numbers(doc: dict[str, Any], operation_id: str, pointer: str, value: int) -> None:
    _schema, example = success(doc, operation_id)
    jsonpointer.set_pointer(example, pointer, value)
    assert [p for row in example["data"] for p in SUM_CHECKS[operation_id](row)] != []


def test_own_example_round_trips_through_openapi_core(doc: dict[str, Any]) -> None:
    api = openapi_of(doc)
    request = MockRequest(
        HOST,
        "get",
        "/v2/report/extension/summary/day",
        args={"start_time": "2024-05-06 00:00:00", "end_time": "2024-05-07 23:59:59"},
        headers={"Authorization": "Bearer test"},
    )
    api.validate_request(request)
    _schema, example = success(doc, "getExtensionDailySummary")
    api.validate_response(request, MockResponse(json.dumps(example).encode(), content_type="application/json"))
    example["data"][0]["total_call"] = -8
    with pytest.raises(InvalidData):
        api.validate_response(request, MockResponse(json.dumps(example).encode(), content_type="application/json"))


def test_referenced_errata_are_registered(doc: dict[str, Any]) -> None:
    referenced = errata_marks(doc)
    assert referenced and all(ERRATUM_ID.match(i) for i in referenced)
    assert referenced <= {e["id"] for e in register_entries(SPEC)}


def vendor_examples(path: Path) -> dict[str, Any]:
    return load_path(path)[0].tree


@pytest.mark.seeds
def test_register_pointers_resolve_in_the_vendor_document(seed_path: Callable[[str], Path]) -> None:
    pointers = [entry["location"]["pointer"] for entry in register_entries(SPEC)
                if "pointer" in entry["location"] and entry["location"].get("document", "vendor") == "vendor"]
    assert unresolved(vendor_examples(seed_path(SPEC)), pointers) == []


@pytest.mark.seeds
@pytest.mark.parametrize(
    ("pointer", "check", "expect_problems"),
    [
        ("/sections/9/examples/0/value/data/8", daily_problems, True),  # FUS-001
        ("/sections/12/examples/0/value/data/0", agent_time_problems, True),  # FUS-002
        ("/sections/9/examples/0/value/data/0", daily_problems, False),
        ("/sections/6/examples/0/value/data/4", totals_problems, False),
        ("/sections/3/examples/0/value/data/0", extension_problems, False),
    ],
)
def test_sum_checks_on_the_vendor_examples(
    seed_path: Callable[[str], Path], pointer: str, check: Callable[[dict[str, Any]], list[str]], expect_problems: bool
) -> None:
    row = resolve(vendor_examples(seed_path(SPEC)), pointer)
    assert bool(check(row)) is expect_problems


# Vendor example section -> the operation whose answer it shows.
VENDOR_SECTIONS = {0: "getUserCallReport", 3: "getExtensionReport", 6: "getExtensionUserSummary",
                   9: "getExtensionDailySummary", 12: "getAgentTimeReport"}


@pytest.mark.seeds
@pytest.mark.parametrize(("section", "operation_id"), VENDOR_SECTIONS.items())
def test_the_vendor_examples_validate(seed_path: Callable[[str], Path], doc: dict[str, Any], section: int,
                                      operation_id: str) -> None:
    """The spec is no stricter than the page: every answer the vendor shows fits the schema."""
    example = resolve(vendor_examples(seed_path(SPEC)), f"/sections/{section}/examples/0/value")
    schema, _ours = success(doc, operation_id)
    assert schema_errors(doc, schema, example) == []


@pytest.mark.parametrize(("operation_id", "pointer"), [("getAgentTimeReport", "/data"),
                                                       ("getExtensionDailySummary", "/data/1/reports")])
def test_empty_lists_may_be_null(doc: dict[str, Any], operation_id: str, pointer: str) -> None:
    """The page writes empty lists as null (groups, departments); an empty report or day list may be too."""
    schema, example = success(doc, operation_id)
    jsonpointer.set_pointer(example, pointer, None)
    assert schema_errors(doc, schema, example) == []
