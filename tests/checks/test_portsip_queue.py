"""PortSIP Dataflow queue and agent checks: each fires on a faulty answer and stays quiet on a clean one.

Response checks get hand-built exchanges. Scenarios run against the simulator in-process through a runner
that records instead of reporting and runs the Dataflow response checks on every accepted answer, as the
engine does (``DataflowRunner``, shared with the calls and jobs check tests).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from conformance import timefmt
from conformance.checkapi.basis import Basis, resolve_basis
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure
from conformance.checkapi.registry import CHECKS
from conformance.checkapi.scenarios import Call
from conformance.engine.requests import NO_BODY, RequestSpec
from conformance.vendors.portsip.checks import queue
from tests.checks.builders import (
    RecordingRunner,
    SpecUnderTest,
    declared,
    failure_message,
    received,
    run,
    run_checks,
    simulate,
    store_for,
)
from tests.simulator.test_portsip_dataflow_http import CALLS, InProcess

SPEC = SpecUnderTest("portsip-dataflow", url="http://pbx/api/x")
WINDOW = {"start_time": "2025-10-29T00:00:00-04:00", "end_time": "2025-10-30T00:00:00-04:00"}


def window_of(body: Any) -> tuple[datetime, datetime] | None:
    if isinstance(body, dict) and isinstance(body.get("start_time"), str) and isinstance(body.get("end_time"), str):
        try:
            return timefmt.parse_rfc3339(body["start_time"]), timefmt.parse_rfc3339(body["end_time"])
        except ValueError:
            return None
    return None


def context(op_id: str, body: Any = None, query: dict[str, Any] | None = None,
            path: dict[str, Any] | None = None) -> CheckContext:
    return SPEC.context(op_id, body=body, query=dict(query or {}), path=dict(path or {}), window=window_of(body))


def answer(op_id: str, body: Any, status: int = 200) -> Exchange:
    return SPEC.answer(op_id, body, status=status)


def fails(func: Any, ctx: CheckContext, exchange: Exchange) -> str:
    return failure_message(func, ctx, exchange)


def failure(func: Any, ctx: CheckContext, exchange: Exchange) -> CheckFailure:
    """The CheckFailure ``func`` raises (the test fails when it raises none)."""
    with pytest.raises(CheckFailure) as raised:
        func(ctx, exchange)
    return raised.value


def basis_kind(check_id: str, found: CheckFailure | Basis | None, op_id: str = "getCallsHistory") -> str:
    """The kind of basis a finding rests on: its own, else its check's (a spec rule resolved for ``op_id``)."""
    basis = found.basis if isinstance(found, CheckFailure) else found
    basis = basis or CHECKS[check_id].basis
    assert basis is not None
    return resolve_basis(basis, SPEC.doc, SPEC.ops[op_id].operation).kind


class DataflowRunner(RecordingRunner):
    """Requests through ``InProcess``; the Dataflow response checks judge every accepted answer."""

    def __init__(self, client: InProcess, allow_writes: bool = True) -> None:
        super().__init__(SPEC, client.sim, allow_writes)
        self.client = client

    def call(self, operation_id: str, *, body: Any = NO_BODY, query: dict[str, Any] | None = None,
             path: dict[str, Any] | None = None, expect: str = "accept") -> Call:
        op = SPEC.ops[operation_id]
        query = {k: ("true" if v is True else v) for k, v in (query or {}).items()}
        got = self.client.op(operation_id, None if body is NO_BODY else body, query=query, path=path)
        exchange = received(operation_id, op.method.upper(), str(got.url), got)
        call = self.answered(RequestSpec(op, dict(path or {}), query, body), exchange, expect)
        if call.accepted:
            ctx = context(operation_id, None if body is NO_BODY else body, query, path)
            self.judge(ctx, exchange, keep=lambda info: info.spec == SPEC.name)
        return call


def scenarios_of(module: Any) -> list[Any]:
    return [s for s in SPEC.scenarios() if s.func.__module__ == module.__name__]


def run_scenarios(store: Any, module: Any, fault: str | None = None, effect: dict[str, Any] | None = None,
                  **readings: str) -> DataflowRunner:
    runner = DataflowRunner(InProcess(simulate(store, SPEC.name, CALLS, fault, effect, readings)))
    return run(runner, (scenario.func for scenario in scenarios_of(module)))


store = store_for(SPEC.name, CALLS)


# -- response checks ---------------------------------------------------------------------------------------
METRICS = {"offered": 20, "accepted": 15, "abandoned": 3, "sla_pct": 65.0, "aht_sec": 190, "att_sec": 150,
           "avg_wrap_time_sec": 40, "asa_sec": 12}
AGENT = {"total": 9, "accepted": 7, "occupancy_pct": 41.5, "aht_sec": 181, "att_sec": 150, "avg_wrap_time_sec": 30,
         "average_ring_time_sec": 6}
