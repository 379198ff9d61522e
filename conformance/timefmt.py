"""Parse and format the date notations of the five APIs, strictly, and do window arithmetic.

Notations (the ``notation`` of ``x-pbx-time-window`` and the values of ``x-pbx-date-format``):

- ``rfc3339``: ``2025-09-28T00:00:00-04:00``; the UTC offset is required.
- ``iso8601``: ``2016-01-01T00:00:00Z``, optional fraction, ``Z`` or ``±HH[:MM]`` (none: local time, given a zone).
- ``local_datetime``: ``2023-03-07 00:00:00``, wall time in a zone the caller names.
- ``display_datetime``: a PBX display setting, e.g. ``MM/DD/YYYY HH:mm:ss`` or ``YYYY/MM/DD hh:mm:ss AM``.
- ``display_period``: ``YYYY/MM/DD`` (hourly rows), ``YYYY/MM`` (daily) or ``YYYY`` (monthly), in display order.

Every parser raises ``ValueError`` that quotes the text and names the first problem found.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import NamedTuple

NOTATIONS = ("rfc3339", "iso8601", "local_datetime", "display_datetime")

# ---------------------------------------------------------------------------------------------
# Field checks shared by every notation
# ---------------------------------------------------------------------------------------------

_FIELD_RANGES = {"hour": (0, 23), "minute": (0, 59), "second": (0, 59)}


def _check_fields(text: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> None:
    """Raise ``ValueError`` naming the first field of ``text`` that is out of range."""
    if not 1 <= year <= 9999:
        raise ValueError(f"{text!r}: year {year:04d} out of range 0001-9999")
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: month {month:02d} out of range 01-12")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"{text!r}: day {day:02d} out of range 01-{last} for {year:04d}-{month:02d}")
    for name, value in (("hour", hour), ("minute", minute), ("second", second)):
        low, high = _FIELD_RANGES[name]
        if not low <= value <= high:
            note = " (leap seconds are not accepted)" if name == "second" and value == 60 else ""
            raise ValueError(f"{text!r}: {name} {value:02d} out of range {low:02d}-{high:02d}{note}")


def _from_fields(fields: dict[str, int], microsecond: int = 0, tz: tzinfo | None = None) -> datetime:
    names = ("year", "month", "day", "hour", "minute", "second")
    year, month, day, hour, minute, second = (fields[name] for name in names)
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=tz)


def _fraction_microseconds(fraction: str | None) -> int:
    """Microseconds of a ``.ddd`` fraction; digits beyond the sixth are truncated."""
    if not fraction:
        return 0
    return int(fraction[1:7].ljust(6, "0"))


def _date_text(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _time_text(dt: datetime, timespec: str) -> str:
    text = f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
    if timespec == "auto":
        timespec = "microseconds" if dt.microsecond else "seconds"
    if timespec == "milliseconds":
        return f"{text}.{dt.microsecond // 1000:03d}"
    if timespec == "microseconds":
        return f"{text}.{dt.microsecond:06d}"
    if timespec != "seconds":
        raise ValueError(f"unknown timespec {timespec!r} (seconds, milliseconds, microseconds, auto)")
    return text


# ---------------------------------------------------------------------------------------------
# UTC offsets
# ---------------------------------------------------------------------------------------------

_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})?", re.ASCII)


def parse_utc_offset(text: str, *, colon: bool = True, source: str | None = None) -> timezone:
    """``Z``, ``+05:30``, ``-04:00`` (and ``+0530``/``+05`` when ``colon`` is false) to a fixed timezone.

    ``source`` is the whole date-time the offset comes from, quoted in error messages.
    """
    if text in ("Z", "z"):
        return UTC
    quoted = repr(source if source is not None else text)
    match = _OFFSET.fullmatch(text)
    if not match or (colon and (match["minutes"] is None or ":" not in text)):
        expected = "Z or ±HH:MM" if colon else "Z, ±HH:MM, ±HHMM or ±HH"
        prefix = f"{quoted}: " if source is not None else ""
        raise ValueError(f"{prefix}{text!r} is not a UTC offset ({expected})")
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if hours > 23:
        raise ValueError(f"{quoted}: offset hours {hours:02d} out of range 00-23")
    if minutes > 59:
        raise ValueError(f"{quoted}: offset minutes {minutes:02d} out of range 00-59")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if match["sign"] == "-" else delta)


def format_utc_offset(offset: timedelta, *, utc: str = "Z") -> str:
    """``+05:30`` style text of ``offset``; a zero offset is written as ``utc`` (``Z`` or ``+00:00``)."""
    if offset % timedelta(minutes=1):
        raise ValueError(f"offset {offset} has seconds; RFC 3339 offsets are whole minutes")
    if not offset:
        return utc
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _aware_offset(dt: datetime) -> timedelta:
    offset = dt.utcoffset()
    if offset is None:
        raise ValueError(f"{dt.isoformat()} is naive: it has no UTC offset")
    return offset


# ---------------------------------------------------------------------------------------------
# RFC 3339 and ISO 8601
# ---------------------------------------------------------------------------------------------

_RFC3339 = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[Tt]"
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?P<fraction>\.\d+)?"
    r"(?P<offset>[Zz]|[+-]\d{2}:\d{2})?",
    re.ASCII,
)
_ISO8601 = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})T"
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?P<fraction>\.\d+)?"
    r"(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)


def _parse_stamped(
    text: str, pattern: re.Pattern[str], what: str, shape: str, colon: bool, local: tzinfo | None = None
) -> datetime:
    match = pattern.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not {what} (expected {shape})")
    fields = {name: int(match[name]) for name in ("year", "month", "day", "hour", "minute", "second")}
    _check_fields(text, **fields)
    microsecond = _fraction_microseconds(match["fraction"])
    if match["offset"] is None:
        if local is None:
            raise ValueError(f"{text!r}: missing UTC offset ({what} needs {shape.rsplit(' ', 1)[-1]})")
        return localize(_from_fields(fields, microsecond), local)
    parsed = _from_fields(fields, microsecond, parse_utc_offset(match["offset"], colon=colon, source=text))
    try:
        parsed.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{text!r}: in UTC it falls outside years 0001-9999") from None
    return parsed


def parse_rfc3339(text: str) -> datetime:
    """An RFC 3339 date-time with its UTC offset, as an aware datetime (fraction truncated to µs)."""
    return _parse_stamped(
        text, _RFC3339, "an RFC 3339 date-time", "YYYY-MM-DDTHH:MM:SS[.fraction] Z|±HH:MM", colon=True
    )


def format_rfc3339(dt: datetime, *, utc: str = "Z", timespec: str = "auto") -> str:
    """RFC 3339 text of an aware datetime in its own offset; a zero offset is written as ``utc``."""
    offset = format_utc_offset(_aware_offset(dt), utc=utc)
    return f"{_date_text(dt.year, dt.month, dt.day)}T{_time_text(dt, timespec)}{offset}"


def parse_iso8601(text: str, tz: tzinfo | None = None) -> datetime:
    """An ISO 8601 extended date-time with ``Z`` or ``±HH[:MM]``, as an aware datetime.

    Without a designator the text is local time: placed in ``tz`` when one is given, an error otherwise.
    """
    return _parse_stamped(
        text, _ISO8601, "an ISO 8601 date-time", "YYYY-MM-DDTHH:MM:SS[.fraction] Z|±HH[:MM]", colon=False, local=tz
    )


def format_iso8601(dt: datetime, *, timespec: str = "seconds") -> str:
    """ISO 8601 text of an aware datetime in UTC with ``Z`` (``2016-01-01T00:00:00Z``)."""
    _aware_offset(dt)
    utc = dt.astimezone(UTC)
    return f"{_date_text(utc.year, utc.month, utc.day)}T{_time_text(utc, timespec)}Z"


# ---------------------------------------------------------------------------------------------
# Local wall time
# ---------------------------------------------------------------------------------------------

_LOCAL = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}) (?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})", re.ASCII
)


def localize(naive: datetime, tz: tzinfo) -> datetime:
    """Attach ``tz`` to a wall time; a time skipped by a DST change is an error, a repeated one takes the first."""
    if naive.tzinfo is not None:
        raise ValueError(f"{naive.isoformat()} already has a time zone")
    aware = naive.replace(tzinfo=tz, fold=0)
    try:
        back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    except OverflowError:
        raise ValueError(f"{naive.isoformat(sep=' ')} in {tz} falls outside years 0001-9999 in UTC") from None
    if back != naive:
        raise ValueError(f"{naive.isoformat(sep=' ')} does not exist in {tz} (skipped by a DST change)")
    return aware


def is_ambiguous(naive: datetime, tz: tzinfo) -> bool:
    """Whether a wall time occurs twice in ``tz`` (the hour repeated when DST ends)."""
    wall = naive.replace(tzinfo=None)
    return wall.replace(tzinfo=tz, fold=0).utcoffset() != wall.replace(tzinfo=tz, fold=1).utcoffset()


def _wall_time(dt: datetime, tz: tzinfo | None) -> datetime:
    if tz is None:
        return dt
    if dt.tzinfo is None:
        raise ValueError(f"{dt.isoformat()} is naive: cannot convert it to {tz}")
    return dt.astimezone(tz)


def parse_local_datetime(text: str, tz: tzinfo | None = None) -> datetime:
    """``YYYY-MM-DD HH:MM:SS``: naive, or aware in ``tz`` when one is given."""
    match = _LOCAL.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a local date-time (expected YYYY-MM-DD HH:MM:SS)")
    fields = {name: int(value) for name, value in match.groupdict().items()}
    _check_fields(text, **fields)
    naive = _from_fields(fields)
    return naive if tz is None else localize(naive, tz)


def format_local_datetime(dt: datetime, tz: tzinfo | None = None) -> str:
    """``YYYY-MM-DD HH:MM:SS`` of ``dt``'s wall time, converted to ``tz`` first when one is given."""
    wall = _wall_time(dt, tz)
    return f"{_date_text(wall.year, wall.month, wall.day)} {_time_text(wall, 'seconds')}"


