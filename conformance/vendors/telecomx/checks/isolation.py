"""TelecomX ``pbx/cdrstats``: the customer parameter and the customer's isolation.

Naming the caller's own customer gives the answer of naming none (the page: "defaults to users own customer").
Fixtures name another owner's references (``foreign_customers``, ``foreign_employees``) only when the run's
credentials are a customer's (VIEWER, MANAGE, OWNER): another customer is then refused with the error table's
403 ``access_denied``, and no answer for the caller's own customer lists another customer's employees. An
administrator's or reseller's run names no foreign references, and these checks do not run.
"""

from __future__ import annotations

from typing import Any

from conformance.checkapi.basis import Basis
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Call, Runner, scenario
from conformance.vendors.telecomx.bases import FOREIGN_ECHO, FOREIGN_REFUSED, NO_FOREIGN_ROWS, OWN_CUSTOMER, REFUSAL_KEY
from conformance.vendors.telecomx.checks.relations import describe, sent
from conformance.vendors.telecomx.checks.stats import (
    OP,
    SPEC,
    Finding,
    base_request,
    buckets,
    fail_first,
    json_rows,
    number,
    request_body,
    same_totals,
)
from conformance.vendors.telecomx.fields import COUNTERS, IDENTITY

declare("TELECOMX-CUSTOMER-OWN-IS-DEFAULT",
        "Naming the caller's own customer (the fixtures' first `customers`) gives every employee the figures of the "
        "request naming none.",
        spec=SPEC, location="getCdrStats requestBody customer", severity="major", kind="metamorphic",
        basis=OWN_CUSTOMER, covers=("customer",))
declare("TELECOMX-FOREIGN-CUSTOMER-REFUSED",
        "A request naming another customer (the fixtures' `foreign_customers`) is refused with 403 access_denied.",
        spec=SPEC, location="getCdrStats requestBody customer; 403 access_denied", severity="critical",
        kind="security", basis=FOREIGN_REFUSED)


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
        _call, default = sent(runner, base)
        call, named = sent(runner, {**base, "customer": str(own[0]), "sort": "extensionNumber"})
        problems = same_totals(named, default)
        runner.record("TELECOMX-CUSTOMER-OWN-IS-DEFAULT", "getCdrStats",
                      f"customer {own[0]} differs from the default: {describe(problems)}" if problems else None,
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


