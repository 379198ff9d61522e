"""The CI recipes of docs/ci.md parse, and their conformance commands, exactly as written, pass against the
embedded reference simulator (served here, with the recipe's environment pointing at it)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conformance.simulator.app import create_simulator
from conformance.simulator.catalogue import simulator_fixtures
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.server import ServerThread

DOC = Path(__file__).resolve().parents[2] / "docs" / "ci.md"
# The recipes' PBX_SPEC says which API the PBX serves; here the smallest one, so the rate limit they keep
# (5 requests a second, polite to a production PBX) does not make the test slow.
SPEC = "telecomx-cdrstats"


def _blocks() -> list[dict]:  # type: ignore[type-arg]
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(), re.S)]


def _github() -> dict:  # type: ignore[type-arg]
    return next(b for b in _blocks() if "jobs" in b)


def _gitlab() -> dict:  # type: ignore[type-arg]
    return next(b for b in _blocks() if "pbx-conformance" in b)


def test_both_recipes_parse_and_publish_the_reports() -> None:
    github = _github()["jobs"]["gate"]
    assert github["env"]["PBX_SPEC"] and _gitlab()["pbx-conformance"]["variables"]["PBX_SPEC"]
    uses = {step.get("uses", "").split("@")[0] for step in github["steps"]}
    assert {"actions/upload-artifact", "mikepenz/action-junit-report"} <= uses
    assert any("GITHUB_STEP_SUMMARY" in step.get("run", "") for step in github["steps"])
    gitlab = _gitlab()["pbx-conformance"]
    assert gitlab["artifacts"]["reports"]["junit"] == "reports/gate/junit.xml"


def _served(tmp_path: Path):  # type: ignore[no-untyped-def]
    simulator = create_simulator(SimulatorOptions(spec=SPEC, token="ci-secret-token", calls=2000))
    (tmp_path / "fixtures.yaml").write_text(yaml.safe_dump({"specs": {SPEC: simulator_fixtures(simulator)}}))
    return simulator, ServerThread(simulator.app)


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PBX_SPEC": SPEC, "PBX_BASE_URL": url, "PBX_TOKEN": "ci-secret-token",
            "GITHUB_STEP_SUMMARY": str(tmp_path / "step-summary.md")}


@pytest.mark.slow
def test_the_github_job_runs_against_the_simulator(tmp_path: Path) -> None:
    steps = [s for s in _github()["jobs"]["gate"]["steps"] if str(s.get("name", "")).startswith("Conformance:")]
    assert len(steps) == 2
    simulator, server = _served(tmp_path)
    with server:
        for step in steps:
            done = subprocess.run(["bash", "-ec", step["run"]], cwd=tmp_path, env=_env(server.url + simulator.mount,
                                  tmp_path), capture_output=True, text=True, timeout=900, check=False)
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = (tmp_path / "step-summary.md").read_text()
    assert summary.startswith("# pbx-conformance: CONFORMANT") and "ci-secret-token" not in summary
    assert (tmp_path / "reports" / "gate" / "junit.xml").is_file()


@pytest.mark.slow
def test_the_gitlab_job_runs_against_the_simulator(tmp_path: Path) -> None:
    script = _gitlab()["pbx-conformance"]["script"]
    simulator, server = _served(tmp_path)
    with server:
        for line in script:
            done = subprocess.run(["bash", "-ec", line], cwd=tmp_path, env=_env(server.url + simulator.mount,
                                  tmp_path), capture_output=True, text=True, timeout=900, check=False)
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "ci-secret-token" not in (tmp_path / "reports" / "gate" / "junit.xml").read_text()
