"""Settings files: pbx-conformance.toml or [tool.pbx-conformance], profiles, command-line overrides, and no
secrets in files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.cli import main

SETTINGS = """
spec = "telecomx-cdrstats"
max-examples = 2
phases = ["schema"]
no-progress = true

[profiles.quick]
phases = ["schema", "security"]
report-dir = "{reports}/quick"
"""


def _settings(folder: Path, text: str, name: str = "pbx-conformance.toml") -> Path:
    path = folder / name
    path.write_text(text.replace("{reports}", str(folder / "reports")), encoding="utf-8")
    return path


def _ran(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / "results.json").read_text())


@pytest.mark.slow
def test_a_profile_selects_the_target_and_options_and_the_command_line_wins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _settings(tmp_path, SETTINGS)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--profile", "quick"]) == 0
    document = _ran(tmp_path / "reports" / "quick")
    assert document["settings"]["specs"] == ["telecomx-cdrstats"]
    assert document["settings"]["phases"] == ["schema", "security"] and document["settings"]["max_examples"] == 2
    # an option on the command line overrides the file and its profile
    assert main(["run", "--profile", "quick", "--phases", "schema", "--report-dir", str(tmp_path / "cli")]) == 0
    assert _ran(tmp_path / "cli")["settings"]["phases"] == ["schema"]


@pytest.mark.slow
def test_pyproject_tool_table_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _settings(tmp_path, "[tool.pbx-conformance]\nspec = 'telecomx-cdrstats'\nphases = ['schema']\n"
                        "max-examples = 2\n", "pyproject.toml")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # found from a folder below
    assert main(["run", "--no-progress", "--report-dir", str(tmp_path / "r")]) == 0
    assert _ran(tmp_path / "r")["settings"]["specs"] == ["telecomx-cdrstats"]


@pytest.mark.parametrize(("text", "needle"), [
    ("token = 'abc123'\n", "secret"),
    ("password = 'hunter2'\n", "secret"),
    ("header = ['Authorization: Bearer abc']\n", "credential"),
    ("speed = 3\n", "unknown setting 'speed'"),
    ("[profiles.x]\ntoken = 'abc'\n", "secret"),
])
def test_bad_settings_are_one_line_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str], text: str, needle: str) -> None:
    _settings(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    args = ["run", "--list-checks"] + (["--profile", "x"] if "profiles.x" in text else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err and "abc123" not in err and "hunter2" not in err


def test_a_credential_header_reads_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.cli import build_parser
    from conformance.cli.settings import load_settings, settings_argv

    path = _settings(tmp_path, "header = ['X-Auth-Token: ${MY_TOKEN}', 'X-Tenant: 7']\n")
    monkeypatch.setenv("MY_TOKEN", "s3cret")
    words = settings_argv(build_parser().subcommands["run"], load_settings(path, None), set(), path)
    assert words == ["--header", "X-Auth-Token: s3cret", "--header", "X-Tenant: 7"]


def test_an_unknown_profile_names_the_known_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _settings(tmp_path, SETTINGS)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--profile", "prod"]) == 2
    assert "profiles: quick" in capsys.readouterr().err
