"""strategies.time: offsets, zones, RFC 3339 texts and valid windows."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from conformance.extensions import TimeWindow
from conformance.timefmt import DisplayFormat
from strategies import rfc3339_datetimes, time_windows, time_zones, utc_offsets, windows_for
from tests.strategies.debug import assert_all_examples, find_any

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
DAY = 86400


def _offset_text(text: str) -> str:
    return "Z" if text.endswith("Z") else text[-6:]


# --- offsets and zones ---------------------------------------------------------------------------


def test_utc_offsets_stay_in_range_on_the_quarter_hour():
    def ok(tz: timezone) -> bool:
        offset = tz.utcoffset(None)
        return timedelta(hours=-12) <= offset <= timedelta(hours=14) and offset % timedelta(minutes=15) == timedelta()

    assert_all_examples(utc_offsets(), ok)


@pytest.mark.parametrize("minutes", [0, 330, -240, 840, -720, 345])
def test_utc_offsets_reach_notable_values(minutes):
    find_any(utc_offsets(), lambda tz: tz.utcoffset(None) == timedelta(minutes=minutes))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"step_minutes": 0},
        {"min_minutes": 60, "max_minutes": 0},
        {"max_minutes": 1440},
        {"min_minutes": 1, "max_minutes": 14},
    ],
)
def test_utc_offsets_validate_arguments_eagerly(kwargs):
    with pytest.raises(InvalidArgument):
        utc_offsets(**kwargs)


def test_time_zones_include_dst_zones():
    find_any(time_zones(), lambda tz: len(timefmt.dst_transitions(tz, 2025)) == 2)
    with pytest.raises(InvalidArgument, match="none of the zones"):
        time_zones(("Nowhere/Atlantis",))


# --- RFC 3339 texts ------------------------------------------------------------------------------


def test_rfc3339_datetimes_always_carry_an_offset_and_stay_in_bounds():
    low, high = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 12, 31, tzinfo=UTC)

    def ok(text: str) -> bool:
        parsed = timefmt.parse_rfc3339(text)
        return parsed.utcoffset() is not None and low <= parsed <= high

    assert_all_examples(rfc3339_datetimes(low, high), ok)


@pytest.mark.parametrize("offset", ["Z", "+00:00", "+05:30", "-04:00", "+14:00", "-12:00"])
def test_rfc3339_datetimes_reach_offset(offset):
    find_any(rfc3339_datetimes(), lambda text: _offset_text(text) == offset)


def test_rfc3339_datetimes_reach_both_bounds_and_fractions():
    low, high = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC)
    find_any(rfc3339_datetimes(low, high), lambda text: timefmt.same_instant(timefmt.parse_rfc3339(text), low))
    find_any(rfc3339_datetimes(low, high), lambda text: timefmt.same_instant(timefmt.parse_rfc3339(text), high))
    find_any(rfc3339_datetimes(fractions=True), lambda text: "." in text)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_value": datetime(2025, 1, 1)},
        {"min_value": datetime(2025, 1, 2, tzinfo=UTC), "max_value": datetime(2025, 1, 1, tzinfo=UTC)},
        {"offsets": UTC},
    ],
)
def test_rfc3339_datetimes_validate_arguments_eagerly(kwargs):
    with pytest.raises(InvalidArgument):
        rfc3339_datetimes(**kwargs)


# --- valid windows -------------------------------------------------------------------------------


def test_windows_respect_min_and_max():
    assert_all_examples(time_windows(3600, DAY), lambda w: 3600 <= w.seconds <= DAY)


@pytest.mark.parametrize("bound", [3600, DAY])
def test_both_bounds_are_reachable(bound):
    find_any(time_windows(3600, DAY), lambda w: w.seconds == bound)


def test_windows_stay_within():
    low, high = datetime(2025, 6, 1, tzinfo=UTC), datetime(2025, 6, 3, tzinfo=UTC)
    assert_all_examples(time_windows(60, DAY, within=(low, high)), lambda w: low <= w.start < w.end <= high)


NOTATION_CASES = [
    ("rfc3339", None),
    ("iso8601", None),
    ("local_datetime", None),
    ("display_datetime", DisplayFormat("MM/DD/YYYY", "24h")),
    ("display_datetime", DisplayFormat("YYYY/MM/DD", "12h")),
]


@pytest.mark.parametrize(("notation", "display"), NOTATION_CASES, ids=lambda v: str(v))
def test_window_texts_read_back_as_the_window(notation, display):
    def ok(w) -> bool:
        tz = w.start.tzinfo
        start = timefmt.parse_datetime(notation, w.start_text, display=display, tz=tz)
        end = timefmt.parse_datetime(notation, w.end_text, display=display, tz=tz)
        same = timefmt.same_instant(start, w.start) and timefmt.same_instant(end, w.end)
        return same and timefmt.window_seconds(start, end) == w.seconds

    assert_all_examples(time_windows(1, DAY, notation=notation, display=display), ok)


def test_rfc3339_windows_carry_offsets():
    assert_all_examples(
        time_windows(1, DAY),
        lambda w: timefmt.parse_rfc3339(w.start_text).utcoffset() == w.start.utcoffset(),
    )


@pytest.mark.parametrize("notation", ["rfc3339", "local_datetime"])
def test_a_window_across_a_dst_change_is_reachable(notation):
    windows = time_windows(1, DAY, notation=notation, offsets=st.just(NEW_YORK))
    find_any(windows, lambda w: w.start.utcoffset() != w.end.utcoffset())


@pytest.mark.parametrize("notation", ["local_datetime", "display_datetime"])
def test_wall_time_windows_leave_out_repeated_wall_times(notation):
    around_fall_back = (datetime(2012, 11, 4, 4, tzinfo=UTC), datetime(2012, 11, 4, 8, tzinfo=UTC))
    display = DisplayFormat("DD/MM/YYYY", "12h")

    def ok(w) -> bool:
        walls = [timefmt.parse_datetime(notation, text, display=display) for text in (w.start_text, w.end_text)]
        return not any(timefmt.is_ambiguous(wall, NEW_YORK) for wall in walls)

    windows = time_windows(
        1, 7200, notation=notation, display=display, offsets=st.just(NEW_YORK), within=around_fall_back
    )
    assert_all_examples(windows, ok)


def test_a_short_window_across_a_month_end_is_reachable():
    windows = time_windows(1, 3600, offsets=utc_offsets())
    find_any(windows, lambda w: (w.start.year, w.start.month) != (w.end.year, w.end.month))


@pytest.mark.parametrize("step", [3600, 7200, 28800])
def test_aligned_windows_fall_on_step_boundaries(step):
    def ok(w) -> bool:
        return timefmt.is_aligned(w.start, step) and w.seconds % step == 0 and 3600 <= w.seconds <= DAY

    assert_all_examples(time_windows(3600, DAY, align=step), ok)


def test_an_aligned_window_across_a_dst_change_is_reachable():
    windows = time_windows(3600, DAY, align=3600, offsets=st.just(NEW_YORK))
    find_any(windows, lambda w: w.start.utcoffset() != w.end.utcoffset())


def test_window_fields_key_texts_by_name():
    window = find_any(time_windows(60, 60))
    assert window.fields("start_time", "end_time") == {"start_time": window.start_text, "end_time": window.end_text}


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((10, 5), {}, "min_seconds"),
        ((-1, 5), {}, "min_seconds"),
        ((1, DAY), {"notation": "unix"}, "notation"),
        ((1, DAY), {"notation": "display_datetime"}, "display"),
        ((3600, 3600), {"align": 7200}, "align"),
        ((1, DAY), {"align": 0}, "align"),
        ((1, DAY), {"within": (datetime(2025, 1, 1), datetime(2025, 2, 1))}, "aware"),
        ((1, 10 * DAY), {"within": (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC))}, "fit"),
        ((1, DAY), {"offsets": NEW_YORK}, "strategy"),
    ],
)
def test_time_windows_validate_arguments_eagerly(args, kwargs, message):
    with pytest.raises(InvalidArgument, match=message):
        time_windows(*args, **kwargs)


def test_windows_for_follow_the_spec_extension():
    spec = TimeWindow.parse(
        {
            "start": {"in": "body", "name": "from"},
            "end": {"in": "body", "name": "to"},
            "notation": "iso8601",
            "utc_offset": "required",
            "required": False,
            "min_seconds": 3600,
            "max_seconds": 2 * DAY,
        }
    )
    windows = windows_for(spec)
    assert_all_examples(windows, lambda w: 3600 <= w.seconds <= 2 * DAY and w.start_text.endswith("Z"))
    find_any(windows, lambda w: w.seconds == 2 * DAY)
