"""What a vendor package registers: one record per vendor, one entry per API it serves.

A record is data: names, files and module paths, imported only by the layer that needs them (the engine loads
check modules, the simulator its handler module), so reading the registry imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Api:
    """One vendor API: a spec, its checks, its simulator, its fault and latitude catalogues."""

    name: str  # the spec's name (--spec NAME), also its normalised file's stem
    title: str  # one line for listings
    spec_file: Path  # the normalised OpenAPI document
    errata_prefix: str  # ids of its errata in specs/errata.yaml (PSD-001, ...)
    seed: str | None = None  # the vendor document it is normalised from (a file of ../shared/seeds)
    checks: tuple[str, ...] = ()  # modules that register its checks and scenarios
    simulator: str | None = None  # module defining ``API: VendorAPI`` for the reference simulator
    world: str | None = None  # tag of the simulated world's tenant whose directory the API exposes
    faults: Path | None = None  # fault profiles of the simulator (faults/schema.yaml)
    latitude: Path | None = None  # latitude catalogue of the simulator (latitude/schema.yaml)
    normaliser: str | None = None  # normaliser kind that generates the spec from the seed ("portsip")
    discovery: str | None = None  # ``module[:function]`` (default ``discover``): ``(runner) -> facts`` for init


@dataclass(frozen=True)
class Vendor:
    """A vendor package's registration record."""

    name: str
    apis: tuple[Api, ...] = field(default_factory=tuple)
