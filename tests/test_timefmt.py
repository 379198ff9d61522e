"""conformance.timefmt: every notation round-trips, and malformed or impossible values are rejected clearly."""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance import timefmt
from conformance.timefmt import DISPLAY_FORMATS, DisplayFormat

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
MINUS_4 = timezone(timedelta(hours=-4))

offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
naive_seconds = st.datetimes(datetime(1900, 1, 1), datetime(2999, 12, 31)).map(lambda d: d.replace(microsecond=0))
aware = st.builds(
    lambda d, tz: d.replace(tzinfo=tz), st.datetimes(datetime(1900, 1, 2), datetime(2999, 12, 30)), offsets
)


# --- RFC 3339 ------------------------------------------------------------------------------------


def test_rfc3339_vendor_example_keeps_its_offset():
    parsed = timefmt.parse_rfc3339("2025-09-28T00:00:00-04:00")
    assert parsed == datetime(2025, 9, 28, 4, tzinfo=UTC)
    assert parsed.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09-28T00:00:00Z", datetime(2025, 9, 28, tzinfo=UTC)),
        ("2025-09-28t00:00:00z", datetime(2025, 9, 28, tzinfo=UTC)),
        ("2025-09-28T00:00:00.1234567+05:30", datetime(2025, 9, 27, 18, 30, 0, 123456, tzinfo=UTC)),
        ("2024-02-29T23:59:59+14:00", datetime(2024, 2, 29, 9, 59, 59, tzinfo=UTC)),
        ("2025-01-01T00:00:00-12:00", datetime(2025, 1, 1, 12, tzinfo=UTC)),
    ],
)
def test_rfc3339_accepts(text, expected):
    assert timefmt.parse_rfc3339(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-09-28T00:00:00", "missing UTC offset"),
        ("2025-09-28T00:00:00.5", "missing UTC offset"),
        ("2025-01-01T24:00:00Z", "hour 24 out of range 00-23"),
        ("2025-02-30T00:00:00Z", "day 30 out of range 01-28 for 2025-02"),
        ("2024-02-30T00:00:00Z", "day 30 out of range 01-29 for 2024-02"),
        ("2025-13-01T00:00:00Z", "month 13 out of range 01-12"),
        ("0000-01-01T00:00:00Z", "year 0000 out of range"),
        ("2025-01-01T00:60:00Z", "minute 60 out of range"),
        ("2025-12-31T23:59:60Z", "leap seconds are not accepted"),
        ("9999-12-31T23:00:00-05:00", "in UTC it falls outside years 0001-9999"),
        ("0001-01-01T00:00:00+01:00", "in UTC it falls outside years 0001-9999"),
        ("2025-09-28T00:00:00+24:00", "offset hours 24 out of range"),
        ("2025-09-28T00:00:00+05:60", "offset minutes 60 out of range"),
        ("2025-09-28T00:00:00+0530", "is not an RFC 3339 date-time"),
        ("2025-09-28 00:00:00Z", "is not an RFC 3339 date-time"),
        ("2025-9-28T00:00:00Z", "is not an RFC 3339 date-time"),
        ("２０２５-09-28T00:00:00Z", "is not an RFC 3339 date-time"),
        ("1759017600", "is not an RFC 3339 date-time"),
    ],
)
def test_rfc3339_rejects_with_a_clear_message(text, message):
    with pytest.raises(ValueError, match=message) as info:
        timefmt.parse_rfc3339(text)
    assert repr(text) in str(info.value)


@settings(max_examples=60)
@given(aware, st.sampled_from(("Z", "+00:00")))
def test_rfc3339_round_trip_keeps_instant_and_offset(dt, utc):
    text = timefmt.format_rfc3339(dt, utc=utc)
    back = timefmt.parse_rfc3339(text)
    assert back == dt and back.utcoffset() == dt.utcoffset()


def test_rfc3339_writes_zero_offset_as_asked_and_refuses_naive():
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    assert timefmt.format_rfc3339(moment) == "2025-01-01T00:00:00Z"
    assert timefmt.format_rfc3339(moment, utc="+00:00") == "2025-01-01T00:00:00+00:00"
    assert timefmt.format_rfc3339(moment.replace(microsecond=5000), timespec="milliseconds").endswith(".005Z")
    with pytest.raises(ValueError, match="naive"):
        timefmt.format_rfc3339(datetime(2025, 1, 1))


