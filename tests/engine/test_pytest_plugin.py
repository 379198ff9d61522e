"""The pytest plugin turns the engine's results into test items, one per check × operation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import conformance
from conformance.simulator.app import create_simulator
from conformance.simulator.catalogue import simulator_fixtures
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.server import ServerThread

SUITE = Path(conformance.__file__).with_name("test_conformance.py")


def _pytest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", str(SUITE), "-q", "-p", "no:cacheprovider",
                           "--rootdir", str(tmp_path), *args],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_items_pass_against_the_embedded_simulator(tmp_path: Path) -> None:
    done = _pytest(tmp_path, "--pbx-spec", "telecomx-cdrstats", "--pbx-max-examples", "4")
    assert done.returncode == 0, done.stdout[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout


@pytest.mark.slow
def test_failures_name_the_check_and_selection_works(tmp_path: Path) -> None:
    options = SimulatorOptions(spec="telecomx-cdrstats", fault="telecomx-answered-exceeds-calls")
    simulator = create_simulator(options)
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text(yaml.safe_dump(simulator_fixtures(simulator)))
    with ServerThread(simulator.app) as server:
        done = _pytest(tmp_path, "--pbx-spec", "telecomx-cdrstats", "--pbx-base-url", server.url,
                       "--pbx-token", str(options.token), "--pbx-fixtures", str(fixtures),
                       "--pbx-max-examples", "4", "-k", "OUTCOMES")
    assert done.returncode == 1, done.stdout[-2000:]
    assert "TELECOMX-OUTCOMES-ADD-UP" in done.stdout
    assert "deselected" in done.stdout
