"""The rule catalogue: every rule is tested both ways, stable, and general (names no vendor field)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from conformance.lint import RULES
from conformance.specs import SPEC_NAMES, load_spec

LINT = Path(__file__).resolve().parents[2] / "conformance" / "lint"
TESTS = Path(__file__).resolve().parent


def test_every_rule_has_an_id_title_and_severity():
    assert len(RULES) >= 50
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"LINT-[A-Z0-9]+(-[A-Z0-9]+)*", rule_id)
        assert rule.title.endswith(".") and rule.severity in ("error", "warning")


def test_every_rule_is_exercised_by_a_fixture_test():
    texts = "\n".join(p.read_text("utf-8") for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name)
    untested = [rule_id for rule_id in RULES if f'"{rule_id}"' not in texts and f"'{rule_id}'" not in texts
                and rule_id.removeprefix("LINT-") not in texts]
    assert untested == []


def _distinctive_names() -> set[str]:
    """Names only a vendor API uses: operation ids, path segments, long property names, enum values."""
    names: set[str] = set()
    for spec in SPEC_NAMES:
        tree = load_spec(spec)
        for path, item in tree["paths"].items():
            names.update(s for s in path.split("/") if "_" in s and not s.startswith("{"))
            for op in item.values():
                if isinstance(op, dict) and "operationId" in op:
                    names.add(op["operationId"])
        stack = [tree]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, _value in node.get("properties", {}).items() if isinstance(node.get("properties"), dict) \
                        else ():
                    if len(key) > 8 and ("_" in key or re.search(r"[a-z][A-Z]", key)):
                        names.add(key)
                for value in node.get("enum") or [] if isinstance(node.get("enum"), list) else []:
                    if isinstance(value, str) and "_" in value and value.isupper():
                        names.add(value)
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return names


def _code_without_docstrings(path: Path) -> str:
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            body.pop(0)
    return ast.unparse(tree)


# Call-reporting vocabulary some vendor also happens to use as a key: outcome buckets and personal names
# read by the arithmetic and companion rules for any API (conformance/lint/vocabulary.yaml).
DOMAIN_WORDS = frozenset({"no_answered", "not_answered", "not_available", "first_name", "last_name", "file_name"})


def test_no_rule_names_a_vendor_field_value_or_path():
    names = _distinctive_names() - DOMAIN_WORDS
    assert {"getQueueKpiSummary", "start_hour_of_day", "NOT_ANSWERED"} & names  # the probe itself works
    sources = {p.name: _code_without_docstrings(p) for p in LINT.rglob("*.py")}
    sources["vocabulary.yaml"] = repr(yaml.safe_load((LINT / "vocabulary.yaml").read_text("utf-8")))
    named = {(name, file) for file, text in sources.items() for name in names
             if re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text)}
    assert named == set()
