from tests.lint.conftest import api, operation, param

RULE = "LINT-SUCCESS-STATUS-DRIFT"
ID = [param("id", "path")]


def doc(destroy_status: str) -> dict:
    return api({
        "/jobs": {"get": operation(), "post": operation(status="201")},
        "/jobs/{id}": {"get": operation(parameters=ID), "post": operation(parameters=ID)},
        "/jobs/{id}/destroy": {"post": operation(parameters=ID, status="204")},
        "/logs/{id}/destroy": {"post": operation(parameters=ID, status="204")},
        "/logs/{id}": {"delete": operation(parameters=ID, status=destroy_status)},
    })


def test_fires_when_one_destroy_answers_another_status(lint):
    findings = lint(doc("200"), RULE)
    assert [f.pointer for f in findings] == ["/paths/~1logs~1{id}/delete/responses/200"]
    assert "destroy operation" in findings[0].message and "204" in findings[0].message


def test_quiet_when_each_kind_answers_one_status(lint):
    # create 201, update 200, destroy 204: different kinds may differ
    assert lint(doc("204"), RULE) == []
