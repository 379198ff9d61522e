import pytest

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
