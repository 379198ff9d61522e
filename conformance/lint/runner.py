"""Run the registered rules over documents and match findings against the errata register."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from conformance.lint import rules as _rules  # noqa: F401  (registers the rules)
from conformance.lint.loaders import load_path
from conformance.lint.model import Finding, LintDocument
from conformance.lint.registry import RULES
from conformance.lint.walk import operation_at


def lint_documents(
    documents: Iterable[LintDocument],
    rule_ids: Iterable[str] | None = None,
    known: dict[tuple[str, str], list[tuple[str, str]]] | None = None,
) -> list[Finding]:
    """Findings of the selected rules (all by default) over ``documents``.

    ``known`` maps (spec, rule id) to (pointer prefix, erratum id) pairs; a finding under a
    registered pointer carries that erratum id.
    """
    selected = [RULES[r] for r in rule_ids] if rule_ids is not None else RULES.values()
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
                erratum = _match(known, document.spec, lint_rule.id, pointer)
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
                    )
                )
    return findings


def _match(
    known: dict[tuple[str, str], list[tuple[str, str]]] | None,
    spec: str | None,
    rule_id: str,
    pointer: str,
) -> str | None:
    if not known or spec is None:
        return None
    matches = [
        (len(prefix), erratum_id)
        for prefix, erratum_id in known.get((spec, rule_id), [])
        if pointer == prefix or pointer.startswith(prefix.rstrip("/") + "/")
    ]
    # The most specific erratum (longest pointer) claims the finding; the register order breaks ties.
    return max(matches, key=lambda m: m[0])[1] if matches else None


def lint_path(path: Path, spec: str | None = None, rule_ids: Iterable[str] | None = None) -> list[Finding]:
    """Findings for one file."""
    return lint_documents(load_path(path, spec), rule_ids)
