"""The mutation corpus: planted defects in vendor documents and the findings they must produce."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from conformance.errata import known_findings, load_errata
from conformance.lint import Finding, lint_documents
from conformance.lint.loaders import load_text

CORPUS = Path(__file__).resolve().parent / "corpus"
BASES = {
    "portsip-dataflow": "portsip-dataflow.md",
    "portsip-cdr": "portsip-cdr.md",
    "yeastar-call-report": "yeastar-call-report.txt",
    "fusionpbx-report": "fusionpbx-report.md",
    "telecomx-cdrstats": "telecomx-cdrstats.txt",
}


@dataclass(frozen=True)
class Recipe:
    """One planted defect: an edit of a document and the finding it must produce."""

    id: str
    spec: str
    kind: str
    edit: dict[str, Any]
    seeds_edit: dict[str, Any]
    rule: str
    at: tuple[str, ...]

    def apply(self, text: str, *, seeds: bool = False) -> str:
        """The document with the defect planted (ValueError when the anchor is not in it)."""
        edit = self.seeds_edit if seeds else self.edit
        count = 0 if edit.get("all") else 1
        if "pattern" in edit:
            mutated, done = re.subn(edit["pattern"], edit["replace"], text, count=count)
        else:
            done = text.count(edit["find"])
            mutated = text.replace(edit["find"], edit["replace"], -1 if count == 0 else 1)
        if not done:
            raise ValueError(f"{self.id}: its anchor is not in the document")
        return mutated

    def caught_by(self, findings: list[Finding]) -> bool:
        return any(f.rule == self.rule and all(fragment in f.pointer for fragment in self.at) for f in findings)


def recipes() -> list[Recipe]:
    data = yaml.safe_load((CORPUS / "mutations.yaml").read_text("utf-8"))
    out = []
    for entry in data["recipes"]:
        edit = {k: entry[k] for k in ("find", "pattern", "replace", "all") if k in entry}
        out.append(Recipe(entry["id"], entry["spec"], entry["kind"], edit, {**edit, **entry.get("seeds", {})},
                          entry["expect"]["rule"], tuple(entry["expect"]["at"])))
    return out


def base_text(spec: str) -> str:
    return (CORPUS / BASES[spec]).read_text("utf-8")


def new_findings(text: str, spec: str, source: str) -> list[Finding]:
    """Findings of every rule on ``text`` read as ``spec``'s vendor document that no erratum documents."""
    findings = lint_documents(load_text(text, source, spec), None, known_findings(load_errata()))
    return [f for f in findings if f.erratum is None]


def recall(texts: dict[str, str], *, seeds: bool = False) -> tuple[float, list[str]]:
    """Share of recipes whose finding appears as new in the mutated document, and the ids missed."""
    missed = []
    all_recipes = recipes()
    for recipe in all_recipes:
        text = texts[recipe.spec]
        mutated = recipe.apply(text, seeds=seeds)
        if not recipe.caught_by(new_findings(mutated, recipe.spec, f"{recipe.id}.mutated")):
            missed.append(recipe.id)
    return 1 - len(missed) / len(all_recipes), missed
