"""PortSIP strategies: timeseries interval labels and the ST1–ST10 threshold arrays (``stx``)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from strategies.registry import registered

PORTSIP_INTERVALS: dict[str, int] = {"1h": 3600, "2h": 7200, "3h": 10800, "4h": 14400, "6h": 21600, "8h": 28800}
STX_SIZE = 10
STX_MIN, STX_MAX = 1, 3600
STX_DEFECTS = ("nine", "eleven", "not_ascending", "duplicate", "out_of_range")


def _is_stx(values: object) -> bool:
    return (
        isinstance(values, list)
        and len(values) == STX_SIZE
        and all(isinstance(v, int) and STX_MIN <= v <= STX_MAX for v in values)
        and all(a < b for a, b in itertools.pairwise(values))
    )


@registered(
    "Labels of a step parameter taken from a spec's by_param seconds map (e.g. 1h, 2h, ... 8h).",
    claim=lambda label: label in {"1h", "90m"},
    example={"seconds_map": {"1h": 3600, "90m": 5400}},
)
def interval_values(seconds_map: Mapping[str, int]) -> st.SearchStrategy[str]:
    """A label of ``seconds_map`` (x-pbx-timeseries ``by_param.seconds``), shortest step first."""
    if not seconds_map:
        raise InvalidArgument("seconds_map is empty")
    bad = {label: seconds for label, seconds in seconds_map.items() if not isinstance(seconds, int) or seconds <= 0}
    if bad:
        raise InvalidArgument(f"seconds_map has steps that are not positive integers: {bad}")
    return st.sampled_from(sorted(seconds_map, key=lambda label: seconds_map[label]))


@registered(
    "PortSIP Dataflow interval labels 1h, 2h, 3h, 4h, 6h, 8h; each label's duration is its documented step.",
    claim=lambda label: timefmt.parse_duration_label(label) == PORTSIP_INTERVALS[label],
)
def intervals() -> st.SearchStrategy[str]:
    """The ``interval`` values of the PortSIP timeseries operations."""
    return interval_values(PORTSIP_INTERVALS)


def _check_stx_args(size: int, min_value: int, max_value: int) -> None:
    if size < 1:
        raise InvalidArgument(f"size={size} must be at least 1")
    if max_value - min_value + 1 < size:
        raise InvalidArgument(f"{min_value}..{max_value} holds fewer than size={size} distinct values")


def _ascending(size: int, min_value: int, max_value: int) -> st.SearchStrategy[list[int]]:
    values = st.integers(min_value, max_value)
    return st.lists(values, min_size=size, max_size=size, unique=True).map(sorted)


@registered(
    "Exactly ten strictly ascending integers in 1..3600 (PortSIP ST1 < ST2 < ... < ST10).",
    claim=_is_stx,
)
def stx_arrays(
    size: int = STX_SIZE, min_value: int = STX_MIN, max_value: int = STX_MAX
) -> st.SearchStrategy[list[int]]:
    """``size`` strictly ascending integers in ``min_value..max_value``; both bounds are reachable."""
    _check_stx_args(size, min_value, max_value)
    return _ascending(size, min_value, max_value)


@st.composite
def _not_ascending(draw: st.DrawFn) -> list[int]:
    ordered = draw(_ascending(STX_SIZE, STX_MIN, STX_MAX))
    return draw(st.permutations(ordered).filter(lambda values: values != ordered))


@st.composite
def _duplicate(draw: st.DrawFn) -> list[int]:
    values = draw(_ascending(STX_SIZE - 1, STX_MIN, STX_MAX))
    index = draw(st.integers(0, len(values) - 1))
    return sorted([*values, values[index]])


@st.composite
def _out_of_range(draw: st.DrawFn) -> list[int]:
    values = draw(_ascending(STX_SIZE - 1, STX_MIN, STX_MAX))
    if draw(st.booleans()):
        return [draw(st.integers(-STX_MAX, STX_MIN - 1)), *values]
    return [*values, draw(st.integers(STX_MAX + 1, 2 * STX_MAX))]


# Defect -> arrays with that defect and no other.
STX_BUILDERS: dict[str, st.SearchStrategy[list[int]]] = {
    "nine": _ascending(STX_SIZE - 1, STX_MIN, STX_MAX),
    "eleven": _ascending(STX_SIZE + 1, STX_MIN, STX_MAX),
    "not_ascending": _not_ascending(),
    "duplicate": _duplicate(),
    "out_of_range": _out_of_range(),
}


@registered(
    "stx arrays with exactly the defect `kind` names: nine, eleven, not_ascending, duplicate or out_of_range.",
    claim=lambda values: isinstance(values, list) and not _is_stx(values),
)
def invalid_stx_arrays(kind: str | None = None) -> st.SearchStrategy[list[int]]:
    """Integer arrays that break the stx rule in one way; ``kind=None`` mixes every defect."""
    if kind is None:
        return st.one_of(list(STX_BUILDERS.values()))
    if kind not in STX_BUILDERS:
        raise InvalidArgument(f"kind={kind!r} must be one of {STX_DEFECTS}")
    return STX_BUILDERS[kind]
