"""Lint findings as text, JSON or SARIF 2.1.0 (for code-scanning tools)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from conformance import __version__
from conformance.lint.model import Finding, Rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FORMATS = ("text", "json", "sarif")


def render(findings: Sequence[Finding], rules: Sequence[Rule], fmt: str, new_count: int) -> str:
    """The findings in ``fmt`` (``text``, ``json`` or ``sarif``)."""
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], indent=2)
    if fmt == "sarif":
        return json.dumps(sarif_log(findings, rules), indent=2)
    return text_report(findings, new_count)


def text_report(findings: Sequence[Finding], new_count: int) -> str:
    lines = []
    for f in findings:
        where = f"{f.source}:{f.line}" if f.line else f.source
        operation = f" ({f.operation})" if f.operation else ""
        known = f" [known: {f.erratum}]" if f.erratum else " [new]"
        pointer = f.pointer or "(whole document)"
        lines.append(f"{where}#{pointer}{operation}: {f.rule} [{f.severity}]: {f.message}{known}")
    lines.append(f"{len(findings)} finding(s) shown, {new_count} not in the errata register")
    return "\n".join(lines)


def _uri(source: str) -> str:
    """A source path as a SARIF artifact URI: relative to the working directory when inside it."""
    path = Path(source).resolve()
    try:
        return Path(os.path.relpath(path, Path.cwd())).as_posix() if path.is_relative_to(Path.cwd()) else path.as_uri()
    except ValueError:
        return path.as_uri()


def _level(severity: str) -> str:
    return "error" if severity == "error" else "warning"


def sarif_log(findings: Sequence[Finding], rules: Sequence[Rule]) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run: every rule as a reporting descriptor, every finding as a result.

    A finding an erratum documents is a result with an external suppression naming the erratum.
    """
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    for f in findings:
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": _uri(f.source)}}}
        if f.line:
            location["physicalLocation"]["region"] = {"startLine": f.line}
        location["logicalLocations"] = [{"fullyQualifiedName": f.pointer or "/", "kind": "member"}]
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": _level(f.severity),
            "message": {"text": f.message},
            "locations": [location],
            "partialFingerprints": {
                "lintFinding/v1": hashlib.sha256(f"{f.rule}\0{f.pointer}".encode()).hexdigest()[:32]},
            "properties": {"pointer": f.pointer, "operation": f.operation, "spec": f.spec},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.erratum:
            result["suppressions"] = [{"kind": "external", "justification": f"documented by erratum {f.erratum}"}]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "pbx-conformance lint",
                "version": __version__,
                "rules": [{
                    "id": rule.id,
                    "shortDescription": {"text": rule.title},
                    "defaultConfiguration": {"level": _level(rule.severity)},
                } for rule in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
