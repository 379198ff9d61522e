"""Simulator answers of TelecomX cdrstats validate against the normalised spec (openapi-core)."""

from __future__ import annotations

import copy
import functools
import itertools
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
from conformance.specs import load_spec
from tests.asgi import asgi_request

SPEC = "telecomx-cdrstats"
HOST = "https://api.telecomx.dk"
PATH = "/pbx/cdrstats"
READINGS = [{}, {"telecomx.disjoint_outcomes": "disjoint"}, {"telecomx.calendar_keys": "calendar_labels"}]


@functools.cache
def _store() -> Any:
    return build_store(SimulatorOptions(spec=SPEC, calls=2000, seed=5))


def simulator(readings: dict[str, str] | None = None) -> Simulator:
    return create_simulator(SimulatorOptions(spec=SPEC, calls=2000, seed=5, readings=readings or {}), _store())


@functools.cache
def _validator() -> OpenAPI:
    return OpenAPI.from_dict(copy.deepcopy(load_spec(SPEC)))


def post(sim: Simulator, body: Any, token: str | None = DEFAULT_TOKEN) -> httpx.Response:
    """One POST through the simulator's ASGI app (in process, no server)."""
    params = {"token": token} if token else {}
    return asgi_request(sim.app, "POST", PATH, params=params, json=body)


def violations(body: Any, response: httpx.Response, token: str | None = DEFAULT_TOKEN) -> list[str]:
    request = MockRequest(HOST, "post", PATH, args={"token": token} if token else {}, data=json.dumps(body),
                          content_type="application/json")
    media = response.headers["content-type"].split(";")[0]
    # openapi-core checks a text body against `type: string` only when it is given as str
    content = response.content.decode("utf-8") if media.startswith("text/") else response.content
    try:
        _validator().validate_response(request, MockResponse(content, status_code=response.status_code,  # type: ignore[arg-type]
                                                             content_type=media))
    except Exception as exc:  # openapi-core raises one error type per kind of violation
        return [f"{body} {response.status_code}: {exc!r} {getattr(exc, '__cause__', None)!r}"]
    return []


def bodies(sim: Simulator) -> list[dict[str, Any]]:
    """A broad sample of requests: groupings x directions x filters, fields, sorting, employees, formats."""
    fixtures = simulator_fixtures(sim)
    window = {"from": fixtures["window"]["start"], "to": fixtures["window"]["end"]}
    week = {"from": "2025-10-27T00:00:00Z", "to": "2025-11-10T00:00:00Z"}
    employees = fixtures["employees"]
    out: list[dict[str, Any]] = [{}]
    for span, grouping, direction in itertools.product((window, week), ("HOUR", "DAY", "WEEK", "MONTH"),
                                                        ("IN", "OUT", "BOTH")):
        out.append({**span, "groupingInterval": grouping, "direction": direction})
    out += [
        {**week, "ignoreBelow": 30, "ignoreLocal": True},
        {**week, "ignoreBelow": 2.5},
        {**window, "fields": ["employeeName", "inboundCalls", "outboundCalls"], "sort": "employeeName"},
        {**window, "fields": ["extensionNumber"], "sort": "extensionNumber"},
        {**window, "employee": employees[0]},
        {**window, "employees": employees[:2], "employee": employees[2]},
        {**window, "customer": fixtures["customers"][0]},  # another customer is refused to the static token
        {**week, "format": "CSV"},
        {**week, "format": "EXCEL", "groupingInterval": "HOUR"},
        {"from": "2025-11-04T10:00:00.000+01:00", "to": "2025-11-04T10:30:00+01:00"},
        {"from": "2025-11-04T10:00:00", "to": "2025-11-05T10:00:00"},
    ]
    return out


@pytest.mark.parametrize("readings", READINGS, ids=lambda r: ",".join(f"{k}={v}" for k, v in r.items()) or "default")
def test_sampled_answers_validate(readings: dict[str, str]) -> None:
    sim = simulator(readings)
    found: list[str] = []
    for body in bodies(sim):
        response = post(sim, body)
        assert response.status_code == 200, (body, response.text)
        found += violations(body, response)
    assert found == []


REFUSALS = [
    ("unknown grouping", {"groupingInterval": "YEAR"}, DEFAULT_TOKEN, 422),
    ("unknown format", {"format": "PDF"}, DEFAULT_TOKEN, 422),
    ("malformed from", {"from": "2020-01-01-T00:00:00.000Z"}, DEFAULT_TOKEN, 422),
    ("reversed window", {"from": "2025-11-05T00:00:00Z", "to": "2025-11-04T00:00:00Z"}, DEFAULT_TOKEN, 422),
    ("fields as one string", {"fields": "employeeName,inboundCalls"}, DEFAULT_TOKEN, 422),
    ("negative ignoreBelow", {"ignoreBelow": -1}, DEFAULT_TOKEN, 422),
    ("no token", {}, None, 403),
    ("wrong token", {}, "not-the-token", 403),
]


@pytest.mark.parametrize(("what", "body", "token", "status"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_validate(what: str, body: dict[str, Any], token: str | None, status: int) -> None:
    response = post(simulator(), body, token)
    assert response.status_code == status, response.text
    assert violations(body, response, token) == []


def test_a_broken_answer_does_not_validate() -> None:
    """The validator used above does reject a non-conforming answer (guards against a vacuous test)."""
    sim = simulator()
    body = {"from": "2025-10-27T00:00:00Z", "to": "2025-11-10T00:00:00Z"}
    response = post(sim, body)
    rows = response.json()
    key = next(k for r in rows for k in r["data"])
    next(r for r in rows if key in r["data"])["data"][key]["inboundCalls"] = "7"
    broken = httpx.Response(200, json=rows)
    assert violations(body, broken) != []
