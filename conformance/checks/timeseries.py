"""Timeseries invariants for every operation with ``x-pbx-timeseries`` points."""

from __future__ import annotations

import itertools
from datetime import datetime

from conformance import timefmt
from conformance.checkapi.basis import rule, suite
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import check
from conformance.checks.series import expected_count, series, step_seconds


def _has_points(ctx: CheckContext) -> bool:
    return ctx.ext.timeseries is not None and ctx.ext.timeseries.points is not None


def _windowed(ctx: CheckContext) -> bool:
    return _has_points(ctx) and ctx.window is not None


def _on_grid(ctx: CheckContext) -> bool:
    """Whether the window starts on a step boundary of its own clock. Only then do the two bucket readings
    (a grid from the window start, or wall-clock buckets with a partial first one) agree, so only then are
    alignment and point counts judged."""
    if not _windowed(ctx):
        return False
    assert ctx.window is not None
    try:
        return timefmt.is_aligned(ctx.window[0], step_seconds(ctx))
    except CheckSkipped:
        return False


@check("TS-POINTS-ASCENDING", "Timeseries points are strictly ascending in time.", spec=None,
       location="x-pbx-timeseries.points", kind="invariant", basis=rule("timeseries.ascending"), applies=_has_points)
def points_ascending(ctx: CheckContext, exchange: Exchange) -> None:
    for points in series(ctx, exchange.json()):
        for (a, _), (b, _) in itertools.pairwise(points):
            if b <= a:
                raise CheckFailure(f"point {b.isoformat()} follows {a.isoformat()}", key="not ascending",
                                   evidence={"previous": a.isoformat(), "next": b.isoformat()})


PARTIAL_FIRST_STEP = suite("for a window starting between step boundaries, the document does not say whether the "
                           "first, partial step is labelled with the window's start or with the boundary before it")


def _partial_first_step(ctx: CheckContext, moment: datetime) -> bool:
    """Whether ``moment`` may label the partial first step of a window that starts between step boundaries."""
    assert ctx.window is not None
    try:
        step = step_seconds(ctx)
    except CheckSkipped:
        return False
    start = ctx.window[0]
    return not timefmt.is_aligned(start, step) and 0 < (start - moment).total_seconds() < step


@check("TS-POINTS-IN-WINDOW", "Every timeseries point starts inside the requested window.", spec=None,
       location="x-pbx-timeseries + x-pbx-time-window", kind="invariant", basis=rule("timeseries.in_window"),
       applies=_windowed)
def points_in_window(ctx: CheckContext, exchange: Exchange) -> None:
    assert ctx.window is not None
    start, end = ctx.window
    start = start.replace(microsecond=0)  # answers carry whole seconds: a truncated start is the start
    for points in series(ctx, exchange.json()):
        for moment, _ in points:
            if not start <= moment < end:
                raise CheckFailure(f"point {moment.isoformat()} lies outside {start.isoformat()} .. {end.isoformat()}",
                                   key="outside window", evidence={"point": moment.isoformat()},
                                   basis=PARTIAL_FIRST_STEP if _partial_first_step(ctx, moment) else None)


@check("TS-POINTS-ALIGNED", "For a window starting on a step boundary, points fall on the step grid from its start.",
       spec=None, location="x-pbx-timeseries.aligned", kind="invariant", basis=rule("timeseries.aligned"),
       applies=lambda ctx: _on_grid(ctx) and bool(ctx.ext.timeseries and ctx.ext.timeseries.aligned))
def points_aligned(ctx: CheckContext, exchange: Exchange) -> None:
    assert ctx.window is not None
    start = ctx.window[0]
    step = step_seconds(ctx)
    for points in series(ctx, exchange.json()):
        for moment, _ in points:
            offset = (moment - start).total_seconds()
            if offset % step:
                raise CheckFailure(f"point {moment.isoformat()} is {offset:g} s after the start, not a multiple of "
                                   f"the {step} s step", key="misaligned", evidence={"point": moment.isoformat()})


@check("TS-POINT-COUNT", "For a window starting on a step boundary, a complete series has ceil(range / step) points.",
       spec=None, location="x-pbx-timeseries.complete", kind="invariant", basis=rule("timeseries.complete"),
       applies=lambda ctx: _on_grid(ctx) and bool(ctx.ext.timeseries and ctx.ext.timeseries.complete))
def point_count(ctx: CheckContext, exchange: Exchange) -> None:
    expected = expected_count(ctx)
    for points in series(ctx, exchange.json()):
        if len(points) != expected:
            raise CheckFailure(f"{len(points)} points for a window that needs {expected} (step {step_seconds(ctx)} s)",
                               key="count", evidence={"points": len(points), "expected": expected})


@check("TS-STEP-BY-RANGE", "Consecutive points are one step apart, the step the range rules choose.", spec=None,
       location="x-pbx-timeseries.step.by_range", kind="invariant", basis=rule("timeseries.by_range"),
       applies=lambda ctx: _on_grid(ctx) and bool(ctx.ext.timeseries and ctx.ext.timeseries.by_range))
def step_by_range(ctx: CheckContext, exchange: Exchange) -> None:
    """Judged in time order (the order of the points is TS-POINTS-ASCENDING's); a gap of whole steps is a step
    without a point, which the spec's completeness rule judges."""
    step = step_seconds(ctx)
    for points in series(ctx, exchange.json()):
        moments = sorted(moment for moment, _ in points)
        for a, b in itertools.pairwise(moments):
            gap = (b - a).total_seconds()
            if gap != step:
                whole_steps = gap > 0 and gap % step == 0
                raise CheckFailure(f"points {a.isoformat()} and {b.isoformat()} are {gap:g} s apart; the range rules "
                                   f"give a {step} s step", key="missing steps" if whole_steps else "step",
                                   evidence={"gap": gap, "step": step},
                                   basis=ctx.rule_basis("timeseries.complete") if whole_steps else None)
