"""The coverage table: every documented request parameter, the relations that could prove its effect, and
those a run evaluated."""

from __future__ import annotations

from typing import Any

from conformance.checkapi.basis import http
from conformance.checkapi.model import CheckInfo
from conformance.engine.coverage import coverage, request_parameters
from conformance.engine.results import SpecRun
from conformance.specs import iter_operations

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "components": {"schemas": {"Filter": {"type": "object", "properties": {"direction": {"type": "string"}}}},
                   "securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "token"}}},
    "paths": {"/calls": {"post": {
        "operationId": "listCalls",
        "x-pbx-access": "read",
        "parameters": [{"name": "top", "in": "query", "schema": {"type": "integer"}},
                       {"name": "token", "in": "query", "schema": {"type": "string"}}],
        "x-pbx-pagination": {"top": "top", "skip": "skip", "items": "/items"},
        "requestBody": {"content": {"application/json": {"schema": {
            "allOf": [{"$ref": "#/components/schemas/Filter"},
                      {"type": "object", "properties": {"caller": {"type": "string"}}}]}}}},
        "responses": {"200": {"description": "ok"}},
    }}},
}
RELATION = CheckInfo("X-DIRECTION-HONOURED", "direction selects calls", "acme", "listCalls", "major", "invariant",
                     operations=("listCalls",), basis=http("test"), covers=("direction",))
NEGATIVE = CheckInfo("X-DIRECTION-REFUSED", "bad direction refused", "acme", "listCalls", "major", "negative",
                     basis=http("test"), covers=("direction",))
PAGE = CheckInfo("PAGE-TOP-RESPECTED", "top", None, "x", "major", "invariant", basis=http("test"))


def test_request_parameters_cover_query_and_every_body_variant_but_credentials() -> None:
    op = next(iter_operations(DOCUMENT))
    assert request_parameters(DOCUMENT, op) == ["query.top", "body.direction", "body.caller"]


def test_relations_are_effect_checks_that_name_the_parameter_or_cover_it_by_extension() -> None:
    table = {row.parameter: row for row in coverage(DOCUMENT, "acme", [RELATION, NEGATIVE, PAGE])}
    assert table["body.direction"].relations == ["X-DIRECTION-HONOURED"]  # a refusal proves no effect
    assert table["query.top"].relations == ["PAGE-TOP-RESPECTED"]  # from x-pbx-pagination
    assert table["body.caller"].relations == [] and not table["body.caller"].covered


def test_a_parameter_is_exercised_only_when_its_relation_ran_on_the_operation() -> None:
    run = SpecRun("acme", "t", False)
    run.result("X-DIRECTION-HONOURED", "listCalls").add(None)
    run.result("PAGE-TOP-RESPECTED", "listCalls")  # created, never evaluated
    table = {row.parameter: row for row in coverage(DOCUMENT, "acme", [RELATION, PAGE], run)}
    assert table["body.direction"].exercised_by == ["X-DIRECTION-HONOURED"] and table["body.direction"].covered
    assert table["query.top"].exercised_by == [] and not table["query.top"].covered
