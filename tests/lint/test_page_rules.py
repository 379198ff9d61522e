"""Rules over prose pages, each on a small page where it fires and one where it stays quiet."""

from __future__ import annotations

from conformance.lint import Finding, lint_documents
from conformance.lint.loaders import load_text


def lint_page(text: str, rule: str) -> list[Finding]:
    return lint_documents(load_text(text, "page.md"), [rule])


TYPED_TABLE = """# Request
| Body | customer | Id | [optional] Customer id. |
| fields | String | [optional] Fields to return. |
| data.<interval> | Number | Counters of one interval. |

# Example
{ customer: 'C1', fields: ['a', 'b'] }

[ {"data": {"49": {"calls": 3}}} ]
"""


def test_table_type_mismatch_fires_on_examples_of_another_type():
    names = sorted(f.message.split("`")[1] for f in lint_page(TYPED_TABLE, "LINT-TABLE-TYPE-MISMATCH"))
    assert names == ["data.<interval>", "fields"]


def test_table_type_mismatch_quiet_when_examples_agree():
    text = TYPED_TABLE.replace("['a', 'b']", "'a,b'").replace('{"49": {"calls": 3}}', '{"49": 3}')
    assert lint_page(text, "LINT-TABLE-TYPE-MISMATCH") == []


REQUIRED_TABLE = """# Query
| Parameter | Description | Example | Required |
| --------- | ----------- | ------- | -------- |
| start_time | Window start | 2023-03-07%2000%3A00%3A00 |  |
| end_time | Window end | 2023-03-07 23:59:59 | Yes |
"""


def test_blank_required_cell_and_percent_encoded_example():
    blank = lint_page(REQUIRED_TABLE, "LINT-TABLE-REQUIRED-BLANK")
    assert [f.message.split("`")[1] for f in blank] == ["start_time"]
    encoded = lint_page(REQUIRED_TABLE, "LINT-EXAMPLE-PERCENT-ENCODED")
    assert [f.pointer for f in encoded] == ["/sections/0/tables/0/rows/start_time/example"]


def test_filled_required_cells_and_plain_examples_stay_quiet():
    text = REQUIRED_TABLE.replace("2023-03-07%2000%3A00%3A00 |  |", "2023-03-07 00:00:00 | No |")
    assert lint_page(text, "LINT-TABLE-REQUIRED-BLANK") == []
    assert lint_page(text, "LINT-EXAMPLE-PERCENT-ENCODED") == []


FLAT_TABLE = """Request parameters

Parameter Available Required Type Description
type This parameter is available in all report types. Yes String The report type.
queue_id This parameter is available when querying queue reports. Yes String The queue.
wait This parameter is available when querying queue reports. No String Calls shorter are dropped. (Unit: Second)
talk This parameter is available when querying queue reports. No Integer Calls shorter are dropped. (Unit: Second)
start_time This parameter is available in all report types. No String Start, e.g. MM/DD/YYYY hh:mm:ss AM.
"""


def test_flattened_table_rules_fire():
    conditional = lint_page(FLAT_TABLE, "LINT-REQUIRED-CONDITIONAL")
    assert [f.message.split("`")[1] for f in conditional] == ["queue_id"]
    quantity = lint_page(FLAT_TABLE, "LINT-QUANTITY-AS-STRING")
    assert [f.message.split("`")[1] for f in quantity] == ["wait"]
    assert lint_page(FLAT_TABLE.replace("hh:mm", "HH:mm"), "LINT-DATE-PATTERN-12H")


def test_flattened_table_rules_stay_quiet():
    text = FLAT_TABLE.replace("queue reports. Yes", "queue reports. No").replace("No String Calls", "No Integer Calls")
    assert lint_page(text, "LINT-REQUIRED-CONDITIONAL") == []
    assert lint_page(text, "LINT-QUANTITY-AS-STRING") == []
    assert lint_page(FLAT_TABLE, "LINT-DATE-PATTERN-12H") == []


