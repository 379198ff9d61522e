"""A verdict in bounded time whatever the target does: each run here goes through a misbehaving loopback
proxy in front of the simulator and must end within the budget the test gives it, with all four reports, no
traceback and the documented exit code (README, "Checking a real PBX")."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from conformance.cli import main
from conformance.cli.run import parse_duration
from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import simulator_fixtures
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.server import ServerThread
from tests.engine.faultyproxy import Behaviour, FaultyProxy

SPEC = "telecomx-cdrstats"  # the smallest spec: one operation, about 170 requests a run
REPORTS = ("results.json", "junit.xml", "report.html", "summary.md")
MARGIN = 30.0  # seconds a run may take beyond its budget (clean-up, a loaded machine); a bound, not a timing
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "conformance" / "schemas" / "result.schema.json")
                    .read_text(encoding="utf-8"))


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float
    document: dict[str, Any]
    summary: str
    proxy: FaultyProxy


def _fixtures(simulator: Simulator, tmp_path: Path) -> Path:
    path = tmp_path / "fixtures.yaml"
    path.write_text(yaml.safe_dump({"specs": {simulator.options.spec: simulator_fixtures(simulator)}}))
    return path


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], behaviour: Behaviour, *options: str,
         budget: float) -> Outcome:
    simulator = create_simulator(SimulatorOptions(spec=SPEC))
    fixtures = _fixtures(simulator, tmp_path)
    reports = tmp_path / "reports"
    with ServerThread(simulator.app) as server, FaultyProxy(server.url + simulator.mount, behaviour) as proxy:
        started = time.monotonic()
        code = main(["run", "--spec", SPEC, "--base-url", proxy.url, "--token", str(simulator.options.token),
                     "--fixtures", str(fixtures), "--no-progress", "--report-dir", str(reports), *options])
        seconds = time.monotonic() - started
    out = capsys.readouterr()
    assert seconds < budget + MARGIN, f"the run took {seconds:.0f} s for a budget of {budget:g} s"
    assert "Traceback" not in out.out + out.err
    assert sorted(p.name for p in reports.iterdir()) == sorted(REPORTS)
    document = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(SCHEMA).iter_errors(document)) == []
    summary = (reports / "summary.md").read_text(encoding="utf-8")
    return Outcome(code, out.out, out.err, seconds, document, summary, proxy)


def _stderr_line(outcome: Outcome) -> str:
    lines = outcome.err.strip().splitlines()
    assert len(lines) == 1, outcome.err
    return lines[0]


@pytest.mark.parametrize(("text", "seconds"), [("90s", 90), ("10m", 600), ("1h", 3600), ("1h30m", 5400),
                                               ("45", 45), ("1.5m", 90), ("2M", 120)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "0s", "ten minutes", "5d", "-1m", "m"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_duration(text)


def test_a_bad_max_time_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["run", "--max-time", "soon"])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and len(err.strip().splitlines()) == 1 and "'soon' is not a duration" in err


@pytest.mark.slow
def test_a_target_that_never_answers_is_given_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = _run(tmp_path, capsys, lambda i, m, p: "hang", "--timeout", "0.5", "--dead-after", "2",
                   "--max-time", "60s", budget=60)
    assert outcome.code == 2
    assert outcome.document["stopped"]["kind"] == "dead"
    assert _stderr_line(outcome).startswith("pbx-conformance run: stopped: target stopped answering: ")
    assert outcome.document["specs"][0]["not_run"]  # the phases it never got to are listed
    assert "Not run (target stopped answering)" in outcome.summary
    assert len(outcome.proxy.actions) == 2 + 4  # two to notice, four probes after growing pauses


@pytest.mark.slow
def test_a_byte_a_second_answer_meets_the_run_time_limit(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    outcome = _run(tmp_path, capsys, lambda i, m, p: "trickle", "--timeout", "2", "--max-time", "5s",
                   "--dead-after", "10", budget=5)
    assert outcome.document["stopped"] == {"kind": "time", "reason": "run time limit (5 s) reached"}
    # exit 2, unless a check had already failed by then: exit 1
    assert outcome.code == (1 if outcome.document["counts"]["failed"] else 2)
    assert outcome.document["verdict"] == ("not conformant" if outcome.code == 1 else "incomplete")
    assert _stderr_line(outcome) == "pbx-conformance run: stopped: run time limit (5 s) reached"


@pytest.mark.slow
def test_throttling_is_waited_out_and_a_clean_target_passes(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    outcome = _run(tmp_path, capsys, lambda i, m, p: "throttle" if i < 3 else "forward", budget=120)
    assert outcome.code == 0, outcome.summary
    assert outcome.document["verdict"] == "conformant" and outcome.document["stopped"] is None
    transport = outcome.document["specs"][0]["transport"]
    assert transport["throttled"] == 3 and transport["throttle_wait_seconds"] == 3.0
    assert "the target throttled 3 time(s)" in outcome.summary


@pytest.mark.slow
def test_a_reset_every_tenth_connection_is_retried_and_a_clean_target_passes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = _run(tmp_path, capsys, lambda i, m, p: "reset" if i % 10 == 9 else "forward", budget=120)
    assert outcome.code == 0, outcome.summary
    transport = outcome.document["specs"][0]["transport"]
    resets = outcome.proxy.actions.count("reset")
    assert resets >= 10 and transport["retried"] == resets
    assert transport["retried_by_operation"] == {"getCdrStats": resets}
    assert "resent after a dropped connection (getCdrStats" in outcome.summary


@pytest.mark.slow
def test_a_target_that_dies_mid_run_is_given_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = _run(tmp_path, capsys, lambda i, m, p: "die" if i >= 30 else "forward", "--dead-after", "3",
                   "--max-time", "60s", budget=60)
    assert outcome.code == 2
    assert outcome.document["stopped"]["kind"] == "dead"
    assert "Connection refused" in outcome.document["stopped"]["reason"]
    assert outcome.document["counts"]["passed"] > 0  # what ran before the death is kept
    assert outcome.document["specs"][0]["not_run"]


@pytest.mark.slow
def test_a_target_that_comes_back_lets_the_run_finish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = _run(tmp_path, capsys, lambda i, m, p: "outage" if i == 30 else "forward", "--dead-after", "2",
                   budget=120)
    assert outcome.document["stopped"] is None
    assert outcome.document["specs"][0]["not_run"] == []
    assert outcome.document["specs"][0]["transport"]["recovered"] == 1
    # the requests sent while it was down got no answer: that, and only that, fails
    failed = {r["check"] for r in outcome.document["results"] if r["status"] == "failed"}
    assert failed == {"GEN-RESPONDS"} and outcome.code == 1


# -- interrupts ---------------------------------------------------------------------------------
WRITABLE = ("report_jobs", "report_logs", "call_reports", "completed_call_reports")


def _tables(simulator: Simulator) -> dict[str, set[str]]:
    return {t: {repr(r) for r in simulator.store.query(f"SELECT * FROM {t}")} for t in WRITABLE}


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [pytest.param(signal.SIGTERM, 143, id="SIGTERM"),
                                              pytest.param(signal.SIGINT, 130, id="SIGINT")])
def test_an_interrupted_writing_run_deletes_what_it_created(signum: int, code: int, tmp_path: Path) -> None:
    simulator = create_simulator(SimulatorOptions(spec="portsip-dataflow"))
    before = _tables(simulator)
    fixtures = _fixtures(simulator, tmp_path)
    reports = tmp_path / "reports"
    released = False

    def behaviour(index: int, method: str, path: str) -> str:
        # once something is created, hold the next request: the run is mid-lifecycle when the signal comes
        return "hang" if simulator.log.writes() and not released else "forward"

    with ServerThread(simulator.app) as server, FaultyProxy(server.url + simulator.mount, behaviour) as proxy:
        process = subprocess.Popen(
            [sys.executable, "-m", "conformance", "run", "--spec", "portsip-dataflow", "--base-url", proxy.url,
             "--token", str(simulator.options.token), "--fixtures", str(fixtures), "--allow-writes",
             "--phases", "stateful", "--timeout", "60", "--no-progress", "--report-dir", str(reports)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            assert proxy.holding.wait(120), "the run never created anything"
            assert _tables(simulator) != before  # a resource of the run's own is live on the target
            released = True
            process.send_signal(signum)
            out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == code, err
    assert "Traceback" not in out + err
    assert err.strip().splitlines() == [f"pbx-conformance run: stopped: interrupted by {signal.Signals(signum).name}"]
    assert sorted(p.name for p in reports.iterdir()) == sorted(REPORTS)
    document = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    assert document["stopped"]["kind"] == "interrupt"
    assert document["errors"] == []  # nothing left behind to report
    assert _tables(simulator) == before
