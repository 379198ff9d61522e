"""Stateful lifecycles of created resources (create -> get -> update -> get -> list -> destroy -> get)."""

from __future__ import annotations

from conformance.checkapi.basis import rule
from conformance.checkapi.registry import declare

_LIFECYCLE = [
    ("LIFE-CREATE", "Creating a resource with a valid body succeeds and returns its id.", "critical", "create"),
    ("LIFE-GET-AFTER-CREATE", "A created resource can be read back with the values it was created with.", "major",
     "read_back"),
    ("LIFE-UPDATE-APPLIED", "An update succeeds and a later read shows the new values.", "major", "update"),
    ("LIFE-LISTED", "A created resource appears in its collection.", "major", "listed"),
    ("LIFE-DESTROY", "Destroying a created resource succeeds.", "critical", "destroy"),
    ("LIFE-GONE-AFTER-DESTROY", "A destroyed resource can no longer be read (documented refusal, e.g. 404).",
     "critical", "gone"),
    ("LIFE-INVALID-CREATE-REFUSED", "A create request that breaks a prose rule is refused and creates nothing.",
     "major", "create"),
]

for check_id, statement, severity, step in _LIFECYCLE:
    declare(check_id, statement, spec=None, location="x-pbx-lifecycle + links", severity=severity,  # type: ignore[arg-type]
            kind="lifecycle", basis=rule(f"lifecycle.{step}"))
