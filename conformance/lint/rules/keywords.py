"""Schema words OAS 3.1 does not know: unregistered `format` values and foreign keywords."""

from __future__ import annotations

from collections.abc import Iterator

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import (
    FOREIGN_KEYWORDS,
    JSON_TYPES,
    REGISTERED_FORMATS,
    SCHEMA_KEYWORDS,
    squash,
)
from conformance.lint.walk import walk_all_schemas
from conformance.pointers import join

_BY_SQUASHED = {squash(f): f for f in REGISTERED_FORMATS}


@rule("LINT-UNREGISTERED-FORMAT", "A `format` value is not registered for OAS 3.1 / JSON Schema 2020-12.")
def unregistered_format(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, schema in walk_all_schemas(document.tree):
        value = schema.get("format")
        if not isinstance(value, str) or value in REGISTERED_FORMATS:
            continue
        close = _BY_SQUASHED.get(squash(value))
        hint = f"; the registered spelling is `{close}`" if close else ""
        yield join(pointer, "format"), f"format `{value}` is not a registered format{hint}"


@rule("LINT-NON-OAS31-KEYWORD", "A schema uses a keyword or keyword form that is not OAS 3.1 / JSON Schema 2020-12.")
def non_oas31_keyword(document: LintDocument) -> Iterator[tuple[str, str]]:
    if document.version in ("2.0", "3.0"):
        return  # their own keywords; LINT-OPENAPI-SCHEMA checks them against their meta-schema
    for pointer, schema in walk_all_schemas(document.tree):
        for key, value in schema.items():
            where = join(pointer, key)
            if key in FOREIGN_KEYWORDS:
                yield where, f"`{key}` is not an OAS 3.1 schema keyword ({FOREIGN_KEYWORDS[key]})"
            elif key.startswith("x-"):
                continue
            elif key not in SCHEMA_KEYWORDS:
                yield where, f"`{key}` is not a JSON Schema 2020-12 / OAS 3.1 schema keyword"
            elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
                bound = "minimum" if key == "exclusiveMinimum" else "maximum"
                yield where, (f"boolean `{key}: {str(value).lower()}` is the OAS 3.0 form; in 3.1 `{key}` "
                              f"is the number itself (replacing `{bound}`)")
            elif key == "type":
                bad = [t for t in (value if isinstance(value, list) else [value]) if t not in JSON_TYPES]
                if bad:
                    yield where, f"`type` value {bad[0]!r} is not a JSON Schema type"
