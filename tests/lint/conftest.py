"""Helpers to lint small in-memory documents."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.lint import Finding, LintDocument, lint_documents
from conformance.lint.loaders import openapi_version


def lint_tree(tree: Any, rule: str, kind: str = "openapi") -> list[Finding]:
    document = LintDocument("fixture", kind, tree, "portsip-dataflow", version=openapi_version(tree))  # type: ignore[arg-type]
    return lint_documents([document], [rule])


@pytest.fixture
def lint():
    return lint_tree


def op(
    body: dict[str, Any] | None = None,
    description: str = "",
    responses: dict[str, Any] | None = None,
    parameters: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A one-operation OpenAPI document."""
    operation: dict[str, Any] = {
        "operationId": "op",
        "description": description,
        "responses": responses or {"200": {"description": "ok"}},
    }
    if body is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
    if parameters is not None:
        operation["parameters"] = parameters
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"post": operation}}}


def operation(
    body: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    *,
    parameters: list[dict[str, Any]] | None = None,
    status: str = "200",
    description: str = "",
    operation_id: str | None = None,
) -> dict[str, Any]:
    """One operation: an optional JSON request body, one JSON success response, optional parameters."""
    result: dict[str, Any] = {"description": description, "responses": {status: {"description": "ok"}}}
    if operation_id:
        result["operationId"] = operation_id
    if body is not None:
        result["requestBody"] = {"content": {"application/json": {"schema": body}}}
    if response is not None:
        result["responses"][status]["content"] = {"application/json": {"schema": response}}
    if parameters is not None:
        result["parameters"] = parameters
    return result


def api(paths: dict[str, dict[str, dict[str, Any]]], components: dict[str, Any] | None = None) -> dict[str, Any]:
    """An OpenAPI document from ``{path: {method: operation}}``."""
    tree: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    if components:
        tree["components"] = components
    return tree


def obj(required: list[str] | None = None, **properties: Any) -> dict[str, Any]:
    """An object schema with the given property schemas."""
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def param(name: str, where: str = "query", **schema: Any) -> dict[str, Any]:
    """A parameter with an inline schema (``type`` defaults to string)."""
    return {"name": name, "in": where, "required": where == "path", "schema": {"type": "string", **schema}}


def examples(*values: Any, unparsed: str | None = None) -> dict[str, Any]:
    """An ``examples`` document tree holding ``values`` (and one unparsed example when given)."""
    entries: list[dict[str, Any]] = [{"line": i + 1, "value": v} for i, v in enumerate(values)]
    if unparsed is not None:
        entries.append({"line": 99, "unparsed": unparsed, "error": "Expecting value"})
    return {"sections": [{"title": "", "line": 1, "examples": entries}]}