# ---------------------------------------------------------------------------------------------
# Yeastar display formats
# ---------------------------------------------------------------------------------------------

DATE_ORDERS = ("MM/DD/YYYY", "DD/MM/YYYY", "YYYY/MM/DD")
CLOCKS = ("24h", "12h")
GRANULARITIES = ("hourly", "daily", "monthly")

# Date order -> the ``time`` period pattern of each granularity (the rows the report groups by).
PERIOD_PATTERNS: dict[str, dict[str, str]] = {
    "MM/DD/YYYY": {"hourly": "MM/DD/YYYY", "daily": "MM/YYYY", "monthly": "YYYY"},
    "DD/MM/YYYY": {"hourly": "DD/MM/YYYY", "daily": "MM/YYYY", "monthly": "YYYY"},
    "YYYY/MM/DD": {"hourly": "YYYY/MM/DD", "daily": "YYYY/MM", "monthly": "YYYY"},
}

_TOKENS = {"YYYY": r"(?P<year>\d{4})", "MM": r"(?P<month>\d{2})", "DD": r"(?P<day>\d{2})"}
_DISPLAY_SETTING = re.compile(
    r"(?P<order>MM/DD/YYYY|DD/MM/YYYY|YYYY/MM/DD) (?P<hours>HH|hh):mm:ss(?: (?P<marker>AM|PM|A|AM/PM))?"
)


