"""``pbx-conformance normalise``: vendor markdown of the PortSIP kind -> normalised OpenAPI YAML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conformance.errors import ConfigError
from conformance.normalise.emit import dump_yaml
from conformance.normalise.portsip import PORTSIP_SPECS, normalise_text

NAME = "normalise"
HELP = "Normalise a PortSIP-kind vendor document (markdown with OpenAPI fragments) into OpenAPI 3.1 YAML."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, help="vendor markdown file")
    parser.add_argument("--spec", choices=sorted(PORTSIP_SPECS), help="API the document describes (default: detected)")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if OUTPUT differs from what normalising SOURCE gives"
    )


def execute(args: argparse.Namespace) -> int:
    try:
        text = args.source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {args.source}: {exc}") from None
    produced = dump_yaml(normalise_text(text, args.spec))
    if args.check:
        if args.output is None:
            raise ConfigError("--check needs --output FILE to compare with")
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        if current != produced:
            print(f"{args.output} differs from the normalised {args.source}", file=sys.stderr)
            return 1
        return 0
    if args.output is None:
        sys.stdout.write(produced)
    else:
        args.output.write_text(produced, encoding="utf-8")
    return 0
