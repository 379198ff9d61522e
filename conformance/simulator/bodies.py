"""Read request bodies defensively: size cap, UTF-8, strict JSON, nesting depth."""

from __future__ import annotations

import json
from typing import Any

from conformance.simulator.replies import Rejection

MAX_BODY_BYTES = 1_000_000
MAX_DEPTH = 64


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of a parsed JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        if isinstance(node, dict):
            stack.extend((child, level + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, level + 1) for child in node)
    return deepest


def parse_json_body(raw: bytes, *, max_bytes: int = MAX_BODY_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value of ``raw``; ``None`` for an empty body. Raises ``Rejection`` on anything else."""
    if len(raw) > max_bytes:
        raise Rejection("too_large", f"request body larger than {max_bytes} bytes")
    if not raw.strip():
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejection("malformed", "request body is not valid UTF-8") from None
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc) or "nesting too deep"
        raise Rejection("malformed", f"request body is not valid JSON: {message}") from None
    if _depth(value, max_depth) > max_depth:
        raise Rejection("malformed", f"request body nests deeper than {max_depth} levels")
    return value
