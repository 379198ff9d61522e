"""The conformance suite as pytest items (collected with ``pytest conformance/ --pbx-...``)."""

from __future__ import annotations

import pytest

from conformance.checks.registry import CHECKS
from conformance.engine.results import CheckResult


def test_check(pbx_result: CheckResult) -> None:
    """One check on one operation of one spec, as the engine judged it."""
    if pbx_result.status == "skipped":
        pytest.skip(pbx_result.skip_reason or "not exercised")
    if pbx_result.status == "failed":
        info = CHECKS.get(pbx_result.check_id)
        lines = [f"{pbx_result.check_id} failed {pbx_result.failure_count} of {pbx_result.runs} times"]
        if info is not None:
            lines.append(f"rule: {info.statement} ({info.location}; {info.severity})")
        for failure in pbx_result.failures:
            lines.append(f"- {failure.message}")
            if failure.exchange:
                lines.append(f"  reproduce: {failure.exchange.get('curl')}")
        pytest.fail("\n".join(lines), pytrace=False)
