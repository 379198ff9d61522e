from tests.lint.conftest import api, obj, operation, param

RULE = "LINT-FIELD-TYPE-DRIFT"
DATE_TIME = {"type": "string", "format": "date-time"}


def doc(third: dict) -> dict:
    return api({
        "/a": {"post": operation(obj(start_time=DATE_TIME))},
        "/b": {"post": operation(obj(start_time=DATE_TIME))},
        "/c": {"post": operation(obj(start_time=third))},
    })


def test_fires_on_a_plain_string_among_date_times(lint):
    findings = lint(doc({"type": "string"}), RULE)
    assert len(findings) == 1
    assert findings[0].pointer.startswith("/paths/~1c/")
    assert "string without format here but string/date-time" in findings[0].message


def test_fires_on_a_different_type(lint):
    findings = lint(doc({"type": "integer", "format": "int64"}), RULE)
    assert len(findings) == 1
    assert "integer here but string" in findings[0].message


def test_quiet_when_types_agree_through_allof(lint):
    assert lint(doc({"allOf": [DATE_TIME], "description": "start"}), RULE) == []


def test_quiet_on_width_format_present_or_absent(lint):
    tree = api({"/a": {"get": operation(response=obj(count={"type": "integer", "format": "int64"}))},
                "/b": {"get": operation(response=obj(count={"type": "integer"}))}})
    assert lint(tree, RULE) == []


def test_quiet_when_a_query_flag_shares_a_body_field_name(lint):
    tree = api({"/a": {"get": operation(response=obj(count={"type": "integer"}),
                                        parameters=[param("count", type="boolean")])}})
    assert lint(tree, RULE) == []


def test_quiet_when_descriptions_show_two_concepts(lint):
    tree = api({
        "/a": {"post": operation(obj(**{"from": {**DATE_TIME, "description": "Start of the report window."}}))},
        "/b": {"post": operation(obj(**{"from": {**DATE_TIME, "description": "Start of the report window."}}))},
        "/c": {"post": operation(obj(**{"from": {"type": "string", "description": "Caller number."}}))},
    })
    assert lint(tree, RULE) == []


def test_fires_when_a_collection_is_a_single_record_elsewhere(lint):
    point = obj(t={"type": "string"})
    tree = api({"/series": {"post": operation(response=obj(points={"type": "array", "items": point}))},
                "/series2": {"post": operation(response=obj(points={"type": "array", "items": point}))},
                "/summary": {"post": operation(response=obj(points=point))}})
    findings = lint(tree, RULE)
    assert [f.pointer.split("/paths/")[1].split("/")[0] for f in findings] == ["~1summary"]
    assert "an object here but an array" in findings[0].message


def test_quiet_when_a_list_name_is_a_single_value_elsewhere(lint):
    tree = api({"/a": {"post": operation(obj(agent={"type": "array", "items": {"type": "string"}}))},
                "/b": {"post": operation(obj(agent={"type": "string"}))}})
    assert lint(tree, RULE) == []