@functools.cache
def _date_regex(pattern: str) -> str:
    return "/".join(_TOKENS[token] for token in pattern.split("/"))


def format_date_fields(pattern: str, year: int, month: int = 1, day: int = 1) -> str:
    """Fill a slash pattern such as ``DD/MM/YYYY`` with the given fields, unchecked (negative tests use it)."""
    values = {"YYYY": f"{year:04d}", "MM": f"{month:02d}", "DD": f"{day:02d}"}
    return "/".join(values[token] for token in pattern.split("/"))


@dataclass(frozen=True)
class DisplayFormat:
    """A PBX date-and-time display setting: date order and 24 h or 12 h clock."""

    date_order: str = "MM/DD/YYYY"
    clock: str = "24h"

    def __post_init__(self) -> None:
        if self.date_order not in DATE_ORDERS:
            raise ValueError(f"unknown date order {self.date_order!r} (one of {', '.join(DATE_ORDERS)})")
        if self.clock not in CLOCKS:
            raise ValueError(f"unknown clock {self.clock!r} (24h or 12h)")

    @classmethod
    def parse(cls, text: str) -> DisplayFormat:
        """From ``MM/DD/YYYY HH:mm:ss``, ``YYYY/MM/DD hh:mm:ss AM`` (an AM/PM marker means 12 h)."""
        match = _DISPLAY_SETTING.fullmatch(text)
        if not match:
            raise ValueError(
                f"{text!r} is not a display format (expected e.g. 'MM/DD/YYYY HH:mm:ss' or 'YYYY/MM/DD hh:mm:ss AM')"
            )
        if match["hours"] == "hh" and not match["marker"]:
            raise ValueError(f"{text!r}: a 12-hour clock (hh) needs an AM/PM marker")
        return cls(match["order"], "12h" if match["marker"] else "24h")

    @property
    def pattern(self) -> str:
        """The setting as text: ``MM/DD/YYYY HH:mm:ss`` or ``YYYY/MM/DD hh:mm:ss AM``."""
        return f"{self.date_order} HH:mm:ss" if self.clock == "24h" else f"{self.date_order} hh:mm:ss AM"

    def __str__(self) -> str:
        return self.pattern

    @property
    def regex(self) -> re.Pattern[str]:
        return _display_regex(self.date_order, self.clock)


