"""Events the engine emits; report writers and progress displays listen, the engine knows none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from conformance.engine.results import CheckResult, Observation, RunResult, SpecRun


@dataclass(frozen=True)
class RunStarted:
    specs: tuple[str, ...]


@dataclass(frozen=True)
class SpecStarted:
    spec: str
    target: str


@dataclass(frozen=True)
class PhaseStarted:
    spec: str
    phase: str


@dataclass(frozen=True)
class CheckEvaluated:
    result: CheckResult
    passed: bool


@dataclass(frozen=True)
class ObservationMade:
    observation: Observation


@dataclass(frozen=True)
class SpecFinished:
    run: SpecRun


@dataclass(frozen=True)
class RunFinished:
    result: RunResult


Event = RunStarted | SpecStarted | PhaseStarted | CheckEvaluated | ObservationMade | SpecFinished | RunFinished


class Listener(Protocol):
    def __call__(self, event: Event) -> None: ...


class EventBus:
    """Delivers each event to every listener in registration order."""

    def __init__(self, listeners: list[Callable[[Event], None]] | None = None) -> None:
        self._listeners: list[Callable[[Event], None]] = list(listeners or [])

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)

    def emit(self, event: Event) -> None:
        for listener in self._listeners:
            listener(event)
