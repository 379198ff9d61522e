"""PortSIP CDR checks: each fires on a faulty answer and stays quiet on a clean one.

Response checks get hand-built exchanges; the filter judge is tested with ``conformance.odata``
(tests/test_odata.py). Scenarios run against the simulator in-process through a runner that records instead
of reporting (and runs this module's response checks on every accepted answer, as the engine does): quiet on
the clean profile, firing on the faults.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from conformance.checkapi.basis import Basis, resolve_basis
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import CHECKS, checks_for
from conformance.checkapi.scenarios import Call, ScenarioSkip
from conformance.engine.requests import RequestSpec
from conformance.vendors.portsip.checks import cdr as portsip_cdr
from tests.checks.builders import RecordingRunner, SpecUnderTest, declared, failure_message, run, simulate, store_for

SPEC = SpecUnderTest("portsip-cdr", url="http://pbx/api/x")
CDR: dict[str, Any] = {
    "id": "7", "caller": "1001", "callee": "+12125550100", "started_at": "2025-10-28T14:00:00Z",
    "rang_at": "2025-10-28T14:00:02Z", "answered_at": "2025-10-28T14:00:10Z", "ended_at": "2025-10-28T14:02:10Z",
    "direction": "OUTBOUND_CALL", "duration": 120, "trunk": "acme-sip1", "user_data": None,
}
UNANSWERED = {**CDR, "id": "8", "answered_at": None, "duration": 0}
COMPLETED = {"id": "1", "name": "Report 1", "type": "NORMAL", "format": "CSV", "completed_at": "2025-10-28T06:00:00Z",
             "file_name": "report 1.csv", "file_size": 900, "file_url": "/call_reports/report%201.csv"}


def context(op_id: str, **query: Any) -> CheckContext:
    return SPEC.context(op_id, query=query)


def answer(op_id: str, body: Any) -> Exchange:
    return SPEC.answer(op_id, body)


def listing(*items: dict[str, Any], count: int | None = None) -> dict[str, Any]:
    return {"items": list(items)} if count is None else {"count": count, "items": list(items)}


def fails(func: Any, ctx: CheckContext, exchange: Exchange) -> str:
    return failure_message(func, ctx, exchange)


# -- response checks -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("op_id", "body"), [
    ("listCDRs", listing(CDR, UNANSWERED)),
    ("retrieveCDR", CDR),
    ("retrieveCDR", {"items": [CDR]}),  # PSC-005 collection reading
    ("listCallLogs", listing({**CDR, "session_id": "400000000000001"})),
    ("retrieveCallLog", UNANSWERED),
])
def test_record_checks_are_quiet_on_clean_records(op_id: str, body: Any) -> None:
    for func in (portsip_cdr.timestamps_ordered, portsip_cdr.duration_consistent):
        func(context(op_id), answer(op_id, body))


@pytest.mark.parametrize(("change", "says"), [
    ({"rang_at": "2025-10-28T13:59:00Z"}, "rang_at"),
    ({"answered_at": "2025-10-28T14:03:00Z"}, "ended_at"),
    ({"ended_at": "2025-10-28T13:00:00Z", "answered_at": None, "rang_at": None}, "ended_at"),
])
def test_timestamps_ordered_fires(change: dict[str, Any], says: str) -> None:
    message = fails(portsip_cdr.timestamps_ordered, context("listCDRs"), answer("listCDRs", listing({**CDR, **change})))
    assert says in message


def test_timestamps_ordered_reads_offsets_as_instants() -> None:
    shifted = {**CDR, "rang_at": "2025-10-28T09:00:02-05:00"}  # the same instant as 14:00:02Z
    portsip_cdr.timestamps_ordered(context("retrieveCDR"), answer("retrieveCDR", shifted))


@pytest.mark.parametrize("duration", [120, 130, 121, 129])
def test_duration_accepts_talk_and_total_readings(duration: int) -> None:
    portsip_cdr.duration_consistent(context("retrieveCDR"), answer("retrieveCDR", {**CDR, "duration": duration}))


@pytest.mark.parametrize("record", [{**CDR, "duration": 120_000}, {**CDR, "duration": 125},
                                    {**UNANSWERED, "duration": 60}])
def test_duration_fires_when_neither_reading_fits(record: dict[str, Any]) -> None:
    assert "neither" in fails(portsip_cdr.duration_consistent, context("listCDRs"),
                              answer("listCDRs", listing(record)))


def kind_of(check_id: str, found: CheckFailure | Basis | None, op_id: str) -> str:
    """The kind of basis a finding rests on: its own, else its check's (a spec rule resolved for ``op_id``)."""
    basis = found.basis if isinstance(found, CheckFailure) else found
    basis = basis or CHECKS[check_id].basis
    assert basis is not None
    return resolve_basis(basis, SPEC.doc, SPEC.ops[op_id].operation).kind


