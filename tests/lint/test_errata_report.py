"""`pbx-conformance errata`: the register of one vendor document as Markdown or self-contained HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conformance.cli import main
from conformance.errata import load_errata
from conformance.errata_report import build, to_html, to_markdown
from conformance.specs import SPEC_NAMES


class _Refs(HTMLParser):
    """Every URL an HTML page would load or link to, and its scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        self.urls += [value or "" for name, value in attrs
                      if name in ("src", "href") and not (value or "#").startswith("#")]


@pytest.mark.parametrize("spec", SPEC_NAMES)
def test_html_report_names_every_erratum_and_is_self_contained(spec: str) -> None:
    html = to_html(build(spec))
    ids = {e.id for e in load_errata() if e.spec == spec}
    assert ids and all(f'id="{erratum}"' in html for erratum in ids)
    refs = _Refs()
    refs.feed(html)
    assert refs.urls == [] and refs.scripts == 0 and "<link" not in html


@pytest.mark.parametrize("spec", SPEC_NAMES)
def test_markdown_report_carries_evidence_impact_and_choice(spec: str) -> None:
    markdown = to_markdown(build(spec))
    for erratum in (e for e in load_errata() if e.spec == spec):
        section = markdown.split(f"## {erratum.id}:", 1)[1].split("\n## ", 1)[0]
        assert "- Evidence:" in section and "- Impact:" in section and "- The normalised spec:" in section
        assert ("- Found by: review (no rule:" in section) == (erratum.detected_by == "review")


def _results(spec: str, erratum: str, reading: str) -> dict:
    return {"started": "2025-11-03T10:00:00Z", "verdict": "conformant", "observations": [
        {"spec": spec, "erratum": erratum, "operation": "getCallsHistory", "readings": {reading: "accepted"},
         "implemented": [reading], "summary": "the target accepts the enum spelling"}]}


def test_a_runs_results_say_which_reading_the_server_implements():
    ambiguous = next(e for e in load_errata() if e.spec == "portsip-dataflow" and e.ambiguous)
    reading = ambiguous.readings[0]
    report = build("portsip-dataflow", _results("portsip-dataflow", ambiguous.id, reading))
    markdown = to_markdown(report)
    section = markdown.split(f"## {ambiguous.id}:", 1)[1].split("\n## ", 1)[0]
    assert f"implements {reading}:" in section and "the target accepts the enum spelling" in section
    others = [e for e in load_errata() if e.spec == "portsip-dataflow" and e.ambiguous and e.id != ambiguous.id]
    assert "not probed in this run" in markdown.split(f"## {others[0].id}:", 1)[1].split("\n## ", 1)[0]
    assert "implements" in to_html(report) and "1 of these defects were" in markdown


def test_html_escapes_document_text():
    report = build("yeastar-call-report")
    report["errata"][0]["evidence"] = ["<script>alert(1)</script>"]
    html = to_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_cli_writes_reports_and_refuses_bad_results(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["errata", "--spec", "fusionpbx-report", "--format", "html", "-o", str(out)]) == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    results = tmp_path / "results.json"
    results.write_text(json.dumps(_results("fusionpbx-report", "FUS-008", "x")), "utf-8")
    assert main(["errata", "--spec", "fusionpbx-report", "--results", str(results)]) == 0
    assert re.search(r"# Defects of the .*document", capsys.readouterr().out)
    results.write_text("{not json", "utf-8")
    assert main(["errata", "--spec", "fusionpbx-report", "--results", str(results)]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["errata", "--spec", "nope"])
    assert usage.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err
