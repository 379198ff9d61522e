"""FusionPBX checks: each fires on a faulty answer and stays quiet on a clean one.

Response checks get hand-built exchanges (the spec's own examples, which are consistent, and broken copies).
Scenarios run against the simulator in-process through a runner that records instead of reporting and
judges every answer with the response checks, as the engine does.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import CHECKS
from conformance.checkapi.scenarios import Call
from conformance.engine.requests import RequestSpec
from conformance.simulator.options import DEFAULT_TOKEN
from conformance.vendors.fusionpbx.checks import relations
from conformance.vendors.fusionpbx.checks import reports as checks
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


def basis_of(func: Any, op_id: str, body: Any, **kwargs: Any) -> str:
    """The basis kind a check's failure rests on (its own declared basis unless the finding names one)."""
    with pytest.raises(CheckFailure) as failure:
        func(context(op_id, **kwargs), answer(op_id, body))
    declared = next(info.basis for info in CHECKS.values() if info.func is func)
    basis = failure.value.basis or declared
    assert basis is not None
    return basis.kind


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


@pytest.mark.parametrize(("row", "kind"), [
    ({"busy": 2}, "vendor"),  # outcomes beyond the total: a call counted in two buckets
    ({"busy_line": 2}, "vendor"),  # busy_line neither beside (9 > 8) nor within busy (2 > 1)
    ({"total": 10, "busy_line": 1}, "suite"),  # a call in no bucket: a hangup cause the notes do not map
])
def test_extension_outcomes_fire(row: dict[str, Any], kind: str) -> None:
    assert "not the sum of its outcomes" in fails(checks.extension_outcomes_add_up, EXT, changed(EXT, row))
    assert basis_of(checks.extension_outcomes_add_up, EXT, changed(EXT, row)) == kind


def test_an_excess_decides_even_after_a_shortfall() -> None:
    body = example(EXT)
    body["data"].insert(0, {**body["data"][0], "total": 10})  # shortfall first, excess after
    body["data"][1]["busy"] = 2
    assert basis_of(checks.extension_outcomes_add_up, EXT, body) == "vendor"


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


@pytest.mark.parametrize(("row", "kind"), [({"total_answered": 4}, "vendor"), ({"total_busy_line": 2}, "vendor"),
                                           ({"total_busy_line": 1, "total_call": 10}, "suite")])
def test_totals_outcomes_fire(row: dict[str, Any], kind: str) -> None:
    assert "not the sum" in fails(checks.totals_outcomes_add_up, SUMMARY, changed(SUMMARY, row))
    assert basis_of(checks.totals_outcomes_add_up, SUMMARY, changed(SUMMARY, row)) == kind


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
    outbound = daily_with(lambda r: r[1].update(total_outbound=0))
    assert "reports sum total_outbound to 3" in fails(checks.days_add_up, DAILY, outbound)
    assert basis_of(checks.days_add_up, DAILY, outbound) == "suite"  # FUS-001: the page's own day does this
    assert "reports sum total_call to 5" in fails(checks.days_add_up, DAILY, daily_with(lambda r: r.pop()))
    assert basis_of(checks.days_add_up, DAILY, daily_with(lambda r: r.pop())) == "vendor"
    crossed = daily_with(lambda r: (r[0].update(total_inbound=3, total_outbound=3),
                                    r[1].update(total_inbound=0, total_outbound=1)))
    assert "inbound + outbound > total_call" in fails(checks.days_add_up, DAILY, crossed)
    assert basis_of(checks.days_add_up, DAILY, crossed) == "suite"
    assert "reports sum total_call to 0" in fails(checks.days_add_up, DAILY, daily_with(lambda r: r.clear()))


def test_days_in_window_accepts_both_day_labels() -> None:
    quiet(checks.days_in_window, DAILY, example(DAILY))
    utc = daily_with(lambda r: [d.update(time=t) for d, t in zip(r, ("2024-05-05T17:00:00Z", "2024-05-06T17:00:00Z"),
                                                                 strict=True)])
    quiet(checks.days_in_window, DAILY, utc)
    quiet(checks.days_in_window, SUMMARY, example(SUMMARY))


