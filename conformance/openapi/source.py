"""A spec by name (one of the five normalised documents) or by path or URL (any OpenAPI 3.0/3.1 or Swagger 2.0
document), with overlays applied."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml

from conformance import vendors
from conformance.errors import ConfigError, UsageError
from conformance.extensions import validate_extensions
from conformance.openapi.overlay import apply_overlay
from conformance.openapi.swagger2 import is_swagger2, to_openapi3
from conformance.specs import SPEC_NAMES, load_spec, read_yaml

FETCH_TIMEOUT = 20.0


@dataclass(frozen=True)
class LoadedSpec:
    """A document ready to run: the name results use, the document, where it came from."""

    name: str
    document: dict[str, Any]
    origin: str
    builtin: bool


def is_spec_name(ref: str) -> bool:
    return vendors.api(ref) is not None


def _parse(text: str, origin: str) -> Any:
    try:
        return json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError):
        raise ConfigError(f"{origin}: neither JSON nor YAML") from None


def read_document(ref: str) -> dict[str, Any]:
    """The raw document at a path or an http(s) URL."""
    if urlsplit(ref).scheme in ("http", "https"):
        try:
            response = httpx.get(ref, timeout=FETCH_TIMEOUT, follow_redirects=True, trust_env=False)
        except httpx.HTTPError as exc:
            raise ConfigError(f"cannot fetch {ref}: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise ConfigError(f"cannot fetch {ref}: HTTP {response.status_code}")
        data = _parse(response.text, ref)
    else:
        path = Path(ref)
        if not path.is_file():
            raise UsageError(f"--spec {ref!r} is neither a spec name ({', '.join(SPEC_NAMES)}) nor a file")
        data = read_yaml(path) if path.suffix in (".yaml", ".yml") else _parse(path.read_text(encoding="utf-8"),
                                                                                 str(path))
    if not isinstance(data, dict):
        raise ConfigError(f"{ref}: not an OpenAPI document (top level is not a mapping)")
    return data


def _name(document: dict[str, Any], ref: str) -> str:
    api = document.get("x-pbx-api") or {}
    if isinstance(api, dict) and api.get("name"):
        return str(api["name"])
    stem = Path(urlsplit(ref).path).stem or "api"
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "api"


def load_any(ref: str, overlays: Sequence[Path] = ()) -> LoadedSpec:
    """The spec ``ref`` (a name or a path/URL) with ``overlays`` applied in order."""
    if is_spec_name(ref):
        document, origin, builtin = load_spec(ref), f"built-in {ref}", True
    else:
        document = read_document(ref)
        if is_swagger2(document):
            document = to_openapi3(document)
        version = str(document.get("openapi", ""))
        if not version.startswith(("3.0", "3.1")):
            raise ConfigError(f"{ref}: not an OpenAPI 3.0/3.1 or Swagger 2.0 document")
        origin, builtin = ref, False
    for path in overlays:
        document = apply_overlay(document, read_yaml(path), name=str(path))
    problems = [p for p in validate_extensions(document) if not p.endswith(": missing")]
    if problems:
        raise ConfigError(f"{origin}: {problems[0]}")
    return LoadedSpec(_name(document, ref), document, origin, builtin)
