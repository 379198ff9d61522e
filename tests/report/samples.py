"""Run results built by hand for the report tests (the engine does not run here).

Exchanges and failures go through the engine's own ``Exchange`` and ``Redactor``, as ``SpecSession.record``
does, so what reaches the reports is what a real run would hand them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from conformance.checkapi.basis import Basis, cite, http, suite, vendor
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckInfo
from conformance.engine.redact import Redactor
from conformance.engine.results import FailureDetail, Observation, RunResult, SpecRun

TOKEN = "tok-9f8e7d6c5b4a-SECRET"
STARTED = datetime(2025, 3, 4, 10, 0, 0, tzinfo=UTC)
HOSTILE = '<script>alert("pwned")</script>'
CONTROL = "\x1b[31mred\x1b[0m\x00\x07"

SETTINGS: dict[str, Any] = {
    "specs": ["portsip-cdr", "telecomx-cdrstats"],
    "target": "embedded simulator",
    "allow_writes": False,
    "max_examples": 20,
    "seed": 0,
    "rate_limit": None,
    "timeout": 10.0,
    "phases": ["schema", "invariants", "probes"],
    "checks": "all",
    "exclude_checks": [],
    "credentials": "token",
}


def _info(check_id: str, statement: str, spec: str | None, location: str, severity: Any, kind: Any,
          basis: Basis | None = None) -> CheckInfo:
    return CheckInfo(check_id, statement, spec, location, severity, kind, basis=basis)


CATALOGUE: dict[str, CheckInfo] = {
    info.id: info
    for info in (
        _info("GEN-RESPONSE-SCHEMA", "Every answer's body validates against its documented schema.", None,
              "paths.*.*.responses.*.content.*.schema", "critical", "schema",
              http("a body follows the schema the document declares for its status")),
        _info("GEN-RESPONDS", "Every request gets a complete HTTP answer within the timeout.", None,
              "HTTP transport", "critical", "robustness", http("every request gets an answer")),
        _info("GEN-NO-SERVER-ERROR", "The target never answers 5XX.", None, "responses", "critical", "robustness",
              http("a client's mistake never gets a 5XX")),
        _info("CDR-DURATION-SUM", "A call's duration is its ring time plus its talk time.", "portsip-cdr",
              "components.schemas.Cdr (duration)", "minor", "invariant",
              vendor(cite("001_0fbd13d622be2b55.txt", 12, "duration of the call"))),
        _info("SEC-NO-TOKEN-REJECTED", "A request without a token is refused with 401.", None,
              "components.securitySchemes", "major", "security", http("declared credentials are required")),
        _info("NEG-WINDOW-EMPTY", "A window whose end equals its start is refused.", None,
              "x-pbx-time-window.end_after_start", "major", "negative",
              suite("no document says an empty window is refused")),
    )
}


def exchange(
    redactor: Redactor,
    *,
    operation: str,
    method: str,
    url: str,
    headers: dict[str, str],
    body: Any = None,
    status: int | None = 200,
    content: bytes = b"",
    error: str | None = None,
) -> Exchange:
    """An exchange as the engine's client records it: URL, headers and body redacted, the rest masked on output."""
    return Exchange(
        operation_id=operation,
        method=method,
        url=redactor.url(url),
        request_headers=redactor.headers(headers),
        request_body=redactor.value(body) if body is not None else None,
        status=status,
        response_headers={"content-type": "application/json"} if status is not None else {},
        content=content,
        elapsed=0.125,
        error=error,
        redact=redactor.text,
    )


def record(
    run: SpecRun,
    redactor: Redactor,
    check: str,
    operation: str,
    message: str | None = None,
    *,
    seen: Exchange | None = None,
    key: str | None = None,
    evidence: dict[str, Any] | None = None,
) -> None:
    """One evaluation of a check, as ``SpecSession.record`` stores it (with the check's basis and severity)."""
    info = CATALOGUE.get(check)
    basis = info.basis if info is not None else None
    failure = None
    if message is not None:
        failure = FailureDetail(
            message=redactor.text(message),
            key=key or message,
            exchange=seen.summary() if seen is not None else None,
            evidence=redactor.value(evidence or {}),
            basis=basis,
        )
    result = run.result(check, operation)
    if info is not None:
        result.severity = info.severity
    result.add(failure, basis)


