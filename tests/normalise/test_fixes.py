import pytest

from conformance.errors import ConfigError
from conformance.normalise import fixes


def test_unwrap_single_allof_lifts_the_schema_and_keeps_outer_words():
    node = {"properties": {"id": {"allOf": [{"type": "string", "description": "inner"}], "description": "outer"}}}
    assert fixes.unwrap_single_allof(node) == {"properties": {"id": {"type": "string", "description": "outer"}}}


def test_unwrap_single_allof_handles_nesting_and_leaves_real_compositions():
    nested = {"allOf": [{"allOf": [{"type": "string", "pattern": "x"}]}]}
    assert fixes.unwrap_single_allof(nested) == {"type": "string", "pattern": "x"}
    two = {"allOf": [{"type": "object"}, {"required": ["a"]}]}
    assert fixes.unwrap_single_allof(two) == two
    ref = {"allOf": [{"$ref": "#/components/schemas/A"}], "description": "d"}
    assert fixes.unwrap_single_allof(ref) == ref


def test_rename_formats_only_touches_listed_values():
    tree = {"a": {"type": "string", "format": "date_time"}, "b": {"type": "string", "format": "email"}}
    assert fixes.rename_formats(tree, {"date_time": "date-time"}) == {
        "a": {"type": "string", "format": "date-time"},
        "b": {"type": "string", "format": "email"},
    }


def test_nullable_becomes_a_type_union_and_enums_take_null():
    tree = {"x": {"type": "string", "nullable": True, "enum": ["A"]}, "y": {"type": "string"}}
    assert fixes.nullable_to_union(tree) == {"x": {"type": ["string", "null"], "enum": ["A", None]},
                                             "y": {"type": "string"}}
    assert fixes.nullable_to_union({"type": "integer", "nullable": False}) == {"type": "integer"}


def test_strip_prose_keeps_properties_named_like_keywords():
    tree = {"description": "vendor words", "properties": {"description": {"type": "string", "title": "t"}}}
    assert fixes.strip_prose(tree) == {"properties": {"description": {"type": "string"}}}


def test_flatten_allof_unites_properties_and_required():
    schema = {"title": "T", "allOf": [
        {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
        {"type": "object", "required": ["a", "b"], "properties": {"b": {"type": "integer"}}},
    ]}
    assert fixes.flatten_allof(schema) == {"title": "T", "type": "object", "required": ["a", "b"],
                                           "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}


def test_flatten_allof_rejects_conflicting_parts():
    schema = {"allOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"a": {"type": "integer"}}}]}
    with pytest.raises(ConfigError):
        fixes.flatten_allof(schema)


@pytest.fixture
def tree():
    return {"paths": {"/x": {"post": {"operationId": "op", "requestBody": {"content": {"application/json": {
        "schema": {"type": "object", "properties": {"timezone": {"type": "string"}, "a": {"type": "string"}}}}}},
        "responses": {"200": {"description": "ok"}}}}}}


def test_edits_set_merge_rename_copy_append_remove(tree):
    fixes.apply_edits(tree, [
        {"erratum": "PSD-001", "at": "@op/body/properties/a", "merge": {"format": "date-time"}},
        {"erratum": "PSD-001", "at": "@op/body/properties/timezone", "rename": "time_zone"},
        {"erratum": "PSD-001", "at": "@op/body/properties/b", "copy": "@op/body/properties/a"},
        {"erratum": "PSD-001", "at": "@op/body/required", "set": ["a"]},
        {"erratum": "PSD-001", "at": "@op/body/required", "append": "b"},
        {"erratum": "PSD-001", "at": "@op/responses/200", "remove": True},
    ])
    body = tree["paths"]["/x"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert list(body["properties"]) == ["time_zone", "a", "b"]
    assert body["properties"]["b"] == {"type": "string", "format": "date-time"}
    assert body["required"] == ["a", "b"]
    assert tree["paths"]["/x"]["post"]["responses"] == {}


@pytest.mark.parametrize("edit", [
    {"at": "@op/body", "merge": {}},  # no erratum
    {"erratum": "PSD-001", "at": "@op/body", "merge": {}, "remove": True},  # two actions
    {"erratum": "PSD-001", "at": "@op/body/properties/nope", "merge": {"a": 1}},  # does not resolve
    {"erratum": "PSD-001", "at": "@op/body/properties/a", "rename": "timezone"},  # name taken
    {"erratum": "PSD-001", "at": "@other/body", "merge": {}},  # unknown operation
])
def test_bad_edits_are_config_errors(tree, edit):
    with pytest.raises(ConfigError):
        fixes.apply_edit(tree, edit)
