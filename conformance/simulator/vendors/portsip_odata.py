"""PortSIP's OData-like query options without ``$``: ``filter`` and ``orderby`` over JSON items.

Filter grammar (keywords lower case)::

    expr    := term ("or" term)*
    term    := factor ("and" factor)*
    factor  := "not" factor | "(" expr ")" | func "(" field "," literal ")" | field op literal
    op      := eq | ne | gt | ge | lt | le
    func    := startswith | endswith | contains
    literal := 'text' ('' inside is a quote) | number | true | false | null

Comparisons follow the item's value: two RFC 3339 texts compare as instants, numbers as numbers, text as
text; values of different kinds are unequal and unordered. A field the item lacks reads as ``null``
unless the parser is given the known ``fields`` (then an unknown field is an error). ``orderby`` is
``field [asc|desc]`` (comma-separated for several keys). Every syntax error raises ``Rejection("invalid")``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from conformance.simulator.replies import Rejection

Item = Mapping[str, Any]
Predicate = Callable[[Item], bool]

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>[(),]))"
)
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le,
}
FUNCTIONS: dict[str, Callable[[str, str], bool]] = {
    "startswith": str.startswith, "endswith": str.endswith, "contains": operator.contains,
}
KEYWORDS = frozenset({"and", "or", "not", "true", "false", "null", *COMPARISONS, *FUNCTIONS})
_ORDER_KEY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$")


def _invalid(message: str, field: str = "filter") -> Rejection:
    return Rejection("invalid", message, field=field)


@dataclass(frozen=True)
class _Token:
    kind: str  # string | number | name | punct
    text: str


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise _invalid(f"filter: unexpected text at position {pos}: {text[pos:pos + 20]!r}")
        kind = match.lastgroup or "punct"
        found.append(_Token(kind, match.group(kind)))
        pos = match.end()
    return found


def _literal(token: _Token) -> Any:
    if token.kind == "string":
        return token.text[1:-1].replace("''", "'")
    if token.kind == "number":
        return float(token.text) if any(c in token.text for c in ".eE") else int(token.text)
    if token.kind == "name" and token.text in ("true", "false", "null"):
        return {"true": True, "false": False, "null": None}[token.text]
    raise _invalid(f"filter: {token.text!r} is not a literal")


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) < 20 or value[10] not in "Tt ":
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _comparable(left: Any, right: Any) -> tuple[Any, Any] | None:
    """The two values in one comparable kind, or None when they are of different kinds."""
    if left is None or right is None:
        return None
    if isinstance(left, bool) or isinstance(right, bool):
        return (left, right) if isinstance(left, bool) and isinstance(right, bool) else None
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left, right
    a, b = _instant(left), _instant(right)
    if a is not None and b is not None:
        return a, b
    if isinstance(left, str) and isinstance(right, str):
        return left, right
    return None


def compare(op: str, left: Any, right: Any) -> bool:
    """``left op right`` with the rules of the module docstring."""
    if op in ("eq", "ne") and (left is None or right is None):
        return (left is None and right is None) == (op == "eq")
    pair = _comparable(left, right)
    if pair is None:
        return op == "ne"
    return COMPARISONS[op](*pair)


class _Parser:
    def __init__(self, text: str, fields: Collection[str] | None) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.fields = fields

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, text: str | None = None, kind: str | None = None) -> _Token:
        token = self.peek()
        if token is None:
            raise _invalid(f"filter: ended early, expected {text or kind}")
        if (text is not None and token.text != text) or (kind is not None and token.kind != kind):
            raise _invalid(f"filter: expected {text or kind}, found {token.text!r}")
        self.pos += 1
        return token

    def at(self, text: str) -> bool:
        token = self.peek()
        return token is not None and token.kind in ("name", "punct") and token.text == text

    def parse(self) -> Predicate:
        if not self.tokens:
            raise _invalid("filter is empty")
        predicate = self.expr()
        if self.peek() is not None:
            raise _invalid(f"filter: unexpected {self.peek().text!r}")  # type: ignore[union-attr]
        return predicate

    def expr(self) -> Predicate:
        terms = [self.term()]
        while self.at("or"):
            self.take("or")
            terms.append(self.term())
        return terms[0] if len(terms) == 1 else (lambda item: any(t(item) for t in terms))

    def term(self) -> Predicate:
        factors = [self.factor()]
        while self.at("and"):
            self.take("and")
            factors.append(self.factor())
        return factors[0] if len(factors) == 1 else (lambda item: all(f(item) for f in factors))

    def field(self) -> str:
        name = self.take(kind="name").text
        if name in KEYWORDS:
            raise _invalid(f"filter: {name!r} is a keyword, not a field")
        if self.fields is not None and name not in self.fields:
            raise _invalid(f"filter: unknown field {name!r}")
        return name

    def factor(self) -> Predicate:
        if self.at("not"):
            self.take("not")
            inner = self.factor()
            return lambda item: not inner(item)
        if self.at("("):
            self.take("(")
            inner = self.expr()
            self.take(")")
            return inner
        token = self.peek()
        if token is not None and token.text in FUNCTIONS:
            self.take()
            self.take("(")
            name = self.field()
            self.take(",")
            value = _literal(self.take())
            self.take(")")
            if not isinstance(value, str):
                raise _invalid(f"filter: {token.text} needs a text literal")
            func = FUNCTIONS[token.text]
            return lambda item: isinstance(item.get(name), str) and func(item[name], value)
        name = self.field()
        op = self.take(kind="name").text
        if op not in COMPARISONS:
            raise _invalid(f"filter: {op!r} is not a comparison (eq ne gt ge lt le)")
        value = _literal(self.take())
        return lambda item: compare(op, item.get(name), value)


def parse_filter(text: str, fields: Collection[str] | None = None) -> Predicate:
    """A predicate over items for an OData-like filter; ``Rejection("invalid")`` on a bad expression."""
    return _Parser(text, fields).parse()


def parse_orderby(text: str, fields: Collection[str] | None = None) -> list[tuple[str, bool]]:
    """``[(field, descending), ...]`` of an orderby option; ``Rejection("invalid")`` when malformed."""
    keys = []
    for part in text.split(","):
        match = _ORDER_KEY.match(part)
        if match is None:
            raise _invalid(f"orderby: {part.strip()!r} is not `field [asc|desc]`", field="orderby")
        name = match.group(1)
        if name in KEYWORDS or (fields is not None and name not in fields):
            raise _invalid(f"orderby: unknown field {name!r}", field="orderby")
        keys.append((name, match.group(2) == "desc"))
    return keys


def sort_key(value: Any) -> tuple[int, Any]:
    """Orders null first, then booleans, numbers, instants, and text."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int | float):
        return (2, value)
    moment = _instant(value)
    if moment is not None:
        return (3, moment)
    return (4, str(value))


def apply_orderby(items: Sequence[Item], keys: Sequence[tuple[str, bool]]) -> list[Item]:
    """Items sorted by the keys, stably (the last key first)."""
    ordered = list(items)
    for name, descending in reversed(keys):
        ordered.sort(key=lambda item: sort_key(item.get(name)), reverse=descending)
    return ordered


def query(items: Sequence[Item], filter_text: str | None = None, orderby_text: str | None = None,
          fields: Collection[str] | None = None) -> list[Item]:
    """Items that pass ``filter_text``, ordered by ``orderby_text`` (both optional)."""
    selected = list(items)
    if filter_text is not None:
        predicate = parse_filter(filter_text, fields)
        selected = [item for item in selected if predicate(item)]
    if orderby_text is not None:
        selected = apply_orderby(selected, parse_orderby(orderby_text, fields))
    return selected
