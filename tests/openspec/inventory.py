"""A small non-PBX API written for the tests: a stock inventory with a Swagger 2.0 document and an
``X-Auth-Token`` header, and an events feed described by an OpenAPI 3.0 document with a time window.

``inventory_app(defect)`` serves it clean (``defect=None``) or with one planted defect:
``crash`` (a 500 on a valid read), ``schema`` (an item's name comes back as a number), ``no-auth`` (requests
without a token are served), ``long-window`` (event windows longer than 24 h are served).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

TOKEN = "inventory-secret-token-42"
ITEMS = [{"id": n, "name": f"item {n}", "stock": n * 3} for n in range(1, 31)]
DEFECTS = ("crash", "schema", "no-auth", "long-window")

SWAGGER = {
    "swagger": "2.0",
    "info": {"title": "Inventory", "version": "1.0"},
    "basePath": "/v1",
    "produces": ["application/json"],
    "securityDefinitions": {"token": {"type": "apiKey", "in": "header", "name": "X-Auth-Token"}},
    "security": [{"token": []}],
    "definitions": {
        "Item": {"type": "object", "required": ["id", "name", "stock"],
                 "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                "stock": {"type": "integer", "minimum": 0}}},
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
    },
    "paths": {
        "/items": {"get": {
            "operationId": "listItems",
            "parameters": [{"name": "limit", "in": "query", "type": "integer", "minimum": 1, "maximum": 50}],
            "responses": {
                "200": {"description": "items", "schema": {"type": "object", "required": ["items"], "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/definitions/Item"}}}}},
                "400": {"description": "bad request", "schema": {"$ref": "#/definitions/Error"}},
                "401": {"description": "no token", "schema": {"$ref": "#/definitions/Error"}},
            },
        }},
        "/items/{id}": {"get": {
            "operationId": "getItem",
            "parameters": [{"name": "id", "in": "path", "required": True, "type": "integer"}],
            "responses": {
                "200": {"description": "one item", "schema": {"$ref": "#/definitions/Item"}},
                "400": {"description": "bad id", "schema": {"$ref": "#/definitions/Error"}},
                "401": {"description": "no token", "schema": {"$ref": "#/definitions/Error"}},
                "404": {"description": "no such item", "schema": {"$ref": "#/definitions/Error"}},
            },
        }},
    },
}

EVENTS_OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Inventory events", "version": "1.0"},
    "servers": [{"url": "/v1"}],
    "components": {"securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Auth-Token"}}},
    "security": [{"token": []}],
    "paths": {"/events": {"get": {
        "operationId": "listEvents",
        "parameters": [
            {"name": "from", "in": "query", "required": True, "schema": {"type": "string", "format": "date-time"}},
            {"name": "to", "in": "query", "required": True, "schema": {"type": "string", "format": "date-time"}},
        ],
        "responses": {
            "200": {"description": "events", "content": {"application/json": {"schema": {
                "type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": {
                    "type": "object", "properties": {"at": {"type": "string", "format": "date-time"},
                                                     "item": {"type": "integer"}}}}}}}}},
            "4XX": {"description": "refused"},
        },
    }}},
}

# The prose rule a reader of the events API would put in an overlay: a window of at most 24 hours.
EVENTS_OVERLAY = {
    "document": {"x-pbx-errors": {"statuses": ["4XX"], "unauthenticated": ["401", "403"]}},
    "operations": {"listEvents": {"x-pbx-time-window": {
        "start": {"in": "query", "name": "from"}, "end": {"in": "query", "name": "to"}, "notation": "rfc3339",
        "utc_offset": "required", "required": True, "max_seconds": 86400, "end_after_start": True}}},
}


def inventory_app(defect: str | None = None, *, bare_errors: bool = False) -> Starlette:
    """The API, clean or with one ``defect``; ``bare_errors``: refusals come without a body (as HTTP allows)."""
    assert defect is None or defect in DEFECTS

    def _refuse(status: int, message: str) -> Response:
        return Response(status_code=status) if bare_errors else JSONResponse({"message": message},
                                                                             status_code=status)

    def authorised(request: Request) -> bool:
        return defect == "no-auth" or request.headers.get("x-auth-token") == TOKEN

    async def list_items(request: Request) -> Response:
        if not authorised(request):
            return _refuse(401, "token required")
        raw = request.query_params.get("limit", "10")
        if not raw.isdigit() or not 1 <= int(raw) <= 50:
            return _refuse(400, "limit must be 1..50")
        return JSONResponse({"items": ITEMS[: int(raw)]})

    async def get_item(request: Request) -> Response:
        if not authorised(request):
            return _refuse(401, "token required")
        raw = request.path_params["id"]
        if not raw.lstrip("-").isdigit():
            return _refuse(400, "id must be an integer")
        item = next((i for i in ITEMS if i["id"] == int(raw)), None)
        if item is None:
            return _refuse(404, "no such item")
        if defect == "crash":
            return _refuse(500, "internal error")
        if defect == "schema":
            return JSONResponse({**item, "name": item["id"]})
        return JSONResponse(item)

    async def list_events(request: Request) -> Response:
        if not authorised(request):
            return _refuse(401, "token required")
        try:
            start = datetime.fromisoformat(request.query_params["from"].replace("Z", "+00:00"))
            end = datetime.fromisoformat(request.query_params["to"].replace("Z", "+00:00"))
        except (KeyError, ValueError):
            return _refuse(400, "from and to are RFC 3339 date-times")
        if start.tzinfo is None or end.tzinfo is None or end <= start:
            return _refuse(400, "a window with offsets whose end follows its start")
        if end - start > timedelta(hours=24) and defect != "long-window":
            return _refuse(400, "at most 24 hours")
        events: list[dict[str, Any]] = [{"at": (start + timedelta(minutes=30)).isoformat(), "item": 1}]
        return JSONResponse({"events": events})

    return Starlette(routes=[Route("/v1/items", list_items), Route("/v1/items/{id}", get_item),
                             Route("/v1/events", list_events)])