REQUESTS = """# Download

GET {base_url}/{api_path}/report?type=x&start=04/01/2022 00:00:00&access_token=MB1OklPar5hnDfhi4srZa8Fr HTTP/1.1

GET {base_url}/{download_url}?access_token={access_token}

```json
{"errcode": 0, "download_url": "/api/download/a.csv"}
```

```shell
curl --location 'https://{{HOST}}/v2/report' \\
--header 'Content-Type: application/json' \\
--header 'Authorization: Bearer {{TOKEN}}'
```

```shell
curl --location 'https://{{HOST}}/v2/other?x=1'' \\
--header 'Authorization: Bearer {{TOKEN}}'
```
"""


def test_request_rules_fire():
    assert [f.pointer for f in lint_page(REQUESTS, "LINT-REQUEST-TARGET-INVALID")] == ["/sections/0/requests/0"]
    assert [f.pointer for f in lint_page(REQUESTS, "LINT-EXAMPLE-SECRET")] == ["/sections/0/requests/0"]
    assert [f.pointer for f in lint_page(REQUESTS, "LINT-URL-TEMPLATE-SLASH")] == ["/sections/0/requests/1"]
    assert [f.pointer for f in lint_page(REQUESTS, "LINT-CONTENT-TYPE-WITHOUT-BODY")] == ["/sections/0/requests/2"]
    assert [f.pointer for f in lint_page(REQUESTS, "LINT-SHELL-SYNTAX")] == ["/sections/0/requests/3"]


def test_request_rules_stay_quiet_on_clean_requests():
    clean = (REQUESTS.replace(" 00:00:00", "%2000%3A00%3A00").replace("MB1OklPar5hnDfhi4srZa8Fr", "{access_token}")
             .replace('"/api/download', '"api/download').replace("--header 'Content-Type: application/json' \\\n", "")
             .replace("x=1''", "x=1'"))
    for rule in ("LINT-REQUEST-TARGET-INVALID", "LINT-EXAMPLE-SECRET", "LINT-URL-TEMPLATE-SLASH",
                 "LINT-CONTENT-TYPE-WITHOUT-BODY", "LINT-SHELL-SYNTAX"):
        assert lint_page(clean, rule) == [], rule


def test_pages_without_error_status_or_auth():
    page = "# Report\n\nGET /v1/report?day=1\n\nAnswers the report.\n"
    assert [f.pointer for f in lint_page(page, "LINT-NO-ERROR-RESPONSE")] == [""]
    assert [f.pointer for f in lint_page(page, "LINT-NO-AUTH")] == [""]
    documented = page + "\nSend the token in the Authorization header. A bad request answers 422.\n"
    assert lint_page(documented, "LINT-NO-ERROR-RESPONSE") == []
    assert lint_page(documented, "LINT-NO-AUTH") == []


ANSWERS = """# A
```json
{"data": [{"id": 1, "groups": null, "tags": null}]}
```
# B
```json
{"data": [{"id": 2, "groups": null, "tags": ["x"]}]}
```
# C
```json
{"code": 200, "message": "ok", "data": [{"id": 3}]}
```
"""


def test_always_null_and_envelope_drift_fire():
    assert [f.message.split("`")[1] for f in lint_page(ANSWERS, "LINT-EXAMPLE-ALWAYS-NULL")] == ["groups"]
    assert [f.pointer for f in lint_page(ANSWERS, "LINT-ENVELOPE-DRIFT")] == ["/sections/2/examples/0/value"]


def test_always_null_and_envelope_drift_stay_quiet():
    text = ANSWERS.replace('"groups": null, "tags": ["x"]', '"groups": [], "tags": ["x"]').replace(
        '"code": 200, "message": "ok", ', "")
    assert lint_page(text, "LINT-EXAMPLE-ALWAYS-NULL") == []
    assert lint_page(text, "LINT-ENVELOPE-DRIFT") == []


LISTED = """| Body | direction | String | [optional] Calls to include: IN, OUT or BOTH. |
| format | String | [optional] Data format: JSON or CSV. |

{ direction: 'ALL', format: 'JSON' }
"""


def test_example_value_not_listed_fires_and_stays_quiet():
    found = lint_page(LISTED, "LINT-EXAMPLE-VALUE-NOT-LISTED")
    assert [f.message.split("`")[1] for f in found] == ["direction"]
    assert lint_page(LISTED.replace("'ALL'", "'BOTH'"), "LINT-EXAMPLE-VALUE-NOT-LISTED") == []
