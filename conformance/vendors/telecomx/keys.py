"""Reading TelecomX ``data.<interval>`` keys: the page says only that a key is "a month, a week number, a day or
an hour" (TCX-011), so a key is read every way a server could plausibly write one.

A key is a bare number (a period's number within its cycle: hour of day; day of month, of year or of week;
ISO, Sunday- or Monday-first week or week of the month; month 1-12 or 0-11), a calendar label (``2025-10``,
``2025-W44``, ``2025-10-27``, ``2025-10-27T13``), a full timestamp of the period (``2025-10-26T23:00:00.000Z``),
Unix seconds or milliseconds, or a month name. ``touches`` says whether some reading of it names a period a
window touches, in the zones given or, ``wide``, in any zone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal

GROUPINGS = ("HOUR", "DAY", "WEEK", "MONTH")
SLACK = timedelta(hours=14)  # the widest UTC offset: a window's wall clock in any zone lies within this of UTC
# grouping -> its period's longest length, and the spacing of wall-clock samples that meets every period
LENGTH = {"HOUR": timedelta(hours=1), "DAY": timedelta(days=1), "WEEK": timedelta(days=7),
          "MONTH": timedelta(days=31)}
SAMPLE = {"HOUR": timedelta(minutes=15), "DAY": timedelta(hours=1), "WEEK": timedelta(days=1),
          "MONTH": timedelta(days=1)}


def _week_of_month(d: datetime) -> int:
    return (d.day + date(d.year, d.month, 1).weekday() - 1) // 7 + 1


# grouping -> reading -> (its number of a wall-clock time, smallest and largest number, length of its cycle)
Reading = tuple[Callable[[datetime], int], int, int, timedelta]
READINGS: dict[str, dict[str, Reading]] = {
    "HOUR": {"hour of day": (lambda d: d.hour, 0, 23, timedelta(days=1))},
    "DAY": {
        "day of month": (lambda d: d.day, 1, 31, timedelta(days=31)),
        "day of year": (lambda d: d.timetuple().tm_yday, 1, 366, timedelta(days=366)),
        "ISO weekday": (lambda d: d.isoweekday(), 1, 7, timedelta(days=7)),
        "weekday from Sunday 0": (lambda d: d.isoweekday() % 7, 0, 6, timedelta(days=7)),
    },
    "WEEK": {
        "ISO week": (lambda d: d.isocalendar().week, 1, 53, timedelta(days=371)),
        "week from Sunday": (lambda d: int(d.strftime("%U")), 0, 53, timedelta(days=371)),
        "week from Monday": (lambda d: int(d.strftime("%W")), 0, 53, timedelta(days=371)),
        "week of the month": (_week_of_month, 1, 6, timedelta(days=31)),
    },
    "MONTH": {
        "month": (lambda d: d.month, 1, 12, timedelta(days=366)),
        "month from 0": (lambda d: d.month - 1, 0, 11, timedelta(days=366)),
    },
}
MONTH_NAMES = {name: n for n, names in enumerate((
    ("january", "jan", "januar"), ("february", "feb", "februar"), ("march", "mar", "marts"), ("april", "apr"),
    ("may", "maj"), ("june", "jun", "juni"), ("july", "jul", "juli"), ("august", "aug"),
    ("september", "sep", "sept"), ("october", "oct", "oktober", "okt"), ("november", "nov"),
    ("december", "dec", "december"),
), start=1) for name in names}

_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_WEEK = re.compile(r"^([0-9]{4})-?[Ww]([0-9]{1,2})$")
_BARE_WEEK = re.compile(r"^[Ww](?:eek)?\s*([0-9]{1,2})$")
_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_HOUR = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2})(?::00)?$")
_STAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
                    r"(Z|[+-][0-9]{2}:?[0-9]{2})?$")

Kind = Literal["numbers", "start", "other", "unreadable"]


@dataclass(frozen=True)
class KeyReading:
    """What a key can mean under one grouping.

    ``numbers``: (reading, number) pairs of a bare number; ``start``: the start (naive: a wall-clock time) of the
    period a label or timestamp names; ``other``: it names a period of another grouping (``named``) or a number
    no reading of this grouping has; ``unreadable``: no known spelling.
    """

    kind: Kind
    numbers: tuple[tuple[str, int], ...] = ()
    start: datetime | None = None
    named: str = ""


def _date(year: str, month: str, day: str = "1", hour: str = "0") -> datetime | None:
    try:
        return datetime(int(year), int(month), int(day), int(hour))
    except ValueError:
        return None


def _iso_week(year: str, week: str) -> datetime | None:
    try:
        return datetime.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return None


def _stamp(key: str) -> datetime | None:
    text = key.replace("Z", "+00:00")
    text = re.sub(r"([+-][0-9]{2})([0-9]{2})$", r"\1:\2", text)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _labelled(key: str) -> tuple[str, datetime | None] | None:
    """(kind of period, its start) of a calendar label, a timestamp or Unix time; None when it is none of them."""
    if key.isdigit() and len(key) in (10, 13):
        seconds = int(key) / (1000 if len(key) == 13 else 1)
        return "instant", datetime.fromtimestamp(seconds, UTC)
    for pattern, kind in ((_MONTH, "month"), (_DAY, "day"), (_HOUR, "hour")):
        if found := pattern.match(key):
            return kind, _date(*found.groups())
    if found := _WEEK.match(key):
        return "week", _iso_week(*found.groups())
    if _STAMP.match(key):
        return "instant", _stamp(key)
    return None


# grouping -> the label kinds that can name one of its periods (a date may name the week or month it starts)
LABEL_KINDS = {"HOUR": {"hour", "instant"}, "DAY": {"day", "instant"}, "WEEK": {"week", "day", "instant"},
               "MONTH": {"month", "day", "instant"}}


def read_key(key: str, grouping: str) -> KeyReading:
    """Every meaning ``key`` can have as a period of ``grouping``."""
    text = key.strip()
    if text.isdigit() and len(text) <= 3:
        number = int(text)
        numbers = tuple((name, number) for name, (_f, low, high, _c) in READINGS[grouping].items()
                        if low <= number <= high)
        return KeyReading("numbers", numbers) if numbers else KeyReading("other", named=f"no {grouping} number")
    if (week := _BARE_WEEK.match(text)) is not None:
        if grouping != "WEEK":
            return KeyReading("other", named="a week")
        return read_key(week[1], grouping)
    if text.casefold() in MONTH_NAMES:
        if grouping != "MONTH":
            return KeyReading("other", named="a month")
        return KeyReading("numbers", (("month", MONTH_NAMES[text.casefold()]),))
    labelled = _labelled(text)
    if labelled is None:
        return KeyReading("unreadable")
    kind, start = labelled
    if start is None:
        return KeyReading("other", named=f"an impossible {kind}")
    if kind not in LABEL_KINDS[grouping]:
        return KeyReading("other", named=f"a {kind}")
    return KeyReading("start", start=start)


def _walls(start: datetime, end: datetime, zones: Iterable[tzinfo] | None) -> list[tuple[datetime, datetime]]:
    """The window as wall-clock ranges: one per zone, or (``zones`` None) every zone's at once."""
    if zones is None:
        utc = (start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None))
        return [(utc[0] - SLACK, utc[1] + SLACK)]
    return [(start.astimezone(z).replace(tzinfo=None), end.astimezone(z).replace(tzinfo=None)) for z in zones]


