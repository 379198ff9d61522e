"""Reading timeseries points out of an answer, as ``x-pbx-timeseries`` describes them."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from conformance import timefmt
from conformance.checkapi.model import CheckContext, CheckSkipped
from conformance.pointers import split


def _collect(node: Any, tokens: list[str]) -> list[Any]:
    if not tokens:
        return [node]
    head, rest = tokens[0], tokens[1:]
    if head == "*":
        children = node if isinstance(node, list) else list(node.values()) if isinstance(node, dict) else []
        return [found for child in children for found in _collect(child, rest)]
    if isinstance(node, dict) and head in node:
        return _collect(node[head], rest)
    if isinstance(node, list) and head.isdigit() and int(head) < len(node):
        return _collect(node[int(head)], rest)
    return []


def at_pointer(body: Any, pointer: str) -> list[Any]:
    """Every value at ``pointer``; ``*`` matches every item or member."""
    return _collect(body, split(pointer))


def series(ctx: CheckContext, body: Any) -> list[list[tuple[datetime, dict[str, Any]]]]:
    """Each series of (timestamp, point) in the answer (one per match of the points pointer)."""
    ts = ctx.ext.timeseries
    if ts is None or ts.points is None or ts.timestamp is None:
        raise CheckSkipped("no timeseries")
    found = []
    for points in at_pointer(body, ts.points):
        if not isinstance(points, list):
            raise CheckSkipped("points are not a list")
        found.append([(timefmt.parse_rfc3339(p[ts.timestamp]), p) for p in points])
    return found


def step_seconds(ctx: CheckContext) -> int:
    """The step the request asked for (by parameter) or the rules imply (by range)."""
    ts = ctx.ext.timeseries
    if ts is None:
        raise CheckSkipped("no timeseries")
    if ts.param is not None:
        value = ctx.request_value(ts.param.location, ts.param.name) or ts.param_default
        if value not in ts.param_seconds:
            raise CheckSkipped("step parameter absent or unknown")
        return ts.param_seconds[value]
    window = ctx.window
    if window is None:
        raise CheckSkipped("no window")
    step = ts.step_for_range(timefmt.window_seconds(*window))
    if step is None:
        raise CheckSkipped("no step rule for this range")
    return step


def expected_count(ctx: CheckContext) -> int:
    if ctx.window is None:
        raise CheckSkipped("no window")
    return math.ceil(timefmt.window_seconds(*ctx.window) / step_seconds(ctx))
