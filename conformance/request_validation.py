"""Is a request valid against its spec's schema? One answer for the simulator (which refuses what is
invalid) and the engine (which must not expect a refusal for a request that is valid on the wire).

openapi-core validates parameters and bodies; query parameters serialised as ``style: form, explode: true``
objects (each property its own query parameter) are validated here with jsonschema, against the
alternative their values select.
"""

from __future__ import annotations

import copy
import functools
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jsonschema
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from conformance.refs import resolve_ref
from conformance.specs import Operation, iter_operations

FieldError = tuple[str | None, str]


def base_path(document: dict[str, Any]) -> str:
    """The path part of the spec's first server URL (``/api`` for PortSIP, empty for the others)."""
    servers = document.get("servers") or [{"url": "/"}]
    url = servers[0]["url"]
    for name, variable in (servers[0].get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(variable.get("default", "")))
    return urlsplit(url).path.rstrip("/")



def validator_document(document: dict[str, Any], mount: str) -> dict[str, Any]:
    """The spec as openapi-core should see it: served here, authentication handled by the simulator,
    exploded object query parameters left to ``exploded_errors``."""
    doc = copy.deepcopy(document)
    doc["servers"] = [{"url": mount or "/"}]
    doc.pop("security", None)
    for op in iter_operations(doc):
        op.operation.pop("security", None)
        exploded = {p["name"] for p in exploded_object_params(doc, op.operation)}
        if exploded:
            op.operation["parameters"] = [
                p for p in op.operation.get("parameters") or []
                if resolve_ref(doc, p).get("name") not in exploded
            ]
    return doc



def query_credential_names(document: dict[str, Any]) -> frozenset[str]:
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    return frozenset(s["name"] for s in schemes.values() if s.get("type") == "apiKey" and s.get("in") == "query")



@functools.cache
def _validator(document_json: str, mount: str) -> OpenAPI:
    return OpenAPI.from_dict(validator_document(json.loads(document_json), mount))


_BY_IDENTITY: dict[int, tuple[dict[str, Any], OpenAPI]] = {}  # the document object kept, so its id stays its own


def validator_for(document: dict[str, Any]) -> OpenAPI:
    """An openapi-core validator for the spec as served at its base path (cached per document; the same
    document object, asked again, is not serialised again)."""
    known = _BY_IDENTITY.get(id(document))
    if known is not None and known[0] is document:
        return known[1]
    validator = _validator(json.dumps(document, sort_keys=True), base_path(document))
    if len(_BY_IDENTITY) >= 64:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[id(document)] = (document, validator)
    return validator


@dataclass
class WireRequest:
    """A request as it travels (path with the base path, raw query string, raw body), in the shape
    openapi-core reads."""

    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | None = None
    content_type: str = "application/json"
    host_url: str = "http://127.0.0.1"

    @property
    def parameters(self) -> RequestParameters:
        return RequestParameters(query=ImmutableMultiDict(self.query), header=Headers(), cookie=ImmutableMultiDict())

    @classmethod
    def from_url(cls, method: str, url: str, body: bytes | None, content_type: str = "application/json") -> WireRequest:
        parts = urlsplit(url)
        return cls(method.lower(), parts.path, parse_qsl(parts.query, keep_blank_values=True), body, content_type)


def _error_field(error: Any) -> str | None:
    name = getattr(error, "name", None)
    if isinstance(name, str):
        return name
    cause = error.__cause__
    for schema_error in getattr(cause, "schema_errors", None) or ():
        path = list(getattr(schema_error, "path", []) or [])
        if path:
            return str(path[0])
    return None



def _schema_messages(error: Any) -> list[tuple[str | None, str]]:
    cause = error.__cause__
    schema_errors = list(getattr(cause, "schema_errors", None) or ())
    if not schema_errors:
        return [(_error_field(error), str(error))]
    out = []
    for schema_error in schema_errors:
        path = [str(p) for p in getattr(schema_error, "path", []) or []]
        field = path[0] if path else getattr(error, "name", None)
        out.append((field, f"{'/'.join(path) or 'body'}: {schema_error.message}"))
    return out



def exploded_object_params(document: dict[str, Any], op: dict[str, Any]) -> list[dict[str, Any]]:
    """Query parameters serialised as ``style: form, explode: true`` objects (each property is its own
    query parameter); openapi-core cannot read them, so the simulator validates them itself."""
    found = []
    for param in op.get("parameters") or []:
        param = resolve_ref(document, param)
        if param.get("in") == "query" and param.get("style", "form") == "form" and param.get("explode", True):
            schema = resolve_ref(document, param.get("schema"))
            if isinstance(schema, dict) and (schema.get("type") == "object" or "oneOf" in schema or "anyOf" in schema):
                found.append(param)
    return found



