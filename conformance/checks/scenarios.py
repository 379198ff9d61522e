"""Scenarios: targeted and metamorphic tests a spec's check module writes by hand (driven by fixtures)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from conformance.registry import Registry

ScenarioKind = Literal["invariants", "metamorphic"]


@dataclass(frozen=True)
class Scenario:
    """A hand-written test over several requests; it records the checks it names."""

    id: str
    spec: str
    kind: ScenarioKind
    statement: str
    checks: tuple[str, ...]
    func: Callable[[Any], None] = field(repr=False, compare=False)


SCENARIOS: Registry[Scenario] = Registry("scenario")


def scenario(scenario_id: str, *, spec: str, kind: ScenarioKind, statement: str,
             checks: tuple[str, ...] = ()) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Register a scenario function of one argument (a ``conformance.engine.scenario.ScenarioRunner``)."""

    def decorator(func: Callable[[Any], None]) -> Callable[[Any], None]:
        SCENARIOS.add(scenario_id, Scenario(scenario_id, spec, kind, statement, tuple(checks), func))
        return func

    return decorator
