"""PortSIP's OData-like query options without ``$``: ``filter`` and ``orderby`` read once, judged two ways.

Filter grammar (keywords lower case)::

    expr    := term ("or" term)*
    term    := factor ("and" factor)*
    factor  := "not" factor | "(" expr ")" | func "(" field "," 'text' ")" | field op literal
    op      := eq | ne | gt | ge | lt | le
    func    := startswith | endswith | contains
    literal := 'text' ('' inside is a quote) | number | true | false | null

``orderby`` is ``field [asc|desc]`` (comma-separated for several keys). A keyword is never a field; given
the known ``fields``, an unknown field is an error too. Every error raises ``Unreadable``.

A parsed filter is a small tree with two readings:

- ``evaluate`` (the simulator, exact): two RFC 3339-like texts compare as instants, numbers as numbers, text
  as text; values of different kinds are unequal and unordered; a field the item lacks reads as ``null``.
- ``judge`` (the checks, tolerant): True, False or None (cannot tell), decided only where every sane server
  agrees: numbers against numbers, RFC 3339 instants against instants, ``null`` tests, and text that differs
  even ignoring case. Text ordering, mixed kinds, fields the item lacks and ``ne`` on a blank value are left
  open; ``and``/``or``/``not`` combine the three values (Kleene logic).

Sort keys likewise: ``apply_orderby`` sorts exactly (null first, then booleans, numbers, instants, text);
``in_order`` tells whether two neighbours are in order only on numbers and RFC 3339 instants.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from conformance import timefmt

Item = Mapping[str, Any]
Verdict = bool | None
OrderKeys = list[tuple[str, bool]]

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
CONSTANTS: dict[str, Any] = {"true": True, "false": False, "null": None}
KEYWORDS = frozenset({"and", "or", "not", *CONSTANTS, *COMPARISONS, *FUNCTIONS})
_ORDER_KEY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$")
_MISSING = object()


class Unreadable(ValueError):
    """The text is outside the grammar; ``option`` names the query option (``filter`` or ``orderby``)."""

    def __init__(self, message: str, option: Literal["filter", "orderby"] = "filter") -> None:
        super().__init__(message)
        self.option = option


# -- the tree ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """``field op literal``."""

    field: str
    op: str
    literal: Any


@dataclass(frozen=True)
class Function:
    """``func(field, 'text')``."""

    name: str
    field: str
    text: str


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class Junction:
    """``and`` or ``or`` (``op``) of two or more operands."""

    op: str
    operands: tuple[Node, ...]


Node = Comparison | Function | Not | Junction


# -- reading ---------------------------------------------------------------------------------------------------
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
            raise Unreadable(f"filter: unexpected text at position {pos}: {text[pos:pos + 20]!r}")
        kind = match.lastgroup or "punct"
        found.append(_Token(kind, match.group(kind)))
        pos = match.end()
    return found


def _literal(token: _Token) -> Any:
    if token.kind == "string":
        return token.text[1:-1].replace("''", "'")
    if token.kind == "number":
        return float(token.text) if any(c in token.text for c in ".eE") else int(token.text)
    if token.kind == "name" and token.text in CONSTANTS:
        return CONSTANTS[token.text]
    raise Unreadable(f"filter: {token.text!r} is not a literal")


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
            raise Unreadable(f"filter: ended early, expected {text or kind}")
        if (text is not None and token.text != text) or (kind is not None and token.kind != kind):
            raise Unreadable(f"filter: expected {text or kind}, found {token.text!r}")
        self.pos += 1
        return token

    def at(self, text: str) -> bool:
        token = self.peek()
        return token is not None and token.kind in ("name", "punct") and token.text == text

    def parse(self) -> Node:
        if not self.tokens:
            raise Unreadable("filter is empty")
        node = self.expr()
        token = self.peek()
        if token is not None:
            raise Unreadable(f"filter: unexpected {token.text!r}")
        return node

    def expr(self) -> Node:
        return self.joined("or", self.term)

    def term(self) -> Node:
        return self.joined("and", self.factor)

    def joined(self, word: str, part: Callable[[], Node]) -> Node:
        """``part (word part)*``: one operand as it is, several as a ``Junction``."""
        operands = [part()]
        while self.at(word):
            self.take(word)
            operands.append(part())
        return operands[0] if len(operands) == 1 else Junction(word, tuple(operands))

    def field(self) -> str:
        name = self.take(kind="name").text
        if name in KEYWORDS:
            raise Unreadable(f"filter: {name!r} is a keyword, not a field")
        if self.fields is not None and name not in self.fields:
            raise Unreadable(f"filter: unknown field {name!r}")
        return name

    def factor(self) -> Node:
        if self.at("not"):
            self.take("not")
            return Not(self.factor())
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
                raise Unreadable(f"filter: {token.text} needs a text literal")
            return Function(token.text, name, value)
        name = self.field()
        op = self.take(kind="name").text
        if op not in COMPARISONS:
            raise Unreadable(f"filter: {op!r} is not a comparison (eq ne gt ge lt le)")
        return Comparison(name, op, _literal(self.take()))


def parse_filter(text: str, fields: Collection[str] | None = None) -> Node:
    """The tree of a filter expression; ``Unreadable`` when it is outside the grammar."""
    return _Parser(text, fields).parse()


def parse_orderby(text: str, fields: Collection[str] | None = None) -> OrderKeys:
    """``[(field, descending), ...]`` of an orderby option; ``Unreadable`` when malformed."""
    keys = []
    for part in text.split(","):
        match = _ORDER_KEY.match(part)
        if match is None:
            raise Unreadable(f"orderby: {part.strip()!r} is not `field [asc|desc]`", "orderby")
        name = match.group(1)
        if name in KEYWORDS or (fields is not None and name not in fields):
            raise Unreadable(f"orderby: unknown field {name!r}", "orderby")
        keys.append((name, match.group(2) == "desc"))
    return keys


# -- values ----------------------------------------------------------------------------------------------------
def instant(value: Any) -> datetime | None:
    """A strict RFC 3339 text as an aware datetime, else None."""
    if not isinstance(value, str):
        return None
    try:
        return timefmt.parse_rfc3339(value)
    except ValueError:
        return None


def _lenient_instant(value: Any) -> datetime | None:
    """An ISO date-time with a ``T``/space separator and a UTC offset, as an aware datetime, else None."""
    if not isinstance(value, str) or len(value) < 20 or value[10] not in "Tt ":
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# -- exact evaluation (the simulator) --------------------------------------------------------------------------
def _comparable(left: Any, right: Any) -> tuple[Any, Any] | None:
    """The two values in one comparable kind, or None when they are of different kinds."""
    if left is None or right is None:
        return None
    if isinstance(left, bool) or isinstance(right, bool):
        return (left, right) if isinstance(left, bool) and isinstance(right, bool) else None
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left, right
    a, b = _lenient_instant(left), _lenient_instant(right)
    if a is not None and b is not None:
        return a, b
    if isinstance(left, str) and isinstance(right, str):
        return left, right
    return None


def _compare(op: str, left: Any, right: Any) -> bool:
    """``left op right`` exactly: null equals only null; values of different kinds are unequal and unordered."""
    if op in ("eq", "ne") and (left is None or right is None):
        return (left is None and right is None) == (op == "eq")
    pair = _comparable(left, right)
    if pair is None:
        return op == "ne"
    return COMPARISONS[op](*pair)


def evaluate(node: Node, item: Item) -> bool:
    """Whether ``item`` satisfies the filter (a field it lacks reads as ``null``)."""
    match node:
        case Comparison(field, op, literal):
            return _compare(op, item.get(field), literal)
        case Function(name, field, text):
            value = item.get(field)
            return isinstance(value, str) and FUNCTIONS[name](value, text)
        case Not(operand):
            return not evaluate(operand, item)
        case Junction(op, operands):
            return (all if op == "and" else any)(evaluate(o, item) for o in operands)
    raise TypeError(f"not a filter node: {node!r}")


def sort_key(value: Any) -> tuple[int, Any]:
    """Orders null first, then booleans, numbers, instants, and text."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int | float):
        return (2, value)
    moment = _lenient_instant(value)
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
    """Items that pass ``filter_text``, ordered by ``orderby_text`` (both optional); ``Unreadable`` on either."""
    selected = list(items)
    if filter_text is not None:
        node = parse_filter(filter_text, fields)
        selected = [item for item in selected if evaluate(node, item)]
    if orderby_text is not None:
        selected = apply_orderby(selected, parse_orderby(orderby_text, fields))
    return selected


