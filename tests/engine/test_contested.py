"""Contests: which requests an ambiguous erratum leaves open, on which operations."""

from __future__ import annotations

from typing import Any

from conformance.engine.contested import contests
from conformance.engine.generation import field_schemas, prepare_document
from conformance.engine.requests import RequestSpec
from conformance.errata import load_errata
from conformance.specs import Operation, iter_operations, load_spec


def _op(document: dict[str, Any], operation_id: str) -> Operation:
    return next(op for op in iter_operations(document) if op.operation_id == operation_id)


def _contests(spec: str) -> tuple[dict[str, Any], dict[str, Any]]:
    document = load_spec(spec)
    return document, {c.erratum: c for c in contests([e for e in load_errata() if e.spec == spec], document)}


def test_value_contest_disputes_the_probe_values_only() -> None:
    document, found = _contests("portsip-dataflow")
    contest = found["PSD-001"]
    history = _op(document, "getCallsHistory")
    assert contest.disputes(RequestSpec(history, body={"status": "NOT_ANSWERED"}))
    assert contest.disputes(RequestSpec(history, body={"status": "UNANSWERED"}))
    assert not contest.disputes(RequestSpec(history, body={"status": "ANSWERED"}))
    assert not contest.disputes(RequestSpec(history, body={}))
    assert contest.covers_field("getCallsHistory", "body", "status")
    assert not contest.covers_field("getCallsHistory", "body", "start_time")


def test_disputed_schema_widens_a_value_contest_to_the_same_form() -> None:
    document, found = _contests("yeastar-call-report")
    contest = found["YEA-014"]
    report = _op(document, "downloadCallReport")
    assert contest.disputes(RequestSpec(report, query={"time": "11/2025"}))  # a month form, not a probe value
    assert contest.disputes(RequestSpec(report, query={"time": "11/30/2025"}))  # a day form
    assert not contest.disputes(RequestSpec(report, query={"time": "2025"}))  # a year reads alike either way


def test_omission_contest_covers_every_citing_operation() -> None:
    document, found = _contests("fusionpbx-report")
    contest = found["FUS-008"]
    citing = {op.operation_id for op in iter_operations(document) if "FUS-008" in op.operation.get("x-pbx-errata", [])}
    assert contest.operations == citing and len(citing) == 5
    summary = _op(document, "getExtensionUserSummary")
    assert contest.disputes(RequestSpec(summary))
    assert not contest.disputes(RequestSpec(summary, query={"start_time": "2024-05-06 00:00:00",
                                                            "end_time": "2024-05-06 23:59:59"}))
    assert not contest.disputes(RequestSpec(summary, query={"start_time": "2024-05-06 00:00:00"}))
    assert not contest.covers_field("getExtensionUserSummary", "query", "start_time")  # values stay judged


def test_prepared_document_drops_disputed_enum_values_only() -> None:
    document, found = _contests("portsip-dataflow")
    prepared = prepare_document(document, tuple(found.values()))
    status = field_schemas(prepared, _op(prepared, "getCallsHistory").operation, "body", "status")
    assert status and all(schema["enum"] == ["NONE", "ANSWERED"] for schema in status)
    original = field_schemas(document, _op(document, "getCallsHistory").operation, "body", "status")
    assert all("UNANSWERED" in schema["enum"] for schema in original)


def test_where_narrows_an_omission_contest_to_the_named_report_types() -> None:
    document, found = _contests("yeastar-call-report")
    contest = found["YEA-007"]
    report = _op(document, "downloadCallReport")
    assert contest.disputes(RequestSpec(report, query={"type": "extcallbilling"}))
    assert not contest.disputes(RequestSpec(report, query={"type": "extcallbilling", "trunk_id_list": "1"}))
    assert not contest.disputes(RequestSpec(report, query={"type": "queuesatisfaction"}))  # not an accounting type


def test_check_contest_disputes_one_refusal_and_no_request() -> None:
    document, found = _contests("portsip-dataflow")
    contest = found["PSD-006"]
    summary = _op(document, "getQueueKpiSummary")
    request = RequestSpec(summary, body={"queues": [], "start_time": "2025-01-01T00:00:00Z",
                                         "end_time": "2025-01-03T00:00:00Z"})
    assert contest.check == "NEG-WINDOW-OVER-MAX" and contest.applies_to(request)
    assert not contest.disputes(request)  # the request's other answers stay judged
    assert not contest.applies_to(RequestSpec(_op(document, "getQueueTimeseries"), body=request.body))
