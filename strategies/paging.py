"""Strategies for top/skip paging query values (x-pbx-pagination), valid and invalid."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from strategies.registry import registered

PAGING_DEFECTS = ("top_zero", "top_over_max", "skip_negative", "not_int")
# Texts no integer parser should accept.
NON_INTEGER_TEXTS = ("ten", "1.5", "1e2", "0x10", "true", "null", "5a", "-")
MAX_SKIP = 10_000


def _check(max_top: int, top: str, skip: str) -> None:
    if not isinstance(max_top, int) or max_top < 1:
        raise InvalidArgument(f"max_top={max_top!r} must be a positive integer")
    if not top or not skip or top == skip:
        raise InvalidArgument(f"top={top!r} and skip={skip!r} must be two different names")


@registered(
    "Paging values {top: 1..max_top, skip: 0..10000} (both ends reachable).",
    claim=lambda p: set(p) == {"top", "skip"} and 1 <= p["top"] <= 100 and 0 <= p["skip"] <= MAX_SKIP,
)
def paging_params(max_top: int = 100, *, top: str = "top", skip: str = "skip") -> st.SearchStrategy[dict[str, int]]:
    """A valid page request: ``top`` in ``1..max_top`` and ``skip`` in ``0..10000``."""
    _check(max_top, top, skip)
    return st.fixed_dictionaries({top: st.integers(1, max_top), skip: st.integers(0, MAX_SKIP)})


def _is_integer_text(value: object) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value) is not None)


@registered(
    "Paging values with one defect: top 0, top over max_top, skip below 0, or a value that is not an integer.",
    claim=lambda p: (
        not (_is_integer_text(p["top"]) and _is_integer_text(p["skip"]))
        or not 1 <= int(p["top"]) <= 100
        or int(p["skip"]) < 0
    ),
)
def invalid_paging_params(
    kind: str | None = None, *, max_top: int = 100, top: str = "top", skip: str = "skip"
) -> st.SearchStrategy[dict[str, int | str]]:
    """A page request with exactly the defect ``kind`` names (``kind=None``: any of them)."""
    _check(max_top, top, skip)
    valid_top, valid_skip = st.integers(1, max_top), st.integers(0, MAX_SKIP)
    not_int = st.sampled_from(NON_INTEGER_TEXTS)
    builders: dict[str, st.SearchStrategy[Any]] = {
        "top_zero": st.fixed_dictionaries({top: st.just(0), skip: valid_skip}),
        "top_over_max": st.fixed_dictionaries({top: st.integers(max_top + 1, max_top + 1000), skip: valid_skip}),
        "skip_negative": st.fixed_dictionaries({top: valid_top, skip: st.integers(-1000, -1)}),
        "not_int": st.fixed_dictionaries({top: not_int, skip: valid_skip})
        | st.fixed_dictionaries({top: valid_top, skip: not_int}),
    }
    if kind is None:
        return st.one_of(list(builders.values()))
    if kind not in builders:
        raise InvalidArgument(f"kind={kind!r} must be one of {PAGING_DEFECTS}")
    return builders[kind]
