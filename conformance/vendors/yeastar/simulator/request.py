"""Read a ``call_report/download`` query into the report type and its ``ReportParams``.

The query reached the handler valid against the type's schema variant and the window rules. What is
left here: ids (only those of the PBX's own directory count; unknown ids select nothing), the ``time``
period, the open bounds of a one-sided window, and the readings of the ambiguous errata:

- ``period_order`` (YEA-014): ``display_order`` reads ``time`` in the display order first and then in the
  other documented orders (the spec's pattern admits every order; only real dates match it);
  ``year_first`` accepts only ``YYYY/MM/DD``, ``YYYY/MM`` and ``YYYY``.
- ``partial_window`` (YEA-011): ``open_bound`` leaves a missing bound open (both missing: all records);
  ``both_or_none`` refuses a single bound.
- ``end_time`` (YEA-031): ``inclusive`` (the vendor example ends a day at ``23:59:59``) makes the window
  ``[start_time, end_time + 1 s)``; ``exclusive`` makes it ``[start_time, end_time)``.

An end before the start selects nothing (YEA-012). Latitude flags: ``reversed_window_refused`` refuses it
instead; ``unknown_ids_refused`` refuses an id the PBX does not have instead of selecting nothing.

Fault flags read here: ``window_ignored`` / ``start_time_ignored`` (every record, or no lower bound, whatever
the window), ``id_list_first_only`` (a list selects its first id only), ``need_detail_inverted`` (details when
``need_detail`` is not 1, none when it is), ``abandon_time_inverted`` / ``talk_time_inverted`` (the threshold
leaves out the calls beyond it instead of those within it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from conformance import timefmt
from conformance.simulator.model import Window
from conformance.simulator.queries.buckets import Step
from conformance.simulator.replies import Rejection
from conformance.vendors.yeastar.simulator.queries import ReportParams, period

OPEN_START = datetime(1000, 1, 1, tzinfo=UTC)
OPEN_END = datetime(3000, 1, 1, tzinfo=UTC)

# Query parameter -> (ReportParams field, catalogue key of the directory it names).
ID_PARAMETERS: dict[str, tuple[str, str]] = {
    "ext_id_list": ("ext_ids", "extensions"),
    "trunk_id_list": ("trunk_ids", "trunks"),
    "trunk_id": ("trunk_ids", "trunks"),
    "ivr_id_list": ("ivr_ids", "ivrs"),
    "ring_group_id_list": ("ring_group_ids", "ring_groups"),
    "queue_id_list": ("queue_ids", "queues"),
    "queue_id": ("queue_ids", "queues"),
    "agent_id_list": ("agent_ids", "extensions"),
}
# Report types whose rows follow the ``time`` period (by hour, day or month).
PERIOD_TYPES = frozenset(
    {"extcallactivity", "trunkactivity", "trunkdiddodactivity", "queueavgwaittalktime", "queueperformanceactivity"}
)


@dataclass(frozen=True)
class Directory:
    """Ids of the PBX's own objects (one tenant of the store), by catalogue key."""

    tenant_id: int | None
    ids: dict[str, frozenset[int]]

    @classmethod
    def of(cls, tenants: Sequence[dict[str, Any]], scoped: bool) -> Directory:
        keys = {key for _, key in ID_PARAMETERS.values()}
        ids = {key: frozenset(int(item["id"]) for t in tenants for item in t.get(key, [])) for key in keys}
        return cls(int(tenants[0]["id"]) if scoped and tenants else None, ids)

    def all(self, key: str) -> list[int]:
        return sorted(self.ids.get(key, frozenset()))

    def pick(self, key: str, text: str) -> list[int]:
        """The ids of a comma-separated list that exist in this directory (unknown ones select nothing)."""
        known = self.ids.get(key, frozenset())
        return sorted({int(part) for part in text.split(",") if part.strip().isdigit()} & known)

    def unknown(self, key: str, text: str) -> list[str]:
        """The parts of a comma-separated list that name no object of this directory."""
        known = {str(i) for i in self.ids.get(key, frozenset())}
        return [part for part in text.split(",") if part.strip() not in known]