POINT = {"t": "2025-10-29T09:00:00-04:00", "offered": 4, "accepted": 3, "abandoned": 1, "asa_sec": 9, "cb_ok": 0,
         "cb_fail": 0}
AGENT_POINT = {"t": "2025-10-29T09:00:00-04:00", "occupancy_pct": 50.0, "aht_sec": 100, "att_sec": 90, "accepted": 2}
ONE_QUEUE = {"queues": [{"number": "1801"}], **WINDOW}
TWO_QUEUES = {"queues": [{"number": "1801"}, {"number": "1802"}], **WINDOW}


def clean_cases() -> list[tuple[str, Any, Any]]:
    return [
        ("getQueueKpiSummary", ONE_QUEUE, {"metrics": METRICS}),
        ("getQueueKpiSummary", ONE_QUEUE, {"metrics": {**METRICS, "accepted": 17}}),  # accepted + abandoned = offered
        ("getQueueKpiSummary", TWO_QUEUES, {"metrics": {**METRICS, "accepted": 18}}),  # rounded means: +1 slack
        ("getQueueKpiSummary", TWO_QUEUES, {"metrics": {**METRICS, "accepted": 21, "abandoned": 0}}),  # +1 slack
        ("getQueueKpiSummary", ONE_QUEUE, {"metrics": {**METRICS, "aht_sec": 191}}),  # rounding: +-1 s
        ("getQueueTimeseries", {"queue": "1801", "interval": "1h", **WINDOW}, {"points": [POINT, POINT]}),
        ("getAgentQueueSummary", {"queue": "1801", "agent": "1001", **WINDOW}, {"points": AGENT}),
        ("getAgentQueueTimeseries", {"queue": "1801", "agent": "1001", "interval": "1h", **WINDOW},
         {"points": [AGENT_POINT]}),
        ("getQueueKpiSummary", ONE_QUEUE, {"metrics": {**METRICS, "offered": "20"}}),  # not a number: schema's job
    ]


@pytest.mark.parametrize(("op_id", "request_body", "body"), clean_cases())
def test_response_checks_are_quiet_on_clean_answers(op_id: str, request_body: Any, body: Any) -> None:
    run_checks(context(op_id, request_body), answer(op_id, body), queue.RESPONSE_CHECKS)


@pytest.mark.parametrize(("func", "op_id", "request_body", "body", "words"), [
    (queue.accepted_le_offered, "getQueueKpiSummary", ONE_QUEUE, {"metrics": {**METRICS, "accepted": 21}},
     "accepted 21 > offered 20"),
    (queue.accepted_le_offered, "getQueueTimeseries", {"queue": "1", "interval": "1h", **WINDOW},
     {"points": [POINT, {**POINT, "accepted": 5}]}, "point 1"),
    (queue.abandoned_le_offered, "getQueueKpiSummary", ONE_QUEUE, {"metrics": {**METRICS, "abandoned": 6}},
     "abandoned 6 > offered 20"),
    (queue.abandoned_le_offered, "getQueueKpiSummary", TWO_QUEUES, {"metrics": {**METRICS, "abandoned": 7}},
     "abandoned 7"),
    (queue.sla_range, "getQueueKpiSummary", ONE_QUEUE, {"metrics": {**METRICS, "sla_pct": 100.5}}, "100.5"),
    (queue.sla_range, "getQueueKpiSummary", ONE_QUEUE, {"metrics": {**METRICS, "sla_pct": -1}}, "-1"),
    (queue.occupancy_range, "getAgentQueueSummary", {}, {"points": {**AGENT, "occupancy_pct": 101}}, "101"),
    (queue.occupancy_range, "getAgentQueueTimeseries", {}, {"points": [{**AGENT_POINT, "occupancy_pct": -3}]}, "-3"),
    (queue.aht_ge_att, "getQueueKpiSummary", ONE_QUEUE, {"metrics": {**METRICS, "aht_sec": 149}}, "aht_sec 149"),
    (queue.aht_ge_att, "getAgentQueueTimeseries", {}, {"points": [{**AGENT_POINT, "aht_sec": 80}]}, "aht_sec 80"),
    (queue.aht_is_att_plus_wrap, "getQueueKpiSummary", ONE_QUEUE, {"metrics": {**METRICS, "aht_sec": 192}}, "192"),
    (queue.aht_is_att_plus_wrap, "getAgentQueueSummary", {}, {"points": {**AGENT, "avg_wrap_time_sec": 0}}, "181"),
    (queue.asa_nonnegative, "getQueueTimeseries", {}, {"points": [{**POINT, "asa_sec": -2}]}, "-2"),
    (queue.agent_accepted_le_total, "getAgentQueueSummary", {}, {"points": {**AGENT, "accepted": 10}}, "10 > total 9"),
])
def test_response_checks_fire(func: Any, op_id: str, request_body: Any, body: Any, words: str) -> None:
    assert words in fails(func, context(op_id, request_body), answer(op_id, body))


