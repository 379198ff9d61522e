"""Helpers to lint small in-memory documents."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.lint import Finding, LintDocument, lint_documents


def lint_tree(tree: Any, rule: str, kind: str = "openapi") -> list[Finding]:
    return lint_documents([LintDocument("fixture", kind, tree, "portsip-dataflow")], [rule])  # type: ignore[arg-type]


@pytest.fixture
def lint():
    return lint_tree


def op(body: dict[str, Any] | None = None, description: str = "", responses: dict[str, Any] | None = None,
       parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A one-operation OpenAPI document."""
    operation: dict[str, Any] = {"operationId": "op", "description": description,
                                 "responses": responses or {"200": {"description": "ok"}}}
    if body is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
    if parameters is not None:
        operation["parameters"] = parameters
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"post": operation}}}
