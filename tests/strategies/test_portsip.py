"""strategies.portsip: interval labels and stx arrays, valid and with one defect each."""

from __future__ import annotations

import itertools

import jsonschema
import pytest
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from strategies import interval_values, intervals, invalid_stx_arrays, stx_arrays
from strategies.portsip import PORTSIP_INTERVALS, STX_DEFECTS
from tests.strategies.debug import assert_all_examples, find_any

# The stx schema of the PortSIP Dataflow document (SPEEDOFACCEPT / ABANDONDELAY report jobs).
STX_SCHEMA = {
    "type": "array",
    "items": {"type": "integer", "minimum": 1, "maximum": 3600},
    "minItems": 10,
    "maxItems": 10,
}


def _schema_ok(values: list[int]) -> bool:
    return jsonschema.Draft202012Validator(STX_SCHEMA).is_valid(values)


def _ascending(values: list[int]) -> bool:
    return all(a < b for a, b in itertools.pairwise(values))


def test_stx_arrays_follow_the_documented_rule():
    assert_all_examples(stx_arrays(), lambda v: _schema_ok(v) and _ascending(v))


@pytest.mark.parametrize("bound", [1, 3600])
def test_stx_bounds_are_reachable(bound):
    find_any(stx_arrays(), lambda v: bound in v)


def test_stx_arrays_validate_arguments_eagerly():
    with pytest.raises(InvalidArgument, match="fewer than size"):
        stx_arrays(size=10, min_value=1, max_value=5)
    with pytest.raises(InvalidArgument, match="at least 1"):
        stx_arrays(size=0)


# Defect -> what an array with that defect (and no other) looks like.
DEFECT_SHAPES = {
    "nine": lambda v: len(v) == 9 and _ascending(v) and all(1 <= x <= 3600 for x in v),
    "eleven": lambda v: len(v) == 11 and _ascending(v) and all(1 <= x <= 3600 for x in v),
    "not_ascending": lambda v: _schema_ok(v) and len(set(v)) == 10 and not _ascending(v),
    "duplicate": lambda v: _schema_ok(v) and v == sorted(v) and len(set(v)) < 10,
    "out_of_range": lambda v: len(v) == 10 and _ascending(v) and not _schema_ok(v),
}


@pytest.mark.parametrize("kind", STX_DEFECTS)
def test_each_stx_defect_is_invalid_and_only_that(kind):
    assert_all_examples(
        invalid_stx_arrays(kind), lambda v: not (_schema_ok(v) and _ascending(v)) and DEFECT_SHAPES[kind](v)
    )


def test_out_of_range_reaches_both_ends():
    find_any(invalid_stx_arrays("out_of_range"), lambda v: v[0] < 1)
    find_any(invalid_stx_arrays("out_of_range"), lambda v: v[-1] > 3600)


def test_no_kind_mixes_every_defect():
    for kind in STX_DEFECTS:
        find_any(invalid_stx_arrays(), DEFECT_SHAPES[kind])


def test_unknown_stx_defect_is_refused():
    with pytest.raises(InvalidArgument, match="must be one of"):
        invalid_stx_arrays("twelve")


def test_intervals_are_the_documented_labels_with_their_durations():
    assert_all_examples(intervals(), lambda label: timefmt.parse_duration_label(label) == PORTSIP_INTERVALS[label])
    for label in PORTSIP_INTERVALS:
        find_any(intervals(), lambda value, label=label: value == label)


def test_interval_values_take_any_seconds_map():
    assert_all_examples(interval_values({"15m": 900, "1d": 86400}), lambda label: label in {"15m", "1d"})
    with pytest.raises(InvalidArgument, match="empty"):
        interval_values({})
    with pytest.raises(InvalidArgument, match="not positive integers"):
        interval_values({"0h": 0})
