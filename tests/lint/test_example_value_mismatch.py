from tests.lint.conftest import examples

RULE = "LINT-EXAMPLE-VALUE-MISMATCH"
FILE = "QueueSatisfaction-X.7.0.7-download-20220608094753.csv"


def test_fires_when_a_file_name_and_its_url_differ_in_case(lint):
    value = {"file": FILE, "download_resource_url": "/api/download/" + FILE.replace("X.7", "x.7")}
    findings = lint(examples(value), RULE, "examples")
    assert [f.pointer for f in findings] == ["/sections/0/examples/0/value/download_resource_url"]
    assert "letter case" in findings[0].message


def test_fires_when_one_id_has_two_companion_values(lint):
    first = {"data": [{"user_uuid": "u1", "extension": "101", "extension_uuid": "x1"},
                      {"user_uuid": "u2", "extension": "102", "extension_uuid": "x2"}]}
    second = {"data": [{"user_uuid": "u1", "extension": "109", "extension_uuid": ""}]}
    findings = lint(examples(first, second), RULE, "examples")
    assert sorted(f.pointer.rsplit("/", 1)[-1] for f in findings) == ["extension", "extension_uuid"]


def test_quiet_on_matching_values_and_shared_ids(lint):
    same = {"file": FILE, "download_resource_url": "/api/download/" + FILE + "?x=1"}
    other_file = {"file": "a.csv", "url": "/api/download/report-2024.csv"}
    # domain_uuid repeats inside one example, so it does not identify the objects that carry it
    users = {"data": [{"domain_uuid": "d", "user_uuid": "u1", "username": "a", "middle_name": ""},
                      {"domain_uuid": "d", "user_uuid": "u2", "username": "b"}]}
    again = {"data": [{"user_uuid": "u1", "username": "a", "middle_name": "M"}]}
    # the same id value on an object of another kind
    job = {"id": "1", "name": "daily", "cron_expr": "0 1 * * *", "active": True}
    cdr = {"id": "1", "name": "101", "caller": "101", "callee": "102", "duration": 3}
    assert lint(examples(same, other_file, users, again, job, cdr), RULE, "examples") == []
