"""PortSIP Dataflow call-analytics checks: each fires on a faulty answer and stays quiet on a clean one."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.checkapi.registry import CHECKS
from conformance.checks import timeseries as timeseries
from conformance.vendors.portsip.checks import calls
from tests.checks.builders import declared, run_checks
from tests.checks.test_portsip_queue import (
    WINDOW,
    answer,
    basis_kind,
    context,
    fails,
    failure,
    run_scenarios,
    scenarios_of,
)
from tests.checks.test_portsip_queue import store as store

START = 1761710400  # 2025-10-29T00:00:00-04:00
ITEM: dict[str, Any] = {
    "session_id": "400000000000042", "call_id": "abc-0@acme.pbx.test", "caller": "1010", "callee": "+12125550100",
    "started_at": START + 10 * 3600, "rang_at": START + 10 * 3600 + 1, "answered_at": START + 10 * 3600 + 9,
    "ended_at": START + 10 * 3600 + 129, "party": "CALLER", "direction": "OUTBOUND",
    "destination": "sip:+12125550100@sip.carrier.test",
}
UNANSWERED = {**ITEM, "session_id": "400000000000043", "call_id": "abd-0@acme.pbx.test", "answered_at": None,
              "started_at": START + 22 * 3600, "rang_at": START + 22 * 3600 + 1, "ended_at": START + 22 * 3600 + 30}


def page(*items: dict[str, Any]) -> dict[str, Any]:
    return {"count": len(items), "items": list(items)}


POINTS = {"points": [{"t": "2025-10-29T00:00:00-04:00", "total": 5, "answered": 3, "not_answered": 2}]}


# -- response checks ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("op_id", "request_body", "body", "path"), [
    ("getCallsTimeseries", WINDOW, POINTS, None),
    ("getCallsHistory", WINDOW, page(ITEM, UNANSWERED), None),
    ("getCallsHistory", {**WINDOW, "from": "1010", "to": "+12125550100", "session_id": "400000000000042"},
     page(ITEM), None),
    ("getCallsHistory", {**WINDOW, "status": "ANSWERED", "start_duration": 100, "end_duration": 130}, page(ITEM), None),
    ("getCallsHistory", {**WINDOW, "start_duration": 0, "end_duration": 120}, page(ITEM), None),  # talk 120 s
    ("getCallsHistory", {**WINDOW, "status": "UNANSWERED", "start_hour_of_day": 21, "end_hour_of_day": 3},
     page(UNANSWERED), None),
    ("getCallsHistory", {**WINDOW, "status": "NONE", "start_hour_of_day": 10, "end_hour_of_day": 11}, page(ITEM), None),
    ("getCallsUserHistory", {**WINDOW, "user": "1010", "party": "CALLER", "direction": "OUTBOUND",
                             "destination": ITEM["destination"], "status": "NOT_ANSWERED"}, page(UNANSWERED), None),
    ("getCallsUserHistory", {**WINDOW, "user": "1010", "direction": "INBOUND"},
     page({**ITEM, "direction": "CALLER"}), None),  # PSD-008 party reading: direction not judged
    ("getCallsHistoryBySessionId", {}, {"items": [ITEM]}, {"session_id": ITEM["session_id"]}),
    ("getUserCallHistoryBySessionId", {}, {"items": []}, {"session_id": "1"}),
])
def test_response_checks_are_quiet_on_clean_answers(op_id: str, request_body: Any, body: Any, path: Any) -> None:
    assert run_checks(context(op_id, request_body, path=path), answer(op_id, body), calls.RESPONSE_CHECKS) > 0


def check(check_id: str) -> Any:
    return CHECKS[check_id].func


@pytest.mark.parametrize(("check_id", "op_id", "request_body", "body", "words"), [
    ("PORTSIP-CALLS-TOTAL-ADDS-UP", "getCallsTimeseries", WINDOW,
     {"points": [{**POINTS["points"][0], "total": 6}]}, "total 6"),
    ("PORTSIP-HISTORY-IN-WINDOW", "getCallsHistory", WINDOW,
     page({**ITEM, "started_at": START - 7200, "rang_at": None, "answered_at": None, "ended_at": START - 60}),
     "wholly outside"),
    ("PORTSIP-HISTORY-IN-WINDOW", "getCallsUserHistory", WINDOW, page({**ITEM, "started_at": START + 90000}),
     "outside"),
    ("PORTSIP-HISTORY-TIMES-ORDERED", "getCallsHistoryBySessionId", {},
     {"items": [{**ITEM, "answered_at": ITEM["ended_at"] + 1}]}, "ended_at"),
    ("PORTSIP-HISTORY-FILTER-NUMBERS", "getCallsHistory", {**WINDOW, "from": "1011"}, page(ITEM), "caller"),
    ("PORTSIP-HISTORY-FILTER-NUMBERS", "getCallsHistory", {**WINDOW, "to": "999"}, page(ITEM), "callee"),
    ("PORTSIP-HISTORY-FILTER-NUMBERS", "getCallsUserHistory", {**WINDOW, "user": "1011"}, page(ITEM), "user"),
    ("PORTSIP-HISTORY-FILTER-NUMBERS", "getCallsUserHistory", {**WINDOW, "user": "1010", "destination": "sip:x@y"},
     page(ITEM), "destination"),
    ("PORTSIP-HISTORY-FILTER-DURATION", "getCallsHistory", {**WINDOW, "start_duration": 200}, page(ITEM), "duration"),
    ("PORTSIP-HISTORY-FILTER-DURATION", "getCallsHistory", {**WINDOW, "end_duration": 60}, page(ITEM), "duration"),
    ("PORTSIP-HISTORY-FILTER-HOURS", "getCallsHistory", {**WINDOW, "start_hour_of_day": 11}, page(ITEM), "hour 10"),
    ("PORTSIP-HISTORY-FILTER-HOURS", "getCallsHistory", {**WINDOW, "start_hour_of_day": 23, "end_hour_of_day": 6},
     page(UNANSWERED), "hour 22"),
    ("PORTSIP-HISTORY-FILTER-STATUS", "getCallsHistory", {**WINDOW, "status": "ANSWERED"}, page(UNANSWERED),
     "never answered"),
    ("PORTSIP-HISTORY-FILTER-STATUS", "getCallsUserHistory", {**WINDOW, "status": "UNANSWERED"}, page(ITEM),
     "answered at"),
    ("PORTSIP-HISTORY-FILTER-SESSION", "getCallsHistory", {**WINDOW, "session_id": "1"}, page(ITEM), "session_id"),
    ("PORTSIP-HISTORY-FILTER-PARTY-DIRECTION", "getCallsUserHistory", {**WINDOW, "party": "CALLEE"}, page(ITEM),
     "party"),
    ("PORTSIP-HISTORY-FILTER-PARTY-DIRECTION", "getCallsUserHistory", {**WINDOW, "direction": "INBOUND"},
     page(ITEM), "direction"),
])
def test_response_checks_fire(check_id: str, op_id: str, request_body: Any, body: Any, words: str) -> None:
    assert words in fails(check(check_id), context(op_id, request_body), answer(op_id, body))


def test_session_items_must_carry_the_session_id() -> None:
    ctx = context("getUserCallHistoryBySessionId", {}, path={"session_id": "400000000000099"})
    message = fails(calls.session_items_match, ctx, answer("getUserCallHistoryBySessionId", {"items": [ITEM]}))
    assert "400000000000099" in message


# -- scenarios ---------------------------------------------------------------------------------------------
def test_scenarios_are_quiet_on_the_clean_simulator(store: Any) -> None:
    runner = run_scenarios(store, calls)
    assert runner.failed() == set()
    assert declared(scenarios_of(calls)) <= runner.recorded()


@pytest.mark.parametrize(("fault", "fires"), [
    ("portsip-dataflow-series-disagrees-with-history", "PORTSIP-HISTORY-COUNT-MATCHES-SERIES"),
    ("portsip-dataflow-series-disagrees-with-history", "PORTSIP-CALLS-SPLIT-ADDS-UP"),
    ("portsip-dataflow-history-count-off-by-one", "PORTSIP-HISTORY-PAGES-CONSISTENT"),
    ("portsip-dataflow-history-pages-overlap", "PORTSIP-HISTORY-PAGES-CONSISTENT"),
    ("portsip-dataflow-history-outside-window", "PORTSIP-HISTORY-IN-WINDOW"),
    ("portsip-dataflow-cdr-direction-in-history", "PORTSIP-HISTORY-FILTER-PARTY-DIRECTION"),
])
def test_scenarios_fire_on_catalogue_faults(store: Any, fault: str, fires: str) -> None:
    assert fires in run_scenarios(store, calls, fault).failed()


@pytest.mark.parametrize(("effect", "fires"), [
    ({"response": [{"operation": "getCallsTimeseries", "pointer": "/points/-1", "op": "delete"}]},
     "PORTSIP-CALLS-ONE-DAY-HOURLY"),
    ({"response": [{"operation": "getCallsTimeseries", "pointer": "/points", "op": "duplicate_first"}]},
     "PORTSIP-CALLS-MULTI-DAY-DAILY"),
    ({"response": [{"operation": "getCallsHistoryBySessionId", "pointer": "/items/*/call_id", "op": "set",
                    "value": "other@x"}]}, "PORTSIP-SESSION-AGREES-WITH-HISTORY"),
    ({"response": [{"operation": "getUserCallHistoryBySessionId", "pointer": "/items/0/ended_at", "op": "add",
                    "value": 86400}]}, "PORTSIP-SESSION-AGREES-WITH-HISTORY"),
])
def test_scenarios_fire_on_inconsistent_answers(store: Any, effect: dict[str, Any], fires: str) -> None:
    assert fires in run_scenarios(store, calls, effect=effect).failed()


# -- what a finding rests on -----------------------------------------------------------------------------
UNSET = {**UNANSWERED, "rang_at": 0, "answered_at": 0}  # unset times written 0, not 1970-01-01


@pytest.mark.parametrize(("op_id", "request_body", "body"), [
    ("getCallsHistory", WINDOW, page(UNSET)),
    ("getCallsHistory", {**WINDOW, "status": "UNANSWERED"}, page(UNSET)),
    ("getCallsHistory", {**WINDOW, "start_duration": 0, "end_duration": 10}, page(UNSET)),  # no talk: 0 s
    ("getCallsUserHistory", {**WINDOW, "user": "1010", "status": "UNANSWERED"},
     page({k: v for k, v in UNANSWERED.items() if k not in ("rang_at", "answered_at")})),  # unset: left out
    ("getCallsUserHistory", {**WINDOW, "user": "1010", "party": "CALLER", "direction": "OUTBOUND"},
     page({**ITEM, "party": "NONE", "direction": None})),  # blank party and direction say nothing
    ("getCallsHistoryBySessionId", {}, {"items": [{**UNSET, "session_id": None}]}),
])
def test_unset_values_are_not_events(op_id: str, request_body: Any, body: Any) -> None:
    path = {"session_id": "400000000000043"} if "Session" in op_id else None
    assert run_checks(context(op_id, request_body, path=path), answer(op_id, body), calls.RESPONSE_CHECKS) > 0


@pytest.mark.parametrize(("check_id", "op_id", "request_body", "body", "kind"), [
    ("PORTSIP-HISTORY-IN-WINDOW", "getCallsHistory", WINDOW, page({**ITEM, "started_at": START - 60}), "suite"),
    ("PORTSIP-HISTORY-IN-WINDOW", "getCallsHistory", WINDOW,
     page({**ITEM, "started_at": START - 7200, "answered_at": START - 7100, "ended_at": START - 7000}), "vendor"),
    ("PORTSIP-HISTORY-FILTER-NUMBERS", "getCallsHistory", {**WINDOW, "from": "101"}, page(ITEM), "suite"),  # contains
    ("PORTSIP-HISTORY-FILTER-NUMBERS", "getCallsHistory", {**WINDOW, "from": "1011"}, page(ITEM), "vendor"),
    ("PORTSIP-HISTORY-FILTER-NUMBERS", "getCallsUserHistory", {**WINDOW, "user": "1005"},
     page({**ITEM, "party": "CALLEE", "caller": "+12125550199", "callee": "1801"}), "suite"),  # an agent's call
    ("PORTSIP-HISTORY-FILTER-HOURS", "getCallsHistory", {**WINDOW, "start_hour_of_day": 11}, page(ITEM), "suite"),
    ("PORTSIP-HISTORY-FILTER-STATUS", "getCallsHistory", {**WINDOW, "status": "ANSWERED"}, page(UNSET), "vendor"),
    ("PORTSIP-HISTORY-TIMES-ORDERED", "getCallsHistory", WINDOW,
     page({**ITEM, "rang_at": ITEM["answered_at"] + 5}), "vendor"),
])
def test_findings_rest_on_the_vendors_words_or_are_advisories(check_id: str, op_id: str, request_body: Any,
                                                               body: Any, kind: str) -> None:
    found = failure(check(check_id), context(op_id, request_body), answer(op_id, body))
    assert basis_kind(check_id, found, op_id) == kind


def test_the_users_calls_as_an_agent_are_only_an_advisory(store: Any) -> None:
    """A user history showing the dialled queue as callee of a call the user took as an agent is not a failure."""
    runner = run_scenarios(store, calls, effect={"flags": ["user_history_dialled_callee"]})
    assert "PORTSIP-HISTORY-FILTER-NUMBERS" in runner.failed_on("suite")
    assert runner.failed_on("vendor", "http") == set()


@pytest.mark.parametrize("flags", [["unset_times_zero"], ["unset_times_absent"], ["history_newest_first"],
                                   ["unknown_reference_refused"], ["calls_series_skip_empty_days"]])
def test_scenarios_pass_other_readings_of_what_the_document_leaves_open(store: Any, flags: list[str]) -> None:
    runner = run_scenarios(store, calls, effect={"flags": flags})
    assert runner.failed_on("vendor", "http") == set()
    assert runner.refused == []


def test_points_in_any_order_are_judged_by_time(store: Any) -> None:
    effect = {"response": [{"operation": "getCallsTimeseries", "pointer": "/points", "op": "reverse"}]}
    runner = run_scenarios(store, calls, effect=effect)
    assert runner.failed() == set()


@pytest.mark.parametrize(("effect", "fires", "kind"), [
    ({"response": [{"operation": "getCallsTimeseries", "pointer": "/points/-1", "op": "delete"}]},
     "PORTSIP-CALLS-ONE-DAY-HOURLY", "vendor"),  # "24 intervals"
    ({"response": [{"operation": "getCallsTimeseries", "pointer": "/points", "op": "duplicate_first"}]},
     "PORTSIP-CALLS-MULTI-DAY-DAILY", "vendor"),  # two points for one day
    ({"response": [{"operation": "getCallsTimeseries", "pointer": "/points/1", "op": "delete"}]},
     "PORTSIP-CALLS-MULTI-DAY-DAILY", "suite"),  # a day without a point
])
def test_grouping_findings_rest_on_the_document_or_are_advisories(store: Any, effect: dict[str, Any], fires: str,
                                                                   kind: str) -> None:
    assert fires in run_scenarios(store, calls, effect=effect).failed_on(kind)


# -- the generic timeseries checks on the Dataflow series (bucket labels and completeness, PSD-049) ------------
DAY_WINDOW = {"start_time": "2025-10-29T00:00:00-04:00", "end_time": "2025-11-01T00:00:00-04:00"}


def _daily(*days: int) -> dict[str, Any]:
    return {"points": [{"t": f"2025-10-{d}T00:00:00-04:00", "total": 1, "answered": 1, "not_answered": 0}
                       for d in days]}


@pytest.mark.parametrize(("body", "kind"), [
    (_daily(29, 31), "suite"),  # a day without calls left out: the completeness rule's (an advisory)
    ({"points": [{"t": "2025-10-29T00:00:00-04:00"}, {"t": "2025-10-29T06:00:00-04:00"}]}, "vendor"),
])
def test_step_by_range_tells_a_missing_step_from_a_wrong_one(body: Any, kind: str) -> None:
    found = failure(check("TS-STEP-BY-RANGE"), context("getCallsTimeseries", DAY_WINDOW),
                    answer("getCallsTimeseries", body))
    assert basis_kind("TS-STEP-BY-RANGE", found, "getCallsTimeseries") == kind


def test_step_by_range_reads_points_in_time_order() -> None:
    body = _daily(31, 30, 29)
    check("TS-STEP-BY-RANGE")(context("getCallsTimeseries", DAY_WINDOW), answer("getCallsTimeseries", body))


@pytest.mark.parametrize(("t", "kind"), [
    ("2025-10-29T09:00:00-04:00", "suite"),  # the boundary before a start at 09:30: a partial first step's label
    ("2025-10-29T08:00:00-04:00", "vendor"),  # a whole step before the window
])
def test_a_partial_first_step_labelled_before_the_start_is_an_advisory(t: str, kind: str) -> None:
    request = {"queue": "1801", "interval": "1h", "start_time": "2025-10-29T09:30:00-04:00",
               "end_time": "2025-10-29T12:00:00-04:00"}
    body = {"points": [{"t": t, "offered": 0, "accepted": 0, "abandoned": 0}]}
    found = failure(check("TS-POINTS-IN-WINDOW"), context("getQueueTimeseries", request),
                    answer("getQueueTimeseries", body))
    assert basis_kind("TS-POINTS-IN-WINDOW", found, "getQueueTimeseries") == kind
