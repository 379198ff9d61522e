from conformance.lint.model import LintDocument
from conformance.lint.walk import deref, flatten, iter_examples, walk_fields
from tests.lint.conftest import api, obj, operation, param

TREE = api(
    {"/a/{id}": {"parameters": [{"$ref": "#/components/parameters/Id"}],
                 "post": operation({"$ref": "#/components/schemas/Job"}, obj(n={"type": "integer"}))}},
    {"schemas": {"Base": obj(["from"], **{"from": {"type": "string"}}),
                 "Job": {"allOf": [{"$ref": "#/components/schemas/Base"},
                                   obj(["kind"], kind={"type": "string", "enum": ["A", "B"]})]}},
     "parameters": {"Id": param("id", "path")}},
)


def test_deref_follows_local_refs_and_reports_the_target_pointer():
    pointer, schema = deref(TREE, {"$ref": "#/components/schemas/Base"})
    assert pointer == "/components/schemas/Base"
    assert schema["required"] == ["from"]


def test_flatten_merges_allof_parts():
    flat = flatten(TREE, {"$ref": "#/components/schemas/Job"})
    assert flat["required"] == ["from", "kind"]
    assert set(flat["properties"]) == {"from", "kind"}


def test_walk_fields_sees_path_parameters_and_referenced_properties():
    names = {(f.name, f.where, f.pointer) for _p, _op, f in walk_fields(TREE)}
    assert ("id", "path", "/components/parameters/Id") in names
    assert ("kind", "property", "/components/schemas/Job/allOf/1/properties/kind") in names
    assert any(name == "n" for name, _w, _p in names)


def test_iter_examples_skips_properties_named_example():
    tree = api({"/a": {"get": operation(response=obj(example={"type": "string", "example": "x"}))}})
    found = [v for _p, v in iter_examples(LintDocument("t", "openapi", tree))]
    assert found == ["x"]
