"""Compare a run with a previous JSON result: only failures the baseline did not have fail the verdict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance.engine.results import RunResult
from conformance.errors import ConfigError


def load_baseline(path: Path) -> set[tuple[str, str, str]]:
    """(spec, check, operation) of every result that failed the previous run's gate (older files: every failed
    result)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"baseline {path}: cannot read it as a JSON result ({exc})") from None
    try:
        return {
            (r["spec"], r["check"], r["operation"])
            for r in data["results"]
            if r.get("gating", r["status"] == "failed")
        }
    except (KeyError, TypeError):
        raise ConfigError(f"baseline {path}: not a pbx-conformance JSON result") from None


def compare(result: RunResult, baseline: set[tuple[str, str, str]]) -> dict[str, Any]:
    """New, known and fixed failures relative to the baseline (for the specs this run covered)."""
    specs = {s.spec for s in result.specs}
    current = result.failed_keys()
    passed = {r.key for r in result.all_results() if r.status == "passed"}
    relevant = {k for k in baseline if k[0] in specs}
    return {
        "new": sorted(current - relevant),
        "known": sorted(current & relevant),
        "fixed": sorted(k for k in relevant - current if k in passed),
    }
