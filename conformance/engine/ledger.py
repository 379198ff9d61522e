"""What the suite created on the target, so it can destroy exactly that (and nothing else).

Every judged exchange passes through ``Ledger.note``: an accepted create adds the new resource's id (read
through the create answer's OpenAPI links), an accepted destroy removes it. ``clean_up`` destroys what is
left; the runner calls it at the end of every spec, also when a phase fails or the run is interrupted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jsonpointer

from conformance.checkapi.exchange import Exchange
from conformance.engine.requests import RequestSpec, send
from conformance.extensions import operation_extensions
from conformance.specs import Operation

if TYPE_CHECKING:
    from conformance.engine.session import SpecSession


def path_param(op: Operation) -> str:
    """The name of the (first) path parameter of ``op``."""
    start = op.path.index("{")
    return op.path[start + 1: op.path.index("}", start)]


def created_id(op: Operation, status: int, body: Any) -> str | None:
    """The new resource's id, read through the create answer's links (``$response.body#/...``)."""
    response = (op.operation.get("responses") or {}).get(str(status)) or {}
    for link in (response.get("links") or {}).values():
        for expression in (link.get("parameters") or {}).values():
            if isinstance(expression, str) and expression.startswith("$response.body#"):
                value = jsonpointer.resolve_pointer(body, expression[len("$response.body#"):], None)
                if value is not None:
                    return str(value)
    return None


def destroy_operation(session: SpecSession, op: Operation) -> Operation | None:
    """The destroy operation of the resource ``op`` belongs to (None when the spec has none)."""
    lifecycle = operation_extensions(op).lifecycle
    if lifecycle is None:
        return None
    for candidate in session.operations(writes=True):
        other = operation_extensions(candidate).lifecycle
        if other is not None and other.resource == lifecycle.resource and other.action == "destroy":
            return candidate
    return None


class Ledger:
    """Resources this run created and has not destroyed yet, by the operation that destroys them."""

    def __init__(self, session: SpecSession) -> None:
        self.session = session
        self.live: dict[str, tuple[Operation, list[str]]] = {}
        self.undeleted: list[str] = []

    def note(self, request: RequestSpec, exchange: Exchange, accepted: bool) -> None:
        lifecycle = operation_extensions(request.operation).lifecycle
        if lifecycle is None or not accepted:
            return
        if lifecycle.action == "create":
            destroy = destroy_operation(self.session, request.operation)
            new_id = created_id(request.operation, exchange.status or 0, exchange.json_or_none())
            if destroy is not None and new_id is not None:
                self.live.setdefault(destroy.operation_id, (destroy, []))[1].append(new_id)
        elif lifecycle.action == "destroy" and "{" in request.operation.path:
            gone = str(request.path.get(path_param(request.operation)))
            _, ids = self.live.get(request.operation.operation_id, (request.operation, []))
            if gone in ids:
                ids.remove(gone)

    def holds(self, resource_id: str) -> bool:
        return any(resource_id in ids for _, ids in self.live.values())

    def clean_up(self) -> None:
        """Destroy every resource still live (only ones this run created); a refused destroy is kept in
        ``undeleted``, and a clean-up cut short leaves the rest in ``live`` (see ``left_behind``)."""
        for destroy, ids in self.live.values():
            while ids:
                resource = ids[-1]
                exchange = send(self.session.client, RequestSpec(destroy, {path_param(destroy): resource}))
                ids.pop()
                if self.session.errors.classify(exchange) not in ("accepted", "pending"):
                    self.undeleted.append(f"{destroy.operation_id} {resource}")

    def left_behind(self) -> list[str]:
        """'operation id' of every resource this run created and could not destroy."""
        return self.undeleted + [f"{destroy.operation_id} {i}" for destroy, ids in self.live.values() for i in ids]
