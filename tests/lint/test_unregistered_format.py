from tests.lint.conftest import api, obj, operation

RULE = "LINT-UNREGISTERED-FORMAT"


def test_fires_on_an_unregistered_format_and_names_the_registered_spelling(lint):
    tree = api({"/a": {"get": operation(response=obj(started_at={"allOf": [{"type": "string",
                                                                              "format": "date_time"}]}))}})
    findings = lint(tree, RULE)
    assert len(findings) == 1
    assert findings[0].pointer.endswith("/started_at/allOf/0/format")
    assert "`date-time`" in findings[0].message


def test_fires_in_component_schemas(lint):
    tree = api({}, {"schemas": {"When": {"type": "string", "format": "YYYY/MM/DD"}}})
    assert [f.pointer for f in lint(tree, RULE)] == ["/components/schemas/When/format"]


def test_quiet_on_registered_formats_and_on_a_property_named_format(lint):
    tree = api({"/a": {"get": operation(response=obj(
        t={"type": "string", "format": "date-time"}, n={"type": "integer", "format": "int64"},
        format={"type": "string", "enum": ["CSV", "HTML"]}))}})
    assert lint(tree, RULE) == []
