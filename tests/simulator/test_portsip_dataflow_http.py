"""The PortSIP Dataflow simulator over HTTP (in-process ASGI): figures from the store, every filter, paging,
tenants, readings of ambiguous errata, report-job lifecycle, and the OData-like options."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import vendor_tenant
from conformance.simulator.model import Window
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.replies import Rejection
from conformance.simulator.storefactory import build_store
from conformance.specs import iter_operations, load_spec
from conformance.vendors.portsip.simulator import listing
from conformance.vendors.portsip.simulator.queries import calls as portsip_calls
from conformance.vendors.portsip.simulator.queries import queue as portsip_queue
from tests.asgi import asgi_request

SPEC = "portsip-dataflow"
OPS = {op.operation_id: op for op in iter_operations(load_spec(SPEC))}
CALLS, SEED = 1500, 5
STX = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180]


class InProcess:
    """Requests to one simulator through its ASGI app (no server)."""

    def __init__(self, sim: Simulator, token: str | None = "simulator-token") -> None:
        self.sim = sim
        self.token = token

    def send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return asgi_request(self.sim.app, method, url, headers=headers, **kwargs)

    def url(self, operation_id: str, path: dict[str, Any] | None = None) -> str:
        url = self.sim.mount + OPS[operation_id].path
        for name, value in (path or {}).items():
            url = url.replace("{" + name + "}", str(value))
        return url

    def op(self, operation_id: str, body: Any = None, *, query: dict[str, Any] | None = None,
           path: dict[str, Any] | None = None) -> httpx.Response:
        method = OPS[operation_id].method.upper()
        kwargs: dict[str, Any] = {"params": query or {}}
        if body is not None:
            kwargs["json"] = body
        return self.send(method, self.url(operation_id, path), **kwargs)

    def login(self, username: str, password: str) -> InProcess:
        answer = self.send("POST", self.sim.mount + "/auth/sign_in", json={"username": username, "password": password})
        assert answer.status_code == 200
        return InProcess(self.sim, answer.json()["access_token"])


@pytest.fixture(scope="module")
def store() -> Any:
    return build_store(SimulatorOptions(spec=SPEC, calls=CALLS, seed=SEED))


def simulator(store: Any, fault: str | None = None, **readings: str) -> InProcess:
    options = SimulatorOptions(spec=SPEC, calls=CALLS, seed=SEED, fault=fault, readings=readings)
    return InProcess(create_simulator(options, store))


@pytest.fixture(scope="module")
def api(store: Any) -> InProcess:
    return simulator(store)


@pytest.fixture(scope="module")
def tenant(store: Any) -> dict[str, Any]:
    return vendor_tenant(store, SPEC)


def day(tenant: dict[str, Any], days: int = 1) -> dict[str, str]:
    start = datetime.fromisoformat(tenant["busiest_day"]["start"])
    return {"start_time": start.isoformat(), "end_time": (start + timedelta(days=days)).isoformat()}


def window_of(fields: dict[str, str]) -> Window:
    return Window.of(datetime.fromisoformat(fields["start_time"]), datetime.fromisoformat(fields["end_time"]))


# -- queues and agents --------------------------------------------------------------------------------------
def test_queue_summary_is_the_store_figures(api: InProcess, store: Any, tenant: dict[str, Any]) -> None:
    queue = tenant["queues"][0]["number"]
    answer = api.op("getQueueKpiSummary", {"queues": [{"number": queue}], **day(tenant)})
    assert answer.status_code == 200
    expected = portsip_queue.queue_summary(store, [queue], window_of(day(tenant)))
    assert answer.json() == {"metrics": expected}
    assert expected["offered"] > 0


def test_several_queues_average_and_unknown_queues_count_nothing(api: InProcess, store: Any,
                                                                  tenant: dict[str, Any]) -> None:
    numbers = [q["number"] for q in tenant["queues"]]
    answer = api.op("getQueueKpiSummary", {"queues": [{"number": n, "sla_secs": 20} for n in numbers], **day(tenant)})
    specs = [{"number": n, "sla_secs": 20} for n in numbers]
    assert answer.json()["metrics"] == portsip_queue.queue_summary(store, specs, window_of(day(tenant)))
    unknown = api.op("getQueueKpiSummary", {"queues": [{"number": "no-such-queue"}], **day(tenant)})
    assert unknown.status_code == 200 and set(unknown.json()["metrics"].values()) == {0}


def test_queue_timeseries_steps_and_cb_fail_readings(store: Any, tenant: dict[str, Any]) -> None:
    queue = tenant["queues"][0]["number"]
    body = {"queue": queue, "interval": "2h", **day(tenant)}
    counts = simulator(store).op("getQueueTimeseries", body).json()["points"]
    assert len(counts) == 12
    assert [p["offered"] for p in counts] == [
        p["offered"] for p in portsip_queue.queue_timeseries(store, queue, window_of(day(tenant)), "2h")]
    percent = simulator(store, portsip_cb_fail_meaning="percent").op("getQueueTimeseries", body).json()["points"]
    for as_count, as_percent in zip(counts, percent, strict=True):
        attempts = as_count["cb_ok"] + as_count["cb_fail"]
        assert as_percent["cb_fail"] == (round(100 * as_count["cb_fail"] / attempts) if attempts else 0)
        assert 0 <= as_percent["cb_fail"] <= 100


def test_unknown_interval_refused_unless_the_fault_is_on(store: Any, tenant: dict[str, Any]) -> None:
    body = {"queue": tenant["queues"][0]["number"], "interval": "5h", **day(tenant)}
    assert simulator(store).op("getQueueTimeseries", body).status_code == 400
    lenient = simulator(store, "portsip-dataflow-unknown-interval-accepted").op("getQueueTimeseries", body)
    assert lenient.status_code == 200 and len(lenient.json()["points"]) == 24


def test_agent_summary_and_series(api: InProcess, store: Any, tenant: dict[str, Any]) -> None:
    queue = tenant["queues"][0]
    agent = queue["agents"][0]
    summary = api.op("getAgentQueueSummary", {"queue": queue["number"], "agent": agent, **day(tenant)}).json()
    assert summary == {"points": portsip_queue.agent_queue_summary(store, queue["number"], agent,
                                                                   window_of(day(tenant)))}
    series = api.op("getAgentQueueTimeseries", {"queue": queue["number"], "agent": agent, "interval": "1h",
                                                **day(tenant)}).json()["points"]
    assert sum(p["accepted"] for p in series) == summary["points"]["accepted"]
    assert set(series[0]) == {"t", "occupancy_pct", "aht_sec", "att_sec", "accepted"}
    nobody = api.op("getAgentQueueSummary", {"queue": queue["number"], "agent": "nobody", **day(tenant)}).json()
    assert set(nobody["points"].values()) == {0}


# -- calls timeseries and tenants -------------------------------------------------------------------------
def test_calls_timeseries_groups_by_range(api: InProcess, tenant: dict[str, Any]) -> None:
    hourly = api.op("getCallsTimeseries", day(tenant)).json()["points"]
    daily = api.op("getCallsTimeseries", day(tenant, 3)).json()["points"]
    assert len(hourly) == 24 and len(daily) == 3
    assert all(p["total"] == p["answered"] + p["not_answered"] for p in hourly + daily)
    assert sum(p["total"] for p in hourly) == daily[0]["total"]


def test_calls_timeseries_interval_reading(store: Any, tenant: dict[str, Any]) -> None:
    by_interval = simulator(store, portsip_calls_timeseries_step="by_interval")
    assert len(by_interval.op("getCallsTimeseries", {**day(tenant), "interval": "2h"}).json()["points"]) == 12
    assert by_interval.op("getCallsTimeseries", {**day(tenant), "interval": "5h"}).status_code == 400
    assert len(simulator(store).op("getCallsTimeseries", {**day(tenant), "interval": "2h"}).json()["points"]) == 24


def test_tenants_admin_chooses_tenant_users_see_their_own(api: InProcess, store: Any, tenant: dict[str, Any]) -> None:
    window = window_of(day(tenant, 2))

    def totals(client: InProcess, **extra: Any) -> int:
        return sum(p["total"] for p in client.op("getCallsTimeseries", {**day(tenant, 2), **extra}).json()["points"])

    everyone = sum(p["total"] for p in portsip_calls.calls_timeseries(store, window))
    second = sum(p["total"] for p in portsip_calls.calls_timeseries(store, window, tenants=[2]))
    assert totals(api) == everyone and totals(api, tenants=[2]) == second
    assert second < everyone
    tenant2 = api.login("tenant2", "tenant2-password")
    assert totals(tenant2) == second and totals(tenant2, tenants=[1]) == second
    history = tenant2.op("getCallsHistory", day(tenant, 2), query={"count": "true"}).json()
    assert history["count"] == second


def test_unscoped_tenant_fault_lets_a_tenant_see_everyone(store: Any, tenant: dict[str, Any]) -> None:
    client = simulator(store)
    client.sim.fault = type(client.sim.fault)(unscoped_tenant=True)
    tenant2 = client.login("tenant2", "tenant2-password")
    window = window_of(day(tenant, 2))
    everyone = sum(p["total"] for p in portsip_calls.calls_timeseries(store, window))
    assert sum(p["total"] for p in tenant2.op("getCallsTimeseries", day(tenant, 2)).json()["points"]) == everyone


# -- call history ---------------------------------------------------------------------------------------------
def history(client: InProcess, tenant: dict[str, Any], query: dict[str, Any] | None = None,
            **filters: Any) -> dict[str, Any]:
    answer = client.op("getCallsHistory", {**day(tenant), **filters}, query={"count": "true", **(query or {})})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_history_count_only_when_asked(api: InProcess, tenant: dict[str, Any]) -> None:
    plain = api.op("getCallsHistory", day(tenant)).json()
    assert "count" not in plain and len(plain["items"]) == min(100, history(api, tenant)["count"])
    assert "status" not in plain["items"][0]


def test_history_paging(api: InProcess, tenant: dict[str, Any]) -> None:
    whole = history(api, tenant, {"top": 100})
    pages = [history(api, tenant, {"top": 7, "skip": skip})["items"] for skip in range(0, 28, 7)]
    assert [i["session_id"] for page in pages for i in page] == [i["session_id"] for i in whole["items"][:28]]
    assert history(api, tenant, {"skip": whole["count"]})["items"] == []


@pytest.mark.parametrize(("filters", "holds"), [
    ({"status": "ANSWERED"}, lambda i: i["answered_at"] is not None),
    ({"status": "UNANSWERED"}, lambda i: i["answered_at"] is None),
    ({"start_duration": 60, "end_duration": 300}, lambda i: 60 <= i["ended_at"] - i["started_at"] <= 300),
])
def test_history_filters(api: InProcess, tenant: dict[str, Any], filters: dict[str, Any], holds: Any) -> None:
    everything = history(api, tenant)
    kept = history(api, tenant, **filters)
    assert 0 < kept["count"] < everything["count"]
    assert all(holds(i) for i in kept["items"])


def test_history_number_hour_and_session_filters(api: InProcess, tenant: dict[str, Any]) -> None:
    first = history(api, tenant, {"top": 1})["items"][0]
    by_caller = history(api, tenant, **{"from": first["caller"]})
    assert by_caller["count"] >= 1 and all(i["caller"] == first["caller"] for i in by_caller["items"])
    by_callee = history(api, tenant, to=first["callee"])
    assert all(i["callee"] == first["callee"] for i in by_callee["items"])
    by_session = history(api, tenant, session_id=first["session_id"])
    assert by_session["count"] == 1 and by_session["items"][0] == first
    offset = datetime.fromisoformat(day(tenant)["start_time"]).utcoffset()
    assert offset is not None
    morning = history(api, tenant, start_hour_of_day=9, end_hour_of_day=12)
    hours = {int(((i["started_at"] + offset.total_seconds()) % 86400) // 3600) for i in morning["items"]}
    assert hours and hours <= {9, 10, 11}
    night = history(api, tenant, start_hour_of_day=22, end_hour_of_day=6)
    assert all(int(((i["started_at"] + offset.total_seconds()) % 86400) // 3600) not in range(6, 22)
               for i in night["items"])


def test_status_spelling_readings(store: Any, tenant: dict[str, Any]) -> None:
    enum, prose = simulator(store), simulator(store, portsip_status_spelling="prose")
    assert enum.op("getCallsHistory", {**day(tenant), "status": "UNANSWERED"}).status_code == 200
    assert enum.op("getCallsHistory", {**day(tenant), "status": "NOT_ANSWERED"}).status_code == 400
    assert prose.op("getCallsHistory", {**day(tenant), "status": "UNANSWERED"}).status_code == 400
    assert prose.op("getCallsUserHistory", {**day(tenant), "status": "UNANSWERED", "user": "1001"}).status_code == 400


# -- user history and sessions ----------------------------------------------------------------------------
def user_history(client: InProcess, tenant: dict[str, Any], **filters: Any) -> dict[str, Any]:
    answer = client.op("getCallsUserHistory", {**day(tenant, 7), **filters}, query={"count": "true"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_user_history_filters(api: InProcess, tenant: dict[str, Any]) -> None:
    user = tenant["users"][0]
    legs = user_history(api, tenant, user=user)
    assert legs["count"] > 0
    assert all((i["party"] == "CALLER" and i["caller"] == user) or (i["party"] == "CALLEE" and i["callee"] == user)
               for i in legs["items"])
    callers = user_history(api, tenant, user=user, party="CALLER")
    assert 0 < callers["count"] < legs["count"] and {i["party"] for i in callers["items"]} == {"CALLER"}
    outbound = user_history(api, tenant, user=user, direction="OUTBOUND")
    assert {i["direction"] for i in outbound["items"]} <= {"OUTBOUND"}
    destination = legs["items"][0]["destination"]
    assert all(i["destination"] == destination for i in user_history(api, tenant, user=user,
                                                                      destination=destination)["items"])
    assert user_history(api, tenant) == {"count": 0, "items": []}
    assert user_history(api, tenant, user="no-such-user") == {"count": 0, "items": []}


def test_party_reading_puts_the_party_in_direction(store: Any, tenant: dict[str, Any]) -> None:
    client = simulator(store, portsip_history_direction="party_enum")
    legs = user_history(client, tenant, user=tenant["users"][0])["items"]
    assert legs and all(i["direction"] == i["party"] for i in legs)
    assert all(i["direction"] != i.get("party") or i["party"] == "NONE"
               for i in history(client, tenant)["items"])


def test_by_session_reads(api: InProcess, tenant: dict[str, Any]) -> None:
    item = history(api, tenant, {"top": 1})["items"][0]
    for operation in ("getCallsHistoryBySessionId", "getUserCallHistoryBySessionId"):
        legs = api.op(operation, {}, path={"session_id": item["session_id"]}).json()["items"]
        assert legs and {leg["session_id"] for leg in legs} == {item["session_id"]}
        assert item["call_id"] in {leg["call_id"] for leg in legs}
        assert api.op(operation, path={"session_id": "nope"}).json() == {"items": []}


def test_tenant_users_cannot_read_other_tenants_sessions(api: InProcess, store: Any, tenant: dict[str, Any]) -> None:
    session = store.scalar("SELECT id FROM sessions WHERE tenant_id = 1 ORDER BY id LIMIT 1")
    session_id = str(400_000_000_000_000 + session)
    assert api.op("getCallsHistoryBySessionId", {}, path={"session_id": session_id}).json()["items"]
    tenant2 = api.login("tenant2", "tenant2-password")
    assert tenant2.op("getCallsHistoryBySessionId", {}, path={"session_id": session_id}).json() == {"items": []}


def test_undocumented_query_parameters_are_refused(api: InProcess, tenant: dict[str, Any]) -> None:
    answer = api.op("getCallsHistory", day(tenant), query={"orderby": "started_at"})
    assert answer.status_code == 400 and "orderby" in answer.text


# -- report jobs and logs --------------------------------------------------------------------------------------
def job(name: str = "job", stx: list[int] | None = None, **extra: Any) -> dict[str, Any]:
    return {"schedule_name": name, "type": "SPEEDOFACCEPT", "format": "CSV", "cron_expr": "1 0 * * *",
            "recipients": "a@example.com;b@example.com", "time_zone": "Europe/Copenhagen",
            "start_time": "2025-11-01T00:00:00+01:00",
            "params": {"from": "2025-11-01T00:00:00Z", "to": "2025-11-02T00:00:00Z", "time_range": "CUSTOM",
                       "queue": ["1801"], "stx": stx or STX}, **extra}


def test_report_job_lifecycle(store: Any) -> None:
    client = simulator(store)
    created = client.op("createReport", job("lifecycle"))
    assert created.status_code == 200
    job_id = created.json()["id"]
    got = client.op("getReportJobById", path={"id": job_id}).json()
    assert {k: got[k] for k in job("lifecycle")} == job("lifecycle")
    assert got["active"] is True and got["last_run_time"] is None and got["create_time"].endswith("Z")
    assert client.op("updateReport", {"schedule_name": "renamed", "active": False}, path={"id": job_id}).status_code \
        == 200
    updated = client.op("getReportJobById", path={"id": job_id}).json()
    assert updated["schedule_name"] == "renamed" and updated["active"] is False and updated["params"] == got["params"]
    mismatch = client.op("updateReport", {"type": "QUEUESUMMARY"}, path={"id": job_id})
    assert mismatch.status_code == 400 and "params" in mismatch.text
    assert client.op("destroyReportJob", path={"id": job_id}).status_code == 200
    assert client.op("getReportJobById", path={"id": job_id}).status_code == 404
    assert client.op("destroyReportJob", path={"id": job_id}).status_code == 404
    assert client.op("updateReport", {"schedule_name": "x"}, path={"id": job_id}).status_code == 404


def test_stx_must_rise_strictly(store: Any) -> None:
    broken = job("broken", stx=[10, 5, *STX[2:]])
    refused = simulator(store).op("createReport", broken)
    assert refused.status_code == 400 and "stx" in refused.text
    accepted = simulator(store, "portsip-dataflow-stx-not-ascending-accepted").op("createReport", broken)
    assert accepted.status_code == 200
    simulator(store).op("destroyReportJob", path={"id": accepted.json()["id"]})


def test_create_readings(store: Any) -> None:
    sibling = simulator(store, portsip_create_status="sibling", portsip_destroy_status="sibling")
    created = sibling.op("createReport", job("sibling"))
    assert created.status_code == 201
    assert sibling.op("destroyReportJob", path={"id": created.json()["id"]}).status_code == 204
    legacy = simulator(store, portsip_create_timezone_field="timezone")
    job_id = legacy.op("createReport", {**job("zone"), "time_zone": "UTC", "timezone": "Asia/Shanghai"}).json()["id"]
    assert legacy.op("getReportJobById", path={"id": job_id}).json()["time_zone"] == "Asia/Shanghai"
    legacy.op("destroyReportJob", path={"id": job_id})


def test_report_list_options(api: InProcess) -> None:
    ids = [api.op("createReport", job(f"list {n}", active=n % 2 == 0)).json()["id"] for n in range(4)]
    try:
        everything = api.op("getReportList", query={"count": "true"}).json()
        assert everything["count"] == len(everything["items"]) >= 4
        active = api.op("getReportList", query={"filter": "active eq true and startswith(schedule_name,'list')",
                                                "count": "true"}).json()
        assert active["count"] == 2 and all(i["active"] for i in active["items"])
        last = api.op("getReportList", query={"orderby": "schedule_name desc, id", "top": 2}).json()["items"]
        assert [i["id"] for i in last] == [ids[3], ids[2]]
        page = api.op("getReportList", query={"orderby": "id", "skip": 1, "top": 2, "count": "true"}).json()
        assert page["count"] == everything["count"] and len(page["items"]) == 2
        assert api.op("getReportList", query={"filter": "nonsense"}).status_code == 400
        assert api.op("getReportList", query={"orderby": "id sideways"}).status_code == 400
    finally:
        for job_id in ids:
            api.op("destroyReportJob", path={"id": job_id})


def test_report_logs_list_and_delete(store: Any) -> None:
    client = simulator(build_store(SimulatorOptions(spec=SPEC, calls=50, seed=SEED)))
    logs = client.op("listReportLog", query={"count": "true", "filter": "type eq 'CALLLOGS'"}).json()
    assert logs["count"] == 2 and {i["type"] for i in logs["items"]} == {"CALLLOGS"}
    victim = logs["items"][0]["id"]
    assert client.op("deleteReportLog", path={"id": victim}).status_code == 200
    left = client.op("listReportLog", query={"count": "true"}).json()
    assert victim not in {i["id"] for i in left["items"]}
    assert client.op("deleteReportLog", path={"id": victim}).status_code == 404


# -- OData-like options ----------------------------------------------------------------------------------------
# The grammar and both readings are tested with ``conformance.odata`` (tests/test_odata.py); here, the refusal.
def query_context(query: dict[str, str], *flags: str) -> Any:
    """What the listing helpers read of a request: its query and the latitude flags switched on."""
    return SimpleNamespace(query=query, flag=lambda name: name in flags)


@pytest.mark.parametrize("text", ["", "n", "n eq", "n eq 3 and", "n equals 3", "(n eq 3", "eq eq 3", "n eq 'open",
                                  "startswith(name, 3)", "n eq 3 3", "n eq @"])
def test_bad_filters_are_refused(text: str) -> None:
    ctx = query_context({"filter": text})
    with pytest.raises(Rejection) as refused:
        listing.filtered(ctx, [{"n": 3, "name": "Daily"}])
    assert refused.value.kind == "invalid" and refused.value.field == "filter"


def test_unknown_fields_and_bad_orderby_are_refused() -> None:
    items = [{"n": 3}]
    with pytest.raises(Rejection):
        listing.filtered(query_context({"filter": "missing eq 1"}), items, fields={"n"})
    for bad in ("n upward", "", "n,", "eq"):
        with pytest.raises(Rejection) as refused:
            listing.filtered(query_context({"orderby": bad}), items)
        assert refused.value.kind == "invalid" and refused.value.field == "orderby"
    ctx = query_context({"filter": "n eq", "orderby": "n"})
    with pytest.raises(Rejection) as refused:
        listing.filtered(ctx, items, refusal="malformed")
    assert refused.value.kind == "malformed"


@pytest.mark.parametrize("query", [{"filter": "n eq"}, {"orderby": "n upward"}, {"filter": "missing eq 1"}])
def test_unreadable_options_answer_an_empty_page_under_the_latitude(query: dict[str, str]) -> None:
    assert listing.filtered(query_context(query, "garbage_filter_empty_page"), [{"n": 3}], fields={"n"}) == []
    assert listing.filtered(query_context({"filter": "n eq 3"}, "garbage_filter_empty_page"), [{"n": 3}]) == [{"n": 3}]


# -- latitude: other readings of what the document leaves open ---------------------------------------------------
def latitude(store: Any, *flags: str, **effect: Any) -> InProcess:
    """A simulator whose latitude switches on ``flags`` (and any further effect)."""
    from conformance.simulator.faults.catalogue import FaultEffect

    sim = simulator(store)
    sim.sim.fault = FaultEffect.parse({"flags": list(flags), **effect})
    return sim


def test_unset_times_can_be_zero_or_absent(store: Any, tenant: dict[str, Any]) -> None:
    body = {**day(tenant), "status": "UNANSWERED"}
    default = simulator(store).op("getCallsHistory", body).json()["items"]
    assert default and all(item["answered_at"] is None for item in default)
    zero = latitude(store, "unset_times_zero").op("getCallsHistory", body).json()["items"]
    assert all(item["answered_at"] == 0 for item in zero)
    absent = latitude(store, "unset_times_absent").op("getCallsHistory", body).json()["items"]
    assert all("answered_at" not in item for item in absent)


def test_histories_newest_first_page_in_that_order(store: Any, tenant: dict[str, Any]) -> None:
    api = latitude(store, "history_newest_first")
    starts = [i["started_at"] for page in (0, 1)
              for i in api.op("getCallsHistory", day(tenant), query={"top": 5, "skip": 5 * page}).json()["items"]]
    assert len(starts) == 10 and starts == sorted(starts, reverse=True)


def test_unknown_references_and_agents_outside_the_queue_can_be_refused(store: Any, tenant: dict[str, Any]) -> None:
    api = latitude(store, "unknown_reference_refused")
    queue = tenant["queues"][0]["number"]
    assert api.op("getQueueKpiSummary", {"queues": [{"number": "999999"}], **day(tenant)}).status_code == 404
    assert api.op("getQueueKpiSummary", {"queues": [{"number": queue}], **day(tenant)}).status_code == 200
    agents = store.query("SELECT e.number, EXISTS(SELECT 1 FROM queue_members m JOIN queues q ON q.id = m.queue_id "
                         "WHERE q.number = ? AND m.extension_id = e.id) FROM extensions e WHERE e.is_agent = 1",
                         (queue,))
    member = next(number for number, inside in agents if inside)
    outsider = next((number for number, inside in agents if not inside), None)
    body = {"queue": queue, **day(tenant)}
    assert api.op("getAgentQueueSummary", {**body, "agent": member}).status_code == 200
    if outsider is not None:
        assert api.op("getAgentQueueSummary", {**body, "agent": outsider}).status_code == 404
    assert api.op("getCallsUserHistory", {**day(tenant), "user": "no-such-user"}).status_code == 404
    assert api.op("getCallsHistoryBySessionId", {}, path={"session_id": "1"}).status_code == 404


def test_a_window_ending_before_it_starts_can_be_served_empty(store: Any, tenant: dict[str, Any]) -> None:
    fields = day(tenant)
    reversed_window = {"start_time": fields["end_time"], "end_time": fields["start_time"]}
    assert simulator(store).op("getCallsHistory", reversed_window).status_code == 400
    served = latitude(store, skip_rules=["window_order"]).op("getCallsHistory", reversed_window,
                                                             query={"count": "true"})
    assert served.status_code == 200 and served.json() == {"count": 0, "items": []}


def test_daily_calls_timeseries_can_leave_out_days_without_calls(store: Any, tenant: dict[str, Any]) -> None:
    quiet = {"start_time": "2020-01-01T00:00:00Z", "end_time": "2020-01-04T00:00:00Z"}
    assert len(simulator(store).op("getCallsTimeseries", quiet).json()["points"]) == 3
    api = latitude(store, "calls_series_skip_empty_days")
    assert api.op("getCallsTimeseries", quiet).json()["points"] == []
    assert len(api.op("getCallsTimeseries", day(tenant)).json()["points"]) == 24  # hours are never left out


def test_a_users_queue_calls_can_show_the_dialled_number(store: Any, tenant: dict[str, Any]) -> None:
    agent = str(store.scalar("SELECT number FROM extensions WHERE is_agent = 1 ORDER BY id LIMIT 1"))
    body = {**day(tenant, 7), "user": agent, "party": "CALLEE"}
    default = simulator(store).op("getCallsUserHistory", body, query={"top": 100}).json()["items"]
    shown = latitude(store, "user_history_dialled_callee").op("getCallsUserHistory", body,
                                                              query={"top": 100}).json()["items"]
    through = [(a, b) for a, b in zip(default, shown, strict=True) if a.get("service_number")]
    assert through and all(b["callee"] == a["service_number"] != a["callee"] for a, b in through)


def test_paging_can_be_clamped_and_count_always_given(store: Any, tenant: dict[str, Any]) -> None:
    api = latitude(store, "paging_clamped", "count_always", skip_schema_fields=["top", "skip"])
    answer = api.op("getCallsHistory", day(tenant), query={"top": 500, "skip": -3})
    assert answer.status_code == 200 and len(answer.json()["items"]) == 100 and "count" in answer.json()
