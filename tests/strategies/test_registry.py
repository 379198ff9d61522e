"""strategies.registry: every public strategy is registered, documented, and generates what it claims."""

from __future__ import annotations

import inspect

import pytest

import strategies
from conformance.registry import DuplicateName
from strategies.registry import STRATEGIES, registered
from tests.strategies.debug import assert_all_examples, find_any

PUBLIC_FUNCTIONS = sorted(name for name in strategies.__all__ if inspect.isfunction(getattr(strategies, name)))


def test_every_public_strategy_is_registered_and_every_registered_one_is_public():
    assert set(PUBLIC_FUNCTIONS) == set(STRATEGIES)


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_statement_is_one_line_and_the_function_has_a_docstring(name):
    info = STRATEGIES[name]
    assert info.statement.endswith(".") and "\n" not in info.statement
    assert info.function.__doc__ and info.function is getattr(strategies, name)


def test_statements_are_distinct():
    statements = [info.statement for info in STRATEGIES.values()]
    assert len(set(statements)) == len(statements)


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_strategy_generates_what_it_claims(name):
    info = STRATEGIES[name]
    assert_all_examples(info.build(), info.claim, examples=30)


def test_a_claim_can_fail():
    stx = STRATEGIES["stx_arrays"]
    assert not stx.claim([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
    find_any(STRATEGIES["invalid_stx_arrays"].build(), lambda values: not stx.claim(values))


def test_registration_rejects_duplicates_and_multi_line_statements():
    def stx_arrays():  # same name as the registered strategy
        raise NotImplementedError

    with pytest.raises(DuplicateName):
        registered("Another.", claim=bool)(stx_arrays)
    with pytest.raises(ValueError, match="one non-empty line"):
        registered("two\nlines", claim=bool)
