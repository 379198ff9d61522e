"""The JUnit XML report: structure, failure details, skipped cases and XML validity."""

from __future__ import annotations

import xml.dom.minidom
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conformance.report.junit import render_junit, write_junit, xml_text


def _parse(text: str) -> ET.Element:
    xml.dom.minidom.parseString(text.encode("utf-8"))  # a second standard parser, stricter about declarations
    return ET.fromstring(text.encode("utf-8"))


def test_junit_matches_its_snapshot(document: dict[str, Any], snapshot: Callable[[str, str], None]) -> None:
    snapshot("junit.xml", render_junit(document))


def test_one_suite_per_spec_and_one_case_per_check_and_operation(document: dict[str, Any]) -> None:
    root = _parse(render_junit(document))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [s["spec"] for s in document["specs"]]
    portsip = suites[0]
    cases = {(c.get("classname"), c.get("name")) for c in portsip.findall("testcase")}
    expected = {(f"{r['spec']}.{r['check']}", r["operation"]) for r in document["results"]
                if r["spec"] == "portsip-cdr"}
    assert cases == expected
    assert (portsip.get("tests"), portsip.get("failures"), portsip.get("skipped"), portsip.get("errors")) == \
        ("7", "2", "2", "0")
    assert root.get("failures") == str(document["counts"]["failed"])


def test_failure_carries_the_details(document: dict[str, Any]) -> None:
    root = _parse(render_junit(document))
    case = root.find("testsuite/testcase[@classname='portsip-cdr.GEN-RESPONSE-SCHEMA'][@name='listCdrs']")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message") == "items[0].duration: '12' is not of type 'integer' (+1 more)"
    assert failure.get("type") == "critical"
    text = failure.text
    for part in ("Every answer's body validates against its documented schema.",
                 "Spec: paths.*.*.responses.*.content.*.schema",
                 "[critical, schema]",
                 "[1] items[0].duration: '12' is not of type 'integer'",
                 "[2] body lacks 'items'",
                 "GET http://127.0.0.1:8899/api/cdrs?start=2025-03-01&end=2025-03-02&access_token=*** -> 200",
                 "POST http://127.0.0.1:8899/api/cdrs/search -> 200",
                 "curl -X POST -H 'Authorization: ***'"):
        assert part in text, part


def test_transport_failures_say_there_was_no_answer(document: dict[str, Any]) -> None:
    failure = _parse(render_junit(document)).find(
        "testsuite/testcase[@classname='portsip-cdr.GEN-RESPONDS']/failure")
    assert failure is not None and failure.text is not None
    assert "-> no answer (timed out waiting for the target)" in failure.text


def test_passed_cases_are_empty_and_skipped_cases_say_why(document: dict[str, Any]) -> None:
    root = _parse(render_junit(document))
    passed = root.find("testsuite/testcase[@classname='portsip-cdr.SEC-NO-TOKEN-REJECTED']")
    assert passed is not None and list(passed) == []
    skipped = root.find("testsuite/testcase[@classname='portsip-cdr.CDR-DURATION-SUM'][@name='getCdr']/skipped")
    assert skipped is not None
    assert skipped.get("message") == "no call with both ring and talk time in the fixtures"


def test_a_spec_that_stopped_is_an_error_case(document: dict[str, Any]) -> None:
    suite = _parse(render_junit(document)).find("testsuite[@name='telecomx-cdrstats']")
    assert suite is not None and suite.get("errors") == "1"
    error = suite.find("testcase[@name='(run)']/error")
    assert error is not None and error.get("message") == "log-in failed: 401 from /auth/login"


def test_a_clean_run_has_no_failures(passing_document: dict[str, Any]) -> None:
    root = _parse(render_junit(passing_document))
    assert root.get("failures") == "0" and root.findall(".//failure") == [] and root.findall(".//skipped") == []


def test_hostile_text_stays_valid_xml(hostile_document: dict[str, Any]) -> None:
    text = render_junit(hostile_document)
    root = _parse(text)
    failure = root.find(".//failure")
    assert failure is not None and failure.text is not None
    assert '<script>alert("pwned")</script>' in failure.text  # text content, escaped on the wire
    assert "\\x1b[31mred" in failure.text and "\\x00" in failure.text
    assert "\x1b" not in text and "\x00" not in text
    skipped = root.find(".//skipped")
    assert skipped is not None and "\\x07" in (skipped.get("message") or "")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("plain text\twith tab\nand newline", "plain text\twith tab\nand newline"),
     ("nul\x00bell\x07esc\x1b", "nul\\x00bell\\x07esc\\x1b"),
     ("bad\ufffeend", "bad\\ufffeend"),
     (None, "")],
    ids=["allowed", "c0-controls", "noncharacter", "none"],
)
def test_xml_text_escapes_only_what_xml_forbids(raw: str | None, shown: str) -> None:
    assert xml_text(raw) == shown


def test_write_junit_writes_the_file(document: dict[str, Any], tmp_path: Path) -> None:
    path = write_junit(document, tmp_path)
    assert path == tmp_path / "junit.xml"
    assert path.read_text(encoding="utf-8") == render_junit(document)


def test_an_advisory_is_a_skipped_case_that_says_its_basis(document: dict[str, Any]) -> None:
    case = _parse(render_junit(document)).find("testsuite/testcase[@classname='portsip-cdr.NEG-WINDOW-EMPTY']")
    assert case is not None and case.find("failure") is None
    skipped = case.find("skipped")
    assert skipped is not None and (skipped.get("message") or "").startswith("advisory")
    assert "no document says an empty window is refused" in (skipped.get("message") or "")
    basis = case.find("properties/property[@name='basis']")
    assert basis is not None and (basis.get("value") or "").startswith("suite:")


def test_with_strict_an_advisory_is_a_failure(document: dict[str, Any]) -> None:
    for result in document["results"]:
        if result["status"] == "advisory":
            result["gating"] = True
    case = _parse(render_junit(document)).find("testsuite/testcase[@classname='portsip-cdr.NEG-WINDOW-EMPTY']")
    assert case is not None and case.find("failure") is not None
