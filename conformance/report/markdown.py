"""The Markdown summary (``summary.md``): short enough for a CI job summary (``$GITHUB_STEP_SUMMARY``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from conformance.report.document import (
    advisories,
    basis_line,
    failed_by_severity,
    show_controls,
    stop_label,
    transport_note,
)

FILENAME = "summary.md"
TOP_FAILURES = 10
TOP_ADVISORIES = 10
MESSAGE_LIMIT = 200
VERDICT_MARK = {True: "✅", False: "❌"}
FAILED_MARK = "❌ failed"
BASELINE_GROUPS = (("new", "New failures"), ("fixed", "Fixed since the baseline"))

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_INLINE = re.compile(r"([\\`*_\[\]|#~])")


def md_text(value: object) -> str:
    """Plain text safe in Markdown: no HTML, no emphasis or links, no control characters, one line."""
    text = show_controls(" ".join(str(value).split()))
    text = "".join(_ENTITIES.get(c, c) for c in text)
    return _INLINE.sub(r"\\\1", text)


def md_cell(value: object) -> str:
    """Text for a table cell: ``|`` escaped, line breaks kept as ``<br>``."""
    return "<br>".join(md_text(line) for line in str(value).splitlines() or [""])


def md_code(value: object) -> str:
    """An identifier in a code span (``|`` escaped for tables); plain escaped text if it holds a backtick."""
    text = show_controls(" ".join(str(value).split()))
    if "`" in text or not text:
        return md_text(text)
    return "`" + text.replace("|", "\\|") + "`"


def _truncated(text: str, limit: int = MESSAGE_LIMIT) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _counts(counts: dict[str, int]) -> str:
    return (f"{counts['failed']} failed, {counts['advisory']} advisories, {counts['passed']} passed, "
            f"{counts['skipped']} skipped")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _verdict(document: dict[str, Any]) -> list[str]:
    mark = VERDICT_MARK[bool(document["conformant"])]
    requests = sum(s["requests"] for s in document["specs"])
    line = f"**{_counts(document['counts'])}** across {len(document['specs'])} spec(s), {requests} requests"
    baseline = document.get("baseline")
    if baseline is not None:
        line += "; baseline: " + ", ".join(f"{len(baseline[k])} {k}" for k in ("new", "known", "fixed"))
    if document["errors"]:
        line += f"; **{len(document['errors'])} spec(s) stopped with an error**"
    gate = document.get("gate") or {}
    rule = (f"Failures resting on the vendor's words or on HTTP decide the verdict"
            f"{' (severity ' + gate['fail_on'] + ' and worse)' if gate.get('fail_on', 'minor') != 'minor' else ''}; "
            + ("with `--strict`, advisories do too." if gate.get("strict") else
               "advisories (the suite's own reading where the documents are silent) do not."))
    lines = [f"# pbx-conformance: {document['verdict'].upper()} {mark}", "", line, "", rule]
    if document.get("stopped"):
        lines += ["", f"> **Stopped early:** {md_text(document['stopped']['reason'])}. This summary holds what the "
                      "run did before it stopped; the phases it did not run are listed per spec."]
    return lines


def _spec(document: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    lines = ["", f"## {md_text(spec['spec'])}: {_counts(spec['counts'])} ({spec['requests']} requests)", "",
             f"Target: {md_text(spec['target'])}"]
    table = spec.get("coverage") or []
    if table:
        gaps = [f"{md_code(r['operation'])} {md_code(r['parameter'])}" for r in table if not r["covered"]]
        lines += ["", f"Parameters whose effect a relation proved: {len(table) - len(gaps)} of {len(table)}"
                  + (f"; not exercised: {', '.join(gaps[:20])}{' …' if len(gaps) > 20 else ''}" if gaps else "")]
    if spec["error"]:
        lines += ["", f"> **Error:** {md_text(spec['error'])}"]
    if spec.get("not_run"):
        lines += ["", f"Not run ({md_text(stop_label(document))}): "
                      + ", ".join(md_code(phase) for phase in spec["not_run"]) + "."]
    note = transport_note(spec.get("transport") or {})
    if note:
        lines += ["", f"Transport: {md_text(note)}"]
    failed = [r for r in failed_by_severity(document) if r["spec"] == spec["spec"]]
    if failed:
        rows = [(md_code(r["check"]), md_code(r["operation"]), md_cell(r["severity"]),
                 f"{FAILED_MARK} ({r['failure_count']} of {r['runs']} runs)") for r in failed]
        lines += ["", *_table(("check", "operation", "severity", "status"), rows)]
    return lines


def _top_failures(document: dict[str, Any]) -> list[str]:
    failed = failed_by_severity(document)
    if not failed:
        return []
    lines = ["", "## Top failures", ""]
    for number, result in enumerate(failed[:TOP_FAILURES], start=1):
        lines.append(f"{number}. **{md_code(result['check'])}** on {md_code(result['operation'])} "
                     f"({md_text(result['spec'])}, {md_text(result['severity'])}): {md_text(result['statement'])}")
        lines.append(f"   - basis: {md_text(_truncated(basis_line(result.get('basis'))))}")
        lines += [f"   - {md_text(_truncated(f['message']))}" for f in result["failures"]]
    if len(failed) > TOP_FAILURES:
        lines.append(f"\n… and {len(failed) - TOP_FAILURES} more failed check(s): see `report.html`.")
    return lines


def _advisories(document: dict[str, Any]) -> list[str]:
    found = advisories(document)
    if not found:
        return []
    counted = " (they count: --strict)" if (document.get("gate") or {}).get("strict") else " (they do not count)"
    lines = ["", f"## Advisories{counted}", "",
             "Findings that rest on the suite's own reading where the vendor documents are silent."]
    for result in found[:TOP_ADVISORIES]:
        first = result["failures"][0]["message"] if result["failures"] else ""
        lines.append(f"- {md_code(result['check'])} on {md_code(result['operation'])} ({md_text(result['spec'])}): "
                     f"{md_text(_truncated(first))} — {md_text(_truncated(basis_line(result.get('basis'))))}")
    if len(found) > TOP_ADVISORIES:
        lines.append(f"\n… and {len(found) - TOP_ADVISORIES} more: see `report.html`.")
    return lines


def _observations(document: dict[str, Any]) -> list[str]:
    if not document["observations"]:
        return []
    rows = [
        (md_cell(o["spec"]), md_code(o["erratum"]), md_code(o["operation"]),
         md_cell(", ".join(f"{reading} → {outcome}" for reading, outcome in sorted(o["readings"].items())) or "—"),
         md_cell(_truncated(o["summary"])))
        for o in document["observations"]
    ]
    return ["", "## Errata observations", "", *_table(("spec", "erratum", "operation", "readings", "summary"), rows)]


def _baseline(document: dict[str, Any]) -> list[str]:
    baseline = document.get("baseline")
    if baseline is None:
        return []
    lines = ["", "## Baseline comparison", "", f"{len(baseline['known'])} known failure(s) still fail."]
    for key, title in BASELINE_GROUPS:
        entries = baseline[key]
        lines += ["", f"**{title} ({len(entries)}){':' if entries else ''}**"]
        lines += [f"- {md_text(e['spec'])}: {md_code(e['check'])} on {md_code(e['operation'])}" for e in entries]
    return lines


def render_markdown(document: dict[str, Any]) -> str:
    """The Markdown summary of a result document."""
    lines = _verdict(document)
    for spec in document["specs"]:
        lines += _spec(document, spec)
    lines += _top_failures(document) + _advisories(document) + _observations(document) + _baseline(document)
    if document.get("suite_errors"):
        lines += ["", "## Suite errors", "", "Bugs of the suite itself (a check or scenario raised); they do not "
                  "judge the target. Please report them.", ""]
        lines += [f"- {md_text(_truncated(e))}" for e in document["suite_errors"]]
    lines += ["", "Full details: `report.html`; machine-readable: `results.json`, `junit.xml`."]
    return "\n".join(lines) + "\n"


def write_markdown(document: dict[str, Any], directory: Path) -> Path:
    path = directory / FILENAME
    path.write_text(render_markdown(document), encoding="utf-8")
    return path
