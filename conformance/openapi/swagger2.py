"""Swagger 2.0 to OpenAPI 3.0: the structural conversion the engine needs (no library does it in Python).

Covered: servers from host/basePath/schemes; definitions, parameters, responses and security definitions
moved under components; body and form parameters as request bodies; parameter and header types as schemas;
response schemas under the operation's media types; x-nullable as nullable; $refs rewritten. Vendor
extensions (x-*) are kept where they stand.
"""

from __future__ import annotations

import copy
from typing import Any

_SCHEMA_KEYS = ("type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum",
                "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
                "multipleOf")
_REF_MOVES = (("#/definitions/", "#/components/schemas/"), ("#/parameters/", "#/components/parameters/"),
              ("#/responses/", "#/components/responses/"))
_JSON = "application/json"


def is_swagger2(document: dict[str, Any]) -> bool:
    return str(document.get("swagger", "")).startswith("2")


def _refs(node: Any, body_params: set[str]) -> Any:
    """``node`` with every $ref pointing to its OpenAPI 3 place and x-nullable read as nullable."""
    if isinstance(node, list):
        return [_refs(item, body_params) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            name = value.rsplit("/", 1)[-1]
            if value.startswith("#/parameters/") and name in body_params:
                value = f"#/components/requestBodies/{name}"
            for old, new in _REF_MOVES:
                if value.startswith(old):
                    value = new + value[len(old):]
            out[key] = value
        elif key == "x-nullable":
            out["nullable"] = bool(value)
        else:
            out[key] = _refs(value, body_params)
    return out


def _schema_of(parameter: dict[str, Any]) -> dict[str, Any]:
    schema = {k: parameter[k] for k in _SCHEMA_KEYS if k in parameter}
    if schema.get("type") == "file":
        schema = {"type": "string", "format": "binary"}
    return schema


def _parameter(parameter: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in parameter:
        return parameter
    out = {k: v for k, v in parameter.items() if k in ("name", "in", "description", "required", "allowEmptyValue")
           or k.startswith("x-")}
    out["schema"] = _schema_of(parameter)
    fmt = parameter.get("collectionFormat")
    if parameter.get("type") == "array" and fmt:
        out["style"] = {"csv": "form", "ssv": "spaceDelimited", "pipes": "pipeDelimited"}.get(fmt, "form")
        out["explode"] = fmt == "multi"
        if fmt == "csv" and parameter.get("in") != "query":
            out["style"] = "simple"
    return out


def _request_body(body: dict[str, Any] | None, form: list[dict[str, Any]],
                  consumes: list[str]) -> dict[str, Any] | None:
    if body is not None:
        if "$ref" in body:
            return {"$ref": body["$ref"]}
        types = [c for c in consumes if "form" not in c] or [_JSON]
        out: dict[str, Any] = {"content": {t: {"schema": body.get("schema") or {}} for t in types}}
        if body.get("required"):
            out["required"] = True
        if body.get("description"):
            out["description"] = body["description"]
        return out
    if form:
        schema: dict[str, Any] = {"type": "object", "properties": {p["name"]: _schema_of(p) for p in form}}
        required = [p["name"] for p in form if p.get("required")]
        if required:
            schema["required"] = required
        types = [c for c in consumes if "form" in c] or ["application/x-www-form-urlencoded"]
        return {"content": {t: {"schema": schema} for t in types}, "required": bool(required)}
    return None


def _response(response: dict[str, Any], produces: list[str]) -> dict[str, Any]:
    if "$ref" in response:
        return response
    out = {k: v for k, v in response.items() if k == "description" or k.startswith("x-")}
    out.setdefault("description", "")
    if "schema" in response:
        examples = response.get("examples") or {}
        out["content"] = {t: {"schema": response["schema"], **({"example": examples[t]} if t in examples else {})}
                          for t in (produces or [_JSON])}
    if response.get("headers"):
        out["headers"] = {name: {"schema": _schema_of(header), **({"description": header["description"]}
                                                                  if "description" in header else {})}
                          for name, header in response["headers"].items()}
    return out


def _security_scheme(scheme: dict[str, Any]) -> dict[str, Any]:
    kind = scheme.get("type")
    extra = {k: v for k, v in scheme.items() if k == "description" or k.startswith("x-")}
    if kind == "basic":
        return {"type": "http", "scheme": "basic", **extra}
    if kind == "apiKey":
        return {"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in"), **extra}
    flow = {"implicit": "implicit", "password": "password", "application": "clientCredentials",
            "accessCode": "authorizationCode"}.get(scheme.get("flow", ""), "clientCredentials")
    urls = {k: scheme[k] for k in ("authorizationUrl", "tokenUrl") if k in scheme}
    return {"type": "oauth2", "flows": {flow: {**urls, "scopes": scheme.get("scopes") or {}}}, **extra}


def to_openapi3(source: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI 3.0.3 equivalent of a Swagger 2.0 document (``source`` is left as it is)."""
    doc = copy.deepcopy(source)
    global_params = doc.get("parameters") or {}
    body_params = {name for name, p in global_params.items() if p.get("in") == "body"}
    doc = _refs(doc, body_params)
    consumes, produces = doc.get("consumes") or [], doc.get("produces") or []
    base = doc.get("basePath") or ""
    host = doc.get("host")
    servers = [{"url": f"{scheme}://{host}{base}"} for scheme in (doc.get("schemes") or ["https"])] if host \
        else [{"url": base or "/"}]
    components: dict[str, Any] = {}
    if doc.get("definitions"):
        components["schemas"] = doc["definitions"]
    if global_params:
        components["parameters"] = {n: _parameter(p) for n, p in global_params.items() if n not in body_params}
        bodies = {n: _request_body(p, [], consumes) for n, p in global_params.items() if n in body_params}
        if bodies:
            components["requestBodies"] = bodies
    if doc.get("responses"):
        components["responses"] = {n: _response(r, produces) for n, r in doc["responses"].items()}
    if doc.get("securityDefinitions"):
        components["securitySchemes"] = {n: _security_scheme(s) for n, s in doc["securityDefinitions"].items()}
    paths: dict[str, Any] = {}
    for path, item in (doc.get("paths") or {}).items():
        new_item: dict[str, Any] = {}
        shared = item.get("parameters") or []
        for key, value in item.items():
            if key == "parameters":
                new_item["parameters"] = [_parameter(p) for p in value if not _is_body(p) and p.get("in") != "formData"]
            elif key.startswith("x-") or not isinstance(value, dict):
                new_item[key] = value
            else:
                new_item[key] = _operation(value, shared, consumes, produces)
        paths[path] = new_item
    out: dict[str, Any] = {"openapi": "3.0.3", "info": doc.get("info") or {"title": "API", "version": "0"},
                           "servers": servers, "paths": paths}
    if components:
        out["components"] = components
    for key in ("security", "tags", "externalDocs"):
        if key in doc:
            out[key] = doc[key]
    out.update({k: v for k, v in doc.items() if k.startswith("x-")})
    return out


def _is_body(parameter: dict[str, Any]) -> bool:
    return parameter.get("in") == "body" or str(parameter.get("$ref", "")).startswith("#/components/requestBodies/")


def _operation(op: dict[str, Any], shared: list[dict[str, Any]], consumes: list[str],
               produces: list[str]) -> dict[str, Any]:
    params = op.get("parameters") or []
    body = next((p for p in params + shared if _is_body(p)), None)
    form = [p for p in params + shared if p.get("in") == "formData"]
    out = {k: v for k, v in op.items() if k not in ("parameters", "responses", "consumes", "produces", "schemes")}
    plain = [_parameter(p) for p in params if not _is_body(p) and p.get("in") != "formData"]
    if plain:
        out["parameters"] = plain
    request_body = _request_body(body, form, op.get("consumes") or consumes)
    if request_body is not None:
        out["requestBody"] = request_body
    out["responses"] = {str(code): _response(r, op.get("produces") or produces)
                        for code, r in (op.get("responses") or {}).items()}
    return out
