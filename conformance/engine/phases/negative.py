"""Phase: invalid requests must get the documented refusal — schema-invalid ones (Schemathesis' negative
mode) and semantically invalid ones built from the prose rules (windows, steps, paging, arrays)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from hypothesis.errors import InvalidArgument, Unsatisfiable
from schemathesis import GenerationMode

from conformance.checkapi.basis import suite
from conformance.engine.evaluate import evaluate
from conformance.engine.generation import draw
from conformance.engine.requests import RequestSpec, send
from conformance.engine.session import SpecSession
from conformance.engine.violations import Violation, prose_violations
from conformance.engine.wire import wire_schema_errors
from conformance.extensions import operation_extensions
from conformance.specs import Operation
from strategies import invalid_windows_for
from strategies.invalid_windows import invalid_window_kinds

WINDOW_KIND_CHECKS = {
    "over_max": "NEG-WINDOW-OVER-MAX",
    "under_min": "NEG-WINDOW-UNDER-MIN",
    "end_before_start": "NEG-WINDOW-END-BEFORE-START",
    "equal": "NEG-WINDOW-EMPTY",
    "missing_offset": "NEG-WINDOW-MISSING-OFFSET",
    "absurd": "NEG-WINDOW-BAD-NOTATION",
    "wrong_notation": "NEG-WINDOW-BAD-NOTATION",
    "near_notation": "NEG-WINDOW-NEAR-NOTATION",
}
UNKNOWN_STEPS = ("5h", "0h", "1d", "", "hourly")
EMPTY_OPTIONAL = suite("an empty value of an optional parameter with a default may be read as the parameter left out "
                       "(the default); no document asks for its refusal")


def run(session: SpecSession) -> None:
    for op in session.operations():
        _schema_invalid(session, op)
        base = session.base_request(op)
        if base is None:
            for check_id in ("NEG-WINDOW-OVER-MAX", "NEG-INTERVAL-UNKNOWN", "NEG-PAGING-OUT-OF-RANGE"):
                session.skip(check_id, op.operation_id, "no accepted request to start from")
            continue
        for violation, request in mutations(session, op, base):
            exchange = send(session.client, request)
            evaluate(session, request, exchange, expect="reject", violations=[violation], invariants=False)


def _schema_invalid(session: SpecSession, op: Operation) -> None:
    count = max(1, session.config.max_examples // 2)
    for request in session.factory.requests(op, count, GenerationMode.NEGATIVE):
        if session.dispute(request) or not wire_schema_errors(session.document, request):
            continue  # disputed by an ambiguous erratum, or valid once serialised: no refusal to expect
        exchange = send(session.client, request)
        violation = Violation("GEN-INVALID-REQUEST-REJECTED", f"schema-invalid request ({request.note or 'negative'})")
        evaluate(session, request, exchange, expect="reject", violations=[violation], invariants=False)


def mutations(session: SpecSession, op: Operation, base: RequestSpec) -> Iterator[tuple[Violation, RequestSpec]]:
    """Invalid variants of an accepted request, each breaking one prose rule."""
    ext = operation_extensions(op)
    window = ext.time_window
    if window is not None and not session.is_contested(op.operation_id, window.start.location, window.start.name):
        for kind in invalid_window_kinds(window):
            try:
                strategy = invalid_windows_for(window, kind, display=session.fixtures.display_format,
                                               offsets=session.window_offsets(window))
                drawn = draw(strategy, 2, session.config.seed + len(kind))
            except (InvalidArgument, Unsatisfiable, ValueError):  # this kind cannot be drawn for this window
                continue
            for bad in drawn:
                request = base.with_value(window.start.location, window.start.name, bad.start_text)
                request = request.with_value(window.end.location, window.end.name, bad.end_text)
                if not prose_violations(request, session.ascending, session.fixtures.display_format, session.zone):
                    continue  # implausible but legal (e.g. year 9999): a server may accept it
                yield Violation(WINDOW_KIND_CHECKS[kind], f"{kind.replace('_', ' ')} window: {bad.defect}"), request
    series = ext.timeseries
    if series is not None and series.param is not None:
        for value in UNKNOWN_STEPS:
            if value not in series.param_seconds:
                # an empty value of a parameter with a default may be read as the parameter left out
                basis = EMPTY_OPTIONAL if value == "" and series.param_default is not None else None
                yield (Violation("NEG-INTERVAL-UNKNOWN", f"{series.param.name}={value!r} is not a documented step",
                                 basis),
                       base.with_value(series.param.location, series.param.name, value))
    paging = ext.pagination
    if paging is not None:
        bad_values: list[tuple[str, int]] = [(paging.top, 0), (paging.skip, -1)]
        if paging.max_top:
            bad_values.append((paging.top, paging.max_top + 1))
        for param, number in bad_values:
            yield (Violation("NEG-PAGING-OUT-OF-RANGE", f"{param}={number} is outside its documented range"),
                   base.with_value("query", param, number))
    for rule in op.operation.get("x-pbx-ordered-fields") or []:
        lower, upper = rule["lower"], rule["upper"]
        if lower["in"] == upper["in"]:
            request = base.with_value(lower["in"], lower["name"], 10).with_value(upper["in"], upper["name"], 5)
            yield Violation("NEG-FIELDS-OUT-OF-ORDER", f"{upper['name']} below {lower['name']}"), request
    yield from _array_mutations(session, base)


def _array_mutations(session: SpecSession, base: RequestSpec) -> Iterator[tuple[Violation, RequestSpec]]:
    """Strictly ascending arrays in the base body: break the order, or the fixed size."""
    if not isinstance(base.body, dict):
        return
    for name in session.ascending:
        for path, values in _arrays_named(base.body, name):
            if len(values) >= 2:
                broken = list(values)
                broken[0], broken[1] = broken[1], broken[0]
                yield (Violation("NEG-NOT-ASCENDING", f"{name} with its first two values swapped"),
                       _replace_at(base, path, broken))
                if session.fixed_sizes.get(name) == len(values):
                    yield (Violation("NEG-FIXED-ARRAY-SIZE", f"{name} with one value less"),
                           _replace_at(base, path, list(values[:-1])))
                    yield (Violation("NEG-FIXED-ARRAY-SIZE", f"{name} with one value more"),
                           _replace_at(base, path, [*values, values[-1] + 1]))


def _arrays_named(node: Any, name: str, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], list[Any]]]:
    if isinstance(node, dict):
        for key, child in node.items():
            if key == name and isinstance(child, list):
                yield (*path, key), child
            else:
                yield from _arrays_named(child, name, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _arrays_named(child, name, (*path, index))


def _replace_at(base: RequestSpec, path: tuple[Any, ...], value: Any) -> RequestSpec:
    clone = base.copy()
    body = copy.deepcopy(clone.body)
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    clone.body = body
    return clone
