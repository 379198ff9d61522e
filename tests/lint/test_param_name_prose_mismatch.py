from tests.lint.conftest import api, operation, param

RULE = "LINT-PARAM-NAME-PROSE-MISMATCH"


def doc(description: str) -> dict:
    return api({"/a": {"get": operation(parameters=[{**param("count", type="boolean"), "description": description},
                                                    param("top", type="integer")])}})


def test_fires_when_prose_spells_the_parameter_differently(lint):
    findings = lint(doc("Use the $count=true query option to include a count."), RULE)
    assert [f.pointer for f in findings] == ["/paths/~1a/get/parameters/0/description"]
    assert "`$count=true`" in findings[0].message


def test_quiet_when_prose_uses_the_real_name(lint):
    assert lint(doc("Count of results; use `count=true` with `top`. Count is off by default."), RULE) == []
