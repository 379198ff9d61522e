"""What the vendor check tests share: check contexts and answers built over one spec, a check's failure
message, and scenario runners over an in-process simulator that record instead of reporting."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import tzinfo
from types import SimpleNamespace
from typing import Any, TypeVar

import httpx
import pytest

from conformance.checkapi.basis import Basis, resolve_basis
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckFunction, CheckInfo, CheckSkipped
from conformance.checkapi.registry import CHECKS, checks_for
from conformance.checkapi.scenarios import SCENARIOS, Call, Scenario
from conformance.engine.fixtures import SpecFixtures
from conformance.engine.outcome import ErrorConvention
from conformance.engine.requests import RequestSpec
from conformance.engine.scenario import ScenarioRunner
from conformance.engine.session import parse_window
from conformance.extensions import operation_extensions
from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import simulator_fixtures
from conformance.simulator.faults.catalogue import FaultEffect
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.storefactory import build_store
from conformance.specs import Operation, iter_operations, load_spec
from tests.asgi import asgi_request
from tests.specs.helpers import first_example

SEED = 5


class SpecUnderTest:
    """One normalised spec and its operations; builds the contexts and answers a response check is given."""

    def __init__(self, name: str, url: str = "http://pbx/x") -> None:
        self.name = name
        self.doc = load_spec(name)
        self.ops: dict[str, Operation] = {op.operation_id: op for op in iter_operations(self.doc)}
        self.url = url  # the URL hand-built answers claim to come from

    def context(self, op_id: str, **fields: Any) -> CheckContext:
        """The context of a check of ``op_id``; ``fields`` are CheckContext's (body, query, window...)."""
        op = self.ops[op_id]
        return CheckContext(spec=self.name, document=self.doc, operation=op, ext=operation_extensions(op), **fields)

    def exchange(self, op_id: str, content: bytes, media: str = "application/json", status: int = 200) -> Exchange:
        """An answer to ``op_id`` with this body, media type and status."""
        return Exchange(op_id, self.ops[op_id].method.upper(), self.url, {}, status=status,
                        response_headers={"content-type": media}, content=content)

    def answer(self, op_id: str, body: Any, media: str = "application/json", status: int = 200) -> Exchange:
        """A JSON answer to ``op_id``."""
        return self.exchange(op_id, json.dumps(body).encode(), media, status)

    def example(self, op_id: str) -> Any:
        """A copy of the first example of ``op_id``'s 200 JSON answer."""
        return first_example(self.ops[op_id].operation["responses"]["200"]["content"]["application/json"])

    def scenarios(self) -> list[Scenario]:
        """The registered scenarios of this spec, in registration order."""
        return [s for s in SCENARIOS.values() if s.spec == self.name]


def failure_message(func: CheckFunction, ctx: CheckContext, exchange: Exchange) -> str:
    """The message of the CheckFailure ``func`` raises (the test fails when it raises none)."""
    with pytest.raises(CheckFailure) as failure:
        func(ctx, exchange)
    return failure.value.message


def run_checks(ctx: CheckContext, exchange: Exchange, check_ids: Iterable[str]) -> int:
    """Run the response checks among ``check_ids`` that apply to this answer; how many judged it (those raising
    CheckSkipped do not count). A CheckFailure propagates."""
    wanted = set(check_ids)
    ran = 0
    assert exchange.status is not None
    for info in checks_for(ctx, exchange.status):
        if info.id in wanted and info.func is not None:
            try:
                info.func(ctx, exchange)
                ran += 1
            except CheckSkipped:
                pass
    return ran


def declared(scenarios: Iterable[Scenario]) -> set[str]:
    """The checks some scenario says it records."""
    return {check_id for scenario in scenarios for check_id in scenario.checks}


def store_for(spec: str, calls: int) -> Any:
    """A module-scoped fixture ``store``: the simulator's generated store for ``spec``."""

    @pytest.fixture(scope="module")
    def store() -> Any:
        return build_store(SimulatorOptions(spec=spec, calls=calls, seed=SEED))

    return store


def simulate(store: Any, spec: str, calls: int, fault: str | None = None, effect: dict[str, Any] | None = None,
             readings: dict[str, str] | None = None) -> Simulator:
    """A simulator over ``store`` with a catalogue fault profile, or a fault effect built by the test."""
    sim = create_simulator(SimulatorOptions(spec=spec, calls=calls, seed=SEED, fault=fault, readings=readings or {}),
                           store)
    if effect is not None:
        sim.fault = FaultEffect.parse(effect)
    return sim


def received(operation_id: str, method: str, url: str, got: httpx.Response) -> Exchange:
    """An HTTP answer of the simulator as an Exchange."""
    return Exchange(operation_id, method, url, {}, status=got.status_code, response_headers=dict(got.headers),
                    content=got.content)


