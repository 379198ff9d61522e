"""Failures vs advisories: only vendor and http findings decide the verdict; --strict and --fail-on move the gate."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conformance.checkapi.basis import Basis, Citation, cite, http, resolve_basis, rule, suite, vendor
from conformance.engine.results import CheckResult, FailureDetail, Gate, RunResult, SpecRun

VENDOR = vendor(cite("000_df9fe1ff85dde75a.txt", 30, "Maximum supported time range is 24 hours"))
SUITE = suite("no document says an empty window is refused")


def _result(*findings: Basis | None, passes: int = 1, severity: str = "major") -> CheckResult:
    result = CheckResult("portsip-dataflow", "X-CHECK", "getQueueKpiSummary", severity=severity)
    for _ in range(passes):
        result.add(None, findings[0] if findings else None)
    for number, basis in enumerate(findings):
        result.add(FailureDetail(f"finding {number}", f"k{number}", basis=basis), basis)
    return result


def _run(*results: CheckResult, gate: Gate | None = None) -> RunResult:
    spec = SpecRun("portsip-dataflow", "embedded simulator", True)
    for number, item in enumerate(results):
        spec.results[(f"X-{number}", item.operation)] = item
    return RunResult(started=datetime.now(UTC), specs=[spec], gate=gate or Gate())


def test_a_vendor_or_http_failure_fails_and_a_suite_finding_is_an_advisory() -> None:
    assert _result(VENDOR).status == "failed"
    assert _result(http("no 5XX for a client's mistake")).status == "failed"
    assert _result(SUITE).status == "advisory"
    assert _result().status == "passed"
    assert _result(passes=0).status == "skipped"


def test_a_deciding_failure_outranks_advisories_and_is_kept_first() -> None:
    result = _result(*[SUITE] * 6, VENDOR)
    assert result.status == "failed"
    assert result.failures[0].basis == VENDOR and len(result.failures) == 5


def test_advisories_do_not_fail_the_verdict_unless_strict() -> None:
    advisory = _result(SUITE)
    assert _run(advisory).conformant
    assert _run(advisory).counts == {"passed": 0, "failed": 0, "advisory": 1, "skipped": 0}
    assert not _run(advisory, gate=Gate(strict=True)).conformant
    assert not _run(_result(VENDOR)).conformant


@pytest.mark.parametrize(("fail_on", "severity", "fails"), [
    ("minor", "minor", True), ("major", "minor", False), ("major", "major", True), ("critical", "major", False),
    ("critical", "critical", True),
])
def test_fail_on_sets_the_lowest_severity_that_fails(fail_on: str, severity: str, fails: bool) -> None:
    assert Gate(fail_on=fail_on).fails(_result(VENDOR, severity=severity)) is fails
    assert _run(_result(VENDOR, severity=severity), gate=Gate(fail_on=fail_on)).conformant is not fails


def test_gate_refuses_an_unknown_severity() -> None:
    with pytest.raises(ValueError, match="fail_on"):
        Gate(fail_on="blocker")


def test_a_basis_says_what_it_rests_on() -> None:
    with pytest.raises(ValueError, match="citation"):
        Basis("vendor")
    with pytest.raises(ValueError, match="leave open"):
        Basis("suite")
    assert VENDOR.decides and http("x").decides and not SUITE.decides
    assert "Maximum supported time range is 24 hours" in VENDOR.text() and "line 30" in VENDOR.text()


def test_a_rule_basis_resolves_against_the_operation_then_the_document() -> None:
    document = {"info": {"title": "Acme PBX"}, "x-pbx-basis": {"time_window.empty": "suite: silent"}}
    operation = {"x-pbx-basis": {"time_window.max": {"source": "acme.md", "line": 4, "words": "at most a day"}}}
    resolved = resolve_basis(rule("time_window.max"), document, operation)
    assert resolved.kind == "vendor" and resolved.citations == (Citation("acme.md", "line 4", "at most a day"),)
    assert resolve_basis(rule("time_window.empty"), document, operation).kind == "suite"
    # a document that does not say states the rule itself: the document under test is the vendor's word
    own = resolve_basis(rule("time_window.order"), document, operation)
    assert own.kind == "vendor" and own.citations[0].source == "Acme PBX"
