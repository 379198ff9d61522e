"""Strategies for reporting windows a server must reject, one kind of defect at a time."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance import timefmt
from conformance.extensions import TimeWindow
from conformance.timefmt import DISPLAY_FORMATS, DisplayFormat
from strategies.registry import registered
from strategies.time import DEFAULT_WITHIN, EXAMPLE_TIME_WINDOW, Window, WindowPlan, planned_windows, window_plan

INVALID_WINDOW_KINDS = (
    "over_max",
    "under_min",
    "end_before_start",
    "equal",
    "missing_offset",
    "absurd",
    "wrong_notation",
    "near_notation",
)
OVER_MAX_EXTRA_SECONDS = 7 * 86400  # over_max windows are max_seconds + 1 s ... + 7 days long

# Field overrides that make a date-time impossible (or, for year 9999, far outside any plausible window).
ABSURD_FIELDS: dict[str, dict[str, int]] = {
    "year 0000": {"year": 0},
    "year 9999": {"year": 9999},
    "month 00": {"month": 0},
    "month 13": {"month": 13},
    "day 00": {"day": 0},
    "day 32": {"day": 32},
    "February 30": {"month": 2, "day": 30},
    "hour 24": {"hour": 24},
    "minute 60": {"minute": 60},
    "second 60": {"second": 60},
}
TWELVE_HOUR_ABSURD_FIELDS: dict[str, dict[str, int]] = {
    "hour 13 on a 12-hour clock": {"hour": 13},
    "hour 00 on a 12-hour clock": {"hour": 0},
}


@dataclass(frozen=True)
class InvalidWindow:
    """A window with one kind of defect; ``start``/``end`` are the intended instants where there are any."""

    kind: str
    start_text: str
    end_text: str
    start: datetime | None
    end: datetime | None
    defect: str

    def fields(self, start: str, end: str) -> dict[str, str]:
        """The texts keyed by the request's field names."""
        return {start: self.start_text, end: self.end_text}


def _wall_fields(notation: str, instant: datetime, display: DisplayFormat | None) -> tuple[dict[str, int], str]:
    """Date-time fields of ``instant`` as the notation writes them, and its offset or AM/PM marker."""
    wall = instant.astimezone(UTC) if notation == "iso8601" else instant
    fields = {name: getattr(wall, name) for name in ("year", "month", "day", "hour", "minute", "second")}
    if notation == "display_datetime" and display is not None and display.clock == "12h":
        marker = "PM" if wall.hour >= 12 else "AM"
        fields["hour"] = wall.hour % 12 or 12
        return fields, marker
    offset = wall.utcoffset()
    return fields, timefmt.format_utc_offset(offset) if offset is not None else ""


def _clock(f: Mapping[str, int]) -> str:
    return f"{f['hour']:02d}:{f['minute']:02d}:{f['second']:02d}"


def _iso_date(f: Mapping[str, int]) -> str:
    return f"{f['year']:04d}-{f['month']:02d}-{f['day']:02d}"


def _display_text(f: Mapping[str, int], tail: str, display: DisplayFormat | None) -> str:
    fmt = display or DisplayFormat()
    day = timefmt.format_date_fields(fmt.date_order, f["year"], f["month"], f["day"])
    return f"{day} {_clock(f)}" + (f" {tail}" if fmt.clock == "12h" else "")


# Notation -> writer of unchecked fields (``tail`` is the offset, or the AM/PM marker on a 12 h display).
FIELD_WRITERS: dict[str, Callable[[Mapping[str, int], str, DisplayFormat | None], str]] = {
    "rfc3339": lambda f, tail, d: f"{_iso_date(f)}T{_clock(f)}{tail}",
    "iso8601": lambda f, tail, d: f"{_iso_date(f)}T{_clock(f)}Z",
    "local_datetime": lambda f, tail, d: f"{_iso_date(f)} {_clock(f)}",
    "display_datetime": _display_text,
}

# Other notations a window can be wrongly written in.
WRONG_WRITERS: dict[str, Callable[[datetime], str]] = {
    "rfc3339": lambda dt: timefmt.format_rfc3339(dt),
    "local_datetime": lambda dt: timefmt.format_local_datetime(dt),
    "date only": lambda dt: timefmt.format_local_datetime(dt)[:10],
    "unix seconds": lambda dt: str(int(dt.timestamp())),
    **{f"display {fmt}": functools.partial(timefmt.format_display_datetime, fmt=fmt) for fmt in DISPLAY_FORMATS},
}


# Near misses of the stamped notations: what a lenient parser takes (RFC 3339 §5.6 itself lets applications
# write a space for the T), so no document that only names the notation makes their refusal a rule.
NEAR_MISS_WRITERS: dict[str, Callable[[datetime], str]] = {
    "rfc3339 with a space": lambda dt: timefmt.format_rfc3339(dt).replace("T", " "),
    "iso8601 basic offset": lambda dt: timefmt.format_iso8601(dt)[:-1] + "+0000",
}
NEAR_MISS_NOTATIONS = ("rfc3339", "iso8601", "local_datetime")


