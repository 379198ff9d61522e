"""The registry of lint rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from conformance.lint.model import DocumentKind, Rule, RuleFunction, Severity
from conformance.registry import Registry

RULES: Registry[Rule] = Registry("lint rule")


def rule(
    rule_id: str,
    title: str,
    *,
    applies_to: Iterable[DocumentKind] = ("openapi",),
    severity: Severity = "error",
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under ``rule_id`` (``LINT-…``)."""
    if not rule_id.startswith("LINT-"):
        raise ValueError(f"rule id {rule_id!r} must start with 'LINT-'")

    def decorator(func: RuleFunction) -> RuleFunction:
        RULES.add(rule_id, Rule(rule_id, title, frozenset(applies_to), severity, func))
        return func

    return decorator
