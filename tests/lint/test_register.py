"""The errata register as the linter uses it: exact suppression, review errata explained, vendor documents clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conformance.errata import known_findings, load_errata
from conformance.lint import LintDocument, lint_documents
from conformance.lint.loaders import load_path
from conformance.specs import SPEC_NAMES, spec_path
from tests.lint.conftest import api, obj, operation

ERRATA = load_errata()
S = {"type": "string"}


def test_review_errata_are_a_minority_and_each_says_why_no_rule_finds_it():
    review = [e for e in ERRATA if e.detected_by == "review"]
    assert len(review) / len(ERRATA) < 0.5
    assert all(e.no_rule and len(e.no_rule) >= 20 for e in review)
    assert not any(e.no_rule for e in ERRATA if e.detected_by != "review")


def _known_document() -> tuple[LintDocument, dict]:
    tree = api({"/a": {"post": operation(obj(timezone=S))}, "/b": {"post": operation(obj(time_zone=S))},
                "/c": {"get": operation(response=obj(time_zone=S))}})
    pointer = "/paths/~1a/post/requestBody/content/application~1json/schema/properties/timezone"
    known = {("portsip-dataflow", "LINT-FIELD-NAME-DRIFT"): {pointer: "PSD-X"}}
    return LintDocument("doc", "openapi", tree, "portsip-dataflow", version="3.1"), known


def test_an_erratum_claims_its_rule_at_its_pointer():
    document, known = _known_document()
    [finding] = lint_documents([document], ["LINT-FIELD-NAME-DRIFT"], known)
    assert finding.erratum == "PSD-X"


def test_another_rule_on_the_same_field_is_new():
    document, known = _known_document()
    document.tree["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"][
        "timezone"] = {"type": "integer", "description": "Offset in minutes; must be specified."}
    findings = lint_documents([document], None, known)
    on_field = [f for f in findings if f.pointer.endswith("/properties/timezone")]
    assert {f.rule for f in on_field} >= {"LINT-FIELD-NAME-DRIFT", "LINT-PROSE-REQUIRED-MISMATCH"}
    assert [f.erratum for f in on_field if f.rule != "LINT-FIELD-NAME-DRIFT"] == [None] * (len(on_field) - 1)


def test_the_same_rule_below_the_erratum_pointer_is_new():
    document, known = _known_document()
    (pointer,) = known[("portsip-dataflow", "LINT-FIELD-NAME-DRIFT")]
    known = {("portsip-dataflow", "LINT-FIELD-NAME-DRIFT"): {pointer.rsplit("/", 2)[0]: "PSD-X"}}
    [finding] = lint_documents([document], ["LINT-FIELD-NAME-DRIFT"], known)
    assert finding.erratum is None


@pytest.mark.seeds
@pytest.mark.parametrize("spec", SPEC_NAMES)
def test_vendor_documents_have_no_new_findings_and_every_erratum_pointer_is_found(
        spec: str, seed_path: Callable[[str], Path]) -> None:
    known = known_findings(ERRATA)
    findings = lint_documents(load_path(seed_path(spec), spec), None, known)
    assert [f"{f.rule} {f.pointer}" for f in findings if f.erratum is None] == []
    found = {(f.rule, f.pointer) for f in findings}
    for erratum in (e for e in ERRATA if e.spec == spec and e.detected_by != "review" and e.document == "vendor"):
        missing = [p for p in (erratum.pointer, *erratum.also) if (erratum.detected_by, p) not in found]
        assert missing == [], erratum.id


@pytest.mark.parametrize("spec", SPEC_NAMES)
def test_normalised_specs_have_no_new_findings(spec: str) -> None:
    findings = lint_documents(load_path(spec_path(spec)), None, known_findings(ERRATA))
    assert [f"{f.rule} {f.pointer}" for f in findings if f.erratum is None] == []
