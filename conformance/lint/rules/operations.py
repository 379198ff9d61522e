"""Operations as a whole: bodies and their required-ness, method semantics, records that change shape,
prose naming fields or ids the operation does not have."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import READ_VERBS, squash, words
from conformance.lint.rules.collection_shape import collection_key, success_schema
from conformance.lint.rules.responses import operation_kind
from conformance.lint.walk import (
    deref,
    flatten,
    operation_label,
    types_of,
    walk_operation_fields,
    walk_operations,
)
from conformance.pointers import join

_BODY_METHODS = ("post", "put", "patch")


def _body(tree: Any, op_pointer: str, op: dict[str, Any]) -> tuple[str, dict[str, Any], str, dict[str, Any]] | None:
    """(body pointer, request body, schema pointer, flattened JSON schema) of an operation's request body."""
    body_pointer, body = deref(tree, op.get("requestBody"), join(op_pointer, "requestBody"))
    if not isinstance(body, dict):
        return None
    for media, entry in (body.get("content") or {}).items():
        if "json" in media and isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
            return body_pointer, body, join(body_pointer, "content", media, "schema"), flatten(tree, entry["schema"])
    return None


@rule("LINT-BODY-REQUIREDNESS",
      "A required request body whose schema requires nothing, or an optional body whose schema requires fields.",
      severity="warning")
