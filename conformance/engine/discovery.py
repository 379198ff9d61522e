"""``init``'s engine side: open a spec's target, settle where the token goes, and let a discovery function ask
the target what exists (reads only; no answer is held against the target)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conformance.checkapi.scenarios import NO_BODY, Call, Expectation, Runner
from conformance.engine import placement
from conformance.engine.config import RunConfig
from conformance.engine.control import RunControl
from conformance.engine.events import EventBus
from conformance.engine.results import SpecRun
from conformance.engine.runner import open_session
from conformance.engine.scenario import ScenarioRunner
from conformance.engine.target import TargetProvider
from conformance.errata import load_errata
from conformance.errors import ConfigError

Discover = Callable[[Runner], dict[str, Any]]


class DiscoveryRunner(ScenarioRunner):
    """A runner whose calls are reads asked out of curiosity: never expected to be accepted, and counted, so a
    target that refuses the credentials everywhere is told apart from one that has nothing."""

    outcomes: list[str]

    def call(self, operation_id: str, *, body: Any = NO_BODY, query: dict[str, Any] | None = None,
             path: dict[str, Any] | None = None, expect: Expectation = "any") -> Call:
        made = super().call(operation_id, body=body, query=query, path=path, expect="any")
        self.outcomes.append(made.outcome)
        return made


def discover(spec: str, config: RunConfig, targets: TargetProvider, function: Discover | None) -> dict[str, Any]:
    """The facts ``function`` finds on ``spec``'s target (an empty dict without a function)."""
    control = RunControl(config.max_time)
    errata = tuple(e for e in load_errata() if e.spec == spec)
    with targets(spec, config) as target:
        session = open_session(spec, target, config, control, errata, SpecRun(spec, "", target.embedded), EventBus())
        try:
            placement.discover(session)
            runner = DiscoveryRunner(session)
            runner.outcomes = []
            facts = function(runner) if function is not None else {}
        finally:
            session.client.close()
    if runner.outcomes and set(runner.outcomes) <= {"unauthenticated", "transport_error"}:
        raise ConfigError(f"{spec}: the target refused the credentials on all {len(runner.outcomes)} requests "
                          "(check --token, PBX_TOKEN or PBX_USERNAME/PBX_PASSWORD)")
    return facts
