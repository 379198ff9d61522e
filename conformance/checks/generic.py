"""Checks every spec gets: transport, server errors, schema conformance, acceptance and refusal."""

from __future__ import annotations

from conformance.checks.registry import declare

ANY = "every operation"

declare("GEN-RESPONDS", "Every request gets a complete HTTP answer within the timeout (no hang, no reset).",
        spec=None, location="HTTP transport", severity="critical", kind="robustness")
declare("GEN-RESPONSE-SIZE", "Answers stay under the size cap (no runaway bodies).",
        spec=None, location="HTTP transport", severity="major", kind="robustness")
declare("GEN-NO-SERVER-ERROR", "The target never answers 5XX, whatever it is sent.",
        spec=None, location="responses (no 5XX is documented)", severity="critical", kind="robustness")
declare("GEN-STATUS-DOCUMENTED", "Every answer's status code is one the spec documents for the operation.",
        spec=None, location="paths.*.*.responses", severity="major", kind="schema")
declare("GEN-CONTENT-TYPE", "Every answer's media type is one the spec documents for its status.",
        spec=None, location="paths.*.*.responses.*.content", severity="major", kind="schema")
declare("GEN-RESPONSE-SCHEMA", "Every answer's body validates against the schema documented for its status.",
        spec=None, location="paths.*.*.responses.*.content.*.schema", severity="critical", kind="schema")
declare("GEN-VALID-REQUEST-ACCEPTED",
        "A request that satisfies the schema and every prose rule (x-pbx-*) is accepted, not refused.",
        spec=None, location="paths.*.*.requestBody / parameters + x-pbx-* rules", severity="critical", kind="schema")
declare("GEN-INVALID-REQUEST-REJECTED", "A request that breaks the schema gets the documented refusal.",
        spec=None, location="paths.*.*.requestBody / parameters; x-pbx-errors", severity="major", kind="negative")
declare("NEG-MALFORMED-BODY",
        "Unreadable requests (broken JSON, invalid UTF-8, deep nesting, oversize, wrong media type) get a 4XX.",
        spec=None, location="requestBody; x-pbx-errors", severity="major", kind="robustness")