def _from_window(kind: str, window: Window, defect: str, *, swap: bool = False) -> InvalidWindow:
    if swap:
        return InvalidWindow(kind, window.end_text, window.start_text, window.end, window.start, defect)
    return InvalidWindow(kind, window.start_text, window.end_text, window.start, window.end, defect)


def _over_max(plan: WindowPlan) -> st.SearchStrategy[InvalidWindow]:
    limit = plan.max_seconds
    durations = plan.with_durations(limit + 1, limit + OVER_MAX_EXTRA_SECONDS)
    return planned_windows(durations).map(lambda w: _from_window("over_max", w, f"{w.seconds} s > {limit} s"))


def _under_min(plan: WindowPlan) -> st.SearchStrategy[InvalidWindow]:
    limit = plan.min_seconds
    durations = plan.with_durations(1, limit - 1)
    return planned_windows(durations).map(lambda w: _from_window("under_min", w, f"{w.seconds} s < {limit} s"))


def _end_before_start(plan: WindowPlan) -> st.SearchStrategy[InvalidWindow]:
    durations = plan.with_durations(1, max(plan.max_seconds, 1))
    return planned_windows(durations).map(
        lambda w: _from_window("end_before_start", w, f"end {w.seconds} s before start", swap=True)
    )


def _equal(plan: WindowPlan) -> st.SearchStrategy[InvalidWindow]:
    return planned_windows(plan.with_durations(0, 0)).map(lambda w: _from_window("equal", w, "end equals start"))


def _without_offset(instant: datetime, notation: str) -> str:
    wall = instant.astimezone(UTC) if notation == "iso8601" else instant
    return timefmt.format_local_datetime(wall).replace(" ", "T")


@st.composite
def _missing_offset(draw: st.DrawFn, plan: WindowPlan) -> InvalidWindow:
    window = draw(planned_windows(plan))
    which = draw(st.sampled_from(("start", "end", "both")))
    start_text = _without_offset(window.start, plan.notation) if which != "end" else window.start_text
    end_text = _without_offset(window.end, plan.notation) if which != "start" else window.end_text
    return InvalidWindow("missing_offset", start_text, end_text, window.start, window.end, f"{which} lacks its offset")


@st.composite
def _absurd(draw: st.DrawFn, plan: WindowPlan) -> InvalidWindow:
    window = draw(planned_windows(plan))
    table = dict(ABSURD_FIELDS)
    if plan.display is not None and plan.display.clock == "12h" and plan.notation == "display_datetime":
        table.update(TWELVE_HOUR_ABSURD_FIELDS)
    name = draw(st.sampled_from(sorted(table)))
    which = draw(st.sampled_from(("start", "end", "both")))
    texts = {"start": window.start_text, "end": window.end_text}
    for endpoint, instant in (("start", window.start), ("end", window.end)):
        if which in (endpoint, "both"):
            fields, tail = _wall_fields(plan.notation, instant, plan.display)
            texts[endpoint] = FIELD_WRITERS[plan.notation]({**fields, **table[name]}, tail, plan.display)
    return InvalidWindow("absurd", texts["start"], texts["end"], None, None, f"{name} in {which}")


def _rewritten(kind: str, writers: dict[str, Callable[[datetime], str]]) -> Callable[[WindowPlan], Any]:
    """Windows written in one of ``writers`` that the plan's notation does not parse."""

    @st.composite
    def build(draw: st.DrawFn, plan: WindowPlan) -> InvalidWindow:
        window = draw(planned_windows(plan))
        candidates = [
            name
            for name, write in writers.items()
            if not any(
                timefmt.parses(plan.notation, write(instant), display=plan.display)
                for instant in (window.start, window.end)
            )
        ]
        assume(candidates)
        name = draw(st.sampled_from(candidates))
        write = writers[name]
        return InvalidWindow(kind, write(window.start), write(window.end), window.start, window.end,
                             f"written as {name}")

    return build


_wrong_notation = _rewritten("wrong_notation", WRONG_WRITERS)  # never empty: unix seconds parse in no notation
_near_notation = _rewritten("near_notation", NEAR_MISS_WRITERS)


BUILDERS: dict[str, Callable[[WindowPlan], st.SearchStrategy[InvalidWindow]]] = {
    "over_max": _over_max,
    "under_min": _under_min,
    "end_before_start": _end_before_start,
    "equal": _equal,
    "missing_offset": _missing_offset,
    "absurd": _absurd,
    "wrong_notation": _wrong_notation,
    "near_notation": _near_notation,
}


