"""Every fault's symptom shows in a direct request: the faulty simulator answers its demo request
differently from the clean one (same data, same request)."""

from __future__ import annotations

import httpx
import pytest

from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import simulator_fixtures
from conformance.simulator.demo import fill
from conformance.simulator.faults import Fault, catalogue
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.server import ServerThread
from conformance.simulator.storefactory import build_store
from conformance.specs import iter_operations

FAULTS = list(catalogue().values())


def _simulator(spec: str, fault: str | None) -> Simulator:
    """A simulator over its own freshly generated store (writes of one never reach the other)."""
    options = SimulatorOptions(spec=spec, fault=fault, calls=2000, seed=5)
    return create_simulator(options, build_store(options))


def _answers(simulator: Simulator, fault: Fault) -> list[tuple[int, bytes]]:
    with ServerThread(simulator.app) as server, httpx.Client(base_url=server.url + simulator.mount) as client:
        return [_answer(simulator, client, step) for step in fault.demo.get("steps") or [fault.demo]]


def _answer(simulator: Simulator, client: httpx.Client, demo: dict) -> tuple[int, bytes]:  # type: ignore[type-arg]
    fixtures = simulator_fixtures(simulator)
    op = next(o for o in iter_operations(simulator.document) if o.operation_id == demo["operation"])
    path = op.path
    for name, value in fill(demo.get("path") or {}, fixtures).items():
        path = path.replace("{" + name + "}", str(value))
    query = dict(fill(demo.get("query") or {}, fixtures))
    headers = {}
    token = demo.get("token", "default")
    credential = {"default": simulator.options.token, "wrong": "not-the-token", "none": None}.get(token)
    scheme = simulator.document["components"]["securitySchemes"]
    first = next(iter(scheme.values()))
    if credential and first.get("type") == "apiKey":
        query[first["name"]] = credential
    elif credential:
        headers["Authorization"] = f"Bearer {credential}"
    kwargs: dict = {"params": query, "headers": headers}
    if "raw_body" in demo:
        kwargs["content"] = demo["raw_body"].encode()
        headers["Content-Type"] = "application/json"
    elif "body" in demo:
        kwargs["json"] = fill(demo["body"], fixtures)
    response = client.request(op.method.upper(), path, **kwargs)
    return response.status_code, response.content


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_demo_request_shows_the_symptom(fault: Fault) -> None:
    clean, faulty = _simulator(fault.spec, None), _simulator(fault.spec, fault.id)
    assert _answers(faulty, fault) != _answers(clean, fault), f"{fault.id}: the demo answers as when clean"
