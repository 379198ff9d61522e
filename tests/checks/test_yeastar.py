"""Yeastar checks: each fires on a faulty answer and stays quiet on a clean one.

Response checks get hand-built exchanges. Scenarios run against the simulator in-process through a
runner that records instead of reporting: quiet on the clean profile, firing on the faults (catalogue
profiles, or a fault effect built here for a symptom no profile has).
"""

from __future__ import annotations

import json
from datetime import datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conformance import timefmt
from conformance.checkapi.basis import Basis
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckSkipped
from conformance.checkapi.registry import CHECKS
from conformance.checkapi.scenarios import Call
from conformance.engine.requests import RequestSpec
from conformance.simulator import latitude
from conformance.simulator.app import create_simulator
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.replies import Reply
from conformance.vendors.yeastar import checks as yeastar
from conformance.vendors.yeastar.columns import column_key, file_model
from tests.checks.builders import (
    SEED,
    RecordingRunner,
    SpecUnderTest,
    declared,
    failure_message,
    run,
    simulate,
    store_for,
)

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
    assert yeastar.envelope_problems({"errcode": 40002, "errmsg": ""}) == []  # "errmsg String": any string
    assert yeastar.envelope_problems({"errcode": "2", "errmsg": None}) == [
        "errcode '2' is not an integer", "errmsg None is not a string"]
    assert yeastar.envelope_problems([]) == ["the answer is not a JSON object"]
    assert yeastar.file_of_url("/api/download/a.csv") == "a.csv"
    assert yeastar.file_of_url("api/download/a.csv") == "a.csv"  # joined to the base URL with a "/" (YEA-002)
    assert yeastar.file_of_url("https://pbx:8088/api/download/a.csv?x=1") == "a.csv"
    assert yeastar.file_of_url("/files/a.csv") is None
    assert yeastar.file_of_url("/api/download/") is None


def test_csv_rows_are_read_whatever_the_media_type() -> None:
    for media in ("text/csv", "application/octet-stream", "text/plain"):
        header, rows = yeastar.csv_table(answer(yeastar.FILE_OP, "\ufeff" + QUEUE_CSV.replace("\r\n", "\n"), media))
        assert header[:3] == ["queue", "name", "total"] and len(rows) == 1
    with pytest.raises(CheckSkipped):
        yeastar.csv_table(answer(yeastar.FILE_OP, b"\xff\xfe\x00", "application/octet-stream"))


def test_the_column_model_is_the_suites_own_and_covers_every_report_type() -> None:
    model = file_model()
    assert set(model.reports) == set(yeastar.REQUIRED_IDS)
    for kind, report in model.reports.items():
        assert len(set(report.columns)) == len(report.columns), kind
        assert {report.object, report.window} - {None} <= set(report.columns), kind
    assert column_key(" No  Answer ") == "no_answer"


def test_checks_that_read_the_file_by_column_name_are_advisories() -> None:
    by_name = ("YEASTAR-CSV-COLUMNS", "YEASTAR-CSV-IN-WINDOW", "YEASTAR-CSV-ANSWERED-LE-TOTAL",
               "YEASTAR-CSV-PARTS-ADD-UP", "YEASTAR-CSV-RATES-IN-RANGE", "YEASTAR-ACTIVITY-ADDS-UP")
    assert {CHECKS[c].basis.kind for c in by_name} == {"suite"}  # type: ignore[union-attr]
    vendor_backed = ("YEASTAR-READY-ENVELOPE", "YEASTAR-ENVELOPE-TYPES", "YEASTAR-DOWNLOAD-SERVES-FILE",
                     "YEASTAR-PENDING-SHAPE", "YEASTAR-REFUSAL-ENVELOPE", "YEASTAR-REQUIRED-PARAM-REFUSED")
    assert {CHECKS[c].basis.kind for c in vendor_backed} == {"vendor"}  # type: ignore[union-attr]


# -- scenarios ------------------------------------------------------------------------------------------
class YeastarRunner(RecordingRunner):
    """GETs with the access token in the query; answers are not judged here (the scenarios record). Keeps the
    basis each record carries (a finding's own, else its check's)."""

    def __init__(self, spec: SpecUnderTest, sim: Any, allow_writes: bool = True) -> None:
        super().__init__(spec, sim, allow_writes)
        self.bases: list[tuple[str, str | None, Basis | None]] = []  # (check, message, basis) of every record

    def record(self, check_id: str, operation_id: str, message: str | None = None, *, basis: Basis | None = None,
               **_: Any) -> None:
        super().record(check_id, operation_id, message, basis=basis)
        self.bases.append((check_id, message, basis or CHECKS[check_id].basis))

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
                  readings: dict[str, str] | None = None, entries: tuple[str, ...] = ()) -> YeastarRunner:
    if entries:
        sim = create_simulator(SimulatorOptions(spec=SPEC.name, calls=CALLS, seed=SEED, latitude=entries), store)
    else:
        sim = simulate(store, SPEC.name, CALLS, fault, effect, readings)
    return run(YeastarRunner(SPEC, sim), SCENARIOS)


