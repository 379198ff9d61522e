"""strategies.invalid_windows: each kind of invalid window really breaks the rule it names, and only when asked."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

import pytest
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from conformance.extensions import TimeWindow
from conformance.timefmt import DisplayFormat
from strategies import invalid_time_windows, invalid_windows_for
from strategies.invalid_windows import (
    ABSURD_FIELDS,
    INVALID_WINDOW_KINDS,
    OVER_MAX_EXTRA_SECONDS,
    TWELVE_HOUR_ABSURD_FIELDS,
    invalid_window_kinds,
)
from strategies.time import DEFAULT_WITHIN
from tests.strategies.debug import assert_all_examples, find_any

DAY = 86400
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
TWELVE_HOUR = DisplayFormat("YYYY/MM/DD", "12h")


def _problems(w, notation: str = "rfc3339", display: DisplayFormat | None = None, **rules) -> list[str]:
    return timefmt.window_problems(
        notation, w.start_text, w.end_text, display=display, within=DEFAULT_WITHIN, **{"max_seconds": DAY, **rules}
    )


def _seconds(w) -> float:
    return timefmt.window_seconds(w.start, w.end)


def test_over_max_is_always_over_and_just_over_is_reachable():
    windows = invalid_time_windows("over_max", max_seconds=DAY)
    assert_all_examples(windows, lambda w: DAY < _seconds(w) <= DAY + OVER_MAX_EXTRA_SECONDS and _problems(w))
    find_any(windows, lambda w: _seconds(w) == DAY + 1)
    find_any(windows, lambda w: _seconds(w) > DAY + 2 * 86400)


def test_under_min_is_always_under():
    windows = invalid_time_windows("under_min", min_seconds=3600, max_seconds=DAY)
    assert_all_examples(windows, lambda w: 0 < _seconds(w) < 3600 and _problems(w, min_seconds=3600))
    find_any(windows, lambda w: _seconds(w) == 3599)


def test_end_before_start_and_equal():
    assert_all_examples(invalid_time_windows("end_before_start", max_seconds=DAY), lambda w: _seconds(w) < 0)
    assert_all_examples(
        invalid_time_windows("equal", max_seconds=DAY),
        lambda w: _seconds(w) == 0 and w.start_text == w.end_text and _problems(w),
    )


@pytest.mark.parametrize("notation", ["rfc3339", "iso8601"])
def test_missing_offset_lacks_an_offset(notation):
    def ok(w) -> bool:
        problems = _problems(w, notation)
        return bool(problems) and all("missing UTC offset" in p for p in problems)

    windows = invalid_time_windows("missing_offset", max_seconds=DAY, notation=notation)
    assert_all_examples(windows, ok)
    find_any(windows, lambda w: timefmt.parses(notation, w.end_text))  # only the start lacks it
    find_any(windows, lambda w: not timefmt.parses(notation, w.end_text) and not timefmt.parses(notation, w.start_text))


ALL_NOTATIONS = [
    ("rfc3339", None),
    ("iso8601", None),
    ("local_datetime", None),
    ("display_datetime", DisplayFormat("DD/MM/YYYY", "24h")),
    ("display_datetime", TWELVE_HOUR),
]


@pytest.mark.parametrize(("notation", "display"), ALL_NOTATIONS, ids=str)
def test_absurd_windows_are_rejected_or_implausible(notation, display):
    windows = invalid_time_windows("absurd", max_seconds=DAY, notation=notation, display=display)
    assert_all_examples(windows, lambda w: _problems(w, notation, display))


@pytest.mark.parametrize("defect", [*ABSURD_FIELDS, *TWELVE_HOUR_ABSURD_FIELDS])
def test_every_absurd_defect_is_reachable(defect):
    notation, display = ("display_datetime", TWELVE_HOUR) if "12-hour" in defect else ("rfc3339", None)
    windows = invalid_time_windows("absurd", max_seconds=DAY, notation=notation, display=display)
    find_any(windows, lambda w: w.defect.startswith(defect + " in"), tries=2000)


def test_absurd_year_9999_is_caught_by_within():
    windows = invalid_time_windows("absurd", max_seconds=DAY, notation="local_datetime")

    def year_9999_that_parses(w) -> bool:
        texts = (w.start_text, w.end_text)
        return w.defect.startswith("year 9999") and all(timefmt.parses("local_datetime", t) for t in texts)

    found = find_any(windows, year_9999_that_parses, tries=2000)
    assert any("outside" in p for p in _problems(found, "local_datetime"))


@pytest.mark.parametrize(("notation", "display"), ALL_NOTATIONS, ids=str)
def test_wrong_notation_never_parses_in_the_expected_notation(notation, display):
    def ok(w) -> bool:
        return not timefmt.parses(notation, w.start_text, display=display) and not timefmt.parses(
            notation, w.end_text, display=display
        )

    assert_all_examples(invalid_time_windows("wrong_notation", max_seconds=DAY, notation=notation, display=display), ok)


def test_wrong_notation_reaches_a_swapped_date_order():
    windows = invalid_time_windows("wrong_notation", notation="display_datetime", display=DisplayFormat("MM/DD/YYYY"))
    find_any(windows, lambda w: w.defect == "written as display DD/MM/YYYY HH:mm:ss")


def test_invalid_windows_cross_dst_changes_too():
    windows = invalid_time_windows("over_max", max_seconds=DAY, offsets=st.just(NEW_YORK))
    find_any(windows, lambda w: w.start.utcoffset() != w.end.utcoffset())


def test_no_kind_mixes_every_applicable_kind():
    windows = invalid_time_windows(min_seconds=60, max_seconds=DAY)
    for kind in INVALID_WINDOW_KINDS:
        find_any(windows, lambda w, kind=kind: w.kind == kind, tries=2000)
    assert_all_examples(windows, lambda w: _problems(w, min_seconds=60))


@pytest.mark.parametrize(
    ("kind", "kwargs", "message"),
    [
        ("over_max", {}, "needs max_seconds"),
        ("under_min", {"max_seconds": DAY}, "needs min_seconds"),
        ("under_min", {"min_seconds": 1}, "needs min_seconds >= 2"),
        ("missing_offset", {"notation": "local_datetime"}, "applies to rfc3339 and iso8601"),
        ("too_long", {"max_seconds": DAY}, "must be one of"),
        (
            "over_max",
            {"max_seconds": DAY, "within": (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC))},
            "do not fit",
        ),
    ],
)
def test_invalid_time_windows_validate_arguments_eagerly(kind, kwargs, message):
    with pytest.raises(InvalidArgument, match=message):
        invalid_time_windows(kind, **kwargs)


def _spec(**overrides) -> TimeWindow:
    raw = {
        "start": {"in": "body", "name": "start_time"},
        "end": {"in": "body", "name": "end_time"},
        "notation": "rfc3339",
        "utc_offset": "required",
        "required": True,
        **overrides,
    }
    return TimeWindow.parse(raw)


@pytest.mark.parametrize(
    ("overrides", "kinds"),
    [
        ({"max_seconds": DAY}, ("over_max", "end_before_start", "equal", "missing_offset", "absurd", "wrong_notation",
                                "near_notation")),
        ({"min_seconds": DAY, "max_seconds": 365 * DAY}, INVALID_WINDOW_KINDS),
        (
            {"notation": "local_datetime", "utc_offset": "forbidden"},
            ("end_before_start", "equal", "absurd", "wrong_notation", "near_notation"),
        ),
        ({"end_after_start": False}, ("missing_offset", "absurd", "wrong_notation", "near_notation")),
    ],
)
def test_invalid_window_kinds_follow_the_spec(overrides, kinds):
    assert invalid_window_kinds(_spec(**overrides)) == tuple(kinds)


def test_invalid_windows_for_a_spec_break_its_rules():
    spec = _spec(min_seconds=3600, max_seconds=DAY)
    assert_all_examples(invalid_windows_for(spec), lambda w: _problems(w, min_seconds=3600))
    with pytest.raises(InvalidArgument, match="does not apply"):
        invalid_windows_for(_spec(), "over_max")
