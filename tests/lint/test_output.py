"""Lint output formats (text, JSON, SARIF 2.1.0) and the exit status under --fail-on."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conformance.cli import main
from conformance.lint import RULES, Finding
from conformance.lint.output import sarif_log

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))

# An OpenAPI 3.1 file with one error (an unresolvable $ref) and one warning-only defect.
ERROR = {"description": "refused", "content": {"application/json": {"schema": {"type": "object"}}}}
DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "security": [{"bearer": []}],
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    "paths": {"/a": {"get": {"operationId": "a", "responses": {"400": ERROR, "200": {"description": "ok", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}},
}


def _validate_sarif(log: dict) -> None:
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, errors[0].message


def test_sarif_log_validates_against_the_sarif_2_1_0_schema():
    findings = [
        Finding("LINT-REF-UNRESOLVED", "doc.yaml", "/paths/~1a/get", "a message", "error", "portsip-cdr",
                "a", None, 12),
        Finding("LINT-FIELD-NAME-DRIFT", "/tmp/x.md", "", "another", "warning", None, None, "PSD-011", None),
    ]
    log = sarif_log(findings, RULES.values())
    _validate_sarif(log)
    results = log["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 12}
    assert results[1]["suppressions"][0]["kind"] == "external"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[results[0]["ruleIndex"]]["id"] == "LINT-REF-UNRESOLVED"


def test_sarif_log_fails_the_schema_when_broken():
    log = sarif_log([], RULES.values())
    log["runs"][0]["results"] = [{"ruleId": "X", "level": "fatal", "message": {"text": "m"}}]
    with pytest.raises(AssertionError):
        _validate_sarif(log)


def _write(tmp_path: Path, document: dict) -> str:
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(document), "utf-8")
    return str(path)


def test_cli_sarif_output_of_a_real_run_validates(tmp_path, capsys):
    assert main(["lint", "--format", "sarif", _write(tmp_path, DOCUMENT)]) == 1
    log = json.loads(capsys.readouterr().out)
    _validate_sarif(log)
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"LINT-REF-UNRESOLVED"}


def test_exit_status_follows_fail_on(tmp_path, capsys):
    warning_only = json.loads(json.dumps(DOCUMENT))
    warning_only["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "type": "string", "pattern": "[0-9]{3}"}
    path = _write(tmp_path, warning_only)
    assert main(["lint", "--format", "json", path]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found and {f["severity"] for f in found} == {"warning"}
    assert main(["lint", "--fail-on", "error", path]) == 0
    capsys.readouterr()
    assert main(["lint", "--fail-on", "error", _write(tmp_path, DOCUMENT)]) == 1


def test_clean_file_exits_zero_and_usage_errors_exit_two(tmp_path, capsys):
    clean = json.loads(json.dumps(DOCUMENT))
    clean["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {"type": "string"}
    assert main(["lint", _write(tmp_path, clean)]) == 0
    assert "0 not in the errata register" in capsys.readouterr().out
    assert main(["lint", str(tmp_path / "missing.yaml")]) == 2
    assert main(["lint", "--rules", "LINT-NOPE", _write(tmp_path, clean)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err