def test_scenarios_are_quiet_on_the_clean_simulator(store: Any) -> None:
    runner = run_scenarios(store)
    assert runner.failed() == set()
    assert runner.recorded() == declared(s for s in SPEC.scenarios() if s.func in SCENARIOS)
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
])
def test_scenarios_fire_on_catalogue_faults(store: Any, fault: str, fires: str) -> None:
    runner = run_scenarios(store, fault)
    assert fires in runner.failed() and fires in runner.deciding()


def test_every_required_parameter_left_out_is_judged_on_its_own_citation(store: Any) -> None:
    runner = run_scenarios(store, "yeastar-missing-id-accepted")  # no schema: ids may be left out, a period not
    found = [(message, basis) for check_id, message, basis in runner.bases
             if check_id == "YEASTAR-REQUIRED-PARAM-REFUSED"]
    assert len(found) == len(yeastar.OMISSIONS)
    assert len([message for message, _ in found if message]) == len(yeastar.OMISSIONS) - 1
    by_omission = {f"{kind} without {name}": basis for kind, name, basis in yeastar.OMISSIONS}
    for message, basis in (f for f in found if f[0]):
        (omission,) = [key for key in by_omission if message.startswith(key + ":")]
        assert basis == by_omission[omission]
    clean = run_scenarios(store)
    assert [m for c, m, _ in clean.bases if c == "YEASTAR-REQUIRED-PARAM-REFUSED"] == [None] * len(yeastar.OMISSIONS)


def test_activity_sums_fire_when_answered_counts_pass_the_calls(store: Any) -> None:
    runner = run_scenarios(store, effect={"flags": ["answered_over_total"]})
    assert "YEASTAR-ACTIVITY-ADDS-UP" in runner.failed()
    assert runner.deciding() == set()  # the file's columns are the suite's model: an advisory


@pytest.mark.parametrize(("edits", "says"), [
    ([{"pointer": "/errmsg", "op": "set", "value": "SUCCESS"}], "instead of PROCESSING"),
    ([{"pointer": "/errmsg", "op": "set", "value": "SUCCESS"}, {"pointer": "/errcode", "op": "set", "value": 0}],
     "instead of 2"),
], ids=["pending says SUCCESS", "answered as ready"])
def test_pending_shape_fires(store: Any, edits: list[dict[str, Any]], says: str) -> None:
    effect = {"response": [{"operation": "downloadCallReport", **edit} for edit in edits]}
    runner = run_scenarios(store, effect=effect)
    messages = [m for c, m in runner.records if c == "YEASTAR-PENDING-SHAPE" and m]
    assert messages and says in messages[0]


def test_pending_shape_is_quiet_on_a_pending_answer_naming_its_file(store: Any) -> None:
    runner = run_scenarios(store, entries=("yeastar-call-report-async-names-file",))
    assert [m for c, m in runner.records if c == "YEASTAR-PENDING-SHAPE"] == [None]


def test_refusal_envelope_fires_on_a_refusal_without_errmsg(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.vendors.yeastar.simulator import handlers as handler

    monkeypatch.setattr(handler.API, "error_reply", lambda rejection: Reply(400, {"errcode": 40002}))
    assert "YEASTAR-REFUSAL-ENVELOPE" in run_scenarios(store).deciding()


ENTRIES = [e.id for e in latitude.entries_for(SPEC.name)]


@pytest.mark.parametrize("entry", ENTRIES)
def test_scenarios_pass_every_latitude_entry(store: Any, entry: str) -> None:
    runner = run_scenarios(store, entries=(entry,))
    assert runner.deciding() == set()
    assert "YEASTAR-DOWNLOAD-SERVES-FILE" in runner.recorded()


def test_columns_check_fires_on_other_headers(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.vendors.yeastar.simulator import report_csv as yeastar_csv

    monkeypatch.setattr(yeastar_csv, "header_label", lambda column: f"Column {column}")
    assert "YEASTAR-CSV-COLUMNS" in run_scenarios(store).failed()


def test_window_check_fires_when_the_window_is_ignored(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.vendors.yeastar.simulator import handlers as handler
    from conformance.vendors.yeastar.simulator import request as yeastar_request

    def whole_history(query: dict[str, str], window: Any, tz: Any, *readings: str) -> Any:
        return yeastar_request.report_window({}, None, tz, *readings)  # every record, whatever the window

    monkeypatch.setattr(handler, "report_window", whole_history)
    assert "YEASTAR-CSV-IN-WINDOW" in run_scenarios(store).failed()


def test_window_instants_unset_or_unreadable_are_not_judged() -> None:
    zone = ZoneInfo("America/New_York")
    runner: Any = SimpleNamespace(fixtures=SimpleNamespace(display_format=timefmt.DisplayFormat()))
    bounds = (datetime(2025, 11, 3, tzinfo=zone), datetime(2025, 11, 4, tzinfo=zone))
    header = ["time", "queue", "caller"]
    quiet = [["", "1", "a"], ["0", "1", "b"], ["2025-11-03T09:00:00-05:00", "1", "c"],
             ["11/03/2025 09:00:00", "1", "d"]]
    assert yeastar._in_window(runner, "queuecallbacksactivity", header, quiet, bounds, zone) is None
    late = [*quiet, ["11/04/2025 00:00:00", "1", "e"]]
    assert "row 5" in str(yeastar._in_window(runner, "queuecallbacksactivity", header, late, bounds, zone))
    assert yeastar._in_window(runner, "queueagentmisscalls", header, late, bounds, zone) is None  # no window column