def test_utc_offsets_parse_and_format():
    assert timefmt.parse_utc_offset("-00:00") == UTC
    assert timefmt.parse_utc_offset("+0530", colon=False).utcoffset(None) == timedelta(hours=5, minutes=30)
    assert timefmt.format_utc_offset(timedelta(hours=-9, minutes=-30)) == "-09:30"
    with pytest.raises(ValueError, match="'\\+0530' is not a UTC offset"):
        timefmt.parse_utc_offset("+0530")
    with pytest.raises(ValueError, match="whole minutes"):
        timefmt.format_utc_offset(timedelta(seconds=30))


# --- ISO 8601 (TelecomX) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-01-01T00:00:00Z", datetime(2016, 1, 1, tzinfo=UTC)),
        ("2020-01-31T00:00:00.000Z", datetime(2020, 1, 31, tzinfo=UTC)),
        ("2016-01-01T01:00:00+0100", datetime(2016, 1, 1, tzinfo=UTC)),
        ("2016-01-01T01:00:00+01", datetime(2016, 1, 1, tzinfo=UTC)),
    ],
)
def test_iso8601_accepts(text, expected):
    assert timefmt.parse_iso8601(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2020-01-01-T00:00:00.000Z", "is not an ISO 8601 date-time"),  # the vendor's own example
        ("2016-01-01T00:00:00", "missing UTC offset"),
        ("2016-01-01 00:00:00Z", "is not an ISO 8601 date-time"),
        ("2016-01-01T24:00:00Z", "hour 24 out of range"),
        ("2016-02-30T00:00:00Z", "day 30 out of range"),
    ],
)
def test_iso8601_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        timefmt.parse_iso8601(text)


def test_iso8601_without_designator_is_local_time_only_when_a_zone_is_given():
    assert timefmt.parse_iso8601("2016-01-01T01:00:00", timezone(timedelta(hours=1))) == datetime(
        2016, 1, 1, tzinfo=UTC
    )
    with pytest.raises(ValueError, match="missing UTC offset"):
        timefmt.parse_iso8601("2016-01-01T01:00:00")


@settings(max_examples=40)
@given(aware, st.sampled_from(("seconds", "milliseconds", "microseconds")))
def test_iso8601_round_trip_in_utc(dt, timespec):
    text = timefmt.format_iso8601(dt.replace(microsecond=0), timespec=timespec)
    assert text.endswith("Z") and timefmt.parse_iso8601(text) == dt.replace(microsecond=0)


# --- local wall time (FusionPBX) -----------------------------------------------------------------


def test_local_datetime_vendor_example():
    assert timefmt.parse_local_datetime("2023-03-07 23:59:59") == datetime(2023, 3, 7, 23, 59, 59)
    plus7 = timezone(timedelta(hours=7))
    assert timefmt.parse_local_datetime("2023-03-07 00:00:00", plus7) == datetime(2023, 3, 6, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-03-07T00:00:00", "is not a local date-time"),
        ("2023-03-07 00:00:00+07", "is not a local date-time"),
        ("2023-03-07 24:00:00", "hour 24 out of range"),
        ("2023-02-29 00:00:00", "day 29 out of range 01-28"),
    ],
)
def test_local_datetime_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        timefmt.parse_local_datetime(text)


def test_local_datetime_in_a_dst_zone():
    with pytest.raises(ValueError, match="does not exist in America/New_York"):
        timefmt.parse_local_datetime("2025-03-09 02:30:00", NEW_YORK)
    repeated = datetime(2025, 11, 2, 1, 30)
    assert timefmt.is_ambiguous(repeated, NEW_YORK) and not timefmt.is_ambiguous(datetime(2025, 11, 2, 3), NEW_YORK)
    assert timefmt.parse_local_datetime("2025-11-02 01:30:00", NEW_YORK).utcoffset() == timedelta(hours=-4)


@settings(max_examples=40)
@given(naive_seconds)
def test_local_datetime_round_trip(dt):
    assert timefmt.parse_local_datetime(timefmt.format_local_datetime(dt)) == dt


