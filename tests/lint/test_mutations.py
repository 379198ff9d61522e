"""Recall of the linter on planted defects in vendor documents (tests/lint/corpus/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.lint.mutations import BASES, base_text, new_findings, recall, recipes

MIN_RECALL = 0.95
# The kinds of defect the corpus must plant (issue 11: ordinary documentation defects of a new release).
KINDS = {"duplicate-operation-id", "path-template-parameter", "unresolved-ref", "example-vs-schema",
         "default-vs-schema", "min-above-max", "required-undefined", "duplicate-enum-value", "enum-vs-prose",
         "field-spelled-two-ways", "prose-limit-vs-fragment", "response-example-vs-status-schema", "meta-schema",
         "unit", "type-drift", "required-ness", "table-type-vs-example", "example-arithmetic"}


def test_corpus_plants_enough_defects_of_every_kind_in_every_vendor_document():
    corpus = recipes()
    assert len(corpus) >= 30
    assert len({r.id for r in corpus}) == len(corpus)
    assert {r.spec for r in corpus} == set(BASES)
    assert {r.kind for r in corpus} >= KINDS


@pytest.mark.parametrize("spec", sorted(BASES))
def test_unmutated_base_documents_have_no_findings(spec: str) -> None:
    assert [f"{f.rule} {f.pointer}" for f in new_findings(base_text(spec), spec, spec)] == []


def test_every_recipe_applies_to_its_base_document():
    for recipe in recipes():
        assert recipe.apply(base_text(recipe.spec)) != base_text(recipe.spec), recipe.id


def test_recall_on_the_base_documents():
    share, missed = recall({spec: base_text(spec) for spec in BASES})
    assert share >= MIN_RECALL, f"recall {share:.0%}; missed: {', '.join(missed)}"


@pytest.mark.seeds
def test_recall_on_the_raw_vendor_documents(seed_path: Callable[[str], Path]) -> None:
    texts = {spec: seed_path(spec).read_text("utf-8") for spec in BASES}
    share, missed = recall(texts, seeds=True)
    assert share >= MIN_RECALL, f"recall {share:.0%}; missed: {', '.join(missed)}"
