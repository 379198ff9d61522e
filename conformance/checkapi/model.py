"""What a check is: metadata (``CheckInfo``), its failure (``CheckFailure``) and what it sees (``CheckContext``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from conformance.checkapi.basis import Basis, resolve_basis
from conformance.extensions import OperationExtensions
from conformance.fieldvalues import value_at
from conformance.specs import Operation

if TYPE_CHECKING:
    from conformance.checkapi.exchange import Exchange

Severity = Literal["critical", "major", "minor"]
Kind = Literal["schema", "negative", "invariant", "metamorphic", "lifecycle", "security", "robustness", "probe"]


class CheckFailure(AssertionError):
    """Raised by a check: what is wrong, with the values involved. ``key`` de-duplicates repeats."""

    def __init__(self, message: str, *, key: str | None = None, evidence: dict[str, Any] | None = None,
                 basis: Basis | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key or message
        self.evidence = evidence or {}
        self.basis = basis  # None: the check's declared basis


class CheckSkipped(Exception):
    """Raised by a check that cannot judge this exchange (e.g. a figure is absent)."""


@dataclass
class CheckContext:
    """What a check may look at besides the exchange: the spec, the operation, the window, fixtures."""

    spec: str
    document: dict[str, Any]
    operation: Operation
    ext: OperationExtensions
    body: Any = None
    query: dict[str, Any] = field(default_factory=dict)
    path: dict[str, Any] = field(default_factory=dict)
    window: tuple[datetime, datetime] | None = None
    fixtures: Any = None
    extras: dict[str, Any] = field(default_factory=dict)

    def request_value(self, location: str, name: str) -> Any:
        return value_at(location, name, body=self.body, query=self.query, path=self.path)

    def rule_basis(self, key: str) -> Basis:
        """What the spec's rule ``key`` rests on for this operation (its ``x-pbx-basis``)."""
        return resolve_basis(Basis("rule", rule=key), self.document, self.operation.operation)


CheckFunction = Callable[[CheckContext, "Exchange"], None]
Applies = Callable[[CheckContext], bool]


@dataclass(frozen=True)
class CheckInfo:
    """A registered check: stable id, one-line statement, where the rule comes from, how bad a failure is."""

    id: str
    statement: str
    spec: str | None  # None: every spec
    location: str
    severity: Severity
    kind: Kind
    operations: tuple[str, ...] = ()
    applies: Applies | None = None
    func: CheckFunction | None = field(default=None, repr=False, compare=False)
    statuses: tuple[int, ...] = (200, 201)
    basis: Basis | None = None
    covers: tuple[str, ...] = ()  # request parameters whose effect on the data this check proves

    def applies_to(self, ctx: CheckContext) -> bool:
        if self.spec is not None and self.spec != ctx.spec:
            return False
        if self.operations and ctx.operation.operation_id not in self.operations:
            return False
        return self.applies(ctx) if self.applies is not None else True

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement,
            "spec": self.spec,
            "location": self.location,
            "severity": self.severity,
            "kind": self.kind,
            "operations": list(self.operations),
            "basis": self.basis.as_dict() if self.basis is not None else None,
            "covers": list(self.covers),
        }
