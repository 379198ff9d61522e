"""Response statuses: error responses without a body schema, success statuses that drift by operation kind."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.walk import deref, operation_label, walk_operations
from conformance.pointers import join

_ERROR_STATUS = re.compile(r"^[45](\d\d|XX)$", re.I)
_PARAM_SEGMENT = re.compile(r"^\{[^}]+\}$")
_DESTROY_SEGMENTS = frozenset({"destroy", "delete", "remove"})
_LIFECYCLE_KINDS = frozenset({"create", "update", "destroy"})


@rule("LINT-ERROR-WITHOUT-SCHEMA", "A 4XX/5XX response has no body schema.")
def error_without_schema(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    for op_pointer, _path, _method, op in walk_operations(tree):
        for key, response in (op.get("responses") or {}).items():
            status = str(key)
            if not _ERROR_STATUS.match(status):
                continue
            pointer, response = deref(tree, response, join(op_pointer, "responses", status))
            if not isinstance(response, dict):
                continue
            content = response.get("content") or {}
            if any(isinstance(e, dict) and isinstance(e.get("schema"), dict) for e in content.values()):
                continue
            if isinstance(response.get("schema"), dict):
                continue  # Swagger 2 puts the schema on the response itself
            said = response.get("description")
            label = f" ('{said.strip()}')" if isinstance(said, str) and said.strip() else ""
            what = "no content" if not content else "content without a schema"
            yield pointer, f"`{status}` response{label} has {what}: a client cannot read the error body"


def operation_kind(tree: dict[str, Any], path: str, method: str, op: dict[str, Any]) -> str | None:
    """create, update or destroy (from ``x-pbx-lifecycle`` or the path and method), else None."""
    lifecycle = op.get("x-pbx-lifecycle")
    if isinstance(lifecycle, dict) and lifecycle.get("action") in _LIFECYCLE_KINDS:
        return str(lifecycle["action"])
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    item = tree["paths"][path]
    if method == "delete" or (method == "post" and last.lower() in _DESTROY_SEGMENTS):
        return "destroy"
    if _PARAM_SEGMENT.match(last):
        if method in ("put", "patch") or (method == "post" and "get" in item):
            return "update"
        return None
    if method == "post" and "get" in item:
        return "create"
    return None


def _success_status(op: dict[str, Any]) -> str | None:
    statuses = sorted(str(s) for s in (op.get("responses") or {}) if str(s).startswith("2"))
    return statuses[0] if statuses else None


@rule(
    "LINT-SUCCESS-STATUS-DRIFT",
    "Operations of the same kind (create, update, destroy) answer different success statuses.",
)
def success_status_drift(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    kinds: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for op_pointer, path, method, op in walk_operations(tree):
        kind = operation_kind(tree, path, method, op)
        status = _success_status(op)
        if kind and status:
            kinds[kind][status].append((op_pointer, operation_label(op_pointer, op)))
    for kind, statuses in kinds.items():
        if len(statuses) < 2:
            continue
        order = list(statuses)
        ranked = sorted(order, key=lambda s: (-len(statuses[s]), order.index(s)))
        reference = ranked[0]
        others = ", ".join(label for _p, label in statuses[reference])
        for status in ranked[1:]:
            for op_pointer, label in statuses[status]:
                yield join(op_pointer, "responses", status), (
                    f"{kind} operation {label} answers {status} but {reference} in {others}"
                )