def body_requiredness(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    for op_pointer, path, method, op in walk_operations(tree):
        found = _body(tree, op_pointer, op)
        if found is None:
            continue
        body_pointer, body, schema_pointer, schema = found
        partial = operation_kind(tree, path, method, op) == "update"  # an update may send any subset
        properties = schema.get("properties") or {}
        required = schema.get("required") or []
        label = operation_label(op_pointer, op)
        if (body.get("required") is True and len(properties) > 1 and not required and not _alternatives(schema)
                and not partial):
            yield schema_pointer, (f"{label} requires a body but its schema requires none of its "
                                   f"{len(properties)} properties: `{{}}` is a valid request")
        elif body.get("required") is not True and required:
            yield body_pointer, (f"{label}'s body is optional, yet its schema requires "
                                 f"{', '.join(map(str, required))}")


def _alternatives(schema: dict[str, Any]) -> bool:
    return any(isinstance(schema.get(k), list) for k in ("oneOf", "anyOf"))


@rule("LINT-EMPTY-BODY-SCHEMA", "A request body's schema is an object with no properties and no other constraint.",
      severity="warning")
def empty_body_schema(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    for op_pointer, _path, _method, op in walk_operations(tree):
        found = _body(tree, op_pointer, op)
        if found is None:
            continue
        _body_pointer, _b, schema_pointer, schema = found
        constraining = {"properties", "additionalProperties", "patternProperties", "oneOf", "anyOf", "allOf",
                        "required", "enum", "const", "not", "items", "minProperties", "$ref"}
        if types_of(schema) <= {"object"} and not (set(schema) & constraining):
            yield schema_pointer, (f"{operation_label(op_pointer, op)} takes a body whose schema says nothing "
                                   f"of its content: any object is accepted and none is described")


@rule("LINT-METHOD-SEMANTICS",
      "An operation named or summarised as a read (get, list, query...) uses POST, so the method does not tell "
      "reads from writes.", severity="warning")
def method_semantics(document: LintDocument) -> Iterator[tuple[str, str]]:
    for op_pointer, _path, method, op in walk_operations(document.tree):
        if method != "post" or "x-pbx-access" in op:
            continue  # the access extension says what the operation does
        first = (words(str(op.get("operationId") or "")) or words(str(op.get("summary") or "")) or [""])[0]
        if first in READ_VERBS:
            yield op_pointer, (f"{operation_label(op_pointer, op)} reads ('{first}') but is a POST: clients and "
                               f"tools take it for a write")


def _item_schema(tree: Any, op_pointer: str, op: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(pointer, flattened schema) of the record a success answer carries: a list's item, or the body itself."""
    found = success_schema(tree, op_pointer, op)
    if found is None:
        return None
    pointer, schema = found
    key = collection_key(tree, schema)
    if key is None:
        return pointer, schema
    array_pointer = pointer if key == "" else join(pointer, "properties", key)
    array = schema if key == "" else flatten(tree, schema["properties"][key])
    items = array.get("items")
    return (join(array_pointer, "items"), flatten(tree, items)) if isinstance(items, dict) else None


@rule("LINT-RECORD-SHAPE-DRIFT",
      "A resource read by id lacks properties the same resource has in its list.", severity="warning")
def record_shape_drift(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    lists: dict[str, tuple[str, frozenset[str]]] = {}
    reads: list[tuple[str, str, str, frozenset[str]]] = []
    for op_pointer, path, method, op in walk_operations(tree):
        if method != "get":
            continue
        found = _item_schema(tree, op_pointer, op)
        if found is None:
            continue
        pointer, schema = found
        props = frozenset(schema.get("properties") or {})
        if len(props) < 2:
            continue
        if re.search(r"/\{[^}]+\}$", path):
            reads.append((path.rsplit("/", 1)[0], operation_label(op_pointer, op), pointer, props))
        else:
            lists[path] = (operation_label(op_pointer, op), props)
    for collection, label, pointer, props in reads:
        if collection not in lists:
            continue
        list_label, listed = lists[collection]
        missing, extra = sorted(listed - props), sorted(props - listed)
        if missing:  # a detail may add to a list's summary, never drop from it
            added = f" (and adds {', '.join(extra)})" if extra else ""
            yield pointer, (f"{label}'s record lacks {', '.join(missing)}, which the items of {list_label} "
                            f"carry{added}")


_BACKTICK = re.compile(r"`([a-z][a-z0-9_]*)`")


@rule("LINT-PROSE-UNKNOWN-FIELD",
      "An operation's description names (in backticks) a field or parameter the operation does not have.",
      severity="warning")
def prose_unknown_field(document: LintDocument) -> Iterator[tuple[str, str]]:
    operations = list(walk_operation_fields(document.tree))
    names_of = {str(op.get("operationId")): {f.name for f in fields} for _p, _path, op, fields in operations}
    linked: dict[str, set[str]] = {}
    for _p, _path, op, _fields in operations:
        for target in _link_targets(op):
            linked.setdefault(target, set()).update(names_of.get(str(op.get("operationId")), set()))
    for op_pointer, _path, op, fields in operations:
        names = {f.name for f in fields} | linked.get(str(op.get("operationId")), set())
        known = names | {squash(n) for n in names}
        text = str(op.get("description") or "")
        named = [n for n in dict.fromkeys(_BACKTICK.findall(text)) if n not in known and squash(n) not in known]
        if named:
            yield join(op_pointer, "description"), (
                f"the description names {', '.join(f'`{n}`' for n in named)}, which "
                f"{operation_label(op_pointer, op)} neither takes nor answers")


def _link_targets(op: dict[str, Any]) -> set[str]:
    """operationIds the OpenAPI links of an operation's responses lead to."""
    targets: set[str] = set()
    for response in (op.get("responses") or {}).values():
        for link in ((response or {}).get("links") or {}).values() if isinstance(response, dict) else ():
            if isinstance(link, dict) and isinstance(link.get("operationId"), str):
                targets.add(link["operationId"])
    return targets


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


# Path words that name a collection rather than the resource (`/report_list/{id}`).
COLLECTION_WORDS = frozenset({"list", "lists", "collection", "items", "entries", "all"})


@rule("LINT-PATH-ID-DESCRIPTION",
      "An `{id}` path parameter is described as the id of another resource than the path names.",
      severity="warning")
def path_id_description(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    seen: set[str] = set()
    for _op_pointer, path, _op, fields in walk_operation_fields(tree):
        segments = [s for s in path.split("/") if s]
        for item in fields:
            if item.where != "path" or squash(item.name) != "id" or item.pointer in seen or not item.description:
                continue
            seen.add(item.pointer)
            index = segments.index("{" + item.name + "}") if "{" + item.name + "}" in segments else 0
            if index == 0:
                continue
            resource = [w for w in words(segments[index - 1]) if w not in COLLECTION_WORDS]
            if not resource:
                continue
            wanted = "".join(resource[:-1]) + _singular(resource[-1])
            if wanted not in squash(item.description) and wanted not in {_singular(w) for w in words(item.description)}:
                yield item.pointer, (f"`{{{item.name}}}` of {path} identifies a {' '.join(resource)} (singular), but "
                                     f"its description ('{item.description.strip()[:60]}') names something else")
