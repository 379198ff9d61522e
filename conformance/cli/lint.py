"""``pbx-conformance lint``: run the spec lint rules over vendor documents or normalised specs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from conformance.errata import known_findings, load_errata
from conformance.errors import UsageError
from conformance.lint import RULES, lint_documents
from conformance.lint.loaders import load_path
from conformance.specs import SPEC_NAMES, spec_path

NAME = "lint"
HELP = "Lint vendor documents or normalised specs; findings not in the errata register fail."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "targets",
        nargs="*",
        metavar="SPEC",
        help="spec names or files (vendor markdown/prose, OpenAPI YAML/JSON); default: the five normalised specs",
    )
    parser.add_argument("--spec", dest="as_spec", choices=SPEC_NAMES, help="treat every file as this API")
    parser.add_argument("--rules", help="comma-separated rule ids to run (default: all)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--new-only", action="store_true", help="print only findings not in the errata register")
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
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in shown], indent=2))
    else:
        for f in shown:
            where = f" ({f.operation})" if f.operation else ""
            known = f" [known: {f.erratum}]" if f.erratum else " [new]"
            print(f"{f.source}#{f.pointer}{where}: {f.rule}: {f.message}{known}")
        print(f"{len(findings)} finding(s), {len(new)} not in the errata register")
    return 1 if new else 0
