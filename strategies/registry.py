"""Every public strategy with a one-line statement of what it generates and a claim a test can check."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hypothesis.strategies import SearchStrategy

from conformance.registry import Registry

F = TypeVar("F", bound=Callable[..., SearchStrategy[Any]])


@dataclass(frozen=True)
class StrategyInfo:
    """A registered strategy: its function, what it generates, and a predicate every example satisfies."""

    name: str
    function: Callable[..., SearchStrategy[Any]]
    statement: str
    claim: Callable[[Any], bool]
    example: Mapping[str, Any] = field(default_factory=dict)

    def build(self) -> SearchStrategy[Any]:
        """The strategy called with the representative arguments the claim is about."""
        return self.function(**self.example)


STRATEGIES: Registry[StrategyInfo] = Registry("strategy")


def registered(
    statement: str, *, claim: Callable[[Any], bool], example: Mapping[str, Any] | None = None
) -> Callable[[F], F]:
    """Register a strategy function under its own name; ``claim`` holds for what ``function(**example)`` draws."""
    if not statement.strip() or "\n" in statement:
        raise ValueError("a strategy statement is one non-empty line")

    def decorator(function: F) -> F:
        STRATEGIES.add(function.__name__, StrategyInfo(function.__name__, function, statement, claim, example or {}))
        return function

    return decorator