# -- tolerant judgement (the checks) ---------------------------------------------------------------------------
def _judge_comparison(op: str, value: Any, literal: Any) -> Verdict:
    """``value op literal`` where every server agrees, else None (``value`` may be missing)."""
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
        if _lenient_instant(value) is not None or _lenient_instant(literal) is not None:
            return None  # a server may read a date-time written another way as the same instant
        return None if value.casefold() == literal.casefold() else op == "ne"
    else:
        pair = None
    return None if pair is None else COMPARISONS[op](*pair)


def _judge_function(name: str, value: Any, text: str) -> Verdict:
    """``name(value, text)`` where every server agrees (a match only ignoring case cannot be told)."""
    if value is _MISSING:
        return None
    if value is None:
        return False
    if not isinstance(value, str):
        return None
    if FUNCTIONS[name](value, text):
        return True
    return None if FUNCTIONS[name](value.casefold(), text.casefold()) else False


def _all(verdicts: list[Verdict]) -> Verdict:
    return False if False in verdicts else (True if all(v is True for v in verdicts) else None)


def _any(verdicts: list[Verdict]) -> Verdict:
    return True if True in verdicts else (False if all(v is False for v in verdicts) else None)


def judge(node: Node, item: Item) -> Verdict:
    """Whether ``item`` satisfies the filter: True, False, or None where servers may differ."""
    match node:
        case Comparison(field, op, literal):
            return _judge_comparison(op, item.get(field, _MISSING), literal)
        case Function(name, field, text):
            return _judge_function(name, item.get(field, _MISSING), text)
        case Not(operand):
            verdict = judge(operand, item)
            return None if verdict is None else not verdict
        case Junction(op, operands):
            return (_all if op == "and" else _any)([judge(o, item) for o in operands])
    raise TypeError(f"not a filter node: {node!r}")


