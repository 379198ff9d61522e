"""Read one request value by where it travels (a fieldref: body, query, path or header)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def value_at(location: str, name: str, *, body: Any = None, query: Mapping[str, Any] | None = None,
             path: Mapping[str, Any] | None = None, headers: Mapping[str, Any] | None = None) -> Any:
    """The value of ``name`` in the request part ``location`` (None when absent; bodies are JSON objects)."""
    if location == "body":
        return body.get(name) if isinstance(body, dict) else None
    source = {"query": query, "path": path, "header": headers}.get(location)
    return source.get(name) if source is not None else None
