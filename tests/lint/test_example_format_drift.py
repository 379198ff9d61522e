from tests.lint.conftest import examples

RULE = "LINT-EXAMPLE-FORMAT-DRIFT"


def test_fires_when_one_key_uses_two_notations(lint):
    value = {"data": [{"add_date": "2022-12-26 16:31:09"}, {"add_date": "2022-12-29 15:08:18"},
                      {"add_date": "2023-02-27 10:09:07.000000+0700"}]}
    findings = lint(examples(value), RULE, "examples")
    assert [f.pointer for f in findings] == ["/sections/0/examples/0/value/data/2/add_date"]
    assert "(2×)" in findings[0].message and "(1×)" in findings[0].message


def test_fires_when_the_bounds_of_a_span_differ(lint):
    findings = lint(examples({"from": "2020-01-01-T00:00:00.000Z", "to": "2020-01-31T00:00:00.000Z"}),
                    RULE, "examples")
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings] == ["from"]


def test_quiet_on_one_notation_and_on_non_dates(lint):
    value = {"data": [{"time": "2023-03-08T00:00:00Z", "extension": "101", "start": "2023-03-08T00:00:00Z",
                       "end": "2023-03-09T00:00:00Z"}, {"time": "2023-03-09T00:00:00Z", "extension": "ab-1"}]}
    assert lint(examples(value), RULE, "examples") == []
