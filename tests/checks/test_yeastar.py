"""Yeastar checks: each fires on a faulty answer and stays quiet on a clean one.

Response checks get hand-built exchanges. Scenarios run against the simulator in-process through a
runner that records instead of reporting: quiet on the clean profile, firing on the faults (catalogue
profiles, or a fault effect built here for a symptom no profile has).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckSkipped
from conformance.checkapi.scenarios import Call
from conformance.checks import yeastar
from conformance.engine.requests import RequestSpec
from conformance.simulator.replies import Reply
from tests.checks.builders import RecordingRunner, SpecUnderTest, declared, failure_message, run, simulate, store_for

SPEC = SpecUnderTest("yeastar-call-report")
READY = {"errcode": 0, "errmsg": "SUCCESS", "file": "QueueSatisfaction-download-000001-ab.csv",
         "download_resource_url": "/api/download/QueueSatisfaction-download-000001-ab.csv"}
QUEUE_CSV = ("Queue,Name,Total,Answered,Abandoned,Callback,Exit,Full,Answer Rate Pct,Abandon Rate Pct\r\n"
             "4801,Orders,20,13,6,0,1,0,65.0,30.0\r\n")


def context(op_id: str) -> CheckContext:
    return SPEC.context(op_id)


def answer(op_id: str, content: bytes | str, media: str = "application/json", status: int = 200) -> Exchange:
    return SPEC.exchange(op_id, content.encode() if isinstance(content, str) else content, media, status)


def ready(body: dict[str, Any]) -> Exchange:
    return answer(yeastar.REPORT_OP, json.dumps(body))


def csv_file(text: str) -> Exchange:
    return answer(yeastar.FILE_OP, text, "text/csv")


def fails(func: Any, op_id: str, exchange: Exchange) -> str:
    return failure_message(func, context(op_id), exchange)


# -- response checks ------------------------------------------------------------------------------------
def test_ready_envelope_is_quiet_on_a_ready_answer() -> None:
    yeastar.ready_envelope(context(yeastar.REPORT_OP), ready(READY))


@pytest.mark.parametrize(("change", "says"), [
    ({"download_resource_url": None}, "download_resource_url is missing"),
    ({"file": ""}, "file is missing"),
    ({"errcode": "0"}, "not an integer"),
    ({"errmsg": "FAILURE"}, "instead of SUCCESS"),
    ({"errcode": True}, "not an integer"),
])
def test_ready_envelope_fires(change: dict[str, Any], says: str) -> None:
    body = {k: v for k, v in {**READY, **change}.items() if v is not None}
    assert says in fails(yeastar.ready_envelope, yeastar.REPORT_OP, ready(body))


def test_file_matches_url_fires_on_the_vendor_example() -> None:
    yeastar.file_matches_url(context(yeastar.REPORT_OP), ready(READY))
    vendor = {**READY, "file": "QueueSatisfaction-X.7.0.7-download-20220608094753-ejP6Z6htIfhsCQbP.csv",
              "download_resource_url": "/api/download/QueueSatisfaction-x.7.0.7-download-20220608094753-"
                                       "ejP6Z6htIfhsCQbP.csv"}
    assert "but the URL names" in fails(yeastar.file_matches_url, yeastar.REPORT_OP, ready(vendor))
    with pytest.raises(CheckSkipped):
        yeastar.file_matches_url(context(yeastar.REPORT_OP), ready({"errcode": 0, "errmsg": "SUCCESS"}))


def test_csv_shape() -> None:
    yeastar.csv_shape(context(yeastar.FILE_OP), csv_file(QUEUE_CSV))
    assert "fields" in fails(yeastar.csv_shape, yeastar.FILE_OP, csv_file(QUEUE_CSV + "4802,Returns,1\r\n"))
    assert "header" in fails(yeastar.csv_shape, yeastar.FILE_OP, csv_file(""))
    assert "repeated" in fails(yeastar.csv_shape, yeastar.FILE_OP, csv_file("Total,Total\r\n1,1\r\n"))
    with pytest.raises(CheckSkipped):
        yeastar.csv_shape(context(yeastar.FILE_OP), answer(yeastar.FILE_OP, json.dumps(READY)))


@pytest.mark.parametrize(("func", "bad_row", "says"), [
    (yeastar.csv_answered_le_total, "4802,Returns,5,6,0,0,0,0,50,0", "answered 6 is outside 0..total 5"),
    (yeastar.csv_parts_add_up, "4802,Returns,9,5,2,1,0,0,50,0", "!= total 9"),
    (yeastar.csv_rates_in_range, "4802,Returns,5,5,0,0,0,0,100.5,0", "answer_rate_pct 100.5"),
])
def test_csv_row_checks(func: Any, bad_row: str, says: str) -> None:
    func(context(yeastar.FILE_OP), csv_file(QUEUE_CSV))
    assert says in fails(func, yeastar.FILE_OP, csv_file(QUEUE_CSV + bad_row + "\r\n"))


def test_csv_row_checks_skip_columns_they_do_not_know() -> None:
    other = csv_file("Extension Number,Answered Calls,Calls Total\r\n1001,9,3\r\n")
    for func in (yeastar.csv_answered_le_total, yeastar.csv_parts_add_up, yeastar.csv_rates_in_range):
        func(context(yeastar.FILE_OP), other)


def test_envelope_problems_and_file_of_url() -> None:
    assert yeastar.envelope_problems({"errcode": 40002, "errmsg": "PARAMETER ERROR"}) == []
    assert yeastar.envelope_problems({"errcode": "2", "errmsg": ""}) == [
        "errcode '2' is not an integer", "errmsg '' is not a non-empty string"]
    assert yeastar.envelope_problems([]) == ["the answer is not a JSON object"]
    assert yeastar.file_of_url("/api/download/a.csv") == "a.csv"
    assert yeastar.file_of_url("/files/a.csv") is None


# -- scenarios ------------------------------------------------------------------------------------------
class YeastarRunner(RecordingRunner):
    """GETs with the access token in the query; answers are not judged here (the scenarios record)."""

    def call(self, operation_id: str, *, body: Any = None, query: dict[str, Any] | None = None,
             path: dict[str, Any] | None = None, expect: str = "accept") -> Call:
        op = SPEC.ops[operation_id]
        url = op.path.replace("{file}", str((path or {}).get("file", "")))
        exchange = self.send(operation_id, "GET", url, params={**(query or {}), "access_token": "simulator-token"})
        return self.answered(RequestSpec(op, dict(path or {}), dict(query or {})), exchange)


SCENARIOS = (yeastar.report_roundtrip, yeastar.async_and_refusals, yeastar.activity_sums)
CALLS = 1500
store = store_for(SPEC.name, CALLS)


def run_scenarios(store: Any, fault: str | None = None, effect: dict[str, Any] | None = None,
                  readings: dict[str, str] | None = None) -> YeastarRunner:
    return run(YeastarRunner(SPEC, simulate(store, SPEC.name, CALLS, fault, effect, readings)), SCENARIOS)


def test_scenarios_are_quiet_on_the_clean_simulator(store: Any) -> None:
    runner = run_scenarios(store)
    assert runner.failed() == set()
    assert runner.recorded() == declared(SPEC.scenarios())
    assert sum(1 for check_id, _ in runner.records if check_id == "YEASTAR-CSV-COLUMNS") == 20


@pytest.mark.parametrize("readings", [{"end_time": "exclusive"}, {"partial_window": "both_or_none"},
                                      {"download_missing": "http_200_envelope"}], ids=str)
def test_scenarios_accept_the_other_readings(store: Any, readings: dict[str, str]) -> None:
    assert run_scenarios(store, readings=readings).failed() == set()


@pytest.mark.parametrize(("fault", "fires"), [
    ("yeastar-url-case-folded", "YEASTAR-DOWNLOAD-SERVES-FILE"),
    ("yeastar-file-gone-at-once", "YEASTAR-DOWNLOAD-SERVES-FILE"),
    ("yeastar-errcode-as-text", "YEASTAR-ENVELOPE-TYPES"),
    ("yeastar-missing-id-accepted", "YEASTAR-REQUIRED-PARAM-REFUSED"),
    ("yeastar-answered-over-total", "YEASTAR-ACTIVITY-ADDS-UP"),
])
def test_scenarios_fire_on_catalogue_faults(store: Any, fault: str, fires: str) -> None:
    assert fires in run_scenarios(store, fault).failed()


def test_pending_shape_fires_on_a_pending_success(store: Any) -> None:
    effect = {"response": [{"operation": "downloadCallReport", "pointer": "/errmsg", "op": "set", "value": "SUCCESS"}]}
    assert "YEASTAR-PENDING-SHAPE" in run_scenarios(store, effect=effect).failed()


def test_refusal_envelope_fires_on_an_empty_errmsg(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.simulator.vendors import yeastar as handler

    monkeypatch.setattr(handler.API, "error_reply", lambda rejection: Reply(200, {"errcode": 40002, "errmsg": ""}))
    assert "YEASTAR-REFUSAL-ENVELOPE" in run_scenarios(store).failed()


def test_columns_check_fires_on_other_headers(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.simulator.vendors import yeastar_csv

    monkeypatch.setattr(yeastar_csv, "header_label", lambda column: f"Column {column}")
    assert "YEASTAR-CSV-COLUMNS" in run_scenarios(store).failed()


def test_window_check_fires_when_the_window_is_ignored(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.simulator.vendors import yeastar as handler
    from conformance.simulator.vendors import yeastar_request

    def whole_history(query: dict[str, str], window: Any, tz: Any, *readings: str) -> Any:
        return yeastar_request.report_window({}, None, tz, *readings)  # every record, whatever the window

    monkeypatch.setattr(handler, "report_window", whole_history)
    assert "YEASTAR-CSV-IN-WINDOW" in run_scenarios(store).failed()
