from tests.lint.conftest import op

RULE = "LINT-ENUM-PROSE-MISMATCH"
STATUS = {"type": "object", "properties": {"status": {"type": "string", "enum": ["NONE", "ANSWERED", "UNANSWERED"]}}}


def test_fires_when_prose_names_a_value_the_enum_lacks(lint):
    doc = op(STATUS, "The `status` field takes `NONE`, `ANSWERED`, `NOT_ANSWERED`.")
    findings = lint(doc, RULE)
    assert len(findings) == 1
    assert findings[0].pointer.endswith("/properties/status")
    assert "NOT_ANSWERED" in findings[0].message


def test_quiet_when_prose_and_enum_agree(lint):
    assert lint(op(STATUS, "The `status` field takes `NONE`, `ANSWERED`, `UNANSWERED`."), RULE) == []


def test_quiet_when_prose_is_about_something_else(lint):
    assert lint(op(STATUS, "Uses `GET`, `POST` and the `CDR` store."), RULE) == []


def test_fires_when_a_fields_own_value_list_differs_from_its_enum(lint):
    interval = {"type": "string", "enum": ["1h", "2h", "12h"], "description": "Supported values: 1h, 2h, 4h"}
    findings = lint(op({"type": "object", "properties": {"interval": interval}}), RULE)
    assert len(findings) == 1 and "4h" in findings[0].message and "12h" in findings[0].message


def test_quiet_when_a_fields_own_value_list_is_its_enum(lint):
    interval = {"type": "string", "enum": ["1h", "2h", "4h"], "description": "Supported values: 1h, 2h, 4h"}
    assert lint(op({"type": "object", "properties": {"interval": interval}}), RULE) == []
