"""Refusals the prose rules demand (x-pbx-time-window, timeseries steps, paging, ascending arrays...)."""

from __future__ import annotations

from conformance.checkapi.basis import rule
from conformance.checkapi.registry import declare

# (id, statement, location, rule key): whether a refusal is owed is the spec's rule; its x-pbx-basis says
# whether the vendor documents the refusal (a failure) or the suite reads it so (an advisory).
_NEGATIVE = [
    ("NEG-WINDOW-OVER-MAX", "A window longer than the documented maximum is refused.", "x-pbx-time-window.max_seconds",
     "time_window.max"),
    ("NEG-WINDOW-UNDER-MIN", "A window shorter than the documented minimum is refused.",
     "x-pbx-time-window.min_seconds", "time_window.min"),
    ("NEG-WINDOW-END-BEFORE-START", "A window that ends before it starts is refused.",
     "x-pbx-time-window.end_after_start", "time_window.order"),
    ("NEG-WINDOW-EMPTY", "A window whose end equals its start is refused.",
     "x-pbx-time-window.end_after_start", "time_window.empty"),
    ("NEG-WINDOW-MISSING-OFFSET", "A window bound without the required UTC offset is refused.",
     "x-pbx-time-window.utc_offset", "time_window.utc_offset"),
    ("NEG-WINDOW-BAD-NOTATION", "A window bound in the wrong notation or with impossible fields is refused.",
     "x-pbx-time-window.notation", "time_window.notation"),
    ("NEG-WINDOW-NEAR-NOTATION", "A window bound in a near miss of the documented notation (RFC 3339 with a space, "
     "a basic-format offset) is refused.", "x-pbx-time-window.notation", "time_window.near_notation"),
    ("NEG-WINDOW-INCOMPLETE", "A required window with a missing bound is refused.", "x-pbx-time-window.required",
     "time_window.required"),
    ("NEG-INTERVAL-UNKNOWN", "A timeseries step value outside the documented set is refused.",
     "x-pbx-timeseries.step.by_param", "timeseries.step_values"),
    ("NEG-NOT-ASCENDING", "An array that must be strictly ascending is refused when it is not.",
     "x-pbx-strictly-ascending", "strictly_ascending"),
    ("NEG-FIXED-ARRAY-SIZE", "An array of fixed size is refused with one item more or one less.",
     "minItems = maxItems", "fixed_size"),
    ("NEG-PAGING-OUT-OF-RANGE", "Paging values outside their documented range are refused.", "x-pbx-pagination",
     "pagination.range"),
    ("NEG-FIELDS-OUT-OF-ORDER", "Values the prose orders (lower <= upper) are refused when reversed.",
     "x-pbx-ordered-fields", "ordered_fields"),
]

for check_id, statement, location, key in _NEGATIVE:
    declare(check_id, statement, spec=None, location=location, severity="major", kind="negative", basis=rule(key))
