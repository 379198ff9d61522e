"""``pbx-conformance run``: the conformance suite against a target (default: the embedded simulator)."""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from conformance.checkapi.registry import CHECKS
from conformance.checks.catalog import load_all, load_hooks
from conformance.cli.interrupts import exit_code, stop_on_signals
from conformance.embedded import open_target
from conformance.engine.auth import Credentials
from conformance.engine.config import PHASES, RunConfig
from conformance.engine.control import RunControl
from conformance.engine.coverage import coverage
from conformance.engine.events import EventBus
from conformance.engine.fixtures import load_fixtures
from conformance.engine.results import SEVERITIES
from conformance.engine.runner import run as run_suite
from conformance.errors import UsageError
from conformance.openapi.source import load_any
from conformance.report.console import console_listener
from conformance.report.writers import write_reports
from conformance.simulator.latitude import chosen_entries
from conformance.simulator.latitude import get_entry as latitude_entry
from conformance.simulator.readings import parse_readings, reading_options
from conformance.specs import SPEC_NAMES

NAME = "run"
HELP = "Run the conformance suite against a PBX (default: every spec against the embedded simulator)."


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be greater than 0")
    return value


_DURATION = re.compile(r"(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m)?(?:(?P<s>\d+(?:\.\d+)?)s?)?")