def _portsip(redactor: Redactor) -> SpecRun:
    run = SpecRun("portsip-cdr", "http://127.0.0.1:8899/api", embedded=False, requests=42)
    url = f"http://127.0.0.1:8899/api/cdrs?start=2025-03-01&end=2025-03-02&access_token={TOKEN}"
    listed = exchange(
        redactor, operation="listCdrs", method="GET", url=url,
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"},
        content=json.dumps({"items": [{"id": 7, "duration": "12"}], "token": TOKEN}).encode(),
    )
    for _ in range(17):
        record(run, redactor, "GEN-RESPONSE-SCHEMA", "listCdrs")
    record(run, redactor, "GEN-RESPONSE-SCHEMA", "listCdrs", "items[0].duration: '12' is not of type 'integer'",
           seen=listed, key="items.duration.type", evidence={"pointer": "/items/0/duration", "value": "12"})
    record(run, redactor, "GEN-RESPONSE-SCHEMA", "listCdrs", "items[0].duration: '12' is not of type 'integer'",
           seen=listed, key="items.duration.type", evidence={"pointer": "/items/0/duration", "value": "12"})
    created = exchange(
        redactor, operation="listCdrs", method="POST", url="http://127.0.0.1:8899/api/cdrs/search",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        body={"start": "2025-03-01", "password": "hunter2-long", "note": f"token {TOKEN}"},
        content=b'{"error": "unexpected"}', status=200,
    )
    record(run, redactor, "GEN-RESPONSE-SCHEMA", "listCdrs", f"body lacks 'items' (sent with token {TOKEN})",
           seen=created, key="items.required", evidence={"missing": ["items"], "token": TOKEN})
    for _ in range(5):
        record(run, redactor, "GEN-RESPONSE-SCHEMA", "getCdr")
    timed_out = exchange(
        redactor, operation="exportCdrs", method="GET", url="http://127.0.0.1:8899/api/cdrs/export?format=csv",
        headers={"Authorization": f"Bearer {TOKEN}"}, status=None, error="timed out waiting for the target",
    )
    record(run, redactor, "GEN-RESPONDS", "exportCdrs", "no answer within 10 s", seen=timed_out)
    for _ in range(3):
        record(run, redactor, "CDR-DURATION-SUM", "listCdrs")
    run.result("CDR-DURATION-SUM", "getCdr").skip_reason = "no call with both ring and talk time in the fixtures"
    record(run, redactor, "SEC-NO-TOKEN-REJECTED", "listCdrs")
    record(run, redactor, "NEG-WINDOW-EMPTY", "listCdrs")
    equal = exchange(
        redactor, operation="listCdrs", method="GET",
        url="http://127.0.0.1:8899/api/cdrs?start=2025-03-01T00:00:00Z&end=2025-03-01T00:00:00Z",
        headers={"Authorization": f"Bearer {TOKEN}"}, content=b'{"items": []}',
    )
    record(run, redactor, "NEG-WINDOW-EMPTY", "listCdrs", "equal window: expected the documented refusal, got 200",
           seen=equal, key="NEG-WINDOW-EMPTY")
    run.observations = [
        Observation("portsip-cdr", "PSC-010", "listCdrs", {}, "not probed: no accepted request for the operation"),
        Observation("portsip-cdr", "PSC-004", "listCdrs", {"seconds": "accepted", "milliseconds": "rejected"},
                    "accepts seconds; duration unit | documented as\nboth seconds and milliseconds"),
    ]
    return run


def _telecomx() -> SpecRun:
    run = SpecRun("telecomx-cdrstats", "embedded simulator", embedded=True, requests=3,
                  error="log-in failed: 401 from /auth/login")
    run.result("GEN-NO-SERVER-ERROR", "getCdrStats").add(None)
    return run


def sample_result(*, baseline: bool = True) -> RunResult:
    """Two specs: one with passed, failed (exchange, evidence) and skipped results and observations; one that
    stopped with an error. With a baseline comparison (new, known, fixed) unless ``baseline`` is False."""
    redactor = Redactor([TOKEN])
    result = RunResult(started=STARTED, finished=STARTED + timedelta(seconds=83.5), settings=dict(SETTINGS))
    result.specs = [_portsip(redactor), _telecomx()]
    if baseline:
        result.baseline = {
            "new": [("portsip-cdr", "GEN-RESPONSE-SCHEMA", "listCdrs")],
            "known": [("portsip-cdr", "GEN-RESPONDS", "exportCdrs")],
            "fixed": [("portsip-cdr", "CDR-DURATION-SUM", "listCdrs")],
        }
    return result


def passing_result() -> RunResult:
    """One spec where every check passed: a conformant run without a baseline."""
    run = SpecRun("portsip-cdr", "embedded simulator", embedded=True, requests=9)
    run.result("GEN-RESPONSE-SCHEMA", "listCdrs").add(None)
    run.result("GEN-RESPONSE-SCHEMA", "getCdr").add(None)
    return RunResult(started=STARTED, finished=STARTED + timedelta(seconds=2), settings=dict(SETTINGS), specs=[run])


def hostile_result() -> tuple[RunResult, dict[str, CheckInfo]]:
    """A failure whose every text field a hostile target controls: markup and control characters."""
    redactor = Redactor([TOKEN])
    run = SpecRun("portsip-cdr", f"http://127.0.0.1:8899/{HOSTILE}", embedded=False, requests=1)
    seen = exchange(
        redactor, operation="listCdrs", method="GET", url=f"http://127.0.0.1:8899/api/cdrs?q={HOSTILE}",
        headers={"X-Echo": HOSTILE + CONTROL}, body={"name": HOSTILE},
        content=(HOSTILE + CONTROL + "<img src=x onerror=alert(1)>").encode(),
    )
    record(run, redactor, "GEN-RESPONSE-SCHEMA", "listCdrs", f"bad value {HOSTILE} {CONTROL} | pipe\nnewline",
           seen=seen, evidence={"value": HOSTILE + CONTROL})
    run.result("CDR-DURATION-SUM", "listCdrs").skip_reason = f"skipped {HOSTILE}{CONTROL}"
    run.observations = [Observation("portsip-cdr", "PSC-004", "listCdrs", {HOSTILE: "accepted"}, HOSTILE + CONTROL)]
    catalogue = dict(CATALOGUE)
    catalogue["GEN-RESPONSE-SCHEMA"] = _info("GEN-RESPONSE-SCHEMA", f"statement {HOSTILE}", None,
                                             f"location {HOSTILE}", "critical", "schema")
    result = RunResult(started=STARTED, finished=STARTED + timedelta(seconds=1), settings={"target": HOSTILE},
                       specs=[run])
    return result, catalogue
