"""The fixtures file: what exists on the target (a window with calls, queues, agents, ids...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jsonschema

from conformance import timefmt
from conformance.errors import ConfigError
from conformance.specs import read_yaml

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "fixtures.schema.yaml"


@dataclass(frozen=True)
class SpecFixtures:
    """The facts that apply to one spec (global keys with the spec's overrides on top)."""

    facts: dict[str, Any] = field(default_factory=dict)

    def ids(self, key: str) -> list[Any]:
        value = self.facts.get(key) or []
        return list(value)

    @property
    def window(self) -> tuple[datetime, datetime] | None:
        raw = self.facts.get("window")
        if not raw:
            return None
        return timefmt.parse_rfc3339(raw["start"]), timefmt.parse_rfc3339(raw["end"])

    @property
    def timezone(self) -> tzinfo | None:
        name = self.facts.get("timezone")
        return ZoneInfo(name) if name else None

    @property
    def display_format(self) -> timefmt.DisplayFormat | None:
        text = self.facts.get("display_format")
        return timefmt.DisplayFormat.parse(text) if text else None

    @property
    def names_foreign(self) -> bool:
        """Whether the facts name another owner's references (``foreign_<key>``): the run's credentials are then a
        tenant's (or a customer's), whose isolation the checks hold the target to."""
        return any(key.startswith("foreign_") and value for key, value in self.facts.items())

    def preferred_values(self) -> dict[str, list[Any]]:
        return dict(self.facts.get("values") or {})


@dataclass(frozen=True)
class Fixtures:
    """A parsed fixtures file."""

    raw: dict[str, Any] = field(default_factory=dict)

    def for_spec(self, spec: str) -> SpecFixtures:
        facts = {k: v for k, v in self.raw.items() if k != "specs"}
        facts.update((self.raw.get("specs") or {}).get(spec) or {})
        return SpecFixtures(facts)


def validate_fixtures(data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(read_yaml(SCHEMA_PATH))
    problems = [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    if problems or not isinstance(data, dict):
        return problems
    for scope in [data, *(data.get("specs") or {}).values()]:
        window = scope.get("window")
        if window:
            try:
                start, end = timefmt.parse_rfc3339(window["start"]), timefmt.parse_rfc3339(window["end"])
            except ValueError as exc:
                problems.append(f"/window: {exc}")
                continue
            if end <= start:
                problems.append("/window: end must be later than start")
        if scope.get("timezone"):
            try:
                ZoneInfo(scope["timezone"])
            except (ZoneInfoNotFoundError, ValueError):
                problems.append(f"/timezone: unknown time zone {scope['timezone']!r}")
        if scope.get("display_format"):
            try:
                timefmt.DisplayFormat.parse(scope["display_format"])
            except ValueError as exc:
                problems.append(f"/display_format: {exc}")
    return problems


def load_fixtures(path: Path | None) -> Fixtures:
    """Read and validate a fixtures file (an empty Fixtures when no path is given)."""
    if path is None:
        return Fixtures()
    if not path.is_file():
        raise ConfigError(f"fixtures file {path} does not exist")
    data = read_yaml(path) or {}
    problems = validate_fixtures(data)
    if problems:
        raise ConfigError(f"fixtures file {path}: {problems[0]}")
    return Fixtures(data)
