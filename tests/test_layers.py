"""Layers point one way: spec core <- check API <- checks <- engine <- front ends (CLI, pytest plugin).

Each rule lists the modules that may not be imported from a package. A known exception is named with the reason
it still stands, and the test fails once it no longer does, so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "conformance"

# package (relative to conformance/) -> prefixes its modules may not import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "checkapi": ("conformance.checks", "conformance.engine", "conformance.simulator", "conformance.report",
                 "conformance.cli", "conformance.lint", "conformance.normalise", "conformance.pytest_plugin"),
    "checks": ("conformance.engine", "conformance.simulator", "conformance.report", "conformance.cli",
               "conformance.pytest_plugin"),
    "engine": ("conformance.simulator", "conformance.report", "conformance.cli", "conformance.pytest_plugin"),
    "simulator": ("conformance.engine", "conformance.checks", "conformance.report", "conformance.cli"),
    "report": ("conformance.simulator", "conformance.cli"),
    "lint": ("conformance.engine", "conformance.simulator", "conformance.checks", "conformance.cli"),
}
# (module file, imported module): exceptions still to remove, each with its reason
KNOWN: dict[tuple[str, str], str] = {
    ("engine/target.py", "conformance.simulator.app"): "the engine starts the embedded simulator (issue 9)",
    ("engine/target.py", "conformance.simulator.catalogue"): "the engine starts the embedded simulator (issue 9)",
    ("engine/target.py", "conformance.simulator.options"): "the engine starts the embedded simulator (issue 9)",
    ("engine/target.py", "conformance.simulator.server"): "the engine starts the embedded simulator (issue 9)",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _violations() -> set[tuple[str, str]]:
    found = set()
    for package, prefixes in FORBIDDEN.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for module in _imports(path):
                if any(module == p or module.startswith(p + ".") for p in prefixes):
                    found.add((str(path.relative_to(ROOT)), module))
    return found


def test_imports_point_one_way() -> None:
    unexpected = _violations() - set(KNOWN)
    assert unexpected == set(), "imports that point the wrong way"


@pytest.mark.parametrize("known", sorted(KNOWN), ids=[f"{m}->{i}" for m, i in sorted(KNOWN)])
def test_known_exceptions_still_exist(known: tuple[str, str]) -> None:
    assert known in _violations(), f"{known} is gone: remove it from KNOWN"
