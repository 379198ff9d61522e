"""Layers point one way: spec core <- check API <- checks <- engine <- front ends (CLI, pytest plugin).

Each rule lists the modules that may not be imported from a package.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "conformance"

# package (relative to conformance/) -> prefixes its modules may not import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "checkapi": ("conformance.checks", "conformance.engine", "conformance.simulator", "conformance.report",
                 "conformance.cli", "conformance.lint", "conformance.normalise", "conformance.pytest_plugin"),
    "checks": ("conformance.engine", "conformance.simulator", "conformance.report", "conformance.cli",
               "conformance.pytest_plugin"),
    "engine": ("conformance.simulator", "conformance.report", "conformance.cli", "conformance.pytest_plugin",
               "conformance.embedded"),
    "simulator": ("conformance.engine", "conformance.checks", "conformance.report", "conformance.cli"),
    "report": ("conformance.simulator", "conformance.cli"),
    "lint": ("conformance.engine", "conformance.simulator", "conformance.checks", "conformance.cli",
             "conformance.normalise"),
    "normalise": ("conformance.lint", "conformance.engine", "conformance.simulator", "conformance.checks"),
    "vendors": ("conformance.engine", "conformance.report", "conformance.cli", "conformance.pytest_plugin",
                "conformance.embedded"),
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
    assert _violations() == set(), "imports that point the wrong way"