def test_days_in_window_fires() -> None:
    early = daily_with(lambda r: r[0].update(time="2024-05-04T00:00:00Z"))
    assert "outside the window" in fails(checks.days_in_window, DAILY, early)
    assert basis_of(checks.days_in_window, DAILY, early) == "vendor"
    made = changed(SUMMARY, {"time": "2024-05-09T00:00:00Z"})  # the summary's time is undefined: an advisory
    assert "outside the window" in fails(checks.days_in_window, SUMMARY, made)
    assert basis_of(checks.days_in_window, SUMMARY, made) == "suite"
    late = (datetime(2024, 5, 7, tzinfo=ZONE), datetime(2024, 5, 7, 12, tzinfo=ZONE))
    assert "2024-05-06T00:00:00Z is outside" in fails(checks.days_in_window, DAILY, example(DAILY), window=late)
    assert basis_of(checks.days_in_window, DAILY, example(DAILY), window=late) == "suite"  # a day away: a zone
    with pytest.raises(CheckSkipped):
        checks.days_in_window(context(DAILY, window=None), answer(DAILY, example(DAILY)))
    reversed_window = (EXAMPLE_WINDOW[1], EXAMPLE_WINDOW[0])
    with pytest.raises(CheckSkipped):
        checks.days_in_window(context(DAILY, window=reversed_window), answer(DAILY, early))


@pytest.mark.parametrize("time", ["", None, "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z"])
def test_unset_day_labels_are_no_days(time: Any) -> None:
    quiet(checks.days_in_window, SUMMARY, changed(SUMMARY, {"time": time}))
    quiet(checks.days_ascending, DAILY, daily_with(lambda r: r[0].update(time=time)))


def test_day_labels_in_other_notations() -> None:
    quiet(checks.days_in_window, DAILY, daily_with(lambda r: [d.update(time=t) for d, t in zip(
        r, ("2024-05-06T00:00:00+07:00", "2024-05-07"), strict=True)]))


def test_days_ascending() -> None:
    quiet(checks.days_ascending, DAILY, example(DAILY))
    assert "follows" in fails(checks.days_ascending, DAILY, daily_with(lambda r: r.reverse()))
    assert "follows" in fails(checks.days_ascending, DAILY, daily_with(lambda r: r.append(dict(r[-1]))))
    assert basis_of(checks.days_ascending, DAILY, daily_with(lambda r: r.reverse())) == "suite"


# -- agent time and tenant --------------------------------------------------------------------------------
AGENT = "getAgentTimeReport"


@pytest.mark.parametrize("row", [
    {"total_pause_sec": 13000},  # the four add up to more than the span
    {"total_talk_sec": 40000},  # one alone exceeds the span
    {"earliest_time": "2024-05-06 11:55:35.792545+07", "latest_time": "2024-05-06 13:49:00.249915+07",
     "total_pause_sec": 85011, "total_wait_sec": 0, "total_talk_sec": 0, "total_dispo_sec": 0},  # FUS-002
])
def test_agent_time_within_span_fires(row: dict[str, Any]) -> None:
    """An advisory: the page's own agent (FUS-002) breaks it."""
    quiet(checks.agent_time_within_span, AGENT, example(AGENT))
    assert "agent" in fails(checks.agent_time_within_span, AGENT, changed(AGENT, row))
    assert basis_of(checks.agent_time_within_span, AGENT, changed(AGENT, row)) == "suite"


@pytest.mark.parametrize(("row", "says", "basis"), [
    ({"latest_time": "2024-05-06 07:00:00.000000+07"}, "before earliest_time", "vendor"),  # ends before it starts
    # more pause than the two-day window has: an advisory (a pause reaching past the window may count whole)
    ({"total_pause_sec": 172801}, "exceed the 172800 s", "suite"),
])
def test_agent_time_within_window_fires(row: dict[str, Any], says: str, basis: str) -> None:
    quiet(checks.agent_time_within_window, AGENT, example(AGENT))
    quiet(checks.agent_time_within_window, AGENT, changed(AGENT, {"total_pause_sec": 172800}))
    assert says in fails(checks.agent_time_within_window, AGENT, changed(AGENT, row))
    assert basis_of(checks.agent_time_within_window, AGENT, changed(AGENT, row)) == basis


@pytest.mark.parametrize("times", [
    {"earliest_time": "2024-05-06T08:00:00+07:00", "latest_time": "2024-05-06T17:00:00+07:00"},
    {"earliest_time": "2024-05-06 08:00:00", "latest_time": "2024-05-06 17:00:00"},  # no offset: the PBX clock
    {"earliest_time": None, "latest_time": ""},  # no activity
    {"earliest_time": "0001-01-01T00:00:00Z", "latest_time": "0001-01-01T00:00:00Z"},  # Go's zero time: unset
])
def test_agent_times_in_other_notations_or_unset(times: dict[str, Any]) -> None:
    for func in (checks.agent_time_within_window, checks.agent_time_within_span, checks.agent_time_in_window):
        quiet(func, AGENT, changed(AGENT, times))