def read_period(text: str, display: timefmt.DisplayFormat, order_reading: str) -> timefmt.DisplayPeriod:
    """A ``time`` value as a period, under the ``period_order`` reading."""
    orders = ["YYYY/MM/DD"] if order_reading == "year_first" else [
        display.date_order, *(o for o in ("YYYY/MM/DD", "MM/DD/YYYY", "DD/MM/YYYY") if o != display.date_order)]
    for order in orders:
        try:
            return timefmt.parse_display_period(text, order)
        except ValueError:
            continue
    raise Rejection("invalid", f"time {text!r} is not a period in the PBX's date display", field="time")


def report_window(query: dict[str, str], window: tuple[datetime, datetime] | None, tz: tzinfo,
                  partial_reading: str = "open_bound", end_reading: str = "inclusive",
                  flags: frozenset[str] = frozenset()) -> Window:
    """The ``start_time``/``end_time`` window; missing bounds open (YEA-011), end per YEA-031."""
    if "window_ignored" in flags:
        return Window.of(OPEN_START, OPEN_END, tz)
    given = [name for name in ("start_time", "end_time") if name in query]
    if len(given) == 1 and partial_reading == "both_or_none":
        raise Rejection("invalid", "give both start_time and end_time, or neither", field=given[0])
    start = window[0] if window is not None and "start_time" in query and "start_time_ignored" not in flags \
        else OPEN_START
    end = window[1] if window is not None and "end_time" in query else OPEN_END
    if end < start and "reversed_window_refused" in flags:
        raise Rejection("invalid", "end_time is before start_time", field="end_time")
    if end is not OPEN_END and end_reading == "inclusive":
        end += timedelta(seconds=1)
    return Window.of(start, max(start, end), tz)


def _flag(query: dict[str, str], name: str) -> bool:
    return query.get(name, "0").strip() == "1"


def _seconds(text: str | None) -> int:
    """A number of seconds as the PBX reads it: whole or fractional; anything else counts as none (only the
    YEA-004 ``free_string`` reading lets a non-integer through the spec's validation)."""
    try:
        return max(0, int(float(text or 0)))
    except (OverflowError, ValueError):
        return 0


def report_params(query: dict[str, str], window: Window, step: Step, directory: Directory,
                  flags: frozenset[str] = frozenset()) -> ReportParams:
    """``ReportParams`` of one request (``window`` and ``step`` from the period or the start/end window)."""
    ids: dict[str, list[int] | None] = {}
    for name, (field, key) in ID_PARAMETERS.items():
        if name in query:
            text = query[name].split(",")[0] if "id_list_first_only" in flags else query[name]
            unknown = directory.unknown(key, text) if "unknown_ids_refused" in flags else []
            if unknown:
                raise Rejection("invalid", f"{name}: no such id {unknown[0]!r} on this PBX", field=name)
            ids[field] = directory.pick(key, text)
    for field, key in (("ext_ids", "extensions"), ("trunk_ids", "trunks"), ("ivr_ids", "ivrs"),
                       ("ring_group_ids", "ring_groups"), ("queue_ids", "queues")):
        ids.setdefault(field, directory.all(key))  # omitted optional list: every object of the PBX
    return ReportParams(
        window=window,
        step=step,
        abandon_time=_seconds(query.get("abandon_time")),
        talk_time=int(query.get("talk_time") or 0),
        # asking for the internal calls includes them (YEA-015 with_internal lets Internal through)
        include_internal=_flag(query, "include_internal") or query.get("communication_type") == "Internal",
        callback_result=query.get("callback_result"),
        reason=query.get("reason"),
        communication_type=query.get("communication_type"),
        tenant_id=directory.tenant_id,
        need_detail=_flag(query, "need_detail") != ("need_detail_inverted" in flags),
        inverted=frozenset(name for name in ("abandon_time", "talk_time") if f"{name}_inverted" in flags),
        **ids,  # type: ignore[arg-type]
    )


def period_window(text: str, display: timefmt.DisplayFormat, tz: tzinfo, order_reading: str) -> tuple[Window, Step]:
    """Window and step of a ``time`` value (a day by hour, a month by day, a year by month)."""
    found = read_period(text, display, order_reading)
    start = found.start
    if found.granularity == "hourly":
        return period(start.year, start.month, start.day, tz)
    if found.granularity == "daily":
        return period(start.year, start.month, None, tz)
    return period(start.year, None, None, tz)
