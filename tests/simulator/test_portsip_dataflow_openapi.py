"""Every PortSIP Dataflow answer of the clean simulator validates against the normalised spec (openapi-core):
a broad sample over all sixteen operations, several windows, filters and readings, refusals included."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import requests
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from conformance.simulator.catalogue import vendor_tenant
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.storefactory import build_store
from conformance.specs import load_spec
from tests.simulator.test_portsip_dataflow_http import CALLS, OPS, SEED, SPEC, STX, InProcess, simulator
from tests.specs.helpers import openapi_of

SERVER = "https://pbx.example.com:8887"
OPENAPI = openapi_of(load_spec(SPEC))
READINGS: tuple[dict[str, str], ...] = (
    {},
    {"portsip_cb_fail_meaning": "percent", "portsip_create_status": "sibling", "portsip_destroy_status": "sibling"},
    {"portsip_calls_timeseries_step": "by_interval", "portsip_create_timezone_field": "timezone"},
)


def violations(client: InProcess, operation_id: str, body: Any = None, query: dict[str, Any] | None = None,
               path: dict[str, Any] | None = None, token: str | None = "default") -> tuple[int, list[str]]:
    """(status, problems) of one answer validated against the spec."""
    sender = client if token == "default" else InProcess(client.sim, token)
    answer = sender.op(operation_id, body, query=query, path=path)
    url = SERVER + sender.url(operation_id, path)
    prepared = requests.Request(OPS[operation_id].method.upper(), url, params=query, json=body).prepare()
    response = requests.Response()
    response.status_code = answer.status_code
    response._content = answer.content
    response.headers.update(answer.headers)
    try:
        OPENAPI.validate_response(RequestsOpenAPIRequest(prepared), RequestsOpenAPIResponse(response))
    except Exception as exc:  # any validation error is a violation
        return answer.status_code, [f"{operation_id} {answer.status_code}: {exc} {getattr(exc, '__cause__', '')}"]
    return answer.status_code, []


def windows(start: datetime) -> list[dict[str, str]]:
    """A day from midnight, an afternoon written in UTC, a ragged window in another offset."""
    noon = (start + timedelta(hours=12)).astimezone(UTC)
    ragged = start.astimezone(timezone(timedelta(hours=5, minutes=30))) + timedelta(minutes=17)
    return [
        {"start_time": start.isoformat(), "end_time": (start + timedelta(days=1)).isoformat()},
        {"start_time": noon.isoformat().replace("+00:00", "Z"), "end_time": (start + timedelta(hours=18)).isoformat()},
        {"start_time": ragged.isoformat(), "end_time": (ragged + timedelta(hours=23, minutes=5)).isoformat()},
    ]


def cases(tenant: dict[str, Any]) -> Iterator[tuple[str, Any, dict[str, Any] | None, dict[str, Any] | None]]:
    """(operation, body, query, path) of the sample."""
    queues = [q["number"] for q in tenant["queues"]]
    agent, user = tenant["agents"][0], tenant["users"][0]
    start = datetime.fromisoformat(tenant["busiest_day"]["start"])
    for window in windows(start):
        yield "getQueueKpiSummary", {"queues": [{"number": queues[0]}], **window}, None, None
        yield "getQueueKpiSummary", {"queues": [{"number": q, "sla_secs": 15} for q in queues], **window}, None, None
        for interval in ("1h", "3h", "8h"):
            yield "getQueueTimeseries", {"queue": queues[1], "interval": interval, **window}, None, None
            yield "getAgentQueueTimeseries", {"queue": queues[0], "agent": agent, "interval": interval,
                                              **window}, None, None
        yield "getAgentQueueSummary", {"queue": queues[0], "agent": agent, **window}, None, None
        yield "getCallsHistory", window, {"count": "true", "top": 5}, None
        yield "getCallsHistory", {**window, "status": "UNANSWERED", "start_hour_of_day": 8}, {"skip": 2}, None
        yield "getCallsUserHistory", {**window, "user": user}, {"count": "true"}, None
        yield "getCallsUserHistory", {**window, "user": agent, "party": "CALLEE", "status": "ANSWERED"}, None, None
    for days in (1, 2, 7, 40):
        window = {"start_time": start.isoformat(), "end_time": (start + timedelta(days=days)).isoformat()}
        yield "getCallsTimeseries", window, None, None
        yield "getCallsTimeseries", {**window, "tenants": [tenant["id"]]}, None, None
    yield "getCallsHistory", {"start_time": start.isoformat(), "end_time": (start + timedelta(days=3)).isoformat(),
                              "start_duration": 30, "end_duration": 600}, {"count": "true", "top": 100}, None
    yield "getReportList", None, {"count": "true"}, None
    yield "getReportList", None, {"filter": "type eq 'CALLLOGS' or active eq false", "orderby": "create_time desc"}, \
        None
    yield "listReportLog", None, {"count": "true", "top": 3, "skip": 1}, None
    yield "listReportLog", None, {"filter": "startswith(report_name,'queue')"}, None
    yield "getReportJobById", None, None, {"id": "1"}
    yield "getCallsHistoryBySessionId", {}, None, {"session_id": "400000000000001"}
    yield "getUserCallHistoryBySessionId", None, None, {"session_id": "400000000000002"}
    # refusals
    yield "getQueueKpiSummary", {"queues": [], "start_time": start.isoformat(),
                                 "end_time": (start + timedelta(days=2)).isoformat()}, None, None
    yield "getQueueTimeseries", {"queue": queues[0], "interval": "5h", **windows(start)[0]}, None, None
    yield "getCallsTimeseries", {"start_time": "2025-10-29T00:00:00", "end_time": "2025-10-30T00:00:00"}, None, None
    yield "getCallsHistory", {**windows(start)[0], "start_duration": 9, "end_duration": 3}, {"top": 0}, None
    yield "getReportList", None, {"filter": "id eq"}, None
    yield "getReportJobById", None, None, {"id": "999999"}
    yield "deleteReportLog", None, None, {"id": "999999"}
    yield "updateReport", {"schedule_name": "x"}, None, {"id": "999999"}


def job_cases(client: InProcess) -> Iterator[tuple[str, Any, dict[str, Any] | None, dict[str, Any] | None]]:
    """The write operations in order: create, read, update, list, destroy, and a log deletion."""
    body = {"schedule_name": "sample", "type": "ABANDONDELAY", "format": "HTML", "cron_expr": "3 2 1 * *",
            "params": {"from": "2025-11-01T00:00:00Z", "to": "2025-11-02T00:00:00Z", "time_range": "YESTERDAY",
                       "queue": ["1801"], "stx": STX}}
    created = client.op("createReport", body)
    job_id = created.json()["id"]
    yield "getReportJobById", None, None, {"id": job_id}
    yield "updateReport", {"active": False, "recipients": "x@example.com"}, None, {"id": job_id}
    yield "getReportList", None, {"filter": f"id eq '{job_id}'"}, None
    yield "createReport", {**body, "params": {**body["params"], "stx": STX[::-1]}}, None, None
    yield "destroyReportJob", None, None, {"id": job_id}
    yield "getReportJobById", None, None, {"id": job_id}
    yield "deleteReportLog", None, None, {"id": "1"}


@pytest.mark.parametrize("readings", READINGS, ids=["documented", "readings-a", "readings-b"])
def test_every_answer_validates(readings: dict[str, str]) -> None:
    store = build_store(SimulatorOptions(spec=SPEC, calls=CALLS, seed=SEED))
    client = simulator(store, **readings)
    tenant = vendor_tenant(store, SPEC)
    problems: list[str] = []
    statuses: dict[str, set[int]] = {}
    for operation_id, body, query, path in [*cases(tenant), *job_cases(client)]:
        status, found = violations(client, operation_id, body, query, path)
        statuses.setdefault(operation_id, set()).add(status)
        problems += found
    for token in (None, "not-a-token"):
        status, found = violations(client, "getCallsHistory", {"start_time": "2025-10-29T00:00:00Z",
                                                               "end_time": "2025-10-29T01:00:00Z"}, token=token)
        assert status == 401
        problems += found
    assert problems == []
    assert set(statuses) == set(OPS)
    assert {s for codes in statuses.values() for s in codes} >= {200, 400, 404}


@pytest.mark.parametrize(("fault", "operation_id"), [
    ("portsip-dataflow-counts-as-strings", "getQueueKpiSummary"),
    ("portsip-dataflow-cdr-direction-in-history", "getCallsHistory"),
])
def test_the_validation_sees_a_broken_answer(fault: str, operation_id: str) -> None:
    store = build_store(SimulatorOptions(spec=SPEC, calls=CALLS, seed=SEED))
    tenant = vendor_tenant(store, SPEC)
    body = next(b for op, b, _, _ in cases(tenant) if op == operation_id)
    assert violations(simulator(store), operation_id, body)[1] == []
    assert violations(simulator(store, fault), operation_id, body)[1] != []