def test_local_datetime_beyond_the_calendar_in_utc():
    with pytest.raises(ValueError, match="outside years 0001-9999"):
        timefmt.parse_local_datetime("9999-12-31 23:00:00", timezone(timedelta(hours=-5)))


def test_local_datetime_formats_in_a_zone():
    moment = datetime(2023, 3, 6, 17, tzinfo=UTC)
    assert timefmt.format_local_datetime(moment, timezone(timedelta(hours=7))) == "2023-03-07 00:00:00"
    with pytest.raises(ValueError, match="naive"):
        timefmt.format_local_datetime(datetime(2023, 3, 7), NEW_YORK)


# --- Yeastar display formats ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MM/DD/YYYY HH:mm:ss", DisplayFormat("MM/DD/YYYY", "24h")),
        ("DD/MM/YYYY HH:mm:ss", DisplayFormat("DD/MM/YYYY", "24h")),
        ("YYYY/MM/DD hh:mm:ss AM", DisplayFormat("YYYY/MM/DD", "12h")),
        ("YYYY/MM/DD HH:mm:ss PM", DisplayFormat("YYYY/MM/DD", "12h")),  # the vendor document's spelling
    ],
)
def test_display_format_parse(text, expected):
    assert DisplayFormat.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("YYYY/MM/DD hh:mm:ss", "needs an AM/PM marker"),
        ("DD.MM.YYYY HH:mm:ss", "is not a display format"),
        ("MM/DD/YYYY", "is not a display format"),
    ],
)
def test_display_format_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        DisplayFormat.parse(text)


def test_display_format_fields_are_checked():
    with pytest.raises(ValueError, match="unknown date order"):
        DisplayFormat("YYYY-MM-DD")
    with pytest.raises(ValueError, match="unknown clock"):
        DisplayFormat("YYYY/MM/DD", "13h")


@pytest.mark.parametrize("fmt", DISPLAY_FORMATS, ids=str)
def test_display_format_text_round_trip(fmt):
    assert DisplayFormat.parse(fmt.pattern) == fmt and str(fmt) == fmt.pattern


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("04/01/2022 00:00:00", "MM/DD/YYYY HH:mm:ss", datetime(2022, 4, 1)),
        ("31/05/2022 23:59:59", "DD/MM/YYYY HH:mm:ss", datetime(2022, 5, 31, 23, 59, 59)),
        ("2022/04/01 12:00:00 AM", "YYYY/MM/DD hh:mm:ss AM", datetime(2022, 4, 1, 0)),
        ("2022/04/01 12:30:00 PM", "YYYY/MM/DD hh:mm:ss AM", datetime(2022, 4, 1, 12, 30)),
        ("2022/04/01 01:00:00 PM", "YYYY/MM/DD hh:mm:ss AM", datetime(2022, 4, 1, 13)),
    ],
)
def test_display_datetime_accepts(text, fmt, expected):
    assert timefmt.parse_display_datetime(text, DisplayFormat.parse(fmt)) == expected


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ("2022/04/01 13:00:00 PM", "YYYY/MM/DD hh:mm:ss AM", "hour 13 out of range 01-12 on a 12-hour clock"),
        ("2022/04/01 00:30:00 AM", "YYYY/MM/DD hh:mm:ss AM", "hour 00 out of range 01-12"),
        ("2022/04/01 01:00:00 pm", "YYYY/MM/DD hh:mm:ss AM", "does not match display format"),
        ("2022/04/01 01:00:00", "YYYY/MM/DD hh:mm:ss AM", "does not match display format"),
        ("2022/04/01 00:00:00", "MM/DD/YYYY HH:mm:ss", "does not match display format 'MM/DD/YYYY HH:mm:ss'"),
        ("13/01/2022 00:00:00", "MM/DD/YYYY HH:mm:ss", "month 13 out of range"),
        ("02/30/2022 00:00:00", "MM/DD/YYYY HH:mm:ss", "day 30 out of range"),
        ("04/01/2022 10:00:00 AM", "MM/DD/YYYY HH:mm:ss", "does not match display format"),
        ("4/1/2022 00:00:00", "MM/DD/YYYY HH:mm:ss", "does not match display format"),
    ],
)
def test_display_datetime_rejects(text, fmt, message):
    with pytest.raises(ValueError, match=message):
        timefmt.parse_display_datetime(text, DisplayFormat.parse(fmt))


