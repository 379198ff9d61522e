"""``init`` finds what a PBX holds through its own API and writes fixtures and settings a first ``run`` uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from conformance.cli import main
from conformance.simulator.server import ServerThread
from conformance.specs import SPEC_NAMES


def _fixture_skips(document: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(r["check"], r["skip_reason"]) for r in document["results"]
            if r["status"] == "skipped" and "fixtures" in (r["skip_reason"] or "")]


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_NAMES)
def test_init_then_run_exercises_the_scenarios(spec: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--spec", spec]) == 0
    assert (tmp_path / "fixtures.yaml").read_text().startswith("# Fixtures for pbx-conformance")
    assert main(["run", "--no-progress", "--max-examples", "6", "--report-dir", "reports"]) == 0
    document = json.loads((tmp_path / "reports" / "results.json").read_text())
    assert document["settings"]["specs"] == [spec]
    assert _fixture_skips(document) == []
    scenarios = [r for r in document["results"] if r["check"].startswith(spec.split("-")[0].upper())]
    assert any(r["status"] in ("passed", "advisory") for r in scenarios)


def test_init_does_not_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fixtures.yaml").write_text("mine\n")
    assert main(["init", "--spec", "telecomx-cdrstats"]) == 2
    assert "--force" in capsys.readouterr().err and (tmp_path / "fixtures.yaml").read_text() == "mine\n"


def _refusing() -> Starlette:
    async def refuse(request):  # type: ignore[no-untyped-def]
        return JSONResponse({"message": "unauthorized"}, status_code=401)

    return Starlette(routes=[Route("/{path:path}", refuse, methods=["GET", "POST"])])


@pytest.mark.slow
def test_a_target_refusing_every_credential_is_a_one_line_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    with ServerThread(_refusing()) as server:
        code = main(["init", "--spec", "telecomx-cdrstats", "--base-url", server.url, "--token", "not-valid"])
    err = capsys.readouterr().err
    assert code == 2 and "refused the credentials" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and "not-valid" not in err
    assert not (tmp_path / "fixtures.yaml").exists()
