"""FusionPBX reports: the window's effect on each report, figures under FreeSWITCH's definitions, and the
domain's isolation.

The window (``start_time``/``end_time``) is proven on all five reports by splitting it: neither half counts more
than the window (vendor: statistics over a window count its calls), the second half counts less than the window
when the first half holds calls (vendor: start_time selects), the halves add up to it (suite: the page does not
say how a call spanning the cut is attributed), and no half lists someone the window does not (suite).
Figures: an answered call has billsec > 0 (VENDOR-NOTES), so a user's billed seconds are at least its answered
calls. Isolation is an advisory: the page says nothing of tenants, and a token is bound to a user, not a domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Runner, scenario
from conformance.vendors.fusionpbx.bases import (
    BILLSEC_PER_ANSWERED,
    FOREIGN_ROWS,
    PART_LISTED,
    SPLIT_ATTRIBUTION,
    WINDOW_START,
    WINDOW_SUMS,
)
from conformance.vendors.fusionpbx.checks.reports import (
    EXTENSION_COUNTERS,
    SPEC,
    STATE_SECONDS,
    SUMMARY_COUNTERS,
    TOTALS_OPS,
    counted_rows,
    data_rows,
    fixtures_day,
    get_report,
    per_user,
    row_name,
)

OPERATIONS = ("getUserCallReport", "getExtensionReport", "getExtensionUserSummary", "getExtensionDailySummary",
              "getAgentTimeReport")

declare("FUSIONPBX-SPLIT-WINDOW-ADDS-UP",
        "Neither half of a window counts more than the window, and the second counts less when the first holds "
        "calls (vendor); the two halves, cut at one second, add up to it exactly, and neither lists someone the "
        "window does not (suite).",
        spec=SPEC, location="start_time/end_time of every report (FUS-018)", severity="major", kind="metamorphic",
        operations=OPERATIONS, basis=WINDOW_SUMS, covers=("start_time", "end_time"))

# operationId -> (the key its rows are summed by, the figures that add over time)
SPLIT_OPS = {"getUserCallReport": ("user_uuid", SUMMARY_COUNTERS),  # counters when a target sends them (FUS-005)
             "getExtensionReport": ("extension_id", EXTENSION_COUNTERS),
             "getExtensionUserSummary": ("user_uuid", SUMMARY_COUNTERS),
             "getExtensionDailySummary": ("user_uuid", SUMMARY_COUNTERS),
             "getAgentTimeReport": ("user_uuid", STATE_SECONDS)}


# operationId -> its call counter: a first half counting at least FIRST_HALF_CALLS calls must leave the second
# half short of the window (the agent time report is left out: one state may last the whole day)
CALL_COUNTERS = {"getUserCallReport": "total_call", "getExtensionReport": "total",
                 "getExtensionUserSummary": "total_call", "getExtensionDailySummary": "total_call"}
FIRST_HALF_CALLS = 5


def start_ignored(whole: list[dict[str, Any]], first: list[dict[str, Any]], second: list[dict[str, Any]], key: str,
                  names: Iterable[str], counter: str) -> int:
    """The calls the first half counts when the second half counts exactly what the whole window does (every
    figure of every user): start_time had no effect. 0 when the second half counts less, or the first half holds
    too few calls for the comparison to say anything."""
    names = tuple(names)
    calls = sum(figures.get(counter, 0) for figures in per_user(first, key, (counter,)).values())
    if calls < FIRST_HALF_CALLS or per_user(second, key, names) != per_user(whole, key, names):
        return 0
    return calls


def split_differences(whole: list[dict[str, Any]], parts: list[list[dict[str, Any]]], key: str,
                      names: Iterable[str] = SUMMARY_COUNTERS) -> list[tuple[str, str, int, int]]:
    """(who, counter, whole value, sum of the parts) for every counter of ``whole`` that the parts do not add up
    to; a row missing from a part counts zero there (a report may leave out whom it has nothing for)."""
    names = tuple(names)
    totals = per_user(whole, key, names)
    pieces = [per_user(part, key, names) for part in parts]
    found = []
    for who, figures in totals.items():
        for name, value in figures.items():
            if name == "busy_all":
                continue
            summed = sum(p.get(who, {}).get(name, 0) for p in pieces)
            if summed != value:
                found.append((who, name, value, summed))
    return found


def exceeding(whole: list[dict[str, Any]], part: list[dict[str, Any]], key: str,
              names: Iterable[str] = SUMMARY_COUNTERS) -> list[tuple[str, str, int, int]]:
    """(who, counter, whole value, part value) for every counter a part of the window counts higher than the
    window (someone the window's answer leaves out counts zero there)."""
    names = tuple(names)
    totals = per_user(whole, key, names)
    return [(who, name, totals.get(who, {}).get(name, 0), value)
            for who, figures in per_user(part, key, names).items() for name, value in figures.items()
            if name != "busy_all" and value > totals.get(who, {}).get(name, 0)]


def listed_only_in_part(whole: list[dict[str, Any]], part: list[dict[str, Any]], key: str) -> list[str]:
    """Whom a part of the window lists and the window does not."""
    def listed(rows: list[dict[str, Any]]) -> set[str]:
        return {str(r[key]).lower() for r in rows if isinstance(r.get(key), str) and r[key]}

    return sorted(listed(part) - listed(whole))


def _describe(problems: list[tuple[str, str, int, int]]) -> list[str]:
    return [f"{who} {name}: {value} != {summed}" for who, name, value, summed in problems[:3]]


@scenario("FUSIONPBX-SPLIT-WINDOW", spec=SPEC, kind="metamorphic",
          statement="Every report over the fixtures' day and its two halves (the first ending a second before the "
                    "cut, or at it): no half counts more than the day, the halves add up to it, and neither lists "
                    "someone the day does not.",
          checks=("FUSIONPBX-SPLIT-WINDOW-ADDS-UP",))
def split_window(runner: Runner) -> None:
    start, end = fixtures_day(runner)
    middle = start + timedelta(seconds=int((end - start).total_seconds()) // 2 + 1)
    for op_id, (key, names) in SPLIT_OPS.items():
        split_one(runner, op_id, key, names, (start, middle, end))


def split_one(runner: Runner, op_id: str, key: str, names: tuple[str, ...],
              cuts: tuple[datetime, datetime, datetime]) -> None:
    """The split-window relation on one report."""
    start, middle, end = cuts
    one = timedelta(seconds=1)
    call, whole = get_report(runner, op_id, start, end)
    second = get_report(runner, op_id, middle, end)[1]
    # end_time inclusive: the first half ends a second before the middle; exclusive: at it (FUS-018)
    halves = [get_report(runner, op_id, start, middle - one)[1], get_report(runner, op_id, start, middle)[1], second]
    more = [p for half in halves for p in exceeding(whole, half, key, names)]
    if more:
        runner.record("FUSIONPBX-SPLIT-WINDOW-ADDS-UP", op_id,
                      f"a half of the window counts more than the window: {_describe(more)}", call=call)
        return
    counter = CALL_COUNTERS.get(op_id)
    calls = start_ignored(whole, halves[0], second, key, names, counter) if counter else 0
    if calls:
        runner.record("FUSIONPBX-SPLIT-WINDOW-ADDS-UP", op_id,
                      f"the window from the middle counts every figure of the whole window, though its first half "
                      f"counts {calls} calls: start_time has no effect", call=call, key="start", basis=WINDOW_START)
        return
    extra = sorted({who for half in halves for who in listed_only_in_part(whole, half, key)})
    if extra:
        runner.record("FUSIONPBX-SPLIT-WINDOW-ADDS-UP", op_id,
                      f"a half of the window lists {extra[:3]}, the window does not", call=call, key="listed",
                      basis=PART_LISTED)
        return
    problems = split_differences(whole, [halves[0], second], key, names)
    if problems:
        problems = split_differences(whole, [halves[1], second], key, names) and problems
    runner.record("FUSIONPBX-SPLIT-WINDOW-ADDS-UP", op_id,
                  f"the halves do not add up: {_describe(problems)}" if problems else None, call=call,
                  key="attribution", basis=SPLIT_ATTRIBUTION if problems else None)


# -- figures under FreeSWITCH's definitions ----------------------------------------------------------------
@check("FUSIONPBX-BILLSEC-COVERS-ANSWERED",
       "Per user, total_billsec >= total_answered: an answered call has billsec > 0, at least one whole second.",
       spec=SPEC, location="components/schemas/CallTotals", severity="major", operations=TOTALS_OPS,
       basis=BILLSEC_PER_ANSWERED)
def billsec_covers_answered(ctx: CheckContext, exchange: Exchange) -> None:
    for row, c in counted_rows(exchange, ("total_answered", "total_billsec")):
        if c["total_billsec"] < c["total_answered"]:
            raise CheckFailure(f"user {row_name(row)}: total_billsec {c['total_billsec']} for {c['total_answered']} "
                               "answered calls", key="billsec", evidence={"row": row})


# -- isolation ---------------------------------------------------------------------------------------------
def _foreign_extensions(ctx: CheckContext) -> set[str]:
    """The fixtures' foreign extension numbers that are not also the caller's own (numbers repeat across
    domains)."""
    fixtures = ctx.fixtures
    if fixtures is None:
        return set()
    return {str(e) for e in fixtures.ids("foreign_extensions")} - {str(e) for e in fixtures.ids("extensions")}


@check("FUSIONPBX-NO-FOREIGN-EXTENSIONS",
       "No report lists an extension of another domain (the fixtures' `foreign_extensions` that are not also the "
       "caller's own numbers).",
       spec=SPEC, location="every report's rows (extension)", severity="major", kind="security",
       operations=OPERATIONS, applies=lambda ctx: bool(_foreign_extensions(ctx)), basis=FOREIGN_ROWS)
def no_foreign_extensions(ctx: CheckContext, exchange: Exchange) -> None:
    foreign = _foreign_extensions(ctx)
    shown = sorted({str(r.get("extension")) for r in data_rows(exchange) if str(r.get("extension")) in foreign})
    if shown:
        raise CheckFailure(f"extensions of another domain listed: {shown[:5]}", key="foreign",
                           evidence={"extensions": shown})
