"""``pbx-conformance errata``: the errata register of one vendor document, as a report for the vendor."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conformance.errata_report import build, read_results, to_html, to_markdown
from conformance.errors import ConfigError
from conformance.specs import SPEC_NAMES

NAME = "errata"
HELP = "Render the defects of one vendor document (evidence, impact, the spec's choice, a run's readings)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", required=True, choices=SPEC_NAMES, help="the vendor document's spec")
    parser.add_argument("--format", choices=("md", "html"), default="md", help="Markdown or self-contained HTML")
    parser.add_argument("--results", type=Path, metavar="FILE",
                        help="a run's results.json: show which reading the tested server implements")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")


def execute(args: argparse.Namespace) -> int:
    results = read_results(args.results) if args.results else None
    report = build(args.spec, results)
    text = to_html(report) if args.format == "html" else to_markdown(report)
    if args.output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    return 0
