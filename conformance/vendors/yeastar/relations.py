"""What the window, the period and the id parameters do to a Yeastar report, proven by comparing reports that
differ in that parameter only (issue 10).

Relations that hold whatever the file's columns are (how many rows, whether two files are the same) rest on the
document's words for the parameter and fail a target. Relations that read figures or objects by column name
rest on the suite's column model (``columns.yaml``, errata YEA-021) and are advisories.

Yeastar's document knows no tenants (one PBX, one owner): there are no foreign references to refuse, so no
isolation relation here, and the fixtures' ``foreign_*`` keys do not apply to this API.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from conformance import timefmt
from conformance.checkapi.basis import YEASTAR, cite, vendor
from conformance.checkapi.registry import declare
from conformance.checkapi.scenarios import Runner, scenario
from conformance.vendors.yeastar.checks import FILE_MODEL, ID_SOURCES, PERIOD_TYPES, REPORT_OP, SPEC, base_query
from conformance.vendors.yeastar.columns import file_model
from conformance.vendors.yeastar.tables import Reports, Table, add, day_of, sums_differ

WINDOW_FILTERS = vendor(cite(YEASTAR, 52, "Specify the start time to filter the reports."),
                        cite(YEASTAR, 75, "Specify the end time to filter the reports."))
LIST_OF_IDS = vendor(cite(YEASTAR, 108, "The ID(s) of the desired extension(s)/extension group(s)."),
                     cite(YEASTAR, 111, "Use a comma to separate multiple IDs."),
                     cite(YEASTAR, 146, "Yes String The ID(s) of the desired queue(s)."),
                     cite(YEASTAR, 157, "The ID(s) of the desired agent(s)."))
LIST_PARAMETERS = ("ext_id_list", "trunk_id_list", "ivr_id_list", "ring_group_id_list", "queue_id_list",
                   "agent_id_list")

# Report types whose window relations run: summaries (a row per object) and lists of records.
WINDOW_TYPES = ("extcallstatistics", "queueperformance", "extcallbillingdetails", "queuesatisfactiondetail",
                "queueagentlogintime", "queueagentpausetime")
# Days no PBX has calls on: before any P-Series existed, and far ahead.
EMPTY_DAYS = (date(1990, 1, 1), date(2099, 6, 1))
# Period reports regrouped: a day's hours add up to the day's row of its month, a month's days to its year row.
REGROUPED_TYPES = ("extcallactivity", "trunkactivity", "queueperformanceactivity")
GRANULARITIES = ("hourly", "daily", "monthly")  # a day by hour, a month by day, a year by month
# (report type, id parameter): reports for single ids and for their list.
ID_PLANS = (("extcallstatistics", "ext_id_list"), ("extcallbillingdetails", "ext_id_list"),
            ("extcallbillingdetails", "trunk_id_list"), ("ivr", "ivr_id_list"),
            ("ringgroupstatistics", "ring_group_id_list"), ("queueperformance", "queue_id_list"),
            ("queueagentlogintime", "agent_id_list"), ("queuesatisfactiondetail", "queue_id"))
MAX_IDS = 3

for _id, _statement, _kind, _basis, _covers in (
    ("YEASTAR-WINDOW-SELECTS", "The fixtures' window (a period known to hold calls) gives another file than days "
     "holding none, for at least one report type.", "metamorphic", WINDOW_FILTERS, ("start_time", "end_time")),
    ("YEASTAR-EMPTY-WINDOWS-ALIKE", "Two windows holding no calls (1990, 2099) give files of as many rows.",
     "metamorphic", WINDOW_FILTERS, ("start_time", "end_time")),
    ("YEASTAR-WINDOW-SPLIT-ROWS", "Neither half of a window has more rows than the window.",
     "metamorphic", WINDOW_FILTERS, ("start_time", "end_time")),
    ("YEASTAR-WINDOW-SPLIT-SUMS", "A window's halves add up to the window: rows of records, figures per object.",
     "metamorphic", FILE_MODEL, ("start_time", "end_time")),
    ("YEASTAR-PERIOD-REGROUPS", "A day's hours add up to the day's row of its month, a month's days to its row "
     "of the year.", "metamorphic", FILE_MODEL, ("time",)),
    ("YEASTAR-ID-LIST-WIDENS", "A list of ids never has fewer rows than the report of one of its ids.",
     "metamorphic", LIST_OF_IDS, LIST_PARAMETERS),
    ("YEASTAR-ID-LIST-UNION", "A list's report holds exactly the rows of its ids' reports.", "metamorphic",
     FILE_MODEL, LIST_PARAMETERS),
    ("YEASTAR-ID-SELECTS-OBJECT", "A report for one id names one object, another id's another; a list's report "
     "names the objects of its ids.", "metamorphic", FILE_MODEL, (*LIST_PARAMETERS, "queue_id")),
):
    declare(_id, _statement, spec=SPEC, location=f"downloadCallReport ({', '.join(_covers)})", severity="major",
            kind=_kind, operations=(REPORT_OP,), basis=_basis, covers=_covers)  # type: ignore[arg-type]


# -- request parts ---------------------------------------------------------------------------------------
def display(runner: Runner) -> timefmt.DisplayFormat:
    return runner.fixtures.display_format or timefmt.DisplayFormat()


def day(runner: Runner) -> tuple[datetime, datetime]:
    """The fixtures' window cut to one day, in the PBX zone (a window known to hold calls)."""
    start, end = runner.window(86400)
    return start.astimezone(runner.zone), end.astimezone(runner.zone)


