"""Scenarios: targeted and metamorphic tests a spec's check module writes by hand, and what they see.

A scenario is a function of one argument, a ``Runner``: it sends requests through it (every answer is judged
by every applicable check) and records the checks it names. The engine provides the runner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, Literal, Protocol

from conformance.checkapi.basis import Basis
from conformance.checkapi.exchange import Exchange
from conformance.registry import Registry

ScenarioKind = Literal["invariants", "metamorphic"]
Outcome = Literal["accepted", "pending", "rejected", "unauthenticated", "server_error", "transport_error", "other"]
Expectation = Literal["accept", "reject", "any"]


class _NoBody:
    """The absence of a request body (distinct from a JSON ``null`` body); survives copying as itself."""

    def __copy__(self) -> _NoBody:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _NoBody:
        return self

    def __repr__(self) -> str:
        return "NO_BODY"


NO_BODY: Any = _NoBody()


class ScenarioSkip(Exception):
    """A scenario cannot run here (no fixtures for it, operation missing...)."""


@dataclass
class Call:
    """A request a scenario sent and what came back."""

    exchange: Exchange
    outcome: Outcome
    request: Any = None  # the engine's record of the request

    @property
    def accepted(self) -> bool:
        return self.outcome == "accepted"

    def json(self) -> Any:
        return self.exchange.json_or_none()


class Fixtures(Protocol):
    """What the fixtures tell a scenario about the target."""

    @property
    def window(self) -> tuple[datetime, datetime] | None: ...

    @property
    def display_format(self) -> Any: ...

    def ids(self, key: str) -> list[Any]: ...


class Runner(Protocol):
    """The API a scenario uses (the engine's ``ScenarioRunner`` implements it)."""

    @property
    def fixtures(self) -> Fixtures: ...

    @property
    def allow_writes(self) -> bool: ...

    @property
    def zone(self) -> tzinfo: ...

    def call(self, operation_id: str, *, body: Any = NO_BODY, query: dict[str, Any] | None = None,
             path: dict[str, Any] | None = None, expect: Expectation = "accept") -> Call:
        """Send one request (``expect="accept"`` holds the target to accepting it: build it from the fixtures)."""
        ...

    def record(self, check_id: str, operation_id: str, message: str | None = None, *, call: Call | None = None,
               evidence: dict[str, Any] | None = None, key: str | None = None, basis: Basis | None = None) -> None:
        """One evaluation of ``check_id``: passed when ``message`` is None; ``basis`` overrides the check's."""
        ...

    def ids(self, key: str) -> list[Any]:
        """The fixtures' ids under ``key`` (ScenarioSkip when there are none)."""
        ...

    def as_tenant(self) -> Runner | None:
        """This runner with a tenant user's credentials, for isolation checks; None when the run has none. Against
        a PBX, the run's own credentials are taken for a tenant's when the fixtures name foreign references
        (``foreign_<key>``); the embedded simulator logs in as a user of the fixtures' tenant."""
        ...

    def window(self, max_seconds: int | None = None) -> tuple[datetime, datetime]:
        """The fixtures' window, cut to ``max_seconds`` (ScenarioSkip when there is none)."""
        ...

    def window_fields(self, operation_id: str, start: datetime, end: datetime) -> dict[str, str]:
        """The window written in the operation's notation, keyed by its field names."""
        ...


@dataclass(frozen=True)
class Scenario:
    """A hand-written test over several requests; it records the checks it names."""

    id: str
    spec: str
    kind: ScenarioKind
    statement: str
    checks: tuple[str, ...]
    func: Callable[[Runner], None] = field(repr=False, compare=False)


SCENARIOS: Registry[Scenario] = Registry("scenario")


def scenario(scenario_id: str, *, spec: str, kind: ScenarioKind, statement: str,
             checks: tuple[str, ...] = ()) -> Callable[[Callable[[Runner], None]], Callable[[Runner], None]]:
    """Register a scenario function of one argument (a ``Runner``)."""

    def decorator(func: Callable[[Runner], None]) -> Callable[[Runner], None]:
        SCENARIOS.add(scenario_id, Scenario(scenario_id, spec, kind, statement, tuple(checks), func))
        return func

    return decorator
