"""The pytest route from an installed package: any directory, no checkout, the suite's items collected; and the
embedded simulator ignores credentials left in the environment for a real PBX."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.cli import main


@pytest.mark.slow
def test_pytest_outside_the_checkout_collects_and_runs_the_suite(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--pbx-spec",
                           "telecomx-cdrstats", "--pbx-max-examples", "3", "-m", "pbx_critical"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "PBX_TOKEN": "a-token-for-a-real-pbx"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "error" not in done.stdout.lower()


@pytest.mark.slow
def test_the_embedded_simulator_ignores_a_token_left_in_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PBX_TOKEN", "a-token-for-a-real-pbx")
    monkeypatch.setenv("PBX_USERNAME", "someone")
    monkeypatch.setenv("PBX_PASSWORD", "their-password")
    assert main(["run", "--spec", "portsip-cdr", "--phases", "schema", "--max-examples", "3", "--no-progress",
                 "--report-dir", str(tmp_path)]) == 0
    assert json.loads((tmp_path / "results.json").read_text())["settings"]["credentials"] == "none"
