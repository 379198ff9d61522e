"""FusionPBX handler behaviour: inclusive window end, readings, tenant scoping, login, long and reversed windows."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import vendor_tenant
from conformance.simulator.options import DEFAULT_TOKEN, SimulatorOptions
from conformance.simulator.storefactory import build_store
from conformance.specs import iter_operations, load_spec
from conformance.vendors.fusionpbx.checks.reports import OUTCOMES
from tests.asgi import asgi_request

SPEC = "fusionpbx-report"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
PATHS = {op.operation_id: op.path for op in iter_operations(load_spec(SPEC))}
FORTNIGHT = {"start_time": "2025-10-27 00:00:00", "end_time": "2025-11-10 23:59:59"}
DAY = {"start_time": "2025-11-05 00:00:00", "end_time": "2025-11-05 23:59:59"}


@functools.cache
def _store() -> Any:
    return build_store(SimulatorOptions(spec=SPEC, calls=2000, seed=5))


def simulator(fault: str | None = None, *, latitude: tuple[str, ...] = (), **readings: str) -> Simulator:
    options = SimulatorOptions(spec=SPEC, calls=2000, seed=5, fault=fault, latitude=latitude,
                               readings={f"fusionpbx.{k}": v for k, v in readings.items()})
    return create_simulator(options, _store())


def request(sim: Simulator, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return asgi_request(sim.app, method, path, **kwargs)


def get(sim: Simulator, operation_id: str, query: dict[str, str], token: str = DEFAULT_TOKEN) -> httpx.Response:
    return request(sim, "GET", PATHS[operation_id], params=query, headers={"Authorization": f"Bearer {token}"})


def data(sim: Simulator, operation_id: str, query: dict[str, str], token: str = DEFAULT_TOKEN) -> list[dict[str, Any]]:
    response = get(sim, operation_id, query, token)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def local(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, ZONE).strftime("%Y-%m-%d %H:%M:%S")


def by(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in rows}


@pytest.mark.parametrize(("reading", "included"), [("inclusive", True), ("exclusive", False)])
def test_end_time_reading(reading: str, included: bool) -> None:
    """FUS-018: a call starting at end_time is counted (inclusive, the default) or not (exclusive)."""
    sim = simulator(end_time=reading)
    tenant = vendor_tenant(_store(), SPEC)["id"]
    started, ext = _store().query("SELECT started_at, caller_ext FROM legs WHERE tenant_id = ? AND caller_ext IS NOT"
                                  " NULL ORDER BY started_at LIMIT 1 OFFSET 50", (tenant,))[0]
    number = _store().scalar("SELECT number FROM extensions WHERE id = ?", (ext,))
    sql = "SELECT COUNT(*) FROM legs WHERE started_at = ? AND (caller_ext = ? OR callee_ext = ?)"
    starting, second_before = (_store().scalar(sql, (moment, ext, ext)) for moment in (started, started - 1))
    through = {"start_time": local(started - 3600), "end_time": local(started)}
    before = {"start_time": local(started - 3600), "end_time": local(started - 1)}
    counted = by(data(sim, "getExtensionReport", through), "extension")[number]["total"]
    without = by(data(sim, "getExtensionReport", before), "extension")[number]["total"]
    assert starting >= 1 and counted - without == (starting if included else second_before)


def test_summary_and_daily_summary_agree_and_days_are_labelled_by_reading() -> None:
    default, utc = simulator(), simulator(day_label_utc="utc_instant")
    summary = by(data(default, "getExtensionUserSummary", FORTNIGHT), "user_uuid")
    daily = data(default, "getExtensionDailySummary", FORTNIGHT)
    assert any(len(row["reports"]) > 3 for row in daily)
    for row in daily:
        assert summary[row["user_uuid"]]["total_call"] == row["total_call"] == sum(d["total_call"] for d in
                                                                                   row["reports"])
    midnight = [d["time"] for row in daily for d in row["reports"]]
    instants = [d["time"] for row in data(utc, "getExtensionDailySummary", FORTNIGHT) for d in row["reports"]]
    assert midnight and all(t.endswith("T00:00:00Z") for t in midnight)
    assert instants == [(datetime.fromisoformat(t) - timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
                        for t in midnight]
    assert {r["time"] for r in summary.values()} == {"2025-10-27T00:00:00Z"}
    assert {r["time"] for r in data(utc, "getExtensionUserSummary", FORTNIGHT)} == {"2025-10-26T17:00:00Z"}


def test_busy_line_readings() -> None:
    """Tenant 2 has busy-line (congestion) calls of its extensions in the generated data."""
    own, inside = simulator(), simulator(busy_line_in_busy="part_of_busy")
    tokens = [login(sim, "tenant2", "tenant2-password") for sim in (own, inside)]
    own_rows = data(own, "getExtensionReport", FORTNIGHT, tokens[0])
    inside_rows = data(inside, "getExtensionReport", FORTNIGHT, tokens[1])
    assert any(r["busy_line"] for r in own_rows)
    for a, b in zip(own_rows, inside_rows, strict=True):
        assert a["total"] == sum(a[k] for k in OUTCOMES) + a["busy_line"] == b["total"]
        assert b["busy"] == a["busy"] + a["busy_line"] and b["total"] == sum(b[k] for k in OUTCOMES)
    own_summary = data(own, "getExtensionUserSummary", FORTNIGHT, tokens[0])
    inside_summary = data(inside, "getExtensionUserSummary", FORTNIGHT, tokens[1])
    for a, b in zip(own_summary, inside_summary, strict=True):
        assert "total_busy_line" in a and "total_busy_line" not in b
        assert b["total_busy"] == a["total_busy"] + a["total_busy_line"]


def test_user_report_readings() -> None:
    directory = data(simulator(), "getUserCallReport", DAY)
    statistics = data(simulator(user_report_counters="user_statistics"), "getUserCallReport", DAY)
    summary = by(data(simulator(), "getExtensionUserSummary", DAY), "user_uuid")
    assert all("total_call" not in r for r in directory)
    assert [r["user_uuid"] for r in statistics] == [r["user_uuid"] for r in directory]
    assert all(r["total_call"] == summary[r["user_uuid"]]["total_call"] for r in statistics)
    assert any(r["total_call"] for r in statistics)


def test_window_required_reading() -> None:
    required = simulator(window_required="required")
    assert get(required, "getExtensionReport", {}).status_code == 400
    assert get(required, "getExtensionReport", {"start_time": DAY["start_time"]}).status_code == 400
    assert get(required, "getExtensionReport", DAY).status_code == 200
    assert get(simulator(), "getExtensionReport", {}).status_code == 200


def login(sim: Simulator, username: str, password: str) -> str:
    first = request(sim, "POST", "/v1/auth", json={"username": username, "password": password})
    assert first.status_code == 200 and first.json()["code"] == 200
    second = request(sim, "POST", "/v1/auth/token", json={"api_key": first.json()["data"]["api_key"]})
    assert second.status_code == 200 and isinstance(second.json()["data"]["expired"], int)
    return second.json()["data"]["token"]


def test_a_tenant_user_sees_its_own_domain_and_the_administrator_the_api_tenant() -> None:
    sim = simulator()
    tenants = {t["id"]: t["uuid"] for t in _store().catalogue()["tenants"]}
    own = data(sim, "getUserCallReport", DAY, token=login(sim, "tenant1", "tenant1-password"))
    admin = data(sim, "getUserCallReport", DAY)
    assert {r["domain_uuid"] for r in own} == {tenants[1]}
    assert {r["domain_uuid"] for r in admin} == {vendor_tenant(_store(), SPEC)["uuid"]}
    assert request(sim, "POST", "/v1/auth", json={"username": "tenant1", "password": "no"}).status_code == 401


def test_agent_time_is_written_with_offset_and_inside_the_window() -> None:
    rows = data(simulator(), "getAgentTimeReport", DAY)
    assert rows
    for row in rows:
        first, last = row["earliest_time"], row["latest_time"]
        assert first.endswith("+07") and len(first) == len("2025-11-05 08:00:00.000000+07")
        assert DAY["start_time"] <= first[:19] <= last[:19] <= "2025-11-06 00:00:00"


def test_a_reversed_window_is_refused_unless_a_latitude_entry_serves_it() -> None:
    reversed_window = {"start_time": DAY["end_time"], "end_time": DAY["start_time"]}
    equal_window = {"start_time": DAY["start_time"], "end_time": DAY["start_time"]}
    refused = get(simulator(), "getExtensionReport", reversed_window)
    assert refused.status_code == 400 and refused.json()["code"] == 400
    assert get(simulator(), "getExtensionReport", equal_window).status_code == 400
    served = simulator(latitude=("fusionpbx-report-reversed-window-served",))
    for window in (reversed_window, equal_window):
        rows = data(served, "getExtensionReport", window)
        assert rows and all(r["total"] == 0 for r in rows)
    equal_only = simulator(latitude=("fusionpbx-report-equal-window-served",))
    assert data(equal_only, "getExtensionReport", equal_window)
    assert get(equal_only, "getExtensionReport", reversed_window).status_code == 400


def test_lenient_window_notations() -> None:
    lenient = simulator(latitude=("fusionpbx-report-lenient-window-notation",))
    plain = data(lenient, "getExtensionReport", DAY)
    for start in ("2025-11-05T00:00:00", "2025-11-05T00:00:00+07:00", "2025-11-05"):
        assert data(lenient, "getExtensionReport", {**DAY, "start_time": start}) == plain
        assert get(simulator(), "getExtensionReport", {**DAY, "start_time": start}).status_code == 400
    assert get(lenient, "getExtensionReport", {**DAY, "end_time": ""}).status_code == 200  # until today (default)
    for bad in ("2025-02-30 00:00:00", "05/11/2025 00:00:00", "1762275600"):
        assert get(lenient, "getExtensionReport", {**DAY, "start_time": bad}).status_code == 400
    assert get(lenient, "getExtensionReport", {"start_time": DAY["end_time"], "end_time": "2025-11-05"}).status_code \
        == 400  # read leniently, still reversed


def test_refusals_under_latitude() -> None:
    bad = {**DAY, "start_time": "2025-02-30 00:00:00"}
    text = get(simulator(latitude=("fusionpbx-report-plain-text-errors",)), "getExtensionReport", bad)
    assert text.status_code == 400 and text.headers["content-type"].startswith("text/plain") and text.text
    body = get(simulator(latitude=("fusionpbx-report-error-status-body",)), "getExtensionReport", bad).json()
    assert body["status"] == 400 and body["error"]
    assert get(simulator(latitude=("fusionpbx-report-403-for-credentials",)), "getExtensionReport", DAY,
               token="wrong").status_code == 403
    assert get(simulator(), "getExtensionReport", DAY, token="wrong").status_code == 401


def test_idle_users_omitted_and_rfc3339_times() -> None:
    everyone = data(simulator(), "getExtensionUserSummary", DAY)
    active = data(simulator(latitude=("fusionpbx-report-idle-users-omitted",)), "getExtensionUserSummary", DAY)
    assert [r for r in everyone if r["total_call"]] == active and len(active) < len(everyone)
    sim = simulator(latitude=("fusionpbx-report-rfc3339-times",))
    agents = data(sim, "getAgentTimeReport", DAY)
    assert agents and all(datetime.fromisoformat(r["earliest_time"]).utcoffset() for r in agents)
    assert all("T" in r["add_date"] for r in data(sim, "getExtensionDailySummary", DAY))


@pytest.mark.parametrize("operation_id", list(PATHS))
def test_a_window_of_millennia_answers_like_the_stored_period(operation_id: str) -> None:
    sim = simulator()
    huge = data(sim, operation_id, {"start_time": "0002-01-01 00:00:00", "end_time": "9999-12-30 23:59:59"})
    if operation_id != "getAgentTimeReport":  # agent spans are cut to the window, so their ends differ
        everything = data(sim, operation_id, FORTNIGHT)
        for row in (*huge, *everything):
            row.pop("time", None)  # the summary labels the window's first day
        assert huge == everything


def test_unknown_query_parameters_are_refused() -> None:
    response = get(simulator(), "getExtensionReport", {**DAY, "limit": "10"})
    assert response.status_code == 400 and "limit" in response.json()["content"]