def parse_duration(text: str) -> float:
    """Seconds in a duration such as ``90s``, ``10m``, ``1h30m`` or ``45`` (seconds)."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not text.strip() or match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration (e.g. 90s, 10m, 1h30m)")
    seconds = 3600 * float(match["h"] or 0) + 60 * float(match["m"] or 0) + float(match["s"] or 0)
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be longer than 0 s")
    return seconds


def _ids(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", action="append", dest="specs", metavar="NAME|FILE|URL",
                        help=f"spec to run, repeatable: a built-in name ({', '.join(SPEC_NAMES)}; default: all of "
                             "them) or any OpenAPI 3.0/3.1 or Swagger 2.0 document by path or URL")
    parser.add_argument("--overlay", action="append", default=[], type=Path, metavar="FILE",
                        help="add x-pbx-* rules (window limits, ascending arrays, read/write marking...) to the "
                             "--spec documents without editing them; repeatable (see specs/README.md)")
    parser.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                        help="send this header on every request (e.g. a custom token header); values are "
                             "masked like tokens in every report")
    parser.add_argument("--hooks", action="append", default=[], metavar="MODULE|FILE.py",
                        help="import this module or file first: the checks and scenarios it registers run too")
    parser.add_argument("--base-url", help="target base URL, e.g. https://pbx.example.com:8887/api "
                                           "(default: an embedded simulator per spec)")
    parser.add_argument("--token", help="API token (default: env PBX_TOKEN); env PBX_USERNAME/PBX_PASSWORD log in "
                                        "through the vendor's flow instead")
    parser.add_argument("--fixtures", type=Path, help="YAML file describing what exists on the target")
    parser.add_argument("--report-dir", type=Path, help="where reports go (default: reports/<timestamp>/)")
    parser.add_argument("--allow-writes", action="store_true",
                        help="also exercise write operations (creates, updates, destroys; cleans up after itself)")
    parser.add_argument("--max-examples", type=_positive_int, default=20, help="generated requests per operation")
    parser.add_argument("--seed", type=int, default=0, help="seed for generated requests (same seed, same requests)")
    parser.add_argument("--rate-limit", type=_positive_float, help="maximum requests per second")
    parser.add_argument("--timeout", type=_positive_float, default=10.0,
                        help="seconds one request may take in all: connect, send and the complete answer")
    parser.add_argument("--max-time", type=parse_duration, metavar="DURATION",
                        help="time limit of the whole run, e.g. 90s, 10m, 1h: on reaching it the run stops, "
                             "cleans up and writes its reports (exit 2, or 1 when a check already failed)")
    parser.add_argument("--dead-after", type=_positive_int, default=5, metavar="N",
                        help="requests in a row without an answer before the target is taken for dead: a few "
                             "more are tried with growing pauses, then the run stops (exit 2)")
    parser.add_argument("--baseline", type=Path, help="previous results.json: fail only on failures it lacks")
    parser.add_argument("--checks", help="comma-separated check ids to run (default: all)")
    parser.add_argument("--exclude-checks", help="comma-separated check ids to leave out")
    parser.add_argument("--phases", help=f"comma-separated phases to run (default: all: {','.join(PHASES)})")
    parser.add_argument("--simulator-fault", metavar="FAULT",
                        help="switch a fault profile on in the embedded simulator (see serve --list-faults)")
    parser.add_argument("--simulator-reading", action="append", default=[], metavar="OPTION=READING",
                        help="reading of an ambiguous erratum the embedded simulator takes, repeatable "
                             "(see specs/errata.yaml `simulator.option`)")
    parser.add_argument("--strict", action="store_true",
                        help="advisories (findings resting on the suite's own reading, not on the vendor's "
                             "words or HTTP) fail the verdict too")
    parser.add_argument("--fail-on", choices=SEVERITIES, default="minor", metavar="SEVERITY",
                        help="lowest severity whose failures fail the verdict: critical, major or minor "
                             "(default: minor, every failure)")
    parser.add_argument("--simulator-latitude", type=int, metavar="SEED",
                        help="the embedded simulator draws, for every choice the vendor documents leave open, its own "
                             "reading or another plausible one (see serve --list-latitude)")
    parser.add_argument("--simulator-latitude-entry", action="append", default=[], metavar="ID",
                        help="switch one latitude entry on in the embedded simulator (repeatable)")
    parser.add_argument("--list-checks", action="store_true",
                        help="list every check with its severity, spec and basis, and exit")
    parser.add_argument("--coverage", action="store_true",
                        help="with --list-checks: every documented request parameter of the specs and the relations "
                             "that prove its effect")
    parser.add_argument("--no-progress", action="store_true", help="plain output even on a terminal")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="settings file (default: the nearest pbx-conformance.toml, or pyproject.toml's "
                             "[tool.pbx-conformance]); command-line options override it")
    parser.add_argument("--profile", metavar="NAME", help="use the settings file's [profiles.NAME] table")


def _headers(values: list[str]) -> tuple[tuple[str, str], ...]:
    headers = []
    for value in values:
        name, sep, text = value.partition(":")
        if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
            raise UsageError(f"--header takes 'Name: value', got {value.split(':')[0]!r}...")
        headers.append((name.strip(), text.strip()))
    return tuple(headers)


def credentials_for(base_url: str | None, token: str | None, headers: tuple[tuple[str, str], ...] = ()) -> Credentials:
    """What the run authenticates with: ``--token``, else the environment's PBX_TOKEN / PBX_USERNAME and
    PBX_PASSWORD. The environment speaks for a real target only: the embedded simulator ignores it (a token
    left in a shell for a PBX must not make every request to the simulator fail)."""
    if base_url is None:
        return Credentials(token=token, headers=headers)
    return Credentials(token=token or os.environ.get("PBX_TOKEN") or None,
                       username=os.environ.get("PBX_USERNAME") or None,
                       password=os.environ.get("PBX_PASSWORD") or None, headers=headers)


def build_config(args: argparse.Namespace) -> RunConfig:
    load_hooks(args.hooks)
    load_all()
    if args.base_url and not args.specs:
        raise UsageError("--base-url needs --spec NAME|FILE (which API the target serves)")
    loaded = [load_any(ref, args.overlay) for ref in dict.fromkeys(args.specs or SPEC_NAMES)]
    documents = {spec.name: spec.document for spec in loaded}
    if len(documents) < len(loaded):
        raise UsageError("two --spec documents have the same name (x-pbx-api.name or file name)")
    if args.simulator_fault and args.base_url:
        raise UsageError("--simulator-fault applies to the embedded simulator only (drop --base-url)")
    if args.simulator_reading and args.base_url:
        raise UsageError("--simulator-reading applies to the embedded simulator only (drop --base-url)")
    specs = tuple(documents)
    readings = _simulator_readings(args.simulator_reading, specs)
    if (args.simulator_latitude is not None or args.simulator_latitude_entry) and args.base_url:
        raise UsageError("--simulator-latitude applies to the embedded simulator only (drop --base-url)")
    latitude = _simulator_latitude(args.simulator_latitude, args.simulator_latitude_entry, specs)
    include = _ids(args.checks) or None
    exclude = _ids(args.exclude_checks)
    for check_id in (include or []) + exclude:
        if check_id not in CHECKS:
            raise UsageError(f"unknown check {check_id!r} (see --list-checks)")
    phases = tuple(_ids(args.phases)) or PHASES
    for phase in phases:
        if phase not in PHASES:
            raise UsageError(f"unknown phase {phase!r} (one of {', '.join(PHASES)})")
    if args.baseline is not None and not args.baseline.is_file():
        raise UsageError(f"baseline file {args.baseline} does not exist")
    credentials = credentials_for(args.base_url, args.token, _headers(args.header))
    return RunConfig(
        specs=specs,
        documents={spec.name: spec.document for spec in loaded if not spec.builtin or args.overlay},
        base_url=args.base_url,
        credentials=credentials,
        fixtures=load_fixtures(args.fixtures),
        report_dir=args.report_dir or Path("reports") / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        allow_writes=args.allow_writes,
        max_examples=args.max_examples,
        seed=args.seed,
        rate_limit=args.rate_limit,
        timeout=args.timeout,
        max_time=args.max_time,
        dead_after=args.dead_after,
        baseline=args.baseline,
        include_checks=frozenset(include) if include else None,
        exclude_checks=frozenset(exclude),
        phases=phases,
        simulator_fault=args.simulator_fault,
        simulator_readings=readings,
        simulator_latitude=latitude,
        strict=args.strict,
        fail_on=args.fail_on,
    )


def _simulator_latitude(seed: int | None, entry_ids: list[str], specs: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Spec -> the latitude entries its embedded simulator switches on (a seed's draw and/or named entries)."""
    owners = {entry_id: latitude_entry(entry_id).spec for entry_id in entry_ids}
    stray = [entry_id for entry_id, spec in owners.items() if spec not in specs]
    if stray:
        raise UsageError(f"--simulator-latitude-entry {stray[0]!r} belongs to {owners[stray[0]]}, not run here")
    return {spec: chosen for spec in specs
            if (chosen := chosen_entries(spec, seed, [e for e, s in owners.items() if s == spec]))}


