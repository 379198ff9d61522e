"""Phase: unreadable and hostile requests must get a 4XX (never a 5XX, a hang or a reset)."""

from __future__ import annotations

from conformance.engine.evaluate import evaluate
from conformance.engine.requests import RequestSpec, send
from conformance.engine.session import SpecSession
from conformance.engine.violations import Violation
from conformance.extensions import operation_extensions

# (what, raw body, media type) — each must be refused as unreadable.
MALFORMED_BODIES: tuple[tuple[str, bytes, str], ...] = (
    ("truncated JSON", b'{"start_time": "2025-01-01T00:00:00Z", ', "application/json"),
    ("invalid UTF-8", b'{"queue": "\xff\xfe\xfd"}', "application/json"),
    ("deeply nested arrays", b"[" * 5000 + b"]" * 5000, "application/json"),
    ("JSON with a NaN", b'{"top": NaN}', "application/json"),
    ("not JSON at all", b"<xml>hello</xml>", "application/json"),
    ("oversize body", b'{"pad": "' + b"x" * 2_000_000 + b'"}', "application/json"),
)
# Values no server should choke on in any text field (the answer may be a refusal, never a 5XX):
# injections, absurd dates in several notations, huge numbers.
HOSTILE_VALUES: tuple[str, ...] = (
    "' OR '1'='1", "../../../../etc/passwd", "\u0000", "9" * 40, "<script>x</script>",
    "02/30/2025", "2025-02-30T25:61:61Z", "13/45/2025 99:99:99 PM", "0000-00-00 00:00:00",
)
BASES_PER_OPERATION = 3  # accepted requests of different shapes (e.g. report types) to start from


def run(session: SpecSession) -> None:
    for op in session.operations():
        ext = operation_extensions(op)
        base = session.base_request(op)
        content = (op.operation.get("requestBody") or {}).get("content") or {}
        if "application/json" in content:
            target = base or RequestSpec(op, {name: "1" for name in _path_names(op.path)})
            for what, raw, media in MALFORMED_BODIES:
                exchange = session.client.request(
                    op.method.upper(), target.rendered_path(), operation_id=op.operation_id, access=ext.access,
                    raw_body=raw, headers={"Content-Type": media},
                )
                evaluate(session, RequestSpec(op, dict(target.path)), exchange, expect="reject",
                         violations=[Violation("NEG-MALFORMED-BODY", f"{what} body")], invariants=False)
        for start in _distinct_bases(session, op.operation_id):
            for location, name in _text_fields(start):  # any answer but a 5XX is fine, disputed fields too
                for value in HOSTILE_VALUES:
                    request = start.with_value(location, name, value)
                    evaluate(session, request, send(session.client, request), expect="any", invariants=False)


def _distinct_bases(session: SpecSession, operation_id: str) -> list[RequestSpec]:
    """A few accepted requests of the operation that together carry as many different fields as possible."""
    chosen: list[RequestSpec] = []
    covered: set[tuple[str, str]] = set()
    candidates = list(session.accepted.get(operation_id) or [])
    while candidates and len(chosen) < BASES_PER_OPERATION:
        best = max(candidates, key=lambda r: len(set(_text_fields(r)) - covered))
        if chosen and not set(_text_fields(best)) - covered:
            break
        chosen.append(best)
        covered |= set(_text_fields(best))
        candidates.remove(best)
    return chosen


def _text_fields(request: RequestSpec) -> list[tuple[str, str]]:
    """(location, name) of the request's text values in the query and at the top of the body."""
    body = request.body if isinstance(request.body, dict) else {}
    return [("query", n) for n, v in request.query.items() if isinstance(v, str)] + [
        ("body", n) for n, v in body.items() if isinstance(v, str)]


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]
