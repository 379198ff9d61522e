"""`oneOf` alternatives that one instance satisfies more than once, so valid data fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.walk import flatten, types_of, walk_all_schemas
from conformance.pointers import join

_ANNOTATIONS = frozenset({"title", "description", "example", "examples", "deprecated", "readOnly", "writeOnly",
                          "$comment", "default", "externalDocs", "xml"})
# Keywords whose effect this rule does not model: an alternative carrying one is never called overlapping.
_OPAQUE = frozenset({"not", "if", "then", "else", "anyOf", "oneOf", "patternProperties", "propertyNames",
                     "dependentRequired", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems",
                     "contains", "prefixItems", "uniqueItems", "$dynamicRef"})
# Value constraints: the minimal instance of A meets B's only when A states the same one.
_VALUE_CONSTRAINTS = ("minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
                      "exclusiveMaximum", "multipleOf", "maxItems", "maxProperties", "minProperties")
_ALL_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})
_MAX_LISTED = 6
_MAX_DEPTH = 8


def _types(schema: dict[str, Any]) -> set[str]:
    declared = types_of(schema)
    if not declared:
        return set(_ALL_TYPES)
    return declared | ({"integer"} if "number" in declared else set())


def _allowed_values(schema: dict[str, Any]) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    values = schema.get("enum")
    return list(values) if isinstance(values, list) else None


def minimal_satisfies(tree: Any, a: dict[str, Any], b: dict[str, Any], depth: int = 0) -> bool:
    """Whether the smallest instance of ``a`` (its required properties only) also satisfies ``b``.

    Conservative: anything the rule cannot decide counts as "does not satisfy".
    """
    a, b = flatten(tree, a), flatten(tree, b)
    if depth > _MAX_DEPTH or (set(a) | set(b)) & _OPAQUE:
        return False
    common = _types(a) & _types(b)
    if not common:
        return False
    values_a, values_b = _allowed_values(a), _allowed_values(b)
    if values_b is not None and (values_a is None or not any(v in values_b for v in values_a)):
        return False
    for key in _VALUE_CONSTRAINTS:
        if key in b and a.get(key) != b[key]:
            return False
    if b.get("minItems", 0) > a.get("minItems", 0):
        return False
    if "object" in common and (types_of(a) or types_of(b) or a.get("properties") or b.get("properties")):
        return _object_satisfies(tree, a, b, depth)
    if "array" in common and isinstance(b.get("items"), dict) and a.get("minItems", 0) > 0:
        return isinstance(a.get("items"), dict) and minimal_satisfies(tree, a["items"], b["items"], depth + 1)
    return True


def _object_satisfies(tree: Any, a: dict[str, Any], b: dict[str, Any], depth: int) -> bool:
    required_a = set(a.get("required") or [])
    if not set(b.get("required") or []) <= required_a:
        return False
    props_a, props_b = a.get("properties") or {}, b.get("properties") or {}
    extra_b = b.get("additionalProperties")
    for name in required_a:
        sub_b = props_b.get(name, extra_b if isinstance(extra_b, dict) else None)
        if name not in props_b and extra_b is False:
            return False
        if sub_b is None:
            continue
        sub_a = props_a.get(name, {})
        if not minimal_satisfies(tree, sub_a if isinstance(sub_a, dict) else {}, sub_b, depth + 1):
            return False
    return True


def _label(index: int, schema: dict[str, Any]) -> str:
    title = schema.get("title")
    return f"#{index} {title}" if isinstance(title, str) and title else f"#{index}"


def _signature(tree: Any, schema: dict[str, Any]) -> Any:
    flat = flatten(tree, schema)
    return repr(sorted((k, repr(v)) for k, v in flat.items() if k not in _ANNOTATIONS))


@rule("LINT-ONEOF-OVERLAP", "`oneOf` alternatives overlap: one instance can satisfy more than one of them.")
def oneof_overlap(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    for pointer, schema in walk_all_schemas(tree):
        alternatives = schema.get("oneOf")
        if not isinstance(alternatives, list) or len(alternatives) < 2:
            continue
        flats = [flatten(tree, alt) if isinstance(alt, dict) else {} for alt in alternatives]
        labels = [_label(i, alt if isinstance(alt, dict) else {}) for i, alt in enumerate(alternatives)]
        signatures = [_signature(tree, f) for f in flats]
        pairs: list[str] = []
        # Alternatives requiring nothing share their minimal instance, the empty object: name them once.
        empty = [i for i, f in enumerate(flats)
                 if not f.get("required") and "object" in _types(f) and minimal_satisfies(tree, {"type": "object"}, f)]
        if len(empty) > 1:
            pairs.append(f"{{}} matches {', '.join(labels[i] for i in empty)} (none requires a property)")
        for i, flat in enumerate(flats):
            if any(signatures[j] == signatures[i] for j in range(i)):
                continue  # reported with the first of its identical group
            identical = [labels[j] for j in range(len(flats)) if j != i and signatures[j] == signatures[i]]
            if identical:
                pairs.append(f"{labels[i]} is identical to {', '.join(identical)}")
            if i in empty and len(empty) > 1:
                continue
            matched = [labels[j] for j, other in enumerate(flats)
                       if j != i and signatures[j] != signatures[i] and minimal_satisfies(tree, flat, other)]
            if matched:
                required = ", ".join(flat.get("required") or []) or "nothing"
                pairs.append(f"a minimal {labels[i]} (requires {required}) also matches {', '.join(matched)}")
        if pairs:
            shown = "; ".join(pairs[:_MAX_LISTED])
            more = f"; and {len(pairs) - _MAX_LISTED} more" if len(pairs) > _MAX_LISTED else ""
            yield join(pointer, "oneOf"), (
                f"oneOf alternatives are not exclusive (valid data matching two of them fails): {shown}{more}"
            )
