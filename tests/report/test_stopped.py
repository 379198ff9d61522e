"""A run that stopped early (dead target, time limit, interrupt) and a target that throttled: every report
says why, lists the phases not run, and counts throttling and retries; a run that went to the end shows none
of it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conformance.engine.results import FailureDetail, RunResult, SpecRun, StopInfo
from conformance.report.console import spec_summary
from conformance.report.document import result_document
from conformance.report.html import render_html
from conformance.report.junit import render_junit
from conformance.report.markdown import render_markdown
from tests.report.samples import CATALOGUE, SETTINGS, STARTED

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "conformance" / "schemas" / "result.schema.json")
                    .read_text(encoding="utf-8"))
REASON = "target stopped answering: 7 requests in a row got no answer over 17 s (last: ConnectError)"
TRANSPORT = {"throttled": 3, "throttled_by_operation": {"listCdrs": 3}, "throttle_wait_seconds": 3.0,
             "retried": 2, "retried_by_operation": {"getCdr": 2}, "unanswered": 7, "recovered": 0}


def stopped_result(kind: str = "dead", *, failed: bool = False) -> RunResult:
    """Two specs: the first stopped during its negative phase, the second never started."""
    first = SpecRun("portsip-cdr", "http://127.0.0.1:8899/api", embedded=False, requests=40,
                    not_run=["negative", "security"], transport=dict(TRANSPORT))
    first.result("GEN-RESPONSE-SCHEMA", "listCdrs").add(None)
    if failed:
        first.result("GEN-RESPONDS", "getCdr").add(FailureDetail("no answer: ConnectError", "ConnectError"))
    second = SpecRun("telecomx-cdrstats", "http://127.0.0.1:8899/api", embedded=False,
                     not_run=["schema", "negative", "security"])
    return RunResult(started=STARTED, finished=STARTED + timedelta(seconds=20), settings=dict(SETTINGS),
                     specs=[first, second], stopped=StopInfo(kind, REASON))  # type: ignore[arg-type]


@pytest.fixture
def stopped() -> dict[str, Any]:
    return result_document(stopped_result(), CATALOGUE)


def test_the_document_says_why_and_what_was_not_run(stopped: dict[str, Any]) -> None:
    assert stopped["stopped"] == {"kind": "dead", "reason": REASON}
    assert stopped["verdict"] == "incomplete" and stopped["conformant"] is False
    assert [s["not_run"] for s in stopped["specs"]] == [["negative", "security"], ["schema", "negative", "security"]]
    assert stopped["specs"][0]["transport"] == TRANSPORT
    assert list(Draft202012Validator(SCHEMA).iter_errors(stopped)) == []


def test_a_failure_found_before_the_stop_decides_the_verdict() -> None:
    document = result_document(stopped_result("time", failed=True), CATALOGUE)
    assert document["verdict"] == "not conformant"
    assert list(Draft202012Validator(SCHEMA).iter_errors(document)) == []


def test_markdown_shows_the_stop_the_phases_not_run_and_the_pacing(stopped: dict[str, Any]) -> None:
    text = render_markdown(stopped)
    assert text.startswith("# pbx-conformance: INCOMPLETE")
    assert f"> **Stopped early:** {REASON}" in text
    assert "Not run (target stopped answering): `negative`, `security`." in text
    assert ("Transport: the target throttled 3 time(s) (waited 3 s); 2 request(s) resent after a dropped "
            "connection (getCdr ×2)") in text


def test_html_shows_the_stop_the_phases_not_run_and_the_pacing(stopped: dict[str, Any]) -> None:
    page = render_html(stopped)
    assert "<h1>INCOMPLETE</h1>" in page
    assert f"Stopped early: {REASON}" in page
    assert "not run: target stopped answering: negative, security" in page
    assert "the target throttled 3 time(s) (waited 3 s)" in page


def test_junit_has_a_skipped_case_per_phase_not_run(stopped: dict[str, Any]) -> None:
    root = ET.fromstring(render_junit(stopped))
    suite = root.find("testsuite[@name='telecomx-cdrstats']")
    assert suite is not None and suite.get("skipped") == "3" and suite.get("tests") == "3"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["schema", "negative", "security"]
    assert {c.find("skipped").get("message") for c in cases} == {"not run: target stopped answering"}  # type: ignore[union-attr]
    assert root.get("skipped") == "5"
    properties = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert properties["throttled"] == "3" and properties["retried"] == "2"


def test_console_summary_line(stopped: dict[str, Any]) -> None:
    line = spec_summary(stopped_result().specs[0])
    assert "not run: negative, security" in line
    assert "the target throttled 3 time(s)" in line


@pytest.mark.parametrize(("kind", "label"), [("time", "run time limit reached"), ("interrupt", "interrupted")])
def test_each_kind_of_stop_has_its_label(kind: str, label: str) -> None:
    document = result_document(stopped_result(kind), CATALOGUE)
    assert f"Not run ({label})" in render_markdown(document)


def test_a_run_that_went_to_the_end_shows_no_stop_nor_pacing() -> None:
    run = SpecRun("portsip-cdr", "embedded simulator", embedded=True, requests=9,
                  transport={"throttled": 0, "retried": 0, "recovered": 0})
    run.result("GEN-RESPONSE-SCHEMA", "listCdrs").add(None)
    document = result_document(RunResult(started=STARTED, finished=STARTED, specs=[run]), CATALOGUE)
    text = render_markdown(document) + render_html(document) + render_junit(document) + spec_summary(run)
    for absent in ("Stopped early", "Not run", "not run", "Transport:", "throttled"):
        assert absent not in text
