"""Exit status 2 with one readable line for usage, configuration and connection errors."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from conformance.cli import main


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_unreachable_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--spec", "telecomx-cdrstats", "--base-url", f"http://127.0.0.1:{_free_port()}",
                 "--report-dir", str(tmp_path)])
    assert code == 2
    assert "cannot connect" in _one_line_error(capsys)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--base-url", "http://127.0.0.1:9"], "needs --spec"),
        (["--checks", "NO-SUCH-CHECK"], "unknown check"),
        (["--phases", "nope"], "unknown phase"),
        (["--baseline", "/no/such/file.json"], "does not exist"),
        (["--fixtures", "/no/such/fixtures.yaml"], "does not exist"),
        (["--max-examples", "0"], "must be at least 1"),
        (["--simulator-reading", "no_such_option=x"], "no option of that name"),
        (["--spec", "fusionpbx-report", "--simulator-reading", "portsip_status_spelling=prose"],
         "no option of that name"),
        (["--spec", "fusionpbx-report", "--simulator-reading", "fusionpbx.window_required=maybe"],
         "has no reading 'maybe'"),
        (["--spec", "fusionpbx-report", "--simulator-reading", "fusionpbx.window_required"], "OPTION=READING"),
        (["--spec", "fusionpbx-report", "--base-url", "http://127.0.0.1:9",
          "--simulator-reading", "fusionpbx.window_required=required"], "embedded simulator only"),
    ],
)
def test_usage_errors(args: list[str], needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(["run", *args])
    except SystemExit as exc:  # argparse type errors
        code = int(exc.code or 0)
    assert code == 2
    assert needle in _one_line_error(capsys)


def test_invalid_fixtures_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "fixtures.yaml"
    bad.write_text("window: {start: yesterday, end: today}\n")
    assert main(["run", "--fixtures", str(bad)]) == 2
    assert "fixtures file" in _one_line_error(capsys)
