"""strategies.paging: top/skip values, valid and with one defect each."""

from __future__ import annotations

import pytest
from hypothesis.errors import InvalidArgument

from strategies import invalid_paging_params, paging_params
from strategies.paging import PAGING_DEFECTS
from tests.strategies.debug import assert_all_examples, find_any


def _is_int(value: object) -> bool:
    try:
        int(str(value), 10)
    except ValueError:
        return False
    return True


def _valid(params: dict, max_top: int = 100) -> bool:
    top, skip = params["top"], params["skip"]
    return _is_int(top) and _is_int(skip) and 1 <= int(top) <= max_top and int(skip) >= 0


def test_paging_params_are_valid_and_reach_the_bounds():
    assert_all_examples(paging_params(), _valid)
    for condition in (lambda p: p["top"] == 1, lambda p: p["top"] == 100, lambda p: p["skip"] == 0):
        find_any(paging_params(), condition)


def test_paging_params_use_the_given_names_and_max():
    assert_all_examples(
        paging_params(20, top="limit", skip="offset"), lambda p: set(p) == {"limit", "offset"} and p["limit"] <= 20
    )


SHAPES = {
    "top_zero": lambda p: p["top"] == 0,
    "top_over_max": lambda p: isinstance(p["top"], int) and p["top"] > 100,
    "skip_negative": lambda p: isinstance(p["skip"], int) and p["skip"] < 0,
    "not_int": lambda p: not _is_int(p["top"]) or not _is_int(p["skip"]),
}


@pytest.mark.parametrize("kind", PAGING_DEFECTS)
def test_each_paging_defect_is_invalid(kind):
    assert_all_examples(invalid_paging_params(kind), lambda p: not _valid(p) and SHAPES[kind](p))


def test_top_just_over_max_is_reachable():
    find_any(invalid_paging_params("top_over_max"), lambda p: p["top"] == 101)
    find_any(invalid_paging_params("skip_negative"), lambda p: p["skip"] == -1)


def test_paging_arguments_are_validated_eagerly():
    with pytest.raises(InvalidArgument):
        paging_params(0)
    with pytest.raises(InvalidArgument):
        invalid_paging_params("top_huge")
    with pytest.raises(InvalidArgument):
        paging_params(top="n", skip="n")
