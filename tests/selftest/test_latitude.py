"""Zero failures on servers that chose differently where the documents are silent.

The simulator's latitude mode switches on other plausible readings of what the vendor documents leave open
(``conformance/simulator/latitude/*.yaml``). The whole suite runs against each entry alone and against
seeded draws of every choice at once, for every spec: no failure (advisories are allowed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.simulator import latitude
from conformance.specs import SPEC_NAMES

RUN_ARGS = ["--max-examples", "6", "--no-progress", "--allow-writes"]
ENTRIES = list(latitude.catalogue().values())
SEEDS = range(1, 11)
GENERATION_SEED = "3"  # the other self-tests' seed: requests drawn once per worker serve them all


def _failures(tmp_path: Path, *args: str) -> tuple[int, list[tuple[str, str, str]], dict]:  # type: ignore[type-arg]
    code = main(["run", "--report-dir", str(tmp_path), *RUN_ARGS, *args])
    document = json.loads((tmp_path / "results.json").read_text())
    failed = [(r["check"], r["operation"], r["failures"][0]["message"]) for r in document["results"]
              if r["status"] == "failed"]
    return code, failed, document


@pytest.mark.slow
@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_the_suite_passes_when_one_choice_is_switched(entry: latitude.LatitudeEntry, tmp_path: Path) -> None:
    code, failed, document = _failures(tmp_path, "--spec", entry.spec, "--seed", GENERATION_SEED,
                                       "--simulator-latitude-entry", entry.id)
    assert document["settings"]["simulator_latitude"] == {entry.spec: [entry.id]}
    assert failed == [] and not document["errors"] and code == 0, failed or document["errors"]


@pytest.mark.slow
@pytest.mark.parametrize(("spec", "seed"), [(spec, seed) for spec in SPEC_NAMES for seed in SEEDS],
                         ids=[f"{spec}-{seed}" for spec in SPEC_NAMES for seed in SEEDS])
def test_the_suite_passes_on_every_latitude_draw(spec: str, seed: int, tmp_path: Path) -> None:
    # the draw varies with the latitude seed; requests are generated with one seed (drawn once per process)
    code, failed, document = _failures(tmp_path, "--spec", spec, "--seed", GENERATION_SEED,
                                       "--simulator-latitude", str(seed))
    assert failed == [] and not document["errors"] and code == 0, (latitude.draw(spec, seed),
                                                                    failed or document["errors"])