def raised(func: Any, ctx: CheckContext, exchange: Exchange) -> CheckFailure:
    with pytest.raises(CheckFailure) as found:
        func(ctx, exchange)
    return found.value


@pytest.mark.parametrize(("op_id", "record", "kind"), [
    ("listCDRs", {**CDR, "duration": 125}, "suite"),  # which duration a record carries is open (PSC-008)
    ("listCDRs", {**CDR, "duration": 120_000}, "suite"),  # a CDR may carry its whole session's talk time
    ("listCallLogs", {**CDR, "duration": 125}, "suite"),
    ("listCallLogs", {**CDR, "duration": 120_000}, "vendor"),  # a session's talk time longer than the call
])
def test_duration_findings_rest_on_the_vendors_words_or_are_advisories(op_id: str, record: Any, kind: str) -> None:
    found = raised(portsip_cdr.duration_consistent, context(op_id), answer(op_id, listing(record)))
    assert kind_of("PORTSIP-CDR-DURATION-CONSISTENT", found, op_id) == kind


@pytest.mark.parametrize("unset", [None, "", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z"])
def test_unset_times_are_not_events(unset: Any) -> None:
    record = {**UNANSWERED, "rang_at": unset, "answered_at": unset}
    for func in (portsip_cdr.timestamps_ordered, portsip_cdr.duration_consistent):
        func(context("listCallLogs"), answer("listCallLogs", listing(record, {k: v for k, v in record.items()
                                                                             if k != "answered_at"})))


def test_duration_check_leaves_text_and_open_calls_alone() -> None:
    portsip_cdr.duration_consistent(context("listCDRs"), answer("listCDRs", listing(
        {**CDR, "duration": "120000"}, {**CDR, "ended_at": None, "duration": 999})))


def test_completed_file_is_quiet_on_a_consistent_report() -> None:
    portsip_cdr.completed_file_consistent(context("listCompletedCallReports"),
                                          answer("listCompletedCallReports", listing(COMPLETED)))


@pytest.mark.parametrize(("change", "says"), [
    ({"file_size": -1}, "negative"),
    ({"file_url": "/call_reports/report-2.csv"}, "does not name"),
])
def test_completed_file_fires(change: dict[str, Any], says: str) -> None:
    exchange = answer("getCompletedCallReportDetails", {**COMPLETED, **change})
    assert says in fails(portsip_cdr.completed_file_consistent, context("getCompletedCallReportDetails"), exchange)


@pytest.mark.parametrize(("change", "kind"), [({"file_size": -1}, "vendor"), ({"file_url": "/files/1"}, "suite")])
def test_completed_file_findings_rest_on_the_vendors_words_or_are_advisories(change: dict[str, Any],
                                                                             kind: str) -> None:
    op_id = "getCompletedCallReportDetails"
    found = raised(portsip_cdr.completed_file_consistent, context(op_id), answer(op_id, {**COMPLETED, **change}))
    assert kind_of("PORTSIP-CDR-COMPLETED-FILE-CONSISTENT", found, op_id) == kind


def test_count_when_asked() -> None:
    ctx = context("listCallReports", count="true")
    portsip_cdr.count_when_asked(ctx, answer("listCallReports", listing(count=0)))
    assert "count=true" in fails(portsip_cdr.count_when_asked, ctx, answer("listCallReports", listing()))


def test_count_check_applies_only_when_count_is_asked() -> None:
    def applying(**query: Any) -> set[str]:
        return {info.id for info in checks_for(context("listCallReports", **query), 200)}

    assert "PORTSIP-CDR-COUNT-WHEN-ASKED" not in applying()
    assert "PORTSIP-CDR-COUNT-WHEN-ASKED" in applying(count=True)
    assert "PORTSIP-CDR-COUNT-WHEN-ASKED" in applying(count="true")


def test_filter_honoured_is_quiet_on_matching_items() -> None:
    ctx = context("listCDRs", filter="caller eq '1001' and duration ge 0")
    portsip_cdr.filter_honoured(ctx, answer("listCDRs", listing(CDR, UNANSWERED)))


@pytest.mark.parametrize("expression", [
    "caller eq '2002'",
    "started_at ge '2025-10-29T00:00:00Z'",
    "duration gt 200 and caller eq '1001'",
    "user_data ne null",
    "startswith(callee, '+44')",
])
def test_filter_honoured_fires_on_an_item_the_filter_excludes(expression: str) -> None:
    ctx = context("listCDRs", filter=expression)
    assert "does not satisfy" in fails(portsip_cdr.filter_honoured, ctx, answer("listCDRs", listing(CDR)))


def test_filter_honoured_skips_what_it_cannot_read() -> None:
    with pytest.raises(CheckSkipped):
        portsip_cdr.filter_honoured(context("listCDRs", filter="caller eq"), answer("listCDRs", listing(CDR)))


def test_orderby_honoured() -> None:
    later = {**CDR, "id": "9", "started_at": "2025-10-28T15:00:00Z", "duration": 5}
    newest_first = answer("listCDRs", listing(later, CDR))
    portsip_cdr.orderby_honoured(context("listCDRs", orderby="started_at desc"), newest_first)
    portsip_cdr.orderby_honoured(context("listCDRs", orderby="caller"), answer("listCDRs", listing(later, CDR)))
    assert "before" in fails(portsip_cdr.orderby_honoured, context("listCDRs", orderby="started_at desc"),
                             answer("listCDRs", listing(CDR, later)))
    assert "before" in fails(portsip_cdr.orderby_honoured, context("listCDRs", orderby="duration"),
                             answer("listCDRs", listing(CDR, later)))


def test_one_call_log_per_session() -> None:
    first, second = {**CDR, "id": "1", "session_id": "4001"}, {**CDR, "id": "2", "session_id": "4002"}
    portsip_cdr.one_log_per_session(context("listCallLogs"), answer("listCallLogs", listing(first, second)))
    clash = {**second, "session_id": "4001"}
    assert "share" in fails(portsip_cdr.one_log_per_session, context("listCallLogs"),
                            answer("listCallLogs", listing(first, clash)))


# -- scenarios ------------------------------------------------------------------------------------------------
class CdrRunner(RecordingRunner):
    """Requests under /api with the bearer token; this module's response checks judge every accepted answer."""

    def call(self, operation_id: str, *, body: Any = None, query: dict[str, Any] | None = None,
             path: dict[str, Any] | None = None, expect: str = "accept") -> Call:
        op = SPEC.ops[operation_id]
        url = "/api" + op.path.replace("{id}", str((path or {}).get("id", "")))
        params = {k: ("true" if v is True else v) for k, v in (query or {}).items()}
        exchange = self.send(operation_id, op.method.upper(), url, params=params, json=body,
                             headers={"Authorization": "Bearer simulator-token"})
        call = self.answered(RequestSpec(op, dict(path or {}), dict(query or {})), exchange, expect)
        if call.accepted:
            self.judge(context(operation_id, **(query or {})), exchange,
                       keep=lambda info: info.id.startswith("PORTSIP-CDR"))
        return call


SCENARIOS = tuple(SPEC.scenarios())
CALLS = 1500
store = store_for(SPEC.name, CALLS)


def run_scenarios(store: Any, fault: str | None = None, effect: dict[str, Any] | None = None) -> CdrRunner:
    return run(CdrRunner(SPEC, simulate(store, SPEC.name, CALLS, fault, effect)),
               (scenario.func for scenario in SCENARIOS))


def test_scenarios_are_quiet_on_the_clean_simulator(store: Any) -> None:
    runner = run_scenarios(store)
    assert runner.failed() == set()
    assert declared(SCENARIOS) <= runner.recorded()


@pytest.mark.parametrize(("fault", "fires", "kind"), [
    ("portsip-cdr-detail-local-time", "PORTSIP-CDR-RETRIEVE-MATCHES-LIST", "vendor"),
    ("portsip-cdr-filter-ignored", "PORTSIP-CDR-FILTER-HONOURED", "vendor"),
    ("portsip-cdr-filter-parser-crash", "PORTSIP-CDR-FILTER-SYNTAX-REFUSED", "suite"),  # GEN-NO-SERVER-ERROR fails
    ("portsip-cdr-duration-in-milliseconds", "PORTSIP-CDR-DURATION-CONSISTENT", "vendor"),
    ("portsip-cdr-rang-at-local-time", "PORTSIP-CDR-TIMESTAMPS-ORDERED", "vendor"),
    ("portsip-cdr-report-update-ignored", "PORTSIP-CDR-REPORT-READ-BACK", "vendor"),
    ("portsip-cdr-report-destroy-ignored", "PORTSIP-CDR-REPORT-READ-BACK", "vendor"),
])
def test_scenarios_fire_on_catalogue_faults(store: Any, fault: str, fires: str, kind: str) -> None:
    assert fires in run_scenarios(store, fault).failed_on(kind)


@pytest.mark.parametrize("effect", [
    {"flags": ["garbage_filter_empty_page"], "skip_schema_fields": ["filter", "orderby"]},
    {"flags": ["records_newest_first", "count_always", "unset_times_absent", "file_url_by_id"]},
    {"status": {"invalid": 422, "malformed": 422}},
])
def test_scenarios_pass_other_readings_of_what_the_document_leaves_open(store: Any, effect: dict[str, Any]) -> None:
    runner = run_scenarios(store, effect=effect)
    assert runner.failed_on("vendor", "http") == set()
    assert runner.refused == []


def test_a_server_filtering_only_on_the_documented_example_fields_passes(store: Any,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Which fields a filter or an orderby may name is not documented: only the vendor notes' examples must work."""
    from conformance.simulator.replies import Rejection
    from conformance.vendors.portsip.simulator import cdr_listing as portsip_cdr_listing

    select = portsip_cdr_listing.select

    def picky(ctx: Any, items: Any, fields: Any) -> Any:
        for option in ("filter", "orderby"):
            text = ctx.query.get(option) or ""
            if text and not any(name in text for name in ("caller", "started_at")):
                raise Rejection("invalid", f"cannot {option} on that field", field=option)
        return select(ctx, items, fields)

    monkeypatch.setattr(portsip_cdr_listing, "select", picky)
    runner = CdrRunner(SPEC, simulate(store, SPEC.name, CALLS))
    for scenario in SCENARIOS:
        with contextlib.suppress(ScenarioSkip):  # nothing left to judge where the target filters on nothing else
            scenario.func(runner)
    assert runner.refused == []
    assert runner.failed_on("vendor", "http") == set()


def test_keeps_matches_fires_when_a_filter_loses_the_first_match(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.vendors.portsip.simulator import cdr_listing as portsip_cdr_listing

    select = portsip_cdr_listing.select

    def lossy(ctx: Any, items: Any, fields: Any) -> Any:
        chosen = select(ctx, items, fields)
        return chosen[1:] if ctx.query.get("filter") else chosen

    monkeypatch.setattr(portsip_cdr_listing, "select", lossy)
    assert "PORTSIP-CDR-FILTER-KEEPS-MATCHES" in run_scenarios(store).failed()


def test_spans_fires_when_cdrs_fall_outside_their_call_log(store: Any) -> None:
    effect = {"response": [{"operation": "listCDRs", "pointer": "/items/*/started_at", "op": "shift_seconds",
                            "value": -86400}]}
    assert "PORTSIP-CDR-CALLLOG-SPANS-CDRS" in run_scenarios(store, effect=effect).failed()


def test_retrieve_matches_list_accepts_the_collection_reading(store: Any) -> None:
    runner = CdrRunner(SPEC, simulate(store, SPEC.name, CALLS, readings={"portsip_cdr_retrieve_shape": "collection"}))
    portsip_cdr.retrieve_matches_list(runner)
    assert runner.failed() == set()
    assert any(check_id == "PORTSIP-CDR-RETRIEVE-MATCHES-LIST" for check_id, _ in runner.records)


def test_list_and_detail_compare_instants_not_texts() -> None:
    detail = {**CDR, "started_at": "2025-10-28T10:00:00-04:00", "cost": 0.5}
    assert portsip_cdr._differences(CDR, detail) == {}
    assert portsip_cdr._differences(CDR, {**detail, "duration": 121}) == {"duration": [120, 121]}


def test_report_read_back_is_quiet_on_the_clean_simulator_and_cleans_up(store: Any) -> None:
    sim = simulate(store, SPEC.name, CALLS)
    runner = CdrRunner(SPEC, sim)
    before = runner.call("listCallReports", query={"count": True}).json()["count"]
    portsip_cdr.report_read_back(runner)
    assert ("PORTSIP-CDR-REPORT-READ-BACK", None) in runner.records
    assert runner.failed() == set()
    assert runner.call("listCallReports", query={"count": True}).json()["count"] == before


def test_report_read_back_skips_on_read_only_runs(store: Any) -> None:
    runner = CdrRunner(SPEC, simulate(store, SPEC.name, CALLS), allow_writes=False)
    with pytest.raises(ScenarioSkip):
        portsip_cdr.report_read_back(runner)


def test_report_read_back_takes_defaults_left_out(store: Any) -> None:
    """A server may leave out filter members it takes as defaults (ANY) and write times in another offset."""
    effect = {"response": [{"operation": "getCallReportDetails", "pointer": "/filter/from", "op": "delete"},
                           {"operation": "getCallReportDetails", "pointer": "/filter/to", "op": "delete"}]}
    runner = CdrRunner(SPEC, simulate(store, SPEC.name, CALLS, effect=effect))
    portsip_cdr.report_read_back(runner)
    assert ("PORTSIP-CDR-REPORT-READ-BACK", None) in runner.records and runner.failed() == set()