def span(runner: Runner, start: datetime, end: datetime) -> dict[str, str]:
    """start_time and end_time in the PBX's display format."""
    return runner.window_fields(REPORT_OP, start, end)


def period(runner: Runner, granularity: str, when: date) -> dict[str, str]:
    """The ``time`` of the day (hourly), month (daily) or year (monthly) holding ``when``."""
    return {"time": timefmt.format_display_period(granularity, when, display(runner))}


def week_or_month(runner: Runner, kind: str) -> dict[str, str]:
    """The fixtures' day widened for sparse records: the week up to its end, or its month for a period type."""
    start, end = day(runner)
    if kind in PERIOD_TYPES:
        return period(runner, "daily", start.date())
    return span(runner, end - timedelta(days=7), end)


def fixture_ids(runner: Runner, name: str) -> list[str]:
    """The fixtures' ids for an id parameter (up to MAX_IDS)."""
    return [str(v) for v in runner.fixtures.ids(ID_SOURCES[name][0])][:MAX_IDS]


def keys_of(kind: str) -> tuple[str, ...]:
    """The columns a row's figures belong to: the period column of an activity report and the object."""
    report = file_model().reports[kind]
    return tuple(c for c in ((report.window if kind in PERIOD_TYPES else None), report.object) if c)


# -- windows ---------------------------------------------------------------------------------------------
def _local_day(runner: Runner, when: date) -> tuple[datetime, datetime]:
    start = datetime(when.year, when.month, when.day, tzinfo=runner.zone)
    return start, start + timedelta(days=1)


def _split_sums(kind: str, whole: Table, first: Table, second: Table) -> dict[str, Any]:
    """Where the halves fail to add up: rows of records as multisets, figures of a summary per object."""
    keys = keys_of(kind)
    if not keys:
        missing, extra = whole.bag() - (first.bag() + second.bag()), (first.bag() + second.bag()) - whole.bag()
        return {} if not missing and not extra else {"rows only in the window": len(list(missing.elements())),
                                                     "rows only in the halves": len(list(extra.elements()))}
    if not all(t.has(*keys) for t in (whole, first, second)):
        return {}
    return sums_differ(whole.sums(keys), add(first.sums(keys), second.sums(keys)))


