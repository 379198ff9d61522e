"""The prose rules a request must follow (``x-pbx-time-window``, ``x-pbx-strictly-ascending``,
``x-pbx-ordered-fields``), shared by the server and the client side.

The simulator refuses a request that breaks a rule; the engine predicts the refusal. Both ask these
functions, so they can never disagree on what a valid request is.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Literal

from conformance import timefmt
from conformance.extensions import FieldRef, TimeWindow
from conformance.refs import resolve_ref

WindowRule = Literal["incomplete", "missing_offset", "notation", "order", "empty", "max", "min"]


@dataclass(frozen=True)
class WindowIssue:
    """One broken rule: which (``rule``), the request field at fault and a readable message."""

    rule: WindowRule
    field: str
    message: str


@dataclass(frozen=True)
class WindowCheck:
    """The parsed window (when both ends parse) and the rules it breaks."""

    start: datetime | None
    end: datetime | None
    issues: tuple[WindowIssue, ...]
    depends_on_server: bool = False  # a bound is missing: its default (the server's "today") decides

    @property
    def given(self) -> bool:
        return self.start is not None and self.end is not None


def window_issues(
    window: TimeWindow,
    raw_start: Any,
    raw_end: Any,
    *,
    display: timefmt.DisplayFormat | None = None,
    tz: tzinfo | None = None,
) -> WindowCheck:
    """Parse a request's window under ``window``'s notation and list every rule it breaks.

    Both ends absent is valid when the window is not required (the server applies its default).
    Naive wall times (local and display notations) are placed in ``tz``.
    """
    if raw_start is None and raw_end is None:
        if not window.required:
            return WindowCheck(None, None, ())
        message = f"{window.start.name} and {window.end.name} are required"
        return WindowCheck(None, None, (WindowIssue("incomplete", window.start.name, message),))
    if raw_start is None or raw_end is None:
        # An optional window's missing bound takes the server's default: nothing to check here.
        missing = window.start.name if raw_start is None else window.end.name
        if window.required:
            return WindowCheck(None, None, (WindowIssue("incomplete", missing, f"{missing} is missing"),))
        return WindowCheck(None, None, (), depends_on_server=True)
    bounds: list[datetime] = []
    issues: list[WindowIssue] = []
    for name, raw in ((window.start.name, raw_start), (window.end.name, raw_end)):
        if not isinstance(raw, str):
            issues.append(WindowIssue("notation", name, f"{name} must be a string"))
            continue
        try:
            value = timefmt.parse_datetime(window.notation, raw, display=display or timefmt.DisplayFormat(), tz=tz)
        except ValueError as exc:
            rule: WindowRule = "missing_offset" if "missing UTC offset" in str(exc) else "notation"
            issues.append(WindowIssue(rule, name, f"{name}: {exc}"))
            continue
        if window.utc_offset == "required" and value.tzinfo is None:
            issues.append(WindowIssue("missing_offset", name, f"{name} has no UTC offset"))
            continue
        bounds.append(value if value.tzinfo is not None or tz is None else value.replace(tzinfo=tz))
    if issues:
        return WindowCheck(None, None, tuple(issues))
    start, end = bounds
    seconds = timefmt.window_seconds(start, end)
    if window.end_after_start and seconds <= 0:
        issues.append(WindowIssue("order" if seconds < 0 else "empty", window.end.name,
                                  f"{window.end.name} {raw_end} is not after "
                                  f"{window.start.name} {raw_start}"))
    if window.max_seconds is not None and seconds > window.max_seconds:
        issues.append(WindowIssue("max", window.end.name,
                                  f"window of {seconds:g} s is longer than {window.max_seconds} s"))
    if window.min_seconds is not None and seconds < window.min_seconds:
        issues.append(WindowIssue("min", window.end.name,
                                  f"window of {seconds:g} s is shorter than {window.min_seconds} s"))
    return WindowCheck(start, end, tuple(issues))


def _named_properties(document: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(name, resolved schema) of every property declared anywhere in the document."""
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                yield name, resolve_ref(document, sub)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def strictly_ascending_schemas(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Property name -> array schema, for properties marked ``x-pbx-strictly-ascending`` anywhere."""
    return {name: sub for name, sub in _named_properties(document)
            if isinstance(sub, dict) and sub.get("x-pbx-strictly-ascending") is True}


def strictly_ascending_fields(document: dict[str, Any]) -> frozenset[str]:
    """Names of properties whose schema carries ``x-pbx-strictly-ascending``, anywhere in the document."""
    return frozenset(strictly_ascending_schemas(document))


def fixed_size_fields(document: dict[str, Any]) -> dict[str, int]:
    """Property name -> size, for array properties whose ``minItems`` equals ``maxItems``."""
    return {name: int(sub["minItems"]) for name, sub in _named_properties(document)
            if isinstance(sub, dict) and sub.get("type") == "array" and sub.get("minItems") is not None
            and sub.get("minItems") == sub.get("maxItems")}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def ascending_breaks(value: Any, names: frozenset[str]) -> list[tuple[str, list[Any]]]:
    """(name, array) for every numeric array under one of ``names`` that does not rise strictly."""
    found: list[tuple[str, list[Any]]] = []
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, child in node.items():
                if (key in names and isinstance(child, list) and all(_is_number(v) for v in child)
                        and any(b <= a for a, b in itertools.pairwise(child))):
                    found.append((key, child))
                stack.append(child)
        elif isinstance(node, list):
            stack.extend(node)
    return found


def ordered_field_breaks(rules: list[dict[str, Any]], value_of: Callable[[FieldRef], Any]) -> list[str]:
    """Messages for every ``x-pbx-ordered-fields`` rule whose two values are out of order."""
    found: list[str] = []
    for rule in rules:
        lower_ref, upper_ref = FieldRef.parse(rule["lower"]), FieldRef.parse(rule["upper"])
        lower, upper = value_of(lower_ref), value_of(upper_ref)
        if not (_is_number(lower) and _is_number(upper)):
            continue
        if upper < lower or (rule.get("strict") and upper == lower):
            found.append(f"{upper_ref.name}={upper} is below {lower_ref.name}={lower}")
    return found
