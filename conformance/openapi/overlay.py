"""x-pbx rules added to a document the user does not own (``run --overlay FILE``).

An overlay is YAML with up to three sections; only ``x-pbx-*`` keys may be added::

    document:                      # merged at the top of the document
      x-pbx-errors: {statuses: ["4XX"]}
    operations:                    # by operationId, or "METHOD /path"
      listCalls:
        x-pbx-access: read
        x-pbx-time-window: {start: {in: query, name: from}, end: {in: query, name: to}, notation: rfc3339,
                            utc_offset: required, required: true, max_seconds: 86400}
    schemas:                       # by JSON pointer into the document
      /components/schemas/Job/properties/thresholds: {x-pbx-strictly-ascending: true}
"""

from __future__ import annotations

import copy
from typing import Any

import jsonpointer

from conformance.errors import ConfigError
from conformance.specs import iter_operations

SECTIONS = ("document", "operations", "schemas")


def _extensions(where: str, keys: Any) -> dict[str, Any]:
    if not isinstance(keys, dict):
        raise ConfigError(f"overlay {where}: expected a mapping of x-pbx-* keys")
    stray = [k for k in keys if not str(k).startswith("x-pbx-")]
    if stray:
        raise ConfigError(f"overlay {where}: only x-pbx-* keys may be added, not {stray[0]!r}")
    return keys


def apply_overlay(document: dict[str, Any], overlay: Any, *, name: str = "overlay") -> dict[str, Any]:
    """A copy of ``document`` with the overlay's keys merged in (ConfigError on anything it cannot place)."""
    if not isinstance(overlay, dict) or not set(overlay) <= set(SECTIONS):
        raise ConfigError(f"{name}: an overlay is a mapping with sections {', '.join(SECTIONS)}")
    doc = copy.deepcopy(document)
    doc.update(copy.deepcopy(_extensions(f"{name} document", overlay.get("document") or {})))
    operations = {op.operation_id: op for op in iter_operations(doc)}
    operations.update({op.label: op for op in iter_operations(doc)})
    for key, keys in (overlay.get("operations") or {}).items():
        op = operations.get(str(key)) or operations.get(str(key).upper().replace("  ", " "))
        if op is None:
            raise ConfigError(f"{name}: no operation {key!r} in the document")
        op.operation.update(copy.deepcopy(_extensions(f"{name} operation {key}", keys)))
    for pointer, keys in (overlay.get("schemas") or {}).items():
        try:
            target = jsonpointer.resolve_pointer(doc, str(pointer))
        except jsonpointer.JsonPointerException:
            raise ConfigError(f"{name}: nothing at {pointer} in the document") from None
        if not isinstance(target, dict):
            raise ConfigError(f"{name}: {pointer} is not a schema object")
        target.update(copy.deepcopy(_extensions(f"{name} schema {pointer}", keys)))
    return doc