def _simulator_readings(pairs: list[str], specs: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Spec -> the readings its embedded simulator takes; each option must belong to one of ``specs``."""
    chosen: dict[str, dict[str, str]] = {}
    for pair in pairs:
        owners = [spec for spec in specs if pair.partition("=")[0] in reading_options(spec)]
        if not owners:
            raise UsageError(f"--simulator-reading {pair!r}: no option of that name in {', '.join(specs)}")
        for spec in owners:
            chosen.setdefault(spec, {}).update(parse_readings([pair], spec))
    return chosen


def _list_checks(args: argparse.Namespace) -> int:
    load_hooks(args.hooks)
    load_all()
    for info in CHECKS.values():
        basis = info.basis.text() if info.basis is not None else "unassigned"
        print(f"{info.id:40} {info.severity:8} {info.spec or 'all':20} {info.statement}\n"
              f"{'':40} basis {basis}")
    if args.coverage:
        for spec in (load_any(ref, args.overlay) for ref in dict.fromkeys(args.specs or SPEC_NAMES)):
            table = coverage(spec.document, spec.name, CHECKS.values())
            shaping = [row for row in table if row.shaping]
            print(f"\n{spec.name}: request parameters and the relations that prove their effect "
                  f"({sum(1 for row in shaping if row.relations)} of the {len(shaping)} that shape data have one)")
            for row in table:
                shown = ", ".join(row.relations) or ("-- none --" if row.shaping else "(selects no data)")
                print(f"  {row.operation:28} {row.parameter:32} {shown}")
    return 0


def execute(args: argparse.Namespace) -> int:
    if args.list_checks:
        return _list_checks(args)
    config = build_config(args)
    bus = EventBus()
    control = RunControl(config.max_time)
    with stop_on_signals(control):
        with console_listener(plain=args.no_progress or not sys.stdout.isatty()) as progress:
            bus.subscribe(progress)
            result = run_suite(config, bus, open_target, control)
        assert config.report_dir is not None
        written = write_reports(result, config.report_dir)
    print(f"reports: {', '.join(str(p) for p in written)}")
    counts = result.counts
    print(f"{result.verdict.upper()}: {counts['passed']} passed, {counts['failed']} failed, "
          f"{counts['advisory']} advisories, {counts['skipped']} skipped"
          + (" (--strict: advisories count)" if config.strict else ""))
    if result.stopped is None:
        return 0 if result.conformant else 1
    print(f"pbx-conformance run: stopped: {result.stopped.reason}", file=sys.stderr)
    if result.stopped.kind == "interrupt":
        return exit_code(control.signal) if control.signal is not None else 2
    if result.stopped.kind == "time" and result.failures_found:
        return 1
    return 2
