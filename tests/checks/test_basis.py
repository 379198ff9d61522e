"""Every check states what it rests on (../shared/JUDGING.md), and every citation says what the vendor says.

A check declares vendor (with citations), http, suite or a spec rule; a spec rule's basis is the spec's
``x-pbx-basis`` entry for it, which the five normalised specs give for every rule that applies to an operation.
Citations are checked against the vendor documents when ../shared is present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.checkapi.basis import RULE_DEFAULTS, SOURCES, Basis, Citation, resolve_basis
from conformance.checkapi.registry import CHECKS
from conformance.checks.catalog import load_all
from conformance.extensions import rules_of
from conformance.prose_rules import fixed_size_fields, strictly_ascending_fields
from conformance.specs import SPEC_NAMES, iter_operations, load_spec

SHARED = Path(__file__).resolve().parents[3] / "shared"

load_all()


def _spec_bases(spec: str) -> list[tuple[str, Basis]]:
    """(where, basis) of every x-pbx-basis entry of a spec, resolved."""
    document = load_spec(spec)
    found = []
    for op in iter_operations(document):
        for key in sorted(rules_of(op)):
            found.append((f"{op.operation_id} {key}", resolve_basis(Basis("rule", rule=key), document, op.operation)))
    return found


def _missing_rules(spec: str) -> list[str]:
    document = load_spec(spec)
    declared_doc = set(document.get("x-pbx-basis") or {}) | set(RULE_DEFAULTS)
    missing = []
    for op in iter_operations(document):
        declared = declared_doc | set(op.operation.get("x-pbx-basis") or {})
        missing += [f"{op.operation_id}: {key}" for key in sorted(rules_of(op) - declared)]
    for key, present in (("strictly_ascending", strictly_ascending_fields(document)),
                         ("fixed_size", fixed_size_fields(document))):
        if present and key not in declared_doc:
            missing.append(f"(document): {key}")
    return missing


def test_every_check_has_a_basis() -> None:
    assert [c.id for c in CHECKS.values() if c.basis is None] == []


def test_a_check_cannot_be_registered_without_a_basis() -> None:
    from conformance.checkapi.registry import declare

    with pytest.raises(TypeError, match="basis"):
        declare("X-NO-BASIS", "x", spec=None, location="x", kind="invariant")  # type: ignore[call-arg]


@pytest.mark.parametrize("spec", SPEC_NAMES)
def test_every_rule_of_every_spec_has_a_basis(spec: str) -> None:
    assert _missing_rules(spec) == []


def test_vendor_bases_cite_a_vendor_document() -> None:
    for info in CHECKS.values():
        if info.basis is not None and info.basis.kind == "vendor":
            assert info.basis.citations, info.id
            assert all(c.source in SOURCES for c in info.basis.citations), info.id
    for spec in SPEC_NAMES:
        for where, basis in _spec_bases(spec):
            if basis.kind == "vendor":
                assert all(c.source in SOURCES for c in basis.citations), f"{spec} {where}"


def _citations() -> list[tuple[str, Citation]]:
    cited = [(info.id, c) for info in CHECKS.values() if info.basis is not None for c in info.basis.citations]
    for spec in SPEC_NAMES:
        cited += [(f"{spec} {where}", c) for where, basis in _spec_bases(spec) for c in basis.citations
                  if c.source in SOURCES]
    return cited


@pytest.mark.seeds
def test_cited_words_stand_where_the_citation_says() -> None:
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"vendor documents not available ({SHARED})")
    wrong = []
    for who, citation in _citations():
        path = SHARED / citation.source if citation.source == "VENDOR-NOTES.md" else SHARED / "seeds" / citation.source
        text = path.read_text(encoding="utf-8")
        words = " ".join(citation.words.split()).lower()
        if citation.place.startswith("line "):
            number = int(citation.place.split()[1])
            lines = text.splitlines()
            around = " ".join(" ".join(lines[max(0, number - 2):number + 1]).split()).lower()
            ok = words in around
        else:
            ok = words in " ".join(text.split()).lower()
        if not ok:
            wrong.append(f"{who}: {citation.text()}")
    assert wrong == []
