"""The normalised Yeastar call report spec: validity, report-type variants, generation, responses."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.response.exceptions import InvalidData
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from conformance.extensions import operation_extensions, validate_extensions
from conformance.refs import resolve_ref
from conformance.specs import iter_operations, load_spec
from tests.specs.helpers import openapi_of

SPEC = "yeastar-call-report"
REPORT_PATH = "/openapi/v1.0/call_report/download"
HOST = "https://pbx.example.com:8088"
WINDOW = ("start_time", "end_time")

# Report type -> (parameters it requires besides `type`, parameters it accepts optionally),
# read from the vendor table column by column (Available / Required).
REPORT_TYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "extcallstatistics": (("ext_id_list",), (*WINDOW, "communication_type", "is_async")),
    "extcallactivity": (("time", "ext_id_list"), ("communication_type", "is_async")),
    "trunkactivity": (("time", "trunk_id_list"), ("include_internal", "communication_type", "is_async")),
    "trunkdiddodactivity": (("time", "trunk_id"), ("communication_type", "is_async")),
    "ivr": (("ivr_id_list",), (*WINDOW, "need_detail", "is_async")),
    "queueavgwaittalktime": (("time", "queue_id_list"), ("is_async",)),
    "queueperformance": (("queue_id_list",), (*WINDOW, "abandon_time", "talk_time", "need_detail", "is_async")),
    "queueperformanceactivity": (("time", "queue_id_list"), ("abandon_time", "need_detail", "is_async")),
    "queuecallbackssummary": (("queue_id_list",), (*WINDOW, "is_async")),
    "queuecallbacksactivity": (("queue_id_list",), (*WINDOW, "callback_result", "is_async")),
    "queuesatisfaction": (("queue_id",), (*WINDOW, "is_async")),
    "queuesatisfactiondetail": (("queue_id",), (*WINDOW, "agent_id_list", "is_async")),
    "queueagentlogintime": (("queue_id",), (*WINDOW, "agent_id_list", "is_async")),
    "queueagentpausetime": (("queue_id",), (*WINDOW, "agent_id_list", "reason", "is_async")),
    "queueagentmisscalls": (("queue_id",), (*WINDOW, "agent_id_list", "abandon_time", "is_async")),
    "queueagentperformance": (("queue_id",), (*WINDOW, "agent_id_list", "abandon_time", "need_detail", "is_async")),
    "queueagentinoutcalls": (("queue_id",), (*WINDOW, "agent_id_list", "is_async")),
    "ringgroupstatistics": (("ring_group_id_list",), (*WINDOW, "is_async")),
    "extcallbilling": (("trunk_id_list",), (*WINDOW, "ext_id_list", "is_async")),
    "extcallbillingdetails": (("trunk_id_list",), (*WINDOW, "ext_id_list", "is_async")),
}

READY = {
    "errcode": 0,
    "errmsg": "SUCCESS",
    "file": "QueueSatisfaction-download-20220608094753-ejP6Z6htIfhsCQbP.csv",
    "download_resource_url": "/api/download/QueueSatisfaction-download-20220608094753-ejP6Z6htIfhsCQbP.csv",
}
PENDING = {"errcode": 2, "errmsg": "PROCESSING"}
REFUSED = {"errcode": 40002, "errmsg": "PARAMETER ERROR", "invalid_param_list": [{"field": "queue_id", "value": "x"}]}
MALFORMED = {
    "ready without file": {"errcode": 0, "errmsg": "SUCCESS"},
    "pending with success message": {"errcode": 2, "errmsg": "SUCCESS"},
    "no errcode": {"errmsg": "FAILURE"},
    "errcode as text": {"errcode": "40002", "errmsg": "PARAMETER ERROR"},
}
# Answers the document allows though the spec's first reading differs (it must not be stricter than the vendor).
ALLOWED = {
    "url outside the download path": {**READY, "download_resource_url": "/files/report.csv"},
    "url without a leading slash": {**READY, "download_resource_url": READY["download_resource_url"][1:]},
    "pending naming the file": {**PENDING, "file": READY["file"], "download_resource_url": "/api/download/x.csv"},
    "extra envelope field": {**READY, "request_id": "7f3a"},
}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return copy.deepcopy(load_spec(SPEC))


@pytest.fixture(scope="module")
def openapi(doc: dict[str, Any]) -> OpenAPI:
    return openapi_of(doc)


def report_variants(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Report type -> its request schema, from the oneOf of the report query parameter."""
    operation = doc["paths"][REPORT_PATH]["get"]
    (parameter,) = operation["parameters"]
    query = resolve_ref(doc, parameter["schema"])
    variants = [resolve_ref(doc, ref) for ref in query["oneOf"]]
    return {v["properties"]["type"]["const"]: v for v in variants}


