"""Zero false failures on a server that takes the other reading of an ambiguous erratum.

For every reading the simulator can switch to (``simulator.option`` in specs/errata.yaml) the whole suite
runs against it: the run passes, unless the erratum names the checks that hold a target to the spec's
reading (``simulator.held_by``), and then only those fail, and at least one does. Where the erratum has a
probe, the probe names the reading the simulator took.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.errata import load_errata
from conformance.simulator.readings import default_readings, reading_options
from conformance.specs import SPEC_NAMES

RUN_ARGS = ["--max-examples", "6", "--no-progress", "--seed", "3", "--allow-writes"]
OTHER_READINGS = [(spec, option, reading) for spec in SPEC_NAMES
                  for option, readings in reading_options(spec).items()
                  for reading in readings if reading != default_readings(spec)[option]]


def _errata(spec: str, option: str) -> list:  # type: ignore[type-arg]
    return [e for e in load_errata() if e.spec == spec and (e.raw.get("simulator") or {}).get("option") == option]


def test_every_option_has_another_reading() -> None:
    assert {option for _, option, _ in OTHER_READINGS} == {o for s in SPEC_NAMES for o in reading_options(s)}


@pytest.mark.slow
@pytest.mark.parametrize(("spec", "option", "reading"), OTHER_READINGS,
                         ids=[f"{option}={reading}" for _, option, reading in OTHER_READINGS])
def test_engine_judges_the_other_reading(spec: str, option: str, reading: str, tmp_path: Path) -> None:
    code = main(["run", "--report-dir", str(tmp_path), *RUN_ARGS, "--spec", spec,
                 "--simulator-reading", f"{option}={reading}"])
    document = json.loads((tmp_path / "results.json").read_text())
    failed = {r["check"] for r in document["results"] if r["status"] == "failed"}
    errata = _errata(spec, option)
    held = {check for e in errata for check in (e.raw["simulator"].get("held_by") or [])}
    assert not document["specs"][0]["error"]
    assert failed <= held, f"{option}={reading}: unexpected failures {sorted(failed - held)}"
    assert code == (1 if held else 0)
    if held:
        assert failed, f"{option}={reading}: none of {sorted(held)} caught it"
    probed = {e.id for e in errata if e.raw.get("probe")}
    for observation in document["observations"]:
        if observation["erratum"] in probed:
            assert reading in observation["implemented"], observation["summary"]
