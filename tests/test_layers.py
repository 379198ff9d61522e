"""Layers point one way: spec core <- check API <- checks and vendor packages <- engine <- front ends (CLI,
pytest plugin).

Each rule names a set of modules (a glob under conformance/) and the modules they may not import. A vendor
package holds both a check-level part (its checks, discovery and the data they read) and a simulator part
(``simulator/``): each keeps to its own layer.
"""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "conformance"
FRONT = ("conformance.cli", "conformance.pytest_plugin", "conformance.embedded")
VENDOR_SIMULATORS = tuple(f"conformance.vendors.{v}.simulator" for v in ("portsip", "yeastar", "fusionpbx",
                                                                        "telecomx"))

# glob under conformance/ -> module prefixes those files may not import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "checkapi/*": ("conformance.checks", "conformance.engine", "conformance.simulator", "conformance.report",
                   "conformance.lint", "conformance.normalise", "conformance.vendors", *FRONT),
    "checks/*": ("conformance.engine", "conformance.simulator", "conformance.report", *FRONT, *VENDOR_SIMULATORS),
    "vendors/*": ("conformance.engine", "conformance.report", *FRONT),
    "vendors/*/checks*": ("conformance.simulator", *VENDOR_SIMULATORS),
    "vendors/*/discovery.py": ("conformance.simulator", *VENDOR_SIMULATORS),
    "vendors/*/simulator/*": ("conformance.checks", "conformance.checkapi.registry", "conformance.engine"),
    "engine/*": ("conformance.simulator", "conformance.report", *FRONT, *VENDOR_SIMULATORS),
    "simulator/*": ("conformance.engine", "conformance.checks", "conformance.report", *FRONT),
    "report/*": ("conformance.simulator", "conformance.cli"),
    "lint/*": ("conformance.engine", "conformance.simulator", "conformance.checks", "conformance.cli",
               "conformance.normalise"),
    "normalise/*": ("conformance.lint", "conformance.engine", "conformance.simulator", "conformance.checks"),
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
    for path in sorted(ROOT.rglob("*.py")):
        where = str(path.relative_to(ROOT))
        for pattern, prefixes in FORBIDDEN.items():
            if not fnmatch(where, pattern):
                continue
            for module in _imports(path):
                if any(module == p or module.startswith(p + ".") for p in prefixes):
                    found.add((where, module))
    return found


def test_imports_point_one_way() -> None:
    assert _violations() == set(), "imports that point the wrong way"


def test_the_rules_see_every_vendor_package() -> None:
    vendors = {p.name for p in (ROOT / "vendors").iterdir() if (p / "__init__.py").is_file()}
    assert {s.split(".")[2] for s in VENDOR_SIMULATORS} == vendors