def _obstacle(kind: str, plan: WindowPlan, min_seconds: int | None, max_seconds: int | None) -> str | None:
    """Why ``kind`` cannot be generated for these arguments, or None."""
    if kind == "over_max" and max_seconds is None:
        return "over_max needs max_seconds"
    if kind == "over_max" and plan.max_seconds + 1 > plan.hi - plan.lo:
        return f"over_max windows do not fit within a span of {plan.hi - plan.lo} s"
    if kind == "under_min" and (min_seconds is None or min_seconds < 2):
        return "under_min needs min_seconds >= 2"
    if kind == "near_notation" and plan.notation not in NEAR_MISS_NOTATIONS:
        return f"near_notation applies to {', '.join(NEAR_MISS_NOTATIONS)}"
    if kind == "missing_offset" and plan.notation not in ("rfc3339", "iso8601"):
        return f"missing_offset applies to rfc3339 and iso8601, not {plan.notation}"
    return None


@registered(
    "Windows with exactly the defect `kind` names (over_max, under_min, end_before_start, equal, ...).",
    claim=lambda w: (
        isinstance(w, InvalidWindow)
        and w.kind == "over_max"
        and w.start is not None
        and w.end is not None
        and 86400 < timefmt.window_seconds(w.start, w.end) <= 86400 + OVER_MAX_EXTRA_SECONDS
    ),
    example={"kind": "over_max", "max_seconds": 86400},
)
def invalid_time_windows(
    kind: str | None = None,
    *,
    min_seconds: int | None = None,
    max_seconds: int | None = None,
    notation: str = "rfc3339",
    offsets: st.SearchStrategy[tzinfo] | None = None,
    within: tuple[datetime, datetime] | None = None,
    display: DisplayFormat | None = None,
) -> st.SearchStrategy[InvalidWindow]:
    """Windows a server bound by these rules must reject; ``kind=None`` mixes every kind that applies."""
    plan = window_plan(min_seconds, max_seconds, notation=notation, offsets=offsets, within=within, display=display)
    if kind is not None and kind not in BUILDERS:
        raise InvalidArgument(f"kind={kind!r} must be one of {INVALID_WINDOW_KINDS}")
    kinds = [kind] if kind is not None else list(INVALID_WINDOW_KINDS)
    if kind is not None and (reason := _obstacle(kind, plan, min_seconds, max_seconds)):
        raise InvalidArgument(reason)
    usable = [k for k in kinds if _obstacle(k, plan, min_seconds, max_seconds) is None]
    return st.one_of([BUILDERS[k](plan) for k in usable])


# Kind -> whether a server following a spec's time window must reject windows of that kind.
APPLIES: dict[str, Callable[[TimeWindow], bool]] = {
    "over_max": lambda tw: tw.max_seconds is not None,
    "under_min": lambda tw: (tw.min_seconds or 0) >= 2,
    "end_before_start": lambda tw: tw.end_after_start,
    "equal": lambda tw: tw.end_after_start or (tw.min_seconds or 0) >= 1,
    "missing_offset": lambda tw: tw.notation in ("rfc3339", "iso8601") and tw.utc_offset == "required",
    "absurd": lambda tw: True,
    "wrong_notation": lambda tw: True,
    "near_notation": lambda tw: tw.notation in NEAR_MISS_NOTATIONS,
}


def invalid_window_kinds(time_window: TimeWindow) -> tuple[str, ...]:
    """The kinds of invalid window a server following ``time_window`` must reject."""
    return tuple(kind for kind in INVALID_WINDOW_KINDS if APPLIES[kind](time_window))


def _spec_claim(window: Any) -> bool:
    return isinstance(window, InvalidWindow) and bool(
        timefmt.window_problems("rfc3339", window.start_text, window.end_text, max_seconds=86400, within=DEFAULT_WITHIN)
    )


@registered(
    "Invalid windows for a spec's x-pbx-time-window, of the kinds invalid_window_kinds lists for it.",
    claim=_spec_claim,
    example={"time_window": EXAMPLE_TIME_WINDOW},
)
def invalid_windows_for(
    time_window: TimeWindow,
    kind: str | None = None,
    *,
    display: DisplayFormat | None = None,
    offsets: st.SearchStrategy[tzinfo] | None = None,
    within: tuple[datetime, datetime] | None = None,
) -> st.SearchStrategy[InvalidWindow]:
    """``invalid_time_windows`` for the rules of ``time_window``; ``kind`` must be one it applies to."""
    kinds = invalid_window_kinds(time_window)
    if kind is not None and kind not in kinds:
        raise InvalidArgument(f"kind={kind!r} does not apply to this window (applicable: {kinds})")
    return st.one_of(
        [
            invalid_time_windows(
                k,
                min_seconds=time_window.min_seconds,
                max_seconds=time_window.max_seconds,
                notation=time_window.notation,
                offsets=offsets,
                within=within,
                display=display,
            )
            for k in ([kind] if kind is not None else kinds)
        ]
    )
