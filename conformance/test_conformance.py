"""The conformance suite as pytest items (collected with ``pytest conformance/ --pbx-...``)."""

from __future__ import annotations

import pytest

from conformance.checkapi.registry import CHECKS
from conformance.engine.results import CheckResult, Gate


def test_check(pbx_result: CheckResult, pbx_gate: Gate) -> None:
    """One check on one operation of one spec, as the engine judged it (advisories and failures below the
    severity gate are skipped with their message)."""
    if pbx_result.status == "skipped":
        pytest.skip(pbx_result.skip_reason or "not exercised")
    if pbx_result.status in ("failed", "advisory") and not pbx_gate.fails(pbx_result):
        why = "advisory (suite basis)" if pbx_result.status == "advisory" else f"below --pbx-fail-on {pbx_gate.fail_on}"
        first = pbx_result.failures[0].message if pbx_result.failures else ""
        pytest.skip(f"{why}: {first}")
    if pbx_result.status in ("failed", "advisory"):
        info = CHECKS.get(pbx_result.check_id)
        lines = [f"{pbx_result.check_id} failed {pbx_result.failure_count} of {pbx_result.runs} times"]
        if info is not None:
            lines.append(f"rule: {info.statement} ({info.location}; {info.severity})")
        if pbx_result.basis is not None:
            lines.append(f"basis: {pbx_result.basis.text()}")
        for failure in pbx_result.failures:
            lines.append(f"- {failure.message}")
            if failure.exchange:
                lines.append(f"  reproduce: {failure.exchange.get('curl')}")
        pytest.fail("\n".join(lines), pytrace=False)
