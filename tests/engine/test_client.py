"""The target client: rate limit, write safety, and login with refresh through the vendor's flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.cli import main
from conformance.engine.auth import Credentials
from conformance.engine.client import RateLimiter, TargetClient, WriteRefused
from conformance.engine.redact import Redactor
from conformance.simulator.app import create_simulator
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.server import ServerThread


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_spaces_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    slept: list[float] = []
    monkeypatch.setattr("conformance.engine.client.time.sleep", slept.append)
    limiter = RateLimiter(4.0, clock)
    for _ in range(3):
        limiter.wait()
    assert slept == [0.25, 0.5]


def test_unlimited_rate_never_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("conformance.engine.client.time.sleep", slept.append)
    limiter = RateLimiter(None)
    for _ in range(5):
        limiter.wait()
    assert slept == []


def test_writes_are_refused_without_allow_writes() -> None:
    client = TargetClient("http://127.0.0.1:9", {}, redactor=Redactor(), credentials=Credentials())
    with pytest.raises(WriteRefused):
        client.request("POST", "/dataflow/report_jobs", access="write", json_body={})
    client.close()


@pytest.mark.slow
def test_short_lived_tokens_are_refreshed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = SimulatorOptions(spec="telecomx-cdrstats", token=None, token_lifetime_seconds=1)
    simulator = create_simulator(options)
    monkeypatch.setenv("PBX_USERNAME", "admin")
    monkeypatch.setenv("PBX_PASSWORD", "admin-password")
    monkeypatch.delenv("PBX_TOKEN", raising=False)
    with ServerThread(simulator.app) as server:
        code = main(["run", "--spec", "telecomx-cdrstats", "--base-url", server.url, "--max-examples", "6",
                     "--rate-limit", "40", "--no-progress", "--report-dir", str(tmp_path)])
    logins = [r for r in simulator.log.records() if r.operation_id == "auth:login"]
    assert code == 0
    assert len(logins) >= 2, "a 1-second token must have been renewed during the run"
