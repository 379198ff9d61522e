"""Structural rules: meta-schema, references, operation ids, path templates, fragments."""

from __future__ import annotations

import copy

from conformance.lint.loaders import load_text
from conformance.lint.runner import lint_documents
from tests.lint.conftest import api, obj, operation, param

S = {"type": "string"}


def test_meta_schema_fires_on_an_invalid_parameter_location(lint):
    tree = api({"/a": {"get": operation(response=S, parameters=[{"name": "q", "in": "body-ish", "schema": S}])}})
    findings = lint(tree, "LINT-OPENAPI-SCHEMA")
    assert findings and findings[0].pointer == "/paths/~1a/get/parameters/0/in"


def test_meta_schema_quiet_on_valid_30_31_and_20_documents(lint):
    tree31 = api({"/a": {"get": operation(response=S, parameters=[param("q")])}})
    tree30 = copy.deepcopy(tree31) | {"openapi": "3.0.3"}
    swagger = {"swagger": "2.0", "info": {"title": "t", "version": "1"},
               "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "query", "type": "string"}],
                                        "responses": {"200": {"description": "ok", "schema": S}}}}}}
    for tree in (tree31, tree30, swagger):
        assert lint(tree, "LINT-OPENAPI-SCHEMA") == []


def test_meta_schema_fires_on_a_swagger_20_response_without_description(lint):
    swagger = {"swagger": "2.0", "info": {"title": "t", "version": "1"},
               "paths": {"/a": {"get": {"responses": {"200": {"schema": S}}}}}}
    assert [f.pointer for f in lint(swagger, "LINT-OPENAPI-SCHEMA")] == ["/paths/~1a/get/responses/200"]


def test_ref_unresolved_fires_on_a_missing_component_and_quiet_on_present_ones(lint):
    tree = api({"/a": {"get": operation(response={"$ref": "#/components/schemas/Job"})}},
               {"schemas": {"Jobs": obj(n=S)}})
    findings = lint(tree, "LINT-REF-UNRESOLVED")
    assert [f.pointer for f in findings] == [
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref"]
    tree["components"]["schemas"]["Job"] = obj(n=S)
    assert lint(tree, "LINT-REF-UNRESOLVED") == []


def test_ref_unresolved_ignores_refs_inside_example_values(lint):
    tree = api({"/a": {"get": operation(response={"type": "object", "example": {"$ref": "#/nowhere"}})}})
    assert lint(tree, "LINT-REF-UNRESOLVED") == []


def test_operation_id_duplicate(lint):
    tree = api({"/a": {"get": operation(response=S, operation_id="getA")},
                "/b": {"get": operation(response=S, operation_id="getA")}})
    findings = lint(tree, "LINT-OPERATION-ID-DUPLICATE")
    assert [f.pointer for f in findings] == ["/paths/~1b/get/operationId"]
    tree["paths"]["/b"]["get"]["operationId"] = "getB"
    assert lint(tree, "LINT-OPERATION-ID-DUPLICATE") == []


def test_path_parameter_mismatch_both_ways(lint):
    tree = api({"/jobs/{job_id}": {"get": operation(response=S, parameters=[param("id", "path")])}})
    findings = {f.pointer: f.message for f in lint(tree, "LINT-PATH-PARAMETER-MISMATCH")}
    assert set(findings) == {"/paths/~1jobs~1{job_id}/get", "/paths/~1jobs~1{job_id}/get/parameters/0"}
    assert "declares `id`" in findings["/paths/~1jobs~1{job_id}/get"]


def test_path_parameter_mismatch_quiet_with_path_level_parameters(lint):
    tree = api({"/jobs/{id}": {"parameters": [param("id", "path")], "get": operation(response=S)}})
    assert lint(tree, "LINT-PATH-PARAMETER-MISMATCH") == []


FRAGMENT = '{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"a",' \
           '"responses":{"200":{"description":"ok"}}}}}}'


def test_fragment_invalid_fires_on_broken_and_repeated_fragments():
    blocks = [FRAGMENT, FRAGMENT, FRAGMENT[:-2]]
    text = "".join(f"# {i}\n\n```json\n{block}\n```\n\n" for i, block in enumerate(blocks))
    findings = lint_documents(load_text(text, "doc.md"), ["LINT-FRAGMENT-INVALID"])
    assert sorted(f.pointer for f in findings) == ["", "/paths/~1a/get"]
    assert any("does not parse" in f.message for f in findings)


def test_fragment_invalid_quiet_on_distinct_fragments():
    other = FRAGMENT.replace('"/a"', '"/b"').replace('"a"', '"b"')
    text = f"# A\n\n```json\n{FRAGMENT}\n```\n\n# B\n\n```json\n{other}\n```\n"
    assert lint_documents(load_text(text, "doc.md"), ["LINT-FRAGMENT-INVALID"]) == []
