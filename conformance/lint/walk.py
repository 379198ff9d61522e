"""Walk OpenAPI and example trees, yielding JSON pointers rules can report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from conformance.lint.model import LintDocument
from conformance.pointers import join, resolve, split
from conformance.specs import HTTP_METHODS, iter_operations

# Keywords whose value is one schema, a list of schemas, or a map of name -> schema.
_SINGLE = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
           "unevaluatedItems", "unevaluatedProperties")
_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def walk_nodes(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every node of a JSON tree with its pointer, parents before children."""
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk_nodes(value, join(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_nodes(value, join(pointer, index))


def walk_objects(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object (mapping) of a JSON tree with its pointer, parents before children."""
    for here, found in walk_nodes(node, pointer):
        if isinstance(found, dict):
            yield here, found


def walk_schema(schema: Any, pointer: str, skip: frozenset[str] = frozenset(),
                ) -> Iterator[tuple[str, dict[str, Any]]]:
    """A schema and every subschema inside it (not descending into the keywords in ``skip``)."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in _SINGLE:
        if key not in skip and isinstance(schema.get(key), dict):
            yield from walk_schema(schema[key], join(pointer, key), skip)
    for key in _LISTS:
        if key not in skip and isinstance(schema.get(key), list):
            for index, sub in enumerate(schema[key]):
                yield from walk_schema(sub, join(pointer, key, index), skip)
    for key in _MAPS:
        if key not in skip and isinstance(schema.get(key), dict):
            for name, sub in schema[key].items():
                yield from walk_schema(sub, join(pointer, key, name), skip)


def _content_schemas(content: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(content, dict):
        return
    for media, entry in content.items():
        if isinstance(entry, dict) and "schema" in entry:
            yield from walk_schema(entry["schema"], join(pointer, media, "schema"))


def _parameter_schemas(params: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(params, list):
        return
    for index, param in enumerate(params):
        if isinstance(param, dict):
            if "schema" in param:
                yield from walk_schema(param["schema"], join(pointer, index, "schema"))
            yield from _content_schemas(param.get("content"), join(pointer, index, "content"))


def walk_operations(tree: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(pointer, path, method, operation) for every operation."""
    for op in iter_operations(tree):
        yield op.pointer, op.path, op.method, op.operation


def _response_schemas(response: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Schemas of a response (or request body): its content (OAS 3) or its ``schema`` (Swagger 2), headers."""
    if not isinstance(response, dict):
        return
    yield from _content_schemas(response.get("content"), join(pointer, "content"))
    if isinstance(response.get("schema"), dict):
        yield from walk_schema(response["schema"], join(pointer, "schema"))
    yield from _header_schemas(response.get("headers"), join(pointer, "headers"))


def walk_operation_schemas(op_pointer: str, op: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema written inside one operation (parameters, request body, responses), refs not followed."""
    yield from _parameter_schemas(op.get("parameters"), join(op_pointer, "parameters"))
    body = op.get("requestBody")
    if isinstance(body, dict):
        yield from _content_schemas(body.get("content"), join(op_pointer, "requestBody", "content"))
    for status, response in (op.get("responses") or {}).items():
        yield from _response_schemas(response, join(op_pointer, "responses", status))


def _header_schemas(headers: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(headers, dict):
        for name, header in headers.items():
            if isinstance(header, dict) and "schema" in header:
                yield from walk_schema(header["schema"], join(pointer, name, "schema"))


def walk_all_schemas(tree: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema of an OpenAPI document: components, parameters, bodies, responses, headers."""
    components = tree.get("components") or {}
    schema_maps = (("/components/schemas", components.get("schemas")), ("/definitions", tree.get("definitions")))
    for base, schemas in schema_maps:
        for name, schema in schemas.items() if isinstance(schemas, dict) else ():
            yield from walk_schema(schema, join(base, name))
    param_maps = (("/components/parameters", components.get("parameters")), ("/parameters", tree.get("parameters")))
    for base, params in param_maps:
        for name, param in params.items() if isinstance(params, dict) else ():
            if isinstance(param, dict) and "schema" in param:
                yield from walk_schema(param["schema"], join(base, name, "schema"))
    for section in ("requestBodies", "responses"):
        for name, entry in (components.get(section) or {}).items():
            yield from _response_schemas(entry, join("/components", section, name))
    if isinstance(tree.get("responses"), dict):
        for name, entry in tree["responses"].items():
            yield from _response_schemas(entry, join("/responses", name))
    yield from _header_schemas(components.get("headers"), "/components/headers")
    for path, item in (tree.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        yield from _parameter_schemas(item.get("parameters"), join("/paths", path, "parameters"))
        for op_pointer, _path, _method, op in walk_operations({"paths": {path: item}}):
            yield from walk_operation_schemas(op_pointer, op)


def operation_at(document: LintDocument, pointer: str) -> str | None:
    """The operationId (or ``METHOD path``) of the operation containing ``pointer``."""
    tokens = split(pointer)
    if document.kind != "openapi" or len(tokens) < 3 or tokens[0] != "paths":
        return None
    path, method = tokens[1], tokens[2]
    if method not in HTTP_METHODS:
        return None
    try:
        op = document.tree["paths"][path][method]
    except (KeyError, TypeError):
        return None
    return str(op.get("operationId") or f"{method.upper()} {path}")


def iter_section_examples(document: LintDocument) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, entry) of every example entry of an ``examples`` document's sections."""
    for s_index, section in enumerate(document.tree.get("sections", [])):
        for e_index, example in enumerate(section.get("examples", [])):
            yield join("/sections", s_index, "examples", e_index), example


def iter_examples(document: LintDocument) -> Iterator[tuple[str, Any]]:
    """Every example value of a document with its pointer.

    In an ``examples`` document this includes the ``lenient`` reading of an example that is not
    JSON (e.g. a JavaScript object literal), so value rules still see its content.
    """
    if document.kind == "examples":
        for pointer, example in iter_section_examples(document):
            for key in ("value", "lenient"):
                if key in example:
                    yield join(pointer, key), example[key]
        return
    for pointer, node in walk_nodes(document.tree):
        if not isinstance(node, dict) or pointer.endswith(("/properties", "/patternProperties")):
            continue
        if "example" in node:
            yield join(pointer, "example"), node["example"]
        examples = node.get("examples")
        if isinstance(examples, dict):
            for name, entry in examples.items():
                if isinstance(entry, dict) and "value" in entry:
                    yield join(pointer, "examples", name, "value"), entry["value"]
        elif isinstance(examples, list) and "type" in node:
            for index, value in enumerate(examples):
                yield join(pointer, "examples", index), value


# --- references, allOf and fields -------------------------------------------------------------

# Keywords whose lists are united when allOf parts are flattened.
_UNION = ("required",)
_MAX_DEPTH = 32


def deref(tree: Any, schema: Any, pointer: str = "") -> tuple[str, Any]:
    """Follow local ``$ref`` chains: (pointer, schema) of the target; sibling keywords are kept.

    Unresolvable or remote references are returned unchanged.
    """
    seen: set[str] = set()
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        ref = schema["$ref"]
        if not ref.startswith("#") or ref in seen:
            break
        seen.add(ref)
        try:
            target = resolve(tree, ref[1:])
        except (KeyError, IndexError, ValueError, TypeError):
            break
        siblings = {k: v for k, v in schema.items() if k not in ("$ref", "description", "summary")}
        pointer, schema = ref[1:], ({**target, **siblings} if siblings and isinstance(target, dict) else target)
    return pointer, schema


def flatten(tree: Any, schema: Any, _depth: int = 0) -> dict[str, Any]:
    """A schema with local refs resolved and ``allOf`` parts merged into one (a safe approximation).

    Properties present in several parts are flattened together; ``required`` is united; ``type``
    and ``enum`` are intersected. ``oneOf``/``anyOf`` are kept as they are.
    """
    _pointer, schema = deref(tree, schema)
    if not isinstance(schema, dict) or _depth > _MAX_DEPTH:
        return schema if isinstance(schema, dict) else {}
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    parts = schema.get("allOf")
    if isinstance(parts, list):
        for part in parts:
            merged = _merge(tree, merged, flatten(tree, part, _depth + 1), _depth)
    return merged


def _merge(tree: Any, left: dict[str, Any], right: dict[str, Any], depth: int) -> dict[str, Any]:
    out = dict(left)
    for key, value in right.items():
        if key not in out:
            out[key] = value
        elif key == "properties" and isinstance(value, dict) and isinstance(out[key], dict):
            props = dict(out[key])
            for name, sub in value.items():
                props[name] = (
                    _merge(tree, flatten(tree, props[name], depth + 1), flatten(tree, sub, depth + 1), depth + 1)
                    if name in props else sub
                )
            out[key] = props
        elif key in _UNION and isinstance(value, list) and isinstance(out[key], list):
            out[key] = list(dict.fromkeys([*out[key], *value]))
        elif key == "type":
            both = types_of(out) & types_of(right)
            out[key] = sorted(both) if len(both) != 1 else next(iter(both))
        elif key == "enum" and isinstance(value, list) and isinstance(out[key], list):
            out[key] = [v for v in out[key] if v in value]
    return out


def types_of(schema: dict[str, Any]) -> set[str]:
    """The JSON types a schema declares (empty when it declares none)."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {t for t in declared if isinstance(t, str)}
    return set()


@dataclass(frozen=True)
class Field:
    """A named value of an operation: a parameter or an object property."""

    name: str
    pointer: str
    schema: dict[str, Any]
    where: str  # "path", "query", "header", "cookie" (parameters) or "property"
    description: str


def iter_parameters(tree: Any, path_item: dict[str, Any], op: dict[str, Any], op_pointer: str,
                    ) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, parameter) for an operation's parameters, path-level ones included, refs resolved."""
    path_pointer = op_pointer.rsplit("/", 1)[0]
    own = _list(op.get("parameters"))
    shared = _list(path_item.get("parameters"))
    seen: set[tuple[str, str]] = set()
    for base, params in ((join(op_pointer, "parameters"), own), (join(path_pointer, "parameters"), shared)):
        for index, param in enumerate(params):
            pointer, param = deref(tree, param, join(base, index))
            if not isinstance(param, dict) or not isinstance(param.get("name"), str) or param.get("in") == "body":
                continue
            key = (param["name"], str(param.get("in")))
            if key in seen:
                continue
            seen.add(key)
            yield pointer, param


def walk_schema_refs(tree: Any, schema: Any, pointer: str, seen: set[str] | None = None,
                     skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, dict[str, Any]]]:
    """Like :func:`walk_schema`, following local refs (each target once); pointers name the definition."""
    seen = set() if seen is None else seen
    for sub_pointer, sub in walk_schema(schema, pointer, skip):
        ref = sub.get("$ref")
        if isinstance(ref, str) and ref.startswith("#") and ref not in seen:
            seen.add(ref)
            target_pointer, target = deref(tree, {"$ref": ref})
            if isinstance(target, dict) and target_pointer != sub_pointer:
                yield from walk_schema_refs(tree, target, target_pointer, seen, skip)
        yield sub_pointer, sub


# Subschemas that test a value rather than define it: their properties are not fields.
CONDITIONS = frozenset({"if", "not", "contains", "propertyNames"})


def iter_fields(tree: Any, op_pointer: str, path_item: dict[str, Any], op: dict[str, Any]) -> Iterator[Field]:
    """Every parameter and every object property an operation reads or answers, refs followed."""
    for pointer, param in iter_parameters(tree, path_item, op, op_pointer):
        schema = param["schema"] if isinstance(param.get("schema"), dict) else {}
        yield Field(param["name"], pointer, schema, str(param.get("in")), _text(param) or _text(schema))
    seen: set[str] = set()
    for root_pointer, root in operation_roots(tree, op_pointer, op):
        for pointer, schema in walk_schema_refs(tree, root, root_pointer, seen, CONDITIONS):
            for name, sub in (schema.get("properties") or {}).items():
                if isinstance(sub, dict):
                    yield Field(name, join(pointer, "properties", name), sub, "property", _text(sub))


def operation_roots(tree: Any, op_pointer: str, op: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(pointer, schema) of the request body and every response body of an operation, refs resolved."""
    roots: list[tuple[str, dict[str, Any]]] = []
    body_pointer, body = deref(tree, op.get("requestBody"), join(op_pointer, "requestBody"))
    if isinstance(body, dict):
        roots += _media_schemas(body.get("content"), join(body_pointer, "content"))
    for index, param in enumerate(_list(op.get("parameters"))):  # Swagger 2 body parameter
        if isinstance(param, dict) and param.get("in") == "body" and isinstance(param.get("schema"), dict):
            roots.append((join(op_pointer, "parameters", index, "schema"), param["schema"]))
    for status, response in (op.get("responses") or {}).items():
        response_pointer, response = deref(tree, response, join(op_pointer, "responses", status))
        if isinstance(response, dict):
            roots += _media_schemas(response.get("content"), join(response_pointer, "content"))
            if isinstance(response.get("schema"), dict):
                roots.append((join(response_pointer, "schema"), response["schema"]))
    return roots


def _media_schemas(content: Any, pointer: str) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(content, dict):
        return []
    return [(join(pointer, media, "schema"), entry["schema"]) for media, entry in content.items()
            if isinstance(entry, dict) and isinstance(entry.get("schema"), dict)]


def _text(node: Any) -> str:
    """The description of a node, or ""."""
    text = node.get("description") if isinstance(node, dict) else None
    return text if isinstance(text, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def walk_operation_parameters(tree: Any) -> Iterator[tuple[str, dict[str, Any], list[tuple[str, dict[str, Any]]]]]:
    """(operation pointer, operation, its parameters as :func:`iter_parameters` gives them) for every operation."""
    for op_pointer, path, _method, op in walk_operations(tree):
        yield op_pointer, op, list(iter_parameters(tree, tree["paths"][path], op, op_pointer))


def walk_operation_fields(tree: Any) -> Iterator[tuple[str, str, dict[str, Any], list[Field]]]:
    """(operation pointer, path, operation, its fields as :func:`iter_fields` gives them) for every operation."""
    for op_pointer, path, _method, op in walk_operations(tree):
        yield op_pointer, path, op, list(iter_fields(tree, op_pointer, tree["paths"][path], op))


def walk_fields(tree: Any) -> Iterator[tuple[str, dict[str, Any], Field]]:
    """(operation pointer, operation, field) for every field of every operation."""
    for op_pointer, _path, op, fields in walk_operation_fields(tree):
        for item_field in fields:
            yield op_pointer, op, item_field


def operation_label(op_pointer: str, op: dict[str, Any]) -> str:
    """The operationId, or ``METHOD path``."""
    tokens = split(op_pointer)
    return str(op.get("operationId") or f"{tokens[-1].upper()} {tokens[-2]}")
