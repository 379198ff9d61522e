"""TelecomX ``pbx/cdrstats``: the effect of each request parameter, proven against the same request without it or
with its complement, and the customer's isolation.

Relations (../shared/JUDGING.md for the bases): regrouping keeps the window's totals (HOUR to DAY, DAY to WEEK
and MONTH); ``ignoreBelow`` and ``ignoreLocal`` only remove calls, and a bound longer than any call removes them
all; IN and OUT add up to BOTH (vendor without local calls, suite with them); ``fields`` includes every selected
field with the unselected answer's figure; ``employee``/``employees`` select employees without changing their
figures; naming the caller's own customer is the default; a part of the window never counts more than the window
(vendor) and two halves add up to it (suite: attribution at the cut). Isolation: another customer is refused
with 403 ``access_denied``, and no answer for the caller's own customer lists another customer's employees.
Fixtures name foreign references only when the run's credentials are a customer's.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from conformance.checkapi.basis import Basis
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Call, Runner, ScenarioSkip, scenario
from conformance.vendors.telecomx.bases import (
    FOREIGN_ECHO,
    FOREIGN_REFUSED,
    GROUPING_BASIS,
    IGNORE_BELOW_ALL,
    IGNORE_BELOW_BASIS,
    IGNORE_LOCAL_BASIS,
    NO_FOREIGN_ROWS,
    OWN_CUSTOMER,
    PARTITION_BASIS,
    PARTITION_LOCAL,
    PROJECTION_BASIS,
    REFUSAL_KEY,
    SELECTION_BASIS,
    WINDOW_ATTRIBUTION,
    WINDOW_PART,
)
from conformance.vendors.telecomx.checks.stats import (
    OP,
    SECONDS,
    SPEC,
    Finding,
    base_request,
    bucket_count,
    buckets,
    compare,
    fail_first,
    json_rows,
    number,
    request_body,
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
declare("TELECOMX-CUSTOMER-OWN-IS-DEFAULT",
        "Naming the caller's own customer (the fixtures' first `customers`) gives every employee the figures of the "
        "request naming none.",
        spec=SPEC, location="getCdrStats requestBody customer", severity="major", kind="metamorphic",
        basis=OWN_CUSTOMER, covers=("customer",))
declare("TELECOMX-FOREIGN-CUSTOMER-REFUSED",
        "A request naming another customer (the fixtures' `foreign_customers`) is refused with 403 access_denied.",
        spec=SPEC, location="getCdrStats requestBody customer; 403 access_denied", severity="critical",
        kind="security", basis=FOREIGN_REFUSED)
declare("TELECOMX-SPLIT-WINDOW-ADDS-UP",
        "Neither half of a window counts more than the window (vendor); the two halves, cut at one second, add up "
        "to it (suite).",
        spec=SPEC, location="getCdrStats from/to", severity="major", kind="metamorphic", basis=WINDOW_PART,
        covers=("from", "to"))

Totals = dict[str, dict[str, float]]


def _sent(runner: Runner, body: dict[str, Any]) -> tuple[Call, Any]:
    """A JSON request that must be accepted, and its rows."""
    call, rows = stats_call(runner, body)
    if not isinstance(rows, list):
        raise ScenarioSkip("a JSON request was not answered with a list")
    return call, rows


def _describe(problems: list[str]) -> str:
    return "; ".join(problems[:3]) + (f" (+{len(problems) - 3} more)" if len(problems) > 3 else "")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


# -- groupingInterval -------------------------------------------------------------------------------------
@scenario("TELECOMX-GROUPINGS-AGREE", spec=SPEC, kind="metamorphic",
          statement="For the same window, HOUR, DAY, WEEK and MONTH buckets sum to the same employee totals.",
          checks=("TELECOMX-HOUR-SUM-EQUALS-DAY", "TELECOMX-DAY-SUM-EQUALS-WEEK-AND-MONTH"))
def groupings_agree(runner: Runner) -> None:
    base = base_request(runner)
    answers = {grouping: _sent(runner, {**base, "groupingInterval": grouping})
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
    _call, everything = _sent(runner, base)
    wide = totals_per_employee(everything)
    for check_id, change in (("TELECOMX-IGNORE-BELOW-MONOTONE", {"ignoreBelow": 30}),
                             ("TELECOMX-IGNORE-LOCAL-MONOTONE", {"ignoreLocal": True})):
        call, filtered = _sent(runner, {**base, **change})
        problems = compare(totals_per_employee(filtered), wide, lambda a, b: a <= b + 1e-9)
        runner.record(check_id, "getCdrStats", f"{change} increased counters: {problems[:3]}" if problems else None,
                      call=call)
    # the page sets no upper bound, nor says a server may not: a refusal is not judged here
    call = runner.call("getCdrStats", body={**base, "ignoreBelow": LONGER_THAN_ANY_CALL}, expect="any")
    if call.accepted:
        left = counted(call.json())
        runner.record("TELECOMX-IGNORE-BELOW-ABOVE-EVERY-CALL", "getCdrStats",
                      f"ignoreBelow {LONGER_THAN_ANY_CALL} left calls counted: {_describe(left)}" if left else None,
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
        answers = {d: _sent(runner, {**base, "ignoreLocal": local, "direction": d}) for d in ("IN", "OUT", "BOTH")}
        problems = partition_problems(answers["IN"][1], answers["OUT"][1], answers["BOTH"][1])
        runner.record("TELECOMX-DIRECTIONS-PARTITION", "getCdrStats",
                      f"ignoreLocal {local}: {_describe(problems)}" if problems else None, call=answers["BOTH"][0],
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
    _call, full = _sent(runner, base)
    calls = []
    for form in (PICKED, ",".join(PICKED)):
        call = runner.call("getCdrStats", body={**base, "fields": form}, expect="any")
        calls.append(call)
        if call.accepted and not selection_ignored(call.json(), set(PICKED)):
            runner.record("TELECOMX-FIELDS-HONOURED", "getCdrStats", call=call)
            problems = projection_problems(call.json(), full, PICKED)
            runner.record("TELECOMX-FIELDS-PROJECTION", "getCdrStats",
                          f"fields {PICKED}: {_describe(problems)}" if problems else None, call=call)
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
    _call, full = _sent(runner, base)
    wanted = _pick_employees(runner, full)
    whole = lowered(full)
    problems: list[str] = []
    for who in wanted:
        _single, rows = _sent(runner, {**base, "employee": who})
        problems += selection_problems(rows, whole, [who], f"employee {who!r}")
    call, rows = _sent(runner, {**base, "employees": wanted})
    problems += selection_problems(rows, whole, wanted, f"employees {wanted}")
    runner.record("TELECOMX-EMPLOYEES-UNION", "getCdrStats", _describe(problems) if problems else None, call=call)


# -- customer and isolation -------------------------------------------------------------------------------
def _lower(values: list[Any]) -> set[str]:
    return {str(v).lower() for v in values}


def _foreign_scope(ctx: CheckContext) -> set[str] | None:
    """The fixtures' foreign employees, when this request asks for the caller's own customer's calls (no
    customer, an own one, or a foreign one: fixtures name foreign customers only for a customer's credentials)."""
    fixtures = ctx.fixtures
    if fixtures is None:
        return None
    foreign = _lower(fixtures.ids("foreign_employees"))
    customer = request_body(ctx).get("customer")
    scoped = customer is None or str(customer).lower() in _lower(fixtures.ids("customers")) | _lower(
        fixtures.ids("foreign_customers"))
    return foreign if foreign and scoped else None


