"""Readings of ambiguous errata the simulator can switch to (``--reading OPTION=READING``)."""

from __future__ import annotations

import json
from typing import Any

import jsonpatch

from conformance.errata import load_errata
from conformance.errors import UsageError
from conformance.specs import load_spec


def reading_options(spec: str) -> dict[str, tuple[str, ...]]:
    """Simulator option -> the readings it can take, for the errata of ``spec`` that name an option."""
    options: dict[str, tuple[str, ...]] = {}
    for erratum in load_errata():
        option = (erratum.raw.get("simulator") or {}).get("option")
        if erratum.spec == spec and option:
            options[option] = tuple(dict.fromkeys(options.get(option, ()) + erratum.readings))
    return options


def default_readings(spec: str) -> dict[str, str]:
    """Simulator option -> the reading the simulator takes when none is chosen."""
    return {(e.raw["simulator"]).get("option"): e.simulator_reading or "" for e in load_errata()
            if e.spec == spec and (e.raw.get("simulator") or {}).get("option")}


def parse_readings(pairs: list[str], spec: str) -> dict[str, str]:
    """``OPTION=READING`` pairs checked against the register: an unknown option or reading is a usage error."""
    known = reading_options(spec)
    readings: dict[str, str] = {}
    for pair in pairs:
        option, sep, reading = pair.partition("=")
        if not sep or not option or not reading:
            raise UsageError(f"a reading is given as OPTION=READING, got {pair!r}")
        if option not in known:
            raise UsageError(f"unknown reading option {option!r} for {spec} "
                             f"(one of {', '.join(sorted(known)) or 'none'})")
        if reading not in known[option]:
            raise UsageError(f"{option} has no reading {reading!r} (one of {', '.join(known[option])})")
        readings[option] = reading
    return readings


def served_document(spec: str, readings: dict[str, str]) -> dict[str, Any]:
    """The spec as the simulator enforces it: with the JSON Patch ``simulator.edits`` of each chosen reading
    applied (readings that only widen what the spec accepts need no handler code)."""
    patch = []
    for erratum in load_errata():
        simulator = erratum.raw.get("simulator") or {}
        chosen = readings.get(simulator.get("option", ""))
        if erratum.spec == spec and chosen in (simulator.get("edits") or {}):
            patch.extend(simulator["edits"][chosen])
    document = load_spec(spec)
    if not patch:
        return document
    fresh = json.loads(json.dumps(document))  # unshared: YAML anchors would spread one edit to every alias
    result: dict[str, Any] = jsonpatch.apply_patch(fresh, patch, in_place=True)
    return result
