from tests.lint.conftest import api, obj, operation

RULE = "LINT-FIELD-NAME-DRIFT"
S = {"type": "string"}


def test_fires_on_two_spellings_of_one_name(lint):
    tree = api({
        "/a": {"post": operation(obj(time_zone=S))},
        "/b": {"get": operation(response=obj(time_zone=S))},
        "/c": {"post": operation(obj(timezone=S))},
    })
    findings = lint(tree, RULE)
    assert len(findings) == 1
    assert findings[0].pointer.endswith("/properties/timezone")
    assert "`time_zone`" in findings[0].message


def test_fires_on_a_renamed_sibling(lint):
    common = {"caller": S, "callee": S, "started_at": S, "ended_at": S}
    tree = api({
        "/a": {"get": operation(response=obj(trunk_name=S, **common))},
        "/b": {"get": operation(response=obj(trunk=S, **common))},
    })
    findings = lint(tree, RULE)
    assert len(findings) == 1
    assert "`trunk`" in findings[0].message and "`trunk_name`" in findings[0].message


def test_quiet_on_consistent_names(lint):
    common = {"caller": S, "callee": S, "started_at": S, "ended_at": S}
    tree = api({
        "/a": {"get": operation(response=obj(time_zone=S, cost=S, **common))},
        "/b": {"get": operation(response=obj(time_zone=S, duration=S, **common))},
    })
    assert lint(tree, RULE) == []


def test_fires_on_synonym_id_words(lint):
    tree = api({
        "/a": {"get": operation(response=obj(user_uuid=S))},
        "/b": {"get": operation(response=obj(user_uuid=S))},
        "/c": {"get": operation(response=obj(userId=S))},
    })
    findings = lint(tree, RULE)
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings] == ["userId"]


def test_quiet_when_one_object_carries_both_spellings(lint):
    tree = api({"/a": {"get": operation(response=obj(user_id={"type": "integer"}, user_uuid=S))},
                "/b": {"get": operation(response=obj(user_uuid=S))}})
    assert lint(tree, RULE) == []


def test_fires_on_an_abbreviated_word_found_by_similarity(lint):
    tree = api({
        "/a": {"get": operation(response=obj(service_number=S))},
        "/b": {"get": operation(response=obj(service_number=S))},
        "/c": {"post": operation(obj(service_num=S))},
    })
    findings = lint(tree, RULE)
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings] == ["service_num"]


def test_quiet_on_names_that_only_share_a_word(lint):
    tree = api({"/a": {"get": operation(response=obj(service_number=S))},
                "/b": {"post": operation(obj(service_name=S))}})
    assert lint(tree, RULE) == []
