"""TelecomX ``pbx/cdrstats``: the effect of each request parameter, proven against the same request without it or
with its complement (``customer`` and the customer's isolation: ``isolation``).

Relations (../shared/JUDGING.md for the bases): regrouping keeps the window's totals (HOUR to DAY, DAY to WEEK
and MONTH); ``ignoreBelow`` and ``ignoreLocal`` only remove calls, and a bound longer than any call removes them
all; IN and OUT add up to BOTH (vendor without local calls, suite with them); ``fields`` includes every selected
field with the unselected answer's figure; ``employee``/``employees`` select employees without changing their
figures; a part of the window never counts more than the window (vendor) and two halves add up to it (suite:
attribution at the cut).
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from conformance.checkapi.registry import declare
from conformance.checkapi.scenarios import Call, Runner, ScenarioSkip, scenario
from conformance.vendors.telecomx.bases import (
    GROUPING_BASIS,
    IGNORE_BELOW_ALL,
    IGNORE_BELOW_BASIS,
    IGNORE_LOCAL_BASIS,
    PARTITION_BASIS,
    PARTITION_LOCAL,
    PROJECTION_BASIS,
    SELECTION_BASIS,
    WINDOW_ATTRIBUTION,
    WINDOW_PART,
)
from conformance.vendors.telecomx.checks.stats import (
    SECONDS,
    SPEC,
    base_request,
    bucket_count,
    buckets,
    compare,
    number,
    same_totals,
    selection_ignored,
    stats_call,
    totals_per_employee,
)
from conformance.vendors.telecomx.fields import COUNTERS, IDENTITY

LONGER_THAN_ANY_CALL = 10**7  # seconds (115 days)

declare("TELECOMX-HOUR-SUM-EQUALS-DAY",
        "Per employee, the sum over HOUR buckets equals the sum over DAY buckets for the same window.",
        spec=SPEC, location="getCdrStats groupingInterval", severity="major", kind="metamorphic",
        basis=GROUPING_BASIS, covers=("groupingInterval",))
declare("TELECOMX-DAY-SUM-EQUALS-WEEK-AND-MONTH",
        "Per employee, the sum over DAY buckets equals the sum over WEEK buckets and over MONTH buckets for the same "
        "window.",
        spec=SPEC, location="getCdrStats groupingInterval", severity="major", kind="metamorphic",
        basis=GROUPING_BASIS, covers=("groupingInterval",))
declare("TELECOMX-IGNORE-BELOW-MONOTONE", "Raising ignoreBelow never increases any counter.",
        spec=SPEC, location="getCdrStats ignoreBelow", severity="major", kind="metamorphic",
        basis=IGNORE_BELOW_BASIS, covers=("ignoreBelow",))
declare("TELECOMX-IGNORE-BELOW-ABOVE-EVERY-CALL",
        f"With ignoreBelow {LONGER_THAN_ANY_CALL} (longer than any call) every counter is 0.",
        spec=SPEC, location="getCdrStats ignoreBelow", severity="major", kind="metamorphic",
        basis=IGNORE_BELOW_ALL, covers=("ignoreBelow",))
declare("TELECOMX-IGNORE-LOCAL-MONOTONE", "ignoreLocal=true never increases any counter.",
        spec=SPEC, location="getCdrStats ignoreLocal", severity="major", kind="metamorphic",
        basis=IGNORE_LOCAL_BASIS, covers=("ignoreLocal",))
declare("TELECOMX-DIRECTIONS-PARTITION",
        "Per employee and bucket, the counters under direction IN plus those under OUT equal those under BOTH "
        "(vendor with ignoreLocal, suite with local calls).",
        spec=SPEC, location="getCdrStats direction", severity="major", kind="metamorphic", basis=PARTITION_BASIS,
        covers=("direction", "ignoreLocal"))
declare("TELECOMX-FIELDS-PROJECTION",
        "With `fields`, every employee carries the selected identity fields and every bucket the selected counters, "
        "with the figures of the same request without `fields`.",
        spec=SPEC, location="getCdrStats requestBody fields (TCX-005, TCX-009)", severity="major",
        kind="metamorphic", basis=PROJECTION_BASIS, covers=("fields",))
declare("TELECOMX-EMPLOYEES-UNION",
        "The answer for `employees: [a, b]` holds what the answers for `employee: a` and `employee: b` hold, and "
        "each selected employee has the figures the unselected answer gives it.",
        spec=SPEC, location="getCdrStats requestBody employee, employees (TCX-017)", severity="major",
        kind="metamorphic", basis=SELECTION_BASIS, covers=("employee", "employees"))
declare("TELECOMX-SPLIT-WINDOW-ADDS-UP",
        "Neither half of a window counts more than the window (vendor); the two halves, cut at one second, add up "
        "to it (suite).",
        spec=SPEC, location="getCdrStats from/to", severity="major", kind="metamorphic", basis=WINDOW_PART,
        covers=("from", "to"))

Totals = dict[str, dict[str, float]]


def sent(runner: Runner, body: dict[str, Any]) -> tuple[Call, Any]:
    """A JSON request that must be accepted, and its rows."""
    call, rows = stats_call(runner, body)
    if not isinstance(rows, list):
        raise ScenarioSkip("a JSON request was not answered with a list")
    return call, rows


def describe(problems: list[str]) -> str:
    return "; ".join(problems[:3]) + (f" (+{len(problems) - 3} more)" if len(problems) > 3 else "")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


# -- groupingInterval -------------------------------------------------------------------------------------
@scenario("TELECOMX-GROUPINGS-AGREE", spec=SPEC, kind="metamorphic",
          statement="For the same window, HOUR, DAY, WEEK and MONTH buckets sum to the same employee totals.",
          checks=("TELECOMX-HOUR-SUM-EQUALS-DAY", "TELECOMX-DAY-SUM-EQUALS-WEEK-AND-MONTH"))
def groupings_agree(runner: Runner) -> None:
    base = base_request(runner)
    answers = {grouping: sent(runner, {**base, "groupingInterval": grouping})
               for grouping in ("HOUR", "DAY", "WEEK", "MONTH")}
    problems = same_totals(answers["HOUR"][1], answers["DAY"][1])
    runner.record("TELECOMX-HOUR-SUM-EQUALS-DAY", "getCdrStats",
                  f"HOUR and DAY totals differ: {problems[:3]}" if problems else None, call=answers["HOUR"][0])
    for grouping in ("WEEK", "MONTH"):
        call, rows = answers[grouping]
        problems = same_totals(answers["DAY"][1], rows)
        runner.record("TELECOMX-DAY-SUM-EQUALS-WEEK-AND-MONTH", "getCdrStats",
                      f"DAY and {grouping} totals differ: {problems[:3]}" if problems else None, call=call,
                      key=grouping)


# -- ignoreBelow, ignoreLocal -----------------------------------------------------------------------------
def counted(rows: Any) -> list[str]:
    """``employee counter: value`` of every non-zero counter of an answer."""
    return [f"{who} {name}: {value}" for who, totals in totals_per_employee(rows).items()
            for name, value in totals.items() if value]


@scenario("TELECOMX-FILTERS-ONLY-REMOVE", spec=SPEC, kind="metamorphic",
          statement="ignoreBelow > 0 and ignoreLocal true leave every counter at most what the unfiltered request "
                    f"gives; ignoreBelow {LONGER_THAN_ANY_CALL} leaves none.",
          checks=("TELECOMX-IGNORE-BELOW-MONOTONE", "TELECOMX-IGNORE-LOCAL-MONOTONE",
                  "TELECOMX-IGNORE-BELOW-ABOVE-EVERY-CALL"))
def filters_only_remove(runner: Runner) -> None:
    base = {**base_request(runner), "ignoreBelow": 0, "ignoreLocal": False}
    _call, everything = sent(runner, base)
    wide = totals_per_employee(everything)
    for check_id, change in (("TELECOMX-IGNORE-BELOW-MONOTONE", {"ignoreBelow": 30}),
                             ("TELECOMX-IGNORE-LOCAL-MONOTONE", {"ignoreLocal": True})):
        call, filtered = sent(runner, {**base, **change})
        problems = compare(totals_per_employee(filtered), wide, lambda a, b: a <= b + 1e-9)
        runner.record(check_id, "getCdrStats", f"{change} increased counters: {problems[:3]}" if problems else None,
                      call=call)
    # the page sets no upper bound, nor says a server may not: a refusal is not judged here
    call = runner.call("getCdrStats", body={**base, "ignoreBelow": LONGER_THAN_ANY_CALL}, expect="any")
    if call.accepted:
        left = counted(call.json())
        runner.record("TELECOMX-IGNORE-BELOW-ABOVE-EVERY-CALL", "getCdrStats",
                      f"ignoreBelow {LONGER_THAN_ANY_CALL} left calls counted: {describe(left)}" if left else None,
                      call=call)


# -- direction --------------------------------------------------------------------------------------------
def per_bucket(rows: Any) -> dict[tuple[str, str], dict[str, float]]:
    """(employee, interval key) -> counters of a JSON answer (an employee's repeated key adds up)."""
    found: dict[tuple[str, str], dict[str, float]] = {}
    for employee, key, counters in buckets(rows):
        into = found.setdefault((employee.lower(), key), dict.fromkeys(COUNTERS, 0.0))
        for name in COUNTERS:
            into[name] += number(counters.get(name)) or 0
    return found


def partition_problems(inbound: Any, outbound: Any, both: Any) -> list[str]:
    """Buckets whose IN and OUT counters do not add up to BOTH's (a bucket or employee missing counts zero)."""
    parts = [per_bucket(inbound), per_bucket(outbound)]
    whole = per_bucket(both)
    zero = dict.fromkeys(COUNTERS, 0.0)
    found = []
    for where in sorted(set(whole) | set(parts[0]) | set(parts[1])):
        summed = {n: parts[0].get(where, zero)[n] + parts[1].get(where, zero)[n] for n in COUNTERS}
        found += [f"employee {where[0]} interval {where[1]} {n}: IN + OUT = {summed[n]}, BOTH = "
                  f"{whole.get(where, zero)[n]}" for n in COUNTERS if not _close(summed[n], whole.get(where, zero)[n])]
    return found


@scenario("TELECOMX-DIRECTIONS", spec=SPEC, kind="metamorphic",
          statement="Direction IN, OUT and BOTH, with and without local calls: IN and OUT add up to BOTH bucket by "
                    "bucket; each IN and OUT answer is judged by TELECOMX-DIRECTION-HONOURED.",
          checks=("TELECOMX-DIRECTIONS-PARTITION", "TELECOMX-DIRECTION-HONOURED"))
def directions(runner: Runner) -> None:
    base = base_request(runner)
    for local, basis in ((True, None), (False, PARTITION_LOCAL)):
        answers = {d: sent(runner, {**base, "ignoreLocal": local, "direction": d}) for d in ("IN", "OUT", "BOTH")}
        problems = partition_problems(answers["IN"][1], answers["OUT"][1], answers["BOTH"][1])
        runner.record("TELECOMX-DIRECTIONS-PARTITION", "getCdrStats",
                      f"ignoreLocal {local}: {describe(problems)}" if problems else None, call=answers["BOTH"][0],
                      key=f"ignoreLocal {local}", basis=basis if problems else None)


# -- fields -----------------------------------------------------------------------------------------------
PICKED = ["employeeId", "employeeName", "inboundCalls", "outboundCalls"]


def projection_problems(projected: Any, full: Any, picked: list[str]) -> list[str]:
    """Selected fields an answer with `fields` leaves out, or whose figure differs from the full answer's (an
    employee or bucket the full answer lacks counts zero there)."""
    counters = [f for f in picked if f in COUNTERS]
    identity = [f for f in picked if f in IDENTITY]
    whole = per_bucket(full)
    zero = dict.fromkeys(COUNTERS, 0.0)
    found = []
    for row in projected if isinstance(projected, list) else []:
        if not isinstance(row, dict):
            continue
        who = str(row.get("employeeId", "?"))
        found += [f"employee {who}: selected {f} missing" for f in identity if f not in row]
        data = row.get("data")
        for key, bucket in data.items() if isinstance(data, dict) else ():
            if not isinstance(bucket, dict):
                continue
            expected = whole.get((who.lower(), key), zero)
            for name in counters:
                if name not in bucket:
                    found.append(f"employee {who} interval {key}: selected {name} missing")
                elif not _close(number(bucket[name]) or 0, expected[name]):
                    found.append(f"employee {who} interval {key}: {name} {bucket[name]}, without `fields` "
                                 f"{expected[name]}")
    return found


@scenario("TELECOMX-SELECTIONS", spec=SPEC, kind="metamorphic",
          statement="A request selecting fields (the example's array, then the table's string, TCX-005) against the "
                    "same request without `fields`: judged by TELECOMX-FIELDS-HONOURED and "
                    "TELECOMX-FIELDS-PROJECTION.",
          checks=("TELECOMX-FIELDS-HONOURED", "TELECOMX-FIELDS-PROJECTION"))
def selections(runner: Runner) -> None:
    base = base_request(runner)
    _call, full = sent(runner, base)
    calls = []
    for form in (PICKED, ",".join(PICKED)):
        call = runner.call("getCdrStats", body={**base, "fields": form}, expect="any")
        calls.append(call)
        if call.accepted and not selection_ignored(call.json(), set(PICKED)):
            runner.record("TELECOMX-FIELDS-HONOURED", "getCdrStats", call=call)
            problems = projection_problems(call.json(), full, PICKED)
            runner.record("TELECOMX-FIELDS-PROJECTION", "getCdrStats",
                          f"fields {PICKED}: {describe(problems)}" if problems else None, call=call)
            return
    answered = [c for c in calls if c.accepted]
    if answered:
        runner.record("TELECOMX-FIELDS-HONOURED", "getCdrStats",
                      f"fields {PICKED} were ignored: every field came back, in either form of `fields`",
                      call=answered[0], key="ignored")


# -- employee, employees ----------------------------------------------------------------------------------
def _pick_employees(runner: Runner, full: Any) -> list[str]:
    """Two of the fixtures' employees, those with calls in the window first."""
    listed = [str(e) for e in runner.ids("employees")]
    busy = {who for who, totals in lowered(full).items() if any(totals.values())}
    return sorted(listed, key=lambda e: e.lower() not in busy)[:2]


def lowered(rows: Any) -> Totals:
    """Per employee (id lower-cased), every counter summed over the buckets."""
    return {who.lower(): totals for who, totals in totals_per_employee(rows).items()}


def selection_problems(selected: Any, full: Totals, wanted: list[str], what: str) -> list[str]:
    """Employees of ``wanted`` whose totals in a selection differ from the full answer's (missing: zero)."""
    got = lowered(selected)
    zero = dict.fromkeys(COUNTERS, 0.0)
    found = []
    for who in (w.lower() for w in wanted):
        a, b = got.get(who, zero), full.get(who, zero)
        found += [f"{what}: employee {who} {n} {a[n]}, unselected {b[n]}" for n in COUNTERS if not _close(a[n], b[n])]
    return found


@scenario("TELECOMX-EMPLOYEES", spec=SPEC, kind="metamorphic",
          statement="Two of the fixtures' employees, each alone (`employee`) and together (`employees`): the list's "
                    "answer is the union of the single answers, with the unselected answer's figures.",
          checks=("TELECOMX-EMPLOYEES-UNION", "TELECOMX-EMPLOYEES-HONOURED"))
def employees(runner: Runner) -> None:
    base = base_request(runner)
    _call, full = sent(runner, base)
    wanted = _pick_employees(runner, full)
    whole = lowered(full)
    problems: list[str] = []
    for who in wanted:
        _single, rows = sent(runner, {**base, "employee": who})
        problems += selection_problems(rows, whole, [who], f"employee {who!r}")
    call, rows = sent(runner, {**base, "employees": wanted})
    problems += selection_problems(rows, whole, wanted, f"employees {wanted}")
    runner.record("TELECOMX-EMPLOYEES-UNION", "getCdrStats", describe(problems) if problems else None, call=call)


# -- from, to ---------------------------------------------------------------------------------------------
def exceeding(part: Any, whole: Any) -> list[str]:
    """Counters a part of the window counts higher than the window (seconds up to a second per bucket; someone
    the window's answer leaves out counts zero there)."""
    slack = bucket_count(part) + bucket_count(whole)
    wide = totals_per_employee(whole)
    zero = dict.fromkeys(COUNTERS, 0.0)
    return [f"{who} {n}: {value} vs {wide.get(who, zero)[n]}"
            for who, totals in totals_per_employee(part).items() for n, value in totals.items()
            if value > wide.get(who, zero)[n] + (slack if n in SECONDS else 1e-9)]


def adds_up(parts: list[Any], whole: Any) -> list[str]:
    """Counters the parts do not add up to the window's (seconds up to a second per bucket)."""
    summed: Totals = {}
    for part in parts:
        for who, totals in totals_per_employee(part).items():
            into = summed.setdefault(who, dict.fromkeys(COUNTERS, 0.0))
            for name, value in totals.items():
                into[name] += value
    wide = totals_per_employee(whole)
    slack = sum(bucket_count(p) for p in parts) + bucket_count(whole)
    zero = dict.fromkeys(COUNTERS, 0.0)
    return [f"{who} {n}: halves {summed.get(who, zero)[n]}, window {wide.get(who, zero)[n]}"
            for who in sorted(set(summed) | set(wide)) for n in COUNTERS
            if abs(summed.get(who, zero)[n] - wide.get(who, zero)[n]) > (slack if n in SECONDS else 1e-9)]


@scenario("TELECOMX-SPLIT-WINDOW", spec=SPEC, kind="metamorphic",
          statement="The fixtures' window and its two halves (the first ending a second before the cut, or at it): "
                    "no half counts more than the window, and the halves add up to it.",
          checks=("TELECOMX-SPLIT-WINDOW-ADDS-UP",))
def split_window(runner: Runner) -> None:
    start, end = runner.window()
    if (end - start).total_seconds() < 2:
        raise ScenarioSkip("the fixtures' window is too short to split")
    middle = start + timedelta(seconds=int((end - start).total_seconds()) // 2)
    one = timedelta(seconds=1)
    base = base_request(runner)
    call, whole = sent(runner, base)

    def part(lo: Any, hi: Any) -> Any:
        return sent(runner, {**base, **runner.window_fields("getCdrStats", lo, hi)})[1]

    second = part(middle, end)
    firsts = [part(start, middle - one), part(start, middle)]  # `to` inclusive, or exclusive
    more = [p for half in (*firsts, second) for p in exceeding(half, whole)]
    if more:
        runner.record("TELECOMX-SPLIT-WINDOW-ADDS-UP", "getCdrStats",
                      f"a half of the window counts more than the window: {describe(more)}", call=call)
        return
    problems = adds_up([firsts[0], second], whole)
    if problems:
        problems = adds_up([firsts[1], second], whole) and problems
    runner.record("TELECOMX-SPLIT-WINDOW-ADDS-UP", "getCdrStats",
                  f"the halves do not add up: {describe(problems)}" if problems else None, call=call,
                  key="attribution", basis=WINDOW_ATTRIBUTION if problems else None)
