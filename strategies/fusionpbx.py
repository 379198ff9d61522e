"""FusionPBX report strategies: server-local ``YYYY-MM-DD HH:MM:SS`` date-times and windows."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta, tzinfo

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from strategies.registry import registered
from strategies.time import DEFAULT_WITHIN, Window, WindowPlan, time_windows, window_plan

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"  # the vendor examples are in +07
DAY = 86400


def zone_of(zone: str | tzinfo) -> tzinfo:
    """A tzinfo from an IANA name, an offset text such as ``+07:00``, or a tzinfo."""
    if isinstance(zone, tzinfo):
        return zone
    try:
        return timefmt.parse_utc_offset(zone) if zone[:1] in "+-Z" else zoneinfo.ZoneInfo(zone)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError) as exc:
        raise InvalidArgument(f"zone={zone!r}: {exc}") from None


@registered(
    "Local date-time texts YYYY-MM-DD HH:MM:SS that name exactly one instant in the zone.",
    claim=lambda text: timefmt.parses("local_datetime", text, tz=zone_of(DEFAULT_ZONE)),
)
def local_datetimes(
    zone: str | tzinfo = DEFAULT_ZONE, min_value: datetime | None = None, max_value: datetime | None = None
) -> st.SearchStrategy[str]:
    """Wall times in ``zone`` of instants in ``[min_value, max_value]`` (aware; default 2000..2038)."""
    tz = zone_of(zone)
    plan = window_plan(
        0,
        0,
        notation="local_datetime",
        offsets=st.just(tz),
        within=(min_value or DEFAULT_WITHIN[0], max_value or DEFAULT_WITHIN[1]),
    )

    def text(seconds: int) -> str:
        instant = datetime.fromtimestamp(seconds, UTC).astimezone(tz)
        assume(not timefmt.is_ambiguous(instant, tz))  # a wall time a DST change repeats names two instants
        return timefmt.format_local_datetime(instant)

    return st.integers(plan.lo, plan.hi).map(text)


@st.composite
def _whole_days(draw: st.DrawFn, tz: tzinfo, first: datetime, last: datetime, plan: WindowPlan) -> Window:
    day = first + timedelta(days=draw(st.integers(0, (last - first).days)))
    count = draw(st.integers(*_day_counts(plan)))
    end_wall = day + timedelta(days=count - 1, hours=23, minutes=59, seconds=59)
    assume(_exists(day, tz) and _exists(end_wall, tz))
    start, end = timefmt.localize(day, tz), timefmt.localize(end_wall, tz)
    assume(plan.min_seconds <= timefmt.window_seconds(start, end) <= plan.max_seconds)  # DST days are 23 or 25 h
    return Window(start, end, timefmt.format_local_datetime(day), timefmt.format_local_datetime(end_wall))


def _day_counts(plan: WindowPlan) -> tuple[int, int]:
    """Fewest and most whole days (00:00:00 to 23:59:59) a window of the plan's durations spans."""
    return max(1, -(-(plan.min_seconds + 1) // DAY)), (plan.max_seconds + 1) // DAY


def _exists(wall: datetime, tz: tzinfo) -> bool:
    try:
        timefmt.localize(wall, tz)
    except ValueError:
        return False
    return not timefmt.is_ambiguous(wall, tz)


@registered(
    "Windows of local date-time texts in a zone, min_seconds..max_seconds long; whole_days gives 00:00:00-23:59:59.",
    claim=lambda w: (
        isinstance(w, Window)
        and w.start_text.endswith(" 00:00:00")
        and w.end_text.endswith(" 23:59:59")
        and timefmt.same_instant(timefmt.parse_local_datetime(w.start_text, zone_of(DEFAULT_ZONE)), w.start)
    ),
    example={"whole_days": True},
)
def local_windows(
    min_seconds: int | None = None,
    max_seconds: int | None = None,
    *,
    zone: str | tzinfo = DEFAULT_ZONE,
    within: tuple[datetime, datetime] | None = None,
    whole_days: bool = False,
) -> st.SearchStrategy[Window]:
    """Windows written as server-local wall times; ``whole_days`` starts at 00:00:00 and ends at 23:59:59."""
    tz = zone_of(zone)
    if not whole_days:
        return time_windows(min_seconds, max_seconds, notation="local_datetime", offsets=st.just(tz), within=within)
    plan = window_plan(min_seconds, max_seconds, notation="local_datetime", offsets=st.just(tz), within=within)
    fewest, most = _day_counts(plan)
    if fewest > most:
        raise InvalidArgument(f"no whole-day window is {plan.min_seconds}..{plan.max_seconds} s long")
    first = datetime.fromtimestamp(plan.lo, UTC).astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
    last = datetime.fromtimestamp(plan.hi, UTC).astimezone(tz).replace(tzinfo=None) - timedelta(days=most + 1)
    if first > last:
        raise InvalidArgument("the whole-day windows do not fit within the given range")
    first, last = first.replace(hour=0, minute=0, second=0), last.replace(hour=0, minute=0, second=0)
    return _whole_days(tz, first, last, plan)
