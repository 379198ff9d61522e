"""Refusals the prose rules demand (x-pbx-time-window, timeseries steps, paging, ascending arrays...)."""

from __future__ import annotations

from conformance.checks.registry import declare

_NEGATIVE = [
    ("NEG-WINDOW-OVER-MAX", "A window longer than the documented maximum is refused.", "x-pbx-time-window.max_seconds"),
    ("NEG-WINDOW-UNDER-MIN", "A window shorter than the documented minimum is refused.",
     "x-pbx-time-window.min_seconds"),
    ("NEG-WINDOW-END-BEFORE-START", "A window whose end is not after its start is refused.",
     "x-pbx-time-window.end_after_start"),
    ("NEG-WINDOW-MISSING-OFFSET", "A window bound without the required UTC offset is refused.",
     "x-pbx-time-window.utc_offset"),
    ("NEG-WINDOW-BAD-NOTATION", "A window bound in the wrong notation or with impossible fields is refused.",
     "x-pbx-time-window.notation"),
    ("NEG-WINDOW-INCOMPLETE", "A required window with a missing bound is refused.", "x-pbx-time-window.required"),
    ("NEG-INTERVAL-UNKNOWN", "A timeseries step value outside the documented set is refused.",
     "x-pbx-timeseries.step.by_param"),
    ("NEG-NOT-ASCENDING", "An array that must be strictly ascending is refused when it is not.",
     "x-pbx-strictly-ascending"),
    ("NEG-FIXED-ARRAY-SIZE", "An array of fixed size is refused with one item more or one less.",
     "minItems = maxItems"),
    ("NEG-PAGING-OUT-OF-RANGE", "Paging values outside their documented range are refused.", "x-pbx-pagination"),
    ("NEG-FIELDS-OUT-OF-ORDER", "Values the prose orders (lower <= upper) are refused when reversed.",
     "x-pbx-ordered-fields"),
]

for check_id, statement, location in _NEGATIVE:
    declare(check_id, statement, spec=None, location=location, severity="major", kind="negative")
