"""Prose that contradicts the schema it describes: demands a type cannot carry, names that do not exist."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import squash
from conformance.lint.walk import Field, flatten, types_of, walk_operation_fields, walk_operation_parameters
from conformance.pointers import join

# Prose asking for a timezone or UTC offset (a demand word and a timezone word in one sentence).
_TIMEZONE = re.compile(r"time ?zone|utc offset|offset from utc|[+-]\d{2}:\d{2}\b", re.I)
_DEMAND = re.compile(r"\b(must|required|requires|shall|include|includes|including|mandatory)\b", re.I)
# Prose naming a textual date-time notation, and prose naming a numeric epoch.
_TEXT_DATE = re.compile(r"rfc ?3339|iso ?8601|date-time notation|\bdate[-_ ]time format", re.I)
_EPOCH = re.compile(r"unix (time|timestamp)|epoch|seconds since 1970", re.I)
# Prose saying the value is a list (but not a delimited string).
_LIST = re.compile(r"^\s*(an? )?(array|list) of\b", re.I)
_DELIMITED = re.compile(r"separat|delimit|comma|semicolon", re.I)
_BACKTICKED = re.compile(r"`([^`\s]+)`")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_SCALARS = frozenset({"integer", "number", "boolean"})


def _type_of(tree: Any, item: Field) -> tuple[set[str], str | None]:
    flat = flatten(tree, item.schema)
    fmt = flat.get("format")
    return types_of(flat) - {"null"}, fmt if isinstance(fmt, str) else None


def _demands_timezone(text: str) -> bool:
    return any(_TIMEZONE.search(s) and _DEMAND.search(s) for s in _SENTENCE.split(text))


def _own_mismatch(types: set[str], fmt: str | None, text: str) -> str | None:
    if types and types <= _SCALARS and _demands_timezone(text):
        return "its description asks for a timezone/UTC offset"
    if types and types <= _SCALARS and _TEXT_DATE.search(text):
        return "its description gives a textual date-time notation"
    if types == {"string"} and fmt in ("date-time", "date") and _EPOCH.search(text):
        return "its description calls it a Unix timestamp"
    if types and types <= _SCALARS | {"string"} and _LIST.search(text) and not _DELIMITED.search(text):
        return "its description calls it an array/list"
    return None


@rule(
    "LINT-DESCRIPTION-TYPE-MISMATCH",
    "Prose demands something the field's type cannot carry (a timezone on an integer, a list on a scalar...).",
)
def description_type_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    for op_pointer, _path, op, fields in walk_operation_fields(tree):
        for item in fields:
            types, fmt = _type_of(tree, item)
            reason = _own_mismatch(types, fmt, item.description)
            if reason:
                yield item.pointer, f"`{item.name}` is {'/'.join(sorted(types))} but {reason}"
        # Operation prose naming fields in backticks next to a timezone demand.
        by_name = {f.name: f for f in fields}
        description = op.get("description")
        for sentence in _SENTENCE.split(description if isinstance(description, str) else ""):
            if not _demands_timezone(sentence):
                continue
            for name in dict.fromkeys(_BACKTICKED.findall(sentence)):
                named = by_name.get(name)
                if named is None:
                    continue
                types, _fmt = _type_of(tree, named)
                if types and types <= _SCALARS:
                    yield named.pointer, (
                        f"operation prose ({join(op_pointer, 'description')}) requires a timezone for "
                        f"`{name}`, but it is {'/'.join(sorted(types))} and cannot carry one"
                    )


# A spelling of a parameter in prose: `code`, $name / @name, or name=value.
_MENTION = re.compile(r"`([^`]+)`|(?<![\w$@])([$@][A-Za-z_][\w.-]*(?:=[^\s,;)]+)?)|(?<![\w$@])([A-Za-z_][\w.-]*)(?==)")


def _mentions(text: str) -> Iterator[tuple[str, str]]:
    """(spelling, as written) for every code-like name in ``text``."""
    for match in _MENTION.finditer(text):
        written = match.group(0)
        name = re.split(r"[=\s(]", (match.group(1) or match.group(2) or match.group(3)).strip(), maxsplit=1)[0]
        if name:
            yield name, written


@rule(
    "LINT-PARAM-NAME-PROSE-MISMATCH",
    "A parameter's description spells the parameter in a way that does not exist (e.g. `$count` for `count`).",
)
def param_name_prose_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    for _op_pointer, _op, params in walk_operation_parameters(document.tree):
        names = {param["name"] for _p, param in params}
        for pointer, param in params:
            text = param.get("description")
            if not isinstance(text, str):
                continue
            for spelling, written in _mentions(text):
                if spelling != param["name"] and spelling not in names and squash(spelling) == squash(param["name"]):
                    yield join(pointer, "description"), (
                        f"the description of parameter `{param['name']}` writes `{written.strip('`')}`, "
                        f"but this operation has no parameter `{spelling}`"
                    )
