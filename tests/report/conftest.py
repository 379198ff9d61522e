"""Fixtures of the report tests: sample documents and snapshot comparison.

Refresh the snapshots under ``tests/report/snapshots/`` with ``UPDATE_SNAPSHOTS=1 pytest tests/report``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conformance.report.document import result_document
from tests.report.samples import CATALOGUE, hostile_result, passing_result, sample_result

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_ENV = "UPDATE_SNAPSHOTS"


@pytest.fixture
def document() -> dict[str, Any]:
    """The sample run (passed, failed, skipped, observations, an errored spec, a baseline) as a document."""
    return result_document(sample_result(), CATALOGUE)


@pytest.fixture
def passing_document() -> dict[str, Any]:
    return result_document(passing_result(), CATALOGUE)


@pytest.fixture
def hostile_document() -> dict[str, Any]:
    """A document whose target-controlled text carries markup and control characters."""
    result, catalogue = hostile_result()
    return result_document(result, catalogue)


@pytest.fixture
def snapshot() -> Callable[[str, str], None]:
    """Compare text with a committed snapshot; with ``UPDATE_SNAPSHOTS=1`` (re)write the snapshot instead."""

    def check(name: str, text: str) -> None:
        path = SNAPSHOTS / name
        if os.environ.get(UPDATE_ENV) == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.is_file():
            pytest.fail(f"snapshot {path} is missing: run the tests with {UPDATE_ENV}=1 to write it")
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its snapshot ({UPDATE_ENV}=1 updates it)"

    return check
