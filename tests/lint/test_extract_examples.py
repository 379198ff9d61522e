from conformance.lint.loaders import extract_examples

TEXT = """# Request
{ customer: 'C1', ids: ['a','b',], from: '2020-01-01', ok: true }

# Response
[ {"n": 1} ]

{ broken
"""


def test_json_values_parse_and_js_literals_are_kept_with_a_lenient_value():
    sections = {s["title"]: s["examples"] for s in extract_examples(TEXT)["sections"]}
    request = sections["Request"][0]
    assert request["unparsed"].startswith("{ customer")
    assert request["lenient"] == {"customer": "C1", "ids": ["a", "b"], "from": "2020-01-01", "ok": True}
    assert sections["Response"][0]["value"] == [{"n": 1}]


def test_text_that_is_not_a_literal_has_no_lenient_value():
    broken = extract_examples(TEXT)["sections"][-1]["examples"][-1]
    assert "unparsed" in broken and "lenient" not in broken
