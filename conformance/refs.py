"""Resolve local ``$ref``s (``#/components/...``) inside one OpenAPI document."""

from __future__ import annotations

from typing import Any


def resolve_ref(document: dict[str, Any], node: Any) -> Any:
    """``node`` with local ``$ref``s followed until a non-reference (other nodes are returned as they are)."""
    seen: set[str] = set()
    while isinstance(node, dict) and str(node.get("$ref", "")).startswith("#/"):
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"circular $ref {ref}")
        seen.add(ref)
        target: Any = document
        for token in ref[2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node
