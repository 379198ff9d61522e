"""Locate, load and walk the normalised OpenAPI documents in ``specs/``."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from conformance import vendors
from conformance.errors import ConfigError, UsageError
from conformance.paths import specs_dir as specs_dir
from conformance.pointers import join

# The built-in specs, from the vendor packages' registration records (conformance/vendors).
SPEC_NAMES: tuple[str, ...] = vendors.spec_names()

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def spec_path(name: str) -> Path:
    """Path of the normalised spec called ``name`` (any registered vendor API)."""
    api = vendors.api(name)
    if api is None:
        raise UsageError(f"unknown spec {name!r}; choose from: {', '.join(vendors.spec_names())}")
    return api.spec_file


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning I/O and syntax problems into ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{where}: not valid YAML") from None


@functools.cache
def _load_cached(path: str) -> dict[str, Any]:
    data = read_yaml(Path(path))
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not an OpenAPI document (top level is not a mapping)")
    return data


def load_spec(name: str) -> dict[str, Any]:
    """The normalised spec ``name`` as a dict. Callers must not mutate it."""
    return _load_cached(str(spec_path(name)))


@dataclass(frozen=True)
class Operation:
    """One operation of an OpenAPI document."""

    path: str
    method: str
    operation: dict[str, Any]
    path_item: dict[str, Any]

    @property
    def operation_id(self) -> str:
        return str(self.operation.get("operationId") or f"{self.method.upper()} {self.path}")

    @property
    def pointer(self) -> str:
        return join("/paths", self.path, self.method)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


def iter_operations(document: dict[str, Any]) -> Iterator[Operation]:
    """Every operation of ``document`` in document order."""
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield Operation(path, method, op, item)