@settings(max_examples=60)
@given(naive_seconds, st.sampled_from(DISPLAY_FORMATS))
def test_display_datetime_round_trip(dt, fmt):
    assert timefmt.parse_display_datetime(timefmt.format_display_datetime(dt, fmt), fmt) == dt


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2022/04/01", "YYYY/MM/DD", ("hourly", datetime(2022, 4, 1), datetime(2022, 4, 2))),
        ("2022/12", "YYYY/MM/DD", ("daily", datetime(2022, 12, 1), datetime(2023, 1, 1))),
        ("2022", "YYYY/MM/DD", ("monthly", datetime(2022, 1, 1), datetime(2023, 1, 1))),
        ("31/12/2022", "DD/MM/YYYY", ("hourly", datetime(2022, 12, 31), datetime(2023, 1, 1))),
        ("02/2024", "MM/DD/YYYY", ("daily", datetime(2024, 2, 1), datetime(2024, 3, 1))),
    ],
)
def test_display_period_accepts(text, order, expected):
    assert tuple(timefmt.parse_display_period(text, order)) == expected


@pytest.mark.parametrize(
    ("text", "order", "message"),
    [
        ("2022/13", "YYYY/MM/DD", "month 13 out of range"),
        ("2022/02/30", "YYYY/MM/DD", "day 30 out of range"),
        ("12/2022", "YYYY/MM/DD", "not a report period in date order YYYY/MM/DD"),
        ("2022/04/01", "MM/DD/YYYY", "not a report period"),
        ("22", "YYYY/MM/DD", "not a report period"),
    ],
)
def test_display_period_rejects(text, order, message):
    with pytest.raises(ValueError, match=message):
        timefmt.parse_display_period(text, order)


@settings(max_examples=60)
@given(
    st.dates(date(1900, 1, 1), date(2999, 12, 31)),
    st.sampled_from(timefmt.GRANULARITIES),
    st.sampled_from(DISPLAY_FORMATS),
)
def test_display_period_round_trip(day, granularity, fmt):
    period = timefmt.parse_display_period(timefmt.format_display_period(granularity, day, fmt), fmt)
    assert period.granularity == granularity
    assert period.start <= datetime(day.year, day.month, day.day) < period.end


# --- dispatch by notation ------------------------------------------------------------------------


@pytest.mark.parametrize("notation", timefmt.NOTATIONS)
def test_every_notation_round_trips_through_dispatch(notation):
    moment = datetime(2024, 2, 29, 13, 5, 9, tzinfo=MINUS_4)
    display = DisplayFormat("DD/MM/YYYY", "12h")
    text = timefmt.format_datetime(notation, moment, display=display, tz=MINUS_4)
    assert timefmt.parse_datetime(notation, text, display=display, tz=MINUS_4) == moment
    assert timefmt.parses(notation, text, display=display, tz=MINUS_4)


def test_dispatch_rejects_unknown_notation_and_missing_display():
    with pytest.raises(ValueError, match="unknown date notation 'unix'"):
        timefmt.parse_datetime("unix", "0")
    with pytest.raises(ValueError, match="needs a DisplayFormat"):
        timefmt.parse_datetime("display_datetime", "04/01/2022 00:00:00")
    assert not timefmt.parses("rfc3339", "2025-09-28T00:00:00")


# --- durations and windows -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "seconds"), [("2h", 7200), ("30m", 1800), ("1d", 86400), ("1w", 604800), ("45s", 45)]
)
def test_duration_labels(label, seconds):
    assert timefmt.parse_duration_label(label) == seconds
    assert timefmt.format_duration_label(seconds) == label


@pytest.mark.parametrize("label", ["0h", "2H", "2", "h", "1.5h", "02h", " 2h", "-1h"])
def test_duration_labels_rejected(label):
    with pytest.raises(ValueError, match="is not a duration label"):
        timefmt.parse_duration_label(label)


@given(st.integers(1, 10**8))
def test_duration_label_round_trip(seconds):
    assert timefmt.parse_duration_label(timefmt.format_duration_label(seconds)) == seconds


