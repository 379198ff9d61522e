"""Collections where one item is expected, and collections without paging."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import COLLECTION_KEYS, PAGING_NAMES, squash
from conformance.lint.walk import deref, flatten, operation_label, types_of, walk_operation_parameters, walk_operations
from conformance.pointers import join

_PARAM_SEGMENT = re.compile(r"^\{[^}]+\}$")
_TOTAL_KEYS = frozenset({"count", "total", "totalcount", "totalitems", "totalrecords", "totalresults"})


def success_response(tree: Any, op_pointer: str, op: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """(status, pointer, response) of an operation's first 2XX response, refs resolved."""
    responses = op.get("responses") or {}
    for key in sorted(responses, key=str):
        status = str(key)
        if status.startswith("2"):
            pointer, response = deref(tree, responses[key], join(op_pointer, "responses", status))
            if isinstance(response, dict):
                return status, pointer, response
    return None


def success_schema(tree: Any, op_pointer: str, op: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(pointer, flattened schema) of the JSON body of an operation's success response."""
    found = success_response(tree, op_pointer, op)
    if found is None:
        return None
    _status, pointer, response = found
    for media, entry in (response.get("content") or {}).items():
        if isinstance(entry, dict) and isinstance(entry.get("schema"), dict) and "json" in media:
            return join(pointer, "content", media, "schema"), flatten(tree, entry["schema"])
    return None


def collection_key(tree: Any, schema: dict[str, Any]) -> str | None:
    """``""`` for a top-level array, the member key of a ``{items: [...]}`` wrapper, else None."""
    if types_of(schema) == {"array"}:
        return ""
    for key, sub in (schema.get("properties") or {}).items():
        if key in COLLECTION_KEYS and types_of(flatten(tree, sub)) == {"array"}:
            return key
    return None


def _has_total(tree: Any, schema: dict[str, Any]) -> bool:
    return any(squash(k) in _TOTAL_KEYS and types_of(flatten(tree, s)) & {"integer", "number"}
               for k, s in (schema.get("properties") or {}).items())


@rule(
    "LINT-RETRIEVE-RETURNS-COLLECTION",
    "An operation on one resource (path ending in a parameter) answers a collection.",
)
def retrieve_returns_collection(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    for op_pointer, path, method, op in walk_operations(tree):
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if not _PARAM_SEGMENT.match(last):
            continue
        found = success_schema(tree, op_pointer, op)
        if found is None:
            continue
        pointer, schema = found
        key = collection_key(tree, schema)
        if key is None:
            continue
        shape = "a top-level array" if key == "" else f"a collection (`{key}` array)"
        yield (join(pointer, "properties", key) if key else pointer), (
            f"{method.upper()} {path} addresses one resource by `{last}` but answers {shape}"
        )


def _paging(tree: Any, op: dict[str, Any], params: list[tuple[str, dict[str, Any]]]) -> list[str]:
    names = [param["name"] for _p, param in params]
    body = deref(tree, op.get("requestBody"))[1]
    if isinstance(body, dict):
        for entry in (body.get("content") or {}).values():
            if isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
                names += list(flatten(tree, entry["schema"]).get("properties") or {})
    return [n for n in names if squash(n) in {squash(p) for p in PAGING_NAMES}]


@rule(
    "LINT-COLLECTION-WITHOUT-PAGING",
    "A collection response (count + items) takes no paging parameters while sibling collections do.",
)
def collection_without_paging(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    collections: list[tuple[str, str, list[str]]] = []
    for op_pointer, op, params in walk_operation_parameters(tree):
        found = success_schema(tree, op_pointer, op)
        if found is None:
            continue
        _pointer, schema = found
        if collection_key(tree, schema) and _has_total(tree, schema):
            label = operation_label(op_pointer, op)
            collections.append((op_pointer, label, _paging(tree, op, params)))
    paged = [(label, names) for _p, label, names in collections if names]
    if not paged:
        return
    example_label, example_names = paged[0]
    for op_pointer, label, names in collections:
        if not names:
            yield op_pointer, (
                f"{label} answers a counted collection but takes no paging parameter, while "
                f"{len(paged)} sibling collection(s) do (e.g. {example_label}: {', '.join(example_names)})"
            )
