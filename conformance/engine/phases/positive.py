"""Phase 1: Schemathesis-driven requests; every answer judged (status, media type, schema, invariants), and
the spec's links followed from accepted answers.

Generated values name queues, agents or ids the target may not have, and combine fields the documents leave
open, so a refusal of a generated request is never held against the target (JUDGING.md, question 3): only
requests that break a documented rule must be refused. What must be accepted is asked by the scenarios, with
the fixtures' references, and by the links, with ids the target itself returned."""

from __future__ import annotations

from conformance.checkapi.exchange import Exchange
from conformance.engine.evaluate import evaluate
from conformance.engine.links import linked_requests
from conformance.engine.requests import RequestSpec, send
from conformance.engine.session import SpecSession
from conformance.engine.violations import UNDECIDABLE, prose_violations
from conformance.errors import ConfigError

LINKS_PER_OPERATION = 3


def run(session: SpecSession) -> None:
    for op in session.operations():
        followed = 0
        outcomes: list[str] = []
        for request in session.factory.requests(op, session.config.max_examples):
            violations = prose_violations(request, session.ascending, session.fixtures.display_format,
                                          session.zone)
            exchange = send(session.client, request)
            if violations == [UNDECIDABLE]:
                violations = []
            outcome = evaluate(session, request, exchange, expect="reject" if violations else "any",
                               violations=violations)
            outcomes.append(outcome)
            if outcome == "accepted" and not violations:
                session.remember_accepted(request)
                if followed < LINKS_PER_OPERATION:
                    followed += _follow(session, request, exchange)
        _credentials_taken(session, op.operation_id, outcomes)


def _credentials_taken(session: SpecSession, operation_id: str, outcomes: list[str]) -> None:
    """Stop the spec's run when the target refused the run's credentials on every request of an operation:
    nothing else can be judged, and passing it would hide a wrong token."""
    if session.client.auth.required and len(outcomes) >= 3 and set(outcomes) == {"unauthenticated"}:
        raise ConfigError(f"the target refused the run's credentials on all {len(outcomes)} requests of "
                          f"{operation_id}: check the token (--token, PBX_TOKEN) or PBX_USERNAME/PBX_PASSWORD")


def _follow(session: SpecSession, request: RequestSpec, exchange: Exchange) -> int:
    """Send the requests the answer's links lead to; each must be accepted."""
    sent = 0
    for linked in linked_requests(session.document, request, exchange):
        answer = send(session.client, linked)
        if evaluate(session, linked, answer) == "accepted":
            session.remember_accepted(linked)
        sent += 1
    return sent
