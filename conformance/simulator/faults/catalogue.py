"""Load and validate the fault catalogue (``faults/<spec>.yaml``, one list per spec)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from conformance import vendors
from conformance.errors import UsageError
from conformance.specs import read_yaml

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class FaultEffect:
    """What a fault changes; every part is optional."""

    skip_rules: frozenset[str] = frozenset()
    skip_schema_fields: frozenset[str] = frozenset()
    request: tuple[dict[str, Any], ...] = ()
    noop: frozenset[str] = frozenset()
    response: tuple[dict[str, Any], ...] = ()
    status: dict[str, int] = field(default_factory=dict)
    unscoped_tenant: bool = False
    flags: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> FaultEffect:
        return cls(
            skip_rules=frozenset(raw.get("skip_rules", ())),
            skip_schema_fields=frozenset(raw.get("skip_schema_fields", ())),
            request=tuple(raw.get("request", ())),
            noop=frozenset(raw.get("noop", ())),
            response=tuple(raw.get("response", ())),
            status=dict(raw.get("status", {})),
            unscoped_tenant=bool(raw.get("unscoped_tenant", False)),
            flags=frozenset(raw.get("flags", ())),
        )

    def response_edits(self, operation_id: str, status: int) -> list[dict[str, Any]]:
        return [e for e in self.response if e["operation"] == operation_id and e.get("status", 200) == status]

    def merge(self, other: FaultEffect) -> FaultEffect:
        """Both effects at once (a fault beside latitude choices): sets and lists joined, ``other``'s statuses win."""
        return FaultEffect(
            skip_rules=self.skip_rules | other.skip_rules,
            skip_schema_fields=self.skip_schema_fields | other.skip_schema_fields,
            request=self.request + other.request,
            noop=self.noop | other.noop,
            response=self.response + other.response,
            status={**self.status, **other.status},
            unscoped_tenant=self.unscoped_tenant or other.unscoped_tenant,
            flags=self.flags | other.flags,
        )


NO_FAULT = FaultEffect()


@dataclass(frozen=True)
class Fault:
    """One fault profile of the catalogue."""

    id: str
    spec: str
    kind: str
    breaks: str
    rule: str
    caught_by: tuple[str, ...]
    effect: FaultEffect
    demo: dict[str, Any]


def validate_catalogue_file(data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(read_yaml(HERE / "schema.yaml"))
    return [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


@functools.cache
def catalogue() -> dict[str, Fault]:
    """Every fault, keyed by id, in file then list order."""
    faults: dict[str, Fault] = {}
    for api in vendors.apis():
        if api.faults is None:
            continue
        path = api.faults
        data = read_yaml(path) or []
        problems = validate_catalogue_file(data)
        if problems:
            raise ValueError(f"{path.name}: {problems[0]}")
        for raw in data:
            if raw["spec"] != api.name:
                raise ValueError(f"{path.name}: fault {raw['id']!r} names spec {raw['spec']!r}, not {api.name!r}")
            if raw["id"] in faults:
                raise ValueError(f"{path.name}: fault {raw['id']!r} is defined twice")
            faults[raw["id"]] = Fault(
                id=raw["id"],
                spec=raw["spec"],
                kind=raw["kind"],
                breaks=raw["breaks"],
                rule=raw["rule"],
                caught_by=tuple(raw["caught_by"]),
                effect=FaultEffect.parse(raw["effect"]),
                demo=raw["demo"],
            )
    return faults


def get_fault(fault_id: str, spec: str | None = None) -> Fault:
    """The fault ``fault_id`` (UsageError when unknown or for another spec)."""
    fault = catalogue().get(fault_id)
    if fault is None:
        raise UsageError(f"unknown fault {fault_id!r} (see serve --list-faults)")
    if spec is not None and fault.spec != spec:
        raise UsageError(f"fault {fault_id!r} belongs to spec {fault.spec!r}, not {spec!r}")
    return fault
