"""Prose against the machine-readable document: limits, value lists, ranges, order, units, required-ness."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from conformance.lint.model import DocumentKind, LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import ORDER_WORDS, UNIT_NAME_WORDS, UNIT_PROSE_WORDS, span_keys, words
from conformance.lint.rules.page_rules import iter_rows
from conformance.lint.walk import Field, flatten, types_of, walk_operation_fields, walk_operations
from conformance.pointers import join, resolve

_BOTH: tuple[DocumentKind, ...] = ("openapi", "examples")
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
# "Maximum supported time range is 24 hours", "supports up to **365 days**", "at most 7 days".
_LIMIT = re.compile(
    r"(?:max(?:imum)?|up to|at most|no (?:more|longer) than|not exceed(?:ing)?|limit(?:ed)? to|within)"
    r"[^.\n]{0,40}?\b(\d+)\s*(second|minute|hour|day|week)s?\b", re.I)
_RANGE = re.compile(r"(?<![\w.])(-?\d+(?:\.\d+)?)\s*(?:[–—-]|to|\.\.)\s*(-?\d+(?:\.\d+)?)(?![\w.])")
_BETWEEN = re.compile(r"\bbetween\s+(-?\d+(?:\.\d+)?)\s+and\s+(-?\d+(?:\.\d+)?)", re.I)
_VALUES = re.compile(r"\b(?:supported|possible|valid|allowed|accepted|available)\s+values?\b\s*(?:are|is|include)?"
                     r"\s*:?\s*\n?\s*(?P<list>[^\n]+)", re.I)
_EMAIL = re.compile(r"\be-?mail(?:s| address(?:es)?)?\b", re.I)
_MUST = re.compile(r"\b(?:is|are)\s+(?:required|mandatory)\b|\bmust\s+be\s+(?:specified|provided|given|set|sent|"
                   r"present)\b|^\s*\(?required\)?\b|\(required\)", re.I)
_OPTIONAL = re.compile(r"^\s*\[?\(?optional\b", re.I)
_CONDITION = re.compile(r"\b(when|if|unless|only)\b", re.I)


def duration_limits(text: str) -> dict[int, str]:
    """Every maximum duration ``text`` states, in seconds, with its wording ("24 hours" -> {86400: "24 hours"})."""
    plain = text.replace("*", "").replace("\\", "")
    found: dict[int, str] = {}
    for match in _LIMIT.finditer(plain):
        number, unit = match.group(1), match.group(2).lower()
        found.setdefault(int(number) * _SECONDS[unit], f"{number} {unit}{'s' if number != '1' else ''}")
    return found


def _describe(limits: dict[int, str]) -> str:
    return ", ".join(limits[k] for k in sorted(limits))


def _window_max(op: dict[str, Any]) -> int | None:
    window = op.get("x-pbx-time-window")
    value = window.get("max_seconds") if isinstance(window, dict) else None
    return value if isinstance(value, int) else None


@rule("LINT-PROSE-LIMIT-MISMATCH",
      "Two statements of one limit disagree: the prose around a fragment, the operation's description, the "
      "window extension or a field's minimum/maximum.", applies_to=("openapi",))
def prose_limit_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    for op_pointer, _path, _method, op in walk_operations(tree):
        description = " ".join(str(op.get(k) or "") for k in ("summary", "description"))
        stated = duration_limits(description)
        around = duration_limits(document.context.get(op_pointer, ""))
        where = join(op_pointer, "description")
        if stated and around and set(stated) != set(around):
            yield where, (f"the prose around the fragment says {_describe(around)}, the operation's description "
                          f"says {_describe(stated)}")
        window = _window_max(op)
        if window is not None and stated and window not in stated:
            yield join(op_pointer, "x-pbx-time-window", "max_seconds"), (
                f"the description states a limit of {_describe(stated)}, but x-pbx-time-window allows "
                f"{window} seconds")
    for _op_pointer, _path, _op, fields in walk_operation_fields(tree):
        for item in fields:
            yield from _bound_mismatch(tree, item)


@dataclass(frozen=True)
class _Bounds:
    low: float | None
    high: float | None
    where: str  # "" for the field, "items" for an array's items


def _schema_bounds(tree: Any, item: Field) -> _Bounds | None:
    flat = flatten(tree, item.schema)
    types = types_of(flat) - {"null"}
    if types & {"integer", "number"}:
        return _Bounds(_num(flat.get("minimum")), _num(flat.get("maximum")), "")
    if types == {"array"} and isinstance(flat.get("items"), dict):
        items = flatten(tree, flat["items"])
        if types_of(items) & {"integer", "number"}:
            return _Bounds(_num(items.get("minimum")), _num(items.get("maximum")), "items")
    return None


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def stated_range(text: str) -> tuple[float, float] | None:
    """The one numeric range a description states ("(0–23)", "between 1 and 24"), or None."""
    found = {(float(a), float(b)) for a, b in _BETWEEN.findall(text)}
    found |= {(float(a), float(b)) for a, b in _RANGE.findall(text) if float(a) < float(b)}
    return next(iter(found)) if len(found) == 1 else None


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _bound_mismatch(tree: Any, item: Field) -> Iterator[tuple[str, str]]:
    bounds = _schema_bounds(tree, item)
    stated = stated_range(item.description) if bounds else None
    if bounds is None or stated is None or (bounds.low is None and bounds.high is None):
        return
    low, high = stated
    if (bounds.low is not None and bounds.low != low) or (bounds.high is not None and bounds.high != high):
        of = " items" if bounds.where else ""
        declared = f"[{_fmt(bounds.low) if bounds.low is not None else '…'}, " \
                   f"{_fmt(bounds.high) if bounds.high is not None else '…'}]"
        yield item.pointer, (f"the description of `{item.name}` states {_fmt(low)}–{_fmt(high)}, but its{of} "
                             f"minimum/maximum are {declared}")


def listed_values(text: str) -> list[str]:
    """The values a description lists after "Supported values:" (and the like)."""
    match = _VALUES.search(text)
    if not match:
        return []
    listed = re.split(r"\s*(?:,|\bor\b|\band\b|\|)\s*", match.group("list").strip().rstrip("."))
    values = [v.strip("`'\" ") for v in listed]
    return [v for v in values if v and re.fullmatch(r"[\w.+-]{1,40}", v)] if len(values) >= 2 else []


def _is_ordered_array(flat: dict[str, Any]) -> bool:
    """Whether an extension keyword declares the array's order (e.g. ``x-pbx-strictly-ascending``)."""
    return any(k.startswith("x-") and any(w in k for w in ("ascending", "descending", "order", "sorted"))
               for k in flat)


