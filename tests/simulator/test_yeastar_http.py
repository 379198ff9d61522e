"""The Yeastar call report simulator over HTTP (in-process ASGI): reports, files, readings, scoping."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from conformance import timefmt
from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import simulator_fixtures, spec_zone, vendor_tenant
from conformance.simulator.model import Window
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.replies import Rejection
from conformance.simulator.storefactory import build_store
from conformance.specs import load_spec
from conformance.vendors.yeastar.simulator import request as yeastar_request
from conformance.vendors.yeastar.simulator.files import VALIDITY_SECONDS, report_files
from conformance.vendors.yeastar.simulator.queries import REPORTS, ReportParams, report
from conformance.vendors.yeastar.simulator.report_csv import FILE_TITLES, header_label
from tests.asgi import asgi_request

SPEC = "yeastar-call-report"
REPORT = "/openapi/v1.0/call_report/download"
TOKEN = {"access_token": "simulator-token"}
OPTIONS = SimulatorOptions(spec=SPEC, calls=1500, seed=5)
DISPLAY = timefmt.DisplayFormat.parse(OPTIONS.display_format)


@pytest.fixture(scope="module")
def store() -> Any:
    return build_store(OPTIONS)


def simulator(store: Any, **readings: str) -> Simulator:
    return create_simulator(SimulatorOptions(spec=SPEC, calls=1500, seed=5, readings=readings), store)


def get(sim: Simulator, path: str, params: dict[str, Any] | None = None, token: bool = True) -> httpx.Response:
    return asgi_request(sim.app, "GET", path, params={**(params or {}), **(TOKEN if token else {})})


def fixtures(sim: Simulator) -> dict[str, Any]:
    return simulator_fixtures(sim)


def day(sim: Simulator) -> tuple[datetime, datetime]:
    window = fixtures(sim)["window"]
    return timefmt.parse_rfc3339(window["start"]), timefmt.parse_rfc3339(window["end"])


def shown(sim: Simulator, moment: datetime) -> str:
    return timefmt.format_display_datetime(moment, DISPLAY, spec_zone(sim.store, SPEC))


def window_query(sim: Simulator, start: datetime, end: datetime) -> dict[str, str]:
    return {"start_time": shown(sim, start), "end_time": shown(sim, end)}


def download(sim: Simulator, answer: httpx.Response) -> tuple[list[str], list[list[str]]]:
    body = answer.json()
    assert body["errcode"] == 0, body
    got = get(sim, body["download_resource_url"])
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(got.text)))
    return lines[0], lines[1:]


def test_ready_report_holds_what_the_queries_compute(store: Any) -> None:
    sim = simulator(store)
    start, end = day(sim)
    queues = fixtures(sim)["queue_ids"]
    answer = get(sim, REPORT, {"type": "queueperformance", "queue_id_list": ",".join(queues),
                               **window_query(sim, start, end - timedelta(seconds=1))})
    body = answer.json()
    assert body["file"] == body["download_resource_url"].rsplit("/", 1)[1]
    assert body["file"].startswith("QueuePerformance-download-")
    header, rows = download(sim, answer)
    expected = report(store, "queueperformance", ReportParams(window=Window.of(start, end, spec_zone(store, SPEC)),
                                                               queue_ids=[int(q) for q in queues]))
    assert header == [header_label(c) for c in expected["columns"]]
    assert rows == [[str(v) for v in row] for row in expected["rows"]]
    assert sum(int(r[header.index("Total")]) for r in rows) > 0


@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_every_report_type_has_its_columns(store: Any, kind: str) -> None:
    sim = simulator(store)
    fx = fixtures(sim)
    required = {"ext_id_list": fx["extension_ids"][0], "trunk_id_list": fx["trunk_ids"][0],
                "trunk_id": fx["trunk_ids"][0], "ivr_id_list": fx["ivr_ids"][0],
                "ring_group_id_list": fx["ring_group_ids"][0], "queue_id_list": fx["queue_ids"][0],
                "queue_id": fx["queue_ids"][0]}
    variant = next(v for v in _variants(sim) if v["properties"]["type"]["const"] == kind)
    query = {"type": kind, **{k: v for k, v in required.items() if k in variant["required"]}}
    if "time" in variant["required"]:
        query["time"] = "11/2025"
    header, rows = download(sim, get(sim, REPORT, query))
    assert header == [header_label(c) for c in REPORTS[kind].columns]
    assert all(len(row) == len(header) for row in rows)
    assert FILE_TITLES[kind]


def _variants(sim: Simulator) -> list[dict[str, Any]]:
    schemas = sim.document["components"]["schemas"]
    return [schemas[ref["$ref"].rsplit("/", 1)[1]] for ref in schemas["CallReportQuery"]["oneOf"]]


@pytest.mark.parametrize(("time", "rows"), [("11/05/2025", 24), ("11/2025", 30), ("2025/11", 30), ("2025", 12)])
def test_period_sets_the_rows(store: Any, time: str, rows: int) -> None:
    sim = simulator(store)
    trunk = fixtures(sim)["trunk_ids"][0]
    _, lines = download(sim, get(sim, REPORT, {"type": "trunkactivity", "trunk_id_list": trunk, "time": time}))
    times = [timefmt.parse_display_datetime(line[0], DISPLAY) for line in lines]
    assert len(times) == rows and times == sorted(times)
    assert times[0] == datetime(2025, 1 if time == "2025" else 11, 5 if rows == 24 else 1)


def test_period_order_readings(store: Any) -> None:
    trunk = fixtures(simulator(store))["trunk_ids"][0]
    query = {"type": "trunkactivity", "trunk_id_list": trunk}
    display_order, year_first = simulator(store), simulator(store, period_order="year_first")
    assert get(display_order, REPORT, {**query, "time": "11/05/2025"}).json()["errcode"] == 0
    assert get(year_first, REPORT, {**query, "time": "11/05/2025"}).json()["errcode"] == 40002
    assert get(year_first, REPORT, {**query, "time": "2025/11/05"}).json()["errcode"] == 0


def test_day_month_text_falls_back_to_the_other_order(store: Any) -> None:
    sim = simulator(store)
    trunk = fixtures(sim)["trunk_ids"][0]
    _, rows = download(sim, get(sim, REPORT, {"type": "trunkactivity", "trunk_id_list": trunk, "time": "25/11/2025"}))
    assert rows[0][0] == "11/25/2025 00:00:00"


def test_single_bound_reads_as_open_or_is_refused(store: Any) -> None:
    open_bound, both = simulator(store), simulator(store, partial_window="both_or_none")
    start, end = day(open_bound)
    query = {"type": "queuecallbacksactivity", "queue_id_list": ",".join(fixtures(open_bound)["queue_ids"]),
             "start_time": shown(open_bound, start)}
    _, rows = download(open_bound, get(open_bound, REPORT, query))
    moments = [timefmt.parse_display_datetime(r[0], DISPLAY, spec_zone(store, SPEC)) for r in rows]
    assert moments and min(moments) >= start and max(moments) >= end  # open end: later days included
    refused = get(both, REPORT, query).json()
    assert refused["errcode"] == 40002 and refused["invalid_param_list"][0]["field"] == "start_time"


def test_end_time_is_inclusive_and_reversed_windows_are_empty(store: Any) -> None:
    sim = simulator(store)
    tenant = vendor_tenant(store, SPEC)
    (started,) = store.query("SELECT MIN(l.started_at) FROM legs l JOIN extensions e ON e.id = l.caller_ext"
                             " WHERE l.direction = 'OUTBOUND_CALL' AND l.answered_at IS NOT NULL AND e.tenant_id = ?",
                             (tenant["id"],))[0]
    moment = datetime.fromtimestamp(started, spec_zone(store, SPEC))
    query = {"type": "extcallbillingdetails", "trunk_id_list": ",".join(fixtures(sim)["trunk_ids"])}
    _, same_second = download(sim, get(sim, REPORT, {**query, **window_query(sim, moment, moment)}))
    assert len(same_second) >= 1 and {r[0] for r in same_second} == {shown(sim, moment)}
    _, reversed_rows = download(sim, get(sim, REPORT, {**query, **window_query(sim, moment, moment - timedelta(1))}))
    assert reversed_rows == []
    exclusive = simulator(store, end_time="exclusive")
    _, up_to_the_second = download(exclusive, get(exclusive, REPORT, {**query, **window_query(sim, moment, moment)}))
    assert up_to_the_second == []


def test_async_report_answers_processing_and_announces_the_file(store: Any) -> None:
    sim = simulator(store)
    answer = get(sim, REPORT, {"type": "queuesatisfaction", "queue_id": fixtures(sim)["queue_ids"][0], "is_async": 1})
    assert answer.json() == {"errcode": 2, "errmsg": "PROCESSING"}
    (event,) = report_files(sim).events
    assert event["type"] == 30027 and event["msg"]["key"] == "report_download"
    got = get(sim, event["msg"]["download_resource_url"])
    assert got.status_code == 200 and got.text.startswith("Agent,Name,Surveyed")


def test_files_expire_after_thirty_minutes(store: Any) -> None:
    sim = simulator(store)
    url = get(sim, REPORT, {"type": "queuesatisfaction", "queue_id": fixtures(sim)["queue_ids"][0]}).json()[
        "download_resource_url"]
    report_files(sim).advance(VALIDITY_SECONDS - 1)
    assert get(sim, url).status_code == 200
    report_files(sim).advance(1)
    gone = get(sim, url)
    assert gone.status_code == 404 and gone.json() == {"errcode": 60001, "errmsg": "DATA NOT FOUND"}


def test_missing_file_reading_answers_an_envelope(store: Any) -> None:
    assert get(simulator(store), "/api/download/nothing.csv").status_code == 404
    enveloped = get(simulator(store, download_missing="http_200_envelope"), "/api/download/nothing.csv")
    assert enveloped.status_code == 200 and enveloped.json()["errcode"] == 60001


def test_error_status_reading_moves_handler_refusals_to_4xx(store: Any) -> None:
    sim = simulator(store, period_order="year_first", error_status="http_4xx")
    trunk = fixtures(sim)["trunk_ids"][0]
    refused = get(sim, REPORT, {"type": "trunkactivity", "trunk_id_list": trunk, "time": "11/2025"})
    assert refused.status_code == 400 and refused.json()["errcode"] == 40002


def test_refusals_and_unauthenticated_requests_answer_the_envelope(store: Any) -> None:
    sim = simulator(store)
    missing = get(sim, REPORT, {"type": "queuesatisfaction"})
    assert missing.status_code == 200
    assert missing.json()["errcode"] == 40002 and missing.json()["errmsg"] == "PARAMETER ERROR"
    assert missing.json()["invalid_param_list"][0]["field"] == "queue_id"
    bad_window = get(sim, REPORT, {"type": "queuesatisfaction", "queue_id": "1", "start_time": "2025/11/05 09:00:00",
                                   "end_time": "11/05/2025 10:00:00"}).json()
    assert bad_window["invalid_param_list"][0]["field"] == "start_time"
    anonymous = get(sim, REPORT, {"type": "queuesatisfaction", "queue_id": "1"}, token=False)
    assert anonymous.status_code == 200 and anonymous.json() == {"errcode": 10004, "errmsg": "TOKEN EXPIRED"}


def test_ids_of_other_tenants_select_nothing(store: Any) -> None:
    sim = simulator(store)
    own = {int(q) for q in fixtures(sim)["queue_ids"]}
    foreign = [str(q["id"]) for t in store.catalogue()["tenants"] for q in t["queues"] if q["id"] not in own]
    start, end = day(sim)
    query = {"type": "queueperformance", **window_query(sim, start, end)}
    _, rows = download(sim, get(sim, REPORT, {**query, "queue_id_list": ",".join(foreign)}))
    assert foreign and rows == []
    _, mixed = download(sim, get(sim, REPORT, {**query, "queue_id_list": ",".join([*foreign, *map(str, own)])}))
    assert len(mixed) == len(own)


def test_internal_calls_of_trunk_activity_are_the_pbx_own(store: Any) -> None:
    sim = simulator(store)
    tenant = vendor_tenant(store, SPEC)
    zone = spec_zone(store, SPEC)
    lo, hi = datetime(2025, 11, 1, tzinfo=zone), datetime(2025, 12, 1, tzinfo=zone)
    (own,) = store.query("SELECT COUNT(*) FROM sessions WHERE direction = 'INTERNAL' AND tenant_id = ?"
                         " AND started_at >= ? AND started_at < ?", (tenant["id"], lo.timestamp(), hi.timestamp()))[0]
    query = {"type": "trunkactivity", "trunk_id_list": fixtures(sim)["trunk_ids"][0], "time": "11/2025"}
    header, with_internal = download(sim, get(sim, REPORT, {**query, "include_internal": 1}))
    _, without = download(sim, get(sim, REPORT, query))
    column = header.index("Internal")
    assert own > 0 and sum(int(r[column]) for r in with_internal) == own
    assert sum(int(r[column]) for r in without) == 0


def test_file_names_follow_the_seed(store: Any) -> None:
    query = {"type": "queuesatisfaction", "queue_id": "9"}
    names = [get(simulator(store), REPORT, query).json()["file"] for _ in range(2)]
    assert names[0] == names[1] == "QueueSatisfaction-download-000001-NqVwYS81VP7Hb1DX.csv"


def test_login_answers_the_vendor_envelope(store: Any) -> None:
    sim = simulator(store)
    credentials = {"username": "admin", "password": "admin-password"}
    body = asgi_request(sim.app, "POST", "/openapi/v1.0/get_token", json=credentials,
                        headers={"User-Agent": "OpenAPI"}).json()
    assert body["errcode"] == 0 and body["access_token_expire_time"] == 1800 and body["refresh_token"]
    assert get(sim, REPORT, {"type": "queuesatisfaction", "queue_id": "9", "access_token": body["access_token"]},
               token=False).json()["errcode"] == 0


# -- request reading without HTTP -----------------------------------------------------------------------------
def test_directory_keeps_only_known_ids(store: Any) -> None:
    tenant = vendor_tenant(store, SPEC)
    directory = yeastar_request.Directory.of([tenant], scoped=True)
    own = [q["id"] for q in tenant["queues"]]
    assert directory.pick("queues", ",".join(map(str, [*own, 1, 99999]))) == sorted(set(own) - {1, 99999})
    assert directory.all("queues") == sorted(own) and directory.tenant_id == tenant["id"]


@pytest.mark.parametrize("display", timefmt.DISPLAY_FORMATS, ids=str)
def test_every_time_the_spec_admits_is_a_period_the_handler_reads(display: timefmt.DisplayFormat) -> None:
    pattern = re.compile(load_spec(SPEC)["components"]["schemas"]["DisplayPeriod"]["pattern"])
    texts = {f"{a:02d}/{b:02d}/{y}" for y in (1900, 2000, 2023, 2024) for a in range(14) for b in range(33)}
    texts |= {f"{y}/{m:02d}/{d:02d}" for y in (1900, 2000, 2023, 2024) for m in range(14) for d in range(33)}
    texts |= {f"{m:02d}/2024" for m in range(14)} | {f"2024/{m:02d}" for m in range(14)} | {"2024"}
    for text in sorted(texts):
        try:
            yeastar_request.read_period(text, display, "display_order")
            readable = True
        except Rejection:
            readable = False
        assert bool(pattern.fullmatch(text)) == readable, text