def test_agent_time_in_window() -> None:
    quiet(checks.agent_time_in_window, AGENT, example(AGENT))
    quiet(checks.agent_time_in_window, AGENT, changed(AGENT, {"earliest_time": "2024-05-05 22:00:00+0700"}))
    later = (datetime(2024, 5, 8, tzinfo=ZONE), datetime(2024, 5, 8, 23, 59, 59, tzinfo=ZONE))
    assert "outside the window" in fails(checks.agent_time_in_window, AGENT, example(AGENT), window=later)
    assert basis_of(checks.agent_time_in_window, AGENT, example(AGENT), window=later) == "vendor"
    hours_later = (datetime(2024, 5, 7, 1, tzinfo=ZONE), datetime(2024, 5, 7, 8, tzinfo=ZONE))  # 8 h after
    assert basis_of(checks.agent_time_in_window, AGENT, example(AGENT), window=hours_later) == "suite"


def test_one_domain() -> None:
    quiet(checks.one_domain, USERS, example(USERS))
    body = example(USERS)
    body["data"][1]["domain_uuid"] = "1f1e2d3c-4b5a-4968-8776-a5b4c3d2e103"
    assert "2 domains" in fails(checks.one_domain, USERS, body)
    assert basis_of(checks.one_domain, USERS, body) == "suite"  # nothing says a token sees one domain only


def test_helpers() -> None:
    assert checks.label_days("2024-05-05T17:00:00Z", ZONE) == {datetime(2024, 5, 5).date(),
                                                                datetime(2024, 5, 6).date()}
    row = {"busy": 3, "busy_line": 1, "total": 4, "answered": 0, "no_answered": 0, "cancel": 0, "invalid": 0,
           "not_available": 0}
    assert checks.busy_all(row) == 4 and checks.busy_all({**row, "total": 3}) == 3
    names = checks.EXTENSION_COUNTERS
    whole = [{"extension_id": "a", "total": 3, "extension": "1", "group_count": 1}]  # group_count: not a counter
    halves = [[{"extension_id": "a", "total": 1, "group_count": 1}], [{"extension_id": "a", "total": 2}]]
    assert relations.split_differences(whole, halves, "extension_id", names) == []
    assert relations.split_differences(whole, [halves[0], [{"extension_id": "a", "total": 1}]], "extension_id",
                                    names) == [("a", "total", 3, 2)]
    # a half that leaves the extension out counts zero for it
    assert relations.split_differences(whole, [halves[0], []], "extension_id", names) == [("a", "total", 3, 1)]
    assert relations.split_differences([{"extension_id": "a", "total": 0}], [[], []], "extension_id", names) == []
    assert relations.exceeding(whole, [{"extension_id": "a", "total": 4}, {"extension_id": "b", "total": 1}],
                            "extension_id", names) == [("a", "total", 3, 4), ("b", "total", 0, 1)]
    assert relations.exceeding(whole, halves[1], "extension_id", names) == []
    rows = [{"user_uuid": "U", "total_call": 2, "total_busy": 1}, {"user_uuid": "u", "total_call": 3, "total_busy": 0},
            {"user_uuid": "", "total_call": 9}]
    assert checks.per_user(rows, "user_uuid", ("total_call", "total_busy")) == {
        "u": {"total_call": 5, "total_busy": 1, "busy_all": 1}}


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
    assert declared(SCENARIOS) <= runner.recorded() and len(SCENARIOS) == 4


@pytest.mark.parametrize("readings", [{"fusionpbx.busy_line_in_busy": "part_of_busy"},
                                      {"fusionpbx.day_label_utc": "utc_instant"},
                                      {"fusionpbx.window_required": "required"},
                                      {"fusionpbx.end_time": "exclusive"}], ids=str)
def test_scenarios_accept_the_other_readings(store: Any, readings: dict[str, str]) -> None:
    assert run_scenarios(store, readings=readings).failed() == set()


