"""No bearer token, access_token, password or issued token reaches a report, a log line or the console."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.cli import main
from conformance.simulator.app import create_simulator
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.server import ServerThread

SECRET = "tok-Zx81-very-secret-value"


def _grep(directory: Path, captured: str, secrets: list[str]) -> list[str]:
    hits = [f"{p.name}: {s}" for p in directory.rglob("*") if p.is_file()
            for s in secrets if s in p.read_text(errors="replace")]
    return hits + [f"console: {s}" for s in secrets if s in captured]


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["telecomx-cdrstats"])
def test_static_token_never_printed_or_reported(spec: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    simulator = create_simulator(SimulatorOptions(spec=spec, token=SECRET))
    with ServerThread(simulator.app) as server:
        code = main(["run", "--spec", spec, "--base-url", server.url + simulator.mount, "--token", SECRET,
                     "--max-examples", "4", "--report-dir", str(tmp_path), "--no-progress"])
    out = capsys.readouterr()
    assert code in (0, 1)
    assert _grep(tmp_path, out.out + out.err, [SECRET]) == []


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["telecomx-cdrstats"])
def test_login_credentials_and_issued_tokens_never_printed_or_reported(
        spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    simulator = create_simulator(SimulatorOptions(spec=spec, token=None))
    monkeypatch.setenv("PBX_USERNAME", "admin")
    monkeypatch.setenv("PBX_PASSWORD", "admin-password")
    monkeypatch.delenv("PBX_TOKEN", raising=False)
    with ServerThread(simulator.app) as server:
        code = main(["run", "--spec", spec, "--base-url", server.url + simulator.mount, "--max-examples", "4",
                     "--report-dir", str(tmp_path), "--no-progress"])
    out = capsys.readouterr()
    issued = list(simulator.tokens._tokens)  # every token the simulator handed out during the run
    assert issued, "the run did not log in"
    assert code == 0
    assert _grep(tmp_path, out.out + out.err, ["admin-password", *issued]) == []
