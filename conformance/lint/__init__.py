"""Spec lint: general rules over vendor documents and normalised specs."""

from conformance.lint.model import Finding, LintDocument, Rule
from conformance.lint.registry import RULES, rule
from conformance.lint.runner import lint_documents, lint_path

__all__ = ["RULES", "Finding", "LintDocument", "Rule", "lint_documents", "lint_path", "rule"]
