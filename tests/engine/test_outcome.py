import json

from conformance.checkapi.exchange import Exchange
from conformance.engine.outcome import ErrorConvention


def _exchange(status: int | None, body: object = None) -> Exchange:
    content = json.dumps(body).encode() if body is not None else b""
    return Exchange("op", "GET", "http://x", {}, status=status, content=content,
                    response_headers={"content-type": "application/json"})


def test_http_statuses() -> None:
    rules = ErrorConvention.from_document({"x-pbx-errors": {"statuses": ["4XX"], "unauthenticated": ["401"]}})
    assert rules.classify(_exchange(200, {})) == "accepted"
    assert rules.classify(_exchange(422, {})) == "rejected"
    assert rules.classify(_exchange(401, {})) == "unauthenticated"
    assert rules.classify(_exchange(503, {})) == "server_error"
    assert rules.classify(_exchange(None)) == "transport_error"


def test_envelope_codes_turn_http_200_into_refusals() -> None:
    rules = ErrorConvention.from_document({"x-pbx-errors": {
        "statuses": ["4XX"], "envelope": {"field": "/errcode", "success": [0], "pending": [2],
                                          "unauthenticated": [10004]}}})
    assert rules.classify(_exchange(200, {"errcode": 0})) == "accepted"
    assert rules.classify(_exchange(200, {"errcode": 2})) == "pending"
    assert rules.classify(_exchange(200, {"errcode": 40002})) == "rejected"
    assert rules.classify(_exchange(200, {"errcode": 10004})) == "unauthenticated"
    assert rules.refused(_exchange(200, {"errcode": 40002}))
