import pytest

from conformance import pointers as shared
from conformance.errors import ConfigError
from conformance.normalise import pointers

TREE = {"paths": {"/a/{id}": {"get": {"operationId": "getA", "parameters": [{"name": "id", "in": "path"}],
                                      "responses": {"4XX": {}, "201": {"content": {}}}},
                              "post": {"operationId": "setA", "requestBody": {}}}}}


@pytest.mark.parametrize(("short", "plain"), [
    ("@getA", "/paths/~1a~1{id}/get"),
    ("@getA/response/properties/x", "/paths/~1a~1{id}/get/responses/201/content/application~1json/schema/properties/x"),
    ("@getA/param/id/schema", "/paths/~1a~1{id}/get/parameters/0/schema"),
    ("@setA/body", "/paths/~1a~1{id}/post/requestBody/content/application~1json/schema"),
    ("/plain", "/plain"),
])
def test_expand(short, plain):
    assert pointers.expand(TREE, short) == plain


@pytest.mark.parametrize("short", ["@nope", "@getA/param/missing", "@setA/response"])
def test_expand_rejects_what_is_not_there(short):
    with pytest.raises(ConfigError):
        pointers.expand(TREE, short)


def test_glob_matches_every_key_and_index():
    tree = {"a": [{"x": 1}, {"y": 2}, {"x": 3}]}
    assert pointers.glob(tree, "/a/*/x") == ["/a/0/x", "/a/2/x"]
    assert pointers.glob(tree, "/a/0") == ["/a/0"]
    with pytest.raises(ConfigError):
        pointers.glob(tree, "/a/*/z")


# -- the shared pointer module both the normaliser and the lint walk use ------------------------------
def test_join_escapes_and_split_unescapes():
    pointer = shared.join("/paths", "/a~b/{id}", "get", 0)
    assert pointer == "/paths/~1a~0b~1{id}/get/0"
    assert shared.split(pointer) == ["paths", "/a~b/{id}", "get", "0"]
    assert shared.split("") == []


def test_resolve_reads_keys_and_indexes_and_names_the_missing_token():
    tree = {"a": [{"b/c": 1}]}
    assert shared.resolve(tree, "/a/0/b~1c") == 1
    assert shared.resolve(tree, "") is tree
    with pytest.raises(shared.PointerError) as missing:
        shared.resolve(tree, "/a/1/x")
    assert missing.value.token == "1" and isinstance(missing.value, KeyError)


def test_normaliser_pointers_turn_absence_into_config_errors():
    with pytest.raises(ConfigError, match=r"pointer /a/x does not resolve \(at 'x'\)"):
        pointers.get({"a": {}}, "/a/x")
    with pytest.raises(ConfigError, match="not a JSON pointer"):
        pointers.get({"a": {}}, "a")