# -- scenarios ---------------------------------------------------------------------------------------------
def test_scenarios_are_quiet_on_the_clean_simulator(store: Any) -> None:
    runner = run_scenarios(store, queue)
    assert runner.failed() == set()
    assert declared(scenarios_of(queue)) <= runner.recorded()


@pytest.mark.parametrize(("fault", "fires"), [
    ("portsip-dataflow-accepted-exceeds-offered", "PORTSIP-QUEUE-ACCEPTED-LE-OFFERED"),
    ("portsip-dataflow-aht-below-att", "PORTSIP-QUEUE-AHT-GE-ATT"),
    ("portsip-dataflow-series-not-summing-to-summary", "PORTSIP-QUEUE-SERIES-SUMS-TO-SUMMARY"),
])
def test_scenarios_fire_on_catalogue_faults(store: Any, fault: str, fires: str) -> None:
    assert fires in run_scenarios(store, queue, fault).failed()


@pytest.mark.parametrize(("effect", "fires"), [
    ({"response": [{"operation": "getAgentQueueSummary", "pointer": "/points/accepted", "op": "add", "value": 50}]},
     "PORTSIP-AGENT-SUM-LE-QUEUE"),
    ({"response": [{"operation": "getAgentQueueTimeseries", "pointer": "/points/0/accepted", "op": "add",
                    "value": 1}]}, "PORTSIP-AGENT-SERIES-SUMS-TO-SUMMARY"),
])
def test_metamorphic_scenarios_fire_on_inconsistent_answers(store: Any, effect: dict[str, Any], fires: str) -> None:
    assert fires in run_scenarios(store, queue, effect=effect).failed()


def test_several_are_means_fires_when_queues_are_summed(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.vendors.portsip.simulator.queries import queue as queries

    original = queries.queue_summary

    def summed(store_: Any, queues: Any, window: Any, tenant_id: Any = None) -> dict[str, Any]:
        result = original(store_, queues, window, tenant_id)
        if len(queues) > 1:
            result["offered"] = sum(original(store_, [q], window, tenant_id)["offered"] for q in queues)
        return result

    monkeypatch.setattr(queries, "queue_summary", summed)
    assert "PORTSIP-QUEUE-SEVERAL-ARE-MEANS" in run_scenarios(store, queue).failed()


@pytest.mark.parametrize(("func", "body", "kind"), [
    (queue.accepted_le_offered, {"metrics": {**METRICS, "accepted": 21}}, "vendor"),
    (queue.sla_range, {"metrics": {**METRICS, "sla_pct": 100.5}}, "vendor"),
    (queue.aht_ge_att, {"metrics": {**METRICS, "aht_sec": 149}}, "vendor"),
    (queue.abandoned_le_offered, {"metrics": {**METRICS, "abandoned": 6}}, "suite"),  # abandons need not be offered
    (queue.aht_is_att_plus_wrap, {"metrics": {**METRICS, "aht_sec": 192}}, "suite"),  # divisors of the averages
])
def test_a_finding_rests_on_the_vendors_words_or_is_an_advisory(func: Any, body: Any, kind: str) -> None:
    ctx = context("getQueueKpiSummary", ONE_QUEUE)
    found = failure(func, ctx, answer("getQueueKpiSummary", body))
    assert basis_kind(func_id(func), found, "getQueueKpiSummary") == kind


def func_id(func: Any) -> str:
    return next(info.id for info in CHECKS.values() if info.func is func)


def test_scenarios_send_no_agent_queue_pair_that_must_be_accepted(store: Any) -> None:
    """The fixtures do not pair agents with queues: under a server refusing agents outside a queue, the scenarios
    neither demand acceptance nor fail on the vendor's words."""
    runner = run_scenarios(store, queue, effect={"flags": ["unknown_reference_refused"]})
    assert runner.refused == []
    assert runner.failed_on("vendor", "http") == set()


def test_several_are_means_takes_any_rounding(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.vendors.portsip.simulator.queries import queue as queries

    original = queries.queue_summary

    def floored(store_: Any, queues: Any, window: Any, tenant_id: Any = None) -> dict[str, Any]:
        result = original(store_, queues, window, tenant_id)
        if len(queues) > 1:
            singles = [original(store_, [q], window, tenant_id)["offered"] for q in queues]
            result["offered"] = sum(singles) // len(singles)  # the mean, rounded down
        return result

    monkeypatch.setattr(queries, "queue_summary", floored)
    runner = run_scenarios(store, queue)
    assert "PORTSIP-QUEUE-SEVERAL-ARE-MEANS" not in runner.failed()
    assert "PORTSIP-QUEUE-SEVERAL-ARE-MEANS" in runner.recorded()
