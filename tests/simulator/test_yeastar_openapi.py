"""A broad sample of the Yeastar simulator's answers validates against the normalised spec (openapi-core).

Every report type, periods in every form, windows (both bounds, one, none, reversed), async requests,
refusals (missing ids, unknown type, impossible day, wrong notation, extra parameter, no token) and the
download of present and missing files: zero violations on the clean profile.
"""

from __future__ import annotations

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

SPEC = "yeastar-call-report"
HOST = "https://pbx.example.com:8088"
REPORT = "/openapi/v1.0/call_report/download"
TOKEN = "simulator-token"
START, END, DAY_END = "11/05/2025 00:00:00", "11/05/2025 23:59:59", "11/06/2025 00:00:00"


@pytest.fixture(scope="module")
def sim() -> Simulator:
    options = SimulatorOptions(spec=SPEC, calls=1500, seed=5)
    return create_simulator(options, build_store(options))


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return openapi_of(load_spec(SPEC))


def _send(sim: Simulator, path: str, params: dict[str, Any]) -> httpx.Response:
    return asgi_request(sim.app, "GET", path, params=params)


def _violations(openapi: OpenAPI, path: str, params: dict[str, Any], answer: httpx.Response) -> list[str]:
    request = MockRequest(HOST, "get", path, args={k: str(v) for k, v in params.items()})
    media = answer.headers.get("content-type", "").split(";")[0]
    response = MockResponse(answer.content, status_code=answer.status_code, content_type=media)
    return [str(error) for error in openapi.iter_response_errors(request, response)]


def report_queries(sim: Simulator) -> list[dict[str, Any]]:
    """Valid queries: every type, several windows and periods, filters, async."""
    fx = simulator_fixtures(sim)
    queues, exts, trunk = ",".join(fx["queue_ids"]), ",".join(fx["extension_ids"][:4]), fx["trunk_ids"][0]
    queue, agents = fx["queue_ids"][0], ",".join(fx["agent_ids"][:3])
    window = {"start_time": START, "end_time": END}
    return [
        {"type": "extcallstatistics", "ext_id_list": exts, **window, "communication_type": "Inbound"},
        {"type": "extcallactivity", "ext_id_list": exts, "time": "11/05/2025", "communication_type": "Internal"},
        {"type": "trunkactivity", "trunk_id_list": trunk, "time": "11/2025", "include_internal": 1},
        {"type": "trunkactivity", "trunk_id_list": trunk, "time": "2025", "communication_type": "Outbound"},
        {"type": "trunkdiddodactivity", "trunk_id": trunk, "time": "2025/11"},
        {"type": "ivr", "ivr_id_list": fx["ivr_ids"][0], **window, "need_detail": 1},
        {"type": "queueavgwaittalktime", "queue_id_list": queues, "time": "11/05/2025"},
        {"type": "queueperformance", "queue_id_list": queues, **window, "abandon_time": 10, "talk_time": 5},
        {"type": "queueperformance", "queue_id_list": queues},
        {"type": "queueperformanceactivity", "queue_id_list": queues, "time": "11/2025", "abandon_time": 0},
        {"type": "queuecallbackssummary", "queue_id_list": queues, "start_time": START},
        {"type": "queuecallbacksactivity", "queue_id_list": queues, "end_time": DAY_END, "callback_result": "fail"},
        {"type": "queuesatisfaction", "queue_id": queue, **window},
        {"type": "queuesatisfactiondetail", "queue_id": queue, "agent_id_list": agents, **window},
        {"type": "queueagentlogintime", "queue_id": queue, **window},
        {"type": "queueagentpausetime", "queue_id": queue, **window, "reason": "Lunch"},
        {"type": "queueagentmisscalls", "queue_id": queue, **window, "abandon_time": 3},
        {"type": "queueagentperformance", "queue_id": queue, "start_time": END, "end_time": START},
        {"type": "queueagentinoutcalls", "queue_id": queue, "agent_id_list": agents, **window},
        {"type": "ringgroupstatistics", "ring_group_id_list": fx["ring_group_ids"][0], **window},
        {"type": "extcallbilling", "trunk_id_list": trunk, **window},
        {"type": "extcallbillingdetails", "trunk_id_list": trunk, "ext_id_list": exts, **window},
        {"type": "queuesatisfaction", "queue_id": queue, **window, "is_async": 1},
        {"type": "queuesatisfaction", "queue_id": "99999", **window, "is_async": 0},
    ]


REFUSED_QUERIES: list[dict[str, Any]] = [
    {"type": "queuesatisfaction"},
    {"type": "nosuchreport", "queue_id": "1"},
    {"type": "extcallactivity", "ext_id_list": "1", "time": "02/30/2025"},
    {"type": "queuesatisfaction", "queue_id": "1", "start_time": "2025/11/05 00:00:00", "end_time": END},
    {"type": "queuesatisfaction", "queue_id": "1", "time": "2025"},
    {"type": "trunkactivity", "trunk_id_list": "1", "time": "2025", "communication_type": "Internal"},
]


def test_report_answers_and_their_files_validate(sim: Simulator, openapi: OpenAPI) -> None:
    problems: list[str] = []
    files = 0
    for query in report_queries(sim):
        params = {**query, "access_token": TOKEN}
        answer = _send(sim, REPORT, params)
        problems += [f"{query}: {p}" for p in _violations(openapi, REPORT, params, answer)]
        body = answer.json()
        assert body["errcode"] in (0, 2), (query, body)
        if body["errcode"] == 0:
            url = body["download_resource_url"]
            got = _send(sim, url, {"access_token": TOKEN})
            assert got.status_code == 200, url
            problems += [f"{url}: {p}" for p in _violations(openapi, url, {"access_token": TOKEN}, got)]
            files += 1
    assert problems == []
    assert files == len(report_queries(sim)) - 1


def test_refusals_validate(sim: Simulator, openapi: OpenAPI) -> None:
    problems: list[str] = []
    for query in REFUSED_QUERIES:
        params = {**query, "access_token": TOKEN}
        answer = _send(sim, REPORT, params)
        assert answer.json()["errcode"] == 40002, query
        problems += [f"{query}: {p}" for p in _violations(openapi, REPORT, params, answer)]
    anonymous = {"type": "queuesatisfaction", "queue_id": "1"}
    answer = _send(sim, REPORT, anonymous)
    assert answer.json()["errcode"] == 10004
    problems += _violations(openapi, REPORT, anonymous, answer)
    for path, params in (("/api/download/no-such-file.csv", {"access_token": TOKEN}),
                         ("/api/download/no-such-file.csv", {})):
        answer = _send(sim, path, params)
        assert answer.status_code in (200, 404)
        problems += [f"{path}: {p}" for p in _violations(openapi, path, params, answer)]
    assert problems == []


def test_a_broken_answer_is_a_violation(sim: Simulator, openapi: OpenAPI) -> None:
    params = {"type": "queuesatisfaction", "queue_id": "1", "access_token": TOKEN}
    answer = _send(sim, REPORT, params)
    broken = httpx.Response(200, json={**answer.json(), "errcode": "0"})
    assert _violations(openapi, REPORT, params, broken) != []