class RecordingRunner(ScenarioRunner):
    """A scenario runner over an in-process simulator that keeps (check, message) records instead of reporting.

    Subclasses implement ``call``: they send with ``send`` and, as the engine does, may judge an answer with the
    spec's response checks through ``judge``. Besides the records it keeps the basis kind of every failure (a
    spec rule resolved for its operation) and the requests a scenario said must be accepted but were not.
    """

    def __init__(self, spec: SpecUnderTest, sim: Simulator, allow_writes: bool = True) -> None:
        self.spec = spec
        self.sim = sim
        self.fixtures = SpecFixtures(simulator_fixtures(sim))
        self.session = SimpleNamespace(fixtures=self.fixtures, zone=self.fixtures.timezone,  # type: ignore[assignment]
                                       operation=lambda op_id: spec.ops.get(op_id),
                                       config=SimpleNamespace(allow_writes=allow_writes))
        self.errors = ErrorConvention.from_document(spec.doc)
        self.records: list[tuple[str, str | None]] = []
        self.kinds: list[tuple[str, str]] = []  # (check id, basis kind) of every failure
        self.refused: list[tuple[str, int | None]] = []  # (operation, status) of refused must-accept requests

    def send(self, operation_id: str, method: str, url: str, **kwargs: Any) -> Exchange:
        """One request to the simulator's ASGI app (``kwargs`` as httpx takes them)."""
        return received(operation_id, method, url, asgi_request(self.sim.app, method, url, **kwargs))

    def answered(self, request: RequestSpec, exchange: Exchange, expect: str = "") -> Call:
        """The call a scenario gets back, its outcome classified by the spec's error convention; a refusal of a
        request the scenario expects accepted (``expect="accept"``) is kept in ``refused``."""
        call = Call(exchange, self.errors.classify(exchange), request)
        if expect == "accept" and call.outcome not in ("accepted", "pending"):
            self.refused.append((request.operation.operation_id, exchange.status))
        return call

    def windowed_context(self, request: RequestSpec, zone: tzinfo, **fields: Any) -> CheckContext:
        """The context of a check of ``request``'s answer, the window read from the request as the engine reads it
        (local notations in ``zone``); ``fields`` are further CheckContext fields."""
        op = request.operation
        window = parse_window(operation_extensions(op).time_window, request, None, zone)  # type: ignore[arg-type]
        return self.spec.context(op.operation_id, fixtures=self.fixtures, window=window, **fields)

    def judge(self, ctx: CheckContext, exchange: Exchange, keep: Callable[[CheckInfo], bool] = lambda info: True,
              ) -> None:
        """Run the response checks that apply to this answer (and pass ``keep``), recording each verdict."""
        assert exchange.status is not None
        op_id = ctx.operation.operation_id
        for info in checks_for(ctx, exchange.status):
            if not keep(info) or info.func is None:
                continue
            try:
                info.func(ctx, exchange)
                self.record(info.id, op_id)
            except CheckFailure as failure:
                self.record(info.id, op_id, failure.message, basis=failure.basis)
            except CheckSkipped:
                pass

    def record(self, check_id: str, operation_id: str, message: str | None = None, *, basis: Basis | None = None,
               **_: Any) -> None:
        self.records.append((check_id, message))
        if message is not None:
            self.kinds.append((check_id, self.kind_of(check_id, basis, operation_id)))

    def kind_of(self, check_id: str, basis: Basis | None, operation_id: str) -> str:
        """The kind a finding rests on: its own basis, else its check's, a spec rule resolved for the operation."""
        found = basis or CHECKS[check_id].basis
        assert found is not None
        op = self.spec.ops.get(operation_id)
        return resolve_basis(found, self.spec.doc, op.operation if op else None).kind

    def failed(self) -> set[str]:
        return {check_id for check_id, message in self.records if message is not None}

    def recorded(self) -> set[str]:
        return {check_id for check_id, _ in self.records}

    def failed_on(self, *kinds: str) -> set[str]:
        """Checks that failed on a basis of one of ``kinds`` (``vendor``, ``http``: failures; ``suite``: advisories)."""
        return {check_id for check_id, kind in self.kinds if kind in kinds}

    def deciding(self) -> set[str]:
        """The checks that failed on a vendor or http basis (an advisory does not count)."""
        return self.failed_on("vendor", "http")


Runner = TypeVar("Runner", bound=RecordingRunner)


def run(runner: Runner, scenarios: Iterable[Callable[[Any], None]]) -> Runner:
    """``runner`` after running every scenario function on it."""
    for func in scenarios:
        func(runner)
    return runner
