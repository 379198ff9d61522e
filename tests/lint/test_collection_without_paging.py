from tests.lint.conftest import api, obj, operation, param

RULE = "LINT-COLLECTION-WITHOUT-PAGING"
COLLECTION = obj(count={"type": "integer"}, items={"type": "array", "items": obj(id={"type": "string"})})
PAGING = [param("top", type="integer"), param("skip", type="integer")]


def test_fires_on_an_unpaged_collection_beside_paged_ones(lint):
    tree = api({"/reports": {"get": operation(response=COLLECTION, parameters=PAGING)},
                "/cdrs": {"get": operation(response=COLLECTION)}})
    findings = lint(tree, RULE)
    assert [f.pointer for f in findings] == ["/paths/~1cdrs/get"]
    assert "top" in findings[0].message


def test_quiet_when_every_collection_pages_or_none_does(lint):
    paged = api({"/reports": {"get": operation(response=COLLECTION, parameters=PAGING)},
                 "/cdrs": {"post": operation(obj(limit={"type": "integer"}), COLLECTION)}})
    unpaged = api({"/a": {"get": operation(response=COLLECTION)}, "/b": {"get": operation(response=COLLECTION)}})
    assert lint(paged, RULE) == []
    assert lint(unpaged, RULE) == []
