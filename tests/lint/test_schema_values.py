"""Examples, defaults and enums against their own schemas; bounds, required names, patterns."""

from __future__ import annotations

from tests.lint.conftest import api, obj, operation

S = {"type": "string"}
INT = {"type": "integer"}


def test_example_schema_mismatch_fires_and_stays_quiet(lint):
    bad = api({"/a": {"post": operation(obj(n={**INT, "example": "ten"}, t={**S, "format": "date-time",
                                                                             "example": "2025-13-40"}))}})
    pointers = sorted(f.pointer.rsplit("/", 2)[-2] for f in lint(bad, "LINT-EXAMPLE-SCHEMA-MISMATCH"))
    assert pointers == ["n", "t"]
    good = api({"/a": {"post": operation(obj(n={**INT, "example": 10}, t={**S, "format": "date-time",
                                                                        "example": "2025-01-02T03:04:05Z"}))}})
    assert lint(good, "LINT-EXAMPLE-SCHEMA-MISMATCH") == []


def test_example_schema_mismatch_follows_refs_and_oas30_nullable(lint):
    tree = api({"/a": {"post": operation({"$ref": "#/components/schemas/Job"})}},
               {"schemas": {"Job": {**obj(["n"], n={**INT, "nullable": True}), "example": {"n": None}}}})
    tree["openapi"] = "3.0.3"
    assert lint(tree, "LINT-EXAMPLE-SCHEMA-MISMATCH") == []
    tree["components"]["schemas"]["Job"]["example"] = {"m": 1}
    findings = lint(tree, "LINT-EXAMPLE-SCHEMA-MISMATCH")
    assert [f.pointer for f in findings] == ["/components/schemas/Job/example"]
    assert "'n' is a required property" in findings[0].message


def test_response_example_mismatch(lint):
    schema = obj(["count"], count=INT)
    tree = api({"/a": {"get": operation(response=schema)}})
    media = tree["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
    media["example"] = {"count": 3}
    assert lint(tree, "LINT-RESPONSE-EXAMPLE-MISMATCH") == []
    media["examples"] = {"one": {"value": {"count": "3"}}}
    findings = lint(tree, "LINT-RESPONSE-EXAMPLE-MISMATCH")
    assert [f.pointer for f in findings] == [
        "/paths/~1a/get/responses/200/content/application~1json/examples/one/value"]
    assert "200 response" in findings[0].message


def test_default_schema_mismatch(lint):
    tree = api({"/a": {"post": operation(obj(top={**INT, "maximum": 100, "default": 500}))}})
    assert [f.pointer.rsplit("/", 1)[-1] for f in lint(tree, "LINT-DEFAULT-SCHEMA-MISMATCH")] == ["default"]
    tree["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["top"][
        "default"] = 100
    assert lint(tree, "LINT-DEFAULT-SCHEMA-MISMATCH") == []


def test_enum_schema_mismatch_and_duplicates(lint):
    tree = api({"/a": {"post": operation(obj(kind={**S, "enum": ["A", 2, "A"]}))}})
    assert [f.pointer.rsplit("/", 1)[-1] for f in lint(tree, "LINT-ENUM-SCHEMA-MISMATCH")] == ["1"]
    assert [f.pointer.rsplit("/", 1)[-1] for f in lint(tree, "LINT-ENUM-DUPLICATE")] == ["2"]
    clean = api({"/a": {"post": operation(obj(kind={"type": ["string", "null"], "enum": ["A", "B", None]}))}})
    assert lint(clean, "LINT-ENUM-SCHEMA-MISMATCH") == [] and lint(clean, "LINT-ENUM-DUPLICATE") == []


def test_bounds_inverted(lint):
    tree = api({"/a": {"post": operation(obj(hour={**INT, "minimum": 24, "maximum": 0},
                                             name={**S, "minLength": 5, "maxLength": 2},
                                             ok={**INT, "minimum": 0, "maximum": 23},
                                             edge={**INT, "exclusiveMinimum": 5, "maximum": 5}))}})
    found = sorted(f.pointer.split("/properties/")[1] for f in lint(tree, "LINT-BOUNDS-INVERTED"))
    assert found == ["edge", "hour", "name/minLength"]


def test_required_undefined(lint):
    tree = api({"/a": {"post": operation(obj(["name", "queue_id"], name=S, queue=S))}})
    findings = lint(tree, "LINT-REQUIRED-UNDEFINED")
    assert [f.pointer.rsplit("/", 2)[-2:] for f in findings] == [["required", "1"]]
    assert "`queue_id`" in findings[0].message


def test_required_undefined_quiet_with_allof_and_oneof_parts(lint):
    tree = api({"/a": {"post": operation({"allOf": [obj(name=S), {"required": ["name"]}],
                                          "oneOf": [{"required": ["name"]}]})}})
    assert lint(tree, "LINT-REQUIRED-UNDEFINED") == []


def test_pattern_rules(lint):
    tree = api({"/a": {"post": operation(obj(a={**S, "pattern": "[0-9]{3}"}, b={**S, "pattern": "^[0-9]{3}$"},
                                             c={**S, "pattern": "^([0-9]$"}))}})
    assert [f.pointer.split("/properties/")[1] for f in lint(tree, "LINT-PATTERN-UNANCHORED")] == ["a/pattern"]
    assert [f.pointer.split("/properties/")[1] for f in lint(tree, "LINT-PATTERN-INVALID")] == ["c/pattern"]