@pytest.mark.parametrize(("fault", "fires"), [
    ("fusionpbx-summary-counts-twice", {"FUSIONPBX-SUMMARY-MATCHES-DAILY", "FUSIONPBX-EXTENSION-MATCHES-SUMMARY"}),
    ("fusionpbx-total-not-sum-of-outcomes", {"FUSIONPBX-EXTENSION-MATCHES-SUMMARY",
                                             "FUSIONPBX-EXTENSION-OUTCOMES-ADD-UP"}),
    ("fusionpbx-days-miss-the-last-day", {"FUSIONPBX-DAYS-ADD-UP"}),
    ("fusionpbx-agent-latest-before-earliest", {"FUSIONPBX-AGENT-TIME-WITHIN-WINDOW"}),
    ("fusionpbx-end-time-ignored", {"FUSIONPBX-SPLIT-WINDOW-ADDS-UP"}),
    ("fusionpbx-start-time-ignored", {"FUSIONPBX-DAYS-IN-WINDOW"}),
    ("fusionpbx-daily-directions-swapped", {"FUSIONPBX-EXTENSION-MATCHES-DAILY", "FUSIONPBX-SUMMARY-MATCHES-DAILY"}),
    ("fusionpbx-billsec-unfilled", {"FUSIONPBX-BILLSEC-COVERS-ANSWERED"}),
    ("fusionpbx-daily-billsec-halved", {"FUSIONPBX-SUMMARY-MATCHES-DAILY"}),
])
def test_scenarios_fire_on_catalogue_faults(store: Any, fault: str, fires: set[str]) -> None:
    assert fires <= run_scenarios(store, fault).deciding()


def test_days_newest_first_is_an_advisory(store: Any) -> None:
    effect = {"response": [{"operation": DAILY, "pointer": "/data/*/reports", "op": "reverse"}]}
    runner = run_scenarios(store, effect=effect)
    assert runner.failed() == {"FUSIONPBX-DAYS-ASCENDING"} and runner.deciding() == set()


@pytest.mark.parametrize("change", [
    [{"operation": SUMMARY, "pointer": "/data", "op": "drop_last"}],  # summary lists fewer users than summary/day
    [{"operation": DAILY, "pointer": "/data", "op": "drop_first"}],
    [{"operation": EXT, "pointer": "/data", "op": "drop_first"}],
    [{"operation": op, "pointer": "/data", "op": "reverse"} for op in (SUMMARY, DAILY, EXT)],  # another order
], ids=["summary-fewer", "daily-fewer", "extension-fewer", "reversed"])
def test_cross_endpoint_compares_the_users_both_list(store: Any, change: list[dict[str, Any]]) -> None:
    assert run_scenarios(store, effect={"response": change}).failed() == set()


def test_cross_endpoint_fires_when_one_user_differs(store: Any) -> None:
    effect = {"response": [{"operation": SUMMARY, "pointer": "/data/0/total_billsec", "op": "add", "value": 1},
                           {"operation": SUMMARY, "pointer": "/data/0/total_duration", "op": "add", "value": 1}]}
    runner = run_scenarios(store, effect=effect)
    assert "FUSIONPBX-SUMMARY-MATCHES-DAILY" in runner.deciding()


def test_halves_that_do_not_add_up_are_an_advisory(store: Any) -> None:
    """Every answer one call short: the halves add up to less than the window, as when a call counts only in a
    window it lies wholly inside (the page does not say how calls are attributed)."""
    effect = {"response": [{"operation": EXT, "pointer": f"/data/*/{name}", "op": "add", "value": -1}
                           for name in ("total", "answered", "outbound")]}
    runner = run_scenarios(store, effect=effect)
    assert "FUSIONPBX-SPLIT-WINDOW-ADDS-UP" in runner.failed()
    assert "FUSIONPBX-SPLIT-WINDOW-ADDS-UP" not in runner.deciding()


def test_a_half_counting_more_than_its_window_fails(store: Any) -> None:
    """Every answer for a window shorter than a day (the halves) counts 50 more calls than it has."""
    sim = simulate(store, SPEC.name, CALLS)
    runner = FusionRunner(SPEC, sim)
    real = runner.call

    def padded(operation_id: str, **kwargs: Any) -> Call:
        call = real(operation_id, **kwargs)
        query = kwargs.get("query") or {}
        if operation_id == EXT and query.get("start_time", "")[:10] == query.get("end_time", "")[:10] \
                and not query.get("end_time", "").endswith("23:59:59"):
            body = call.json()
            for row in body["data"]:
                row["total"] += 50
            call.exchange.content = json.dumps(body).encode()
        return call

    runner.call = padded  # type: ignore[method-assign]
    relations.split_window(runner)
    assert "FUSIONPBX-SPLIT-WINDOW-ADDS-UP" in runner.deciding()
