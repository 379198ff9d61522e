"""Prose against the machine-readable document: each rule where it fires and where it stays quiet."""

from __future__ import annotations

import copy

from conformance.lint import LintDocument, lint_documents
from conformance.lint.loaders import load_text
from tests.lint.conftest import api, obj, operation, param

S = {"type": "string"}
INT = {"type": "integer"}
WINDOW = {"start_time": {**S, "description": "Start of the report period."},
          "end_time": {**S, "description": "End of the report period."}}


def test_prose_limit_mismatch_between_markdown_and_fragment():
    fragment = ('{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/q":{"post":{"operationId":"q",'
                '"description":"Maximum supported time range is %s.","responses":{"200":{"description":"ok"}}}}}}')
    text = "# Q\n\n> Maximum supported time range is 48 hours.\n\n```json\n%s\n```\n"
    found = lint_documents(load_text(text % (fragment % "24 hours"), "doc.md"), ["LINT-PROSE-LIMIT-MISMATCH"])
    assert [f.pointer for f in found] == ["/paths/~1q/post/description"]
    assert "48 hours" in found[0].message and "24 hours" in found[0].message
    quiet = text.replace("48 hours", "24 hours") % (fragment % "24 hours")
    assert lint_documents(load_text(quiet, "doc.md"), ["LINT-PROSE-LIMIT-MISMATCH"]) == []


def test_prose_limit_mismatch_with_the_window_extension_and_bounds(lint):
    op = operation(obj(hour={**INT, "minimum": 0, "maximum": 24, "description": "Hour of day (0-23)."}),
                   description="Maximum supported time range is 24 hours.")
    op["x-pbx-time-window"] = {"max_seconds": 172800}
    tree = api({"/q": {"post": op}})
    pointers = sorted(f.pointer.rsplit("/", 1)[-1] for f in lint(tree, "LINT-PROSE-LIMIT-MISMATCH"))
    assert pointers == ["hour", "max_seconds"]
    op["x-pbx-time-window"]["max_seconds"] = 86400
    op["requestBody"]["content"]["application/json"]["schema"]["properties"]["hour"]["maximum"] = 23
    assert lint(tree, "LINT-PROSE-LIMIT-MISMATCH") == []


def test_prose_only_constraints_fire(lint):
    body = obj(interval={**S, "description": "Supported values: 1h, 2h, 4h"},
               hour={**INT, "description": "Start hour (0–23)."},
               stx={"type": "array", "items": INT, "description": "Values must be in ascending order."},
               recipients={**S, "description": "Recipient emails, separated by semicolons."})
    found = sorted(f.pointer.rsplit("/", 1)[-1] for f in lint(api({"/q": {"post": operation(body)}}),
                                                               "LINT-PROSE-ONLY-CONSTRAINT"))
    assert found == ["hour", "interval", "recipients", "stx"]


def test_prose_only_constraints_quiet_when_the_schema_says_it(lint):
    body = obj(interval={**S, "enum": ["1h", "2h", "4h"], "description": "Supported values: 1h, 2h, 4h"},
               hour={**INT, "minimum": 0, "maximum": 23, "description": "Start hour (0–23)."},
               stx={"type": "array", "items": INT, "x-pbx-strictly-ascending": True,
                    "description": "Values must be in ascending order."},
               recipients={**S, "pattern": "^[^;]+(;[^;]+)*$", "description": "Recipient emails."})
    assert lint(api({"/q": {"post": operation(body)}}), "LINT-PROSE-ONLY-CONSTRAINT") == []


def _window_ops(limits: list[str]) -> dict:
    paths = {}
    for index, limit in enumerate(limits):
        op = operation(obj(**WINDOW), description=limit, operation_id=f"q{index}")
        paths[f"/stats/calls/q{index}"] = {"post": op}
    return api(paths)


def test_limit_drift_fires_on_the_operation_without_a_limit(lint):
    tree = _window_ops(["Maximum range is 24 hours.", "Maximum range is 24 hours.", "Counts calls."])
    assert [f.pointer for f in lint(tree, "LINT-LIMIT-DRIFT")] == ["/paths/~1stats~1calls~1q2/post/description"]


def test_limit_drift_quiet_when_all_or_none_state_one(lint):
    assert lint(_window_ops(["At most 7 days."] * 3), "LINT-LIMIT-DRIFT") == []
    assert lint(_window_ops(["Counts calls."] * 3), "LINT-LIMIT-DRIFT") == []


def test_prose_required_mismatch(lint):
    body = obj(["code"], name={**S, "description": "The name. This attribute must be specified."},
               value={**S, "description": "Must be specified when `kind` is NUMBER."},
               code={**S, "description": "Optional code."})
    found = {f.pointer.rsplit("/", 1)[-1]: f.message for f in lint(api({"/q": {"post": operation(body)}}),
                                                                   "LINT-PROSE-REQUIRED-MISMATCH")}
    assert set(found) == {"name", "value", "code"}
    assert "condition" in found["value"]
    clean = obj(["name"], name={**S, "description": "The name. This attribute must be specified."},
                code={**S, "description": "Optional code."})
    assert lint(api({"/q": {"post": operation(clean)}}), "LINT-PROSE-REQUIRED-MISMATCH") == []


def test_prose_required_mismatch_on_parameters(lint):
    tree = api({"/q": {"get": operation(response=S, parameters=[
        {**param("top"), "description": "Page size; this parameter is required."}])}})
    assert len(lint(tree, "LINT-PROSE-REQUIRED-MISMATCH")) == 1
    tree["paths"]["/q"]["get"]["parameters"][0]["required"] = True
    assert lint(tree, "LINT-PROSE-REQUIRED-MISMATCH") == []


def test_unit_mismatch_and_quantity_as_string(lint):
    body = obj(wait_sec={**INT, "description": "Longest wait in minutes."},
               hold_ms={**S, "description": "Hold time in milliseconds."},
               talk_sec={**INT, "description": "Talk time in seconds."},
               kind={**S, "enum": ["A", "B"], "description": "Which duration, in seconds."})
    tree = api({"/q": {"post": operation(body)}})
    assert [f.pointer.rsplit("/", 1)[-1] for f in lint(tree, "LINT-UNIT-MISMATCH")] == ["wait_sec"]
    assert [f.pointer.rsplit("/", 1)[-1] for f in lint(tree, "LINT-QUANTITY-AS-STRING")] == ["hold_ms"]
    fixed = copy.deepcopy(tree)
    props = fixed["paths"]["/q"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]
    props["wait_sec"]["description"] = "Longest wait in seconds."
    props["hold_ms"]["type"] = "integer"
    assert lint(fixed, "LINT-UNIT-MISMATCH") == [] and lint(fixed, "LINT-QUANTITY-AS-STRING") == []


def test_unit_rules_read_page_tables():
    page = "| Body | wait_sec | Number | [optional] Longest wait in minutes. |\n"
    found = lint_documents([LintDocument("p", "examples", load_text(page, "p.md")[0].tree)], ["LINT-UNIT-MISMATCH"])
    assert len(found) == 1
