"""The token placement probe (TCX-012): the run sends the token the way the target takes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.cli import main

ARGS = ["--spec", "telecomx-cdrstats", "--max-examples", "4", "--no-progress", "--phases", "schema,security"]


def _run(tmp_path: Path, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["run", "--report-dir", str(tmp_path), *ARGS, *extra])
    return code, json.loads((tmp_path / "results.json").read_text())


def _placement(document: dict) -> dict:  # type: ignore[type-arg]
    return next(o for o in document["observations"] if o["erratum"] == "TCX-012")


@pytest.mark.parametrize("reading", ["query_token", "header_token"])
def test_run_follows_the_placement_the_target_takes(reading: str, tmp_path: Path) -> None:
    code, document = _run(tmp_path, "--simulator-reading", f"telecomx.token_header={reading}")
    observation = _placement(document)
    assert observation["implemented"] == [reading]
    assert ("this run sends it that way" in observation["summary"]) == (reading != "query_token")
    assert code == 0
    security = {r["check"] for r in document["results"] if r["check"].startswith("SEC-") and r["status"] == "passed"}
    assert security == {"SEC-NO-CREDENTIALS-REFUSED", "SEC-WRONG-CREDENTIALS-REFUSED"}


def test_a_token_no_placement_takes_is_reported_and_fails_the_run(tmp_path: Path) -> None:
    code, document = _run(tmp_path, "--token", "not-the-simulator-token")
    observation = _placement(document)
    assert observation["implemented"] == [] and "none of the placements" in observation["summary"]
    assert set(observation["readings"].values()) == {"unauthenticated"}
    assert code == 1
