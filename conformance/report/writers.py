"""Write every report of a run into one directory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from conformance.engine.results import RunResult
from conformance.errors import ConfigError
from conformance.report.document import Catalogue, result_document
from conformance.report.html import write_html
from conformance.report.json_report import write_json
from conformance.report.junit import write_junit
from conformance.report.markdown import write_markdown

Writer = Callable[[dict[str, Any], Path], Path]

# results.json first: it is the one --baseline reads back.
WRITERS: list[Writer] = [write_json, write_junit, write_html, write_markdown]


def write_reports(result: RunResult, directory: Path, catalogue: Catalogue | None = None) -> list[Path]:
    """Write the JSON result and every other report; returns the files written.

    ``catalogue``: check metadata by id (default: the registry of checks).
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create report directory {directory}: {exc.strerror or exc}") from None
    document = result_document(result, catalogue)
    return [writer(document, directory) for writer in WRITERS]
