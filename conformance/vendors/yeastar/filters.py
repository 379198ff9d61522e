"""What the call filters, thresholds and the detail switch do to a Yeastar report (issue 10): reports that
differ in one of them only, compared.

Row counts rest on the document's words and fail a target: a higher ``abandon_time`` or ``talk_time`` leaves
more calls out, so it never adds rows; ``need_detail=1`` includes the call details, so it never takes rows away.
Partitions (``communication_type``, ``include_internal``, ``callback_result``, ``reason``) and figures are read
by column name: the suite's model (``columns.yaml``, errata YEA-021), advisories.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

from conformance.checkapi.basis import YEASTAR, cite, vendor
from conformance.checkapi.registry import declare
from conformance.checkapi.scenarios import Runner, scenario
from conformance.vendors.yeastar.checks import FILE_MODEL, REPORT_OP, SPEC, base_query
from conformance.vendors.yeastar.columns import file_model, number
from conformance.vendors.yeastar.relations import day, keys_of, period, span, week_or_month
from conformance.vendors.yeastar.tables import Reports, Table, add, sums_differ

THRESHOLDS = vendor(cite(YEASTAR, 166, "Calls abandoned within the specified time will not be included in report."),
                    cite(YEASTAR, 167, "Calls that proceeded within the specified time will be not be included"))
DETAILS = vendor(cite(YEASTAR, 201, "Whether to include details about the associated calls."),
                 cite(YEASTAR, 204, "1: Include the call details."))

# (report type, fixed query values, ((threshold, ascending values), ...)): details on where the type takes them,
# so that rows follow calls.
# The values are all explicit: a PBX may apply a default threshold of its own when the parameter is omitted.
THRESHOLD_PLANS: tuple[tuple[str, dict[str, Any], tuple[tuple[str, tuple[int, ...]], ...]], ...] = (
    ("queueperformance", {"need_detail": 1}, (("abandon_time", (0, 10, 60)), ("talk_time", (0, 60, 120)))),
    ("queueperformanceactivity", {"need_detail": 1}, (("abandon_time", (0, 10, 60)),)),
    ("queueagentmisscalls", {}, (("abandon_time", (0, 10, 60)),)),
    ("queueagentperformance", {"need_detail": 1}, (("abandon_time", (0, 10, 60)),)),
)
DETAIL_TYPES = ("ivr", "queueperformance", "queueperformanceactivity", "queueagentperformance")
EXTENSION_TYPES = ("Inbound", "Outbound", "Internal")
TRUNK_TYPES = ("Inbound", "Outbound")
INTERNAL_COLUMNS = ("internal", "internal_talk_sec")

for _id, _statement, _basis, _covers in (
    ("YEASTAR-THRESHOLD-MONOTONE", "A higher abandon_time or talk_time never adds rows to a report.", THRESHOLDS,
     ("abandon_time", "talk_time")),
    ("YEASTAR-THRESHOLD-FIGURES", "A higher abandon_time or talk_time never raises a count or a summed duration.",
     FILE_MODEL, ("abandon_time", "talk_time")),
    ("YEASTAR-DETAIL-ADDS-ROWS", "need_detail=1 never has fewer rows than need_detail=0.", DETAILS, ("need_detail",)),
    ("YEASTAR-DETAIL-ROWS-ADD-UP", "need_detail=1 keeps the summary rows, and its detail rows add up to them.",
     FILE_MODEL, ("need_detail",)),
    ("YEASTAR-COMMUNICATION-TYPE-PARTITION", "The Inbound, Outbound (and Internal) reports add up to the report "
     "without communication_type.", FILE_MODEL, ("communication_type",)),
    ("YEASTAR-INCLUDE-INTERNAL", "include_internal=1 adds the internal calls and changes nothing else; with 0 there "
     "are none.", FILE_MODEL, ("include_internal",)),
    ("YEASTAR-DID-MATCHES-TRUNK", "A trunk's DID/outbound caller ID activity adds up to its inbound and outbound "
     "calls in the PBX call activity.", FILE_MODEL, ("trunk_id",)),
    ("YEASTAR-CALLBACK-RESULT-SPLIT", "callback_result success and fail select rows of that result, disjoint parts "
     "of the report without it.", FILE_MODEL, ("callback_result",)),
    ("YEASTAR-PAUSE-REASON-SELECTS", "reason selects exactly the pauses of that reason.", FILE_MODEL, ("reason",)),
):
    declare(_id, _statement, spec=SPEC, location=f"downloadCallReport ({', '.join(_covers)})", severity="major",
            kind="metamorphic", operations=(REPORT_OP,), basis=_basis, covers=_covers)


# -- thresholds and details ------------------------------------------------------------------------------
def _rising(figures: list[dict[tuple[str, ...], dict[str, float]]]) -> dict[str, Any]:
    """Counts or durations that grow from one threshold to the next (per key)."""
    grown: dict[str, Any] = {}
    for lower, higher in pairwise(figures):
        for key, values in higher.items():
            for column, value in values.items():
                before = lower.get(key, {}).get(column, 0.0)
                if value > before + 0.01:
                    grown[f"{'/'.join(key) or '(all)'} {column}"] = (before, value)
    return grown


@scenario("YEASTAR-THRESHOLDS-AND-DETAILS", spec=SPEC, kind="metamorphic",
          statement="abandon_time and talk_time over the fixtures' week, ascending; need_detail 0 against 1.",
          checks=("YEASTAR-THRESHOLD-MONOTONE", "YEASTAR-THRESHOLD-FIGURES", "YEASTAR-DETAIL-ADDS-ROWS",
                  "YEASTAR-DETAIL-ROWS-ADD-UP"))
def thresholds_and_details(runner: Runner) -> None:
    reports = Reports(runner)
    for kind, fixed, thresholds in THRESHOLD_PLANS:
        base = base_query(runner, kind)
        if base is None:
            continue
        query = {**base, **week_or_month(runner, kind), **fixed}
        for name, values in thresholds:
            tables = [reports.table({**query, name: v}) for v in values]
            if None in tables:
                continue
            found = [t for t in tables if t is not None]
            counts = [len(t) for t in found]
            where = f"{kind} {name}"
            runner.record("YEASTAR-THRESHOLD-MONOTONE", REPORT_OP, None if counts == sorted(counts, reverse=True)
                          else f"{where}: rows {counts} at {', '.join(map(str, values))} s", key=where)
            keys = keys_of(kind)
            if all(t.has(*keys) for t in found):
                grown = _rising([t.sums(keys) for t in found])
                runner.record("YEASTAR-THRESHOLD-FIGURES", REPORT_OP, None if not grown else
                              f"{where}: figures grow with the threshold: {grown}", key=where, evidence=grown)
    for kind in DETAIL_TYPES:
        base = base_query(runner, kind)
        if base is None:
            continue
        query = {**base, **week_or_month(runner, kind)}
        without, with_details = reports.table({**query, "need_detail": 0}), reports.table({**query, "need_detail": 1})
        if without is None or with_details is None:
            continue
        runner.record("YEASTAR-DETAIL-ADDS-ROWS", REPORT_OP, None if len(with_details) >= len(without) else
                      f"{kind}: {len(with_details)} rows with the call details, {len(without)} without", key=kind)
        problem = _detail_problem(kind, without, with_details)
        runner.record("YEASTAR-DETAIL-ROWS-ADD-UP", REPORT_OP, problem and f"{kind}: {problem}", key=kind)


def _detail_problem(kind: str, summary: Table, detailed: Table) -> str | None:
    """Whether the detailed file keeps the summary rows and its other rows add up to them (per object)."""
    if summary.header != detailed.header:
        return None  # details in a layout of their own (YEA-021): nothing to add up
    missing = summary.bag() - detailed.bag()
    if missing:
        return f"{sum(missing.values())} summary rows are missing with the details"
    extra = list((detailed.bag() - summary.bag()).elements())
    keys = keys_of(kind)
    if not extra or not summary.has(*keys):
        return None
    differing = sums_differ(summary.sums(keys), detailed.sums(keys, extra))
    return f"the detail rows do not add up to the summary: {differing}" if differing else None


# -- call filters ----------------------------------------------------------------------------------------
@scenario("YEASTAR-CALL-FILTERS", spec=SPEC, kind="metamorphic",
          statement="communication_type, include_internal, trunk_id, callback_result and reason against the same "
                    "report without them.",
          checks=("YEASTAR-COMMUNICATION-TYPE-PARTITION", "YEASTAR-INCLUDE-INTERNAL", "YEASTAR-DID-MATCHES-TRUNK",
                  "YEASTAR-CALLBACK-RESULT-SPLIT", "YEASTAR-PAUSE-REASON-SELECTS"))
def call_filters(runner: Runner) -> None:
    reports = Reports(runner)
    start, end = day(runner)
    _extension_partition(runner, reports, {**span(runner, start, end)})
    _trunk_relations(runner, reports, period(runner, "hourly", start.date()))
    _callback_results(runner, reports)
    _pause_reasons(runner, reports, span(runner, start, end))


def _partition(runner: Runner, kind: str, whole: Table | None, parts: list[Table | None]) -> None:
    keys = keys_of(kind)
    if whole is None or None in parts or not whole.has(*keys):
        return
    found = [p for p in parts if p is not None]
    differing = sums_differ(whole.sums(keys), add(*(p.sums(keys) for p in found)))
    runner.record("YEASTAR-COMMUNICATION-TYPE-PARTITION", REPORT_OP, None if not differing else
                  f"{kind}: the communication types do not add up to the report without one: {differing}", key=kind,
                  evidence={"differing": differing})


def _extension_partition(runner: Runner, reports: Reports, window: dict[str, str]) -> None:
    base = base_query(runner, "extcallstatistics")
    if base is None:
        return
    query = {**base, **window}
    _partition(runner, "extcallstatistics", reports.table(query),
               [reports.table({**query, "communication_type": t}) for t in EXTENSION_TYPES])


def _trunk_relations(runner: Runner, reports: Reports, when: dict[str, str]) -> None:
    trunk = base_query(runner, "trunkdiddodactivity")
    if trunk is None:
        return
    query = {"type": "trunkactivity", "trunk_id_list": trunk["trunk_id"], **when}
    without = reports.table({**query, "include_internal": 0})
    _partition(runner, "trunkactivity", without,
               [reports.table({**query, "include_internal": 0, "communication_type": t}) for t in TRUNK_TYPES])
    with_internal = reports.table({**query, "include_internal": 1})
    keys = keys_of("trunkactivity")
    if without is not None and with_internal is not None and without.has(*keys) and with_internal.has(*keys):
        runner.record("YEASTAR-INCLUDE-INTERNAL", REPORT_OP, _internal_problem(without, with_internal),
                      key="trunkactivity")
    dids = {**trunk, **when}
    did_whole = reports.table(dids)
    parts = [reports.table({**dids, "communication_type": t}) for t in TRUNK_TYPES]
    if did_whole is not None and None not in parts:
        union = sum((p.bag() for p in parts if p is not None), start=Counter[tuple[str, ...]]())
        runner.record("YEASTAR-COMMUNICATION-TYPE-PARTITION", REPORT_OP, None if union == did_whole.bag() else
                      "trunkdiddodactivity: the Inbound and Outbound rows are not the rows of the report without a "
                      "communication type", key="trunkdiddodactivity")
    if did_whole is not None and without is not None and _did_judged(did_whole, without):
        runner.record("YEASTAR-DID-MATCHES-TRUNK", REPORT_OP, _did_problem(did_whole, without),
                      key="trunkdiddodactivity")


def _internal_problem(without: Table, with_internal: Table) -> str | None:
    """What include_internal=1 changes beyond adding the internal calls, or internal calls it shows with 0."""
    keys = keys_of("trunkactivity")
    off, on = without.sums(keys), with_internal.sums(keys)
    problems = []
    for key, figures in on.items():
        for column, value in figures.items():
            before = off.get(key, {}).get(column, 0.0)
            if column in INTERNAL_COLUMNS:
                if before:
                    problems.append(f"{'/'.join(key)}: {column} {before:g} with include_internal=0")
            elif column == "total":
                expected = before + figures.get("internal", 0.0)
                if abs(value - expected) > 0.01:
                    problems.append(f"{'/'.join(key)}: total {value:g} with internal calls, {before:g} without")
            elif abs(value - before) > 0.01:
                problems.append(f"{'/'.join(key)}: {column} {before:g} becomes {value:g} with internal calls")
    return "; ".join(problems[:5]) or None


PERIOD_COLUMN = "time"


def _did_judged(dids: Table, trunk: Table) -> bool:
    """Whether both files have the columns the comparison reads, and every DID row a direction it knows."""
    return (dids.has(PERIOD_COLUMN, "type", "calls") and trunk.has(PERIOD_COLUMN, "inbound", "outbound")
            and all(file_model().label("type", dids.cells(row, "type")) for row in dids.rows))


def _did_problem(dids: Table, trunk: Table) -> str | None:
    """The DID report's calls per period and direction against the trunk's inbound and outbound calls."""
    model = file_model()
    period_column = PERIOD_COLUMN
    counted: dict[tuple[str, str], float] = {}
    for row in dids.rows:
        slot = (dids.cells(row, period_column).strip(), model.label("type", dids.cells(row, "type")) or "")
        counted[slot] = counted.get(slot, 0.0) + (number(dids.cells(row, "calls")) or 0.0)
    problems = []
    for row in trunk.rows:
        when = trunk.cells(row, period_column).strip()
        for side, column in (("Inbound", "inbound"), ("Outbound", "outbound")):
            have, want = counted.pop((when, side), 0.0), number(trunk.cells(row, column)) or 0.0
            if have != want:
                problems.append(f"{when} {side}: {have:g} calls by DID, {want:g} on the trunk")
    problems += [f"{when} {side}: {n:g} calls by DID in no period of the trunk" for (when, side), n in counted.items()]
    return "; ".join(problems[:5]) or None


def _callback_results(runner: Runner, reports: Reports) -> None:
    base = base_query(runner, "queuecallbacksactivity")
    if base is None:
        return
    query = {**base, **week_or_month(runner, "queuecallbacksactivity")}
    whole = reports.table(query)
    parts = {r: reports.table({**query, "callback_result": r}) for r in ("success", "fail")}
    if whole is None or None in parts.values():
        return
    tables = {r: t for r, t in parts.items() if t is not None}
    problems = []
    union = sum((t.bag() for t in tables.values()), start=Counter[tuple[str, ...]]())
    if union - whole.bag():
        problems.append(f"{sum((union - whole.bag()).values())} rows of success and fail beyond the whole report")
    model = file_model()
    for result, table in tables.items():
        if table.has("result"):
            wrong = [r for r in table.rows if model.label("result", table.cells(r, "result")) != result]
            if wrong:
                problems.append(f"callback_result={result} lists {len(wrong)} rows of another result")
    runner.record("YEASTAR-CALLBACK-RESULT-SPLIT", REPORT_OP, "; ".join(problems) or None, key="callback_result")


def _pause_reasons(runner: Runner, reports: Reports, window: dict[str, str]) -> None:
    base = base_query(runner, "queueagentpausetime")
    if base is None:
        return
    query = {**base, **window}
    whole = reports.table(query)
    if whole is None or not whole.has("reason"):
        return
    reasons = Counter(whole.cells(row, "reason").strip() for row in whole.rows)
    reasons.pop("", None)
    if not reasons:
        return
    reason = reasons.most_common(1)[0][0]  # a reason the PBX itself reports (the set is site-specific, YEA-029)
    chosen = reports.table({**query, "reason": reason}, expect="any")
    if chosen is None:
        return
    expected = Counter({row: n for row, n in whole.bag().items() if whole.cells(row, "reason").strip() == reason})
    runner.record("YEASTAR-PAUSE-REASON-SELECTS", REPORT_OP, None if chosen.bag() == expected else
                  f"reason={reason!r}: {len(chosen)} rows, the report without it has {sum(expected.values())} "
                  "of that reason", key="reason")
