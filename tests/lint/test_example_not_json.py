from tests.lint.conftest import api, examples, obj, operation

RULE = "LINT-EXAMPLE-NOT-JSON"


def test_fires_on_an_unparsed_example(lint):
    findings = lint(examples({"a": 1}, unparsed="{ customer: '1234' }"), RULE, "examples")
    assert [f.pointer for f in findings] == ["/sections/0/examples/1"]
    assert "line 99" in findings[0].message


def test_fires_on_a_broken_json_string_example_in_openapi(lint):
    op = operation(response=obj())
    op["responses"]["200"]["content"]["application/json"]["example"] = '{"a": 1,'
    assert len(lint(api({"/a": {"get": op}}), RULE)) == 1


def test_quiet_on_parsed_examples_and_plain_strings(lint):
    assert lint(examples({"a": 1}, [1, 2]), RULE, "examples") == []
    op = operation(response=obj(note={"type": "string", "example": "[INFO] started"}))
    assert lint(api({"/a": {"get": op}}), RULE) == []
