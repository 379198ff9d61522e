"""Percentages typed as integers, and count-named fields described as percentages."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import COUNT_NAMES, PERCENT_NAMES, PERCENT_PROSE_NAMES, words
from conformance.lint.walk import Field, flatten, types_of, walk_fields

_PERCENT_PROSE = re.compile(r"\bper ?cent(age)?s?\b|%", re.I)
_COUNT_PROSE = re.compile(r"\b(number|count|total) of\b", re.I)


def _parent(pointer: str) -> str:
    return pointer.rsplit("/properties/", 1)[0] if "/properties/" in pointer else pointer


def _count_siblings(item: Field, siblings: list[Field]) -> list[str]:
    """Siblings sharing the first word of ``item``'s name (``cb_ok`` for ``cb_fail``) described as counts."""
    stem = words(item.name)
    if len(stem) < 2:
        return []
    return [s.name for s in siblings if s is not item and words(s.name)[:1] == stem[:1]
            and _COUNT_PROSE.search(s.description) and not _PERCENT_PROSE.search(s.description)]


def _count_hint(name: str, counts: list[str]) -> str:
    if counts:
        return f", while its name and its sibling `{counts[0]}` (a count) read as a count"
    return f", while its name `{name}` reads as a count"


def _verdict(item: Field, types: set[str], siblings: list[Field]) -> str | None:
    name_words = set(words(item.name))
    described = bool(_PERCENT_PROSE.search(item.description))
    named = bool(name_words & PERCENT_NAMES or (name_words & PERCENT_PROSE_NAMES and described))
    counts = _count_siblings(item, siblings)
    count_like = bool(counts) or bool(name_words & COUNT_NAMES and not name_words & PERCENT_NAMES)
    if types == {"integer"} and (named or described):
        reasons = " and ".join(r for r, on in (("its name says percentage", named),
                                               ("its description calls it a percentage", described)) if on)
        hint = _count_hint(item.name, counts) if described and count_like else ""
        return f"`{item.name}` is integer but {reasons}{hint}: a percentage needs a number"
    if described and not named and count_like and types & {"number", "integer"}:
        return f"`{item.name}` is described as a percentage{_count_hint(item.name, counts)}"
    return None


@rule(
    "LINT-PERCENT-INTEGER",
    "A percentage is typed integer, or a count-named field is described as a percentage.",
)
def percent_integer(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    fields: dict[str, Field] = {}
    for _op_pointer, _op, item in walk_fields(tree):
        fields.setdefault(item.pointer, item)
    siblings: dict[str, list[Field]] = defaultdict(list)
    for item in fields.values():
        siblings[_parent(item.pointer)].append(item)
    for item in fields.values():
        types = types_of(flatten(tree, item.schema)) - {"null"}
        message = _verdict(item, types, siblings[_parent(item.pointer)])
        if message:
            yield item.pointer, message
