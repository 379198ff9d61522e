"""strategies.yeastar: display settings, display date-times and periods, id lists, report types."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from conformance.timefmt import DISPLAY_FORMATS, GRANULARITIES, DisplayFormat
from strategies import display_datetimes, display_formats, display_periods, id_lists, report_types, time_windows
from strategies.yeastar import REPORT_TYPES, yeastar_query_values
from tests.strategies.debug import assert_all_examples, find_any


def test_display_formats_reach_all_six():
    for fmt in DISPLAY_FORMATS:
        find_any(display_formats(), lambda value, fmt=fmt: value == fmt)


@pytest.mark.parametrize("fmt", DISPLAY_FORMATS, ids=str)
def test_display_datetimes_parse_in_their_setting(fmt):
    low, high = datetime(2022, 4, 1), datetime(2022, 5, 31, 23, 59, 59)

    def ok(text: str) -> bool:
        return low <= timefmt.parse_display_datetime(text, fmt) <= high

    assert_all_examples(display_datetimes(fmt, low, high), ok)


def test_twelve_hour_texts_reach_midnight_and_noon():
    fmt = DisplayFormat("MM/DD/YYYY", "12h")
    find_any(display_datetimes(fmt), lambda text: text.endswith(" 12:00:00 AM"))
    find_any(display_datetimes(fmt), lambda text: " 12:" in text and text.endswith("PM"))


def test_display_datetimes_accept_the_setting_as_text():
    assert_all_examples(display_datetimes("YYYY/MM/DD hh:mm:ss AM"), lambda t: t.endswith(("AM", "PM")))
    with pytest.raises(InvalidArgument, match="is not a display format"):
        display_datetimes("YYYY-MM-DD")
    with pytest.raises(InvalidArgument, match="naive"):
        display_datetimes(DisplayFormat(), datetime(2022, 2, 1), datetime(2022, 1, 1))


@pytest.mark.parametrize("granularity", GRANULARITIES)
@pytest.mark.parametrize("order", timefmt.DATE_ORDERS)
def test_display_periods_have_the_asked_granularity(order, granularity):
    periods = display_periods(order, granularity)
    assert_all_examples(periods, lambda text: timefmt.parse_display_period(text, order).granularity == granularity)


def test_display_periods_mix_granularities():
    for granularity in GRANULARITIES:
        find_any(
            display_periods(DisplayFormat("DD/MM/YYYY")),
            lambda text, g=granularity: timefmt.parse_display_period(text, "DD/MM/YYYY").granularity == g,
        )
    with pytest.raises(InvalidArgument, match="granularity"):
        display_periods("YYYY/MM/DD", "weekly")


def test_display_windows_come_from_time_windows():
    fmt = DisplayFormat("MM/DD/YYYY", "24h")
    windows = time_windows(1, 61 * 86400, notation="display_datetime", display=fmt)
    assert_all_examples(windows, lambda w: timefmt.parses("display_datetime", w.start_text, display=fmt))


def test_id_lists_are_distinct_positive_ids():
    def ok(text: str) -> bool:
        ids = text.split(",")
        return 1 <= len(ids) <= 5 and len(set(ids)) == len(ids) and all(i.isdigit() and int(i) >= 1 for i in ids)

    assert_all_examples(id_lists(), ok)
    find_any(id_lists(), lambda text: "," in text)
    with pytest.raises(InvalidArgument):
        id_lists(min_size=3, max_size=2)


def test_report_types_reach_all_twenty():
    assert len(set(REPORT_TYPES)) == 20
    find_any(report_types(), lambda value: value == "extcallbillingdetails")


def test_query_values_cover_the_download_parameters():
    fmt = DisplayFormat("YYYY/MM/DD", "12h")
    values = yeastar_query_values(fmt)
    assert {"type", "start_time", "end_time", "time", "ext_id_list", "queue_id", "agent_id_list"} <= set(values)
    assert timefmt.parses("display_datetime", find_any(values["start_time"]), display=fmt)
    timefmt.parse_display_period(find_any(values["time"]), fmt)
