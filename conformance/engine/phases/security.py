"""Phase: every operation refuses a request without credentials, and one with a wrong token."""

from __future__ import annotations

from conformance.engine.requests import send
from conformance.engine.session import SpecSession

CASES = (("none", "SEC-NO-CREDENTIALS-REFUSED"), ("wrong", "SEC-WRONG-CREDENTIALS-REFUSED"))


def run(session: SpecSession) -> None:
    if not session.client.auth.required:
        for op in session.operations():
            for _, check_id in CASES:
                session.skip(check_id, op.operation_id, "the spec documents no authentication")
        return
    for op in session.operations():
        base = session.base_request(op)
        if base is None:
            for _, check_id in CASES:
                session.skip(check_id, op.operation_id, "no accepted request to replay without credentials")
            continue
        for mode, check_id in CASES:
            exchange = send(session.client, base, credentials=mode)  # type: ignore[arg-type]
            if exchange.status is None:
                if exchange.throttled:
                    continue
                session.record("GEN-RESPONDS", op.operation_id, f"no answer: {exchange.error}", exchange=exchange)
                continue
            outcome = session.errors.classify(exchange)
            refused = outcome in ("unauthenticated", "rejected")
            session.record(check_id, op.operation_id,
                           None if refused else f"answered {exchange.status} ({outcome}) to a request with "
                           f"{'no' if mode == 'none' else 'a wrong'} credential",
                           exchange=exchange, key=f"{mode}:{outcome}")
            if exchange.status >= 500:
                session.record("GEN-NO-SERVER-ERROR", op.operation_id, f"answered {exchange.status}",
                               exchange=exchange, key=str(exchange.status))