@check("TELECOMX-NO-FOREIGN-EMPLOYEES",
       "An answer for the caller's own customer lists none of another customer's employees (the fixtures' "
       "`foreign_employees`); an id echoed with no name and no figures is an advisory.",
       spec=SPEC, location="getCdrStats requestBody customer; 200 EmployeeStats", severity="critical",
       kind="security", operations=OP, applies=lambda ctx: _foreign_scope(ctx) is not None, basis=NO_FOREIGN_ROWS)
def no_foreign_employees(ctx: CheckContext, exchange: Exchange) -> None:
    foreign = _foreign_scope(ctx) or set()
    findings: list[Finding] = []
    for row in json_rows(exchange):
        who = row.get("employeeId")
        if not isinstance(who, str) or who.lower() not in foreign:
            continue
        shown = [f for f in IDENTITY[1:] if row.get(f)] + [n for _e, _k, c in buckets([row]) for n in COUNTERS
                                                           if number(c.get(n))]
        basis: Basis | None = None if shown else FOREIGN_ECHO
        findings.append((f"another customer's employee {who} is listed" + (f" with {shown[:4]}" if shown else ""),
                         "foreign" if shown else "foreign echo", {"employee": who}, basis))
    fail_first(findings)


def refusal_problem(call: Call) -> tuple[str, Basis | None] | None:
    """What is wrong with the answer to a foreign customer's request (None: the table's 403 access_denied)."""
    status = call.exchange.status
    if call.outcome not in ("rejected", "unauthenticated"):
        return f"another customer's calls were answered {status} ({call.outcome}), not refused", None
    if status != 403:
        return f"another customer's calls were refused with {status}, the error table gives 403", None
    if b"access_denied" not in call.exchange.content:
        return "the 403 does not carry the message key access_denied", REFUSAL_KEY
    return None


