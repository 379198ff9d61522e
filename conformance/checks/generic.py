"""Checks every spec gets: transport, server errors, schema conformance, acceptance and refusal."""

from __future__ import annotations

from conformance.checks.model import Kind, Severity
from conformance.checks.registry import declare

ANY = "every operation"

# (id, statement, location, severity, kind); the engine's phases evaluate them.
_GENERIC: tuple[tuple[str, str, str, Severity, Kind], ...] = (
    ("GEN-RESPONDS", "Every request gets a complete HTTP answer within the timeout (no hang, no reset).",
     "HTTP transport", "critical", "robustness"),
    ("GEN-RESPONSE-SIZE", "Answers stay under the size cap (no runaway bodies).",
     "HTTP transport", "major", "robustness"),
    ("GEN-NO-SERVER-ERROR", "The target never answers 5XX, whatever it is sent.",
     "responses (no 5XX is documented)", "critical", "robustness"),
    ("GEN-STATUS-DOCUMENTED", "Every answer's status code is one the spec documents for the operation.",
     "paths.*.*.responses", "major", "schema"),
    ("GEN-CONTENT-TYPE", "Every answer's media type is one the spec documents for its status.",
     "paths.*.*.responses.*.content", "major", "schema"),
    ("GEN-RESPONSE-SCHEMA", "Every answer's body validates against the schema documented for its status.",
     "paths.*.*.responses.*.content.*.schema", "critical", "schema"),
    ("GEN-VALID-REQUEST-ACCEPTED",
     "A request that satisfies the schema and every prose rule (x-pbx-*) is accepted, not refused.",
     "paths.*.*.requestBody / parameters + x-pbx-* rules", "critical", "schema"),
    ("GEN-INVALID-REQUEST-REJECTED", "A request that breaks the schema gets the documented refusal.",
     "paths.*.*.requestBody / parameters; x-pbx-errors", "major", "negative"),
    ("NEG-MALFORMED-BODY",
     "Unreadable requests (broken JSON, invalid UTF-8, deep nesting, oversize, wrong media type) get a 4XX.",
     "requestBody; x-pbx-errors", "major", "robustness"),
)

for _id, _statement, _location, _severity, _kind in _GENERIC:
    declare(_id, _statement, spec=None, location=_location, severity=_severity, kind=_kind)
