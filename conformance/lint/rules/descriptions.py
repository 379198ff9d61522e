"""Descriptions that say nothing: copied between fields, value lists without explanations, wrappers."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.walk import walk_all_schemas
from conformance.pointers import join

_MIN_WORDS = 3
# Keywords that only annotate: a one-part allOf carrying nothing else is a bare wrapper.
_ANNOTATIONS = frozenset({"description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly",
                          "default", "$comment"})


def _normal(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


@rule("LINT-DESCRIPTION-DUPLICATE", "Two properties of one object carry the same description.", severity="warning")
def description_duplicate(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, schema in walk_all_schemas(document.tree):
        props = schema.get("properties")
        if not isinstance(props, dict):
            continue
        by_text: dict[str, list[str]] = defaultdict(list)
        for name, sub in props.items():
            text = sub.get("description") if isinstance(sub, dict) else None
            if isinstance(text, str) and len(text.split()) >= _MIN_WORDS:
                by_text[_normal(text)].append(name)
        for names in by_text.values():
            for name in names[1:]:
                yield join(pointer, "properties", name), (
                    f"`{name}` has the same description as `{names[0]}` ('{names[0]}' and '{name}' cannot both be it)")


# "- `VALUE`:" at the end of a line: a listed value with nothing explaining it.
_EMPTY_ITEM = re.compile(r"^\s*[-*•]\s*`?([A-Za-z0-9_]+)`?\s*:\s*$", re.M)


@rule("LINT-EMPTY-VALUE-DESCRIPTION", "A description lists values with empty explanations (`- VALUE:` and nothing).",
      severity="warning")
def empty_value_description(document: LintDocument) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for pointer, schema in walk_all_schemas(document.tree):
        text = schema.get("description")
        where = join(pointer, "description")
        if not isinstance(text, str) or where in seen:
            continue
        seen.add(where)
        empty = _EMPTY_ITEM.findall(text)
        if empty:
            shown = ", ".join(empty[:4]) + (f" and {len(empty) - 4} more" if len(empty) > 4 else "")
            yield where, f"the description lists {shown} with empty explanations"


@rule("LINT-SINGLE-ALLOF", "An `allOf` wraps a single schema (a wrapper that only adds a second description).",
      severity="warning")
def single_allof(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, schema in walk_all_schemas(document.tree):
        parts = schema.get("allOf")
        others = {k for k in schema if k != "allOf" and k not in _ANNOTATIONS and not k.startswith("x-")}
        if isinstance(parts, list) and len(parts) == 1 and not others:
            inner = parts[0].get("description") if isinstance(parts[0], dict) else None
            outer = schema.get("description")
            differs = isinstance(inner, str) and isinstance(outer, str) and _normal(inner) != _normal(outer)
            note = " and the two descriptions differ" if differs else ""
            yield join(pointer, "allOf"), f"`allOf` holds one schema{note}: the wrapper adds nothing a reader can use"
