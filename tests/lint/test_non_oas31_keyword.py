from tests.lint.conftest import api, obj, operation

RULE = "LINT-NON-OAS31-KEYWORD"


def test_fires_on_nullable(lint):
    tree = api({"/a": {"get": operation(response=obj(finish_time={"type": "string", "nullable": True}))}})
    findings = lint(tree, RULE)
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings] == ["nullable"]
    assert '"null"' in findings[0].message


def test_fires_on_boolean_exclusive_minimum_and_unknown_keywords(lint):
    tree = api({}, {"schemas": {"N": {"type": "integer", "minimum": 0, "exclusiveMinimum": True, "x-ok": 1,
                                      "maxValue": 9}}})
    keys = sorted(f.pointer.rsplit("/", 1)[-1] for f in lint(tree, RULE))
    assert keys == ["exclusiveMinimum", "maxValue"]


def test_fires_on_an_invalid_type_value(lint):
    tree = api({}, {"schemas": {"D": {"type": "date"}}})
    assert [f.pointer for f in lint(tree, RULE)] == ["/components/schemas/D/type"]


def test_quiet_on_oas31_schemas_with_example_and_extensions(lint):
    tree = api({"/a": {"get": operation(response=obj(
        finish_time={"type": ["string", "null"], "format": "date-time", "example": "2024-01-01T00:00:00Z",
                     "x-pbx-errata": ["X"]},
        n={"type": "number", "exclusiveMinimum": 0}))}})
    assert lint(tree, RULE) == []


def test_quiet_on_the_own_keywords_of_openapi_30_and_swagger_20(lint):
    from tests.lint.conftest import api, obj, operation

    tree = api({"/a": {"get": operation(response=obj(n={"type": "integer", "nullable": True}))}})
    tree["openapi"] = "3.0.3"
    assert lint(tree, "LINT-NON-OAS31-KEYWORD") == []
    tree["openapi"] = "3.1.0"
    assert len(lint(tree, "LINT-NON-OAS31-KEYWORD")) == 1
