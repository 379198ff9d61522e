"""Simulator answers of the FusionPBX report API validate against the normalised spec (openapi-core)."""

from __future__ import annotations

import functools
import json
from typing import Any

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import simulator_fixtures
from conformance.simulator.options import DEFAULT_TOKEN, SimulatorOptions
from conformance.simulator.storefactory import build_store
from conformance.specs import iter_operations, load_spec
from tests.asgi import asgi_request
from tests.specs.helpers import openapi_of

SPEC = "fusionpbx-report"
HOST = "https://pbx.example.com"
PATHS = {op.operation_id: op.path for op in iter_operations(load_spec(SPEC))}
READINGS = [
    {},
    {"fusionpbx.user_report_counters": "user_statistics"},
    {"fusionpbx.window_required": "required"},
    {"fusionpbx.day_label_utc": "utc_instant"},
    {"fusionpbx.busy_line_in_busy": "part_of_busy"},
    {"fusionpbx.end_time": "exclusive"},
]


@functools.cache
def _store() -> Any:
    return build_store(SimulatorOptions(spec=SPEC, calls=2000, seed=5))


def simulator(readings: dict[str, str] | None = None) -> Simulator:
    return create_simulator(SimulatorOptions(spec=SPEC, calls=2000, seed=5, readings=readings or {}), _store())


@functools.cache
def _validator() -> OpenAPI:
    return openapi_of(load_spec(SPEC))


def windows(sim: Simulator) -> dict[str, dict[str, str]]:
    """Named query windows: the busiest day, part of it, three days, none, one without calls."""
    day = simulator_fixtures(sim)["window"]["start"][:10]
    return {
        "day": {"start_time": f"{day} 00:00:00", "end_time": f"{day} 23:59:59"},
        "hours": {"start_time": f"{day} 10:00:00", "end_time": f"{day} 13:30:00"},
        "days": {"start_time": "2025-10-30 00:00:00", "end_time": "2025-11-01 23:59:59"},
        "none": {},
        "empty": {"start_time": "2030-01-01 00:00:00", "end_time": "2030-01-01 23:59:59"},
    }


def violations(operation_id: str, query: dict[str, str], status: int, content: bytes, media: str,
               token: str | None = DEFAULT_TOKEN) -> list[str]:
    """openapi-core's complaints about one answer (empty: it conforms)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = MockRequest(HOST, "get", PATHS[operation_id], args=query, headers=headers)
    try:
        _validator().validate_response(request, MockResponse(content, status_code=status, content_type=media))
    except Exception as exc:  # openapi-core raises one error type per kind of violation
        return [f"{operation_id} {query} {status}: {exc!r} {getattr(exc, '__cause__', None)!r}"]
    return []


def answer(sim: Simulator, operation_id: str, query: dict[str, str], token: str | None = DEFAULT_TOKEN
           ) -> httpx.Response:
    """One GET through the simulator's ASGI app (in process, no server)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return asgi_request(sim.app, "GET", PATHS[operation_id], params=query, headers=headers)


@pytest.mark.parametrize("readings", READINGS, ids=lambda r: ",".join(f"{k}={v}" for k, v in r.items()) or "default")
def test_every_operation_and_window_validates(readings: dict[str, str]) -> None:
    sim = simulator(readings)
    found: list[str] = []
    statuses: list[int] = []
    for operation_id in PATHS:
        for query in windows(sim).values():
            response = answer(sim, operation_id, query)
            statuses.append(response.status_code)
            found += violations(operation_id, query, response.status_code, response.content,
                                response.headers["content-type"])
    assert found == []
    refused = 5 if readings.get("fusionpbx.window_required") == "required" else 0  # the window-less requests
    assert statuses.count(200) == len(statuses) - refused and statuses.count(400) == refused


REFUSALS = [
    ("reversed window", {"start_time": "2025-11-05 12:00:00", "end_time": "2025-11-05 11:00:00"}, DEFAULT_TOKEN, 400),
    ("equal bounds", {"start_time": "2025-11-05 12:00:00", "end_time": "2025-11-05 12:00:00"}, DEFAULT_TOKEN, 400),
    ("RFC 3339 bound", {"start_time": "2025-11-05T00:00:00Z", "end_time": "2025-11-05 12:00:00"}, DEFAULT_TOKEN, 400),
    ("impossible date", {"start_time": "2025-02-30 00:00:00", "end_time": "2025-03-01 00:00:00"}, DEFAULT_TOKEN, 400),
    ("unknown parameter", {"start_time": "2025-11-05 00:00:00", "end_time": "2025-11-05 01:00:00", "page": "2"},
     DEFAULT_TOKEN, 400),
    ("no token", {}, None, 401),
    ("wrong token", {}, "not-the-token", 401),
]


@pytest.mark.parametrize(("what", "query", "token", "status"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_validate(what: str, query: dict[str, str], token: str | None, status: int) -> None:
    sim = simulator()
    found = []
    for operation_id in PATHS:
        response = answer(sim, operation_id, query, token)
        assert response.status_code == status, (operation_id, response.text)
        assert response.json()["code"] == status
        found += violations(operation_id, query, response.status_code, response.content,
                            response.headers["content-type"], token)
    assert found == []


def test_a_broken_answer_does_not_validate() -> None:
    """The validator used above does reject a non-conforming answer (guards against a vacuous test)."""
    sim = simulator()
    response = answer(sim, "getExtensionReport", windows(sim)["day"])
    body = response.json()
    body["data"][0]["total"] = str(body["data"][0]["total"])
    assert violations("getExtensionReport", windows(sim)["day"], 200, json.dumps(body).encode(),
                      "application/json") != []
