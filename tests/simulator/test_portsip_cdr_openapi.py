"""A broad sample of the PortSIP CDR simulator's answers validates against the normalised spec (openapi-core).

Every operation: lists with filters, searches, sort orders, pages and counts; records read by id; the call
report lifecycle; completed reports; and refusals (unknown ids, unreadable filters, unknown parameters,
paging out of range, a changed report type, a filter of the wrong shape, no token): zero violations on the
clean profile.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import simulator_fixtures
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.storefactory import build_store
from conformance.specs import load_spec
from tests.asgi import asgi_request
from tests.specs.helpers import openapi_of

SPEC = "portsip-cdr"
HOST = "https://pbx.example.com:8887"
AUTH = {"Authorization": "Bearer simulator-token"}
NORMAL_REPORT = {"name": "Daily calls", "type": "NORMAL", "email": "ops@acme.pbx.test", "format": "CSV",
                 "range": "CUSTOM", "started_at": "2025-10-28T00:00:00-04:00", "ended_at": "2025-10-29T00:00:00-04:00",
                 "cron_expr": "0 6 * * *", "filter": {"from": "NUMBER", "from_value": "1001", "answer_state": "ANY"}}
QUEUE_REPORT = {"name": "Queues", "type": "QUEUE_PERFORMANCE", "email": "ops@acme.pbx.test", "format": "HTML",
                "range": "YESTERDAY", "filter": {"call_queues": ["1801", "1802"]}}


@pytest.fixture(scope="module")
def sim() -> Simulator:
    options = SimulatorOptions(spec=SPEC, calls=1500, seed=5)
    return create_simulator(options, build_store(options))


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return openapi_of(load_spec(SPEC))


class Client:
    """Sends requests to the in-process simulator and collects spec violations of the answers."""

    def __init__(self, sim: Simulator, openapi: OpenAPI) -> None:
        self.sim, self.openapi = sim, openapi
        self.problems: list[str] = []

    def send(self, method: str, path: str, params: dict[str, Any] | None = None, body: Any = None,
             headers: dict[str, str] | None = None) -> httpx.Response:
        params = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in (params or {}).items()}
        answer = asgi_request(self.sim.app, method, "/api" + path, params=params, json=body,
                              headers=AUTH if headers is None else headers)
        data = json.dumps(body).encode() if body is not None else None
        request = MockRequest(HOST, method.lower(), "/api" + path, args=params, data=data)
        media = answer.headers.get("content-type", "").split(";")[0] or "application/json"
        response = MockResponse(answer.content, status_code=answer.status_code, content_type=media)
        errors = self.openapi.iter_response_errors(request, response)
        self.problems += [f"{method} {path} {params}: {error}" for error in errors]
        return answer


@pytest.fixture
def client(sim: Simulator, openapi: OpenAPI) -> Client:
    return Client(sim, openapi)


def list_queries(sim: Simulator) -> list[dict[str, Any]]:
    fx = simulator_fixtures(sim)
    window = f"started_at ge '{fx['window']['start']}' and started_at lt '{fx['window']['end']}'"
    caller = fx["extensions"][0]
    return [
        {},
        {"top": 1},
        {"top": 100, "skip": 40, "count": True},
        {"skip": 100_000, "count": True},
        {"filter": window, "count": True},
        {"filter": f"caller eq '{caller}' or callee eq '{caller}'", "orderby": "started_at desc"},
        {"filter": "answered_at eq null and duration eq 0", "orderby": "ended_at, id desc", "top": 7},
        {"filter": "startswith(callee, '+1') and cost gt 0.01", "count": False},
        {"filter": "contains(caller_domain, 'acme') and direction ne 'EXTENSION_CALL'", "top": 3},
        {"filter": "user_data eq 'nothing like this'", "count": True},
        {"orderby": "duration desc", "top": 5},
        {"orderby": "cost", "top": 5},
    ]


@pytest.mark.parametrize("list_path", ["/cdrs", "/calllogs"])
def test_record_lists_and_records_validate(sim: Simulator, client: Client, list_path: str) -> None:
    seen = 0
    for query in list_queries(sim):
        answer = client.send("GET", list_path, query)
        assert answer.status_code == 200, (query, answer.text[:300])
        for item in answer.json()["items"][:2]:
            assert client.send("GET", f"{list_path}/{item['id']}").status_code == 200
            seen += 1
    assert seen > 10
    assert client.problems == []


def test_call_report_lifecycle_validates(client: Client) -> None:
    ids = []
    for body in (NORMAL_REPORT, QUEUE_REPORT):
        created = client.send("POST", "/call_reports", body=body)
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    first, second = ids
    assert client.send("GET", f"/call_reports/{first}").status_code == 200
    changes = {"name": "Renamed", "range": "TODAY", "filter": {"to": "INTERNAL_EXTENSIONS"}, "format": "HTML"}
    assert client.send("POST", f"/call_reports/{first}", body=changes).status_code == 200
    assert client.send("GET", f"/call_reports/{first}").json()["name"] == "Renamed"
    for query in ({}, {"count": True}, {"search": "queue"}, {"filter": "type eq 'NORMAL'", "orderby": "name desc"},
                  {"filter": "cron_expr eq null", "count": True}, {"top": 1, "skip": 1}):
        assert client.send("GET", "/call_reports", query).status_code == 200
    assert client.send("GET", "/call_reports/1").status_code == 200  # a generated report
    for report in ids:
        assert client.send("POST", f"/call_reports/{report}/destroy").status_code == 204
        assert client.send("GET", f"/call_reports/{report}").status_code == 404
    assert second
    assert client.problems == []


def test_completed_reports_validate(client: Client) -> None:
    listed = client.send("GET", "/completed_call_reports", {"count": True, "orderby": "completed_at desc"})
    assert listed.json()["count"] >= 1
    for query in ({"filter": "file_size gt 0"}, {"search": "report"}, {"filter": "format eq 'CSV'", "top": 1}):
        assert client.send("GET", "/completed_call_reports", query).status_code == 200
    for item in listed.json()["items"]:
        assert client.send("GET", f"/completed_call_reports/{item['id']}").status_code == 200
    assert client.problems == []


REFUSALS: list[tuple[str, str, dict[str, Any], Any, int]] = [
    ("GET", "/cdrs/999999999", {}, None, 404),
    ("GET", "/cdrs/not-an-id", {}, None, 404),
    ("GET", "/calllogs/0", {}, None, 404),
    ("GET", "/cdrs", {"filter": "caller eq"}, None, 400),
    ("GET", "/cdrs", {"filter": "nosuchfield eq '1'"}, None, 400),
    ("GET", "/calllogs", {"orderby": "started_at sideways"}, None, 400),
    ("GET", "/cdrs", {"top": 0}, None, 400),
    ("GET", "/cdrs", {"top": 101}, None, 400),
    ("GET", "/calllogs", {"skip": -1}, None, 400),
    ("GET", "/call_reports", {"count": "maybe"}, None, 400),
    ("GET", "/cdrs", {"limit": 5}, None, 400),
    ("GET", "/call_reports/424242", {}, None, 404),
    ("POST", "/call_reports/424242", {}, {"name": "x"}, 404),
    ("POST", "/call_reports/424242/destroy", {}, None, 404),
    ("POST", "/call_reports", {}, {**NORMAL_REPORT, "started_at": None}, 400),
    ("POST", "/call_reports", {}, {k: v for k, v in QUEUE_REPORT.items() if k != "name"}, 400),
    ("POST", "/call_reports/1", {}, {"type": "NORMAL"}, 400),  # report 1 is a QUEUE_PERFORMANCE report
    ("POST", "/call_reports/1", {}, {"filter": {"call_queues": "1801"}}, 400),  # a CallFilter, not a QueueFilter
    ("POST", "/call_reports/1", {}, {"range": "CUSTOM"}, 400),
    ("GET", "/completed_call_reports/99", {}, None, 404),
    ("POST", "/completed_call_reports/99/destroy", {}, None, 404),
]


@pytest.mark.parametrize(("method", "path", "params", "body", "status"), REFUSALS)
def test_refusals_validate(client: Client, method: str, path: str, params: dict[str, Any], body: Any,
                           status: int) -> None:
    answer = client.send(method, path, params, body)
    assert answer.status_code == status, answer.text[:300]
    assert answer.json()["errors"][0]["code"]
    assert client.problems == []


def test_missing_and_wrong_tokens_validate(client: Client) -> None:
    for headers in ({}, {"Authorization": "Bearer not-the-token"}):
        assert client.send("GET", "/cdrs", {"top": 1}, headers=headers).status_code == 401
    assert client.problems == []


def test_a_broken_answer_is_a_violation(sim: Simulator, openapi: OpenAPI) -> None:
    client = Client(sim, openapi)
    answer = client.send("GET", "/cdrs/1")
    broken = {**answer.json(), "duration": str(answer.json()["duration"])}
    request = MockRequest(HOST, "get", "/api/cdrs/1")
    response = MockResponse(json.dumps(broken).encode(), status_code=200, content_type="application/json")
    assert list(openapi.iter_response_errors(request, response)) != []
