"""Structural validity: the OpenAPI meta-schema, references, operation ids, path templates, fragments."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.walk import iter_parameters, operation_label, walk_operations
from conformance.pointers import join, resolve

_TEMPLATE = re.compile(r"\{([^}/]+)\}")
# Keys whose values are data, not OpenAPI structure: a `$ref` inside them is not a reference.
_DATA_KEYS = frozenset({"example", "default", "enum", "const", "value", "externalValue"})


def _meta_validator(version: str | None) -> Any:
    from openapi_spec_validator.schemas import (
        openapi_v2_schema_validator,
        openapi_v30_schema_validator,
        openapi_v31_schema_validator,
    )

    return {"2.0": openapi_v2_schema_validator, "3.0": openapi_v30_schema_validator,
            "3.1": openapi_v31_schema_validator}.get(version or "")


@rule("LINT-OPENAPI-SCHEMA", "The document breaks the OpenAPI 3.0/3.1 or Swagger 2.0 meta-schema of its version.")
def openapi_schema(document: LintDocument) -> Iterator[tuple[str, str]]:
    validator = _meta_validator(document.version)
    if validator is None:
        declared = document.tree.get("openapi", document.tree.get("swagger"))
        yield "", f"the document declares no OpenAPI version this linter knows (openapi/swagger: {declared!r})"
        return
    seen: set[str] = set()
    for error in validator.iter_errors(document.tree):
        pointer = join("", *[str(p) for p in error.absolute_path])
        if pointer in seen:
            continue
        seen.add(pointer)
        message = str(error.message).split("\n", 1)[0]
        yield pointer, f"OpenAPI {document.version} meta-schema: {message[:200]}"


def iter_refs(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(pointer of the object holding it, target) of every ``$ref`` outside example and default values."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield pointer, node["$ref"]
        for key, value in node.items():
            if key in _DATA_KEYS or (key == "examples" and isinstance(value, list)) or str(key).startswith("x-"):
                continue
            yield from iter_refs(value, join(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_refs(value, join(pointer, index))


def _external(source: str, target: str) -> str | None:
    """Why a reference to another file does not resolve, or None (remote URLs are not fetched)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        return None
    file_part, _hash, fragment = target.partition("#")
    path = Path(source).parent / file_part
    if not path.is_file():
        return f"file {file_part!r} does not exist"
    try:
        resolve(yaml.safe_load(path.read_text("utf-8")), fragment)
    except (KeyError, OSError, UnicodeDecodeError, yaml.YAMLError):
        return f"{fragment or '/'} does not exist in {file_part}"
    return None


@rule("LINT-REF-UNRESOLVED", "A `$ref` points at nothing.")
def ref_unresolved(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, target in iter_refs(document.tree):
        if target.startswith("#"):
            try:
                resolve(document.tree, target[1:])
            except KeyError:
                yield join(pointer, "$ref"), f"`$ref: {target}` points at nothing in this document"
        else:
            problem = _external(document.source, target)
            if problem:
                yield join(pointer, "$ref"), f"`$ref: {target}` does not resolve: {problem}"


@rule("LINT-OPERATION-ID-DUPLICATE", "Two operations share one operationId.")
def operation_id_duplicate(document: LintDocument) -> Iterator[tuple[str, str]]:
    first: dict[str, str] = {}
    for op_pointer, path, method, op in walk_operations(document.tree):
        op_id = op.get("operationId")
        if not isinstance(op_id, str):
            continue
        if op_id in first:
            yield join(op_pointer, "operationId"), (
                f"operationId `{op_id}` of {method.upper()} {path} is already the id of {first[op_id]}")
        else:
            first[op_id] = f"{method.upper()} {path}"


@rule("LINT-PATH-PARAMETER-MISMATCH",
      "A path template and the operation's path parameters disagree (a template without parameter or the reverse).")
def path_parameter_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    for op_pointer, path, _method, op in walk_operations(tree):
        templates = _TEMPLATE.findall(path)
        params = [(p, param) for p, param in iter_parameters(tree, tree["paths"][path], op, op_pointer)
                  if param.get("in") == "path"]
        names = {param["name"] for _p, param in params}
        label = operation_label(op_pointer, op)
        for name in dict.fromkeys(templates):
            if name not in names:
                close = [n for n in names if n not in templates]
                hint = f" (it declares `{close[0]}`)" if close else ""
                yield op_pointer, f"{label}: the path template `{{{name}}}` has no path parameter{hint}"
        for pointer, param in params:
            if param["name"] not in templates:
                yield pointer, f"{label}: path parameter `{param['name']}` is not in the path {path}"


@rule("LINT-FRAGMENT-INVALID",
      "An OpenAPI fragment embedded in markdown does not parse, or defines an operation another fragment defines.")
def fragment_invalid(document: LintDocument) -> Iterator[tuple[str, str]]:
    for _kind, pointer, message in document.problems:
        yield pointer, message