@scenario("YEASTAR-WINDOW-RELATIONS", spec=SPEC, kind="metamorphic",
          statement="start_time/end_time select: the fixtures' day against empty windows and against its halves.",
          checks=("YEASTAR-WINDOW-SELECTS", "YEASTAR-EMPTY-WINDOWS-ALIKE", "YEASTAR-WINDOW-SPLIT-ROWS",
                  "YEASTAR-WINDOW-SPLIT-SUMS"))
def window_relations(runner: Runner) -> None:
    reports = Reports(runner)
    d0, d1 = day(runner)
    mid = d0 + (d1 - d0) / 2
    second = timedelta(seconds=1)
    differs: list[str] = []
    judged: list[str] = []
    for kind in WINDOW_TYPES:
        base = base_query(runner, kind)
        whole = reports.table({**base, **span(runner, d0, d1)}) if base is not None else None
        if base is None or whole is None:
            continue
        empties = [reports.table({**base, **span(runner, *_local_day(runner, when))}, expect="any")
                   for when in EMPTY_DAYS]
        if None not in empties:
            before, after = (t for t in empties if t is not None)
            judged.append(kind)
            if any(t != whole for t in (before, after)):
                differs.append(kind)
            runner.record("YEASTAR-EMPTY-WINDOWS-ALIKE", REPORT_OP, None if len(before) == len(after) else
                          f"{kind}: {len(before)} rows over {EMPTY_DAYS[0]} but {len(after)} over {EMPTY_DAYS[1]}, "
                          "two days without calls", key=kind)
        # Halves meeting at ``mid``, inside the window on either reading of its end (YEA-031). Only the bound that
        # holds for every layout is the vendor's: a narrower filter never lists more (a layout may add a total row
        # to a report of several rows, so the halves together may have more rows than the window).
        first, last = (reports.table({**base, **span(runner, a, b)}) for a, b in ((d0, mid), (mid, d1)))
        if first is None or last is None:
            continue
        runner.record("YEASTAR-WINDOW-SPLIT-ROWS", REPORT_OP, None if max(len(first), len(last)) <= len(whole) else
                      f"{kind}: halves of {len(first)} and {len(last)} rows, the whole window {len(whole)}", key=kind)
        differing = _split_sums(kind, whole, first, last)
        if differing:  # the halves meeting at one instant double it on an inclusive end: end them a second before
            retry = [reports.table({**base, **span(runner, a, b - second)}) for a, b in ((d0, d1), (d0, mid),
                                                                                       (mid, d1))]
            if None not in retry and not _split_sums(kind, *retry):  # type: ignore[arg-type]
                differing = {}
        runner.record("YEASTAR-WINDOW-SPLIT-SUMS", REPORT_OP, None if not differing else
                      f"{kind}: the halves do not add up to the day: {differing}", key=kind,
                      evidence={"differing": differing})
    if judged:
        runner.record("YEASTAR-WINDOW-SELECTS", REPORT_OP, None if differs else
                      f"{', '.join(judged)}: the fixtures' window, which holds calls, gives the same file as days "
                      "without calls", key="window")


# -- periods ---------------------------------------------------------------------------------------------
def _rows_of(runner: Runner, table: Table, column: str, match: Any) -> list[tuple[str, ...]]:
    """The rows whose period column falls on ``match`` (a date, or a (year, month) pair)."""
    found = []
    for row in table.rows:
        when = day_of(table.cells(row, column), display(runner), runner.zone)
        if when is not None and (when == match or (when.year, when.month) == match):
            found.append(row)
    return found


@scenario("YEASTAR-PERIOD-RELATIONS", spec=SPEC, kind="metamorphic",
          statement="time regroups: the fixtures' day by hour, its month by day and its year by month agree.",
          checks=("YEASTAR-PERIOD-REGROUPS",))
