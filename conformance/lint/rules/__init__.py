"""Lint rules; importing this package registers every rule module below."""

from conformance.lint.rules import enum_prose  # noqa: F401
