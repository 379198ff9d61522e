"""Values a document writes into its schemas (examples, defaults, enums) and the schemas' own keywords."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.schemas import space_of, validation_errors
from conformance.lint.walk import deref, flatten, walk_all_schemas
from conformance.pointers import join, split


def _schema_values(document: LintDocument, keyword: str) -> Iterator[tuple[str, str, Any]]:
    """(schema pointer, value pointer, value) of every ``keyword`` value written in a schema."""
    for pointer, schema in walk_all_schemas(document.tree):
        if keyword not in schema:
            continue
        value = schema[keyword]
        if keyword == "examples" or keyword == "enum":
            if isinstance(value, list):
                for index, item in enumerate(value):
                    yield pointer, join(pointer, keyword, index), item
        else:
            yield pointer, join(pointer, keyword), value


def _message(what: str, errors: list[str]) -> str:
    return f"{what} does not match its own schema: {'; '.join(errors)}"


@rule("LINT-EXAMPLE-SCHEMA-MISMATCH",
      "An example (of a schema, a parameter or a request body) does not validate against its own schema.")
def example_schema_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    space = space_of(document)
    for keyword in ("example", "examples"):
        for schema_pointer, pointer, value in _schema_values(document, keyword):
            errors = validation_errors(space, value, schema_pointer, drop=("example", "examples"))
            if errors:
                yield pointer, _message(f"the schema's {keyword} {_short(value)}", errors)
    for holder, schema_pointer, pointer, value in _media_examples(document):
        if "/responses/" in holder:
            continue
        errors = validation_errors(space, value, schema_pointer)
        if errors:
            yield pointer, _message(f"the example {_short(value)}", errors)


@rule("LINT-RESPONSE-EXAMPLE-MISMATCH", "A response example does not validate against the schema of its status.")
def response_example_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    space = space_of(document)
    for holder, schema_pointer, pointer, value in _media_examples(document):
        tokens = split(holder)
        if "responses" not in tokens:
            continue
        status = tokens[tokens.index("responses") + 1] if tokens.index("responses") + 1 < len(tokens) else "?"
        errors = validation_errors(space, value, schema_pointer)
        if errors:
            yield pointer, _message(f"the {status} response's example", errors)


def _media_examples(document: LintDocument) -> Iterator[tuple[str, str, str, Any]]:
    """(holder pointer, schema pointer, value pointer, value) of examples of media types, parameters and
    Swagger 2 responses."""
    tree = document.tree
    for holder, node in _holders(tree):
        schema_pointer = join(holder, "schema")
        if not isinstance(node.get("schema"), dict):
            continue
        if "example" in node:
            yield holder, schema_pointer, join(holder, "example"), node["example"]
        examples = node.get("examples")
        if not isinstance(examples, dict):
            continue
        for name, entry in examples.items():
            entry_pointer, entry = deref(tree, entry, join(holder, "examples", name))
            if document.version == "2.0" and not str(name).startswith("x-"):  # {mime type: value}
                yield holder, schema_pointer, join(holder, "examples", name), entry
            elif isinstance(entry, dict) and "value" in entry:
                yield holder, schema_pointer, join(entry_pointer, "value"), entry["value"]


def _holders(tree: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Media type objects, parameters and (Swagger 2) responses: objects holding a schema and examples."""
    stack: list[tuple[str, Any]] = [("", tree)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            if "schema" in node and ("example" in node or "examples" in node):
                yield pointer, node
            for key, value in node.items():
                if key not in ("schema", "example", "examples", "x-pbx-errata") and not str(key).startswith("x-"):
                    stack.append((join(pointer, key), value))
        elif isinstance(node, list):
            stack.extend((join(pointer, i), v) for i, v in enumerate(node))


@rule("LINT-DEFAULT-SCHEMA-MISMATCH", "A `default` value does not validate against its own schema.")
def default_schema_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    space = space_of(document)
    for schema_pointer, pointer, value in _schema_values(document, "default"):
        errors = validation_errors(space, value, schema_pointer, drop=("default",))
        if errors:
            yield pointer, _message(f"default {_short(value)}", errors)


@rule("LINT-ENUM-SCHEMA-MISMATCH",
      "An `enum` value does not validate against the rest of its schema (type, pattern, ...).")
def enum_schema_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    space = space_of(document)
    for schema_pointer, pointer, value in _schema_values(document, "enum"):
        if value is None:
            continue  # a null member is how OAS 3.0 and 3.1 spell a nullable enum
        errors = validation_errors(space, value, schema_pointer, drop=("enum", "const", "default", "example"))
        if errors:
            yield pointer, _message(f"enum value {_short(value)}", errors)


@rule("LINT-ENUM-DUPLICATE", "An `enum` lists one value twice.")
def enum_duplicate(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, schema in walk_all_schemas(document.tree):
        values = schema.get("enum")
        if not isinstance(values, list):
            continue
        seen: list[Any] = []
        for index, value in enumerate(values):
            if any(value == s and type(value) is type(s) for s in seen):
                yield join(pointer, "enum", index), f"enum value {_short(value)} is listed more than once"
            seen.append(value)


# (lower keyword, upper keyword, what they bound)
_BOUNDS = (("minLength", "maxLength", "length"), ("minItems", "maxItems", "item count"),
           ("minProperties", "maxProperties", "property count"), ("minContains", "maxContains", "contains count"))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _numeric_range(schema: dict[str, Any]) -> tuple[float, bool, float, bool] | None:
    """(lower, lower exclusive, upper, upper exclusive) of a schema's number bounds, both ends present."""
    lower, lower_x = _number(schema.get("minimum")), schema.get("exclusiveMinimum") is True
    upper, upper_x = _number(schema.get("maximum")), schema.get("exclusiveMaximum") is True
    if _number(schema.get("exclusiveMinimum")) is not None:
        value = _number(schema["exclusiveMinimum"])
        if value is not None and (lower is None or value >= lower):
            lower, lower_x = value, True
    if _number(schema.get("exclusiveMaximum")) is not None:
        value = _number(schema["exclusiveMaximum"])
        if value is not None and (upper is None or value <= upper):
            upper, upper_x = value, True
    if lower is None or upper is None:
        return None
    return lower, lower_x, upper, upper_x


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


@rule("LINT-BOUNDS-INVERTED",
      "A lower bound exceeds its upper bound (minimum/maximum, minLength/maxLength, minItems/maxItems, ...).")
def bounds_inverted(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, schema in walk_all_schemas(document.tree):
        numeric = _numeric_range(schema)
        if numeric is not None:
            lower, lower_x, upper, upper_x = numeric
            if lower > upper or (lower == upper and (lower_x or upper_x)):
                yield pointer, (f"no number satisfies the bounds: lower {_fmt(lower)}"
                                f"{' (exclusive)' if lower_x else ''} > upper {_fmt(upper)}"
                                f"{' (exclusive)' if upper_x else ''}" if lower > upper else
                                f"no number satisfies the bounds: an exclusive bound equals the other ({_fmt(lower)})")
        for low_key, high_key, what in _BOUNDS:
            low, high = _number(schema.get(low_key)), _number(schema.get(high_key))
            if low is not None and high is not None and low > high:
                yield join(pointer, low_key), (
                    f"`{low_key}` {_fmt(low)} exceeds `{high_key}` {_fmt(high)}: no {what} fits")


_COMBINATORS = ("allOf", "oneOf", "anyOf")


@rule("LINT-REQUIRED-UNDEFINED", "`required` names a property the schema does not define.")
def required_undefined(document: LintDocument) -> Iterator[tuple[str, str]]:
    tree = document.tree
    schemas = dict(walk_all_schemas(tree))
    for pointer, schema in schemas.items():
        required = schema.get("required")
        if not isinstance(required, list):
            continue
        names = set(flatten(tree, schema).get("properties") or {})
        tokens = split(pointer)
        if len(tokens) >= 2 and tokens[-2] in _COMBINATORS:
            parent = schemas.get(join("", *tokens[:-2]))
            if isinstance(parent, dict):
                names |= set(flatten(tree, parent).get("properties") or {})
        elif not schema.get("properties") and not any(k in schema for k in (*_COMBINATORS, "$ref")):
            continue  # nothing defines properties here: the names may come from where it is used
        patterns = [p for p in (flatten(tree, schema).get("patternProperties") or {}) if isinstance(p, str)]
        for index, name in enumerate(required):
            if not isinstance(name, str) or name in names or any(_search(p, name) for p in patterns):
                continue
            close = [n for n in sorted(names) if n.replace("_", "").lower() == name.replace("_", "").lower()]
            hint = f" (it defines `{close[0]}`)" if close else ""
            yield join(pointer, "required", index), f"`{name}` is required but no property `{name}` is defined{hint}"


def _search(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


@rule("LINT-PATTERN-INVALID", "A `pattern` is not a valid regular expression.")
def pattern_invalid(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, schema in walk_all_schemas(document.tree):
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            except re.error as exc:
                yield join(pointer, "pattern"), f"`pattern` {pattern!r} does not compile: {exc}"


@rule("LINT-PATTERN-UNANCHORED",
      "A `pattern` has neither `^` nor `$`, so it matches any value that merely contains a match.",
      severity="warning")
def pattern_unanchored(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, schema in walk_all_schemas(document.tree):
        pattern = schema.get("pattern")
        if isinstance(pattern, str) and pattern and not pattern.startswith("^") and not pattern.endswith("$"):
            yield join(pointer, "pattern"), (
                f"`pattern` {pattern!r} is not anchored: JSON Schema patterns match anywhere in the value, "
                f"so any value containing such a run passes")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
