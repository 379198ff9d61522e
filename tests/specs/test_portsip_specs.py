"""The normalised PortSIP specs: OpenAPI 3.1, every vendor operation, extensions and error bodies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

from conformance.errata import errata_path, load_errata
from conformance.extensions import validate_extensions
from conformance.normalise.markdown import merge_raw, parse_fragments
from conformance.refs import resolve_ref
from conformance.specs import load_spec
from tests.specs.helpers import errata_marks, unresolved

# operationId -> (method, path), as in the vendor documents.
OPERATIONS: dict[str, dict[str, tuple[str, str]]] = {
    "portsip-dataflow": {
        "getQueueKpiSummary": ("post", "/dataflow/queues/summary"),
        "getQueueTimeseries": ("post", "/dataflow/queues/timeseries"),
        "getAgentQueueSummary": ("post", "/dataflow/queues/agent/summary"),
        "getAgentQueueTimeseries": ("post", "/dataflow/queues/agent/timeseries"),
        "getCallsTimeseries": ("post", "/dataflow/analytics/calls/timeseries"),
        "getCallsHistory": ("post", "/dataflow/analytics/calls/history"),
        "getCallsUserHistory": ("post", "/dataflow/analytics/calls/user/history"),
        "getCallsHistoryBySessionId": ("post", "/dataflow/analytics/calls/history/{session_id}"),
        "getUserCallHistoryBySessionId": ("post", "/dataflow/analytics/calls/user/history/{session_id}"),
        "getReportList": ("get", "/dataflow/report_jobs"),
        "createReport": ("post", "/dataflow/report_jobs"),
        "getReportJobById": ("get", "/dataflow/report_jobs/{id}"),
        "updateReport": ("post", "/dataflow/report_jobs/{id}"),
        "destroyReportJob": ("post", "/dataflow/report_jobs/{id}/destroy"),
        "listReportLog": ("get", "/dataflow/report_list"),
        "deleteReportLog": ("post", "/dataflow/report_list/{id}/destroy"),
    },
    "portsip-cdr": {
        "listCDRs": ("get", "/cdrs"),
        "retrieveCDR": ("get", "/cdrs/{id}"),
        "listCallLogs": ("get", "/calllogs"),
        "retrieveCallLog": ("get", "/calllogs/{id}"),
        "listCallReports": ("get", "/call_reports"),
        "createCallReport": ("post", "/call_reports"),
        "getCallReportDetails": ("get", "/call_reports/{id}"),
        "updateCallReport": ("post", "/call_reports/{id}"),
        "deleteCallReport": ("post", "/call_reports/{id}/destroy"),
        "listCompletedCallReports": ("get", "/completed_call_reports"),
        "getCompletedCallReportDetails": ("get", "/completed_call_reports/{id}"),
        "deleteCompletedCallReport": ("post", "/completed_call_reports/{id}/destroy"),
    },
}
SPECS = tuple(OPERATIONS)
REF_SIBLINGS_ALLOWED = {"$ref", "description", "summary"}


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                yield method, path, op


def ref_siblings(node: Any, pointer: str = "") -> list[str]:
    """Pointers of ``$ref`` objects that carry keywords besides description/summary."""
    found: list[str] = []
    if isinstance(node, dict):
        if "$ref" in node and set(node) - REF_SIBLINGS_ALLOWED:
            found.append(pointer)
        for key, value in node.items():
            found.extend(ref_siblings(value, f"{pointer}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(ref_siblings(value, f"{pointer}/{index}"))
    return found


def error_responses_without_error_schema(doc: dict[str, Any]) -> list[str]:
    """operationId/status of 4XX responses whose JSON schema is not the Error schema."""
    bad = []
    for _method, _path, op in operations(doc):
        for status, response in op["responses"].items():
            if not str(status).startswith("4"):
                continue
            schema = resolve_ref(doc, response).get("content", {}).get("application/json", {}).get("schema")
            if schema != {"$ref": "#/components/schemas/Error"}:
                bad.append(f"{op['operationId']}/{status}")
    return bad


def undescribed_properties(node: Any, pointer: str = "", skip: bool = False) -> list[str]:
    """Pointers of properties without a description (conditional subschemas excepted)."""
    found: list[str] = []
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items() if not skip else ():
            if isinstance(sub, dict) and "description" not in sub:
                found.append(f"{pointer}/properties/{name}")
        for key, value in node.items():
            inner = skip or key in ("if", "then", "else", "not", "anyOf", "oneOf")
            found.extend(undescribed_properties(value, f"{pointer}/{key}", inner))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(undescribed_properties(value, f"{pointer}/{index}", skip))
    return found


@pytest.fixture(params=SPECS)
def spec(request) -> tuple[str, dict[str, Any]]:
    return request.param, load_spec(request.param)


def test_valid_openapi_31(spec):
    validate(spec[1], cls=OpenAPIV31SpecValidator)


def test_every_vendor_operation_is_kept(spec):
    name, doc = spec
    found = {op["operationId"]: (method, path) for method, path, op in operations(doc)}
    assert found == OPERATIONS[name]


def test_every_operation_says_read_or_write(spec):
    assert {op["operationId"]: op.get("x-pbx-access") in ("read", "write") for _m, _p, op in operations(spec[1])} \
        == dict.fromkeys(OPERATIONS[spec[0]], True)


def test_reads_and_creates_answer_with_a_schema(spec):
    doc = spec[1]
    for _method, _path, op in operations(doc):
        successes = {s: resolve_ref(doc, r) for s, r in op["responses"].items() if str(s).startswith("2")}
        assert successes, op["operationId"]
        lifecycle = op.get("x-pbx-lifecycle", {}).get("action")
        if op["x-pbx-access"] == "read" or lifecycle == "create":
            for status, response in successes.items():
                assert response["content"]["application/json"]["schema"], (op["operationId"], status)


def test_extensions_validate(spec):
    assert validate_extensions(spec[1]) == []


def test_no_ref_carries_siblings(spec):
    assert ref_siblings(spec[1]) == []


def test_every_4xx_has_the_error_schema(spec):
    assert error_responses_without_error_schema(spec[1]) == []


def test_every_property_has_our_description(spec):
    assert undescribed_properties(spec[1]) == []


def test_creates_link_to_get_update_and_destroy(spec):
    doc = spec[1]
    by_id = {op["operationId"]: op for _m, _p, op in operations(doc)}
    for op in by_id.values():
        if op.get("x-pbx-lifecycle", {}).get("action") != "create":
            continue
        resource = op["x-pbx-lifecycle"]["resource"]
        for status, response in op["responses"].items():
            if not str(status).startswith("2"):
                continue
            actions = {by_id[link["operationId"]]["x-pbx-lifecycle"]["action"]
                       for link in response["links"].values()
                       if by_id[link["operationId"]]["x-pbx-lifecycle"]["resource"] == resource}
            assert actions == {"get", "update", "destroy"}, (op["operationId"], status)


def test_errata_marks_exist_in_the_register(spec):
    known = {e.id for e in load_errata(str(errata_path()))}
    assert sorted(errata_marks(spec[1]) - known) == []


@pytest.mark.seeds
@pytest.mark.parametrize("name", SPECS)
def test_errata_pointers_resolve_in_the_vendor_document(seed_path, name):
    raw = merge_raw(parse_fragments(seed_path(name).read_text(encoding="utf-8")))
    pointers = [e.pointer for e in load_errata(str(errata_path()))
                if e.spec == name and e.pointer and e.document == "vendor"]
    assert unresolved(raw, pointers) == []


# The helpers above must fire on faults, or the tests using them prove nothing.

def test_ref_siblings_fires_on_a_ref_with_a_sibling():
    assert ref_siblings({"a": {"$ref": "#/x", "description": "ok"}, "b": {"$ref": "#/x", "type": "string"}}) == ["/b"]


def test_errata_marks_collects_nested_lists():
    marks = errata_marks({"x-pbx-errata": ["PSD-001"], "p": [{"x-pbx-errata": ["PSC-002"]}]})
    assert marks == {"PSD-001", "PSC-002"}


def test_error_schema_check_fires_on_a_bare_4xx():
    doc = {"paths": {"/x": {"get": {"operationId": "op", "responses": {
        "4XX": {"description": "e"}, "400": {"$ref": "#/components/responses/Error"}}}}},
        "components": {"responses": {"Error": {"description": "e", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Error"}}}}}}}
    assert error_responses_without_error_schema(doc) == ["op/4XX"]


def test_undescribed_properties_fires_outside_conditionals_only():
    schema = {"properties": {"a": {"type": "string"}, "b": {"type": "string", "description": "b"}},
              "anyOf": [{"properties": {"t": {"const": "X"}}}]}
    assert undescribed_properties(schema) == ["/properties/a"]