def _rank(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 where every server agrees (numbers, instants), else None."""
    if _number(a) and _number(b):
        pair: tuple[Any, Any] = (a, b)
    elif instant(a) is not None and instant(b) is not None:
        pair = (instant(a), instant(b))
    else:
        return None
    return (pair[0] > pair[1]) - (pair[0] < pair[1])


def in_order(first: Item, second: Item, keys: Sequence[tuple[str, bool]]) -> Verdict:
    """Whether ``first`` may precede ``second`` under ``keys`` (None when it cannot be told)."""
    for name, descending in keys:
        rank = _rank(first.get(name), second.get(name))
        if rank is None:
            return None
        if rank != 0:
            return (rank < 0) != descending
    return True


def partition_problems(name: str, shown: str, whole: int, equal_count: int, other_count: int,
                       equal: Sequence[Item], sample: Item, page: int = 100) -> list[str]:
    """What keeps ``name eq X`` and ``name ne X`` (``shown``: X as written) from partitioning a list of ``whole``
    items: counts that do not add up, or ``sample`` (an item with that value) missing from the eq list when that
    list fits one ``page``."""
    problems = []
    if equal_count + other_count != whole:
        problems.append(f"{name} eq {shown} holds {equal_count}, ne {other_count}: not the {whole} items")
    if equal_count <= page and sample.get("id") not in {i.get("id") for i in equal}:
        problems.append(f"{name} eq {shown} leaves out item {sample.get('id')}, which has that value")
    return problems

