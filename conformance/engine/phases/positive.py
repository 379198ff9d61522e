"""Phase 1: Schemathesis-driven requests; every answer judged (schema, acceptance, invariants), and the
spec's links followed from accepted answers."""

from __future__ import annotations

from conformance.engine.evaluate import evaluate
from conformance.engine.exchange import Exchange
from conformance.engine.links import linked_requests
from conformance.engine.requests import RequestSpec, send
from conformance.engine.session import SpecSession
from conformance.engine.violations import UNDECIDABLE, prose_violations

LINKS_PER_OPERATION = 3


def run(session: SpecSession) -> None:
    for op in session.operations():
        # Generated path values name resources that may not exist; links and scenarios use real ones.
        names_resources = "{" in op.path
        followed = 0
        for request in session.factory.requests(op, session.config.max_examples):
            violations = prose_violations(request, session.ascending, session.fixtures.display_format,
                                          session.zone)
            exchange = send(session.client, request)
            if violations == [UNDECIDABLE] or (names_resources and not violations):
                if evaluate(session, request, exchange, expect="any") == "accepted":
                    session.remember_accepted(request)
                continue
            outcome = evaluate(session, request, exchange, expect="reject" if violations else "accept",
                               violations=violations)
            if outcome == "accepted" and not violations:
                session.remember_accepted(request)
                if followed < LINKS_PER_OPERATION:
                    followed += _follow(session, request, exchange)


def _follow(session: SpecSession, request: RequestSpec, exchange: Exchange) -> int:
    """Send the requests the answer's links lead to; each must be accepted."""
    sent = 0
    for linked in linked_requests(session.document, request, exchange):
        answer = send(session.client, linked)
        if evaluate(session, linked, answer) == "accepted":
            session.remember_accepted(linked)
        sent += 1
    return sent
