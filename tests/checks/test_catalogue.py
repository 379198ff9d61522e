"""The check catalogue is consistent: ids unique and well-formed, scenarios record declared checks."""

from __future__ import annotations

from conformance.checkapi.registry import CHECKS
from conformance.checkapi.scenarios import SCENARIOS
from conformance.checks.catalog import load_all
from conformance.specs import SPEC_NAMES

load_all()


def test_scenarios_record_declared_checks() -> None:
    undeclared = {(s.id, c) for s in SCENARIOS.values() for c in s.checks if c not in CHECKS}
    assert undeclared == set()


def test_every_check_has_metadata() -> None:
    for info in CHECKS.values():
        assert info.statement and info.location and info.severity in ("critical", "major", "minor"), info.id
        assert info.spec is None or info.spec in SPEC_NAMES, info.id


def test_every_spec_has_vendor_checks() -> None:
    assert {i.spec for i in CHECKS.values() if i.spec} == set(SPEC_NAMES)
