"""Lint and normalise both read vendor documents through conformance.sourcedoc; neither imports the other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "conformance"


def _imports(package: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(("package", "forbidden"), [("lint", "conformance.normalise"),
                                                    ("normalise", "conformance.lint")])
def test_lint_and_normalise_do_not_import_each_other(package: str, forbidden: str) -> None:
    assert sorted(m for m in _imports(package) if m == forbidden or m.startswith(forbidden + ".")) == []


def test_the_shared_module_imports_neither():
    tree = ast.parse((ROOT / "sourcedoc.py").read_text("utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not {m for m in modules if m.startswith(("conformance.lint", "conformance.normalise"))}
