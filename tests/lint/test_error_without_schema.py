from tests.lint.conftest import api, operation

RULE = "LINT-ERROR-WITHOUT-SCHEMA"


def doc(error: dict, status: str = "4XX") -> dict:
    op = operation()
    op["responses"][status] = error
    return api({"/a": {"get": op}})


def test_fires_on_an_error_response_without_content(lint):
    findings = lint(doc({"description": "Error"}), RULE)
    assert [f.pointer for f in findings] == ["/paths/~1a/get/responses/4XX"]
    assert "'Error'" in findings[0].message


def test_fires_on_content_without_a_schema(lint):
    assert len(lint(doc({"description": "x", "content": {"application/json": {}}}, "500"), RULE)) == 1


def test_quiet_with_a_schema_directly_or_through_a_component_response(lint):
    schema = {"description": "e", "content": {"application/json": {"schema": {"type": "object"}}}}
    assert lint(doc(schema), RULE) == []
    tree = doc({"$ref": "#/components/responses/Error"}, "400")
    tree["components"] = {"responses": {"Error": schema}}
    assert lint(tree, RULE) == []
