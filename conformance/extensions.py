"""Typed access to the ``x-pbx-*`` extensions of a normalised spec (see ``specs/README.md``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jsonschema

from conformance.pointers import join
from conformance.specs import Operation, read_yaml

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "extensions.schema.yaml"

# Extension key -> its definition in extensions.schema.yaml, and where the key may appear.
KEYS: dict[str, tuple[str, str]] = {
    "x-pbx-api": ("api", "document"),
    "x-pbx-auth": ("auth", "document"),
    "x-pbx-errors": ("errors", "document"),
    "x-pbx-access": ("access", "operation"),
    "x-pbx-lifecycle": ("lifecycle", "operation"),
    "x-pbx-time-window": ("time_window", "operation"),
    "x-pbx-timeseries": ("timeseries", "operation"),
    "x-pbx-pagination": ("pagination", "operation"),
    "x-pbx-ordered-fields": ("ordered_fields", "operation"),
    "x-pbx-media-types": ("media_types", "operation"),
    "x-pbx-async": ("async", "operation"),
    "x-pbx-errata": ("errata", "any"),
    "x-pbx-strictly-ascending": ("strictly_ascending", "schema"),
    "x-pbx-date-format": ("date_format", "schema"),
    "x-pbx-unit": ("unit", "schema"),
}

Location = Literal["body", "query", "path", "header"]


@functools.cache
def _schema() -> dict[str, Any]:
    schema = read_yaml(SCHEMA_PATH)
    schema["$defs"]["strictly_ascending"] = {"const": True}
    return dict(schema)


def _walk(node: Any, pointer: str = ""):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        for key, value in node.items():
            yield pointer, key, value
            yield from _walk(value, join(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, join(pointer, index))


def validate_extensions(document: dict[str, Any]) -> list[str]:
    """Problems with the ``x-pbx-*`` keys of a document: unknown keys and malformed values."""
    schema = _schema()
    problems: list[str] = []
    for pointer, key, value in _walk(document):
        if not isinstance(key, str) or not key.startswith("x-pbx-"):
            continue
        if key not in KEYS:
            problems.append(f"{pointer}/{key}: unknown extension key")
            continue
        definition, _where = KEYS[key]
        validator = jsonschema.Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})
        for error in validator.iter_errors(value):
            sub = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{pointer}/{key}{'/' + sub if sub else ''}: {error.message}")
    for required in ("x-pbx-api", "x-pbx-errors"):
        if required not in document:
            problems.append(f"/{required}: missing")
    return problems


@dataclass(frozen=True)
class FieldRef:
    """One request value: where it travels and its name."""

    location: Location
    name: str

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> FieldRef:
        return cls(raw["in"], raw["name"])


@dataclass(frozen=True)
class TimeWindow:
    start: FieldRef
    end: FieldRef
    notation: str
    utc_offset: str
    required: bool
    min_seconds: int | None = None
    max_seconds: int | None = None
    end_after_start: bool = True
    default: str | None = None

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> TimeWindow:
        return cls(
            start=FieldRef.parse(raw["start"]),
            end=FieldRef.parse(raw["end"]),
            notation=raw["notation"],
            utc_offset=raw["utc_offset"],
            required=raw["required"],
            min_seconds=raw.get("min_seconds"),
            max_seconds=raw.get("max_seconds"),
            end_after_start=raw.get("end_after_start", True),
            default=raw.get("default"),
        )


@dataclass(frozen=True)
class RangeStep:
    step_seconds: int
    max_range_seconds: int | None = None


@dataclass(frozen=True)
class Timeseries:
    points: str | None
    timestamp: str | None
    keyed_container: str | None
    keyed_key: str | dict[str, str] | None
    param: FieldRef | None
    param_seconds: dict[str, int] = field(default_factory=dict)
    param_default: str | None = None
    by_range: tuple[RangeStep, ...] = ()
    aligned: bool = False
    complete: bool = False

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Timeseries:
        step = raw["step"]
        by_param = step.get("by_param") or {}
        keyed = raw.get("keyed") or {}
        return cls(
            points=raw.get("points"),
            timestamp=raw.get("timestamp"),
            keyed_container=keyed.get("container"),
            keyed_key=keyed.get("key"),
            param=FieldRef.parse(by_param["field"]) if by_param else None,
            param_seconds=dict(by_param.get("seconds", {})),
            param_default=by_param.get("default"),
            by_range=tuple(RangeStep(r["step_seconds"], r.get("max_range_seconds")) for r in step.get("by_range", [])),
            aligned=raw.get("aligned", False),
            complete=raw.get("complete", False),
        )

    def step_for_range(self, range_seconds: float) -> int | None:
        """Step (seconds) the by-range rules choose for a window of ``range_seconds``."""
        for rule in self.by_range:
            if rule.max_range_seconds is None or range_seconds <= rule.max_range_seconds:
                return rule.step_seconds
        return None


@dataclass(frozen=True)
class Pagination:
    top: str
    skip: str
    items: str
    count: str | None = None
    total: str | None = None
    max_top: int | None = None
    default_top: int | None = None

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Pagination:
        return cls(
            top=raw["top"],
            skip=raw["skip"],
            items=raw["items"],
            count=raw.get("count"),
            total=raw.get("total"),
            max_top=raw.get("max_top"),
            default_top=raw.get("default_top"),
        )


@dataclass(frozen=True)
class Lifecycle:
    resource: str
    action: str


@dataclass(frozen=True)
class OperationExtensions:
    """The extensions of one operation, parsed."""

    access: str
    lifecycle: Lifecycle | None
    time_window: TimeWindow | None
    timeseries: Timeseries | None
    pagination: Pagination | None
    errata: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False, compare=False)

    @property
    def writes(self) -> bool:
        return self.access == "write"


def operation_extensions(operation: Operation) -> OperationExtensions:
    """Parse the ``x-pbx-*`` keys of ``operation``."""
    op = operation.operation
    lifecycle = op.get("x-pbx-lifecycle")
    window = op.get("x-pbx-time-window")
    series = op.get("x-pbx-timeseries")
    paging = op.get("x-pbx-pagination")
    return OperationExtensions(
        access=op.get("x-pbx-access", "write"),
        lifecycle=Lifecycle(lifecycle["resource"], lifecycle["action"]) if lifecycle else None,
        time_window=TimeWindow.parse(window) if window else None,
        timeseries=Timeseries.parse(series) if series else None,
        pagination=Pagination.parse(paging) if paging else None,
        errata=tuple(op.get("x-pbx-errata", ())),
        raw={k: v for k, v in op.items() if k.startswith("x-pbx-")},
    )