DISPLAY_FORMATS = tuple(DisplayFormat(order, clock) for order in DATE_ORDERS for clock in CLOCKS)


@functools.cache
def _display_regex(order: str, clock: str) -> re.Pattern[str]:
    time = r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})"
    marker = r" (?P<marker>AM|PM)" if clock == "12h" else ""
    return re.compile(f"{_date_regex(order)} {time}{marker}", re.ASCII)


def parse_display_datetime(text: str, fmt: DisplayFormat, tz: tzinfo | None = None) -> datetime:
    """A date-time in display format ``fmt``: naive, or aware in ``tz`` when one is given."""
    match = fmt.regex.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} does not match display format {fmt.pattern!r}")
    fields = {name: int(match[name]) for name in ("year", "month", "day", "hour", "minute", "second")}
    if fmt.clock == "12h":
        if not 1 <= fields["hour"] <= 12:
            raise ValueError(f"{text!r}: hour {fields['hour']:02d} out of range 01-12 on a 12-hour clock")
        fields["hour"] = fields["hour"] % 12 + (12 if match["marker"] == "PM" else 0)
    _check_fields(text, **fields)
    naive = _from_fields(fields)
    return naive if tz is None else localize(naive, tz)


def format_display_datetime(dt: datetime, fmt: DisplayFormat, tz: tzinfo | None = None) -> str:
    """``dt``'s wall time (converted to ``tz`` first when one is given) in display format ``fmt``."""
    wall = _wall_time(dt, tz)
    day = format_date_fields(fmt.date_order, wall.year, wall.month, wall.day)
    if fmt.clock == "24h":
        return f"{day} {wall.hour:02d}:{wall.minute:02d}:{wall.second:02d}"
    hour = wall.hour % 12 or 12
    marker = "PM" if wall.hour >= 12 else "AM"
    return f"{day} {hour:02d}:{wall.minute:02d}:{wall.second:02d} {marker}"


class DisplayPeriod(NamedTuple):
    """A report period: the row granularity and the naive wall-time range ``[start, end)``."""

    granularity: str
    start: datetime
    end: datetime


def _date_order(fmt: DisplayFormat | str) -> str:
    order = fmt.date_order if isinstance(fmt, DisplayFormat) else fmt
    if order not in PERIOD_PATTERNS:
        raise ValueError(f"unknown date order {order!r} (one of {', '.join(DATE_ORDERS)})")
    return order


def parse_display_period(text: str, fmt: DisplayFormat | str) -> DisplayPeriod:
    """A ``time`` period in the date order of ``fmt``: a day (hourly), a month (daily) or a year (monthly)."""
    patterns = PERIOD_PATTERNS[_date_order(fmt)]
    for granularity, pattern in patterns.items():
        match = re.fullmatch(_date_regex(pattern), text, re.ASCII)
        if not match:
            continue
        found = match.groupdict()
        year, month, day = int(found["year"]), int(found.get("month") or 1), int(found.get("day") or 1)
        _check_fields(text, year, month, day)
        start = datetime(year, month, day)
        return DisplayPeriod(granularity, start, _period_end(granularity, start))
    shapes = ", ".join(patterns.values())
    raise ValueError(f"{text!r} is not a report period in date order {_date_order(fmt)} (expected {shapes})")


def _period_end(granularity: str, start: datetime) -> datetime:
    if granularity == "hourly":
        return start + timedelta(days=1)
    if granularity == "daily":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return start.replace(year=start.year + 1)


def format_display_period(granularity: str, day: date, fmt: DisplayFormat | str) -> str:
    """The ``time`` text for the period of ``granularity`` that contains ``day``."""
    patterns = PERIOD_PATTERNS[_date_order(fmt)]
    if granularity not in patterns:
        raise ValueError(f"unknown granularity {granularity!r} (one of {', '.join(GRANULARITIES)})")
    return format_date_fields(patterns[granularity], day.year, day.month, day.day)


# ---------------------------------------------------------------------------------------------
# One entry point per direction, keyed by notation name
# ---------------------------------------------------------------------------------------------