def test_window_seconds_count_real_time_across_dst():
    start = datetime(2025, 3, 9, 0, tzinfo=NEW_YORK)
    end = datetime(2025, 3, 9, 12, tzinfo=NEW_YORK)
    assert timefmt.window_seconds(start, end) == 11 * 3600  # the clock skipped an hour
    with pytest.raises(ValueError, match="naive and an aware"):
        timefmt.window_seconds(datetime(2025, 1, 1), end)


@pytest.mark.parametrize(
    ("range_seconds", "step", "count"), [(86400, 3600, 24), (3601, 3600, 2), (3599, 3600, 1), (0, 60, 0), (90.5, 30, 4)]
)
def test_step_count_is_ceil_of_range_over_step(range_seconds, step, count):
    assert timefmt.step_count(range_seconds, step) == count


def test_step_count_rejects_non_positive_step():
    with pytest.raises(ValueError, match="not positive"):
        timefmt.step_count(10, 0)


def test_floor_to_step_uses_the_local_clock():
    plus_0530 = timefmt.parse_rfc3339("2025-09-28T05:31:00+05:30")
    assert timefmt.format_rfc3339(timefmt.floor_to_step(plus_0530, 7200)) == "2025-09-28T04:00:00+05:30"
    minus_4 = timefmt.parse_rfc3339("2025-09-28T15:00:00-04:00")
    assert timefmt.format_rfc3339(timefmt.floor_to_step(minus_4, 86400)) == "2025-09-28T00:00:00-04:00"
    assert timefmt.format_rfc3339(timefmt.floor_to_step(minus_4, 86400, UTC)) == "2025-09-28T00:00:00Z"
    assert timefmt.is_aligned(timefmt.parse_rfc3339("2025-09-28T04:00:00+05:30"), 7200)
    assert not timefmt.is_aligned(timefmt.parse_rfc3339("2025-09-28T04:00:00+05:30"), 7200, UTC)


@settings(max_examples=40)
@given(aware, st.integers(1, 48 * 3600), st.sampled_from((3600, 7200, 10800, 14400, 21600, 28800)))
def test_step_starts_of_an_aligned_window_are_complete(dt, seconds, step):
    start = timefmt.floor_to_step(dt.replace(microsecond=0), step)
    end = start + timedelta(seconds=seconds)
    starts = timefmt.step_starts(start, end, step)
    assert len(starts) == timefmt.step_count(seconds, step)
    assert starts[0] == start and all(timefmt.is_aligned(s, step) for s in starts)


def test_dst_transitions():
    assert timefmt.dst_transitions(NEW_YORK, 2025) == (
        datetime(2025, 3, 9, 7, tzinfo=UTC),
        datetime(2025, 11, 2, 6, tzinfo=UTC),
    )
    lord_howe = zoneinfo.ZoneInfo("Australia/Lord_Howe")
    first, second = timefmt.dst_transitions(lord_howe, 2025)
    shift = second.astimezone(lord_howe).utcoffset() - first.astimezone(lord_howe).utcoffset()
    assert abs(shift) == timedelta(minutes=30)
    assert timefmt.dst_transitions(MINUS_4, 2025) == ()


def test_window_problems_stays_quiet_on_a_valid_window():
    assert (
        timefmt.window_problems("rfc3339", "2025-09-28T00:00:00-04:00", "2025-09-29T00:00:00-04:00", max_seconds=86400)
        == []
    )


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-09-28T00:00:00-04:00", "2025-09-29T00:00:01-04:00", "longer than 86400 s"),
        ("2025-09-28T00:00:00-04:00", "2025-09-28T00:00:00-04:00", "end is not after start"),
        ("2025-09-28T01:00:00-04:00", "2025-09-28T00:00:00-04:00", "end is not after start"),
        ("2025-09-28T00:00:00", "2025-09-28T01:00:00-04:00", "start: .*missing UTC offset"),
        ("2025-09-28T00:00:00Z", "2025-09-28T00:00:59Z", "shorter than 60 s"),
        ("9999-12-30T00:00:00Z", "9999-12-30T01:00:00Z", "is outside"),
    ],
)
def test_window_problems_fires(start, end, message):
    problems = timefmt.window_problems(
        "rfc3339",
        start,
        end,
        min_seconds=60,
        max_seconds=86400,
        within=(datetime(2000, 1, 1, tzinfo=UTC), datetime(2038, 1, 1, tzinfo=UTC)),
    )
    assert any(re.search(message, p) for p in problems), problems
