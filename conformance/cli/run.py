"""``pbx-conformance run``: check specs (and, once the engine lands, a target) for conformance."""

from __future__ import annotations

import argparse

from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from conformance.errata import known_findings, load_errata
from conformance.lint import lint_documents
from conformance.lint.loaders import load_path
from conformance.specs import SPEC_NAMES, load_spec, spec_path

NAME = "run"
HELP = "Run the conformance suite (currently: validate and lint the normalised specs)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--spec", action="append", choices=SPEC_NAMES, dest="specs", help="spec to run (repeatable; default: all)"
    )


def execute(args: argparse.Namespace) -> int:
    known = known_findings(load_errata())
    failed = False
    for name in args.specs or SPEC_NAMES:
        problems: list[str] = []
        try:
            validate(load_spec(name), cls=OpenAPIV31SpecValidator)
        except OpenAPIValidationError as exc:
            problems.append(f"not valid OpenAPI 3.1: {exc.message}")
        findings = [f for f in lint_documents(load_path(spec_path(name)), known=known) if f.erratum is None]
        problems.extend(f"{f.rule} at {f.pointer}: {f.message}" for f in findings)
        print(f"{name}: {'FAIL' if problems else 'ok'}")
        for problem in problems:
            print(f"  {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0
