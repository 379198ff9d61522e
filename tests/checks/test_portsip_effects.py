"""PortSIP Dataflow parameter effects, tenants and recomputed figures (issue 10): each relation stays quiet on the
clean simulator and under other readings of what the documents leave open, and fires on a fault that breaks it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from conformance.checkapi.registry import CHECKS
from conformance.vendors.portsip.checks import effects, jobs, kpis, tenancy
from tests.checks.builders import declared, run, simulate
from tests.checks.test_portsip_queue import DataflowRunner, run_scenarios, scenarios_of
from tests.checks.test_portsip_queue import store as store
from tests.simulator.test_portsip_dataflow_http import CALLS, InProcess

MODULES = (effects, tenancy, kpis)


class TenantRunner(DataflowRunner):
    """A DataflowRunner whose ``as_tenant`` logs in as the simulator's user of tenant 1 (the fixtures' tenant)."""

    def as_tenant(self) -> DataflowRunner:
        view = DataflowRunner(self.client.login("tenant1", "tenant1-password"), self.allow_writes)
        view.records, view.kinds, view.refused = self.records, self.kinds, self.refused
        return view

    @property
    def allow_writes(self) -> bool:
        return bool(self.session.config.allow_writes)


def run_effects(store: Any, fault: str | None = None, effect: dict[str, Any] | None = None,
                **readings: str) -> TenantRunner:
    runner = TenantRunner(InProcess(simulate(store, "portsip-dataflow", CALLS, fault, effect, readings)))
    return run(runner, (s.func for module in MODULES for s in scenarios_of(module)))


def test_relations_are_quiet_on_the_clean_simulator(store: Any) -> None:
    runner = run_effects(store)
    assert runner.failed() == set()
    assert runner.refused == []
    assert declared(s for module in MODULES for s in scenarios_of(module)) <= runner.recorded()


@pytest.mark.parametrize(("fault", "fires"), [
    ("portsip-dataflow-status-filter-ignored", "PORTSIP-HISTORY-STATUS-PARTITION"),
    ("portsip-dataflow-duration-bound-ignored", "PORTSIP-HISTORY-BOUNDS-MONOTONE"),
    ("portsip-dataflow-hours-ignored", "PORTSIP-HISTORY-BOUNDS-MONOTONE"),
    ("portsip-dataflow-tenants-ignored", "PORTSIP-CALLS-TENANTS-SELECT"),
    ("portsip-dataflow-tenant-sees-all", "PORTSIP-TENANT-ISOLATION"),
    ("portsip-dataflow-interval-ignored", "PORTSIP-QUEUE-INTERVAL-REGROUPS"),
    ("portsip-dataflow-sla-halved", "PORTSIP-QUEUE-SLA-VARIANTS"),
    ("portsip-dataflow-sla-threshold-inverted", "PORTSIP-QUEUE-SLA-MONOTONE"),
])
def test_relations_fire_on_catalogue_faults(store: Any, fault: str, fires: str) -> None:
    assert fires in run_effects(store, fault).failed_on("vendor")


@pytest.mark.parametrize(("effect", "fires"), [
    # a filter on the caller that leaves out a listed call with that caller
    ({"response": [{"operation": "getCallsHistory", "pointer": "/items", "op": "drop_first"}]},
     "PORTSIP-HISTORY-SELECTION-COMPLETE"),
    # one call too few in every count: the halves together hold fewer calls than the whole
    ({"response": [{"operation": "getCallsHistory", "pointer": "/count", "op": "add", "value": -1}]},
     "PORTSIP-HISTORY-WINDOW-SPLIT"),
    # a queue's summary over a window counts more than its two halves
    ({"response": [{"operation": "getQueueKpiSummary", "pointer": "/metrics/offered", "op": "add", "value": 1}]},
     "PORTSIP-QUEUE-WINDOW-SPLIT"),
])
def test_relations_fire_on_inconsistent_answers(store: Any, effect: dict[str, Any], fires: str) -> None:
    assert fires in run_effects(store, effect=effect).failed()


@pytest.mark.parametrize("flags", [
    ["history_newest_first", "unset_times_zero", "history_item_status"],
    ["unknown_reference_refused", "empty_averages_null", "user_history_dialled_callee"],
    ["calls_series_skip_empty_days", "paging_clamped", "count_always"],
])
def test_relations_pass_other_readings_of_what_the_document_leaves_open(store: Any, flags: list[str]) -> None:
    runner = run_effects(store, effect={"flags": flags})
    assert runner.failed_on("vendor", "http") == set()


@pytest.mark.parametrize("readings", [
    {"portsip_status_spelling": "prose"},
    {"portsip_history_direction": "party_enum"},
    {"portsip_cb_fail_meaning": "percent"},
])
def test_relations_pass_every_reading_of_an_ambiguous_erratum(store: Any, readings: dict[str, str]) -> None:
    runner = run_effects(store, None, None, **readings)
    assert runner.failed_on("vendor", "http") == set()


def test_suite_readings_are_advisories() -> None:
    for check_id in ("PORTSIP-USER-HISTORY-PARTITIONS", "PORTSIP-QUEUE-KPI-MATCHES-HISTORY"):
        basis = CHECKS[check_id].basis
        assert basis is not None and basis.kind == "suite"
    for check_id in ("PORTSIP-HISTORY-STATUS-PARTITION", "PORTSIP-CALLS-TENANTS-SELECT", "PORTSIP-TENANT-ISOLATION",
                     "PORTSIP-QUEUE-SLA-VARIANTS", "PORTSIP-QUEUE-INTERVAL-REGROUPS"):
        basis = CHECKS[check_id].basis
        assert basis is not None and basis.kind == "vendor"


# -- pure parts ------------------------------------------------------------------------------------------------
def test_sla_variants_give_the_three_service_level_readings() -> None:
    found = kpis.sla_variants(offered=20, accepted=15, abandoned=4)
    assert found == {"answered / offered": 75.0, "(answered + abandoned) / offered": 95.0,
                     "answered / (offered - abandoned)": 93.75}
    assert "answered / (offered - abandoned)" not in kpis.sla_variants(offered=4, accepted=0, abandoned=4)


T0 = datetime(2025, 11, 3, tzinfo=UTC)


def _hours(*counts: int) -> dict[datetime, dict[str, float]]:
    return {T0 + timedelta(hours=i): {"accepted": float(c)} for i, c in enumerate(counts)}


def test_regrouping_holds_when_points_add_up() -> None:
    hourly = _hours(1, 2, 3, 4, 5)
    grouped = {T0: {"accepted": 3.0}, T0 + timedelta(hours=2): {"accepted": 7.0},
               T0 + timedelta(hours=4): {"accepted": 5.0}}
    assert kpis._regroup_problems(hourly, grouped, 2, ("accepted",)) == []


def test_regrouping_fires_when_a_point_is_not_its_hours() -> None:
    hourly = _hours(1, 2, 3, 4)
    grouped = {T0: {"accepted": 1.0}, T0 + timedelta(hours=2): {"accepted": 9.0}}  # 1h points kept as they were
    problems = kpis._regroup_problems(hourly, grouped, 2, ("accepted",))
    assert any("1h points" in p for p in problems)


# -- report jobs and logs --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("fault", "fires"), [
    ("portsip-dataflow-job-filter-ignored", "PORTSIP-JOBS-FILTER-PARTITION"),
    ("portsip-dataflow-job-orderby-ignored", "PORTSIP-JOBS-ORDERBY-EFFECT"),
    ("portsip-dataflow-destroyed-job-readable", "PORTSIP-JOB-READ-BACK"),
])
def test_job_relations_fire_on_catalogue_faults(store: Any, fault: str, fires: str) -> None:
    assert fires in run_scenarios(store, jobs, fault).failed_on("vendor")


def test_history_items_recount_the_timeseries(store: Any) -> None:
    runner = run_effects(store, "portsip-dataflow-series-disagrees-with-history")
    assert ("PORTSIP-HISTORY-ITEMS-MATCH-SERIES", "suite") in runner.kinds