def variant_problems(doc: dict[str, Any], report_type: str) -> list[str]:
    """How the spec's variant for ``report_type`` differs from REPORT_TYPES."""
    required, optional = REPORT_TYPES[report_type]
    variant = report_variants(doc).get(report_type)
    if variant is None:
        return [f"{report_type}: no variant"]
    problems = []
    if set(variant.get("required", ())) != {"type", *required}:
        problems.append(f"{report_type}: required {sorted(variant.get('required', ()))}")
    if set(variant["properties"]) != {"type", *required, *optional}:
        problems.append(f"{report_type}: properties {sorted(variant['properties'])}")
    if variant.get("additionalProperties") is not False:
        problems.append(f"{report_type}: accepts parameters outside its set")
    return problems


def pattern(doc: dict[str, Any], name: str) -> re.Pattern[str]:
    return re.compile(doc["components"]["schemas"][name]["pattern"])


def test_spec_is_valid_openapi_31(doc: dict[str, Any]) -> None:
    validate(doc, cls=OpenAPIV31SpecValidator)


def test_exactly_the_two_read_operations(doc: dict[str, Any]) -> None:
    operations = {op.operation_id: op for op in iter_operations(doc)}
    assert set(operations) == {"downloadCallReport", "downloadReportFile"}
    assert operations["downloadCallReport"].label == f"GET {REPORT_PATH}"
    assert operations["downloadReportFile"].label == "GET /api/download/{file}"
    assert all(operation_extensions(op).access == "read" for op in operations.values())


def test_extensions_validate(doc: dict[str, Any]) -> None:
    assert validate_extensions(doc) == []


def test_time_window_and_async_extensions(doc: dict[str, Any]) -> None:
    operation = doc["paths"][REPORT_PATH]["get"]
    window = operation_extensions(next(op for op in iter_operations(doc) if op.path == REPORT_PATH)).time_window
    assert window is not None
    assert (window.start.name, window.end.name, window.notation) == ("start_time", "end_time", "display_datetime")
    assert (window.utc_offset, window.required) == ("forbidden", False)
    assert operation["x-pbx-async"]["field"] == {"in": "query", "name": "is_async"}


def test_twenty_variants_with_distinct_types(doc: dict[str, Any]) -> None:
    operation = doc["paths"][REPORT_PATH]["get"]
    consts = [
        resolve_ref(doc, ref)["properties"]["type"]["const"]
        for ref in resolve_ref(doc, operation["parameters"][0]["schema"])["oneOf"]
    ]
    assert len(consts) == 20
    assert set(consts) == set(REPORT_TYPES)


@pytest.mark.parametrize("report_type", sorted(REPORT_TYPES))
def test_variant_matches_vendor_table(doc: dict[str, Any], report_type: str) -> None:
    assert variant_problems(doc, report_type) == []


def test_variant_check_fires_on_a_wrong_required_set(doc: dict[str, Any]) -> None:
    broken = copy.deepcopy(doc)
    broken["components"]["schemas"]["QueueSatisfactionQuery"]["required"] = ["type"]
    assert variant_problems(broken, "queuesatisfaction") == ["queuesatisfaction: required ['type']"]


def test_variant_check_fires_on_an_extra_parameter(doc: dict[str, Any]) -> None:
    broken = copy.deepcopy(doc)
    broken["components"]["schemas"]["IvrQuery"]["properties"]["time"] = {"type": "string"}
    assert variant_problems(broken, "ivr") != []


@pytest.mark.parametrize(
    "value",
    [
        "04/01/2022 00:00:00",
        "05/31/2022 23:59:59",
        "31/05/2022 23:59:59",
        "2022/05/31 11:59:59 PM",
        "2022/04/01 12:00:00 AM",
        "2022/05/31 23:59:59",
    ],
)
def test_display_datetime_accepts_documented_orders(doc: dict[str, Any], value: str) -> None:
    assert pattern(doc, "DisplayDateTime").search(value)


@pytest.mark.parametrize(
    "value",
    [
        "2022-05-31T23:59:59Z",
        "2022-05-31 23:59:59",
        "05/31/2022",
        "05/31/2022 24:00:00",
        "2022/05/31 13:00:00 PM",
        "13/13/2022 00:00:00",
        "05/31/2022 23:59:59+08:00",
        "garbage",
    ],
)
def test_display_datetime_refuses_other_notations(doc: dict[str, Any], value: str) -> None:
    assert not pattern(doc, "DisplayDateTime").search(value)


@pytest.mark.parametrize("value", ["2022/05/31", "05/31/2022", "31/05/2022", "2022/05", "05/2022", "2022"])
def test_display_period_accepts_day_month_and_year(doc: dict[str, Any], value: str) -> None:
    assert pattern(doc, "DisplayPeriod").search(value)


@pytest.mark.parametrize("value", ["2022-05", "22", "2022/13", "2022/05/32", "05/31/2022 00:00:00", "May 2022"])
def test_display_period_refuses_other_notations(doc: dict[str, Any], value: str) -> None:
    assert not pattern(doc, "DisplayPeriod").search(value)


