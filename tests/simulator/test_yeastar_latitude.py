"""The Yeastar simulator's latitude flags and the error-status reading: what each other choice answers."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import httpx
import pytest

from conformance import timefmt
from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import simulator_fixtures, spec_zone
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.replies import Rejection
from conformance.simulator.storefactory import build_store
from conformance.vendors.yeastar.simulator import handlers as yeastar
from conformance.vendors.yeastar.simulator import report_csv as yeastar_csv
from tests.asgi import asgi_request

SPEC = "yeastar-call-report"
REPORT = "/openapi/v1.0/call_report/download"
PREFIX = "yeastar-call-report-"


@pytest.fixture(scope="module")
def store() -> Any:
    return build_store(SimulatorOptions(spec=SPEC, calls=1500, seed=5))


def simulator(store: Any, *entries: str, **readings: str) -> Simulator:
    options = SimulatorOptions(spec=SPEC, calls=1500, seed=5, latitude=tuple(PREFIX + e for e in entries),
                               readings=readings)
    return create_simulator(options, store)


def get(sim: Simulator, path: str, params: dict[str, Any] | None = None, token: str | None = "simulator-token",
        ) -> httpx.Response:
    return asgi_request(sim.app, "GET", path, params={**(params or {}), **({"access_token": token} if token else {})})


def queue(sim: Simulator) -> str:
    return str(simulator_fixtures(sim)["queue_ids"][0])


def file_of(sim: Simulator, query: dict[str, Any]) -> httpx.Response:
    body = get(sim, REPORT, query).json()
    return get(sim, "/" + body["download_resource_url"].lstrip("/"))


@pytest.mark.parametrize(("entries", "readings", "missing_id", "bad_token"), [
    ((), {}, 200, 200),
    ((), {"error_status": "http_4xx"}, 400, 401),
    (("errors-http-4xx",), {}, 400, 401),
    (("errors-http-400",), {}, 400, 400),
], ids=["default", "reading http_4xx", "by cause", "always 400"])
def test_refusal_status(store: Any, entries: tuple[str, ...], readings: dict[str, str], missing_id: int,
                        bad_token: int) -> None:
    sim = simulator(store, *entries, **readings)
    refused = get(sim, REPORT, {"type": "queuesatisfaction"})
    assert refused.status_code == missing_id and refused.json()["errcode"] == 40002
    wrong = get(sim, REPORT, {"type": "queuesatisfaction", "queue_id": queue(sim)}, token="not-the-token")
    assert wrong.status_code == bad_token and wrong.json()["errcode"] == 10004


def test_refusal_wording_and_detail(store: Any) -> None:
    query = {"type": "queuesatisfaction", "queue_id": "x1"}
    plain = get(simulator(store), REPORT, query).json()
    assert plain["errmsg"] == "PARAMETER ERROR" and plain["invalid_param_list"][0]["field"] == "queue_id"
    assert get(simulator(store, "refusal-errmsg-failure"), REPORT, query).json()["errmsg"] == "FAILURE"
    assert get(simulator(store, "refusal-without-param-list"), REPORT, query).json() == {
        "errcode": 40002, "errmsg": "PARAMETER ERROR"}


def test_error_reply_without_options_is_the_vendor_default() -> None:
    reply = yeastar.error_reply(Rejection("unauthenticated", "no token"))
    assert reply.status == 200 and reply.body == {"errcode": 10004, "errmsg": "TOKEN EXPIRED"}


def test_unknown_ids_and_reversed_windows_select_nothing_or_are_refused(store: Any) -> None:
    default, strict = simulator(store), simulator(store, "unknown-ids-refused", "reversed-window-refused")
    unknown = {"type": "queuesatisfaction", "queue_id": "987654"}
    assert get(default, REPORT, unknown).json()["errcode"] == 0
    refused = get(strict, REPORT, unknown).json()
    assert refused["errcode"] == 40002 and refused["invalid_param_list"][0]["field"] == "queue_id"
    assert get(strict, REPORT, {"type": "queuesatisfaction", "queue_id": queue(strict)}).json()["errcode"] == 0
    reversed_window = {"type": "queuesatisfaction", "queue_id": queue(default),
                       "start_time": "11/05/2025 10:00:00", "end_time": "11/05/2025 09:00:00"}
    assert get(default, REPORT, reversed_window).json()["errcode"] == 0
    assert get(strict, REPORT, reversed_window).json()["errcode"] == 40002


def test_pending_answer_may_name_the_file_or_its_download_id(store: Any) -> None:
    sim = simulator(store)
    query = {"type": "queuesatisfaction", "queue_id": queue(sim), "is_async": 1}
    named = get(simulator(store, "async-names-file"), REPORT, query).json()
    assert named["errcode"] == 2 and named["file"] and named["download_resource_url"].endswith(named["file"])
    assert get(simulator(store, "async-download-id"), REPORT, query).json() == {
        "errcode": 2, "errmsg": "PROCESSING", "download_id": 1}


def test_url_without_leading_slash_still_serves_the_file(store: Any) -> None:
    sim = simulator(store, "url-without-leading-slash")
    body = get(sim, REPORT, {"type": "queuesatisfaction", "queue_id": queue(sim)}).json()
    assert body["download_resource_url"] == "api/download/" + body["file"]
    assert get(sim, "/" + body["download_resource_url"]).status_code == 200


@pytest.mark.parametrize(("entry", "media"), [(None, "text/csv"), ("file-octet-stream", "application/octet-stream"),
                                              ("file-text-plain", "text/plain")])
def test_file_media_type(store: Any, entry: str | None, media: str) -> None:
    sim = simulator(store, *([entry] if entry else []))
    got = file_of(sim, {"type": "queuesatisfaction", "queue_id": queue(sim)})
    assert got.status_code == 200 and got.headers["content-type"].startswith(media)


def test_missing_file_may_answer_410(store: Any) -> None:
    gone = get(simulator(store, "missing-file-410"), "/api/download/nothing.csv")
    assert gone.status_code == 410 and gone.headers["content-type"].startswith("text/plain")


def _table(got: httpx.Response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))


@pytest.mark.parametrize(("entry", "header"), [
    ("csv-headers-snake-case", ["agent", "name", "surveyed", "score_1"]),
    ("csv-headers-camel-case", ["agent", "name", "surveyed", "score1"]),
    ("csv-columns-reversed", ["Avg Score", "Score 5", "Score 4", "Score 3"]),
])
def test_csv_header_wording_and_order(store: Any, entry: str, header: list[str]) -> None:
    sim = simulator(store, entry)
    table = _table(file_of(sim, {"type": "queuesatisfaction", "queue_id": queue(sim)}))
    assert table[0][:4] == header
    if entry == "csv-columns-reversed":
        default = _table(file_of(simulator(store), {"type": "queuesatisfaction", "queue_id": queue(sim)}))
        assert [row[::-1] for row in default] == table


def test_csv_rows_bom_and_line_ends(store: Any) -> None:
    query = {"type": "queuesatisfaction", "queue_id": queue(simulator(store))}
    default = file_of(simulator(store), query)
    assert not default.content.startswith(b"\xef\xbb\xbf") and b"\r\n" in default.content
    bom = file_of(simulator(store, "csv-bom-lf"), query)
    assert bom.content.startswith(b"\xef\xbb\xbf") and b"\r\n" not in bom.content
    assert _table(bom) == _table(default)
    rows = _table(file_of(simulator(store, "csv-rows-reversed"), query))
    assert rows[0] == _table(default)[0] and rows[1:] == _table(default)[1:][::-1]


def test_csv_times_may_be_rfc3339(store: Any) -> None:
    sim = simulator(store, "csv-times-iso")
    table = _table(file_of(sim, {"type": "queuesatisfactiondetail", "queue_id": queue(sim)}))
    assert table[0][0] == "Time" and len(table) > 1
    moment = datetime.fromisoformat(table[1][0])
    assert moment.utcoffset() == moment.astimezone(spec_zone(store, SPEC)).utcoffset()
    with pytest.raises(ValueError):
        timefmt.parse_display_datetime(table[1][0], timefmt.DisplayFormat())


def test_camel_case() -> None:
    assert [yeastar_csv.camel_case(c) for c in ("no_answer", "key_0", "total")] == ["noAnswer", "key0", "total"]
