"""PortSIP Dataflow report-job and report-log checks: each fires on a faulty answer and stays quiet on a clean one."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.checkapi.model import CheckSkipped
from conformance.checkapi.scenarios import ScenarioSkip
from conformance.vendors.portsip.checks import jobs
from tests.checks.test_portsip_queue import (
    DataflowRunner,
    answer,
    basis_kind,
    context,
    fails,
    failure,
    run_scenarios,
    scenarios_of,
)
from tests.checks.test_portsip_queue import store as store
from tests.simulator.test_portsip_dataflow_http import simulator

JOB = {"id": "1", "type": "CALLLOGS", "format": "CSV", "schedule_name": "Weekly", "active": True,
       "create_time": "2025-10-27T01:00:00Z", "last_run_time": None}
LOG = {"id": "1", "report_id": "1", "type": "CALLLOGS", "format": "CSV", "report_name": "a.csv",
       "file_url": "/reports/a.csv", "create_time": "2025-10-28T00:01:00Z", "finish_time": "2025-10-28T00:01:30Z",
       "start_time": "2025-10-27T00:00:00Z", "end_time": "2025-10-28T00:00:00Z"}


def listing(*items: dict[str, Any]) -> dict[str, Any]:
    return {"count": len(items), "items": list(items)}


# -- response checks ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("func", "op_id", "query", "body"), [
    (jobs.filter_honoured, "getReportList", {"filter": "type eq 'CALLLOGS' and active eq true"}, listing(JOB)),
    (jobs.filter_honoured, "listReportLog", {"filter": "create_time gt '2025-10-27T20:00:00-04:00'"}, listing(LOG)),
    (jobs.orderby_honoured, "getReportList", {"orderby": "create_time desc"},
     listing({**JOB, "create_time": "2025-10-28T01:00:00+02:00"}, JOB)),  # 23:00Z after 01:00Z
    (jobs.orderby_honoured, "getReportList", {"orderby": "schedule_name"},  # text collations vary: not judged
     listing({**JOB, "schedule_name": "b"}, {**JOB, "schedule_name": "A"})),
    (jobs.file_when_finished, "listReportLog", {}, listing(LOG, {**LOG, "file_url": None, "finish_time": None})),
    (jobs.file_when_finished, "listReportLog", {}, listing({**LOG, "file_url": "", "finish_time": None})),  # unset
    (jobs.log_times_ordered, "listReportLog", {}, listing(LOG, {**LOG, "finish_time": None})),
])
def test_response_checks_are_quiet_on_clean_answers(func: Any, op_id: str, query: dict[str, Any], body: Any) -> None:
    func(context(op_id, query=query), answer(op_id, body))


@pytest.mark.parametrize(("func", "op_id", "query", "body", "words"), [
    (jobs.filter_honoured, "getReportList", {"filter": "active eq false"}, listing(JOB), "active eq false"),
    (jobs.filter_honoured, "listReportLog", {"filter": "startswith(report_name,'b')"}, listing(LOG), "report_name"),
    (jobs.orderby_honoured, "getReportList", {"orderby": "create_time"},
     listing({**JOB, "create_time": "2025-10-28T01:00:00Z"}, JOB), "follows"),
    (jobs.orderby_honoured, "listReportLog", {"orderby": "finish_time desc"},
     listing(LOG, {**LOG, "finish_time": "2025-10-29T00:00:00Z"}), "follows"),
    (jobs.file_when_finished, "listReportLog", {}, listing({**LOG, "file_url": None}), "file_url None"),
    (jobs.log_times_ordered, "listReportLog", {}, listing({**LOG, "end_time": LOG["start_time"]}), "end_time"),
    (jobs.log_times_ordered, "listReportLog", {}, listing({**LOG, "finish_time": "2025-10-28T00:00:00Z"}),
     "finish_time"),
])
def test_response_checks_fire(func: Any, op_id: str, query: dict[str, Any], body: Any, words: str) -> None:
    assert words in fails(func, context(op_id, query=query), answer(op_id, body))


def test_unreadable_list_options_are_not_judged() -> None:
    for func, query in ((jobs.filter_honoured, {"filter": "id eq"}), (jobs.orderby_honoured, {"orderby": "id up"})):
        with pytest.raises(CheckSkipped):
            func(context("getReportList", query=query), answer("getReportList", listing(JOB)))


# -- scenarios (they write) ----------------------------------------------------------------------------------
def test_scenarios_are_quiet_on_the_clean_simulator_and_clean_up(store: Any) -> None:
    before = simulator(store).op("getReportList", query={"count": "true"}).json()["count"]
    runner = run_scenarios(store, jobs)
    assert runner.failed() == set()
    assert {c for s in scenarios_of(jobs) for c in s.checks} <= runner.recorded()
    assert simulator(store).op("getReportList", query={"count": "true"}).json()["count"] == before


@pytest.mark.parametrize(("fault", "fires"), [
    ("portsip-dataflow-stx-not-ascending-accepted", "PORTSIP-JOB-STX-ASCENDING"),
    ("portsip-dataflow-job-update-ignored", "PORTSIP-JOB-READ-BACK"),
])
def test_scenarios_fire_on_catalogue_faults(store: Any, fault: str, fires: str) -> None:
    assert fires in run_scenarios(store, jobs, fault).failed()


@pytest.mark.parametrize("effect", [
    {"response": [{"operation": "getReportJobById", "pointer": "/params/stx", "op": "drop_last"}]},
    {"response": [{"operation": "getReportJobById", "pointer": "/recipients", "op": "delete"}]},
    {"response": [{"operation": "getReportList", "pointer": "/items/*/schedule_name", "op": "set", "value": "x"}]},
])
def test_read_back_fires_when_the_job_reads_back_differently(store: Any, effect: dict[str, Any]) -> None:
    assert "PORTSIP-JOB-READ-BACK" in run_scenarios(store, jobs, effect=effect).failed()


WRITE_SCENARIOS = {jobs.READ_BACK.id, jobs.STX_RULE.id}


def test_write_scenarios_skip_on_read_only_runs(store: Any) -> None:
    runner = DataflowRunner(simulator(store), allow_writes=False)
    for scenario in scenarios_of(jobs):
        if scenario.id not in WRITE_SCENARIOS:
            continue
        with pytest.raises(ScenarioSkip):
            scenario.func(runner)
    assert runner.records == []


@pytest.mark.parametrize(("func", "check_id", "body", "kind"), [
    (jobs.file_when_finished, "PORTSIP-LOG-FILE-WHEN-FINISHED", listing({**LOG, "finish_time": None}), "suite"),
    (jobs.log_times_ordered, "PORTSIP-LOG-TIMES-ORDERED", listing({**LOG, "end_time": LOG["start_time"]}), "vendor"),
    (jobs.log_times_ordered, "PORTSIP-LOG-TIMES-ORDERED", listing({**LOG, "finish_time": "2025-10-28T00:00:00Z"}),
     "suite"),  # an entry may be written once its file is done
])
def test_log_findings_rest_on_the_vendors_words_or_are_advisories(func: Any, check_id: str, body: Any,
                                                                   kind: str) -> None:
    found = failure(func, context("listReportLog"), answer("listReportLog", body))
    assert basis_kind(check_id, found, "listReportLog") == kind


@pytest.mark.parametrize("effect", [
    # the same instants written in UTC, recipients spaced out, the list item without fields the by-id answer has
    {"response": [{"operation": "getReportJobById", "pointer": "/params/from", "op": "shift_seconds", "value": 0},
                  {"operation": "getReportJobById", "pointer": "/recipients", "op": "set",
                   "value": "ops@example.com; lead@example.com"},
                  {"operation": "getReportList", "pointer": "/items/*/params", "op": "delete"}]},
    {"response": [{"operation": "getReportJobById", "pointer": "/params/extra", "op": "set", "value": 1}]},
])
def test_read_back_takes_what_the_document_allows(store: Any, effect: dict[str, Any]) -> None:
    runner = run_scenarios(store, jobs, effect=effect)
    # the edits hold for every read, also after the update that changes every field (recipients among them)
    assert [m for c, m in runner.records if c == "PORTSIP-JOB-READ-BACK" and m and "every field" not in m] == []


def test_read_back_leaves_the_disputed_time_zone_out(store: Any) -> None:
    """PSD-011: a server reading only `timezone` on create (the vendor's create spelling) passes."""
    runner = run_scenarios(store, jobs, portsip_create_timezone_field="timezone")
    assert runner.failed() == set()


def test_a_refused_job_from_the_fixtures_is_an_advisory(store: Any) -> None:
    """The job's params from and to have no documented notation (PSD-029): its refusal is the suite's reading; a
    job accepted without an id is a defect."""
    refused = run_scenarios(store, jobs, effect={"request": [
        {"operation": "createReport", "field": {"in": "body", "name": "params"}, "op": "set", "value": {}}]})
    assert "PORTSIP-JOB-READ-BACK" in refused.failed_on("suite")
    assert "PORTSIP-JOB-READ-BACK" not in refused.failed_on("vendor")
    no_id = run_scenarios(store, jobs, effect={"response": [
        {"operation": "createReport", "pointer": "/id", "op": "delete"}]})
    assert "PORTSIP-JOB-READ-BACK" in no_id.failed_on("vendor")
