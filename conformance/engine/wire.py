"""Is a generated request still invalid once it is on the wire? (Some negative cases are invalid only
before serialisation: an extra query parameter whose value is an empty list is simply not sent.) Query
parameters the spec does not name are never held against a target: servers commonly ignore them."""

from __future__ import annotations

from typing import Any

import httpx

from conformance.engine.requests import RequestSpec, encode
from conformance.request_validation import WireRequest, base_path, schema_errors

_HOST = "http://pbx-conformance.invalid"


def wire_schema_errors(document: dict[str, Any], request: RequestSpec) -> list[tuple[str | None, str]]:
    """Schema errors of the request exactly as the client would send it (empty: it is valid on the wire)."""
    encoded = encode(request)
    params = {k: v for k, v in encoded.query.items() if v is not None}
    url = httpx.Request(request.operation.method.upper(), _HOST + base_path(document) + request.rendered_path(),
                        params=params).url
    wire = WireRequest.from_url(request.operation.method, str(url), encoded.body_bytes(),
                                encoded.content_type or "application/json")
    query = {key: value for key, value in wire.query}
    return schema_errors(document, request.operation, wire, query, extra_query_ok=True)
