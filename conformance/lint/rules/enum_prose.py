"""Enum values that prose names but the enum lacks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules.prose_constraints import listed_values
from conformance.lint.walk import flatten, walk_nodes, walk_operation_fields, walk_operations, walk_schema

# A value named in prose: an upper-case word in backticks, or any upper-case word with an underscore.
_TOKEN = re.compile(r"`([A-Z][A-Z0-9_]*)`|\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b")


def _enum_properties(op_pointer: str, op: dict[str, Any]) -> Iterator[tuple[str, str, set[str]]]:
    """(property name, pointer, enum values) for every string enum reachable in an operation."""
    for pointer, node in walk_nodes(op, op_pointer):
        if not isinstance(node, dict):
            continue
        for name, sub in (node.get("properties") or {}).items():
            for sub_pointer, schema in walk_schema(sub, pointer + "/properties/" + name):
                values = schema.get("enum")
                if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
                    yield name, sub_pointer, set(values)
        if node.get("in") and isinstance(node.get("name"), str) and isinstance(node.get("schema"), dict):
            values = node["schema"].get("enum")
            if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
                yield node["name"], pointer + "/schema", set(values)


def _descriptions(op_pointer: str, op: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for pointer, node in walk_nodes(op, op_pointer):
        if isinstance(node, dict):
            for key in ("description", "summary"):
                if isinstance(node.get(key), str):
                    yield pointer + "/" + key, node[key]


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"`{re.escape(name)}`|\b{re.escape(name)}\b field", text) is not None


@rule(
    "LINT-ENUM-PROSE-MISMATCH",
    "A description lists values for an enum field that the field's enum does not contain.",
)
def enum_values_named_in_prose(document: LintDocument) -> Iterator[tuple[str, str]]:
    yield from _own_value_lists(document)
    for op_pointer, _path, _method, op in walk_operations(document.tree):
        enums = list(_enum_properties(op_pointer, op))
        for desc_pointer, text in _descriptions(op_pointer, op):
            tokens = {m.group(1) or m.group(2) for m in _TOKEN.finditer(text)}
            if len(tokens) < 2:
                continue
            for name, enum_pointer, values in enums:
                own = desc_pointer.startswith(enum_pointer + "/") or desc_pointer.startswith(
                    enum_pointer.rsplit("/", 1)[0] + "/" + name + "/"
                )
                if not (own or _mentions(text, name)):
                    continue
                shared = tokens & values
                missing = sorted(tokens - values)
                # Prose must be talking about this enum: most named values belong to it.
                if len(shared) < 2 or not missing or len(missing) > len(shared):
                    continue
                yield enum_pointer, (
                    f"prose at {desc_pointer} names {', '.join(missing)} for `{name}`, "
                    f"but its enum is {sorted(values)}"
                )


def _own_value_lists(document: LintDocument) -> Iterator[tuple[str, str]]:
    """A field whose own description lists its values ("Supported values: ...") unlike its enum."""
    seen: set[str] = set()
    for _op_pointer, _path, _op, fields in walk_operation_fields(document.tree):
        for item in fields:
            values = flatten(document.tree, item.schema).get("enum")
            listed = listed_values(item.description)
            if item.pointer in seen or not isinstance(values, list) or not listed:
                continue
            seen.add(item.pointer)
            enum = {str(v) for v in values if v is not None}
            if set(listed) != enum:
                parts = [f"lists {', '.join(sorted(set(listed) - enum))} the enum lacks" if set(listed) - enum else "",
                         f"omits {', '.join(sorted(enum - set(listed)))}" if enum - set(listed) else ""]
                yield item.pointer, (f"the description of `{item.name}` {' and '.join(p for p in parts if p)}; "
                                     f"its enum is {sorted(enum)}")
