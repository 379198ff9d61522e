"""Put the project's own words and extensions on a stripped, hoisted document.

Everything comes from the overlay: operation summaries and descriptions, field descriptions
(component-specific, then operation-specific, then the spec-wide dictionary), per-field rules
(units and bounds by field name), nullable fields, schema patches and operation extensions.
A property left without a description is an error, so the overlay must cover every field.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from conformance.errors import ConfigError
from conformance.normalise import pointers
from conformance.normalise.components import ref
from conformance.normalise.fixes import allow_null

NUMERIC = ("integer", "number")
# Subschemas that only test or constrain values; their properties need no words of their own.
CONDITIONAL_KEYS = frozenset({"if", "then", "else", "not"})


def _types(schema: dict[str, Any]) -> set[str]:
    value = schema.get("type")
    return set(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()


def object_schemas(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping that has ``properties``, with its pointer."""
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield pointer, node
        for key, value in node.items():
            if key not in CONDITIONAL_KEYS:
                yield from object_schemas(value, pointers.join(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from object_schemas(value, pointers.join(pointer, index))


def make_nullable(schema: dict[str, Any], names: list[str], where: str) -> None:
    """Let the properties ``names`` of ``schema`` be ``null`` (blank values)."""
    props = schema.get("properties") or {}
    for name in names:
        if name not in props:
            raise ConfigError(f"{where}: nullable field {name!r} is not a property")
        sub = props[name]
        props[name] = {"anyOf": [sub, {"type": "null"}]} if "$ref" in sub else allow_null(sub)


def apply_field_rules(tree: Any, rules: list[dict[str, Any]]) -> None:
    """Merge ``set`` into every numeric property whose name matches a rule's ``pattern``."""
    compiled = [(re.compile(r["pattern"]), r) for r in rules]
    for _pointer, schema in object_schemas(tree):
        for name, sub in schema["properties"].items():
            if not isinstance(sub, dict) or "$ref" in sub or not _types(sub) & set(NUMERIC):
                continue
            for pattern, rule in compiled:
                if pattern.search(name) and _types(sub) & set(rule.get("types", NUMERIC)):
                    for key, value in rule["set"].items():
                        sub.setdefault(key, copy.deepcopy(value))
                    break


def describe_fields(node: Any, specific: dict[str, str], common: dict[str, str], where: str,
                    missing: list[str]) -> None:
    """Give every property under ``node`` a description (specific words first)."""
    for pointer, schema in object_schemas(node):
        for name, sub in schema["properties"].items():
            if not isinstance(sub, dict) or "description" in sub:
                continue
            text = specific.get(name, common.get(name))
            if text is None:
                missing.append(f"{where}{pointer}/properties/{name}")
            else:
                sub["description"] = text


def decorate_components(tree: dict[str, Any], overlay: dict[str, Any], missing: list[str]) -> None:
    schemas = tree.get("components", {}).get("schemas", {})
    common = overlay.get("fields", {})
    for name in overlay.get("components", {}).get("schemas") or {}:
        if name not in schemas:
            raise ConfigError(f"overlay describes component {name!r} that does not exist")
    for name, schema in schemas.items():
        spec = (overlay.get("components", {}).get("schemas") or {}).get(name) or {}
        where = f"/components/schemas/{name}"
        if spec.get("nullable"):
            make_nullable(schema, spec["nullable"], where)
        for relative, patch in (spec.get("patch") or {}).items():
            target = pointers.get(schema, relative) if relative else schema
            target.update(copy.deepcopy(patch))
        if "description" not in spec:
            missing.append(where)
        described = {"description": spec.get("description", "")}
        described.update(schema)
        schema.clear()
        schema.update(described)
        if spec.get("errata"):
            schema["x-pbx-errata"] = list(spec["errata"])
        describe_fields(schema, spec.get("fields") or {}, common, where, missing)
    for name, param in tree.get("components", {}).get("parameters", {}).items():
        spec = (overlay.get("components", {}).get("parameters") or {}).get(name) or {}
        if "description" not in spec:
            missing.append(f"/components/parameters/{name}")
        param["description"] = spec.get("description", "")


def _responses(op: dict[str, Any], spec: dict[str, Any], defaults: dict[str, str], op_id: str) -> None:
    responses = op.get("responses") or {}
    for status in list(responses):
        if str(status).upper().startswith("4"):
            responses[status] = ref("responses", "Error")
            continue
        own = (spec.get("responses") or {}).get(str(status))
        text = own or defaults.get(str(status))
        if text is None:
            raise ConfigError(f"{op_id}: no description for response {status}")
        responses[status] = {"description": text, **{k: v for k, v in responses[status].items() if k != "description"}}
    if "4XX" not in responses:
        raise ConfigError(f"{op_id}: no 4XX response (add one with an edit tied to an erratum)")
    for status, links in (spec.get("links") or {}).items():
        responses[str(status)]["links"] = copy.deepcopy(links)


OPERATION_KEYS = ("tags", "operationId", "summary", "description")


def decorate_operation(tree: dict[str, Any], op_pointer: str, op_id: str, spec: dict[str, Any],
                       overlay: dict[str, Any], missing: list[str]) -> None:
    op = pointers.get(tree, op_pointer)
    for key in ("summary", "description"):
        if key not in spec:
            missing.append(f"{op_pointer}/{key}")
    for param in op.get("parameters") or []:
        if "$ref" in param:
            continue
        text = (spec.get("params") or {}).get(param["name"])
        if text is None:
            missing.append(f"{op_pointer}/parameters/{param['name']}")
        param["description"] = text or ""
    body = op.get("requestBody")
    if isinstance(body, dict):
        if "body" not in spec:
            missing.append(f"{op_pointer}/requestBody")
        op["requestBody"] = {"description": spec.get("body", ""), **body}
    _responses(op, spec, overlay.get("responses", {}), op_id)
    describe_fields(op, spec.get("fields") or {}, overlay.get("fields", {}), op_pointer, missing)
    ordered = {"tags": op.get("tags"), "operationId": op_id, "summary": spec.get("summary", ""),
               "description": spec.get("description", "")}
    ordered.update({k: v for k, v in op.items() if k not in OPERATION_KEYS})
    ordered.update({k: copy.deepcopy(v) for k, v in spec.items() if k.startswith("x-pbx-")})
    op.clear()
    op.update({k: v for k, v in ordered.items() if v is not None})


def decorate(tree: dict[str, Any], overlay: dict[str, Any]) -> None:
    """Apply the overlay's words and extensions; ConfigError lists anything left undescribed."""
    missing: list[str] = []
    operations = overlay.get("operations") or {}
    seen = set()
    for op_pointer, op_id, _op in list(pointers.operations(tree)):
        if op_id not in operations:
            raise ConfigError(f"the overlay has no entry for operation {op_id}")
        seen.add(op_id)
        decorate_operation(tree, op_pointer, op_id, operations[op_id], overlay, missing)
    unknown = sorted(set(operations) - seen)
    if unknown:
        raise ConfigError(f"the overlay describes unknown operations: {', '.join(unknown)}")
    apply_field_rules(tree, overlay.get("field_rules", []))
    decorate_components(tree, overlay, missing)
    for patch in overlay.get("patches", []):
        target = pointers.get(tree, pointers.expand(tree, patch["at"]))
        target.update(copy.deepcopy(patch["merge"]))
    if missing:
        raise ConfigError(f"{len(missing)} place(s) lack our own description, first: {missing[0]}")
