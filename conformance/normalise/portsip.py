"""Normalise PortSIP vendor markdown into the project's OpenAPI 3.1 documents.

The pipeline: merge the fragments unchanged, apply the overlay's edits (each tied to an
erratum), run the generic repairs, replace overlapping ``oneOf`` by conditionals, strip the vendor
prose, hoist shared shapes into ``components``, then put our own words and ``x-pbx-*``
extensions on. The overlays (``overlays/portsip-common.yaml`` plus one per API) hold every
spec-specific decision as data.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from conformance import vendors
from conformance.errors import ConfigError
from conformance.normalise import fixes
from conformance.normalise.components import Hoist, discriminate, hoist
from conformance.normalise.decorate import decorate
from conformance.sourcedoc import detect_spec, merge_raw, parse_fragments
from conformance.specs import read_yaml

# The APIs whose vendor record says this normaliser generates their spec.
PORTSIP_SPECS = frozenset(api.name for api in vendors.apis() if api.normaliser == "portsip")
OVERLAYS = Path(__file__).resolve().parents[1] / "vendors" / "portsip" / "normalise"  # PortSIP's overlays
COMPONENT_SECTIONS = ("schemas", "parameters", "responses", "securitySchemes")


def _merge(base: Any, extra: Any) -> Any:
    """``extra`` over ``base``: mappings merge key by key, anything else is replaced."""
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return extra


@functools.cache
def _overlay(spec: str) -> dict[str, Any]:
    return dict(_merge(read_yaml(OVERLAYS / "portsip-common.yaml"), read_yaml(OVERLAYS / f"{spec}.yaml")))


def load_overlay(spec: str) -> dict[str, Any]:
    """The merged overlay (common + API-specific) for ``spec``; a fresh copy."""
    if spec not in PORTSIP_SPECS:
        raise ConfigError(f"no overlay for {spec!r}")
    return copy.deepcopy(_overlay(spec))


def _hoist_all(tree: dict[str, Any], overlay: dict[str, Any]) -> None:
    for section, entries in (overlay.get("components") or {}).items():
        for name, raw in (entries or {}).items():
            if "source" in raw or "schema" in raw:
                hoist(tree, Hoist.parse(section, name, raw))


def _literal_components(overlay: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Components the overlay writes out whole (``define``): error responses, security schemes."""
    out: dict[str, dict[str, Any]] = {}
    for section, entries in (overlay.get("components") or {}).items():
        for name, raw in (entries or {}).items():
            if "define" in raw:
                out.setdefault(section, {})[name] = copy.deepcopy(raw["define"])
    return out


def normalise(raw: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """The normalised document for a merged vendor document ``raw`` (not modified)."""
    tree: dict[str, Any] = {"paths": copy.deepcopy(raw.get("paths") or {})}
    fixes.apply_edits(tree, overlay.get("edits", []))
    tree = fixes.unwrap_single_allof(tree)
    tree = fixes.rename_formats(tree, overlay.get("format_renames", {}))
    tree = fixes.nullable_to_union(tree)
    for rule in overlay.get("discriminators", []):
        discriminate(tree, rule)
    tree = fixes.strip_prose(tree)
    _hoist_all(tree, overlay)
    for section, entries in _literal_components(overlay).items():
        tree.setdefault("components", {}).setdefault(section, {}).update(entries)
    decorate(tree, overlay)
    components = tree.get("components", {})
    unknown = sorted(set(components) - set(COMPONENT_SECTIONS))
    if unknown:
        raise ConfigError(f"unexpected component sections: {unknown}")
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": overlay["info"],
        "servers": overlay["servers"],
        "security": overlay["security"],
        "tags": overlay["tags"],
        "paths": tree["paths"],
        "components": {
            section: dict(sorted(components[section].items())) for section in COMPONENT_SECTIONS
            if components.get(section)
        },
        "x-pbx-api": overlay["api"],
        "x-pbx-auth": overlay["auth"],
        "x-pbx-errors": overlay["errors"],
        **({"x-pbx-basis": overlay["basis"]} if overlay.get("basis") else {}),
    }
    # A JSON round trip drops any object sharing (YAML anchors in the overlay), so the emitted
    # YAML never holds aliases.
    return dict(json.loads(json.dumps(document)))


def normalise_text(text: str, spec: str | None = None) -> dict[str, Any]:
    """The normalised document for a PortSIP vendor markdown text."""
    name = spec or detect_spec(text)
    if name not in PORTSIP_SPECS:
        raise ConfigError("not a PortSIP Dataflow or CDR document (use --spec to say which)")
    return normalise(merge_raw(parse_fragments(text)), load_overlay(name))