def test_generated_requests_carry_type_and_its_required_parameters(doc: dict[str, Any]) -> None:
    operation = schemathesis.openapi.from_dict(copy.deepcopy(doc))[REPORT_PATH]["GET"]
    datetime_pattern, period_pattern = pattern(doc, "DisplayDateTime"), pattern(doc, "DisplayPeriod")
    seen: set[str] = set()

    @given(operation.as_strategy())
    @settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        query = {k: v for k, v in case.query.items() if k != "access_token"}
        assert query["type"] in REPORT_TYPES
        required, optional = REPORT_TYPES[query["type"]]
        assert set(required) <= set(query) <= {"type", *required, *optional}
        assert all(datetime_pattern.search(query[name]) for name in WINDOW if name in query)
        assert "time" not in query or period_pattern.search(query["time"])
        seen.add(query["type"])

    check()
    assert len(seen) > 1


@pytest.mark.parametrize("body", [READY, PENDING, REFUSED], ids=["ready", "pending", "refused"])
def test_each_envelope_kind_validates(openapi: OpenAPI, body: dict[str, Any]) -> None:
    request = MockRequest(HOST, "get", REPORT_PATH, args={"type": "queuesatisfaction", "queue_id": "1"})
    openapi.validate_response(request, MockResponse(json.dumps(body).encode(), content_type="application/json"))


@pytest.mark.parametrize("body", list(MALFORMED.values()), ids=list(MALFORMED))
def test_malformed_envelope_is_refused(openapi: OpenAPI, body: dict[str, Any]) -> None:
    request = MockRequest(HOST, "get", REPORT_PATH, args={"type": "queuesatisfaction", "queue_id": "1"})
    with pytest.raises(InvalidData):
        openapi.validate_response(request, MockResponse(json.dumps(body).encode(), content_type="application/json"))


@pytest.mark.parametrize("body", list(ALLOWED.values()), ids=list(ALLOWED))
def test_answers_the_document_allows_validate(openapi: OpenAPI, body: dict[str, Any]) -> None:
    request = MockRequest(HOST, "get", REPORT_PATH, args={"type": "queuesatisfaction", "queue_id": "1"})
    openapi.validate_response(request, MockResponse(json.dumps(body).encode(), content_type="application/json"))


@pytest.mark.parametrize("status", [400, 401, 422])
def test_refusals_may_come_with_a_4xx_status(openapi: OpenAPI, status: int) -> None:
    request = MockRequest(HOST, "get", REPORT_PATH, args={"type": "queuesatisfaction"})
    refused = MockResponse(json.dumps(REFUSED).encode(), status_code=status, content_type="application/json")
    openapi.validate_response(request, refused)
    with pytest.raises(InvalidData):
        openapi.validate_response(request, MockResponse(json.dumps(READY).encode(), status_code=status,
                                                        content_type="application/json"))


def matching_envelopes(doc: dict[str, Any], body: dict[str, Any]) -> list[str]:
    """Names of the response variants of downloadCallReport that ``body`` satisfies."""
    variants = doc["components"]["schemas"]["CallReportAnswer"]["oneOf"]
    names = [ref["$ref"].rsplit("/", 1)[-1] for ref in variants]
    return [
        name
        for name in names
        if jsonschema.Draft202012Validator(
            {**resolve_ref(doc, {"$ref": f"#/components/schemas/{name}"}), "components": doc["components"]}
        ).is_valid(body)
    ]


@pytest.mark.parametrize(
    ("body", "variant"),
    [(READY, "ReportReady"), (PENDING, "ReportPending"), (REFUSED, "ErrorEnvelope")],
    ids=["ready", "pending", "refused"],
)
def test_envelope_variants_are_disjoint(doc: dict[str, Any], body: dict[str, Any], variant: str) -> None:
    assert matching_envelopes(doc, body) == [variant]


def test_disjointness_check_fires_when_error_envelope_admits_pending(doc: dict[str, Any]) -> None:
    broken = copy.deepcopy(doc)
    del broken["components"]["schemas"]["ErrorEnvelope"]["properties"]["errcode"]["not"]
    assert matching_envelopes(broken, PENDING) == ["ReportPending", "ErrorEnvelope"]


def test_report_file_download_answers(openapi: OpenAPI) -> None:
    request = MockRequest(HOST, "get", "/api/download/" + READY["file"])
    openapi.validate_response(request, MockResponse(b"Time,Calls\n2022/05/31,3\n", content_type="text/csv"))
    not_found = MockResponse(b"<html>Not Found</html>", status_code=404, content_type="text/html")
    openapi.validate_response(request, not_found)
    gone = MockResponse(b"", status_code=410, content_type="text/plain")
    openapi.validate_response(request, gone)
    octets = MockResponse(b"Time,Calls\n2022/05/31,3\n", content_type="application/octet-stream")
    openapi.validate_response(request, octets)
    with pytest.raises(InvalidData):
        openapi.validate_response(request, MockResponse(json.dumps(READY).encode(), content_type="application/json"))
