"""One name, several definitions: enums, types, spellings and path parameters that drift across operations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, TypeVar

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import GENERIC_ENUM_VALUES, WIDTH_FORMATS, canonical, squash, words
from conformance.lint.walk import (
    CONDITIONS,
    Field,
    flatten,
    operation_label,
    operation_roots,
    types_of,
    walk_fields,
    walk_operation_fields,
    walk_operations,
    walk_schema_refs,
)
from conformance.pointers import join

_MAX_LISTED = 4
K = TypeVar("K", bound=Hashable)
Signature = tuple[str, str | None]


@dataclass(frozen=True)
class _Use:
    """One field of one operation, its schema flattened."""

    op: str
    field: Field
    flat: dict[str, Any]


def _uses(tree: Any) -> list[_Use]:
    uses: list[_Use] = []
    for op_pointer, op, item in walk_fields(tree):
        uses.append(_Use(operation_label(op_pointer, op), item, flatten(tree, item.schema)))
    return uses


def _ops(uses: Iterable[_Use]) -> str:
    names = list(dict.fromkeys(u.op for u in uses))
    shown = ", ".join(names[:_MAX_LISTED])
    return shown + (f" and {len(names) - _MAX_LISTED} more" if len(names) > _MAX_LISTED else "")


def _by_votes(groups: Mapping[K, list[_Use]]) -> list[K]:
    """Group keys, most operations first (ties: first seen first)."""
    order = list(groups)
    return sorted(order, key=lambda k: (-len({u.op for u in groups[k]}), order.index(k)))


def _once(uses: Iterable[_Use]) -> Iterator[_Use]:
    seen: set[str] = set()
    for use in uses:
        if use.field.pointer not in seen:
            seen.add(use.field.pointer)
            yield use


# --- LINT-ENUM-DRIFT -----------------------------------------------------------------------------


def _enum(flat: dict[str, Any]) -> frozenset[str] | None:
    values = flat.get("enum")
    if values is None and isinstance(flat.get("items"), dict):
        values = flat["items"].get("enum")
    if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
        return frozenset(values)
    return None


@rule("LINT-ENUM-DRIFT", "The same field name carries different enum sets in different operations.")
def enum_drift(document: LintDocument) -> Iterator[tuple[str, str]]:
    by_name: dict[str, dict[frozenset[str], list[_Use]]] = defaultdict(lambda: defaultdict(list))
    for use in _uses(document.tree):
        found = _enum(use.flat)
        if found is not None:
            by_name[use.field.name][found].append(use)
    names_of_set: dict[frozenset[str], set[str]] = defaultdict(set)
    for name, groups in by_name.items():
        for values in groups:
            names_of_set[values].add(name)
    for name, groups in by_name.items():
        if len(groups) < 2:
            continue
        reference, *others = _by_votes(groups)
        where = f"{sorted(reference)} in {_ops(groups[reference])}"
        for values in others:
            shared = (values & reference) - GENERIC_ENUM_VALUES
            lacks, adds = sorted(reference - values), sorted(values - reference)
            if shared:
                detail = "; ".join(p for p in (f"lacks {', '.join(lacks)}" if lacks else "",
                                               f"adds {', '.join(adds)}" if adds else "") if p)
                message = f"`{name}` enum here is {sorted(values)} ({detail}) but {where}"
            else:
                borrowed = sorted(names_of_set[values] - {name})
                if not borrowed:
                    continue  # a different concept that happens to share the name
                message = (f"`{name}` enum here is {sorted(values)}, the enum of `{borrowed[0]}`, "
                           f"but {where}")
            for use in _once(groups[values]):
                yield use.field.pointer, message


# --- LINT-FIELD-TYPE-DRIFT -----------------------------------------------------------------------


def _scalar(flat: dict[str, Any]) -> Signature | None:
    types = types_of(flat) - {"null"}
    if len(types) != 1 or types & {"array", "object"}:
        return None
    fmt = flat.get("format")
    return next(iter(types)), fmt if isinstance(fmt, str) else None


def _describe(signature: Signature) -> str:
    kind, fmt = signature
    return f"{kind}/{fmt}" if fmt else f"{kind} without format"


_STOPWORDS = frozenset({"the", "and", "for", "with", "from", "this", "that", "which", "when", "are", "its", "not",
                        "all", "any", "one", "per", "into", "than", "was", "has", "have", "will", "use", "used"})


def _content_words(text: str) -> set[str]:
    return {w for w in words(text) if len(w) > 2 and w not in _STOPWORDS and not w.isdigit()}


def _same_concept(use: _Use, others: list[_Use]) -> bool:
    """False when both sides are described and the descriptions share no content word."""
    mine = _content_words(use.field.description)
    theirs = set().union(*(_content_words(u.field.description) for u in others))
    return not mine or not theirs or bool(mine & theirs)


def _format_conflict(mine: str | None, theirs: str | None) -> bool:
    if mine and theirs:
        return mine != theirs
    present = mine or theirs
    return present is not None and present not in WIDTH_FORMATS


@rule(
    "LINT-FIELD-TYPE-DRIFT",
    "The same field name is typed or formatted differently across operations.",
)
def field_type_drift(document: LintDocument) -> Iterator[tuple[str, str]]:
    # Parameters are compared with parameters and properties with properties: a `count` flag in the
    # query and a `count` total in the body are different things. Path parameters have their own rule.
    uses = _uses(document.tree)
    yield from _shape_drift(uses)
    by_name: dict[tuple[str, bool], list[tuple[Signature, _Use]]] = defaultdict(list)
    for use in uses:
        signature = _scalar(use.flat)
        if signature is not None and use.field.where != "path":
            by_name[(use.field.name, use.field.where == "property")].append((signature, use))
    for (name, _is_property), entries in by_name.items():
        by_type: dict[str, list[_Use]] = defaultdict(list)
        for (kind, _fmt), use in entries:
            by_type[kind].append(use)
        main_type, *other_types = _by_votes(by_type)
        for kind in other_types:
            for use in _once(by_type[kind]):
                if _enum(use.flat) is not None or any(_enum(u.flat) is not None for u in by_type[main_type]):
                    continue  # an enum is a category, not the same value typed differently
                if not _same_concept(use, by_type[main_type]):
                    continue  # one name, two unrelated concepts (a caller `from`, a window `from`)
                yield use.field.pointer, (
                    f"`{name}` is {kind} here but {main_type} in {_ops(by_type[main_type])}"
                )
        by_format: dict[Signature, list[_Use]] = defaultdict(list)
        for signature, use in entries:
            if signature[0] == main_type:
                by_format[signature].append(use)
        ranked = _by_votes(by_format)
        reference = ranked[0]
        if reference[1] is None:
            # plain majority: report the minority that claims a value format
            reference = next((f for f in ranked if f[1] and f[1] not in WIDTH_FORMATS), reference)
        for signature in ranked:
            if signature == reference or not _format_conflict(signature[1], reference[1]):
                continue
            for use in _once(by_format[signature]):
                if not _same_concept(use, by_format[reference]):
                    continue
                yield use.field.pointer, (
                    f"`{name}` is {_describe(signature)} here but "
                    f"{_describe(reference)} in {_ops(by_format[reference])}"
                )


def _shape(flat: dict[str, Any]) -> str | None:
    """``array``, ``object`` or ``value`` (any scalar) for a schema declaring one JSON type, else None."""
    types = types_of(flat) - {"null"}
    if len(types) != 1:
        return None
    kind = next(iter(types))
    return kind if kind in ("array", "object") else "value"


_SHAPE_WORDS = {"array": "an array", "object": "an object", "value": "a single value"}


def _shape_drift(uses: list[_Use]) -> Iterator[tuple[str, str]]:
    """Properties of one name that are an array (a collection) in some places and an object (one record) in others."""
    by_name: dict[str, dict[str, list[_Use]]] = defaultdict(lambda: defaultdict(list))
    for use in uses:
        shape = _shape(use.flat)
        if shape is not None and use.field.where == "property":
            by_name[use.field.name][shape].append(use)
    for name, shapes in by_name.items():
        if "array" not in shapes or "object" not in shapes:
            continue  # a collection in one place and a single record in another
        main, *others = _by_votes({k: v for k, v in shapes.items() if k != "value"})
        for shape in others:
            for use in _once(shapes[shape]):
                yield use.field.pointer, (f"`{name}` is {_SHAPE_WORDS[shape]} here but {_SHAPE_WORDS[main]} in "
                                          f"{_ops(shapes[main])}")


# --- LINT-FIELD-NAME-DRIFT -----------------------------------------------------------------------


def _related(a: str, b: str) -> bool:
    """Two names that plausibly spell one concept (shared word, containment, or close spelling)."""
    sa, sb = squash(a), squash(b)
    if min(len(sa), len(sb)) < 3:
        return False
    shared = set(words(a)) & set(words(b))
    return bool(shared) or sa in sb or sb in sa or SequenceMatcher(None, sa, sb).ratio() >= 0.75


def _property_sets(tree: Any) -> Iterator[tuple[str, str, frozenset[str]]]:
    """(operation, object pointer, property names) for every object schema of every operation."""
    for op_pointer, _path, _method, op in walk_operations(tree):
        label = operation_label(op_pointer, op)
        seen: set[str] = set()
        for root_pointer, root in operation_roots(tree, op_pointer, op):
            for pointer, schema in walk_schema_refs(tree, root, root_pointer, seen, CONDITIONS):
                props = schema.get("properties")
                if isinstance(props, dict) and len(props) > 1:
                    yield label, pointer, frozenset(props)


@rule(
    "LINT-FIELD-NAME-DRIFT",
    "One concept is spelled two ways across operations (e.g. `zipcode` and `zip_code`, `owner_id` and `owner_uuid`).",
)
def field_name_drift(document: LintDocument) -> Iterator[tuple[str, str]]:
    uses = _uses(document.tree)
    key_of = _spelling_keys([use.field.name for use in uses])
    by_key: dict[str, dict[str, list[_Use]]] = defaultdict(lambda: defaultdict(list))
    for use in uses:
        by_key[key_of[use.field.name]][use.field.name].append(use)
    for spellings in by_key.values():
        if len(spellings) < 2 or _side_by_side(spellings):
            continue
        ranked = _by_votes(spellings)
        for other in ranked[1:]:
            for use in _once(spellings[other]):
                yield use.field.pointer, (
                    f"`{other}` here; the same concept is spelled `{ranked[0]}` in {_ops(spellings[ranked[0]])}"
                )
    yield from _sibling_renames(document.tree)


_MIN_ABBREVIATION = 3


def abbreviates(a: str, b: str) -> bool:
    """Two names that spell one concept word by word, a word shortened in one (`service_num`, `service_number`;
    `ext_id`, `extension_id`): same word count, every pair equal or one the other's prefix of 3+ letters, and
    at least one pair equal."""
    wa, wb = words(a), words(b)
    if len(wa) != len(wb) or len(wa) < 2 or wa == wb:
        return False
    pairs = list(zip(wa, wb, strict=True))
    shortened = [(x, y) for x, y in pairs if x != y]
    return len(shortened) < len(pairs) and all(
        min(len(x), len(y)) >= _MIN_ABBREVIATION and (x.startswith(y) or y.startswith(x)) for x, y in shortened)


def _spelling_keys(names: list[str]) -> dict[str, str]:
    """A group key per name: names with one canonical form, or abbreviating each other, share a key."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    distinct = sorted(set(names))
    for name in distinct:
        parent[find(name)] = find(canonical(name))
    for index, a in enumerate(distinct):
        for b in distinct[index + 1:]:
            if abbreviates(a, b):
                parent[find(a)] = find(b)
    return {name: find(name) for name in distinct}


