"""Lint rules; importing this package registers every rule module below."""

from conformance.lint.rules import (  # noqa: F401
    collection_shape,
    descriptions,
    drift,
    enum_prose,
    example_arithmetic,
    example_notation,
    example_values,
    keywords,
    oneof,
    operations,
    page_rules,
    percent,
    prose,
    prose_constraints,
    responses,
    schema_values,
    structure,
)
