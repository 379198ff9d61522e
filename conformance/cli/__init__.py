"""The ``pbx-conformance`` command: one parser, one module per subcommand."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from conformance import __version__
from conformance.cli import errata, init, lint, normalise, run, serve, settings
from conformance.errors import ConformanceError, UsageError

COMMANDS = (run, init, serve, lint, errata, normalise)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit status 2; knows its subcommands' parsers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subcommands: dict[str, argparse.ArgumentParser] = {}

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> _Parser:
    parser = _Parser(prog="pbx-conformance", description="Conformance suite for PBX call-reporting APIs.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    for command in COMMANDS:
        command_parser = sub.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        command.configure(command_parser)
        command_parser.set_defaults(execute=command.execute)
        parser.subcommands[command.NAME] = command_parser
    return parser


def _with_settings(parser: _Parser, argv: list[str]) -> list[str]:
    """``argv`` with the settings file's options of ``run`` put before the user's own (which win)."""
    if not argv or argv[0] != "run":
        return argv
    probe = argparse.ArgumentParser(add_help=False)
    probe.add_argument("--config", type=Path)
    probe.add_argument("--profile")
    known, _ = probe.parse_known_args(argv[1:])
    path = known.config or settings.find_config(Path.cwd())
    if known.config is not None and not known.config.is_file():
        raise UsageError(f"--config {known.config}: no such file")
    if path is None:
        if known.profile:
            raise UsageError(f"--profile {known.profile}: no pbx-conformance.toml or [tool.pbx-conformance] found")
        return argv
    run_parser = parser.subcommands["run"]
    words = settings.settings_argv(run_parser, settings.load_settings(path, known.profile),
                                   settings.given_options(argv[1:]), path)
    return ["run", *words, *argv[1:]]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(_with_settings(parser, words))
    except ConformanceError as exc:
        print(f"pbx-conformance: error: {exc}", file=sys.stderr)
        return exc.exit_code
    try:
        return int(args.execute(args))
    except ConformanceError as exc:
        print(f"pbx-conformance {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # the reader went away (`... | head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"pbx-conformance {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