def _side_by_side(spellings: dict[str, list[_Use]]) -> bool:
    """Whether one object carries two of the spellings (then they are two fields, not one)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for name, uses in spellings.items():
        for use in uses:
            parents[use.field.pointer.rsplit("/", 1)[0]].add(name)
    return any(len(names) > 1 for names in parents.values())


def _sibling_renames(tree: Any) -> Iterator[tuple[str, str]]:
    """Two objects with the same properties but one, each spelling that one differently."""
    sets = list(_property_sets(tree))
    for index, (op_a, pointer_a, props_a) in enumerate(sets):
        for op_b, pointer_b, props_b in sets[index + 1:]:
            only_a, only_b = props_a - props_b, props_b - props_a
            if len(only_a) != 1 or len(only_b) != 1 or len(props_a & props_b) < 4:
                continue
            (a,), (b,) = only_a, only_b
            if squash(a) == squash(b) or not _related(a, b):
                continue
            yield join(pointer_b, "properties", b), (
                f"`{b}` ({op_b}) where an object with the same other {len(props_a & props_b)} properties "
                f"({op_a}, {pointer_a}) has `{a}`"
            )


# --- LINT-PATH-PARAM-TYPE-DRIFT ------------------------------------------------------------------


def _role(name: str, path: str) -> str:
    """What a path parameter identifies: its name, or for a bare ``{id}`` the resource before it."""
    if squash(name) != "id":
        return squash(name)
    segments = [seg for seg in path.split("/") if seg]
    index = next((i for i, seg in enumerate(segments) if seg == "{" + name + "}"), 0)
    resource = squash(segments[index - 1]) if index > 0 else ""
    return (resource[:-1] if resource.endswith("s") else resource) + "id"


@rule(
    "LINT-PATH-PARAM-TYPE-DRIFT",
    "Path parameters of the same name or role (e.g. `{order_id}`, `/orders/{id}`) have different types.",
)
def path_param_type_drift(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    votes: dict[str, dict[str, list[_Use]]] = defaultdict(lambda: defaultdict(list))
    params: list[tuple[str, str, _Use]] = []
    for op_pointer, path, op, op_fields in walk_operation_fields(tree):
        label = operation_label(op_pointer, op)
        for item in op_fields:
            use = _Use(label, item, flatten(tree, item.schema))
            signature = _scalar(use.flat)
            if signature is None or item.where in ("query", "header", "cookie"):
                continue
            role = _role(item.name, path) if item.where == "path" else squash(item.name)
            votes[role][signature[0]].append(use)
            if item.where == "path":
                params.append((role, signature[0], use))
    for role, kind, use in params:
        if len({k for r, k, _u in params if r == role}) < 2:
            continue  # one type among the path parameters of this role
        main_type = _by_votes(votes[role])[0]
        if kind == main_type:
            continue
        others = [u for u in votes[role][main_type] if u.field.where == "path"]
        fields = [u for u in votes[role][main_type] if u.field.where != "path"]
        where = "; ".join(part for part in (f"path parameter in {_ops(others)}" if others else "",
                                            f"field in {_ops(fields)}" if fields else "") if part)
        yield use.field.pointer, (
            f"path parameter `{use.field.name}` is {kind} here but {main_type} elsewhere ({where})"
        )
