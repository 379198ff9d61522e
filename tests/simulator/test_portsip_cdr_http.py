"""PortSIP CDR handlers where behaviour is subtle: filters, sort orders, paging and count, search, the
readings of PSC-005 and PSC-008, tenant scoping, the call report lifecycle and unreadable filters."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conformance import timefmt
from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.storefactory import build_store
from conformance.vendors.portsip.simulator.queries import cdr as queries
from tests.asgi import asgi_request

SPEC = "portsip-cdr"
AUTH = {"Authorization": "Bearer simulator-token"}
REPORT = {"name": "Daily calls", "type": "NORMAL", "email": "ops@acme.pbx.test", "format": "CSV", "range": "TODAY",
          "filter": {"answer_state": "ANSWERED"}}


@pytest.fixture(scope="module")
def store() -> Any:
    return build_store(SimulatorOptions(spec=SPEC, calls=1200, seed=7))


def simulator(store: Any, **options: Any) -> Simulator:
    return create_simulator(SimulatorOptions(spec=SPEC, calls=1200, seed=7, **options), store)


def send(sim: Simulator, method: str, path: str, params: dict[str, Any] | None = None, body: Any = None,
         headers: dict[str, str] | None = None) -> httpx.Response:
    return asgi_request(sim.app, method, "/api" + path, params=params, json=body,
                        headers=AUTH if headers is None else headers)


def get(sim: Simulator, path: str, **params: Any) -> Any:
    answer = send(sim, "GET", path, params)
    assert answer.status_code == 200, answer.text[:300]
    return answer.json()


@pytest.fixture(scope="module")
def sim(store: Any) -> Simulator:
    return simulator(store)


def test_filter_on_caller_returns_exactly_that_callers_cdrs(sim: Simulator, store: Any) -> None:
    every = queries.list_cdrs(store, top=10**6)["items"]
    caller = every[0]["caller"]
    expected = sorted(i["id"] for i in every if i["caller"] == caller)
    answer = get(sim, "/cdrs", filter=f"caller eq '{caller}'", count="true")
    assert answer["count"] == len(expected)
    assert sorted(i["id"] for i in answer["items"]) == expected[:100]


def test_filter_on_a_time_range_compares_instants(sim: Simulator, store: Any) -> None:
    every = queries.list_call_logs(store, top=10**6)["items"]
    start, end = "2025-10-28T00:00:00-04:00", "2025-10-29T00:00:00-04:00"
    lo, hi = timefmt.parse_rfc3339(start), timefmt.parse_rfc3339(end)
    expected = [i for i in every if lo <= timefmt.parse_rfc3339(i["started_at"]) < hi]
    answer = get(sim, "/calllogs", filter=f"started_at ge '{start}' and started_at lt '{end}'", count="true")
    assert answer["count"] == len(expected) > 0


def test_filter_on_cost_uses_the_hidden_field(sim: Simulator) -> None:
    answer = get(sim, "/cdrs", filter="cost gt 0", top=5)
    assert answer["items"] and all("cost" not in item for item in answer["items"])
    for item in answer["items"]:
        assert get(sim, f"/cdrs/{item['id']}")["cost"] > 0


def test_orderby_sorts_and_paging_slices_the_sorted_list(sim: Simulator) -> None:
    whole = get(sim, "/cdrs", orderby="duration desc, id", top=30)["items"]
    durations = [i["duration"] for i in whole]
    assert durations == sorted(durations, reverse=True)
    pages = get(sim, "/cdrs", orderby="duration desc, id", top=10, skip=10)["items"]
    assert pages == whole[10:20]


def test_count_only_when_asked(sim: Simulator) -> None:
    assert "count" not in get(sim, "/cdrs", top=1)
    assert "count" not in get(sim, "/call_reports", count="false")
    assert get(sim, "/cdrs", top=1, count="true")["count"] > 1


def test_paging_without_options_follows_the_store(sim: Simulator, store: Any) -> None:
    expected = queries.list_cdrs(store, top=4, skip=6)["items"]
    assert [i["id"] for i in get(sim, "/cdrs", top=4, skip=6)["items"]] == [i["id"] for i in expected]


def test_search_matches_text_ignoring_case(sim: Simulator) -> None:
    found = get(sim, "/call_reports", search="REPORT 2")["items"]
    assert [i["name"] for i in found] == ["Report 2"]
    assert get(sim, "/completed_call_reports", search="no such text", count="true")["count"] == 0


def test_unknown_query_parameters_are_refused(sim: Simulator) -> None:
    answer = send(sim, "GET", "/calllogs", {"top": 1, "page": 2})
    assert answer.status_code == 400 and "page" in answer.text


def test_duration_readings(store: Any) -> None:
    talk = get(simulator(store), "/cdrs", filter="answered_at ne null", top=20)["items"]
    total = get(simulator(store, readings={"portsip_cdr_duration": "total"}), "/cdrs",
                filter="answered_at ne null", top=20)["items"]
    for a, b in zip(talk, total, strict=True):
        start, answered, end = (timefmt.parse_rfc3339(a[k]) for k in ("started_at", "answered_at", "ended_at"))
        assert a["duration"] == (end - answered).total_seconds()
        assert b["duration"] == (end - start).total_seconds()
    assert any(a["duration"] != b["duration"] for a, b in zip(talk, total, strict=True))


def test_retrieve_shape_readings(store: Any) -> None:
    record = get(simulator(store), "/cdrs/3")
    wrapped = get(simulator(store, readings={"portsip_cdr_retrieve_shape": "collection"}), "/cdrs/3")
    assert wrapped == {"items": [record]}
    assert get(simulator(store, readings={"portsip_cdr_retrieve_shape": "collection"}), "/calllogs/3")["id"] == "3"


def login(sim: Simulator, user: str) -> dict[str, str]:
    answer = send(sim, "POST", "/auth/sign_in", body={"username": user, "password": f"{user}-password"}, headers={})
    assert answer.status_code == 200
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_a_tenant_user_sees_only_their_tenant(sim: Simulator, store: Any) -> None:
    tenant2 = login(sim, "tenant2")
    own = queries.list_cdrs(store, tenant_id=2, top=10**6)
    answer = send(sim, "GET", "/cdrs", {"count": "true", "top": 100}, headers=tenant2).json()
    assert answer["count"] == own["count"] < queries.list_cdrs(store, top=1)["count"]
    assert {i["caller_domain"] for i in answer["items"] if i["direction"] == "EXTENSION_CALL"} == {"nordlys.pbx.test"}
    filtered = send(sim, "GET", "/calllogs", {"filter": "duration ge 0", "count": "true"}, headers=tenant2).json()
    assert filtered["count"] == queries.list_call_logs(store, tenant_id=2, top=1)["count"]
    other = queries.list_cdrs(store, tenant_id=1, top=1)["items"][0]["id"]
    assert send(sim, "GET", f"/cdrs/{other}", headers=tenant2).status_code == 404
    assert send(sim, "GET", f"/cdrs/{other}").status_code == 200  # the administrator sees every tenant


def test_call_report_lifecycle(store: Any) -> None:
    sim = simulator(store)
    new_id = send(sim, "POST", "/call_reports", body=REPORT).json()["id"]
    report = get(sim, f"/call_reports/{new_id}")
    assert {k: report[k] for k in REPORT} == REPORT
    assert report["status"] == "SCHEDULED" and report["cron_expr"] is None
    assert send(sim, "POST", f"/call_reports/{new_id}", body={"name": "Renamed", "type": "NORMAL"}).status_code == 200
    assert get(sim, f"/call_reports/{new_id}")["name"] == "Renamed"
    assert get(sim, f"/call_reports/{new_id}")["filter"] == REPORT["filter"]
    listed = get(sim, "/call_reports", filter=f"id eq '{new_id}'")["items"]
    assert listed == [{"id": new_id, "name": "Renamed", "type": "NORMAL", "cron_expr": None, "status": "SCHEDULED"}]
    assert send(sim, "POST", f"/call_reports/{new_id}/destroy").status_code == 204
    assert send(sim, "GET", f"/call_reports/{new_id}").status_code == 404
    assert send(sim, "POST", f"/call_reports/{new_id}/destroy").status_code == 404


@pytest.mark.parametrize(("change", "says"), [
    ({"type": "RING_GROUP_STATISTICS"}, "cannot change"),
    ({"filter": {"from": "NUMBER"}}, "from_value"),
    ({"range": "CUSTOM", "started_at": "2025-10-28T00:00:00Z"}, "CUSTOM"),
])
def test_updates_that_break_the_report_are_refused(store: Any, change: dict[str, Any], says: str) -> None:
    sim = simulator(store)
    new_id = send(sim, "POST", "/call_reports", body=REPORT).json()["id"]
    answer = send(sim, "POST", f"/call_reports/{new_id}", body=change)
    assert answer.status_code == 400 and says in answer.text
    assert get(sim, f"/call_reports/{new_id}")["name"] == REPORT["name"]


def test_generated_reports_answer_one_address_and_an_empty_filter(sim: Simulator) -> None:
    report = get(sim, "/call_reports/2")
    assert report["email"] == "ops@acme.pbx.test" and report["filter"] == {}


def test_completed_report_destroy(store: Any) -> None:
    sim = simulator(store)
    first = get(sim, "/completed_call_reports", count="true")
    gone = first["items"][0]["id"]
    assert send(sim, "POST", f"/completed_call_reports/{gone}/destroy").status_code == 204
    assert send(sim, "GET", f"/completed_call_reports/{gone}").status_code == 404
    assert get(sim, "/completed_call_reports", count="true")["count"] == first["count"] - 1


def test_an_unreadable_filter_past_the_schema_is_a_malformed_request(store: Any) -> None:
    lenient = simulator(store)
    lenient.fault = lenient.fault.__class__(skip_schema_fields=frozenset({"filter"}))
    answer = send(lenient, "GET", "/cdrs", {"filter": "caller eq"})
    assert answer.status_code == 400 and answer.json()["errors"][0]["code"] == "VALIDATE_FAILED"
    crashing = simulator(store, fault="portsip-cdr-filter-parser-crash")
    assert send(crashing, "GET", "/cdrs", {"filter": "caller eq"}).status_code == 500
    assert send(crashing, "GET", "/cdrs", {"top": 0}).status_code == 400  # other refusals keep their status


# -- latitude: other readings of what the document leaves open ---------------------------------------------------
def latitude(store: Any, *flags: str, **effect: Any) -> Simulator:
    from conformance.simulator.faults.catalogue import FaultEffect

    sim = simulator(store)
    sim.fault = FaultEffect.parse({"flags": list(flags), **effect})
    return sim


def test_records_can_come_newest_first_and_leave_unset_times_out(store: Any) -> None:
    sim = latitude(store, "records_newest_first", "unset_times_absent")
    for path in ("/cdrs", "/calllogs"):
        items = get(sim, path, top=50)["items"]
        starts = [timefmt.parse_rfc3339(i["started_at"]) for i in items]
        assert starts == sorted(starts, reverse=True)
        assert any("answered_at" not in i for i in items) and all(i.get("answered_at", 1) is not None for i in items)
        filtered = get(sim, path, filter="duration ge 0", top=50)["items"]  # a filter keeps the default order
        assert [i["id"] for i in filtered] == [i["id"] for i in items]


def test_completed_reports_can_be_downloaded_by_id(store: Any) -> None:
    items = get(latitude(store, "file_url_by_id"), "/completed_call_reports")["items"]
    assert items and all(i["file_url"] == f"/api/completed_call_reports/{i['id']}/file" for i in items)


def test_unreadable_filters_can_answer_an_empty_page(store: Any) -> None:
    sim = latitude(store, "garbage_filter_empty_page", skip_schema_fields=["filter", "orderby"])
    assert get(sim, "/cdrs", filter="caller eq") == {"items": []}
    assert send(simulator(store), "GET", "/cdrs", {"filter": "caller eq"}).status_code == 400
