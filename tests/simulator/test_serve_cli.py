"""``pbx-conformance serve``: prints one ready line, serves, stops cleanly on Ctrl-C."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys

import httpx
import pytest

from conformance.cli import main
from conformance.request_validation import base_path
from conformance.specs import SPEC_NAMES, load_spec


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_NAMES)
def test_serve_prints_ready_line_and_stops_on_ctrl_c(spec: str) -> None:
    command = [sys.executable, "-m", "conformance", "serve", "--spec", spec, "--calls", "500",
               "--token", "t0k3n-abcdef"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            mount = base_path(load_spec(spec))
            match = re.fullmatch(rf"serving {spec} at (http://127\.0\.0\.1:(\d+))({mount})\n", line)
            assert match, line
            log = httpx.get(match.group(1) + "/__simulator__/requests")
            assert log.status_code == 200 and log.json() == []
            if spec == "portsip-dataflow":
                answer = httpx.get(match.group(1) + match.group(3) + "/dataflow/report_jobs",
                                   headers={"Authorization": "Bearer t0k3n-abcdef"})
                assert answer.status_code == 200
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=15) == 0
        finally:
            if process.poll() is None:
                process.kill()


def test_port_in_use_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--spec", "telecomx-cdrstats", "--port", str(port), "--calls", "10"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "cannot listen" in err


def test_list_faults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--list-faults"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 30


def test_unknown_fault_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--spec", "telecomx-cdrstats", "--fault", "no-such-fault"]) == 2
    assert "unknown fault" in capsys.readouterr().err


@pytest.mark.parametrize(("reading", "needle"), [
    ("telecomx.no_such=x", "unknown reading option"),
    ("telecomx.token_header=cookie", "has no reading 'cookie'"),
    ("telecomx.token_header", "OPTION=READING"),
])
def test_bad_reading_is_a_usage_error(reading: str, needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--spec", "telecomx-cdrstats", "--reading", reading]) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1