_Parser = Callable[[str, DisplayFormat | None, tzinfo | None], datetime]
_Formatter = Callable[[datetime, DisplayFormat | None, tzinfo | None], str]


def _need_display(display: DisplayFormat | None) -> DisplayFormat:
    if display is None:
        raise ValueError("the display_datetime notation needs a DisplayFormat")
    return display


_PARSERS: dict[str, _Parser] = {
    "rfc3339": lambda text, display, tz: parse_rfc3339(text),
    "iso8601": lambda text, display, tz: parse_iso8601(text, tz),
    "local_datetime": lambda text, display, tz: parse_local_datetime(text, tz),
    "display_datetime": lambda text, display, tz: parse_display_datetime(text, _need_display(display), tz),
}
_FORMATTERS: dict[str, _Formatter] = {
    "rfc3339": lambda dt, display, tz: format_rfc3339(_wall_time(dt, tz)),
    "iso8601": lambda dt, display, tz: format_iso8601(dt),
    "local_datetime": lambda dt, display, tz: format_local_datetime(dt, tz),
    "display_datetime": lambda dt, display, tz: format_display_datetime(dt, _need_display(display), tz),
}


def _notation(notation: str) -> str:
    if notation not in _PARSERS:
        raise ValueError(f"unknown date notation {notation!r} (one of {', '.join(NOTATIONS)})")
    return notation


def parse_datetime(
    notation: str, text: str, *, display: DisplayFormat | None = None, tz: tzinfo | None = None
) -> datetime:
    """Parse ``text`` in ``notation``; ``tz`` places wall times (local, display, designator-less ISO 8601)."""
    return _PARSERS[_notation(notation)](text, display, tz)


def format_datetime(
    notation: str, dt: datetime, *, display: DisplayFormat | None = None, tz: tzinfo | None = None
) -> str:
    """Write ``dt`` in ``notation``; ``tz`` converts an aware ``dt`` first (rfc3339 keeps the converted offset)."""
    return _FORMATTERS[_notation(notation)](dt, display, tz)


def parses(notation: str, text: str, *, display: DisplayFormat | None = None, tz: tzinfo | None = None) -> bool:
    """Whether ``text`` is valid in ``notation``."""
    try:
        parse_datetime(notation, text, display=display, tz=tz)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Durations and window arithmetic
# ---------------------------------------------------------------------------------------------

DURATION_UNITS: dict[str, int] = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_DURATION = re.compile(r"(?P<count>[1-9]\d*)(?P<unit>[wdhms])", re.ASCII)


def parse_duration_label(label: str) -> int:
    """Seconds of a label such as ``2h``, ``30m``, ``1d`` (units w, d, h, m, s)."""
    match = _DURATION.fullmatch(label)
    if not match:
        raise ValueError(f"{label!r} is not a duration label (a positive count and one of w, d, h, m, s: '2h')")
    return int(match["count"]) * DURATION_UNITS[match["unit"]]


def format_duration_label(seconds: int) -> str:
    """The shortest label for ``seconds`` (``7200`` -> ``2h``)."""
    if seconds <= 0:
        raise ValueError(f"duration {seconds} is not positive")
    for unit, size in DURATION_UNITS.items():
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    raise AssertionError("unreachable: every integer is a whole number of seconds")


def _instant(dt: datetime) -> datetime:
    return dt.astimezone(UTC) if dt.tzinfo is not None else dt


def same_instant(a: datetime, b: datetime) -> bool:
    """Whether two aware datetimes name the same instant.

    Unlike ``==`` it is not fooled by wall times a DST change repeats: Python compares datetimes sharing a
    tzinfo by wall time, and never calls a repeated wall time equal to a datetime in another zone.
    """
    return _instant(a) == _instant(b)


def window_seconds(start: datetime, end: datetime) -> float:
    """Elapsed seconds from ``start`` to ``end`` (by instant for aware values, by wall clock for naive ones)."""
    if (start.tzinfo is None) != (end.tzinfo is None):
        raise ValueError("cannot compare a naive and an aware datetime")
    return (_instant(end) - _instant(start)).total_seconds()


