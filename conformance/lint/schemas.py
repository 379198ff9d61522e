"""Validate values against schemas of an OpenAPI document, in the JSON Schema dialect of its version.

OpenAPI 3.1 schemas are JSON Schema 2020-12; OpenAPI 3.0 and Swagger 2.0 schemas are a draft-04
subset whose ``nullable`` / ``x-nullable`` add ``null`` to the type. Local references are resolved
inside the document.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jsonschema
import referencing
import referencing.exceptions
from referencing.jsonschema import DRAFT4, DRAFT202012

from conformance.lint.model import LintDocument
from conformance.pointers import resolve

DOCUMENT_URI = "urn:pbx-lint:document"
_CACHE_SIZE = 8


@dataclass(frozen=True)
class SchemaSpace:
    """A document prepared for validation: its tree in the version's dialect and a registry holding it."""

    tree: Any
    registry: referencing.Registry[Any]
    validator: type[jsonschema.protocols.Validator]


_SPACES: dict[int, tuple[Any, SchemaSpace]] = {}


def space_of(document: LintDocument) -> SchemaSpace:
    """The validation space of ``document`` (cached for the last few documents)."""
    cached = _SPACES.get(id(document.tree))
    if cached is not None and cached[0] is document.tree:
        return cached[1]
    legacy = document.version in ("2.0", "3.0")
    tree = _with_nulls(copy.deepcopy(document.tree)) if legacy else document.tree
    specification = DRAFT4 if legacy else DRAFT202012
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        DOCUMENT_URI, specification.create_resource(tree))
    validator = jsonschema.Draft4Validator if legacy else jsonschema.Draft202012Validator
    if len(_SPACES) >= _CACHE_SIZE:
        _SPACES.clear()
    space = SchemaSpace(tree, registry, validator)
    _SPACES[id(document.tree)] = (document.tree, space)
    return space


def forget_spaces() -> None:
    """Drop the cached validation spaces (a run starts fresh, so a tree edited in place is read anew)."""
    _SPACES.clear()


def _with_nulls(node: Any) -> Any:
    """``nullable: true`` (OAS 3.0) and ``x-nullable: true`` (Swagger 2) as a ``null`` type, in place."""
    if isinstance(node, dict):
        if (node.get("nullable") is True or node.get("x-nullable") is True) and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
            if isinstance(node.get("enum"), list) and None not in node["enum"]:
                node["enum"] = [*node["enum"], None]
        for value in node.values():
            _with_nulls(value)
    elif isinstance(node, list):
        for value in node:
            _with_nulls(value)
    return node


def _absolute(node: Any) -> Any:
    """A copy of a schema whose local ``$ref`` values point into the registered document."""
    if isinstance(node, dict):
        out = {k: _absolute(v) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            out["$ref"] = DOCUMENT_URI + ref
        return out
    if isinstance(node, list):
        return [_absolute(v) for v in node]
    return node


def validation_errors(space: SchemaSpace, value: Any, schema_pointer: str, drop: Iterable[str] = ()) -> list[str]:
    """Why ``value`` fails the schema at ``schema_pointer`` (without the ``drop`` keywords); empty when valid.

    A schema that cannot be used (a broken reference, an invalid pattern) yields no error: other
    rules report those.
    """
    try:
        schema = resolve(space.tree, schema_pointer)
    except KeyError:
        return []
    if not isinstance(schema, dict | bool):
        return []
    if isinstance(schema, dict):
        dropped = set(drop)
        schema = _absolute({k: v for k, v in schema.items() if k not in dropped})
    validator = space.validator(schema, registry=space.registry, format_checker=space.validator.FORMAT_CHECKER)
    try:
        errors = sorted(validator.iter_errors(value), key=lambda e: (list(e.absolute_path), e.message))
        return [_describe(error) for error in errors[:3]]
    except (referencing.exceptions.Unresolvable, jsonschema.exceptions.SchemaError, ValueError, TypeError,
            RecursionError):
        return []


def _describe(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
    return f"at /{where}: {message}" if where else message
