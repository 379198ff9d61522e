"""Yeastar P-Series strategies: display settings, display date-times and periods, id lists, report types."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from conformance.timefmt import DATE_ORDERS, DISPLAY_FORMATS, GRANULARITIES, DisplayFormat
from strategies.registry import registered

REPORT_TYPES = (
    "extcallstatistics",
    "extcallactivity",
    "trunkactivity",
    "trunkdiddodactivity",
    "ivr",
    "queueavgwaittalktime",
    "queueperformance",
    "queueperformanceactivity",
    "queuecallbackssummary",
    "queuecallbacksactivity",
    "queuesatisfaction",
    "queuesatisfactiondetail",
    "queueagentlogintime",
    "queueagentpausetime",
    "queueagentmisscalls",
    "queueagentperformance",
    "queueagentinoutcalls",
    "ringgroupstatistics",
    "extcallbilling",
    "extcallbillingdetails",
)
DEFAULT_RANGE = (datetime(2000, 1, 1), datetime(2037, 12, 31, 23, 59, 59))
_EXAMPLE_FORMAT = DisplayFormat("YYYY/MM/DD", "12h")


def display_format(fmt: DisplayFormat | str) -> DisplayFormat:
    """``fmt`` itself, or parsed from text such as ``MM/DD/YYYY HH:mm:ss``; InvalidArgument otherwise."""
    if isinstance(fmt, DisplayFormat):
        return fmt
    try:
        return DisplayFormat.parse(fmt)
    except (ValueError, TypeError) as exc:
        raise InvalidArgument(str(exc)) from None


@registered(
    "Every PBX display setting: three date orders times a 24-hour or 12-hour clock.",
    claim=lambda fmt: isinstance(fmt, DisplayFormat) and DisplayFormat.parse(fmt.pattern) == fmt,
)
def display_formats() -> st.SearchStrategy[DisplayFormat]:
    """The six display settings."""
    return st.sampled_from(DISPLAY_FORMATS)


@registered(
    "Date-time texts in one display setting that parse back with timefmt (e.g. 2022/04/01 12:00:00 AM).",
    claim=lambda text: isinstance(text, str) and timefmt.parses("display_datetime", text, display=_EXAMPLE_FORMAT),
    example={"fmt": _EXAMPLE_FORMAT},
)
def display_datetimes(
    fmt: DisplayFormat | str, min_value: datetime = DEFAULT_RANGE[0], max_value: datetime = DEFAULT_RANGE[1]
) -> st.SearchStrategy[str]:
    """Wall times in ``[min_value, max_value]`` (naive, whole seconds) written in display setting ``fmt``."""
    setting = display_format(fmt)
    if min_value.tzinfo is not None or max_value.tzinfo is not None or min_value > max_value:
        raise InvalidArgument("min_value and max_value must be naive datetimes with min_value <= max_value")
    span = int((max_value - min_value).total_seconds())
    start = min_value.replace(microsecond=0)
    return st.integers(0, span).map(lambda s: timefmt.format_display_datetime(start + timedelta(seconds=s), setting))


@registered(
    "Report periods (time) in a display date order: a day, a month or a year; granularity picks one.",
    claim=lambda text: timefmt.parse_display_period(text, "DD/MM/YYYY").granularity in GRANULARITIES,
    example={"fmt": "DD/MM/YYYY"},
)
def display_periods(
    fmt: DisplayFormat | str,
    granularity: str | None = None,
    min_year: int = DEFAULT_RANGE[0].year,
    max_year: int = DEFAULT_RANGE[1].year,
) -> st.SearchStrategy[str]:
    """``time`` values: ``YYYY/MM/DD`` (hourly), ``YYYY/MM`` (daily) or ``YYYY`` (monthly) in ``fmt``'s order.

    ``fmt`` is a display setting, its text, or a bare date order such as ``DD/MM/YYYY``.
    """
    order = fmt if fmt in DATE_ORDERS else display_format(fmt).date_order
    if granularity is not None and granularity not in GRANULARITIES:
        raise InvalidArgument(f"granularity={granularity!r} must be one of {GRANULARITIES}")
    if not 1 <= min_year <= max_year <= 9999:
        raise InvalidArgument(f"need 1 <= min_year={min_year} <= max_year={max_year} <= 9999")
    kinds = st.just(granularity) if granularity else st.sampled_from(GRANULARITIES)
    days = st.dates(date(min_year, 1, 1), date(max_year, 12, 31))
    return st.tuples(kinds, days).map(lambda pair: timefmt.format_display_period(pair[0], pair[1], order))


@registered(
    "Comma-separated lists of distinct positive integer ids, e.g. 1,5,23 (ext_id_list, queue_id_list, ...).",
    claim=lambda text: (
        all(part.isdigit() and int(part) >= 1 for part in text.split(","))
        and len(set(text.split(","))) == len(text.split(","))
    ),
)
def id_lists(min_size: int = 1, max_size: int = 5, max_id: int = 9999) -> st.SearchStrategy[str]:
    """``min_size..max_size`` distinct ids in ``1..max_id`` joined by commas."""
    if not 1 <= min_size <= max_size or max_id < max_size:
        raise InvalidArgument(f"need 1 <= min_size={min_size} <= max_size={max_size} <= max_id={max_id}")
    ids = st.lists(st.integers(1, max_id), min_size=min_size, max_size=max_size, unique=True)
    return ids.map(lambda values: ",".join(map(str, values)))


@registered(
    "The twenty call report types of GET /call_report/download.",
    claim=lambda value: value in REPORT_TYPES,
)
def report_types() -> st.SearchStrategy[str]:
    """Values of the report ``type`` parameter."""
    return st.sampled_from(REPORT_TYPES)


def yeastar_query_values(fmt: DisplayFormat | str) -> dict[str, st.SearchStrategy[str]]:
    """Strategies for the query parameters of a report download, keyed by name, for display setting ``fmt``."""
    setting = display_format(fmt)
    single_id = st.integers(1, 9999).map(str)
    values: dict[str, st.SearchStrategy[str]] = {
        "type": report_types(),
        "start_time": display_datetimes(setting),
        "end_time": display_datetimes(setting),
        "time": display_periods(setting),
        "trunk_id": single_id,
        "queue_id": single_id,
    }
    for name in ("ext_id_list", "trunk_id_list", "ivr_id_list", "ring_group_id_list", "queue_id_list", "agent_id_list"):
        values[name] = id_lists()
    return values
