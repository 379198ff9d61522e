"""Run the registered rules over documents and match findings against the errata register."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from conformance.lint import rules as _rules  # noqa: F401  (registers the rules)
from conformance.lint.loaders import load_path
from conformance.lint.model import Finding, LintDocument
from conformance.lint.registry import RULES
from conformance.lint.schemas import forget_spaces
from conformance.lint.walk import operation_at

# (spec, rule id) -> {pointer: erratum id}: what each erratum documents.
Known = Mapping[tuple[str, str], Mapping[str, str]]


def lint_documents(
    documents: Iterable[LintDocument],
    rule_ids: Iterable[str] | None = None,
    known: Known | None = None,
) -> list[Finding]:
    """Findings of the selected rules (all by default) over ``documents``.

    A finding belongs to an erratum only when the erratum documents exactly that rule at exactly that
    pointer (``known``); any other finding, also one on the same field, is new.
    """
    selected = [RULES[r] for r in rule_ids] if rule_ids is not None else RULES.values()
    forget_spaces()
    findings: list[Finding] = []
    for document in documents:
        for lint_rule in selected:
            if document.kind not in lint_rule.applies_to:
                continue
            seen: set[tuple[str, str]] = set()
            for pointer, message in lint_rule.check(document):
                if (pointer, message) in seen:
                    continue
                seen.add((pointer, message))
                erratum = None
                if known and document.spec is not None:
                    erratum = (known.get((document.spec, lint_rule.id)) or {}).get(pointer)
                findings.append(
                    Finding(
                        rule=lint_rule.id,
                        source=document.source,
                        pointer=pointer,
                        message=message,
                        severity=lint_rule.severity,
                        spec=document.spec,
                        operation=operation_at(document, pointer),
                        erratum=erratum,
                        line=document.line_of(pointer),
                    )
                )
    return findings


def lint_path(path: Path, spec: str | None = None, rule_ids: Iterable[str] | None = None) -> list[Finding]:
    """Findings for one file."""
    return lint_documents(load_path(path, spec), rule_ids)