def _numbers(wall: tuple[datetime, datetime], grouping: str) -> set[tuple[str, int]]:
    """Every (reading, number) of a period the wall-clock range touches; a reading whose cycle the range
    covers has every number (listed as its range)."""
    first, last = wall
    found: set[tuple[str, int]] = set()
    moments = [first]
    while moments[-1] + SAMPLE[grouping] < last:
        moments.append(moments[-1] + SAMPLE[grouping])
    moments.append(last)
    for name, (number, low, high, cycle) in READINGS[grouping].items():
        if last - first >= cycle:
            found |= {(name, n) for n in range(low, high + 1)}
        else:
            found |= {(name, number(m)) for m in moments}
    return found


def touches(reading: KeyReading, grouping: str, start: datetime, end: datetime,
            zones: Iterable[tzinfo] | None) -> bool:
    """Whether some meaning of the key names a period the window [start, end] touches, read in one of ``zones``
    (None: in any zone). ``end`` counts as inside (``to`` may be inclusive)."""
    if reading.kind == "numbers":
        return any(set(reading.numbers) & _numbers(wall, grouping) for wall in _walls(start, end, zones))
    if reading.kind != "start" or reading.start is None:
        return True  # nothing to place: KEYS-VALID judges it
    length = LENGTH[grouping]
    if reading.start.tzinfo is not None:
        slack = SLACK if zones is None else timedelta(0)
        return reading.start <= end + slack and reading.start + length > start - slack
    return any(reading.start <= last and reading.start + length > first for first, last in _walls(start, end, zones))