def _typed(value: str, types: set[str]) -> Any:
    """A query string value as the JSON type its schema allows (string kept when nothing else fits)."""
    if "integer" in types and value.lstrip("-").isdigit():
        return int(value)
    if "number" in types:
        try:
            return float(value)
        except ValueError:
            pass
    if "boolean" in types and value in ("true", "false"):
        return value == "true"
    return value



def _property_types(document: dict[str, Any], schema: Any) -> dict[str, set[str]]:
    types: dict[str, set[str]] = {}
    stack = [schema]
    while stack:
        node = resolve_ref(document, stack.pop())
        if not isinstance(node, dict):
            continue
        for name, sub in (node.get("properties") or {}).items():
            sub = resolve_ref(document, sub)
            kind = sub.get("type") if isinstance(sub, dict) else None
            types.setdefault(name, set()).update([kind] if isinstance(kind, str) else kind or [])
        for key in ("oneOf", "anyOf", "allOf"):
            stack.extend(node.get(key) or [])
    return types



def _variant(document: dict[str, Any], schema: Any, value: dict[str, Any]) -> Any:
    """The ``oneOf``/``anyOf`` alternative whose ``const`` properties the value matches, when exactly one does
    (so errors name the field of that alternative); otherwise the schema itself."""
    resolved = resolve_ref(document, schema)
    alternatives = [resolve_ref(document, a) for a in (resolved.get("oneOf") or resolved.get("anyOf") or [])]
    matching = []
    for alternative in alternatives:
        consts = {k: v["const"] for k, v in (alternative.get("properties") or {}).items()
                  if isinstance(v, dict) and "const" in v}
        if consts and all(value.get(k) == v for k, v in consts.items()):
            matching.append(alternative)
    return matching[0] if len(matching) == 1 else schema



def _jsonschema_error_field(error: jsonschema.ValidationError, fallback: str | None) -> str | None:
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        if missing:
            return str(missing[0])
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set((error.schema.get("properties") or {}) if isinstance(error.schema, dict) else ())
        extra = [name for name in error.instance if name not in allowed]
        if extra:
            return str(extra[0])
    return str(error.absolute_path[0]) if error.absolute_path else fallback



def tagged_alternatives(document: dict[str, Any], operation: Operation) -> list[dict[str, Any]]:
    """The ``const`` values that select each alternative of an exploded object query parameter
    (e.g. ``[{"type": "ivr"}, {"type": "queueperformance"}, ...]``); empty when there is none."""
    tags: list[dict[str, Any]] = []
    for param in exploded_object_params(document, operation.operation):
        resolved = resolve_ref(document, param.get("schema"))
        for alternative in resolved.get("oneOf") or resolved.get("anyOf") or []:
            alternative = resolve_ref(document, alternative)
            consts = {k: v["const"] for k, v in (alternative.get("properties") or {}).items()
                      if isinstance(v, dict) and "const" in v}
            if consts:
                tags.append(consts)
    return tags


def exploded_errors(document: dict[str, Any], params: list[dict[str, Any]], query: dict[str, str],
                    reserved: frozenset[str], extra_query_ok: bool = False) -> list[FieldError]:
    """Errors of exploded object query parameters (values typed by their schema first); with
    ``extra_query_ok`` a query parameter the alternative does not name is not an error."""
    found: list[FieldError] = []
    for param in params:
        schema = param.get("schema")
        types = _property_types(document, schema)
        value = {k: _typed(v, types.get(k, set())) for k, v in query.items() if k not in reserved}
        chosen = _variant(document, schema, value)
        root = dict(resolve_ref(document, chosen)) if isinstance(chosen, dict) else {}
        root["components"] = document.get("components") or {}
        errors = [e for e in jsonschema.Draft202012Validator(root).iter_errors(value)
                  if not (extra_query_ok and e.validator == "additionalProperties" and not e.absolute_path)]
        if errors:
            best = jsonschema.exceptions.best_match(errors)
            ranked = [best] + [e for e in errors if e is not best]
            found += [(_jsonschema_error_field(e, param.get("name")), f"query: {e.message}") for e in ranked]
    return found


def schema_errors(document: dict[str, Any], operation: Operation, request: Any,
                  query: dict[str, str], extra_query_ok: bool = False) -> list[FieldError]:
    """Every schema error of a request to ``operation`` (field, message); empty when it is valid.

    ``extra_query_ok``: query parameters the spec does not name are not errors (openapi-core never counts them;
    servers commonly ignore them, so a client-side judge must not expect them refused)."""
    try:
        found = [problem for error in validator_for(document).iter_request_errors(request)
                 for problem in _schema_messages(error)]
    except (UnicodeDecodeError, ValueError) as exc:  # a body openapi-core cannot even decode
        return [(None, f"unreadable request: {exc}")]
    exploded = exploded_object_params(document, operation.operation)
    if exploded:
        found += exploded_errors(document, exploded, query, query_credential_names(document), extra_query_ok)
    return found
