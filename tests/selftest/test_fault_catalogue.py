"""The self-test: the engine catches every fault of the simulator's catalogue, and passes the clean one.

Each fault runs the whole suite (all phases) against an embedded simulator with that fault switched on;
the run must fail and its report must name one of the checks the fault says catch it, failed on a vendor or
http basis (an advisory does not catch a fault). A new fault with no catching check fails here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conformance.checkapi.registry import CHECKS
from conformance.checkapi.scenarios import SCENARIOS
from conformance.checks.catalog import load_all
from conformance.cli import main
from conformance.engine.config import PHASES
from conformance.simulator.faults import catalogue
from conformance.specs import SPEC_NAMES

FAULTS = list(catalogue().values())
KINDS = {"arithmetic", "limits", "shape", "ordering", "windowing", "pagination", "lifecycle", "security",
         "robustness", "cross-endpoint"}
RUN_ARGS = ["--max-examples", "6", "--no-progress", "--seed", "3"]


def _run(tmp_path: Path, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["run", "--report-dir", str(tmp_path), *RUN_ARGS, *args])
    return code, json.loads((tmp_path / "results.json").read_text())


def test_every_fault_names_registered_checks() -> None:
    load_all()
    unknown = {(f.id, c) for f in FAULTS for c in f.caught_by if c not in CHECKS}
    assert unknown == set()


def test_catalogue_is_broad() -> None:
    assert len(FAULTS) >= 30
    per_spec = Counter(f.spec for f in FAULTS)
    assert set(per_spec) == set(SPEC_NAMES), per_spec
    assert {f.kind for f in FAULTS} == KINDS


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_NAMES)
def test_clean_simulator_is_conformant(spec: str, tmp_path: Path) -> None:
    code, document = _run(tmp_path, "--spec", spec, "--allow-writes")
    failed = [(r["check"], r["operation"], r["failures"][0]["message"]) for r in document["results"]
              if r["status"] == "failed"]
    assert code == 0 and failed == []


# Phases that evaluate checks of each kind (response checks run in every phase; "schema" gives the others
# their accepted starting requests).
KIND_PHASES = {
    "schema": ("schema",),
    "negative": ("schema", "negative"),
    "invariant": ("schema", "invariants"),
    "metamorphic": ("schema", "metamorphic"),
    "lifecycle": ("schema", "stateful"),
    "security": ("schema", "security"),
    "robustness": ("schema", "negative", "robustness"),
    "probe": ("schema", "probes"),
}


SCENARIO_PHASES = {"invariants": "invariants", "metamorphic": "metamorphic"}


def _phases(fault) -> str:  # type: ignore[no-untyped-def]
    """The phases where the fault's catching checks are evaluated (the clean run above runs them all):
    by the check's kind, and the phase of every scenario that records it."""
    load_all()
    phases = {p for check_id in fault.caught_by for p in KIND_PHASES[CHECKS[check_id].kind]}
    phases |= {SCENARIO_PHASES[s.kind] for s in SCENARIOS.values() if set(s.checks) & set(fault.caught_by)}
    return ",".join(p for p in PHASES if p in phases)


@pytest.mark.slow
@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_engine_catches_the_fault(fault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, document = _run(tmp_path, "--spec", fault.spec, "--simulator-fault", fault.id, "--allow-writes",
                          "--phases", _phases(fault))
    failed = {r["check"] for r in document["results"] if r["status"] == "failed"}
    assert code == 1, f"{fault.id}: the run passed"
    assert failed & set(fault.caught_by), f"{fault.id}: caught by {sorted(failed)}, expected one of {fault.caught_by}"
    # a failure, not an advisory: the catching check rests on the vendor's words or on HTTP
    bases = {r["basis"]["kind"] for r in document["results"]
             if r["status"] == "failed" and r["check"] in fault.caught_by and r["basis"]}
    assert bases and bases <= {"vendor", "http"}, f"{fault.id}: caught on basis {bases}"
