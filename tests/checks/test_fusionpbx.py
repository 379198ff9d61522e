"""FusionPBX checks: each fires on a faulty answer and stays quiet on a clean one.

Response checks get hand-built exchanges (the spec's own examples, which are consistent, and broken copies).
Scenarios run against the simulator in-process through a runner that records instead of reporting and
judges every answer with the response checks, as the engine does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckSkipped
from conformance.checkapi.scenarios import Call
from conformance.checks import fusionpbx as checks
from conformance.engine.requests import RequestSpec
from conformance.simulator.options import DEFAULT_TOKEN
from tests.checks.builders import RecordingRunner, SpecUnderTest, declared, failure_message, run, simulate, store_for

SPEC = SpecUnderTest("fusionpbx-report")
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
EXAMPLE_WINDOW = (datetime(2024, 5, 6, tzinfo=ZONE), datetime(2024, 5, 7, 23, 59, 59, tzinfo=ZONE))
example = SPEC.example


def context(op_id: str, window: tuple[datetime, datetime] | None = EXAMPLE_WINDOW) -> CheckContext:
    return SPEC.context(op_id, window=window)


def answer(op_id: str, body: Any) -> Exchange:
    return SPEC.answer(op_id, body)


def quiet(func: Any, op_id: str, body: Any, **kwargs: Any) -> None:
    func(context(op_id, **kwargs), answer(op_id, body))


def fails(func: Any, op_id: str, body: Any, **kwargs: Any) -> str:
    return failure_message(func, context(op_id, **kwargs), answer(op_id, body))


def changed(op_id: str, row: dict[str, Any], index: int = 0) -> dict[str, Any]:
    body = example(op_id)
    body["data"][index].update(row)
    return body


# -- /v2/report/extension ---------------------------------------------------------------------------------
EXT = "getExtensionReport"


@pytest.mark.parametrize("row", [{}, {"busy_line": 1, "total": 9, "outbound": 5},  # busy_line an outcome of its own
                                 {"busy_line": 1}])  # busy_line within busy (FUS-016 part_of_busy)
def test_extension_outcomes_quiet(row: dict[str, Any]) -> None:
    quiet(checks.extension_outcomes_add_up, EXT, changed(EXT, row))


@pytest.mark.parametrize("row", [{"busy": 2}, {"busy_line": 2}, {"total": 10, "busy_line": 1}])
def test_extension_outcomes_fire(row: dict[str, Any]) -> None:
    assert "not the sum of its outcomes" in fails(checks.extension_outcomes_add_up, EXT, changed(EXT, row))


def test_extension_directions() -> None:
    quiet(checks.extension_directions_add_up, EXT, example(EXT))
    assert "local 0" in fails(checks.extension_directions_add_up, EXT, changed(EXT, {"local": 0}))
    quiet(checks.extension_directions_add_up, EXT, changed(EXT, {"local": "1"}))  # a type error is the schema's


# -- user totals ------------------------------------------------------------------------------------------
SUMMARY, DAILY, USERS = "getExtensionUserSummary", "getExtensionDailySummary", "getUserCallReport"


@pytest.mark.parametrize("op_id", [SUMMARY, DAILY])
@pytest.mark.parametrize("row", [{}, {"total_busy_line": 1, "total_call": 9, "total_local": 2},
                                 {"total_busy_line": 1}])
def test_totals_outcomes_quiet(op_id: str, row: dict[str, Any]) -> None:
    quiet(checks.totals_outcomes_add_up, op_id, changed(op_id, row))


@pytest.mark.parametrize("row", [{"total_answered": 4}, {"total_busy_line": 2}, {"total_busy_line": 1,
                                                                                  "total_call": 10}])
def test_totals_outcomes_fire(row: dict[str, Any]) -> None:
    assert "not the sum" in fails(checks.totals_outcomes_add_up, SUMMARY, changed(SUMMARY, row))


def test_totals_checks_skip_users_without_counters() -> None:
    for func in (checks.totals_outcomes_add_up, checks.totals_directions_add_up, checks.duration_covers_parts,
                 checks.seconds_need_calls):
        quiet(func, USERS, example(USERS))


def test_totals_directions() -> None:
    quiet(checks.totals_directions_add_up, SUMMARY, example(SUMMARY))
    assert "inbound + outbound + local" in fails(checks.totals_directions_add_up, DAILY,
                                                 changed(DAILY, {"total_inbound": 2}))


@pytest.mark.parametrize("part", ["total_billsec", "total_waitsec"])
def test_duration_covers_parts(part: str) -> None:
    quiet(checks.duration_covers_parts, SUMMARY, example(SUMMARY))
    assert f"{part} 411 > total_duration 410" in fails(checks.duration_covers_parts, SUMMARY,
                                                       changed(SUMMARY, {part: 411}))


def test_seconds_need_calls() -> None:
    quiet(checks.seconds_need_calls, DAILY, example(DAILY))
    assert "without any call" in fails(checks.seconds_need_calls, DAILY, changed(DAILY, {"total_waitsec": 3}, 1))
    assert "without an answered call" in fails(checks.seconds_need_calls, SUMMARY,
                                               changed(SUMMARY, {"total_answered": 0, "total_no_answered": 5}))


# -- per-day entries ---------------------------------------------------------------------------------------
def daily_with(change: Any) -> dict[str, Any]:
    body = example(DAILY)
    change(body["data"][0]["reports"])
    return body


def test_days_add_up() -> None:
    quiet(checks.days_add_up, DAILY, example(DAILY))
    assert "reports sum total_outbound to 3" in fails(
        checks.days_add_up, DAILY, daily_with(lambda r: r[1].update(total_outbound=0)))
    assert "reports sum total_call to 5" in fails(checks.days_add_up, DAILY, daily_with(lambda r: r.pop()))
    assert "inbound + outbound > total_call" in fails(
        checks.days_add_up, DAILY, daily_with(lambda r: (r[0].update(total_inbound=3, total_outbound=3),
                                                         r[1].update(total_inbound=0, total_outbound=1))))
    assert "reports sum total_call to 0" in fails(checks.days_add_up, DAILY, daily_with(lambda r: r.clear()))


def test_days_in_window_accepts_both_day_labels() -> None:
    quiet(checks.days_in_window, DAILY, example(DAILY))
    utc = daily_with(lambda r: [d.update(time=t) for d, t in zip(r, ("2024-05-05T17:00:00Z", "2024-05-06T17:00:00Z"),
                                                                 strict=True)])
    quiet(checks.days_in_window, DAILY, utc)
    quiet(checks.days_in_window, SUMMARY, example(SUMMARY))


def test_days_in_window_fires() -> None:
    assert "outside the window" in fails(checks.days_in_window, DAILY,
                                         daily_with(lambda r: r[0].update(time="2024-05-04T00:00:00Z")))
    assert "outside the window" in fails(checks.days_in_window, SUMMARY,
                                         changed(SUMMARY, {"time": "2024-05-09T00:00:00Z"}))
    late = (datetime(2024, 5, 7, tzinfo=ZONE), datetime(2024, 5, 7, 12, tzinfo=ZONE))
    assert "2024-05-06T00:00:00Z is outside" in fails(checks.days_in_window, DAILY, example(DAILY), window=late)
    with pytest.raises(CheckSkipped):
        checks.days_in_window(context(DAILY, window=None), answer(DAILY, example(DAILY)))


def test_days_ascending() -> None:
    quiet(checks.days_ascending, DAILY, example(DAILY))
    assert "follows" in fails(checks.days_ascending, DAILY, daily_with(lambda r: r.reverse()))
    assert "follows" in fails(checks.days_ascending, DAILY, daily_with(lambda r: r.append(dict(r[-1]))))


# -- agent time and tenant --------------------------------------------------------------------------------
AGENT = "getAgentTimeReport"


@pytest.mark.parametrize("row", [
    {"total_pause_sec": 13000},  # the four add up to more than the span
    {"total_talk_sec": 40000},  # one alone exceeds the span
    {"earliest_time": "2024-05-06 11:55:35.792545+07", "latest_time": "2024-05-06 13:49:00.249915+07",
     "total_pause_sec": 85011, "total_wait_sec": 0, "total_talk_sec": 0, "total_dispo_sec": 0},  # FUS-002
    {"latest_time": "2024-05-06 07:00:00.000000+07"},  # ends before it starts
])
def test_agent_time_within_span_fires(row: dict[str, Any]) -> None:
    quiet(checks.agent_time_within_span, AGENT, example(AGENT))
    assert "agent" in fails(checks.agent_time_within_span, AGENT, changed(AGENT, row))


def test_agent_time_in_window() -> None:
    quiet(checks.agent_time_in_window, AGENT, example(AGENT))
    quiet(checks.agent_time_in_window, AGENT, changed(AGENT, {"earliest_time": "2024-05-05 22:00:00+0700"}))
    later = (datetime(2024, 5, 8, tzinfo=ZONE), datetime(2024, 5, 8, 23, 59, 59, tzinfo=ZONE))
    assert "outside the window" in fails(checks.agent_time_in_window, AGENT, example(AGENT), window=later)


def test_one_domain() -> None:
    quiet(checks.one_domain, USERS, example(USERS))
    body = example(USERS)
    body["data"][1]["domain_uuid"] = "1f1e2d3c-4b5a-4968-8776-a5b4c3d2e103"
    assert "2 domains" in fails(checks.one_domain, USERS, body)


def test_helpers() -> None:
    assert checks.label_days("2024-05-05T17:00:00Z", ZONE) == {datetime(2024, 5, 5).date(),
                                                                datetime(2024, 5, 6).date()}
    row = {"busy": 3, "busy_line": 1, "total": 4, "answered": 0, "no_answered": 0, "cancel": 0, "invalid": 0,
           "not_available": 0}
    assert checks.busy_all(row) == 4 and checks.busy_all({**row, "total": 3}) == 3
    whole = [{"extension_id": "a", "total": 3, "extension": "1"}]
    halves = [[{"extension_id": "a", "total": 1}], [{"extension_id": "a", "total": 2}]]
    assert checks.split_differences(whole, halves, "extension_id") == []
    assert checks.split_differences(whole, [halves[0], [{"extension_id": "a", "total": 1}]], "extension_id")
    assert checks.split_differences(whole, [halves[0], []], "extension_id") == ["extension_id a missing from a half"]


# -- scenarios ---------------------------------------------------------------------------------------------
class FusionRunner(RecordingRunner):
    """GETs with the bearer token; every answer judged with the spec's response checks, as the engine does."""

    def call(self, operation_id: str, *, body: Any = None, query: dict[str, Any] | None = None,
             path: dict[str, Any] | None = None, expect: str = "accept") -> Call:
        op = SPEC.ops[operation_id]
        exchange = self.send(operation_id, "GET", op.path, params=query or {},
                             headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"})
        request = RequestSpec(op, {}, dict(query or {}))
        self.judge(self.windowed_context(request, ZONE, query=dict(query or {})), exchange)
        return self.answered(request, exchange)


SCENARIOS = SPEC.scenarios()
CALLS = 2000
store = store_for(SPEC.name, CALLS)


def run_scenarios(store: Any, fault: str | None = None, effect: dict[str, Any] | None = None,
                  readings: dict[str, str] | None = None) -> FusionRunner:
    sim = simulate(store, SPEC.name, CALLS, fault, effect, readings)
    return run(FusionRunner(SPEC, sim), (scenario.func for scenario in SCENARIOS))


def test_scenarios_are_quiet_on_the_clean_simulator(store: Any) -> None:
    runner = run_scenarios(store)
    assert runner.failed() == set()
    assert declared(SCENARIOS) <= runner.recorded() and len(SCENARIOS) == 3


@pytest.mark.parametrize("readings", [{"fusionpbx.busy_line_in_busy": "part_of_busy"},
                                      {"fusionpbx.day_label_utc": "utc_instant"},
                                      {"fusionpbx.window_required": "required"},
                                      {"fusionpbx.end_time": "exclusive"}], ids=str)
def test_scenarios_accept_the_other_readings(store: Any, readings: dict[str, str]) -> None:
    assert run_scenarios(store, readings=readings).failed() == set()


@pytest.mark.parametrize(("fault", "fires"), [
    ("fusionpbx-summary-counts-twice", {"FUSIONPBX-SUMMARY-MATCHES-DAILY", "FUSIONPBX-EXTENSION-MATCHES-SUMMARY"}),
    ("fusionpbx-total-not-sum-of-outcomes", {"FUSIONPBX-EXTENSION-MATCHES-SUMMARY", "FUSIONPBX-SPLIT-WINDOW-ADDS-UP"}),
    ("fusionpbx-days-newest-first", {"FUSIONPBX-DAYS-ASCENDING"}),
    ("fusionpbx-days-miss-the-last-day", {"FUSIONPBX-DAYS-ADD-UP"}),
])
def test_scenarios_fire_on_catalogue_faults(store: Any, fault: str, fires: set[str]) -> None:
    assert fires <= run_scenarios(store, fault).failed()


def test_daily_check_fires_when_summary_day_loses_a_user(store: Any) -> None:
    effect = {"response": [{"operation": SUMMARY, "pointer": "/data", "op": "drop_last"}]}
    assert "FUSIONPBX-SUMMARY-MATCHES-DAILY" in run_scenarios(store, effect=effect).failed()
