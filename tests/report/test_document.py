"""The JSON result document: its schema, its stable keys, and ``--baseline`` reading it back."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from conformance.engine.baseline import load_baseline
from conformance.engine.results import RunResult
from conformance.report.document import failed_by_severity, result_document
from conformance.report.json_report import write_json
from tests.report.samples import CATALOGUE, STARTED, sample_result

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "conformance" / "schemas" / "result.schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _errors(validator: Draft202012Validator, document: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


@pytest.mark.parametrize("name", ["document", "passing_document", "hostile_document"])
def test_documents_validate_against_the_schema(name: str, validator: Draft202012Validator,
                                               request: pytest.FixtureRequest) -> None:
    assert _errors(validator, request.getfixturevalue(name)) == []


def test_an_empty_unfinished_run_validates(validator: Draft202012Validator) -> None:
    document = result_document(RunResult(started=STARTED), CATALOGUE)
    assert document["finished"] is None and document["baseline"] is None
    assert _errors(validator, document) == []


def test_the_written_json_file_validates(document: dict[str, Any], validator: Draft202012Validator,
                                         tmp_path: Path) -> None:
    path = write_json(document, tmp_path)
    assert _errors(validator, json.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("breakage", "where"),
    [
        (lambda d: d["results"][0].update(status="broken"), "status"),
        (lambda d: d["results"][0].pop("operation"), "operation"),
        (lambda d: d.update(verdict="mostly fine"), "verdict"),
        (lambda d: next(r for r in d["results"] if r["status"] == "failed").update(failures=[]), "failures"),
        (lambda d: d["results"][0]["failures"].append({"message": "m"}), "key"),
        (lambda d: d["baseline"].pop("fixed"), "baseline"),
        (lambda d: d["specs"][0].update(unexpected=1), "unexpected"),
    ],
    ids=["bad-status", "missing-operation", "bad-verdict", "failed-without-failures", "incomplete-failure",
         "baseline-without-fixed", "unknown-key"],
)
def test_the_schema_rejects_broken_documents(document: dict[str, Any], validator: Draft202012Validator,
                                             breakage: Any, where: str) -> None:
    broken = copy.deepcopy(document)
    breakage(broken)
    errors = _errors(validator, broken)
    assert errors and any(where in error for error in errors), errors


def test_baseline_reads_back_the_failed_results(tmp_path: Path) -> None:
    result = sample_result()
    write_json(result_document(result, CATALOGUE), tmp_path)
    assert load_baseline(tmp_path / "results.json") == result.failed_keys()
    assert result.failed_keys()  # the sample has failures to read back


def test_document_carries_check_metadata_and_per_spec_counts(document: dict[str, Any]) -> None:
    failed = next(r for r in document["results"] if r["check"] == "GEN-RESPONSE-SCHEMA" and r["status"] == "failed")
    assert failed["statement"] == CATALOGUE["GEN-RESPONSE-SCHEMA"].statement
    assert (failed["severity"], failed["runs"], failed["failure_count"]) == ("critical", 20, 3)
    assert len(failed["failures"]) == 2
    portsip = document["specs"][0]
    assert portsip["counts"] == {"passed": 3, "failed": 2, "advisory": 1, "skipped": 1}
    assert [c["id"] for c in document["checks"]] == sorted(CATALOGUE)


def test_unknown_checks_get_neutral_metadata() -> None:
    document = result_document(sample_result(), {})
    assert {r["statement"] for r in document["results"]} == {""}
    assert document["checks"] == []


def test_failed_by_severity_puts_the_worst_first(document: dict[str, Any]) -> None:
    minor = copy.deepcopy(next(r for r in document["results"] if r["status"] == "failed"))
    minor.update(check="AAA-MINOR", severity="minor")
    document["results"].insert(0, minor)
    ranked = failed_by_severity(document)
    assert [r["severity"] for r in ranked] == ["critical", "critical", "minor"]
    assert all(r["status"] == "failed" for r in ranked)


def test_the_document_is_deterministic() -> None:
    assert json.dumps(result_document(sample_result(), CATALOGUE)) == json.dumps(
        result_document(sample_result(), CATALOGUE))
