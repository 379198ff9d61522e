"""The HTML report: self-contained, escaped, and showing every part the brief lists."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conformance.report.html import render_html, write_html

HOSTILE = '<script>alert("pwned")</script>'


class Page(HTMLParser):
    """Tags, attributes, ids and text of a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.chunks: list[str] = []
        self.cells: list[tuple[str, str]] = []  # (class, text) of matrix cells
        self._cell: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = {name: value or "" for name, value in attrs}
        self.attributes += [(tag, name, value) for name, value in values.items()]
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "td" and values.get("class", "").startswith("cell "):
            self._cell = values["class"].split()[1]
            self.cells.append((self._cell, ""))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        if self._cell is not None and data.strip():
            self.cells[-1] = (self._cell, self.cells[-1][1] + data.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None

    @property
    def text(self) -> str:
        return "".join(self.chunks)


@pytest.fixture
def page(document: dict[str, Any]) -> Page:
    return Page(render_html(document))


def test_the_page_is_self_contained(page: Page) -> None:
    assert not {"script", "link", "img", "iframe", "object", "embed", "base"} & set(page.tags)
    assert "style" in page.tags
    assert not [a for a in page.attributes if a[1] in ("src", "srcset", "action") or a[1].startswith("on")]
    hrefs = [value for _, name, value in page.attributes if name == "href"]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert all(h[1:] in page.ids for h in hrefs), "every in-page link has its target"


def test_verdict_settings_and_spec_summary(page: Page, document: dict[str, Any]) -> None:
    text = page.text
    assert "NOT CONFORMANT" in text
    assert "2 failed, 1 advisories, 4 passed, 1 skipped" in " ".join(text.split())
    assert "Judged against a baseline: 1 new, 1 known, 1 fixed" in " ".join(text.split())
    for key in document["settings"]:
        assert key in text
    assert "http://127.0.0.1:8899/api" in text and "log-in failed: 401 from /auth/login" in text


def test_the_matrix_has_one_cell_per_result_with_text_not_only_colour(page: Page, document: dict[str, Any]) -> None:
    shown = [(status, text) for status, text in page.cells if status != "na"]
    assert sorted(status for status, _ in shown) == sorted(r["status"] for r in document["results"])
    marks = {"passed": "✓ pass", "failed": "✗ FAIL", "advisory": "! advisory", "skipped": "– skip"}
    assert all(text == marks[status] for status, text in shown)


def test_each_failure_shows_its_evidence_and_request(page: Page, document: dict[str, Any]) -> None:
    text = page.text
    for result in (r for r in document["results"] if r["status"] == "failed"):
        for value in (result["check"], result["statement"], result["location"], result["severity"]):
            assert value in text
        for failure in result["failures"]:
            assert failure["message"] in text
            exchange = failure["exchange"]
            assert f"{exchange['method']} {exchange['url']}" in text
            assert exchange["curl"] in text
            for name, value in exchange["request_headers"].items():
                assert f"{name}: {value}" in text
            assert exchange["response_excerpt"] in text
    assert json.dumps({"start": "2025-03-01", "password": "***", "note": "token ***"}, indent=2) in text
    assert '"pointer": "/items/0/duration"' in text
    assert "no answer timed out waiting for the target" in " ".join(text.split())
    assert ("pre", "class", "curl") in page.attributes


def test_observations_and_baseline(page: Page) -> None:
    text = page.text
    assert "PSC-004" in text and "seconds → accepted" in text and "milliseconds → rejected" in text
    assert "not probed: no accepted request for the operation" in text
    for title in ("New failures (1)", "Known failures (1)", "Fixed (1)"):
        assert title in text


def test_a_clean_run_without_baseline(passing_document: dict[str, Any]) -> None:
    page = Page(render_html(passing_document))
    assert "NOT CONFORMANT" not in page.text and "CONFORMANT" in page.text
    assert "Baseline comparison" not in page.text
    assert {status for status, _ in page.cells} == {"passed"}


def test_hostile_content_is_escaped(hostile_document: dict[str, Any]) -> None:
    html = render_html(hostile_document)
    page = Page(html)
    assert "script" not in page.tags and "img" not in page.tags
    assert not [a for a in page.attributes if a[1].startswith("on")]
    assert "<script" not in html and "<img" not in html
    assert "\x1b" not in html and "\x00" not in html and "\\x1b[31mred" in page.text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert HOSTILE in page.text  # shown to the reader as text, in the message, excerpt, statement, ...
    assert page.text.count(HOSTILE) >= 6


def test_write_html_writes_the_file(document: dict[str, Any], tmp_path: Path) -> None:
    path = write_html(document, tmp_path)
    assert path == tmp_path / "report.html"
    assert path.read_text(encoding="utf-8") == render_html(document)


def test_failures_show_their_basis_and_advisories_have_their_own_section(page: Page) -> None:
    text = " ".join(page.text.split())
    failures, advisories = text.split("Advisories (1)", 1)
    assert "basis: http" in failures and "“duration of the call”" not in failures
    assert "NEG-WINDOW-EMPTY" in advisories.split("Errata observations", 1)[0]
    assert "basis: suite — no document says an empty window is refused" in advisories
