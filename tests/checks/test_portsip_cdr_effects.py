"""PortSIP CDR list options and call-report fields (issue 10): each relation stays quiet on the clean simulator
and fires on the fault that breaks it."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.vendors.portsip.checks import cdr_effects
from tests.checks.builders import declared, run, simulate
from tests.checks.test_portsip_cdr import CALLS, SPEC, CdrRunner
from tests.checks.test_portsip_cdr import store as store

SCENARIOS = tuple(s for s in SPEC.scenarios() if s.func.__module__ == cdr_effects.__name__)


def run_effects(store: Any, fault: str | None = None, effect: dict[str, Any] | None = None) -> CdrRunner:
    return run(CdrRunner(SPEC, simulate(store, SPEC.name, CALLS, fault, effect)), (s.func for s in SCENARIOS))


def test_relations_are_quiet_on_the_clean_simulator(store: Any) -> None:
    runner = run_effects(store)
    assert runner.failed() == set()
    assert runner.refused == []
    assert declared(SCENARIOS) <= runner.recorded()


@pytest.mark.parametrize(("fault", "fires"), [
    ("portsip-cdr-orderby-ignored", "PORTSIP-CDR-ORDERBY-EFFECT"),
    ("portsip-cdr-skip-ignored", "PORTSIP-CDR-PAGES-CONSISTENT"),
    ("portsip-cdr-search-ignored", "PORTSIP-CDR-SEARCH-RESTRICTS"),
    ("portsip-cdr-report-bounds-dropped", "PORTSIP-CDR-REPORT-FIXTURES-READ-BACK"),
    ("portsip-cdr-filter-ignored", "PORTSIP-CDR-FILTER-PARTITION"),
    ("portsip-cdr-report-destroy-ignored", "PORTSIP-CDR-REPORT-FIXTURES-READ-BACK"),
])
def test_relations_fire_on_catalogue_faults(store: Any, fault: str, fires: str) -> None:
    assert fires in run_effects(store, fault).failed_on("vendor")


@pytest.mark.parametrize("effect", [
    {"flags": ["records_newest_first", "count_always", "unset_times_absent", "file_url_by_id"]},
    {"status": {"invalid": 422, "malformed": 422}},
])
def test_relations_pass_other_readings_of_what_the_document_leaves_open(store: Any, effect: dict[str, Any]) -> None:
    runner = run_effects(store, effect=effect)
    assert runner.failed_on("vendor", "http") == set()


def test_what_the_document_leaves_open_is_an_advisory() -> None:
    """Which fields a search reads is not documented: not finding a report by its name is the suite's finding."""
    assert cdr_effects.BY_NAME.kind == "suite"
    assert all(info.basis is not None and info.basis.kind == "vendor" for info in (
        cdr_effects.PARTITION, cdr_effects.ORDER, cdr_effects.PAGES, cdr_effects.SEARCH_RESTRICTS, cdr_effects.LIFE))
