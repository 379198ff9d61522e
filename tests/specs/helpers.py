"""Helpers the spec tests share: examples, validation against a spec's components, errata marks and pointers."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import jsonschema
import pytest
from openapi_core import OpenAPI
from openapi_core.configurations import Config

from conformance.errata import validate_register
from conformance.pointers import PointerError, resolve
from conformance.specs import read_yaml, specs_dir


def first_example(media: dict[str, Any]) -> Any:
    """A copy of the value of the first named example of a media type object."""
    return copy.deepcopy(next(iter(media["examples"].values()))["value"])


def openapi_of(doc: dict[str, Any]) -> OpenAPI:
    """An openapi-core validator over a copy of ``doc`` that reads ``text/csv`` bodies as text."""
    config = Config(extra_media_type_deserializers={"text/csv": lambda raw: raw.decode("utf-8")})
    return OpenAPI.from_dict(copy.deepcopy(doc), config=config)


def schema_errors(doc: dict[str, Any], schema: dict[str, Any], instance: Any) -> list[str]:
    """Messages of ``instance`` against ``schema``, whose refs point into ``doc``'s components."""
    root = {"components": doc["components"], **schema}
    validator = jsonschema.Draft202012Validator(root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(instance)]


def errata_marks(node: Any) -> set[str]:
    """Every erratum id an ``x-pbx-errata`` list names anywhere in ``node``."""
    if isinstance(node, dict):
        found = set(node.get("x-pbx-errata", ()))
        return found.union(*(errata_marks(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(errata_marks(v) for v in node))
    return set()


def register_entries(spec: str) -> list[dict[str, Any]]:
    """The entries of ``specs/errata.yaml`` for ``spec`` (the register must validate; skips when it has none)."""
    data = read_yaml(specs_dir() / "errata.yaml")
    problems = validate_register(data)
    assert problems == [], problems
    entries = [e for e in data["errata"] if e["spec"] == spec]
    if not entries:
        pytest.skip(f"no {spec} errata in specs/errata.yaml yet")
    return entries


def unresolved(tree: Any, pointers: Iterable[str]) -> list[str]:
    """The pointers that name no node of ``tree``."""
    missing = []
    for pointer in pointers:
        try:
            resolve(tree, pointer)
        except PointerError:
            missing.append(pointer)
    return missing
