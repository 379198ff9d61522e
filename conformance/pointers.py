"""JSON pointers (RFC 6901) into plain dict/list trees: escape, join, split and resolve."""

from __future__ import annotations

from typing import Any


class PointerError(KeyError):
    """A pointer that does not resolve: ``token`` is the first token with no node behind it."""

    def __init__(self, pointer: str, token: str) -> None:
        super().__init__(f"pointer {pointer} does not resolve (at {token!r})")
        self.pointer = pointer
        self.token = token


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape(t) for t in tokens)


def split(pointer: str) -> list[str]:
    """The unescaped tokens of ``pointer`` (none for ``""``, the root)."""
    return [unescape(t) for t in pointer.split("/")[1:]] if pointer else []


def step(node: Any, token: str, pointer: str) -> Any:
    """The child of ``node`` named by one token (a list index or a mapping key); PointerError when absent."""
    try:
        return node[int(token)] if isinstance(node, list) else node[token]
    except (KeyError, IndexError, ValueError, TypeError):
        raise PointerError(pointer, token) from None


def resolve(tree: Any, pointer: str) -> Any:
    """The node at ``pointer``; PointerError (a KeyError) when absent."""
    node = tree
    for token in split(pointer):
        node = step(node, token, pointer)
    return node
