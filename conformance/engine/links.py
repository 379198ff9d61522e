"""Follow a spec's OpenAPI links from an accepted answer to the operations they name."""

from __future__ import annotations

from typing import Any

import jsonpointer

from conformance.checkapi.exchange import Exchange
from conformance.engine.requests import RequestSpec
from conformance.extensions import operation_extensions
from conformance.refs import resolve_ref
from conformance.specs import Operation, iter_operations


def _expression(value: Any, request: RequestSpec, body: Any) -> Any:
    """The value of a runtime expression (``$response.body#/x``, ``$request.path.id``...) or a constant."""
    if not isinstance(value, str) or not value.startswith("$"):
        return value
    if value.startswith("$response.body#"):
        return jsonpointer.resolve_pointer(body, value[len("$response.body#"):], None)
    if value.startswith("$request.body#"):
        return jsonpointer.resolve_pointer(request.body, value[len("$request.body#"):], None)
    for prefix, location in (("$request.path.", "path"), ("$request.query.", "query")):
        if value.startswith(prefix):
            return request.value(location, value[len(prefix):])
    return None


def _location(document: dict[str, Any], target: Operation, name: str) -> tuple[str, str]:
    if "." in name and name.split(".", 1)[0] in ("path", "query", "header"):
        where, _, bare = name.partition(".")
        return where, bare
    for param in (target.operation.get("parameters") or []) + (target.path_item.get("parameters") or []):
        param = resolve_ref(document, param)
        if param.get("name") == name:
            return str(param.get("in")), name
    return "path", name


def linked_requests(document: dict[str, Any], request: RequestSpec, exchange: Exchange) -> list[RequestSpec]:
    """Read requests the links of this answer lead to, with their parameters filled from it."""
    status = str(exchange.status)
    response = resolve_ref(document, (request.operation.operation.get("responses") or {}).get(status) or {})
    links = response.get("links") or {}
    if not links:
        return []
    body = exchange.json_or_none()
    by_id = {op.operation_id: op for op in iter_operations(document)}
    found: list[RequestSpec] = []
    for link in links.values():
        link = resolve_ref(document, link)
        target = by_id.get(link.get("operationId", ""))
        if target is None or operation_extensions(target).access != "read":
            continue
        linked = RequestSpec(target)
        complete = True
        for name, expression in (link.get("parameters") or {}).items():
            value = _expression(expression, request, body)
            if value is None:
                complete = False
                break
            location, bare = _location(document, target, name)
            linked = linked.with_value(location, bare, value)
        if complete:
            found.append(linked)
    return found
