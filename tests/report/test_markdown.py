"""The Markdown summary: snapshot, escaping, truncation and the parts that appear only when relevant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conformance.report import markdown
from conformance.report.markdown import md_cell, md_code, md_text, render_markdown


def test_markdown_matches_its_snapshot(document: dict[str, Any], snapshot: Callable[[str, str], None]) -> None:
    snapshot("summary.md", render_markdown(document))


def test_verdict_line_and_failed_rows(document: dict[str, Any]) -> None:
    text = render_markdown(document)
    assert text.startswith("# pbx-conformance: NOT CONFORMANT ❌\n")
    assert "| `GEN-RESPONSE-SCHEMA` | `listCdrs` | critical | ❌ failed (3 of 20 runs) |" in text
    assert "## portsip-cdr: 2 failed, 1 advisories, 3 passed, 1 skipped (42 requests)" in text
    assert "`SEC-NO-TOKEN-REJECTED`" not in text  # passed results are counted, not listed


def test_a_clean_run_is_short(passing_document: dict[str, Any]) -> None:
    text = render_markdown(passing_document)
    assert text.startswith("# pbx-conformance: CONFORMANT ✅\n")
    for absent in ("| check |", "## Top failures", "## Errata observations", "## Baseline comparison"):
        assert absent not in text


def test_observation_cells_escape_pipes_and_newlines(document: dict[str, Any]) -> None:
    row = next(line for line in render_markdown(document).splitlines() if "`PSC-004`" in line)
    assert row.count(" | ") == 4  # five cells: the summary's own pipe is escaped
    assert "duration unit \\| documented as<br>both seconds" in row


def test_baseline_lists_new_and_fixed(document: dict[str, Any]) -> None:
    text = render_markdown(document)
    new = text.index("**New failures (1):**")
    fixed = text.index("**Fixed since the baseline (1):**")
    assert new < text.index("- portsip-cdr: `GEN-RESPONSE-SCHEMA` on `listCdrs`") < fixed
    assert text.index("- portsip-cdr: `CDR-DURATION-SUM` on `listCdrs`") > fixed


def test_long_messages_are_truncated(document: dict[str, Any]) -> None:
    failed = next(r for r in document["results"] if r["status"] == "failed")
    failed["failures"][0]["message"] = "x" * 1000
    line = next(line for line in render_markdown(document).splitlines() if "xxx" in line)
    assert line.endswith("x…") and line.count("x") == markdown.MESSAGE_LIMIT - 1


def test_top_failures_are_capped(document: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown, "TOP_FAILURES", 1)
    text = render_markdown(document)
    top = text[text.index("## Top failures"):]
    assert "1. **`GEN-RESPONDS`**" in top and "2. **" not in top
    assert "… and 1 more failed check(s)" in top


def test_hostile_text_is_inert(hostile_document: dict[str, Any]) -> None:
    text = render_markdown(hostile_document)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\x1b" not in text


@pytest.mark.parametrize(
    ("function", "raw", "shown"),
    [(md_text, "plain words", "plain words"),
     (md_text, "a|b *c* <d> [e](f)\nnext", "a\\|b \\*c\\* &lt;d&gt; \\[e\\](f) next"),
     (md_cell, "one | two\nthree", "one \\| two<br>three"),
     (md_cell, "", ""),
     (md_code, "listCdrs", "`listCdrs`"),
     (md_code, "a`b", "a\\`b"),
     (md_code, "x|y", "`x\\|y`")],
    ids=["text-plain", "text-special", "cell-pipe-newline", "cell-empty", "code-plain", "code-backtick",
         "code-pipe"],
)
def test_escaping(function: Callable[[object], str], raw: str, shown: str) -> None:
    assert function(raw) == shown


def test_advisories_have_their_own_section_with_their_basis(document: dict[str, Any]) -> None:
    text = render_markdown(document)
    section = text.split("## Advisories", 1)[1].split("\n## ", 1)[0]
    assert "`NEG-WINDOW-EMPTY` on `listCdrs`" in section
    assert "suite: no document says an empty window is refused" in section
    assert "NEG-WINDOW-EMPTY" not in text.split("## Top failures", 1)[1].split("## Advisories", 1)[0]
    assert "basis: http: a body follows the schema" in text
