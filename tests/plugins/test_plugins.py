"""Third-party checks load from a file or module (``run --hooks``) and from installed packages (the
``pbx_conformance.plugins`` entry-point group), run, and show in --list-checks and the reports.

Each run is a subprocess: a plugin's check stays registered for the life of a process, and must not reach the
other tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN_DIR = Path(__file__).parent / "sample"
PLUGIN_FILE = PLUGIN_DIR / "pbx_sample_plugin.py"
CHECK = "SAMPLE-STATS-ARE-A-LIST"


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "conformance", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300, check=False)


@pytest.mark.slow
def test_a_hooks_file_registers_a_check_that_runs_and_is_reported(tmp_path: Path) -> None:
    listed = _cli("run", "--list-checks", "--hooks", str(PLUGIN_FILE))
    assert listed.returncode == 0 and CHECK in listed.stdout
    done = _cli("run", "--spec", "telecomx-cdrstats", "--hooks", str(PLUGIN_FILE), "--phases", "schema",
                "--max-examples", "3", "--no-progress", "--report-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    document = json.loads((tmp_path / "results.json").read_text())
    assert any(r["check"] == CHECK and r["status"] == "passed" for r in document["results"])
    assert CHECK in (tmp_path / "junit.xml").read_text() and CHECK in (tmp_path / "report.html").read_text()


@pytest.mark.slow
def test_an_installed_plugin_is_found_through_its_entry_point(tmp_path: Path) -> None:
    dist = tmp_path / "site" / "pbx_sample_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: pbx-sample-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pbx_conformance.plugins]\nsample = pbx_sample_plugin:register\n")
    path = os.pathsep.join([str(PLUGIN_DIR), str(tmp_path / "site"), os.environ.get("PYTHONPATH", "")])
    listed = _cli("run", "--list-checks", env={"PYTHONPATH": path})
    assert listed.returncode == 0 and CHECK in listed.stdout


def test_a_broken_hook_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken_hook.py"
    bad.write_text("raise RuntimeError('plugin bug')\n")
    done = _cli("run", "--list-checks", "--hooks", str(bad))
    assert done.returncode == 2 and "plugin bug" in done.stderr and "Traceback" not in done.stderr
