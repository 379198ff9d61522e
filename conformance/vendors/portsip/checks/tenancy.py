"""PortSIP Dataflow tenants: the calls timeseries' ``tenants`` selects tenants for an administrator and is
ignored for a tenant user, who sees only their own data (seed 000, lines 50-51 and the field's description).

The suite needs two views for this: the run's own credentials and a tenant user's (``Runner.as_tenant``).
Against a PBX the run's credentials are taken for a tenant's when its fixtures name foreign references
(``foreign_tenants``, ``foreign_users``...); the embedded simulator lets the suite log in as a user of the
fixtures' tenant. Where both views are one (a tenant's run), the comparisons hold trivially.

What the document promises for the calls timeseries only is held on the vendor's basis; that the call history,
a user's history and the queue KPIs keep to the tenant as well is the suite's reading (an advisory), and so is
that one tenant's calls and another's add up (a call between two tenants might count for both).
"""

from __future__ import annotations

from typing import Any

from conformance.checkapi.basis import PORTSIP_DATAFLOW, cite, suite, vendor
from conformance.checkapi.registry import declare
from conformance.checkapi.scenarios import Call, Runner, ScenarioSkip
from conformance.vendors.portsip.checks.calls import DAY, HISTORY, SERIES, USER_HISTORY, accepted_items, day_window
from conformance.vendors.portsip.checks.dataflow import SPEC, answer_field, recorded_by

COUNTS = ("total", "answered", "not_answered")
QUEUE_SUMMARY = "getQueueKpiSummary"
ADMIN = cite(PORTSIP_DATAFLOW, 51, "System administrators can specify multiple tenant IDs")
OWN_ONLY = cite(PORTSIP_DATAFLOW, 54, "Tenant users do not need to specify `tenants` and can only query their own")
IGNORED = cite(PORTSIP_DATAFLOW, 54, "For tenant users, this field is ignored.")

SELECT = declare(
    "PORTSIP-CALLS-TENANTS-SELECT",
    "The calls timeseries of some tenants never counts more than that of all tenants, and an administrator's "
    "series for one tenant is that tenant's own (what its user sees); the series of two tenants add up to that of "
    "both (the suite's reading).",
    spec=SPEC, location="getCallsTimeseries: tenants", severity="major", kind="metamorphic", operations=(SERIES,),
    covers=("tenants",), basis=vendor(ADMIN, OWN_ONLY, cite(PORTSIP_DATAFLOW, 54, "leave empty to query all")))
ISOLATION = declare(
    "PORTSIP-TENANT-ISOLATION",
    "A tenant user naming another tenant gets their own calls timeseries (the field is ignored) or a refusal; and "
    "(the suite's reading) their call history, another tenant's user history and another tenant's queue show "
    "nothing of another tenant.",
    spec=SPEC, location="getCallsTimeseries tenants; getCallsHistory, getCallsUserHistory, getQueueKpiSummary",
    severity="critical", kind="metamorphic", operations=(SERIES, HISTORY, USER_HISTORY, QUEUE_SUMMARY),
    basis=vendor(OWN_ONLY, IGNORED))
SUMS = suite("the document lets an administrator name several tenants; it does not say a call belongs to one "
             "tenant only (a call between two tenants may count for both)")
BEYOND_SERIES = suite("the document says tenant users can only query their own data on the calls timeseries; that "
                      "the call history, user history and queue KPIs are scoped alike is the suite's reading (a "
                      "number of another tenant may also be dialled as an external number)")


def series(runner: Runner, window: Any, **fields: Any) -> tuple[Call, dict[str, dict[str, int]] | None]:
    """The points of a calls timeseries by their time (None when refused or malformed)."""
    call = runner.call(SERIES, body={**runner.window_fields(SERIES, *window), **fields},
                       expect="accept" if not fields else "any")
    points = answer_field(call, "points")
    if not isinstance(points, list):
        return call, None
    found: dict[str, dict[str, int]] = {}
    for point in points:
        if not isinstance(point, dict):
            return call, None
        values = {n: point.get(n) for n in COUNTS}
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values.values()):
            return call, None
        found[str(point.get("t"))] = values  # type: ignore[assignment]
    return call, found


def sums(points: dict[str, dict[str, int]]) -> dict[str, int]:
    return {n: sum(p[n] for p in points.values()) for n in COUNTS}


def _tenant_ids(runner: Runner, key: str) -> list[int]:
    return [int(t) for t in runner.fixtures.ids(key) if str(t).lstrip("-").isdigit()]


