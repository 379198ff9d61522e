"""What the linter reads (documents) and what it reports (findings)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

DocumentKind = Literal["openapi", "examples"]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class LintDocument:
    """A document as the rules see it.

    ``openapi`` documents are OpenAPI trees (a normalised spec, or a vendor's fragments merged
    as they are, or any OpenAPI 3.0/3.1 or Swagger 2.0 file; ``version`` says which). ``examples``
    documents are prose pages read by :func:`conformance.lint.pages.read_page`: sections with JSON
    examples, parameter tables, request lines and paragraphs. Findings point into ``tree`` with JSON
    pointers; ``lines`` maps pointers to lines of the source, ``context`` maps an operation's pointer
    to the prose written around its fragment, and ``problems`` lists what the loader had to leave out
    (``(kind, pointer, message)``).
    """

    source: str
    kind: DocumentKind
    tree: Any = field(repr=False)
    spec: str | None = None
    normalised: bool = False
    version: str | None = None
    lines: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    context: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    problems: tuple[tuple[str, str, str], ...] = field(default=(), repr=False, compare=False)

    def line_of(self, pointer: str) -> int | None:
        """The source line of ``pointer`` or of its nearest ancestor that has one."""
        if self.kind == "examples":
            return _example_line(self.tree, pointer)
        here = pointer
        while True:
            if here in self.lines:
                return self.lines[here]
            if not here:
                return None
            here = here.rsplit("/", 1)[0]


def _example_line(tree: Any, pointer: str) -> int | None:
    """The ``line`` of the deepest entry on the way to ``pointer`` in a prose page's tree."""
    node, line = tree, None
    for token in pointer.split("/")[1:]:
        if isinstance(node, dict) and isinstance(node.get("line"), int):
            line = node["line"]
        try:
            node = node[int(token)] if isinstance(node, list) else node[token.replace("~1", "/").replace("~0", "~")]
        except (KeyError, IndexError, ValueError, TypeError):
            break
    if isinstance(node, dict) and isinstance(node.get("line"), int):
        line = node["line"]
    return line


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
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "source": self.source,
            "spec": self.spec,
            "pointer": self.pointer,
            "line": self.line,
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