def step_count(range_seconds: float, step_seconds: float) -> int:
    """Points a complete series has for a window: ``ceil(range / step)``, 0 for an empty window."""
    if step_seconds <= 0:
        raise ValueError(f"step {step_seconds} is not positive")
    if range_seconds <= 0:
        return 0
    if isinstance(range_seconds, int) and isinstance(step_seconds, int):
        return -(-range_seconds // step_seconds)
    return math.ceil(range_seconds / step_seconds)


def _local_seconds(dt: datetime, tz: tzinfo | None) -> tuple[int, datetime]:
    """Whole-second local clock reading of ``dt`` (seconds since 1970-01-01 00:00 local) and its zone time."""
    local = _wall_time(dt, tz)
    naive = local.replace(tzinfo=None)
    return math.floor((naive - datetime(1970, 1, 1)).total_seconds()), local


def floor_to_step(dt: datetime, step_seconds: int, tz: tzinfo | None = None) -> datetime:
    """The step boundary at or before ``dt``; boundaries are multiples of the step on the local clock of ``tz``.

    ``tz`` defaults to ``dt``'s own zone, so a 1 h step falls on the hour and a 1 d step at local midnight.
    The result is in the zone used for the local clock.
    """
    if step_seconds <= 0:
        raise ValueError(f"step {step_seconds} is not positive")
    reading, local = _local_seconds(dt, tz)
    excess = reading % step_seconds + local.microsecond / 1_000_000
    floored = _instant(local) - timedelta(seconds=excess)
    return floored.astimezone(local.tzinfo) if local.tzinfo is not None else floored


def is_aligned(dt: datetime, step_seconds: int, tz: tzinfo | None = None) -> bool:
    """Whether ``dt`` falls on a step boundary of the local clock of ``tz`` (default: its own zone)."""
    reading, local = _local_seconds(dt, tz)
    return local.microsecond == 0 and reading % step_seconds == 0


def step_starts(start: datetime, end: datetime, step_seconds: int, tz: tzinfo | None = None) -> list[datetime]:
    """Starts of the steps covering ``[start, end)``: from ``floor_to_step(start)`` on, ``step`` seconds apart."""
    first = floor_to_step(start, step_seconds, tz)
    stop = _instant(end)
    starts: list[datetime] = []
    current = _instant(first)
    while current < stop:
        starts.append(current.astimezone(first.tzinfo) if first.tzinfo is not None else current)
        current += timedelta(seconds=step_seconds)
    return starts


@functools.lru_cache(maxsize=512)
def dst_transitions(tz: tzinfo, year: int) -> tuple[datetime, ...]:
    """UTC instants in ``year`` at which the UTC offset of ``tz`` changes (empty for a fixed offset)."""
    current = datetime(year, 1, 1, tzinfo=UTC)
    stop = datetime(year + 1, 1, 1, tzinfo=UTC)
    previous = current.astimezone(tz).utcoffset()
    found: list[datetime] = []
    while current < stop:
        following = min(current + timedelta(days=1), stop)
        offset = following.astimezone(tz).utcoffset()
        if offset != previous:
            low, high = 0, int((following - current).total_seconds())
            while high - low > 1:
                middle = (low + high) // 2
                if (current + timedelta(seconds=middle)).astimezone(tz).utcoffset() == previous:
                    low = middle
                else:
                    high = middle
            found.append(current + timedelta(seconds=high))
            previous = offset
        current = following
    return tuple(found)


def window_problems(
    notation: str,
    start_text: str,
    end_text: str,
    *,
    min_seconds: int | None = None,
    max_seconds: int | None = None,
    end_after_start: bool = True,
    display: DisplayFormat | None = None,
    tz: tzinfo | None = None,
    within: tuple[datetime, datetime] | None = None,
) -> list[str]:
    """What is wrong with a window under these rules (empty when it is valid).

    ``within`` is the plausible range of instants; a naive wall time is compared as if it were UTC.
    """
    problems: list[str] = []
    parsed: dict[str, datetime] = {}
    for name, text in (("start", start_text), ("end", end_text)):
        try:
            parsed[name] = parse_datetime(notation, text, display=display, tz=tz)
        except ValueError as exc:
            problems.append(f"{name}: {exc}")
    if problems:
        return problems
    start, end = parsed["start"], parsed["end"]
    if within is not None:
        for name, value in parsed.items():
            instant = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
            if not within[0] <= instant <= within[1]:
                problems.append(
                    f"{name} {value.isoformat()} is outside {within[0].isoformat()}..{within[1].isoformat()}"
                )
    seconds = window_seconds(start, end)
    if end_after_start and seconds <= 0:
        problems.append(f"end is not after start ({seconds:g} s)")
    if min_seconds is not None and seconds < min_seconds:
        problems.append(f"window of {seconds:g} s is shorter than {min_seconds} s")
    if max_seconds is not None and seconds > max_seconds:
        problems.append(f"window of {seconds:g} s is longer than {max_seconds} s")
    return problems
