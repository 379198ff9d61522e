"""Any API, not only the five: ``run --spec FILE`` on a Swagger 2.0 document with a custom token header, and
on an OpenAPI 3.0 document whose prose rule (a 24 h window) comes from an overlay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conformance.cli import main
from conformance.simulator.server import ServerThread
from tests.openspec.inventory import EVENTS_OPENAPI, EVENTS_OVERLAY, SWAGGER, TOKEN, inventory_app

ARGS = ["--no-progress", "--max-examples", "8", "--seed", "1"]


def _run(tmp_path: Path, defect: str | None, *args: str,
         bare_errors: bool = False) -> tuple[int, dict]:  # type: ignore[type-arg]
    with ServerThread(inventory_app(defect, bare_errors=bare_errors)) as server:
        code = main(["run", "--base-url", server.url + "/v1", "--report-dir", str(tmp_path / "reports"),
                     "--token", TOKEN, *ARGS, *args])
    return code, json.loads((tmp_path / "reports" / "results.json").read_text())


def _failed(document: dict) -> set[str]:  # type: ignore[type-arg]
    return {r["check"] for r in document["results"] if r["status"] == "failed"}


@pytest.fixture
def swagger_file(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(SWAGGER), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_clean_server_of_a_swagger_document_passes(tmp_path: Path, swagger_file: Path) -> None:
    code, document = _run(tmp_path, None, "--spec", str(swagger_file))
    assert (code, _failed(document), document["errors"], document["suite_errors"]) == (0, set(), [], [])
    assert document["specs"][0]["spec"] == "inventory"
    exercised = {r["check"] for r in document["results"] if r["status"] == "passed"}
    assert {"GEN-RESPONSE-SCHEMA", "SEC-NO-CREDENTIALS-REFUSED", "SEC-WRONG-CREDENTIALS-REFUSED"} <= exercised
    assert TOKEN not in (tmp_path / "reports" / "results.json").read_text()


@pytest.mark.slow
def test_refusals_without_a_body_are_no_schema_failure(tmp_path: Path, swagger_file: Path) -> None:
    code, document = _run(tmp_path, None, "--spec", str(swagger_file), bare_errors=True)
    assert (code, _failed(document)) == (0, set())


@pytest.mark.slow
@pytest.mark.parametrize(("defect", "caught_by"), [
    ("crash", "GEN-NO-SERVER-ERROR"), ("schema", "GEN-RESPONSE-SCHEMA"), ("no-auth", "SEC-NO-CREDENTIALS-REFUSED"),
])
def test_a_planted_defect_fails_the_run(tmp_path: Path, swagger_file: Path, defect: str, caught_by: str) -> None:
    code, document = _run(tmp_path, defect, "--spec", str(swagger_file))
    assert code == 1 and caught_by in _failed(document)


@pytest.fixture
def events_files(tmp_path: Path) -> tuple[Path, Path]:
    spec, overlay = tmp_path / "events.yaml", tmp_path / "events-overlay.yaml"
    spec.write_text(yaml.safe_dump(EVENTS_OPENAPI), encoding="utf-8")
    overlay.write_text(yaml.safe_dump(EVENTS_OVERLAY), encoding="utf-8")
    return spec, overlay


@pytest.mark.slow
def test_an_overlay_window_rule_fails_a_server_that_serves_25_hours(tmp_path: Path,
                                                                    events_files: tuple[Path, Path]) -> None:
    spec, overlay = events_files
    code, document = _run(tmp_path, "long-window", "--spec", str(spec), "--overlay", str(overlay))
    assert code == 1 and "NEG-WINDOW-OVER-MAX" in _failed(document)
    failed = next(r for r in document["results"] if r["check"] == "NEG-WINDOW-OVER-MAX" and r["status"] == "failed")
    assert failed["basis"]["kind"] == "vendor"  # the overlay states the rule: the document under test says it


@pytest.mark.slow
def test_an_overlay_window_rule_passes_a_server_that_refuses_25_hours(tmp_path: Path,
                                                                      events_files: tuple[Path, Path]) -> None:
    spec, overlay = events_files
    code, document = _run(tmp_path, None, "--spec", str(spec), "--overlay", str(overlay))
    assert (code, _failed(document)) == (0, set())
    assert any(r["check"] == "NEG-WINDOW-OVER-MAX" and r["status"] == "passed" for r in document["results"])


def test_a_file_spec_needs_a_base_url(swagger_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--spec", str(swagger_file), "--no-progress"]) == 2
    assert "--base-url" in capsys.readouterr().err


def test_a_missing_spec_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--spec", str(tmp_path / "nope.yaml"), "--base-url", "http://127.0.0.1:9"]) == 2
    assert "neither a spec name" in capsys.readouterr().err


@pytest.mark.slow
def test_a_credential_header_is_sent_and_masked_everywhere(tmp_path: Path, swagger_file: Path) -> None:
    """--header carries a token the document does not declare the way the run sends it: never in a report."""
    with ServerThread(inventory_app(None)) as server:
        code = main(["run", "--base-url", server.url + "/v1", "--report-dir", str(tmp_path / "reports"),
                     "--header", f"X-Auth-Token: {TOKEN}", *ARGS, "--spec", str(swagger_file)])
    assert code == 0
    for report in (tmp_path / "reports").iterdir():
        assert TOKEN not in report.read_text(encoding="utf-8"), report.name
