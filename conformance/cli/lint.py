"""``pbx-conformance lint``: run the spec lint rules over vendor documents or OpenAPI files."""

from __future__ import annotations

import argparse
from pathlib import Path

from conformance.errata import known_findings, load_errata
from conformance.errors import UsageError
from conformance.lint import RULES, lint_documents
from conformance.lint.loaders import load_path
from conformance.lint.output import FORMATS, render
from conformance.specs import SPEC_NAMES, spec_path

NAME = "lint"
HELP = "Lint vendor documents or OpenAPI files; findings not in the errata register fail."
_RANK = {"warning": 0, "error": 1}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "targets",
        nargs="*",
        metavar="SPEC",
        help="spec names or files (vendor markdown/prose, OpenAPI 3.0/3.1 or Swagger 2.0 YAML/JSON); "
             "default: the five normalised specs",
    )
    parser.add_argument("--spec", dest="as_spec", choices=SPEC_NAMES,
                        help="treat every file as this vendor document (its errata apply)")
    parser.add_argument("--rules", help="comma-separated rule ids to run (default: all)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--new-only", action="store_true", help="show only findings no erratum documents")
    parser.add_argument("--fail-on", choices=tuple(_RANK), default="warning",
                        help="exit 1 when a new finding has this severity or a higher one (default: warning)")
    parser.add_argument("--list-rules", action="store_true", help="list the rules and exit")


def execute(args: argparse.Namespace) -> int:
    if args.list_rules:
        for rule in RULES.values():
            print(f"{rule.id}  [{rule.severity}] {rule.title}")
        return 0
    rule_ids = None
    if args.rules:
        rule_ids = [r.strip() for r in args.rules.split(",") if r.strip()]
        unknown = [r for r in rule_ids if r not in RULES]
        if unknown:
            raise UsageError(f"unknown rule {unknown[0]!r} (see --list-rules)")
    documents = []
    for target in args.targets or list(SPEC_NAMES):
        path = spec_path(target) if target in SPEC_NAMES else Path(target)
        if not path.is_file():
            raise UsageError(f"{target}: no such spec or file")
        documents.extend(load_path(path, args.as_spec))
    findings = lint_documents(documents, rule_ids, known_findings(load_errata()))
    new = [f for f in findings if f.erratum is None]
    shown = new if args.new_only else findings
    rules = [RULES[r] for r in rule_ids] if rule_ids is not None else RULES.values()
    print(render(shown, rules, args.format, len(new)))
    return 1 if any(_RANK[f.severity] >= _RANK[args.fail_on] for f in new) else 0
