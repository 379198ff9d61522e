import pytest

from tests.lint.conftest import api, examples, obj, operation

RULE = "LINT-EXAMPLE-ARITHMETIC"
CLEAN_EXTENSION = {"total": 5, "answered": 2, "no_answered": 1, "busy": 2, "cancel": 0, "invalid": 0,
                   "inbound": 0, "outbound": 5, "local": 0, "busy_line": 0}


def lint_examples(lint, *values):
    return lint(examples(*values), RULE, "examples")


def test_fires_when_answered_and_unanswered_do_not_add_up(lint):
    week = {"inboundCalls": 111, "inboundAnswered": 40, "inboundUnanswered": 9, "inboundBusy": 0,
            "inboundSeconds": 100, "outboundCalls": 80, "outboundAnswered": 66, "outboundUnanswered": 14}
    findings = lint_examples(lint, [{"employeeId": "e1", "data": {"49": week}}])
    assert [f.pointer for f in findings] == ["/sections/0/examples/0/value/0/data/49/inboundCalls"]
    assert "= 49, but `inboundCalls` is 111" in findings[0].message


def test_fires_on_talk_seconds_without_an_answered_call(lint):
    findings = lint_examples(lint, {"inboundCalls": 9, "inboundAnswered": 0, "inboundUnanswered": 9,
                                    "inboundSeconds": 27041})
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings] == ["inboundSeconds"]


def test_fires_when_outcome_buckets_do_not_partition_the_total(lint):
    findings = lint_examples(lint, {**CLEAN_EXTENSION, "busy": 3})
    assert len(findings) == 1
    assert "partition" in findings[0].message


def test_fires_when_directions_do_not_partition_the_total(lint):
    findings = lint_examples(lint, {**CLEAN_EXTENSION, "inbound": 1})
    assert len(findings) == 1
    assert "directions partition" in findings[0].message


def test_fires_when_per_period_rows_disagree_with_their_parent(lint):
    user = {"total_call": 5, "total_outbound": 5, "total_inbound": 0,
            "reports": [{"time": "2023-03-08T00:00:00Z", "total_call": 5, "total_outbound": 0, "total_inbound": 0}]}
    findings = lint_examples(lint, {"data": [user]})
    assert [f.pointer for f in findings] == ["/sections/0/examples/0/value/data/0/total_outbound"]


def test_fires_when_a_duration_is_longer_than_the_objects_span(lint):
    agent = {"earliest_time": "2023-03-08 11:55:35+07", "latest_time": "2023-03-08 13:49:00+07",
             "total_pause_sec": 85011, "total_talk_sec": 600}
    findings = lint_examples(lint, agent)
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings] == ["total_pause_sec"]
    assert "6805 s" in findings[0].message


def test_fires_on_examples_inside_openapi_documents(lint):
    tree = api({"/a": {"get": operation(response={**obj(), "example": {"total_call": 2, "total_answered": 3}})}})
    assert len(lint(tree, RULE)) == 1


@pytest.mark.parametrize("value", [
    CLEAN_EXTENSION,
    {"inboundCalls": 111, "inboundAnswered": 102, "inboundUnanswered": 9, "inboundBusy": 4, "inboundSeconds": 9},
    {"total_call": 0, "total_answered": 0, "total_waitsec": 0, "total_billsec": 0, "reports": []},
    {"total_call": 3, "total_outbound": 3, "reports": [{"time": "d1", "total_call": 1, "total_outbound": 1}]},
    {"earliest_time": "2023-03-08 11:55:35+07", "latest_time": "2023-03-08 13:49:00+07", "total_pause_sec": 60},
    {"offered": 10, "accepted": 8, "abandoned": 2, "aht_sec": 100000},
    {"start_time": "2024-01-01T00:00:00Z", "end_time": "2024-01-01T01:00:00Z", "total_call": 40, "total_billsec": 9000},
    {"count": 2, "total_calls": 7, "answered": 5, "unanswered": 2, "items": [{"id": 1}, {"id": 2}]},
])
def test_quiet_on_consistent_numbers(lint, value):
    assert lint_examples(lint, value) == []