@rule("LINT-PROSE-ONLY-CONSTRAINT",
      "A description states a constraint the schema does not declare (a value list, a range, an order, e-mail "
      "addresses).", applies_to=("openapi",), severity="warning")
def prose_only_constraint(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    seen: set[str] = set()
    for _op_pointer, _path, _op, fields in walk_operation_fields(tree):
        for item in fields:
            if item.pointer in seen or not item.description:
                continue
            seen.add(item.pointer)
            flat = flatten(tree, item.schema)
            types = types_of(flat) - {"null"}
            listed = listed_values(item.description)
            if listed and "enum" not in flat and "const" not in flat and not (types & {"object", "array"}):
                yield item.pointer, (f"the description lists the values {', '.join(listed)} for `{item.name}`, "
                                     f"but its schema has no enum")
            bounds = _schema_bounds(tree, item)
            stated = stated_range(item.description)
            if bounds and stated and bounds.low is None and bounds.high is None:
                of = " items" if bounds.where else ""
                yield item.pointer, (f"the description of `{item.name}` states the range {_fmt(stated[0])}–"
                                     f"{_fmt(stated[1])}, but its{of} schema has no minimum or maximum")
            if types == {"array"} and set(words(item.description)) & ORDER_WORDS and not _is_ordered_array(flat):
                yield item.pointer, (f"the description of `{item.name}` requires an order of its values, which "
                                     f"the schema cannot say (no extension declares it)")
            if types == {"string"} and _EMAIL.search(item.description) and not (
                    flat.get("format") in ("email", "idn-email") or flat.get("pattern")):
                yield item.pointer, (f"the description says `{item.name}` holds e-mail addresses, but its schema "
                                     f"has neither an e-mail format nor a pattern")


@rule("LINT-LIMIT-DRIFT",
      "Operations taking the same kind of window state a maximum range, and one of them states none.",
      applies_to=("openapi",), severity="warning")
def limit_drift(document: LintDocument) -> Iterator[tuple[str, str]]:
    groups: dict[tuple[str, str, str, str], list[tuple[str, bool]]] = defaultdict(list)
    for op_pointer, path, op, fields in walk_operation_fields(document.tree):
        area = "/".join([s for s in path.split("/") if s and not s.startswith("{")][:2])
        by_name = {f.name: f for f in fields if f.where in ("property", "query")}
        for early, late in span_keys({name: None for name in by_name}):
            signature = (area, early, late, " ".join(words(by_name[early].description)))
            limited = bool(duration_limits(f"{op.get('summary') or ''} {op.get('description') or ''}")
                           or _window_max(op) is not None or duration_limits(document.context.get(op_pointer, "")))
            groups[signature].append((op_pointer, limited))
            break
    for (_area, early, late, _text), ops in groups.items():
        with_limit = [p for p, has in ops if has]
        if len(ops) < 3 or len(with_limit) < 2:
            continue
        for op_pointer, has in ops:
            if not has:
                yield join(op_pointer, "description"), (
                    f"{len(with_limit)} other operations taking the same `{early}`/`{late}` window state a maximum "
                    f"range; this one states none")


def _parent_required(tree: Any, item: Field) -> bool | None:
    """Whether the schema holding a property lists it as required (None when it cannot tell)."""
    if item.where != "property":
        return None
    parent_pointer = item.pointer.rsplit("/properties/", 1)[0]
    try:
        parent = resolve(tree, parent_pointer)
    except KeyError:
        return None
    required = flatten(tree, parent).get("required")
    return item.name in required if isinstance(required, list) else False


@rule("LINT-PROSE-REQUIRED-MISMATCH",
      "A description says a field must be given (or is optional), but the schema's `required` says otherwise.",
      applies_to=_BOTH, severity="warning")
def prose_required_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    if document.kind == "examples":
        for pointer, row, _table in iter_rows(document):
            text = row.get("description") or ""
            if row.get("required") == "yes" and _OPTIONAL.search(text):
                yield pointer, f"`{row['name']}` is marked required, but its description calls it optional"
            elif row.get("required") == "no" and _MUST.search(text) and not _CONDITION.search(text):
                yield pointer, f"`{row['name']}` is marked optional, but its description says it must be given"
        return
    tree = document.tree
    seen: set[str] = set()
    for _op_pointer, _path, _op, fields in walk_operation_fields(tree):
        for item in fields:
            if item.pointer in seen:
                continue
            seen.add(item.pointer)
            required = _parent_required(tree, item)
            if item.where in ("query", "header", "path", "cookie"):
                try:
                    required = bool(resolve(tree, item.pointer).get("required"))
                except (KeyError, AttributeError):
                    required = None
            if required is None:
                continue
            text = item.description
            if not required and _MUST.search(text):
                condition = _CONDITION.search(text)
                kind = "only under a condition the schema cannot state" if condition else "but it is not required"
                yield item.pointer, f"the description says `{item.name}` must be given, {kind}"
            elif required and _OPTIONAL.search(text):
                yield item.pointer, f"`{item.name}` is required, but its description calls it optional"


def _unit_of_name(name: str) -> str | None:
    ws = words(name)
    return UNIT_NAME_WORDS.get(ws[-1]) if len(ws) > 1 else None


def _units_in(text: str) -> set[str]:
    return {UNIT_PROSE_WORDS[w] for w in words(text) if w in UNIT_PROSE_WORDS}


def _unit_fields(document: LintDocument) -> Iterator[tuple[str, str, str, set[str]]]:
    """(pointer, name, description, JSON types) of every field of an OpenAPI document or a page's tables."""
    if document.kind == "examples":
        for pointer, row, _table in iter_rows(document):
            types = {row["type"]} if row.get("type") else set()
            yield pointer, row["name"], row.get("description") or "", types
        return
    tree = document.tree
    seen: set[str] = set()
    for _op_pointer, _path, _op, fields in walk_operation_fields(tree):
        for item in fields:
            if item.pointer not in seen:
                seen.add(item.pointer)
                flat = flatten(tree, item.schema)
                kinds = {"enum"} if "enum" in flat else types_of(flat) - {"null"}  # an enum is a category
                yield item.pointer, item.name, item.description, kinds


@rule("LINT-UNIT-MISMATCH", "A field's name and its description give different units (`wait_sec` 'in minutes').",
      applies_to=_BOTH)
def unit_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, name, description, _types in _unit_fields(document):
        named = _unit_of_name(name)
        said = _units_in(description)
        if named and len(said) == 1 and named not in said:
            yield pointer, f"`{name}` names {named} but its description measures it in {next(iter(said))}"


_UNIT_STATEMENT = re.compile(
    r"\(?\bunit\s*:\s*(\w+)|\b(?:in|number of)\s+(milliseconds?|seconds?|minutes?|hours?|days?)\b", re.I)


@rule("LINT-QUANTITY-AS-STRING", "A field measured in a unit (seconds, minutes...) is typed as a string.",
      applies_to=_BOTH, severity="warning")
def quantity_as_string(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, name, description, types in _unit_fields(document):
        statement = _UNIT_STATEMENT.search(description)
        if types == {"string"} and statement and _units_in(statement.group(0)):
            yield pointer, (f"`{name}` is measured in {next(iter(_units_in(statement.group(0))))} "
                            f"('{statement.group(0).strip('( ')}') but typed as a string")
