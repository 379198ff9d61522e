"""Judge one exchange: transport, server errors, acceptance or refusal as expected, schema conformance
(Schemathesis' built-in checks) and every registered invariant (run as Schemathesis checks too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests
from schemathesis.core import NOT_SET
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.transport import Response as StResponse
from schemathesis.openapi.checks import JsonSchemaError, UndefinedContentType, UndefinedStatusCode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conformance.checkapi.basis import Basis
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckInfo, CheckSkipped
from conformance.checkapi.registry import checks_for
from conformance.checkapi.scenarios import Expectation
from conformance.engine.outcome import Outcome
from conformance.engine.requests import RequestSpec
from conformance.engine.session import SpecSession
from conformance.engine.violations import Violation

SCHEMA_CHECKS: dict[str, Callable[..., Any]] = {
    "GEN-STATUS-DOCUMENTED": status_code_conformance,
    "GEN-CONTENT-TYPE": content_type_conformance,
    "GEN-RESPONSE-SCHEMA": response_schema_conformance,
}
_FAILURE_CHECK: dict[type, str] = {
    UndefinedStatusCode: "GEN-STATUS-DOCUMENTED",
    UndefinedContentType: "GEN-CONTENT-TYPE",
    JsonSchemaError: "GEN-RESPONSE-SCHEMA",
}


class InvariantFailure(Failure):
    """A registered check's failure travelling through Schemathesis' check runner."""

    code = "PBX001"
    kind_title = "Invariant violated"
    __slots__ = ("basis", "check_id", "evidence", "key")

    def __init__(self, *, operation: str | None, check_id: str, message: str, key: str,
                 evidence: dict[str, Any], basis: Basis | None = None) -> None:
        super().__init__(operation=operation, title=check_id, message=message)
        self.check_id = check_id
        self.key = key
        self.evidence = evidence
        self.basis = basis

    @property
    def _unique_key(self) -> str:
        return f"{self.check_id}|{self.key}"


def _st_response(exchange: Exchange) -> StResponse:
    prepared = requests.Request(exchange.method, exchange.url, headers=exchange.request_headers).prepare()
    headers = {k: [v] for k, v in exchange.response_headers.items()}
    return StResponse(exchange.status or 0, headers, exchange.content, prepared, exchange.elapsed, True)


def _wrap(info: CheckInfo, ctx: CheckContext, exchange: Exchange, skipped: set[str],
          session: SpecSession) -> Callable[..., Any]:
    def run(_st_ctx: Any, _response: Any, _case: Any) -> bool | None:
        assert info.func is not None
        try:
            info.func(ctx, exchange)
        except CheckFailure as failure:
            raise InvariantFailure(operation=ctx.operation.operation_id, check_id=info.id, message=failure.message,
                                   key=failure.key, evidence=failure.evidence, basis=failure.basis) from None
        except CheckSkipped:
            skipped.add(info.id)
        except Exception as exc:  # a bug of the check, not of the target: reported as the suite's own error
            skipped.add(info.id)
            session.suite_error(f"check {info.id} on {ctx.operation.operation_id}", exc)
        return None

    run.__name__ = info.id
    return run


def evaluate(
    session: SpecSession,
    request: RequestSpec,
    exchange: Exchange,
    *,
    expect: Expectation = "accept",
    violations: list[Violation] | None = None,
    invariants: bool = True,
) -> Outcome:
    """Record every applicable check for one exchange and return how the target answered."""
    op_id = request.operation.operation_id
    if exchange.throttled:  # the target kept asking us to slow down: nothing to judge, and no failure
        return "transport_error"
    if exchange.error is not None or exchange.status is None:
        session.record("GEN-RESPONDS", op_id, f"no answer: {exchange.error}", exchange=exchange,
                       key=exchange.error or "no answer")
        return "transport_error"
    session.record("GEN-RESPONDS", op_id)
    if exchange.truncated:
        session.record("GEN-RESPONSE-SIZE", op_id, f"answer larger than {session.client.max_bytes} bytes",
                       exchange=exchange, key="too large")
    outcome = session.errors.classify(exchange)
    session.ledger.note(request, exchange, outcome == "accepted")
    server_error = outcome == "server_error"
    session.record("GEN-NO-SERVER-ERROR", op_id, f"answered {exchange.status}" if server_error else None,
                   exchange=exchange, key=str(exchange.status))
    if expect != "any" and session.dispute(request) is not None:
        expect = "any"  # an ambiguous erratum leaves the answer open: the probes phase observes it
    if expect == "reject" and violations:  # so it does for the refusal some checks expect
        violations = [v for v in violations if not session.disputes_check(request, v.check_id)]
        expect = "reject" if violations else "any"
    _record_expectation(session, op_id, exchange, outcome, expect, violations or [])
    if server_error:
        return outcome
    ctx = session.context(request)
    registered = [i for i in checks_for(ctx, exchange.status) if session.config.check_selected(i.id)]
    if not (invariants and outcome == "accepted"):
        registered = []
    _run_schemathesis(session, request, exchange, ctx, registered)
    return outcome


def _record_expectation(session: SpecSession, op_id: str, exchange: Exchange, outcome: Outcome,
                        expect: Expectation, violations: list[Violation]) -> None:
    if expect == "accept":
        if outcome in ("accepted", "pending"):
            session.record("GEN-VALID-REQUEST-ACCEPTED", op_id)
        elif outcome in ("rejected", "unauthenticated", "other"):
            session.record("GEN-VALID-REQUEST-ACCEPTED", op_id,
                           f"a request that satisfies the spec was refused ({exchange.status})",
                           exchange=exchange, key=f"refused {exchange.status}")
    elif expect == "reject":
        refused = outcome in ("rejected", "unauthenticated")
        for violation in violations or [Violation("GEN-INVALID-REQUEST-REJECTED", "schema-invalid request")]:
            message = None if refused else (
                f"{violation.message}: expected the documented refusal, got {exchange.status} ({outcome})")
            session.record(violation.check_id, op_id, message, exchange=exchange, key=violation.check_id,
                           basis=violation.basis)


def _run_schemathesis(session: SpecSession, request: RequestSpec, exchange: Exchange, ctx: CheckContext,
                      registered: list[CheckInfo]) -> None:
    op_id = request.operation.operation_id
    st_operation = session.schema.find_operation_by_id(op_id)
    case = st_operation.Case(
        path_parameters=request.path, query=request.query, body=request.body if request.has_body else NOT_SET,
    )
    skipped: set[str] = set()
    wrapped = [_wrap(info, ctx, exchange, skipped, session) for info in registered]
    schema_checks = [(cid, fn) for cid, fn in SCHEMA_CHECKS.items() if session.config.check_selected(cid)]
    if (exchange.status or 0) >= 400 and not exchange.content.strip():
        # a refusal with no body at all carries no wrong body (HTTP lets a 4XX come without content)
        schema_checks = [(cid, fn) for cid, fn in schema_checks if cid == "GEN-STATUS-DOCUMENTED"]
    failed: dict[str, list[Failure]] = {}
    try:
        case.validate_response(_st_response(exchange), checks=[fn for _, fn in schema_checks] + wrapped)
    except FailureGroup as group:
        for failure in group.exceptions:
            check_id = failure.check_id if isinstance(failure, InvariantFailure) else _FAILURE_CHECK.get(
                type(failure), "GEN-RESPONSE-SCHEMA")
            failed.setdefault(check_id, []).append(failure)
    for check_id in [cid for cid, _ in schema_checks] + [i.id for i in registered]:
        if check_id in skipped and check_id not in failed:
            continue
        failures = failed.get(check_id)
        if not failures:
            session.record(check_id, op_id)
            continue
        for failure in failures:
            key = failure.key if isinstance(failure, InvariantFailure) else failure.title
            evidence = failure.evidence if isinstance(failure, InvariantFailure) else {}
            basis = failure.basis if isinstance(failure, InvariantFailure) else None
            session.record(check_id, op_id, f"{failure.title}: {failure.message}".strip(), exchange=exchange,
                           key=key, evidence=evidence, basis=basis)
