"""The errata register: valid, referenced, and every rule-detected erratum still found by its rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conformance.checkapi.registry import CHECKS
from conformance.checks.catalog import load_all
from conformance.errata import errata_path, load_errata, validate_register
from conformance.lint import lint_documents
from conformance.lint.loaders import load_path
from conformance.specs import SPEC_NAMES, load_spec, read_yaml, spec_path

ERRATA = load_errata()
DETECTED = [e for e in ERRATA if e.detected_by != "review"]


def test_register_validates() -> None:
    assert validate_register(read_yaml(errata_path())) == []


def test_register_is_substantial_and_covers_every_api() -> None:
    assert len(ERRATA) > 20
    assert {e.spec for e in ERRATA} >= {"yeastar-call-report", "fusionpbx-report", "telecomx-cdrstats"}


@pytest.mark.parametrize("spec", SPEC_NAMES)
def test_every_erratum_a_spec_cites_exists(spec: str) -> None:
    if not spec_path(spec).is_file():
        pytest.skip(f"{spec} not written yet")
    known = {e.id for e in ERRATA}
    cited: set[str] = set()
    stack: list[object] = [load_spec(spec)]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            cited.update(node.get("x-pbx-errata") or [])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    assert cited - known == set()


def test_ambiguous_errata_say_how_to_tell_readings_apart() -> None:
    for erratum in (e for e in ERRATA if e.ambiguous):
        probe = erratum.raw.get("probe")
        if probe:
            # value and placement probes key by reading; omission and check probes map an answer to one
            named = set(probe["readings"].values()) if "readings" in probe else set(probe.get("values") or
                                                                                   probe["placements"])
            assert named <= set(erratum.readings), erratum.id
        simulator = erratum.raw["simulator"]
        assert erratum.simulator_reading in erratum.readings, erratum.id
        assert set(simulator.get("edits") or {}) <= set(erratum.readings) - {erratum.simulator_reading}, erratum.id
        assert "option" in simulator or not simulator.get("edits"), erratum.id


def test_held_by_and_check_probes_name_registered_checks() -> None:
    load_all()
    held = {(e.id, check) for e in ERRATA for check in (e.raw.get("simulator") or {}).get("held_by", [])}
    probed = {(e.id, e.raw["probe"]["check"]) for e in ERRATA if "check" in (e.raw.get("probe") or {})}
    assert held and probed and {(e, c) for e, c in held | probed if c not in CHECKS} == set()


@pytest.mark.seeds
@pytest.mark.parametrize("erratum", DETECTED, ids=[e.id for e in DETECTED])
def test_rule_still_finds_the_erratum(erratum, seed_path: Callable[[str], Path]) -> None:  # type: ignore[no-untyped-def]
    if erratum.document == "normalised":
        documents = load_path(spec_path(erratum.spec))
    else:
        documents = load_path(seed_path(erratum.spec), erratum.spec)
    findings = lint_documents(documents, [erratum.detected_by])
    for pointer in [erratum.pointer, *erratum.also]:
        assert _found(findings, pointer), f"{erratum.detected_by} no longer finds {erratum.id} at {pointer}"
    if erratum.normalised:
        kept = lint_documents(load_path(spec_path(erratum.spec)), [erratum.detected_by])
        for pointer in erratum.normalised:
            assert _found(kept, pointer), f"{erratum.id} is no longer kept at {pointer} of the normalised spec"


def _found(findings: list, pointer: str) -> bool:  # type: ignore[type-arg]
    return any(f.pointer == pointer or f.pointer.startswith(pointer.rstrip("/") + "/") for f in findings)
