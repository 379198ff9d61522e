"""Yeastar parameter-effect relations and recomputed summaries (issue 10): each fires on a faulty simulator and
stays quiet on the clean one, the other readings and every latitude entry; vendor-basis relations fire as
failures, column-model ones as advisories only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conformance.checkapi.registry import CHECKS
from conformance.simulator import latitude
from conformance.simulator.app import create_simulator
from conformance.simulator.options import SimulatorOptions
from conformance.vendors.yeastar import checks as yeastar
from conformance.vendors.yeastar import filters, recompute, relations
from conformance.vendors.yeastar.columns import file_model
from conformance.vendors.yeastar.tables import Table
from tests.checks.builders import SEED, declared, run, simulate, store_for
from tests.checks.test_yeastar import CALLS, SPEC, YeastarRunner

store = store_for(SPEC.name, CALLS)
SCENARIOS: tuple[Callable[[Any], None], ...] = (
    relations.window_relations, relations.period_relations, relations.id_relations, filters.thresholds_and_details,
    filters.call_filters, recompute.summaries_recomputed)
VENDOR_RELATIONS = ("YEASTAR-WINDOW-SELECTS", "YEASTAR-EMPTY-WINDOWS-ALIKE", "YEASTAR-WINDOW-SPLIT-ROWS",
                    "YEASTAR-ID-LIST-WIDENS", "YEASTAR-THRESHOLD-MONOTONE", "YEASTAR-DETAIL-ADDS-ROWS",
                    "YEASTAR-TYPES-DISTINCT", "YEASTAR-DOWNLOAD-NAMES-FILE")
MODEL_RELATIONS = ("YEASTAR-WINDOW-SPLIT-SUMS", "YEASTAR-PERIOD-REGROUPS", "YEASTAR-ID-LIST-UNION",
                   "YEASTAR-ID-SELECTS-OBJECT", "YEASTAR-THRESHOLD-FIGURES", "YEASTAR-DETAIL-ROWS-ADD-UP",
                   "YEASTAR-COMMUNICATION-TYPE-PARTITION", "YEASTAR-INCLUDE-INTERNAL", "YEASTAR-DID-MATCHES-TRUNK",
                   "YEASTAR-CALLBACK-RESULT-SPLIT", "YEASTAR-PAUSE-REASON-SELECTS", "YEASTAR-SUMMARY-FROM-DETAILS")


def run_relations(store: Any, fault: str | None = None, effect: dict[str, Any] | None = None,
                  readings: dict[str, str] | None = None, entries: tuple[str, ...] = (),
                  scenarios: tuple[Callable[[Any], None], ...] = SCENARIOS) -> YeastarRunner:
    if entries:
        sim = create_simulator(SimulatorOptions(spec=SPEC.name, calls=CALLS, seed=SEED, latitude=entries), store)
    else:
        sim = simulate(store, SPEC.name, CALLS, fault, effect, readings)
    return run(YeastarRunner(SPEC, sim), scenarios)


def test_relations_state_their_basis_and_cover_parameters() -> None:
    for check_id in VENDOR_RELATIONS:
        assert CHECKS[check_id].basis.kind == "vendor", check_id  # type: ignore[union-attr]
        assert CHECKS[check_id].covers, check_id
    for check_id in MODEL_RELATIONS:  # figures found by column name: the suite's model, advisories
        assert CHECKS[check_id].basis.kind == "suite", check_id  # type: ignore[union-attr]
    assert {p for c in (*VENDOR_RELATIONS, *MODEL_RELATIONS) for p in CHECKS[c].covers} == {
        "type", "start_time", "end_time", "time", "ext_id_list", "trunk_id_list", "trunk_id", "ivr_id_list",
        "ring_group_id_list", "queue_id_list", "queue_id", "agent_id_list", "abandon_time", "talk_time",
        "need_detail", "communication_type", "include_internal", "callback_result", "reason", "file"}


def test_relations_are_quiet_on_the_clean_simulator(store: Any) -> None:
    runner = run_relations(store)
    assert runner.failed() == set()
    scenarios = [s for s in SPEC.scenarios() if s.func in SCENARIOS]
    assert runner.recorded() == declared(scenarios) | {"YEASTAR-DOWNLOAD-SERVES-FILE"}


@pytest.mark.parametrize("readings", [{"end_time": "exclusive"}, {"partial_window": "both_or_none"},
                                      {"period_order": "year_first"}], ids=str)
def test_relations_accept_the_other_readings(store: Any, readings: dict[str, str]) -> None:
    assert run_relations(store, readings=readings).failed() == set()


@pytest.mark.slow
@pytest.mark.parametrize("entry", [e.id for e in latitude.entries_for(SPEC.name)])
def test_relations_pass_every_latitude_entry(store: Any, entry: str) -> None:
    assert run_relations(store, entries=(entry,)).failed() == set()


WINDOWS, PERIODS, IDS = relations.window_relations, relations.period_relations, relations.id_relations
THRESHOLDS, FILTERS = filters.thresholds_and_details, filters.call_filters


@pytest.mark.parametrize(("fault", "fires", "scenario"), [
    ("yeastar-window-ignored", "YEASTAR-WINDOW-SELECTS", WINDOWS),
    ("yeastar-start-time-ignored", "YEASTAR-EMPTY-WINDOWS-ALIKE", WINDOWS),
    ("yeastar-need-detail-inverted", "YEASTAR-DETAIL-ADDS-ROWS", THRESHOLDS),
    ("yeastar-abandon-time-inverted", "YEASTAR-THRESHOLD-MONOTONE", THRESHOLDS),
    ("yeastar-talk-time-inverted", "YEASTAR-THRESHOLD-MONOTONE", THRESHOLDS),
    ("yeastar-id-list-first-only", "YEASTAR-ID-LIST-WIDENS", IDS),
    ("yeastar-type-ignored", "YEASTAR-TYPES-DISTINCT", yeastar.report_roundtrip),
    ("yeastar-download-serves-latest", "YEASTAR-DOWNLOAD-NAMES-FILE", yeastar.report_roundtrip),
], ids=lambda v: v if isinstance(v, str) else "")
def test_vendor_relations_fail_the_catalogue_faults(store: Any, fault: str, fires: str,
                                                    scenario: Callable[[Any], None]) -> None:
    assert fires in run_relations(store, fault, scenarios=(scenario,)).deciding()


@pytest.mark.parametrize(("flags", "fire", "scenarios"), [
    (["answered_over_total"], {"YEASTAR-WINDOW-SPLIT-SUMS", "YEASTAR-PERIOD-REGROUPS", "YEASTAR-DETAIL-ROWS-ADD-UP",
                               "YEASTAR-COMMUNICATION-TYPE-PARTITION"}, (WINDOWS, PERIODS, THRESHOLDS, FILTERS)),
    (["id_list_first_only"], {"YEASTAR-ID-LIST-UNION", "YEASTAR-ID-SELECTS-OBJECT"}, (IDS,)),
    (["abandon_time_inverted"], {"YEASTAR-THRESHOLD-FIGURES"}, (THRESHOLDS,)),
    (["need_detail_inverted"], {"YEASTAR-SUMMARY-FROM-DETAILS"}, (recompute.summaries_recomputed,)),
], ids=["answered over total", "first id only", "abandon_time inverted", "details inverted"])
def test_model_relations_fire_as_advisories(store: Any, flags: list[str], fire: set[str],
                                            scenarios: tuple[Callable[[Any], None], ...]) -> None:
    runner = run_relations(store, effect={"flags": flags}, scenarios=scenarios)
    assert fire <= runner.failed_on("suite")
    assert not (set(MODEL_RELATIONS) & runner.deciding())


def _dropping(monkeypatch: pytest.MonkeyPatch, change: Callable[[dict[str, str]], dict[str, str]]) -> None:
    """Make the simulator read every report query through ``change`` (a parameter ignored or inverted)."""
    from conformance.vendors.yeastar.simulator import handlers as handler
    from conformance.vendors.yeastar.simulator import request as yeastar_request

    def params(query: dict[str, str], *args: Any, **kwargs: Any) -> Any:
        return yeastar_request.report_params(change(dict(query)), *args, **kwargs)

    monkeypatch.setattr(handler, "report_params", params)


@pytest.mark.parametrize(("change", "fires"), [
    (lambda q: {k: v for k, v in q.items() if k != "callback_result"}, "YEASTAR-CALLBACK-RESULT-SPLIT"),
    (lambda q: {k: v for k, v in q.items() if k != "reason"}, "YEASTAR-PAUSE-REASON-SELECTS"),
    (lambda q: {**q, "include_internal": "1"} if q.get("include_internal") == "0" else q, "YEASTAR-INCLUDE-INTERNAL"),
    (lambda q: {k: v for k, v in q.items() if k != "communication_type"}, "YEASTAR-COMMUNICATION-TYPE-PARTITION"),
    (lambda q: {**q, "agent_id_list": q["agent_id_list"] + ",99999"} if "agent_id_list" in q else q, None),
], ids=["callback_result ignored", "reason ignored", "include_internal=0 read as 1", "communication_type ignored",
        "unknown agent id in a list"])
def test_filter_relations_fire_when_the_filter_is_ignored(store: Any, monkeypatch: pytest.MonkeyPatch,
                                                          change: Callable[[dict[str, str]], dict[str, str]],
                                                          fires: str | None) -> None:
    _dropping(monkeypatch, change)
    runner = run_relations(store, scenarios=(FILTERS, IDS) if fires is None else (FILTERS,))
    assert (fires in runner.failed_on("suite")) if fires else runner.failed() == set()
    assert runner.deciding() == set()


# -- the pure parts, on hand-built tables ---------------------------------------------------------------
def table(text: str) -> Table:
    lines = [line.split(",") for line in text.strip().splitlines()]
    return Table.of(lines[0], lines[1:])


def test_did_relation_compares_calls_per_period_and_direction() -> None:
    trunk = table("time,inbound,outbound\nT1,3,1\nT2,0,2")
    dids = table("time,number,type,calls\nT1,555,Inbound,2\nT1,556,Inbound,1\nT1,800,Outbound,1\nT2,800,Outbound,2")
    assert filters._did_judged(dids, trunk) and filters._did_problem(dids, trunk) is None
    short = table("time,number,type,calls\nT1,555,Inbound,2\nT2,800,Outbound,2\nT3,800,Outbound,1")
    problem = filters._did_problem(short, trunk) or ""
    assert "T1 Inbound: 2 calls by DID, 3 on the trunk" in problem and "T3 Outbound" in problem
    assert not filters._did_judged(table("time,number,type,calls\nT1,555,Transit,2"), trunk)


def test_include_internal_relation() -> None:
    off = table("time,inbound,outbound,internal,total\nT1,2,1,0,3")
    assert filters._internal_problem(off, table("time,inbound,outbound,internal,total\nT1,2,1,4,7")) is None
    assert "internal 1 with include_internal=0" in (filters._internal_problem(
        table("time,inbound,outbound,internal,total\nT1,2,1,1,4"),
        table("time,inbound,outbound,internal,total\nT1,2,1,4,7")) or "")
    assert "inbound 2 becomes 3" in (filters._internal_problem(
        off, table("time,inbound,outbound,internal,total\nT1,3,1,4,8")) or "")


def test_detail_relation_keeps_the_summary_and_adds_up() -> None:
    summary = table("queue,name,total,answered\n4801,Orders,2,1")
    assert filters._detail_problem("queueperformance", summary, table(
        "queue,name,total,answered\n4801,Orders,2,1\n4801,Orders,1,1\n4801,Orders,1,0")) is None
    assert "do not add up" in (filters._detail_problem("queueperformance", summary, table(
        "queue,name,total,answered\n4801,Orders,2,1\n4801,Orders,1,1")) or "")
    assert "missing" in (filters._detail_problem("queueperformance", summary, table(
        "queue,name,total,answered\n4801,Orders,1,1\n4801,Orders,1,0")) or "")
    assert filters._detail_problem("queueperformance", summary, table("call,queue\n1,4801")) is None


def test_object_selection_and_split_sums() -> None:
    one, two = table("agent,x\n4001,1\n4001,2"), table("agent,x\n4002,1")
    assert relations._object_problems("agent", {"1": one, "2": two}, table("agent,x\n4001,1\n4001,2\n4002,1")) == []
    assert relations._object_problems("agent", {"1": one, "2": one}, None) == ["ids 1 and 2 both name ['4001']"]
    assert "the list names ['4001']" in relations._object_problems("agent", {"1": one, "2": two}, one)[0]
    whole = table("extension,answered,total\n4001,3,4")
    halves = table("extension,answered,total\n4001,1,1"), table("extension,answered,total\n4001,2,3")
    assert relations._split_sums("extcallstatistics", whole, *halves) == {}
    assert relations._split_sums("extcallstatistics", whole, halves[0], halves[0]) == {
        "4001": {"answered": (3.0, 2.0), "total": (4.0, 2.0)}}
    records = table("time,agent\nA,1\nB,1")
    first, last = table("time,agent\nA,1"), table("time,agent\nB,1")
    assert relations._split_sums("queueagentlogintime", records, first, last) == {}
    assert relations._split_sums("queueagentlogintime", records, first, first) == {
        "rows only in the window": 1, "rows only in the halves": 1}


def test_summary_recomputed_from_details() -> None:
    pairs = {p.summary: p for p in file_model().recompute}
    surveys = table("time,queue,caller,agent,name,score\nT,4801,c,4001,A,5\nT,4801,c,4001,A,4\nT,4801,c,4002,B,1")
    good = table("agent,name,surveyed,score_1,score_4,score_5,avg_score\n4001,A,2,0,1,1,4.5\n4002,B,1,1,0,0,1\n"
                 "4003,C,0,0,0,0,0")
    assert recompute.recompute_problems(pairs["queuesatisfaction"], good, surveys) == []
    bad = table("agent,name,surveyed,score_1,score_4,score_5,avg_score\n4001,A,2,0,1,1,4.2")
    assert recompute.recompute_problems(pairs["queuesatisfaction"], bad, surveys) == [
        "agent 4001: avg_score 4.2, mean score of its details 4.5"]
    callbacks = table("time,queue,result\nT,4801,Succeeded\nT,4801,Failed\nT,4801,success")
    summary = table("queue,requested,succeeded,failed\n4801,3,2,1")
    assert recompute.recompute_problems(pairs["queuecallbackssummary"], summary, callbacks) == []
    assert recompute.recompute_problems(pairs["queuecallbackssummary"], summary, table("x\n1")) is None
    assert recompute.formula_value("sum cost", table("cost\n0.5\nfree"), [("0.5",), ("free",)]) == 0.5
    with pytest.raises(ValueError):
        recompute.formula_value("median cost", table("cost\n1"), [("1",)])


def test_same_files_needs_rows() -> None:
    files = {"a": ("a.csv", b"h\n1\n", 1), "b": ("b.csv", b"h\n1\n", 1), "c": ("c.csv", b"h\n", 0),
             "d": ("d.csv", b"h\n", 0)}
    assert yeastar.same_files(files) == ["a", "b"]
