"""Lint on any OpenAPI file: Swagger 2.0 and OpenAPI 3.0 documents, clean and with planted defects."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml

from conformance.cli import main
from conformance.lint import lint_documents
from conformance.lint.loaders import load_path

SWAGGER = {
    "swagger": "2.0",
    "info": {"title": "cdr", "version": "1"},
    "securityDefinitions": {"token": {"type": "apiKey", "in": "header", "name": "X-Auth-Token"}},
    "security": [{"token": []}],
    "paths": {"/cdrs/{cdr_id}": {"get": {
        "operationId": "getCdr",
        "parameters": [{"name": "cdr_id", "in": "path", "required": True, "type": "string"}],
        "responses": {
            "200": {"description": "the record", "schema": {"$ref": "#/definitions/Cdr"},
                    "examples": {"application/json": {"id": "c1", "billsec": 30}}},
            "404": {"description": "unknown", "schema": {"$ref": "#/definitions/Error"}}}}}},
    "definitions": {
        "Cdr": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "billsec": {"type": "integer", "minimum": 0, "x-nullable": True}}},
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}}},
}

OAS30 = {
    "openapi": "3.0.3",
    "info": {"title": "stats", "version": "1"},
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                   "schemas": {"Stats": {"type": "object", "properties": {
                       "answered": {"type": "integer", "nullable": True, "example": None},
                       "rate": {"type": "number", "minimum": 0, "maximum": 100, "exclusiveMaximum": True}}}}},
    "security": [{"bearer": []}],
    "paths": {"/stats": {"get": {"operationId": "getStats", "responses": {
        "200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stats"}}}},
        "400": {"description": "bad", "content": {"application/json": {"schema": {"type": "object"}}}}}}}},
}


def _lint(tmp_path: Path, document: dict, name: str) -> list[str]:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document) if name.endswith(".yaml") else json.dumps(document), "utf-8")
    return [f"{f.rule} {f.pointer}" for f in lint_documents(load_path(path))]


def test_clean_swagger_20_and_openapi_30_files_have_no_findings(tmp_path):
    assert _lint(tmp_path, SWAGGER, "swagger.json") == []
    assert _lint(tmp_path, OAS30, "api.yaml") == []


def test_swagger_20_defects_are_found(tmp_path):
    broken = copy.deepcopy(SWAGGER)
    op = broken["paths"]["/cdrs/{cdr_id}"]["get"]
    op["parameters"][0]["name"] = "id"
    op["responses"]["200"]["examples"]["application/json"]["billsec"] = "thirty"
    broken["definitions"]["Cdr"]["required"].append("cost")
    found = _lint(tmp_path, broken, "swagger.json")
    assert "LINT-PATH-PARAMETER-MISMATCH /paths/~1cdrs~1{cdr_id}/get" in found
    example = "/paths/~1cdrs~1{cdr_id}/get/responses/200/examples/application~1json"
    assert f"LINT-RESPONSE-EXAMPLE-MISMATCH {example}" in found
    assert "LINT-REQUIRED-UNDEFINED /definitions/Cdr/required/1" in found


def test_openapi_30_defects_are_found(tmp_path):
    broken = copy.deepcopy(OAS30)
    stats = broken["components"]["schemas"]["Stats"]["properties"]
    stats["answered"]["nullable"] = False
    stats["rate"]["minimum"] = 100
    found = _lint(tmp_path, broken, "api.yaml")
    assert "LINT-EXAMPLE-SCHEMA-MISMATCH /components/schemas/Stats/properties/answered/example" in found
    assert "LINT-BOUNDS-INVERTED /components/schemas/Stats/properties/rate" in found


def test_cli_lints_an_openapi_file_given_by_path(tmp_path, capsys):
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(OAS30), "utf-8")
    assert main(["lint", str(path)]) == 0
    assert "0 not in the errata register" in capsys.readouterr().out