@scenario("TELECOMX-CUSTOMERS", spec=SPEC, kind="metamorphic",
          statement="The caller's own customer named and not named give the same figures; another customer's, and "
                    "another customer's employees, are refused or not shown.",
          checks=("TELECOMX-CUSTOMER-OWN-IS-DEFAULT", "TELECOMX-FOREIGN-CUSTOMER-REFUSED",
                  "TELECOMX-NO-FOREIGN-EMPLOYEES"))
def customers(runner: Runner) -> None:
    base = base_request(runner)
    own = runner.fixtures.ids("customers")
    if own:
        _call, default = _sent(runner, base)
        call, named = _sent(runner, {**base, "customer": str(own[0]), "sort": "extensionNumber"})
        problems = same_totals(named, default)
        runner.record("TELECOMX-CUSTOMER-OWN-IS-DEFAULT", "getCdrStats",
                      f"customer {own[0]} differs from the default: {_describe(problems)}" if problems else None,
                      call=call)
    for customer in runner.fixtures.ids("foreign_customers")[:2]:
        call = runner.call("getCdrStats", body={**base, "customer": str(customer)}, expect="any")
        problem = refusal_problem(call)
        runner.record("TELECOMX-FOREIGN-CUSTOMER-REFUSED", "getCdrStats", problem[0] if problem else None,
                      call=call, basis=problem[1] if problem else None,
                      key=f"{call.outcome} {call.exchange.status}")
    foreign = runner.fixtures.ids("foreign_employees")[:2]
    if foreign:  # answered or refused; an answer is judged by TELECOMX-NO-FOREIGN-EMPLOYEES
        runner.call("getCdrStats", body={**base, "employees": [str(e) for e in foreign]}, expect="any")


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
    call, whole = _sent(runner, base)

    def part(lo: Any, hi: Any) -> Any:
        return _sent(runner, {**base, **runner.window_fields("getCdrStats", lo, hi)})[1]

    second = part(middle, end)
    firsts = [part(start, middle - one), part(start, middle)]  # `to` inclusive, or exclusive
    more = [p for half in (*firsts, second) for p in exceeding(half, whole)]
    if more:
        runner.record("TELECOMX-SPLIT-WINDOW-ADDS-UP", "getCdrStats",
                      f"a half of the window counts more than the window: {_describe(more)}", call=call)
        return
    problems = adds_up([firsts[0], second], whole)
    if problems:
        problems = adds_up([firsts[1], second], whole) and problems
    runner.record("TELECOMX-SPLIT-WINDOW-ADDS-UP", "getCdrStats",
                  f"the halves do not add up: {_describe(problems)}" if problems else None, call=call,
                  key="attribution", basis=WINDOW_ATTRIBUTION if problems else None)
