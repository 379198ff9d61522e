"""Walk OpenAPI and example trees, yielding JSON pointers rules can report."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.lint.model import LintDocument
from conformance.specs import HTTP_METHODS

# Keywords whose value is one schema, a list of schemas, or a map of name -> schema.
_SINGLE = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
           "unevaluatedItems", "unevaluatedProperties")
_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape(t) for t in tokens)


def split(pointer: str) -> list[str]:
    return [unescape(t) for t in pointer.split("/")[1:]] if pointer else []


def resolve(tree: Any, pointer: str) -> Any:
    """The node at ``pointer`` (KeyError/IndexError when absent)."""
    node = tree
    for token in split(pointer):
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def walk_nodes(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every node of a JSON tree with its pointer, parents before children."""
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk_nodes(value, join(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_nodes(value, join(pointer, index))


def walk_schema(schema: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """A schema and every subschema inside it."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in _SINGLE:
        if isinstance(schema.get(key), dict):
            yield from walk_schema(schema[key], join(pointer, key))
    for key in _LISTS:
        if isinstance(schema.get(key), list):
            for index, sub in enumerate(schema[key]):
                yield from walk_schema(sub, join(pointer, key, index))
    for key in _MAPS:
        if isinstance(schema.get(key), dict):
            for name, sub in schema[key].items():
                yield from walk_schema(sub, join(pointer, key, name))


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
    for path, item in (tree.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield join("/paths", path, method), path, method, item[method]


def walk_all_schemas(tree: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema of an OpenAPI document: components, parameters, bodies, responses."""
    for name, schema in ((tree.get("components") or {}).get("schemas") or {}).items():
        yield from walk_schema(schema, join("/components/schemas", name))
    for name, param in ((tree.get("components") or {}).get("parameters") or {}).items():
        if isinstance(param, dict) and "schema" in param:
            yield from walk_schema(param["schema"], join("/components/parameters", name, "schema"))
    for path, item in (tree.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        yield from _parameter_schemas(item.get("parameters"), join("/paths", path, "parameters"))
        for op_pointer, _path, _method, op in walk_operations({"paths": {path: item}}):
            yield from _parameter_schemas(op.get("parameters"), join(op_pointer, "parameters"))
            body = op.get("requestBody")
            if isinstance(body, dict):
                yield from _content_schemas(body.get("content"), join(op_pointer, "requestBody", "content"))
            for status, response in (op.get("responses") or {}).items():
                if isinstance(response, dict):
                    yield from _content_schemas(
                        response.get("content"), join(op_pointer, "responses", status, "content")
                    )


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


def iter_examples(document: LintDocument) -> Iterator[tuple[str, Any]]:
    """Every example value of a document with its pointer."""
    if document.kind == "examples":
        for s_index, section in enumerate(document.tree.get("sections", [])):
            for e_index, example in enumerate(section.get("examples", [])):
                if "value" in example:
                    yield join("/sections", s_index, "examples", e_index, "value"), example["value"]
        return
    for pointer, node in walk_nodes(document.tree):
        if not isinstance(node, dict):
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
