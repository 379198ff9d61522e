"""PortSIP Dataflow call-analytics checks: each fires on a faulty answer and stays quiet on a clean one."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.checkapi.registry import CHECKS
from conformance.checks import portsip_calls as calls
from tests.checks.builders import declared, run_checks
from tests.checks.test_portsip_queue import WINDOW, answer, context, fails, run_scenarios, scenarios_of
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
    ("PORTSIP-HISTORY-IN-WINDOW", "getCallsHistory", WINDOW, page({**ITEM, "started_at": START - 60}), "outside"),
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
