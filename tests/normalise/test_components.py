import pytest

from conformance.errors import ConfigError
from conformance.normalise.components import Hoist, discriminate, hoist

STATUS = {"type": "string", "enum": ["A", "B"]}


def doc(**props):
    return {"paths": {"/x": {"post": {"operationId": "op", "requestBody": {"content": {"application/json": {
        "schema": {"type": "object", "properties": props}}}}, "responses": {"200": {"description": "ok"}}}}}}


def body(tree):
    return tree["paths"]["/x"]["post"]["requestBody"]["content"]["application/json"]["schema"]


def test_hoist_replaces_every_equal_copy():
    tree = doc(s=dict(STATUS), t={"type": "array", "items": dict(STATUS)}, u={"type": "string"})
    hoist(tree, Hoist.parse("schemas", "Status", {"source": "@op/body/properties/s"}))
    assert tree["components"]["schemas"]["Status"] == STATUS
    assert body(tree)["properties"]["s"] == {"$ref": "#/components/schemas/Status"}
    assert body(tree)["properties"]["t"]["items"] == {"$ref": "#/components/schemas/Status"}
    assert body(tree)["properties"]["u"] == {"type": "string"}


def test_scoped_hoist_only_replaces_named_properties():
    tree = doc(start={"type": "string"}, other={"type": "string"})
    hoist(tree, Hoist.parse("schemas", "Start", {"schema": {"type": "string"}, "match": {"properties": ["start"]}}))
    assert body(tree)["properties"] == {"start": {"$ref": "#/components/schemas/Start"}, "other": {"type": "string"}}


def test_scoped_hoist_refuses_a_named_property_of_another_shape():
    tree = doc(start={"type": "integer"})
    with pytest.raises(ConfigError, match="differs"):
        hoist(tree, Hoist.parse("schemas", "Start", {"schema": {"type": "string"},
                                                     "match": {"properties": ["start"]}}))


def test_a_shape_that_matches_nothing_is_an_error_unless_allowed():
    with pytest.raises(ConfigError, match="matches nothing"):
        hoist(doc(a={"type": "string"}), Hoist.parse("schemas", "E", {"schema": {"type": "boolean"}}))
    tree = doc(a={"type": "string"})
    hoist(tree, Hoist.parse("schemas", "E", {"schema": {"type": "boolean"}, "unused_ok": True}))
    assert tree["components"]["schemas"]["E"] == {"type": "boolean"}


ALTERNATIVES = [
    {"title": "X", "allOf": [{"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}]},
    {"title": "Y", "allOf": [{"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
                             {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}}]},
]
RULE = {"name": "ByKind", "source": "@op/body/properties/p/oneOf", "property": "p", "key": "kind",
        "select": "title", "sites": ["@op/body"],
        "cases": [{"when": "X", "alternative": "X", "component": "XP"},
                  {"when": "Y", "alternative": "Y", "component": "YP"}]}


def test_discriminate_ties_the_property_to_the_key():
    tree = doc(kind={"type": "string"}, p={"oneOf": [dict(a) for a in ALTERNATIVES]})
    discriminate(tree, RULE)
    schemas = tree["components"]["schemas"]
    assert schemas["YP"]["required"] == ["a", "b"]
    assert body(tree)["properties"]["p"] == {"type": "object"}
    assert body(tree)["allOf"] == [{"$ref": "#/components/schemas/ByKind"}]
    branches = schemas["ByKind"]["anyOf"]
    assert branches[0] == {"required": ["kind"], "properties": {"kind": {"const": "X"},
                                                                 "p": {"$ref": "#/components/schemas/XP"}}}
    assert branches[-1] == {"properties": {"kind": False}}


def test_discriminate_refuses_sites_with_other_alternatives():
    tree = doc(kind={"type": "string"}, p={"oneOf": [dict(a) for a in ALTERNATIVES]})
    tree["paths"]["/x"]["post"]["responses"]["200"] = {"content": {"application/json": {"schema": {
        "type": "object", "properties": {"p": {"oneOf": ALTERNATIVES[:1]}}}}}}
    with pytest.raises(ConfigError, match="same"):
        discriminate(tree, {**RULE, "sites": ["@op/body", "@op/response"]})
