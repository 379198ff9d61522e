"""The vendor-regression workflow: with --baseline only new failures fail; fixed ones are listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.cli import main

SPEC = "telecomx-cdrstats"
FAULT = "telecomx-answered-exceeds-calls"
ARGS = ["--spec", SPEC, "--max-examples", "4", "--no-progress", "--seed", "2"]


def _run(directory: Path, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["run", *ARGS, "--report-dir", str(directory), *extra])
    return code, json.loads((directory / "results.json").read_text())


@pytest.mark.slow
def test_known_failures_pass_and_fixed_ones_are_listed(tmp_path: Path) -> None:
    code, first = _run(tmp_path / "first", "--simulator-fault", FAULT)
    assert code == 1 and first["baseline"] is None
    baseline = tmp_path / "first" / "results.json"

    code, again = _run(tmp_path / "again", "--simulator-fault", FAULT, "--baseline", str(baseline))
    assert code == 0
    assert again["baseline"]["new"] == [] and again["baseline"]["known"]

    code, fixed = _run(tmp_path / "fixed", "--baseline", str(baseline))
    assert code == 0
    assert {k["check"] for k in fixed["baseline"]["fixed"]} >= {"TELECOMX-OUTCOMES-ADD-UP"}


def test_a_file_that_is_not_a_result_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"hello": 1}')
    assert main(["run", *ARGS, "--baseline", str(bogus), "--report-dir", str(tmp_path / "r")]) == 2
    assert "not a pbx-conformance JSON result" in capsys.readouterr().err
