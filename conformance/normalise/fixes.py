"""Repairs applied to a merged vendor document: declarative edits and small generic transforms.

Edits come from the overlay: each names the erratum it fixes, the node(s) it touches and one
action. The generic transforms rewrite constructs that are not OpenAPI 3.1 or that tools
mishandle, wherever they occur.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from conformance.errors import ConfigError
from conformance.normalise import pointers

# Keys whose value maps names to things: their own keys are names, never keywords.
NAME_MAPS = frozenset(
    {
        "properties", "patternProperties", "$defs", "dependentSchemas", "schemas", "paths", "responses",
        "content", "securitySchemes", "variables", "links", "headers", "examples", "mapping", "callbacks",
        "requestBodies",
    }
)
PROSE_KEYS = ("description", "summary", "title")
ACTIONS = ("set", "merge", "remove", "rename", "copy", "append")


def apply_edit(tree: dict[str, Any], edit: dict[str, Any]) -> None:
    """Apply one overlay edit: ``{erratum, at, <action>: value}`` (``at`` may be a list)."""
    actions = [a for a in ACTIONS if a in edit]
    if len(actions) != 1 or "at" not in edit or "erratum" not in edit:
        raise ConfigError(f"edit needs erratum, at and exactly one of {', '.join(ACTIONS)}: {edit}")
    action = actions[0]
    targets = edit["at"] if isinstance(edit["at"], list) else [edit["at"]]
    for pointer in [p for target in targets for p in pointers.glob(tree, pointers.expand(tree, target))]:
        value = copy.deepcopy(edit[action])
        if action == "set":
            pointers.put(tree, pointer, value)
        elif action == "copy":
            pointers.put(tree, pointer, copy.deepcopy(pointers.get(tree, pointers.expand(tree, value))))
        elif action == "merge":
            node = pointers.get(tree, pointer)
            if not isinstance(node, dict) or not isinstance(value, dict):
                raise ConfigError(f"merge at {pointer}: both sides must be mappings")
            node.update(value)
        elif action == "append":
            node = pointers.get(tree, pointer)
            if not isinstance(node, list):
                raise ConfigError(f"append at {pointer}: not a list")
            node.extend(value if isinstance(value, list) else [value])
        elif action == "remove":
            pointers.remove(tree, pointer)
        else:  # rename: keep the key's position in its mapping
            container, key = pointers.parent(tree, pointer)
            if not isinstance(container, dict) or key not in container or value in container:
                raise ConfigError(f"rename at {pointer}: cannot rename {key!r} to {value!r}")
            renamed = {(value if k == key else k): v for k, v in container.items()}
            container.clear()
            container.update(renamed)


def apply_edits(tree: dict[str, Any], edits: list[dict[str, Any]]) -> None:
    for edit in edits:
        apply_edit(tree, edit)


def _rewrite(node: Any, visit: Callable[[dict[str, Any]], dict[str, Any]], names: bool = False) -> Any:
    """Rebuild ``node`` bottom-up, passing every keyword mapping (not name maps) through ``visit``."""
    if isinstance(node, list):
        return [_rewrite(item, visit) for item in node]
    if not isinstance(node, dict):
        return node
    if names:
        return {key: _rewrite(value, visit) for key, value in node.items()}
    rebuilt = {key: _rewrite(value, visit, key in NAME_MAPS) for key, value in node.items()}
    return visit(rebuilt)


def _unwrap(node: dict[str, Any]) -> dict[str, Any]:
    parts = node.get("allOf")
    if not (isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], dict)) or "$ref" in parts[0]:
        return node
    outer = {k: v for k, v in node.items() if k != "allOf"}
    clash = [k for k in outer if k in parts[0] and k not in PROSE_KEYS and outer[k] != parts[0][k]]
    if clash:
        return node
    return {**parts[0], **outer}


def unwrap_single_allof(tree: Any) -> Any:
    """Replace ``{allOf: [S], ...annotations}`` by S carrying the annotations (outer ones win)."""
    return _rewrite(tree, _unwrap)


def rename_formats(tree: Any, renames: dict[str, str]) -> Any:
    """Replace unregistered ``format`` values by their registered spelling."""

    def visit(node: dict[str, Any]) -> dict[str, Any]:
        value = node.get("format")
        if isinstance(value, str) and value in renames:
            node["format"] = renames[value]
        return node

    return _rewrite(tree, visit)


def allow_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` also accepting ``null`` (type union, and ``null`` added to an enum)."""
    types = schema.get("type")
    if isinstance(types, str):
        schema["type"] = [types, "null"]
    elif isinstance(types, list) and "null" not in types:
        schema["type"] = [*types, "null"]
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    return schema


def nullable_to_union(tree: Any) -> Any:
    """Turn the OpenAPI 3.0 ``nullable: true`` into a 3.1 type union with ``null``."""

    def visit(node: dict[str, Any]) -> dict[str, Any]:
        if "nullable" not in node or "type" not in node:
            return node
        flag = node.pop("nullable")
        return allow_null(node) if flag is True else node

    return _rewrite(tree, visit)


def strip_prose(tree: Any) -> Any:
    """Drop every description, summary and title: vendor prose never reaches the output."""
    return _rewrite(tree, lambda node: {k: v for k, v in node.items() if k not in PROSE_KEYS})


def flatten_allof(schema: dict[str, Any]) -> dict[str, Any]:
    """Merge an ``allOf`` of plain object schemas into one object schema.

    Properties are united in order; ``required`` lists are concatenated without repeats. A
    property defined twice must be defined the same way. A schema with properties of its own
    (its ``allOf`` then adds conditions, not parts) is returned as it is.
    """
    parts = schema.get("allOf")
    if not isinstance(parts, list) or "properties" in schema:
        return copy.deepcopy(schema)
    merged: dict[str, Any] = {"type": "object"}
    required: list[str] = []
    properties: dict[str, Any] = {}
    for part in parts:
        if not isinstance(part, dict) or part.get("type", "object") != "object" or "allOf" in part:
            raise ConfigError("flatten_allof: every part must be a plain object schema")
        for name, sub in (part.get("properties") or {}).items():
            if name in properties and properties[name] != sub:
                raise ConfigError(f"flatten_allof: property {name!r} defined differently in two parts")
            properties[name] = copy.deepcopy(sub)
        required.extend(r for r in part.get("required", []) if r not in required)
    if required:
        merged["required"] = required
    merged["properties"] = properties
    outer = {k: copy.deepcopy(v) for k, v in schema.items() if k != "allOf"}
    return {**outer, **merged}
