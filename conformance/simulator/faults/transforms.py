"""Generic JSON edits that response-stage faults apply (data-driven; no per-fault code)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

from conformance import pointers

Edit = dict[str, Any]


def _targets(node: Any, tokens: list[str]) -> Iterator[tuple[Any, str | int]]:
    """(container, key) pairs a pointer with ``*`` wildcards designates."""
    if not tokens:
        return
    head, rest = tokens[0], tokens[1:]
    if head == "*":
        keys: list[str | int] = list(range(len(node))) if isinstance(node, list) else list(node) if isinstance(
            node, dict) else []
    elif isinstance(node, list):
        if head == "-1" and node:
            keys = [len(node) - 1]
        else:
            keys = [int(head)] if head.isdigit() and int(head) < len(node) else []
    elif isinstance(node, dict):
        keys = [head] if head in node else ([head] if not rest else [])
    else:
        keys = []
    for key in keys:
        if rest:
            child = node[key] if not isinstance(node, dict) or key in node else None
            if child is not None:
                yield from _targets(child, rest)
        else:
            yield node, key


def _read(root: Any, pointer: str) -> Any:
    node = root
    for token in pointers.split(pointer):
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _shift(value: Any, seconds: float) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value + seconds
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        shifted = (moment + timedelta(seconds=seconds)).isoformat()
        return shifted.replace("+00:00", "Z") if value.endswith("Z") else shifted
    return value


def _number_to_string(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return str(value)


_VALUE_OPS: dict[str, Callable[[Any, Edit, Any], Any]] = {
    "set": lambda old, edit, src: edit.get("value", src),
    "add": lambda old, edit, src: (src if src is not None else old) + edit.get("value", 0),
    "mul": lambda old, edit, src: type(old)(old * edit["value"]) if isinstance(old, int) else old * edit["value"],
    "stringify": lambda old, edit, src: _number_to_string(old),
    "shift_seconds": lambda old, edit, src: _shift(old, edit["value"]),
}


def _apply_list_op(target: list[Any], op: str) -> None:
    if op == "reverse":
        target.reverse()
    elif op == "swap_first_two" and len(target) >= 2:
        target[0], target[1] = target[1], target[0]
    elif op == "duplicate_first" and target:
        target.insert(1, copy.deepcopy(target[0]))
    elif op == "drop_last" and target:
        target.pop()
    elif op == "drop_first" and target:
        target.pop(0)


LIST_OPS = frozenset({"reverse", "swap_first_two", "duplicate_first", "drop_last", "drop_first"})
OPS = frozenset(_VALUE_OPS) | LIST_OPS | {"delete", "rename"}


def apply_edit(body: Any, edit: Edit) -> Any:
    """Apply one edit to ``body`` (in place where possible) and return the result."""
    op = edit["op"]
    pointer = edit.get("pointer", "")
    if op in LIST_OPS:
        targets = [body] if pointer == "" else [c[k] for c, k in _targets(body, pointers.split(pointer))]
        for target in targets:
            if isinstance(target, list):
                _apply_list_op(target, op)
        return body
    for container, key in list(_targets(body, pointers.split(pointer))):
        if op == "delete":
            if isinstance(container, dict):
                container.pop(key, None)
            elif isinstance(container, list) and isinstance(key, int):
                container.pop(key)
            continue
        if op == "rename":
            if isinstance(container, dict) and key in container:
                container[edit["to"]] = container.pop(key)
            continue
        old: Any = container.get(key) if isinstance(container, dict) else container[int(key)]
        source = None
        if "from" in edit:
            # ``from`` is relative to the container when it has no leading slash
            source = _read(container, "/" + edit["from"]) if not edit["from"].startswith("/") else _read(
                body, edit["from"])
        if old is None and source is None and op != "set":
            continue  # nothing to change where the answer leaves the value out (e.g. a field not selected)
        container[key] = _VALUE_OPS[op](old, edit, source)
    return body


def apply_response_edits(body: Any, edits: list[Edit]) -> Any:
    """Apply every edit in order to a deep copy of ``body``."""
    result = copy.deepcopy(body)
    for edit in edits:
        result = apply_edit(result, edit)
    return result
