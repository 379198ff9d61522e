"""Helpers in the style of hypothesis' own ``tests/common/debug.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

T = TypeVar("T")

_QUIET = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]


def find_any(
    strategy: st.SearchStrategy[T], condition: Callable[[T], bool] = lambda _: True, *, tries: int = 1000
) -> T:
    """An example of ``strategy`` that satisfies ``condition``; fails the test when none turns up in ``tries``."""
    return find(
        strategy,
        condition,
        settings=settings(
            max_examples=tries, database=None, deadline=None, phases=[Phase.generate], suppress_health_check=_QUIET
        ),
    )


def assert_all_examples(strategy: st.SearchStrategy[T], predicate: Callable[[T], Any], *, examples: int = 30) -> None:
    """Every example of ``strategy`` satisfies ``predicate`` (hypothesis shrinks a counterexample)."""

    @settings(max_examples=examples, database=None, deadline=None, suppress_health_check=_QUIET)
    @given(strategy)
    def check(value: T) -> None:
        assert predicate(value), value

    check()
