"""The JUnit XML report: one test suite per spec, one test case per check × operation."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conformance.report.document import basis_line, not_run_label, results_of

FILENAME = "junit.xml"
MESSAGE_LIMIT = 500
# Characters XML 1.0 does not allow anywhere, even escaped (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can hold: forbidden characters become visible ``\\xNN`` / ``\\uNNNN``."""
    text = "" if value is None else str(value)
    return _NOT_XML.sub(lambda m: _escaped(ord(m.group())), text)


def _escaped(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _one_line(text: str, limit: int = MESSAGE_LIMIT) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _element(parent: ET.Element, tag: str, attributes: dict[str, object], text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _timestamp(iso: str) -> str:
    """JUnit's timestamp notation: UTC, to the second, without an offset."""
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _request_line(exchange: dict[str, Any]) -> str:
    answer = str(exchange["status"]) if exchange.get("status") is not None else f"no answer ({exchange.get('error')})"
    return f"{exchange['method']} {exchange['url']} -> {answer}"


def failure_details(result: dict[str, Any]) -> str:
    """The body of a ``<failure>``: what the check demands, where, and every distinct failure with its request."""
    lines = [
        f"{result['check']} [{result['severity']}, {result['kind']}] on {result['operation']}",
        result["statement"],
        f"Basis: {basis_line(result.get('basis'))}",
        f"Spec: {result['location']}",
        f"Failed {result['failure_count']} of {result['runs']} runs; {len(result['failures'])} distinct failure(s).",
    ]
    for number, failure in enumerate(result["failures"], start=1):
        lines += ["", f"[{number}] {failure['message']}"]
        if failure.get("basis") and failure["basis"] != result.get("basis"):
            lines.append(f"    basis: {basis_line(failure['basis'])}")
        exchange = failure.get("exchange")
        if exchange:
            lines += [f"    {_request_line(exchange)}", f"    {exchange['curl']}"]
        if failure.get("evidence"):
            lines.append(f"    evidence: {json.dumps(failure['evidence'], sort_keys=True, default=str)}")
    return "\n".join(lines)


def _failure_message(result: dict[str, Any]) -> str:
    messages = [f["message"] for f in result["failures"]]
    if not messages:
        return f"{result['check']}: {result['statement']}"
    more = f" (+{len(messages) - 1} more)" if len(messages) > 1 else ""
    return _one_line(messages[0]) + more


def _not_gating(result: dict[str, Any], gate: dict[str, Any]) -> str:
    """Why a result with findings does not fail the verdict (shown as a skipped test case)."""
    if result["status"] == "advisory":
        return (f"advisory, rests on the suite's reading ({basis_line(result.get('basis'))}); "
                f"{_failure_message(result)}")
    return f"below --fail-on {gate['fail_on']} ({result['severity']}): {_failure_message(result)}"


def _suite(root: ET.Element, document: dict[str, Any], spec: dict[str, Any]) -> None:
    results = results_of(document, spec["spec"])
    gate = document.get("gate") or {"strict": False, "fail_on": "minor"}
    counts = {"failed": sum(1 for r in results if r.get("gating")),
              "skipped": sum(1 for r in results if r["status"] == "skipped" or
                             (r["status"] in ("failed", "advisory") and not r.get("gating")))}
    errors = 1 if spec["error"] else 0
    not_run = spec.get("not_run") or []
    suite = _element(root, "testsuite", {
        "name": spec["spec"], "tests": len(results) + errors + len(not_run), "failures": counts["failed"],
        "errors": errors, "skipped": counts["skipped"] + len(not_run), "timestamp": _timestamp(document["started"]),
    })
    properties = _element(suite, "properties", {})
    values = {"target": spec["target"], "requests": spec["requests"],
              "embedded": "true" if spec["embedded"] else "false"}
    transport = spec.get("transport") or {}
    values.update({name: transport[name] for name in ("throttled", "retried") if transport.get(name)})
    for name, value in values.items():
        _element(properties, "property", {"name": name, "value": value})
    for result in results:
        case = _element(suite, "testcase", {"classname": f"{result['spec']}.{result['check']}",
                                            "name": result["operation"]})
        if result.get("basis") and result["status"] in ("failed", "advisory"):
            props = _element(case, "properties", {})
            _element(props, "property", {"name": "basis", "value": basis_line(result["basis"])})
        if result.get("gating"):
            _element(case, "failure", {"message": _failure_message(result), "type": result["severity"]},
                     failure_details(result))
        elif result["status"] in ("failed", "advisory"):
            _element(case, "skipped", {"message": _one_line(_not_gating(result, gate))}, failure_details(result))
        elif result["status"] == "skipped":
            _element(case, "skipped", {"message": _one_line(result["skip_reason"] or "not run")})
    if spec.get("suite_errors"):  # the suite's own bugs: shown, never a failure of the target
        _element(suite, "system-err", {}, "\n".join(f"suite error: {e}" for e in spec["suite_errors"]))
    for phase in not_run:
        case = _element(suite, "testcase", {"classname": f"{spec['spec']}.(phase)", "name": phase})
        _element(case, "skipped", {"message": not_run_label(document)})
    if spec["error"]:
        case = _element(suite, "testcase", {"classname": spec["spec"], "name": "(run)"})
        _element(case, "error", {"message": _one_line(spec["error"]), "type": "error"}, spec["error"])


def render_junit(document: dict[str, Any]) -> str:
    """The JUnit XML text of a result document."""
    counts = document["counts"]
    errors = sum(1 for s in document["specs"] if s["error"])
    gating = sum(1 for r in document["results"] if r.get("gating"))
    not_run = sum(len(s.get("not_run") or []) for s in document["specs"])
    attributes: dict[str, object] = {
        "name": "pbx-conformance", "tests": sum(counts.values()) + errors + not_run, "failures": gating,
        "errors": errors, "skipped": sum(counts.values()) - counts["passed"] - gating + not_run,
    }
    if document.get("duration_seconds") is not None:
        attributes["time"] = f"{document['duration_seconds']:.3f}"
    root = ET.Element("testsuites", {k: xml_text(v) for k, v in attributes.items()})
    for spec in document["specs"]:
        _suite(root, document, spec)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(document: dict[str, Any], directory: Path) -> Path:
    path = directory / FILENAME
    path.write_text(render_junit(document), encoding="utf-8")
    return path
