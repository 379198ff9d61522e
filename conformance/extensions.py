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
    "x-pbx-basis": ("basis", "document or operation"),
    "x-pbx-strictly-ascending": ("strictly_ascending", "schema"),
    "x-pbx-date-format": ("date_format", "schema"),
    "x-pbx-unit": ("unit", "schema"),
    "x-pbx-shaping": ("shaping", "schema"),
}

Location = Literal["body", "query", "path", "header"]
SAFE_METHODS = ("get", "head", "options")


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
        # unmarked: only the methods HTTP defines as safe read (RFC 9110 §9.2.1); anything else may write
        access=op.get("x-pbx-access", "read" if operation.method.lower() in SAFE_METHODS else "write"),
        lifecycle=Lifecycle(lifecycle["resource"], lifecycle["action"]) if lifecycle else None,
        time_window=TimeWindow.parse(window) if window else None,
        timeseries=Timeseries.parse(series) if series else None,
        pagination=Pagination.parse(paging) if paging else None,
        errata=tuple(op.get("x-pbx-errata", ())),
        raw={k: v for k, v in op.items() if k.startswith("x-pbx-")},
    )


# The rules generic checks hold a target to, keyed as in ``x-pbx-basis``: what each rule rests on is the
# spec's to say (a vendor citation, or "suite: why" where the vendor document is silent).
RULE_KEYS: dict[str, str] = {
    "valid_request": "a request that follows every documented rule, with references the target has, is accepted",
    "time_window.required": "a required window with a bound missing is refused",
    "time_window.order": "a window that ends before it starts is refused",
    "time_window.empty": "a window whose end equals its start is refused",
    "time_window.max": "a window longer than the maximum is refused",
    "time_window.min": "a window shorter than the minimum is refused",
    "time_window.utc_offset": "a window bound without a UTC offset is refused",
    "time_window.notation": "a window bound in another notation is refused",
    "time_window.near_notation": "a window bound in a near miss of the notation (RFC 3339 with a space) is refused",
    "timeseries.step_values": "a step value outside the documented set is refused",
    "timeseries.ascending": "points come in ascending time order",
    "timeseries.in_window": "every point lies inside the requested window",
    "timeseries.aligned": "points fall on the step grid",
    "timeseries.complete": "one point per step of the window",
    "timeseries.by_range": "the window's length chooses the step",
    "pagination.range": "paging values outside their range are refused",
    "pagination.top": "a page holds at most top items",
    "pagination.count": "pages agree with the total count",
    "pagination.pages": "consecutive pages neither overlap nor leave gaps",
    "strictly_ascending": "an array that must rise strictly is refused when it does not",
    "fixed_size": "an array of fixed size is refused with another size",
    "ordered_fields": "values the document orders are refused when reversed",
    "lifecycle.create": "a create with a valid body succeeds",
    "lifecycle.read_back": "a created resource reads back with its values",
    "lifecycle.update": "an update shows in a later read",
    "lifecycle.listed": "a created resource is listed",
    "lifecycle.destroy": "a destroy of a created resource succeeds",
    "lifecycle.gone": "a destroyed resource can no longer be read",
}


def rules_of(operation: Operation) -> frozenset[str]:
    """The rule keys that apply to ``operation`` by its extensions (each needs a basis in a normalised spec)."""
    ext = operation_extensions(operation)
    keys = {"valid_request"}
    window = ext.time_window
    if window is not None:
        keys.add("time_window.notation")
        if window.notation in ("rfc3339", "iso8601", "local_datetime"):
            keys.add("time_window.near_notation")
        keys |= {key for key, on in (("time_window.required", window.required),
                                     ("time_window.order", window.end_after_start),
                                     ("time_window.empty", window.end_after_start),
                                     ("time_window.max", window.max_seconds is not None),
                                     ("time_window.min", window.min_seconds is not None),
                                     ("time_window.utc_offset", window.utc_offset == "required")) if on}
    series = ext.timeseries
    if series is not None:
        keys.add("timeseries.ascending")
        keys |= {key for key, on in (("timeseries.step_values", series.param is not None),
                                     ("timeseries.in_window", window is not None),
                                     ("timeseries.aligned", series.aligned),
                                     ("timeseries.complete", series.complete),
                                     ("timeseries.by_range", bool(series.by_range))) if on}
    if ext.pagination is not None:
        keys |= {"pagination.range", "pagination.top", "pagination.pages"}
        if ext.pagination.total is not None:
            keys.add("pagination.count")
    if operation.operation.get("x-pbx-ordered-fields"):
        keys.add("ordered_fields")
    if ext.lifecycle is not None:
        keys |= {f"lifecycle.{step}" for step in ("create", "read_back", "update", "listed", "destroy", "gone")}
    return frozenset(keys)
