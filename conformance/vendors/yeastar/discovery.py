"""What a Yeastar P-Series PBX holds, asked through its call report API (reads only).

The API lists nothing: ids come from Get Menu Options, which is not part of it. So ids are found by asking
reports for candidate ids (Yeastar numbers them from 1) and keeping those whose report counts calls, a block of
candidates at a time; the display format is the one whose dates the PBX reads (the document: dates in another
format return no records); the window is the latest day with calls.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from conformance import timefmt
from conformance.checkapi.discovery import DAY, latest_day_with_traffic, midnight, window_fact
from conformance.checkapi.model import CheckSkipped
from conformance.checkapi.scenarios import Call, Runner
from conformance.vendors.yeastar.checks import FILE_OP, REPORT_OP, file_of_url
from conformance.vendors.yeastar.columns import csv_table, number

CANDIDATE_IDS = range(1, 129)
DISPLAY_FORMATS = ("MM/DD/YYYY HH:mm:ss", "DD/MM/YYYY HH:mm:ss", "YYYY/MM/DD HH:mm:ss",
                   "MM/DD/YYYY hh:mm:ss AM", "DD/MM/YYYY hh:mm:ss AM", "YYYY/MM/DD hh:mm:ss AM")
# fixtures key -> (report type, id parameter): a report over a window that lists what an id did
ID_REPORTS = {
    "extension_ids": ("extcallstatistics", "ext_id_list"),
    "queue_ids": ("queueperformance", "queue_id_list"),
    "ivr_ids": ("ivr", "ivr_id_list"),
    "ring_group_ids": ("ringgroupstatistics", "ring_group_id_list"),
}
LOOKBACK = timedelta(days=400)


def _table(runner: Runner, call: Call) -> tuple[list[str], list[list[str]]]:
    """Header and data rows of the file a ready report answer names (empty when refused or not CSV)."""
    body = call.json() if call.accepted else None
    name = file_of_url(body.get("download_resource_url")) if isinstance(body, dict) else None
    if name is None:
        return [], []
    got = runner.call(FILE_OP, path={"file": name}, expect="any")
    try:
        return csv_table(got.exchange) if got.accepted else ([], [])
    except CheckSkipped:
        return [], []


def _calls(runner: Runner, query: dict[str, str]) -> int:
    return _traffic(runner, runner.call(REPORT_OP, query=query, expect="any"))


def _traffic(runner: Runner, call: Call) -> int:
    """The calls a report file counts: its call-count columns summed (the columns are not documented: a column
    named like a count of calls, else one per row)."""
    header, rows = _table(runner, call)
    counting = [i for i, name in enumerate(header) if name in ("total", "calls", "total_calls", "answered")]
    if not counting:
        return len(rows)
    return int(sum(n for row in rows for i in counting if i < len(row) and (n := number(row[i])) is not None))


def _span(fmt: timefmt.DisplayFormat, start: datetime, end: datetime) -> dict[str, str]:
    return {"start_time": timefmt.format_display_datetime(start, fmt),
            "end_time": timefmt.format_display_datetime(end, fmt)}


def _with_calls(ask: Callable[[list[int]], int], candidates: list[int]) -> list[int]:
    """The candidates whose report counts calls, halving the blocks that do (group testing)."""
    if not candidates or ask(candidates) == 0:
        return []
    if len(candidates) == 1:
        return candidates
    half = len(candidates) // 2
    return _with_calls(ask, candidates[:half]) + _with_calls(ask, candidates[half:])


def discover(runner: Runner) -> dict[str, Any]:
    now = datetime.now(UTC)
    wide = (midnight(now - LOOKBACK, UTC), midnight(now, UTC) + DAY)
    facts: dict[str, Any] = {}
    fmt = None
    for text in DISPLAY_FORMATS:  # the format whose dates return records, asked of the extension report
        candidate = timefmt.DisplayFormat.parse(text)
        ids = ",".join(str(i) for i in CANDIDATE_IDS)
        if _calls(runner, {"type": "extcallstatistics", "ext_id_list": ids, **_span(candidate, *wide)}):
            fmt, facts["display_format"] = candidate, text
            break
    if fmt is None:
        return facts
    for key, (kind, param) in ID_REPORTS.items():
        def ask(ids: list[int], kind: str = kind, param: str = param) -> int:
            return _calls(runner, {"type": kind, param: ",".join(map(str, ids)), **_span(fmt, *wide)})

        found = _with_calls(ask, list(CANDIDATE_IDS))
        if found:
            facts[key] = [str(i) for i in found[:20]]
    years = [str(now.year), str(now.year - 1)]  # the trunk report takes a period (YYYY), not a window

    def ask_trunks(ids: list[int]) -> int:
        return sum(_calls(runner, {"type": "trunkactivity", "trunk_id_list": ",".join(map(str, ids)), "time": year})
                   for year in years)

    trunks = _with_calls(ask_trunks, list(CANDIDATE_IDS))
    if trunks:
        facts["trunk_ids"] = [str(i) for i in trunks[:20]]
    extensions = ",".join(facts.get("extension_ids", [])) or ",".join(map(str, CANDIDATE_IDS))

    def probe(start: datetime, end: datetime) -> Call:
        return runner.call(REPORT_OP, query={"type": "extcallstatistics", "ext_id_list": extensions,
                                             **_span(fmt, start, end)}, expect="any")

    window = latest_day_with_traffic(probe, lambda call: _traffic(runner, call), chunk_days=31,
                                     lookback_days=LOOKBACK.days)
    if window is not None:
        facts["window"] = window_fact(window)
    return facts
