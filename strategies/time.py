"""Strategies for UTC offsets, zones, RFC 3339 instants and valid reporting windows in every notation."""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from conformance.extensions import TimeWindow
from conformance.timefmt import DisplayFormat
from strategies.registry import registered

DEFAULT_WITHIN = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2038, 1, 1, tzinfo=UTC))
DEFAULT_MAX_SECONDS = 366 * 86400

# Zones with DST (one with a 30 min shift), half- and quarter-hour offsets and the extreme offsets.
ZONE_NAMES = (
    "America/New_York",
    "Europe/Copenhagen",
    "Europe/London",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Australia/Adelaide",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Ho_Chi_Minh",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
)
# Offsets (minutes) generation should try early: UTC, the vendor examples and the extremes.
NOTABLE_OFFSET_MINUTES = (0, 330, -240, 840, -720, 420, 345, 765, -570)


@functools.cache
def available_zones(names: tuple[str, ...] = ZONE_NAMES) -> tuple[tzinfo, ...]:
    """The zones of ``names`` the local time-zone database knows."""
    zones: list[tzinfo] = []
    for name in names:
        try:
            zones.append(zoneinfo.ZoneInfo(name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
    return tuple(zones)


def _require_strategy(name: str, value: object) -> None:
    if not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(f"{name}={value!r} must be a Hypothesis strategy")


def _epoch(name: str, value: datetime) -> int:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidArgument(f"{name}={value!r} must be an aware datetime")
    if not datetime(1, 1, 2, tzinfo=UTC) <= value <= datetime(9998, 12, 31, tzinfo=UTC):
        raise InvalidArgument(f"{name}={value.isoformat()} is outside years 0001-9998")
    return int(value.timestamp())


def _instant(seconds: int, tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(seconds, UTC).astimezone(tz)


def _span(within: tuple[datetime, datetime] | None) -> tuple[int, int]:
    low, high = within if within is not None else DEFAULT_WITHIN
    lo, hi = _epoch("within[0]", low), _epoch("within[1]", high)
    if lo > hi:
        raise InvalidArgument(f"within=({low.isoformat()}, {high.isoformat()}) ends before it starts")
    return lo, hi


@registered(
    "Fixed UTC offsets on the quarter hour from -12:00 to +14:00, the extremes, Z and +05:30 included.",
    claim=lambda tz: (
        isinstance(tz, timezone)
        and timedelta(hours=-12) <= tz.utcoffset(None) <= timedelta(hours=14)
        and tz.utcoffset(None) % timedelta(minutes=15) == timedelta(0)
    ),
)
def utc_offsets(min_minutes: int = -720, max_minutes: int = 840, step_minutes: int = 15) -> st.SearchStrategy[timezone]:
    """Fixed offsets ``min_minutes..max_minutes`` east of UTC that are multiples of ``step_minutes``."""
    if not 1 <= step_minutes <= 60:
        raise InvalidArgument(f"step_minutes={step_minutes} must be in 1..60")
    if not -1439 <= min_minutes <= max_minutes <= 1439:
        raise InvalidArgument(f"need -1439 <= min_minutes={min_minutes} <= max_minutes={max_minutes} <= 1439")
    first, last = -(-min_minutes // step_minutes), max_minutes // step_minutes
    if first > last:
        raise InvalidArgument(f"no multiple of {step_minutes} min lies in {min_minutes}..{max_minutes}")
    notable = [m for m in NOTABLE_OFFSET_MINUTES if min_minutes <= m <= max_minutes and m % step_minutes == 0]
    minutes = st.integers(first, last).map(lambda n: n * step_minutes)
    if notable:
        minutes = st.sampled_from(notable) | minutes
    return minutes.map(lambda m: timezone(timedelta(minutes=m)))


@registered(
    "IANA zones with DST changes and odd offsets (New York, Lord Howe, Chatham, Kathmandu, Kiritimati, ...).",
    claim=lambda tz: isinstance(tz, zoneinfo.ZoneInfo) and tz.key in ZONE_NAMES,
)
def time_zones(names: tuple[str, ...] = ZONE_NAMES) -> st.SearchStrategy[tzinfo]:
    """Zones of ``names`` known to the local tz database."""
    zones = available_zones(tuple(names))
    if not zones:
        raise InvalidArgument(f"none of the zones {names} is in the local time-zone database")
    return st.sampled_from(zones)


def default_offsets() -> st.SearchStrategy[tzinfo]:
    """Fixed offsets and, where the tz database has them, zones with DST."""
    return utc_offsets() | time_zones() if available_zones() else utc_offsets()


def _rfc3339_claim(text: str) -> bool:
    return timefmt.parses("rfc3339", text) and (text.endswith("Z") or text[-6] in "+-")


@registered(
    "RFC 3339 date-time texts that always carry a UTC offset (Z, +00:00, +05:30, -04:00, +14:00, -12:00, ...).",
    claim=_rfc3339_claim,
)
def rfc3339_datetimes(
    min_value: datetime | None = None,
    max_value: datetime | None = None,
    *,
    offsets: st.SearchStrategy[tzinfo] | None = None,
    fractions: bool = False,
) -> st.SearchStrategy[str]:
    """RFC 3339 texts of instants in ``[min_value, max_value]`` written in an offset drawn from ``offsets``."""
    lo, hi = _span((min_value or DEFAULT_WITHIN[0], max_value or DEFAULT_WITHIN[1]))
    offsets = offsets if offsets is not None else default_offsets()
    _require_strategy("offsets", offsets)

    @st.composite
    def draw_text(draw: st.DrawFn) -> str:
        instant = _instant(draw(st.integers(lo, hi)), draw(offsets))
        if fractions:
            instant = instant.replace(microsecond=draw(st.integers(0, 999_999)))
        return timefmt.format_rfc3339(instant, utc=draw(st.sampled_from(("Z", "+00:00"))))

    return draw_text()


# ---------------------------------------------------------------------------------------------
# Windows
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A reporting window: aware instants and the texts to put in a request."""

    start: datetime
    end: datetime
    start_text: str
    end_text: str

    @property
    def seconds(self) -> int:
        """Elapsed seconds from start to end."""
        return int(timefmt.window_seconds(self.start, self.end))

    def fields(self, start: str, end: str) -> dict[str, str]:
        """The texts keyed by the request's field names."""
        return {start: self.start_text, end: self.end_text}


@dataclass(frozen=True)
class WindowPlan:
    """Validated arguments of a window strategy (durations in seconds, bounds as epoch seconds)."""

    notation: str
    offsets: st.SearchStrategy[tzinfo]
    lo: int
    hi: int
    min_seconds: int
    max_seconds: int
    align: int | None = None
    display: DisplayFormat | None = None

    def with_durations(self, min_seconds: int, max_seconds: int) -> WindowPlan:
        """The same plan with other durations and no alignment (negative windows use it)."""
        return replace(self, min_seconds=min_seconds, max_seconds=min(max_seconds, self.hi - self.lo), align=None)


def window_plan(
    min_seconds: int | None,
    max_seconds: int | None,
    *,
    notation: str,
    offsets: st.SearchStrategy[tzinfo] | None,
    within: tuple[datetime, datetime] | None,
    align: int | None = None,
    display: DisplayFormat | None = None,
) -> WindowPlan:
    """Check the arguments of a window strategy; raise ``InvalidArgument`` naming the first bad one."""
    if notation not in timefmt.NOTATIONS:
        raise InvalidArgument(f"notation={notation!r} must be one of {timefmt.NOTATIONS}")
    if notation == "display_datetime" and not isinstance(display, DisplayFormat):
        raise InvalidArgument("notation='display_datetime' needs display=DisplayFormat(...)")
    offsets = offsets if offsets is not None else default_offsets()
    _require_strategy("offsets", offsets)
    lo, hi = _span(within)
    low = 1 if min_seconds is None else min_seconds
    high = DEFAULT_MAX_SECONDS if max_seconds is None else max_seconds
    if not isinstance(low, int) or not isinstance(high, int) or not 0 <= low <= high:
        raise InvalidArgument(f"need integers 0 <= min_seconds={min_seconds} <= max_seconds={max_seconds}")
    if low > hi - lo:
        raise InvalidArgument(f"min_seconds={low} does not fit within a span of {hi - lo} s")
    high = min(high, hi - lo) if max_seconds is None else high
    if high > hi - lo:
        raise InvalidArgument(f"max_seconds={high} does not fit within a span of {hi - lo} s")
    if align is not None:
        if not isinstance(align, int) or align <= 0:
            raise InvalidArgument(f"align={align!r} must be a positive number of seconds")
        if -(-low // align) > high // align:
            raise InvalidArgument(f"no multiple of align={align} lies in {low}..{high} s")
        if (-(-low // align) + 1) * align > hi - lo:
            raise InvalidArgument(f"aligned windows of {low}..{high} s do not fit within a span of {hi - lo} s")
    return WindowPlan(notation, offsets, lo, hi, low, high, align, display)


def _anchors(kind: str, tz: tzinfo, year: int) -> list[int]:
    """Epoch seconds of local month starts or of DST changes in ``year``."""
    if kind == "dst_change":
        return [int(t.timestamp()) for t in timefmt.dst_transitions(tz, year)]
    return [int(datetime(year, month, 1).replace(tzinfo=tz).timestamp()) for month in range(1, 13)]


@st.composite
def _starts(draw: st.DrawFn, tz: tzinfo, lo: int, latest: int, seconds: int) -> int:
    """A start in ``[lo, latest]``; often one whose window crosses a local month start or a DST change."""
    kind = draw(st.sampled_from(("any", "month_start", "dst_change")))
    if kind != "any" and seconds > 0:
        year = draw(st.integers(_instant(lo, tz).year, _instant(latest + seconds, tz).year))
        ranges = [
            (max(lo, anchor - seconds), min(latest, anchor - 1))
            for anchor in _anchors(kind, tz, year)
            if max(lo, anchor - seconds) <= min(latest, anchor - 1)
        ]
        if ranges:
            first, last = draw(st.sampled_from(ranges))
            return draw(st.integers(first, last))
    return draw(st.integers(lo, latest))


def _aligned(start: int, step: int, tz: tzinfo, lo: int) -> int | None:
    floored = timefmt.floor_to_step(_instant(start, tz), step)
    seconds = int(floored.timestamp())
    if seconds < lo:
        seconds += step
    return seconds if timefmt.is_aligned(_instant(seconds, tz), step) else None


Renderer = Callable[[datetime, tzinfo, DisplayFormat | None, str], str]

# Notation -> (strategy of a rendering style, renderer of an instant in that style).
RENDERERS: dict[str, tuple[st.SearchStrategy[str], Renderer]] = {
    "rfc3339": (st.sampled_from(("Z", "+00:00")), lambda dt, tz, d, style: timefmt.format_rfc3339(dt, utc=style)),
    "iso8601": (
        st.sampled_from(("seconds", "milliseconds")),
        lambda dt, tz, d, style: timefmt.format_iso8601(dt, timespec=style),
    ),
    "local_datetime": (st.just(""), lambda dt, tz, d, style: timefmt.format_local_datetime(dt, tz)),
    "display_datetime": (
        st.just(""),
        lambda dt, tz, d, style: timefmt.format_display_datetime(dt, d or DisplayFormat(), tz),
    ),
}


def render(notation: str, instant: datetime, tz: tzinfo, display: DisplayFormat | None, style: str) -> str:
    """Text of ``instant`` in ``notation``; wall-time notations leave out wall times a DST change repeats."""
    if notation in ("local_datetime", "display_datetime"):
        assume(not timefmt.is_ambiguous(instant.astimezone(tz), tz))  # such a wall time names two instants
    return RENDERERS[notation][1](instant, tz, display, style)


@st.composite
def _bounded(draw: st.DrawFn, low: int, high: int) -> int:
    """An integer in ``[low, high]`` that is each bound one time in ten, so limits get tested."""
    pick = draw(st.integers(0, 9))
    return low if pick == 0 else high if pick == 1 else draw(st.integers(low, high))


@st.composite
def planned_windows(draw: st.DrawFn, plan: WindowPlan) -> Window:
    """A window following ``plan``: duration, start (biased to month starts and DST changes), alignment, texts."""
    tz = draw(plan.offsets)
    if plan.align:
        seconds = plan.align * draw(_bounded(-(-plan.min_seconds // plan.align), plan.max_seconds // plan.align))
    else:
        seconds = draw(_bounded(plan.min_seconds, plan.max_seconds))
    start = draw(_starts(tz, plan.lo, plan.hi - seconds, seconds))
    if plan.align:
        aligned = _aligned(start, plan.align, tz, plan.lo)
        assume(aligned is not None and aligned + seconds <= plan.hi)
        start = int(aligned or 0)
    style = draw(RENDERERS[plan.notation][0])
    begin, end = _instant(start, tz), _instant(start + seconds, tz)
    return Window(
        begin,
        end,
        render(plan.notation, begin, tz, plan.display, style),
        render(plan.notation, end, tz, plan.display, style),
    )


def _window_claim(window: Any) -> bool:
    return (
        isinstance(window, Window)
        and 3600 <= window.seconds <= 86400
        and timefmt.same_instant(timefmt.parse_rfc3339(window.start_text), window.start)
        and timefmt.same_instant(timefmt.parse_rfc3339(window.end_text), window.end)
    )


@registered(
    "Windows whose duration lies in [min_seconds, max_seconds], with texts in the notation that read back exactly.",
    claim=_window_claim,
    example={"min_seconds": 3600, "max_seconds": 86400},
)
def time_windows(
    min_seconds: int | None = None,
    max_seconds: int | None = None,
    *,
    notation: str = "rfc3339",
    offsets: st.SearchStrategy[tzinfo] | None = None,
    within: tuple[datetime, datetime] | None = None,
    align: int | None = None,
    display: DisplayFormat | None = None,
) -> st.SearchStrategy[Window]:
    """Valid windows: ``min_seconds`` (default 1) to ``max_seconds`` (default 366 days) long, inside ``within``.

    ``offsets`` gives the zone of each window (fixed offsets or zones with DST; default both). With ``align``,
    start and end fall on multiples of ``align`` seconds of the start's local clock. ``display`` is the
    setting for the ``display_datetime`` notation.
    """
    plan = window_plan(
        min_seconds, max_seconds, notation=notation, offsets=offsets, within=within, align=align, display=display
    )
    return planned_windows(plan)


def _spec_durations(time_window: TimeWindow) -> tuple[int, int | None]:
    low = time_window.min_seconds if time_window.min_seconds is not None else 0
    if time_window.end_after_start:
        low = max(low, 1)
    return low, time_window.max_seconds


# The x-pbx-time-window the registry's examples of spec-driven strategies draw from (PortSIP Dataflow's).
EXAMPLE_TIME_WINDOW = TimeWindow.parse(
    {
        "start": {"in": "body", "name": "start_time"},
        "end": {"in": "body", "name": "end_time"},
        "notation": "rfc3339",
        "utc_offset": "required",
        "required": True,
        "max_seconds": 86400,
    }
)


@registered(
    "Valid windows for a spec's x-pbx-time-window (its notation, min_seconds and max_seconds).",
    claim=lambda w: isinstance(w, Window) and 1 <= w.seconds <= 86400 and timefmt.parses("rfc3339", w.start_text),
    example={"time_window": EXAMPLE_TIME_WINDOW},
)
def windows_for(
    time_window: TimeWindow,
    *,
    display: DisplayFormat | None = None,
    offsets: st.SearchStrategy[tzinfo] | None = None,
    within: tuple[datetime, datetime] | None = None,
    align: int | None = None,
) -> st.SearchStrategy[Window]:
    """``time_windows`` with the bounds and notation of ``time_window``."""
    low, high = _spec_durations(time_window)
    return time_windows(
        low,
        high,
        notation=time_window.notation,
        offsets=offsets,
        within=within,
        align=align,
        display=display,
    )
