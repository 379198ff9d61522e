from tests.lint.conftest import api, obj, operation

RULE = "LINT-ENUM-DRIFT"
DIRECTION = {"type": "string", "enum": ["NONE", "INBOUND", "OUTBOUND", "INTERNAL"]}
PARTY = {"type": "string", "enum": ["NONE", "CALLER", "CALLEE"]}


def three(third: dict, extra: dict | None = None) -> dict:
    """Two operations agreeing on `direction`, a third with ``third``."""
    return api({
        "/a": {"post": operation(obj(direction=DIRECTION))},
        "/b": {"post": operation(obj(direction=DIRECTION))},
        "/c": {"post": operation(obj(direction=third, **(extra or {})))},
    })


def test_fires_on_an_enum_that_adds_a_value(lint):
    findings = lint(three({"type": "string", "enum": [*DIRECTION["enum"], "IN_TO_OUT"]}), RULE)
    assert [f.pointer for f in findings] == ["/paths/~1c/post/requestBody/content/application~1json/schema"
                                             "/properties/direction"]
    assert "adds IN_TO_OUT" in findings[0].message


def test_fires_on_an_enum_borrowed_from_another_field(lint):
    findings = lint(three(PARTY, {"party": PARTY}), RULE)
    assert len(findings) == 1
    assert "the enum of `party`" in findings[0].message


def test_quiet_when_enums_agree(lint):
    assert lint(three(DIRECTION), RULE) == []


def test_quiet_when_a_shared_name_means_another_concept(lint):
    # disjoint values (beyond ANY/NONE) and no other field with that enum: a different concept
    assert lint(three({"type": "string", "enum": ["ANY", "LOCAL", "MOBILE"]}), RULE) == []


def test_quiet_on_enums_inside_conditions(lint):
    # `if` tests a value; its enum is a condition, not the field's definition
    conditional = {**obj(direction=DIRECTION), "if": obj(direction={"enum": ["INBOUND"]}),
                   "then": {"required": ["trunk"]}}
    tree = api({"/a": {"post": operation(conditional)}, "/b": {"post": operation(obj(direction=DIRECTION))}})
    assert lint(tree, RULE) == []
