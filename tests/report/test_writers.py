"""``write_reports``: every report in one directory, from one document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.errors import ConfigError
from conformance.report.writers import write_reports
from tests.report.samples import CATALOGUE, sample_result

FILES = ["junit.xml", "report.html", "results.json", "summary.md"]


def test_every_report_is_written(tmp_path: Path) -> None:
    written = write_reports(sample_result(), tmp_path / "run", CATALOGUE)
    assert sorted(p.name for p in written) == FILES
    assert all(p.parent == tmp_path / "run" and p.stat().st_size > 0 for p in written)
    assert written[0].name == "results.json"
    assert json.loads(written[0].read_text(encoding="utf-8"))["verdict"] == "not conformant"


def test_the_same_result_gives_the_same_files(tmp_path: Path) -> None:
    first = write_reports(sample_result(), tmp_path / "a", CATALOGUE)
    second = write_reports(sample_result(), tmp_path / "b", CATALOGUE)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_an_unusable_directory_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot create report directory"):
        write_reports(sample_result(), blocker / "reports", CATALOGUE)
