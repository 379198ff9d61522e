"""JSON pointers (RFC 6901) into plain dict/list trees, and the overlay's operation shorthand.

The overlay writes pointers into a PortSIP document as ``@operationId/body/...`` (the JSON request
body schema), ``@operationId/response/...`` (the JSON schema of the first 2XX response),
``@operationId/param/<name>`` (a parameter by name) or ``@operationId/...`` (the operation
itself); :func:`expand` turns them into plain pointers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance import pointers as _pointers
from conformance.errors import ConfigError
from conformance.pointers import join

JSON = "application~1json"
HTTP_METHODS = ("get", "put", "post", "delete", "patch")


def split(pointer: str) -> list[str]:
    """The tokens of ``pointer``; ConfigError when it is not a pointer."""
    if pointer and not pointer.startswith("/"):
        raise ConfigError(f"not a JSON pointer: {pointer!r}")
    return _pointers.split(pointer)


def _step(node: Any, token: str, pointer: str) -> Any:
    """One token down from ``node``; ConfigError when there is nothing there."""
    try:
        return _pointers.step(node, token, pointer)
    except _pointers.PointerError as error:
        raise ConfigError(error.args[0]) from None


def get(tree: Any, pointer: str) -> Any:
    """The node at ``pointer``; ConfigError when it is absent."""
    node = tree
    for token in split(pointer):
        node = _step(node, token, pointer)
    return node


def exists(tree: Any, pointer: str) -> bool:
    try:
        get(tree, pointer)
    except ConfigError:
        return False
    return True


def parent(tree: Any, pointer: str) -> tuple[Any, str]:
    """The container of the node at ``pointer`` and the node's key in it."""
    tokens = split(pointer)
    if not tokens:
        raise ConfigError("the document root has no parent")
    node = tree
    for token in tokens[:-1]:
        node = _step(node, token, pointer)
    return node, tokens[-1]


def put(tree: Any, pointer: str, value: Any) -> None:
    """Set the node at ``pointer`` (its parent must exist; ``-`` appends to a list)."""
    container, key = parent(tree, pointer)
    if isinstance(container, list):
        if key == "-":
            container.append(value)
        else:
            container[int(key)] = value
    elif isinstance(container, dict):
        container[key] = value
    else:
        raise ConfigError(f"pointer {pointer}: parent is not a container")


def remove(tree: Any, pointer: str) -> None:
    container, key = parent(tree, pointer)
    _step(container, key, pointer)
    if isinstance(container, list):
        del container[int(key)]
    else:
        del container[key]


def glob(tree: Any, pointer: str) -> list[str]:
    """Every existing pointer matching ``pointer``, where a ``*`` token matches any key or index."""
    if "*" not in split(pointer):
        return [pointer]
    found = [("", tree)]
    for token in split(pointer):
        step: list[tuple[str, Any]] = []
        for here, node in found:
            if token == "*":
                keys: list[Any] = list(range(len(node))) if isinstance(node, list) else list(node) \
                    if isinstance(node, dict) else []
                step.extend((join(here, k), node[k]) for k in keys)
            elif exists(node, join("", token)):
                step.append((join(here, token), get(node, join("", token))))
        found = step
    if not found:
        raise ConfigError(f"pattern {pointer} matches nothing")
    return [here for here, _node in found]


def operations(tree: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(pointer, operationId, operation) for every operation of an OpenAPI tree, in document order."""
    for path, item in (tree.get("paths") or {}).items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield join("/paths", path, method), str(op.get("operationId")), op


def operation_pointer(tree: dict[str, Any], operation_id: str) -> str:
    for pointer, op_id, _op in operations(tree):
        if op_id == operation_id:
            return pointer
    raise ConfigError(f"no operation {operation_id!r} in the document")


def _success_status(op: dict[str, Any], pointer: str) -> str:
    for status in op.get("responses") or {}:
        if str(status).startswith("2"):
            return str(status)
    raise ConfigError(f"{pointer}: operation has no 2XX response")


def expand(tree: dict[str, Any], pointer: str) -> str:
    """A plain JSON pointer for ``pointer``, expanding the ``@operationId`` shorthand."""
    if not pointer.startswith("@"):
        return pointer
    head, _, rest = pointer[1:].partition("/")
    op_pointer = operation_pointer(tree, head)
    op = get(tree, op_pointer)
    first, _, tail = rest.partition("/")
    if first == "body":
        base = f"{op_pointer}/requestBody/content/{JSON}/schema"
    elif first == "response":
        base = f"{op_pointer}/responses/{_success_status(op, pointer)}/content/{JSON}/schema"
    elif first == "param":
        name, _, tail = tail.partition("/")
        names = [p.get("name") for p in op.get("parameters") or []]
        if name not in names:
            raise ConfigError(f"{pointer}: operation has no parameter {name!r}")
        base = f"{op_pointer}/parameters/{names.index(name)}"
    else:
        return f"{op_pointer}/{rest}" if rest else op_pointer
    return f"{base}/{tail}" if tail else base
