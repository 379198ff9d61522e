from tests.lint.conftest import api, obj, operation, param

RULE = "LINT-PATH-PARAM-TYPE-DRIFT"


def doc(second_type: str) -> dict:
    return api({
        "/calls/{session_id}": {"post": operation(parameters=[param("session_id", "path")])},
        "/users/calls/{session_id}": {"post": operation(parameters=[param("session_id", "path", type=second_type)])},
        "/calls": {"post": operation(response=obj(session_id={"type": "string"}))},
    })


def test_fires_when_one_path_parameter_is_typed_differently(lint):
    findings = lint(doc("integer"), RULE)
    assert len(findings) == 1
    assert findings[0].pointer == "/paths/~1users~1calls~1{session_id}/post/parameters/0"
    assert "integer here but string" in findings[0].message


def test_quiet_when_path_parameters_agree(lint):
    assert lint(doc("string"), RULE) == []


def test_a_bare_id_takes_the_role_of_its_resource(lint):
    tree = api({
        "/sessions/{id}": {"get": operation(parameters=[param("id", "path", type="integer")])},
        "/calls/{session_id}": {"get": operation(parameters=[param("session_id", "path")])},
        "/reports/{id}": {"get": operation(parameters=[param("id", "path")])},
        "/calls": {"get": operation(response=obj(session_id={"type": "string"}))},
    })
    findings = lint(tree, RULE)
    assert [f.pointer for f in findings] == ["/paths/~1sessions~1{id}/get/parameters/0"]