def period_relations(runner: Runner) -> None:
    reports = Reports(runner)
    when = day(runner)[0].date()
    for kind in REGROUPED_TYPES:
        base = base_query(runner, kind)
        report = file_model().reports[kind]
        if base is None or report.window is None:
            continue
        hours, days, months = (reports.table({**base, **period(runner, g, when)}) for g in GRANULARITIES)
        if hours is None or days is None or months is None or not all(t.has(report.window) for t in (hours, days,
                                                                                                      months)):
            continue
        objects = (report.object,) if report.object else ()
        differing: dict[str, Any] = {}
        for finer, coarser, match, name in ((hours, days, when, "hours of the day"),
                                            (days, months, (when.year, when.month), "days of the month")):
            coarse_rows = _rows_of(runner, coarser, report.window, match)
            if not coarse_rows:
                differing[name] = f"no row of {match} in the coarser report"
                continue
            found = sums_differ(finer.sums(objects), coarser.sums(objects, coarse_rows))
            if found:
                differing[name] = found
        runner.record("YEASTAR-PERIOD-REGROUPS", REPORT_OP, None if not differing else
                      f"{kind}: {differing}", key=kind, evidence={"differing": differing})


# -- ids -------------------------------------------------------------------------------------------------
def _object_problems(column: str, singles: dict[str, Table], whole: Table | None) -> list[str]:
    problems = []
    named: dict[str, set[str]] = {}
    for ident, table in singles.items():
        named[ident] = table.values(column)
        if len(named[ident]) > 1:
            problems.append(f"id {ident} names {sorted(named[ident])} in {column}")
    for ident, objects in named.items():
        for other, theirs in named.items():
            if ident < other and objects & theirs:
                problems.append(f"ids {ident} and {other} both name {sorted(objects & theirs)}")
    union = set().union(*named.values()) if named else set()
    if whole is not None and whole.values(column) != union:
        problems.append(f"the list names {sorted(whole.values(column))}, its ids {sorted(union)}")
    return problems


@scenario("YEASTAR-ID-RELATIONS", spec=SPEC, kind="metamorphic",
          statement="Id parameters select: reports for single ids of the fixtures against the report for their list.",
          checks=("YEASTAR-ID-LIST-WIDENS", "YEASTAR-ID-LIST-UNION", "YEASTAR-ID-SELECTS-OBJECT"))
def id_relations(runner: Runner) -> None:
    reports = Reports(runner)
    for kind, name in ID_PLANS:
        base, ids = base_query(runner, kind), fixture_ids(runner, name)
        if base is None or not ids:
            continue
        window = week_or_month(runner, kind)
        singles = {i: reports.table({**base, **window, name: i}) for i in ids}
        if None in singles.values():
            continue
        tables = {i: t for i, t in singles.items() if t is not None}
        whole = None
        where = f"{kind} {name}"
        if name in LIST_PARAMETERS and len(ids) > 1:
            ordered = sorted(ids, key=lambda i: len(tables[i]))  # the id with the fewest rows first
            whole = reports.table({**base, **window, name: ",".join(ordered)})
            if whole is not None:
                counts = {i: len(tables[i]) for i in ordered}
                runner.record("YEASTAR-ID-LIST-WIDENS", REPORT_OP, None if max(counts.values()) <= len(whole) else
                              f"{where}: the list {','.join(ordered)} has {len(whole)} rows, its ids {counts}",
                              key=where)
                union = sum((t.bag() for t in tables.values()), start=Counter[tuple[str, ...]]())
                runner.record("YEASTAR-ID-LIST-UNION", REPORT_OP, None if whole.bag() == union else
                              f"{where}: the list's rows are not its ids' rows", key=where)
        column = file_model().selections.get(kind, {}).get(name)
        if column is not None and all(t.has(column) for t in tables.values()):
            problems = _object_problems(column, tables, whole if whole is not None and whole.has(column) else None)
            runner.record("YEASTAR-ID-SELECTS-OBJECT", REPORT_OP,
                          f"{where}: {'; '.join(problems)}" if problems else None, key=where,
                          evidence={"report": kind, "parameter": name})
