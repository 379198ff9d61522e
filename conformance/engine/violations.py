"""Which prose rules (``x-pbx-*``) a request breaks, so the engine knows to expect a refusal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from conformance import timefmt
from conformance.checkapi.basis import Basis
from conformance.engine.requests import RequestSpec
from conformance.extensions import operation_extensions
from conformance.prose_rules import ascending_breaks, ordered_field_breaks, window_issues

# Rule of a broken window -> the negative check that expects its refusal.
WINDOW_CHECKS = {
    "incomplete": "NEG-WINDOW-INCOMPLETE",
    "missing_offset": "NEG-WINDOW-MISSING-OFFSET",
    "notation": "NEG-WINDOW-BAD-NOTATION",
    "order": "NEG-WINDOW-END-BEFORE-START",
    "empty": "NEG-WINDOW-EMPTY",
    "max": "NEG-WINDOW-OVER-MAX",
    "min": "NEG-WINDOW-UNDER-MIN",
}


@dataclass(frozen=True)
class Violation:
    """A rule a request breaks: the check that expects its refusal, why, and the rule's basis (None: the
    check's declared one)."""

    check_id: str
    message: str
    basis: Basis | None = None


# Not a broken rule: the request's validity depends on a server default the client cannot see.
UNDECIDABLE = Violation("", "the server's default window decides whether this request is valid")


def prose_violations(
    request: RequestSpec, ascending: frozenset[str], display: timefmt.DisplayFormat | None, zone: tzinfo
) -> list[Violation]:
    """Every prose rule of the operation that ``request`` breaks (empty: the request must be accepted)."""
    found: list[Violation] = []
    window = operation_extensions(request.operation).time_window
    if window is not None:
        checked = window_issues(
            window,
            request.value(window.start.location, window.start.name),
            request.value(window.end.location, window.end.name),
            display=display,
            tz=zone,
        )
        found += [Violation(WINDOW_CHECKS[i.rule], i.message) for i in checked.issues]
        if checked.depends_on_server:
            return [UNDECIDABLE]
    body = request.body if request.has_body else None
    found += [Violation("NEG-NOT-ASCENDING", f"{name} {values} is not strictly ascending")
              for name, values in ascending_breaks(body, ascending)]
    rules = request.operation.operation.get("x-pbx-ordered-fields") or []
    found += [Violation("NEG-FIELDS-OUT-OF-ORDER", message)
              for message in ordered_field_breaks(rules, lambda ref: request.value(ref.location, ref.name))]
    return found