@recorded_by(SELECT)
def tenants_select(runner: Runner) -> None:
    own = _tenant_ids(runner, "tenants")
    if not own:
        raise ScenarioSkip("the fixtures list no tenants")
    window = day_window(runner)
    _, everyone = series(runner, window)
    if everyone is None:
        return
    each: dict[int, dict[str, dict[str, int]]] = {}
    for tenant in [*own, *_tenant_ids(runner, "foreign_tenants")]:
        call, found = series(runner, window, tenants=[tenant])
        if found is None:
            continue
        each[tenant] = found
        over = {n: (v, sums(everyone)[n]) for n, v in sums(found).items() if v > sums(everyone)[n]}
        runner.record(SELECT.id, SERIES, None if not over else f"tenant {tenant} counts more than all tenants "
                      f"(tenant, all): {over}", call=call, key="more than all", evidence={"tenant": tenant})
    tenant_view = runner.as_tenant()
    if tenant_view is not None and own[0] in each:
        call, mine = series(tenant_view, window)
        if mine is not None:
            runner.record(SELECT.id, SERIES, None if mine == each[own[0]] else
                          f"the series of tenant {own[0]} ({sums(each[own[0]])}) is not what its user sees "
                          f"({sums(mine)})", call=call, key="not the tenant's own",
                          evidence={"tenant": own[0], "selected": sums(each[own[0]]), "own_view": sums(mine)})
    if len(each) >= 2 and not all(found == everyone for found in each.values()):  # all equal: a tenant's view
        pair = sorted(each)[:2]
        call, both = series(runner, window, tenants=pair)
        if both is not None:
            added = {n: sums(each[pair[0]])[n] + sums(each[pair[1]])[n] for n in COUNTS}
            runner.record(SELECT.id, SERIES, None if added == sums(both) else
                          f"tenants {pair} one by one add up to {added}, together {sums(both)}", call=call,
                          key="tenants add up", basis=SUMS, evidence={"tenants": pair})


def _foreign_numbers(runner: Runner) -> set[str]:
    """Numbers of another tenant that are not also the tenant's own."""
    own = {str(v) for key in ("queues", "agents", "users", "extensions", "ring_groups", "ivrs")
           for v in runner.fixtures.ids(key)}
    return {str(v) for key in ("foreign_queues", "foreign_agents", "foreign_users", "foreign_extensions",
                               "foreign_ring_groups", "foreign_ivrs") for v in runner.fixtures.ids(key)} - own


SHOWN = ("caller", "callee", "service_number")


@recorded_by(ISOLATION)
def tenant_isolation(runner: Runner) -> None:
    view = runner.as_tenant()
    if view is None:
        raise ScenarioSkip("the run has no tenant user's credentials (fixtures naming foreign references)")
    window = day_window(runner)
    foreign_tenants = _tenant_ids(runner, "foreign_tenants")
    _, mine = series(view, window)
    for tenant in foreign_tenants[:1]:
        call, named = series(view, window, tenants=[tenant])
        if mine is None or (named is None and not call.accepted):
            continue  # refused: allowed
        runner.record(ISOLATION.id, SERIES, None if named == mine else
                      f"a tenant user naming tenant {tenant} gets {sums(named or {})}, not their own {sums(mine)}",
                      call=call, key="foreign tenant served", evidence={"tenant": tenant})
    foreign = _foreign_numbers(runner)
    if not foreign:
        return
    call = view.call(HISTORY, body=runner.window_fields(HISTORY, *runner.window(DAY)), query={"top": 100})
    shown = sorted({str(i.get(f)) for i in accepted_items(call) for f in SHOWN if str(i.get(f)) in foreign})
    if call.accepted:
        runner.record(ISOLATION.id, HISTORY, None if not shown else f"a tenant user's call history shows numbers "
                      f"of another tenant: {shown[:5]}", call=call, key="foreign calls", basis=BEYOND_SERIES)
    for user in runner.fixtures.ids("foreign_users")[:1]:
        call = view.call(USER_HISTORY, body={**runner.window_fields(USER_HISTORY, *runner.window(DAY)),
                                             "user": str(user)}, query={"top": 5}, expect="any")
        if call.accepted:
            items = accepted_items(call)
            runner.record(ISOLATION.id, USER_HISTORY, None if not items else f"a tenant user reads {len(items)} "
                          f"calls of user {user} of another tenant", call=call, key="foreign user",
                          basis=BEYOND_SERIES)
    for queue in runner.fixtures.ids("foreign_queues")[:1]:
        call = view.call(QUEUE_SUMMARY, body={**runner.window_fields(QUEUE_SUMMARY, *runner.window(DAY)),
                                              "queues": [{"number": str(queue)}]}, expect="any")
        metrics = answer_field(call, "metrics")
        if call.accepted and isinstance(metrics, dict):
            counted = {k: v for k, v in metrics.items() if k in ("offered", "accepted", "abandoned") and v}
            runner.record(ISOLATION.id, QUEUE_SUMMARY, None if not counted else f"a tenant user reads queue {queue} "
                          f"of another tenant: {counted}", call=call, key="foreign queue", basis=BEYOND_SERIES)
