"""Demo requests of fault profiles and latitude entries, sent to a simulator (shared by their tests)."""

from __future__ import annotations

from typing import Any

import httpx

from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.auth import Principal
from conformance.simulator.catalogue import simulator_fixtures
from conformance.simulator.demo import fill
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.server import ServerThread
from conformance.simulator.storefactory import build_store
from conformance.specs import iter_operations


def simulator(spec: str, *, fault: str | None = None, latitude: tuple[str, ...] = ()) -> Simulator:
    """A simulator over its own freshly generated store (writes of one never reach the other)."""
    options = SimulatorOptions(spec=spec, fault=fault, latitude=latitude, calls=2000, seed=5)
    return create_simulator(options, build_store(options))


def answers(sim: Simulator, demo: dict[str, Any]) -> list[tuple[int, str, bytes]]:
    """What ``sim`` answers to a demo (one request or ``steps``): status, media type and body of each."""
    with ServerThread(sim.app) as server, httpx.Client(base_url=server.url + sim.mount) as client:
        return [_answer(sim, client, step) for step in demo.get("steps") or [demo]]


def _answer(simulator: Simulator, client: httpx.Client, demo: dict[str, Any]) -> tuple[int, str, bytes]:
    fixtures = simulator_fixtures(simulator)
    op = next(o for o in iter_operations(simulator.document) if o.operation_id == demo["operation"])
    path = op.path
    for name, value in fill(demo.get("path") or {}, fixtures).items():
        path = path.replace("{" + name + "}", str(value))
    query = dict(fill(demo.get("query") or {}, fixtures))
    headers = {}
    token = demo.get("token", "default")
    credential = {"default": simulator.options.token, "wrong": "not-the-token", "none": None}.get(token)
    if token == "tenant":  # a user of the first tenant that has accounts
        account = next(a for a in simulator.options.accounts if a.tenant)
        credential = simulator.tokens.issue(Principal(account.username, account.tenant))["token"]
    scheme = simulator.document["components"]["securitySchemes"]
    first = next(iter(scheme.values()))
    if credential and first.get("type") == "apiKey":
        query[first["name"]] = credential
    elif credential:
        headers["Authorization"] = f"Bearer {credential}"
    kwargs: dict[str, Any] = {"params": query, "headers": headers}
    if "raw_body" in demo:
        kwargs["content"] = demo["raw_body"].encode()
        headers["Content-Type"] = "application/json"
    elif "body" in demo:
        kwargs["json"] = fill(demo["body"], fixtures)
    response = client.request(op.method.upper(), path, **kwargs)
    return response.status_code, response.headers.get("content-type", ""), response.content
