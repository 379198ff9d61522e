"""Latitude: the choices the vendor documents leave open, drawn per run so the suite meets other readings.

Each spec's catalogue (``latitude/<spec>.yaml``) lists entries: one plausible alternative to the
simulator's own reading of something the documents leave open, with the vendor text that leaves it open
and its effect (the shape of a fault profile's effect). A draw switches on at most one entry per choice.
"""

from __future__ import annotations

import functools
import random
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from conformance import vendors
from conformance.errors import UsageError
from conformance.simulator.faults.catalogue import HERE as FAULTS_HERE
from conformance.simulator.faults.catalogue import FaultEffect
from conformance.specs import read_yaml

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class LatitudeEntry:
    """One alternative reading of an open choice."""

    id: str
    spec: str
    choice: str
    does: str
    leaves_open: dict[str, Any]
    effect: FaultEffect
    demo: dict[str, Any]


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = read_yaml(HERE / "schema.yaml")
    fault_schema = read_yaml(FAULTS_HERE / "schema.yaml")
    schema["$defs"] = {**fault_schema.get("$defs", {}), "effect": fault_schema["items"]["properties"]["effect"]}
    return jsonschema.Draft202012Validator(schema)


def validate_latitude_file(data: Any) -> list[str]:
    return [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in _validator().iter_errors(data)]


@functools.cache
def catalogue() -> dict[str, LatitudeEntry]:
    """Every entry, keyed by id, in file then list order."""
    entries: dict[str, LatitudeEntry] = {}
    for api in vendors.apis():
        if api.latitude is None or not api.latitude.is_file():
            continue
        path = api.latitude
        data = read_yaml(path) or []
        problems = validate_latitude_file(data)
        if problems:
            raise ValueError(f"{path.name}: {problems[0]}")
        for raw in data:
            if raw["id"] in entries:
                raise ValueError(f"{path.name}: latitude entry {raw['id']!r} is defined twice")
            if raw["spec"] != api.name:
                raise ValueError(f"{path.name}: entry {raw['id']!r} names spec {raw['spec']!r}, not {api.name!r}")
            entries[raw["id"]] = LatitudeEntry(raw["id"], raw["spec"], raw["choice"], raw["does"], raw["leaves_open"],
                                               FaultEffect.parse(raw["effect"]), raw["demo"])
    return entries


def entries_for(spec: str) -> list[LatitudeEntry]:
    return [entry for entry in catalogue().values() if entry.spec == spec]


def get_entry(entry_id: str, spec: str | None = None) -> LatitudeEntry:
    """The entry ``entry_id`` (UsageError when unknown or for another spec)."""
    entry = catalogue().get(entry_id)
    if entry is None:
        raise UsageError(f"unknown latitude entry {entry_id!r} (see serve --list-latitude)")
    if spec is not None and entry.spec != spec:
        raise UsageError(f"latitude entry {entry_id!r} belongs to spec {entry.spec!r}, not {spec!r}")
    return entry


def draw(spec: str, seed: int) -> tuple[str, ...]:
    """The entries a latitude ``seed`` switches on for ``spec``: per choice, the default or one alternative."""
    rng = random.Random(seed * 1_000_003 + zlib.crc32(spec.encode()))
    chosen: list[str] = []
    by_choice: dict[str, list[LatitudeEntry]] = {}
    for entry in entries_for(spec):
        by_choice.setdefault(entry.choice, []).append(entry)
    for choice in sorted(by_choice):
        options: list[LatitudeEntry | None] = [None, *by_choice[choice]]
        picked = rng.choice(options)
        if picked is not None:
            chosen.append(picked.id)
    return tuple(chosen)


def effect_of(entry_ids: tuple[str, ...], spec: str) -> FaultEffect:
    """The joint effect of the given entries (each must belong to ``spec``; one per choice)."""
    effect = FaultEffect()
    seen: dict[str, str] = {}
    for entry_id in entry_ids:
        entry = get_entry(entry_id, spec)
        if entry.choice in seen:
            raise UsageError(f"latitude entries {seen[entry.choice]!r} and {entry_id!r} are alternatives of "
                             f"the same choice {entry.choice!r}")
        seen[entry.choice] = entry_id
        effect = effect.merge(entry.effect)
    return effect


def chosen_entries(spec: str, seed: int | None, entry_ids: list[str] | tuple[str, ...] = ()) -> tuple[str, ...]:
    """The entries a command line switches on: a seed's draw and/or named entries (checked: UsageError)."""
    chosen = list(draw(spec, seed)) if seed is not None else []
    for entry_id in entry_ids:
        entry = get_entry(entry_id, spec)
        chosen = [c for c in chosen if get_entry(c).choice != entry.choice] + [entry_id]
    effect_of(tuple(chosen), spec)  # refuses two alternatives of one choice
    return tuple(chosen)
