"""The errata register (``specs/errata.yaml``): load, validate, index for the linter."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from conformance import vendors
from conformance.errors import ConfigError
from conformance.specs import read_yaml, specs_dir

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "errata.schema.yaml"


@dataclass(frozen=True)
class Erratum:
    """One defect of a vendor document."""

    id: str
    spec: str
    kind: str
    summary: str
    detected_by: str
    operation: str | None
    pointer: str | None
    also: tuple[str, ...]
    normalised: tuple[str, ...]
    document: str
    ambiguous: bool
    readings: tuple[str, ...]
    simulator_reading: str | None
    no_rule: str | None
    raw: dict[str, Any] = field(repr=False, compare=False)


def errata_path() -> Path:
    return specs_dir() / "errata.yaml"


def validate_register(data: Any) -> list[str]:
    """Schema errors and duplicate ids of a register, as readable lines (empty when valid)."""
    schema = read_yaml(SCHEMA_PATH)
    validator = jsonschema.Draft202012Validator(schema)
    problems = [
        f"/{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(data)
    ]
    if not problems:
        seen: set[str] = set()
        for entry in data["errata"]:
            if entry["id"] in seen:
                problems.append(f"duplicate erratum id {entry['id']}")
            seen.add(entry["id"])
            api = vendors.api(entry["spec"])
            if api is None:
                problems.append(f"{entry['id']}: no vendor registers the spec {entry['spec']!r}")
            elif not entry["id"].startswith(api.errata_prefix + "-"):
                problems.append(f"{entry['id']}: errata of {api.name} are numbered {api.errata_prefix}-nnn")
    return problems


@functools.cache
def load_errata(path: str | None = None) -> tuple[Erratum, ...]:
    """Every erratum of the register, validated."""
    source = Path(path) if path else errata_path()
    data = read_yaml(source)
    problems = validate_register(data)
    if problems:
        raise ConfigError(f"{source}: {problems[0]}")
    return tuple(
        Erratum(
            id=e["id"],
            spec=e["spec"],
            kind=e["kind"],
            summary=e["summary"],
            detected_by=e["detected_by"],
            operation=e["location"].get("operation"),
            pointer=e["location"].get("pointer"),
            also=tuple(e["location"].get("also", ())),
            normalised=tuple(e["location"].get("normalised", ())),
            document=e["location"].get("document", "vendor"),
            ambiguous=bool(e.get("ambiguous", False)),
            readings=tuple(r["id"] for r in e.get("readings", [])),
            simulator_reading=(e.get("simulator") or {}).get("reading"),
            no_rule=e.get("no_rule"),
            raw=e,
        )
        for e in data["errata"]
    )


def known_findings(errata: tuple[Erratum, ...]) -> dict[tuple[str, str], dict[str, str]]:
    """(spec, rule) -> {pointer: erratum id} for errata a lint rule detects.

    An erratum documents its rule at exactly its ``pointer``, ``also`` and ``normalised`` pointers;
    the first erratum listing a pointer keeps it.
    """
    index: dict[tuple[str, str], dict[str, str]] = {}
    for erratum in errata:
        if erratum.detected_by != "review" and erratum.pointer is not None:
            for pointer in (erratum.pointer, *erratum.also, *erratum.normalised):
                index.setdefault((erratum.spec, erratum.detected_by), {}).setdefault(pointer, erratum.id)
    return index
