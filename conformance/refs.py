"""Resolve local ``$ref``s (``#/components/...``) inside one OpenAPI document."""

from __future__ import annotations

from typing import Any

from conformance.pointers import resolve


def resolve_ref(document: dict[str, Any], node: Any) -> Any:
    """``node`` with local ``$ref``s followed until a non-reference (other nodes are returned as they are)."""
    seen: set[str] = set()
    while isinstance(node, dict) and str(node.get("$ref", "")).startswith("#/"):
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"circular $ref {ref}")
        seen.add(ref)
        node = resolve(document, ref[1:])
    return node
