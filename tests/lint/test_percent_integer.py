from tests.lint.conftest import api, obj, operation

RULE = "LINT-PERCENT-INTEGER"


def doc(**properties: dict) -> dict:
    return api({"/a": {"post": operation(response=obj(**properties))}})


def test_fires_on_a_count_named_integer_described_as_a_percentage(lint):
    findings = lint(doc(cb_ok={"type": "integer", "description": "Total number of callbacks that connected."},
                        cb_fail={"type": "integer", "description": "Percentage of callbacks that failed."}), RULE)
    assert len(findings) == 1
    assert findings[0].pointer.endswith("/properties/cb_fail")
    assert "sibling `cb_ok`" in findings[0].message


def test_fires_on_an_integer_named_as_a_percentage(lint):
    findings = lint(doc(sla_pct={"type": "integer"}), RULE)
    assert len(findings) == 1
    assert "name says percentage" in findings[0].message


def test_quiet_on_number_percentages_and_plain_counts(lint):
    assert lint(doc(sla_pct={"type": "number", "description": "Share answered in time, in percent."},
                    call_rate={"type": "integer", "description": "Calls per hour."},
                    cb_ok={"type": "integer", "description": "Number of callbacks."}), RULE) == []


def test_fires_on_a_count_named_number_described_as_a_percentage(lint):
    findings = lint(doc(abandoned={"type": "number", "description": "Percentage of calls abandoned."}), RULE)
    assert len(findings) == 1
    assert "reads as a count" in findings[0].message
