"""What the linter reads (documents) and what it reports (findings)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

DocumentKind = Literal["openapi", "examples"]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class LintDocument:
    """A document as the rules see it.

    ``openapi`` documents are OpenAPI trees (a normalised spec, or a vendor's fragments merged
    as they are). ``examples`` documents hold the JSON examples found in a prose document:
    ``{"sections": [{"title", "line", "examples": [{"line", "value"} | {"line", "unparsed", "error"}]}]}``.
    Findings point into ``tree`` with JSON pointers.
    """

    source: str
    kind: DocumentKind
    tree: Any = field(repr=False)
    spec: str | None = None
    normalised: bool = False


@dataclass(frozen=True)
class Finding:
    """One defect a rule found, located by a JSON pointer into the document's tree."""

    rule: str
    source: str
    pointer: str
    message: str
    severity: Severity = "error"
    spec: str | None = None
    operation: str | None = None
    erratum: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "source": self.source,
            "spec": self.spec,
            "pointer": self.pointer,
            "operation": self.operation,
            "severity": self.severity,
            "message": self.message,
            "erratum": self.erratum,
        }


# A rule yields (pointer, message) pairs for one document.
RuleFunction = Callable[[LintDocument], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class Rule:
    """A lint rule: stable id, one-line statement, the document kinds it reads."""

    id: str
    title: str
    applies_to: frozenset[DocumentKind]
    severity: Severity
    check: RuleFunction = field(repr=False)
