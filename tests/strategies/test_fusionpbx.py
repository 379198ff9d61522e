"""strategies.fusionpbx: server-local date-times and windows."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from strategies import local_datetimes, local_windows
from tests.strategies.debug import assert_all_examples, find_any

PLUS_7 = timezone(timedelta(hours=7))
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def test_local_datetimes_parse_as_local_wall_time():
    assert_all_examples(local_datetimes(), lambda text: timefmt.parse_local_datetime(text).tzinfo is None)


def test_local_datetimes_in_a_dst_zone_name_one_instant():
    def ok(text: str) -> bool:
        wall = timefmt.parse_local_datetime(text)
        return not timefmt.is_ambiguous(wall, NEW_YORK) and timefmt.parses("local_datetime", text, tz=NEW_YORK)

    around_fall_back = (datetime(2012, 11, 4, 4, tzinfo=UTC), datetime(2012, 11, 4, 8, tzinfo=UTC))
    assert_all_examples(local_datetimes(NEW_YORK, *around_fall_back), ok)


def test_whole_day_windows_run_from_midnight_to_23_59_59():
    def ok(w) -> bool:
        start = timefmt.parse_local_datetime(w.start_text, PLUS_7)
        end = timefmt.parse_local_datetime(w.end_text, PLUS_7)
        return (
            w.start_text.endswith(" 00:00:00")
            and w.end_text.endswith(" 23:59:59")
            and timefmt.same_instant(start, w.start)
            and timefmt.window_seconds(start, end) == w.seconds <= 7 * 86400
        )

    windows = local_windows(max_seconds=7 * 86400, zone="+07:00", whole_days=True)
    assert_all_examples(windows, ok)
    find_any(windows, lambda w: w.seconds == 86399)
    find_any(windows, lambda w: w.seconds == 7 * 86400 - 1)


def test_local_windows_across_dst_are_reachable():
    windows = local_windows(1, 86400, zone="America/New_York")
    find_any(windows, lambda w: w.start.utcoffset() != w.end.utcoffset())


def test_local_window_arguments_are_validated_eagerly():
    with pytest.raises(InvalidArgument, match="zone"):
        local_windows(zone="Mars/Olympus_Mons")
    with pytest.raises(InvalidArgument, match="no whole-day window"):
        local_windows(1, 3600, whole_days=True)
