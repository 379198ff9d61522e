"""No report shows a token the engine's Redactor masked."""

from __future__ import annotations

from pathlib import Path

from conformance.report.writers import WRITERS, write_reports
from tests.report.samples import CATALOGUE, TOKEN, sample_result


def _hits(directory: Path, secret: str) -> list[str]:
    return [p.name for p in sorted(directory.iterdir()) if secret.encode() in p.read_bytes()]


def test_no_report_contains_the_token(tmp_path: Path) -> None:
    written = write_reports(sample_result(), tmp_path, CATALOGUE)
    assert len(written) == len(WRITERS) and sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in written)
    assert _hits(tmp_path, TOKEN) == []
    # the token was in the URL, headers, body, response, message and evidence; each report shows the mask instead
    masks = (b"***", rb"\*\*\*")  # Markdown escapes the asterisks
    assert all(any(mask in p.read_bytes() for mask in masks) for p in written)


def test_the_grep_finds_an_unmasked_token(tmp_path: Path) -> None:
    result = sample_result()
    result.specs[0].result("GEN-RESPONSE-SCHEMA", "listCdrs").failures[0].message = f"leaked {TOKEN}"
    write_reports(result, tmp_path, CATALOGUE)
    assert _hits(tmp_path, TOKEN) == sorted(p.name for p in tmp_path.iterdir())
