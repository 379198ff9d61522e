from tests.lint.conftest import api, obj, operation, param

RULE = "LINT-RETRIEVE-RETURNS-COLLECTION"
ITEM = obj(id={"type": "string"})


def test_fires_when_one_resource_answers_an_items_array(lint):
    tree = api({"/cdrs/{id}": {"get": operation(response=obj(items={"type": "array", "items": ITEM}),
                                                parameters=[param("id", "path")])}})
    findings = lint(tree, RULE)
    assert len(findings) == 1
    assert findings[0].pointer.endswith("/schema/properties/items")


def test_fires_on_a_top_level_array_through_a_ref(lint):
    tree = api({"/cdrs/{id}": {"get": operation(response={"$ref": "#/components/schemas/List"},
                                                parameters=[param("id", "path")])}},
               {"schemas": {"List": {"type": "array", "items": ITEM}}})
    assert len(lint(tree, RULE)) == 1


def test_quiet_on_a_single_object_and_on_a_collection_path(lint):
    tree = api({"/cdrs/{id}": {"get": operation(response=ITEM, parameters=[param("id", "path")])},
                "/cdrs": {"get": operation(response=obj(items={"type": "array", "items": ITEM}))}})
    assert lint(tree, RULE) == []
