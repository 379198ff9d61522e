"""Checks every spec gets: transport, server errors, schema conformance, acceptance and refusal."""

from __future__ import annotations

from conformance.checkapi.basis import Basis, http, rule, suite
from conformance.checkapi.model import Kind, Severity
from conformance.checkapi.registry import declare

ANY = "every operation"

# (id, statement, location, severity, kind, basis); the engine's phases evaluate them.
_GENERIC: tuple[tuple[str, str, str, Severity, Kind, Basis], ...] = (
    ("GEN-RESPONDS", "Every request gets a complete HTTP answer within the timeout (no hang, no reset).",
     "HTTP transport", "critical", "robustness", http("a request gets a complete answer (RFC 9110 §9.1)")),
    ("GEN-RESPONSE-SIZE", "Answers stay under the size cap (no runaway bodies).",
     "HTTP transport", "major", "robustness",
     suite("the size cap is the suite's own guard; no document bounds an answer's size")),
    ("GEN-NO-SERVER-ERROR", "The target never answers 5XX, whatever it is sent.",
     "responses (no 5XX is documented)", "critical", "robustness",
     http("a 5XX says the server failed (RFC 9110 §15.6): a client's request, however wrong, never causes one")),
    ("GEN-STATUS-DOCUMENTED", "Every answer's status code is one the spec documents for the operation.",
     "paths.*.*.responses", "major", "schema",
     http("an answer uses a status the document lists for the operation")),
    ("GEN-CONTENT-TYPE", "Every answer's media type is one the spec documents for its status.",
     "paths.*.*.responses.*.content", "major", "schema",
     http("a body comes in the media type the document declares for its status")),
    ("GEN-RESPONSE-SCHEMA", "Every answer's body validates against the schema documented for its status.",
     "paths.*.*.responses.*.content.*.schema", "critical", "schema",
     http("a body parses as its declared media type and follows the schema the document gives it")),
    ("GEN-VALID-REQUEST-ACCEPTED",
     "A meaningful request (references the target has, values the document lists, every prose rule kept) "
     "is accepted, not refused.",
     "paths.*.*.requestBody / parameters + x-pbx-* rules", "critical", "schema", rule("valid_request")),
    ("GEN-INVALID-REQUEST-REJECTED", "A request that breaks the schema gets a refusal.",
     "paths.*.*.requestBody / parameters; x-pbx-errors", "major", "negative",
     suite("a schema lists what is valid; it does not say that a server refuses everything else")),
    ("NEG-MALFORMED-BODY",
     "Unreadable requests (broken JSON, invalid UTF-8, deep nesting, oversize, wrong media type) get a 4XX.",
     "requestBody; x-pbx-errors", "major", "robustness",
     suite("no document says how unreadable bodies are answered (a 5XX for them fails GEN-NO-SERVER-ERROR)")),
)

for _id, _statement, _location, _severity, _kind, _basis in _GENERIC:
    declare(_id, _statement, spec=None, location=_location, severity=_severity, kind=_kind, basis=_basis)
