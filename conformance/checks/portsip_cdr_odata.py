"""Judge list items against a PortSIP OData-like ``filter`` or ``orderby``, independently of any server.

Every clause evaluates to True, False or None (cannot tell). A clause is only decided where every sane
server agrees: numbers against numbers, RFC 3339 instants against instants, ``null`` tests, and text that
differs even ignoring case (servers may compare text case-insensitively). Text ordering, mixed kinds and
``ne`` on a blank value are left open. ``and``/``or``/``not`` combine the three values (Kleene logic).

Grammar: ``expr := term (or term)*; term := factor (and factor)*; factor := not factor | ( expr ) |
func(field, 'text') | field op literal`` with op eq ne gt ge lt le, func startswith endswith contains and
literal ``'text'`` ('' is a quote), a number, true, false or null.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from conformance import timefmt

Judge = Callable[[Mapping[str, Any]], bool | None]
Verdict = bool | None

_TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([(),]))")
_OPS = ("eq", "ne", "gt", "ge", "lt", "le")
_FUNCS: dict[str, Callable[[str, str], bool]] = {
    "startswith": str.startswith, "endswith": str.endswith, "contains": lambda a, b: b in a,
}
_ORDER = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$")
_MISSING = object()


class Unreadable(ValueError):
    """The expression is outside the grammar this judge reads."""


def _tokens(text: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while text[pos:].strip():
        match = _TOKEN.match(text, pos)
        if match is None:
            raise Unreadable(f"cannot read {text[pos:pos + 20]!r}")
        quoted, number, name, punct = match.groups()
        if quoted is not None:
            out.append(("lit", quoted[1:-1].replace("''", "'")))
        elif number is not None:
            out.append(("lit", float(number) if "." in number else int(number)))
        elif name in ("true", "false", "null"):
            out.append(("lit", {"true": True, "false": False, "null": None}[name]))
        else:
            out.append(("name" if name is not None else "punct", name or punct))
        pos = match.end()
    return out


def instant(value: Any) -> datetime | None:
    """An RFC 3339 text as an aware datetime, else None."""
    if not isinstance(value, str):
        return None
    try:
        return timefmt.parse_rfc3339(value)
    except ValueError:
        return None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def compare(op: str, value: Any, literal: Any) -> Verdict:
    """``value op literal`` where every server agrees, else None."""
    if value is _MISSING:
        return None
    if literal is None:
        return {"eq": value is None, "ne": value is not None}.get(op)
    if value is None:
        return None if op == "ne" else False  # SQL and OData both drop blanks from eq and order tests
    if _number(value) and _number(literal):
        pair: tuple[Any, Any] | None = (value, literal)
    elif isinstance(value, bool) and isinstance(literal, bool):
        pair = (value, literal) if op in ("eq", "ne") else None
    elif instant(value) is not None and instant(literal) is not None:
        pair = (instant(value), instant(literal))
    elif isinstance(value, str) and isinstance(literal, str) and op in ("eq", "ne"):
        if value == literal:
            return op == "eq"
        return None if value.casefold() == literal.casefold() else op == "ne"
    else:
        pair = None
    if pair is None:
        return None
    a, b = pair
    return {"eq": a == b, "ne": a != b, "gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}[op]


def function(name: str, value: Any, text: str) -> Verdict:
    if value is _MISSING or not isinstance(text, str):
        return None
    if value is None:
        return False
    if not isinstance(value, str):
        return None
    if _FUNCS[name](value, text):
        return True
    return None if _FUNCS[name](value.casefold(), text.casefold()) else False


def _all(verdicts: list[Verdict]) -> Verdict:
    return False if False in verdicts else (True if all(v is True for v in verdicts) else None)


def _any(verdicts: list[Verdict]) -> Verdict:
    return True if True in verdicts else (False if all(v is False for v in verdicts) else None)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0

    def peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, kind: str, value: Any = _MISSING) -> Any:
        token = self.peek()
        if token is None or token[0] != kind or (value is not _MISSING and token[1] != value):
            raise Unreadable(f"expected {value if value is not _MISSING else kind}, found {token}")
        self.pos += 1
        return token[1]

    def at(self, kind: str, value: Any) -> bool:
        return self.peek() == (kind, value)

    def parse(self) -> Judge:
        judge = self.expr()
        if self.peek() is not None:
            raise Unreadable(f"unexpected {self.peek()}")
        return judge

    def expr(self) -> Judge:
        terms = [self.term()]
        while self.at("name", "or"):
            self.take("name")
            terms.append(self.term())
        return terms[0] if len(terms) == 1 else (lambda item: _any([t(item) for t in terms]))

    def term(self) -> Judge:
        factors = [self.factor()]
        while self.at("name", "and"):
            self.take("name")
            factors.append(self.factor())
        return factors[0] if len(factors) == 1 else (lambda item: _all([f(item) for f in factors]))

    def factor(self) -> Judge:
        if self.at("name", "not"):
            self.take("name")
            inner = self.factor()
            return lambda item: None if (v := inner(item)) is None else not v
        if self.at("punct", "("):
            self.take("punct")
            inner = self.expr()
            self.take("punct", ")")
            return inner
        name = self.take("name")
        if name in _FUNCS:
            self.take("punct", "(")
            field = self.take("name")
            self.take("punct", ",")
            text = self.take("lit")
            self.take("punct", ")")
            return lambda item: function(name, item.get(field, _MISSING), text)
        op = self.take("name")
        if op not in _OPS:
            raise Unreadable(f"{op!r} is not a comparison")
        literal = self.take("lit")
        return lambda item: compare(op, item.get(name, _MISSING), literal)


def parse_filter(text: str) -> Judge:
    """A judge of items for ``text``; ``Unreadable`` when the expression is outside the grammar."""
    return _Parser(text).parse()


def parse_orderby(text: str) -> list[tuple[str, bool]]:
    """``[(field, descending), ...]``; ``Unreadable`` when a key is not ``field [asc|desc]``."""
    keys = []
    for part in text.split(","):
        match = _ORDER.match(part)
        if match is None:
            raise Unreadable(f"{part!r} is not `field [asc|desc]`")
        keys.append((match.group(1), match.group(2) == "desc"))
    return keys


def _rank(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 where every server agrees (numbers, instants), else None."""
    if _number(a) and _number(b):
        pair: tuple[Any, Any] = (a, b)
    elif instant(a) is not None and instant(b) is not None:
        pair = (instant(a), instant(b))
    else:
        return None
    return (pair[0] > pair[1]) - (pair[0] < pair[1])


def in_order(first: Mapping[str, Any], second: Mapping[str, Any], keys: list[tuple[str, bool]]) -> Verdict:
    """Whether ``first`` may precede ``second`` under ``keys`` (None when it cannot be told)."""
    for name, descending in keys:
        rank = _rank(first.get(name), second.get(name))
        if rank is None:
            return None
        if rank != 0:
            return (rank < 0) != descending
    return True
