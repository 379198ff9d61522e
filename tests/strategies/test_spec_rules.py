"""The strategies against the normalised specs: windows and stx arrays follow (or break) the specs' own rules."""

from __future__ import annotations

import itertools

import jsonschema
import pytest

from conformance.extensions import TimeWindow, operation_extensions
from conformance.specs import SPEC_NAMES, iter_operations, load_spec
from conformance.timefmt import DisplayFormat, window_problems
from strategies import invalid_stx_arrays, invalid_windows_for, stx_arrays, windows_for
from strategies.time import DEFAULT_WITHIN
from tests.strategies.debug import assert_all_examples

DISPLAY = DisplayFormat("MM/DD/YYYY", "24h")


def _time_windows() -> list[tuple[str, TimeWindow]]:
    found = []
    for spec in SPEC_NAMES:
        for operation in iter_operations(load_spec(spec)):
            window = operation_extensions(operation).time_window
            if window is not None:
                found.append((f"{spec}:{operation.operation_id}", window))
    return found


WINDOWS = _time_windows()


def _problems(rules: TimeWindow, window) -> list[str]:
    return window_problems(
        rules.notation,
        window.start_text,
        window.end_text,
        min_seconds=rules.min_seconds,
        max_seconds=rules.max_seconds,
        end_after_start=rules.end_after_start,
        display=DISPLAY,
        tz=window.start.tzinfo if window.start is not None else None,
        within=DEFAULT_WITHIN,
    )


def test_the_specs_have_time_windows():
    assert len(WINDOWS) >= 5


@pytest.mark.parametrize(("label", "rules"), WINDOWS, ids=[label for label, _ in WINDOWS])
def test_valid_windows_follow_the_spec(label, rules):
    assert_all_examples(windows_for(rules, display=DISPLAY), lambda w: _problems(rules, w) == [], examples=20)


@pytest.mark.parametrize(("label", "rules"), WINDOWS, ids=[label for label, _ in WINDOWS])
def test_invalid_windows_break_the_spec(label, rules):
    assert_all_examples(invalid_windows_for(rules, display=DISPLAY), lambda w: _problems(rules, w) != [], examples=20)


def _stx_schema() -> dict:
    return load_spec("portsip-dataflow")["components"]["schemas"]["StxThresholds"]


def _follows(schema: dict, values: list[int]) -> bool:
    ascending = not schema.get("x-pbx-strictly-ascending") or all(a < b for a, b in itertools.pairwise(values))
    return jsonschema.Draft202012Validator(schema).is_valid(values) and ascending


def test_stx_arrays_follow_the_spec_schema():
    schema = _stx_schema()
    assert schema.get("x-pbx-strictly-ascending") is True
    assert_all_examples(stx_arrays(), lambda values: _follows(schema, values))
    assert_all_examples(invalid_stx_arrays(), lambda values: not _follows(schema, values))
