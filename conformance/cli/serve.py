"""``pbx-conformance serve``: one vendor API of the reference simulator on loopback."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

import yaml

from conformance.errors import UsageError
from conformance.simulator import latitude
from conformance.simulator.faults.catalogue import catalogue, get_fault
from conformance.simulator.options import DEFAULT_TOKEN, SimulatorOptions
from conformance.simulator.readings import parse_readings
from conformance.specs import SPEC_NAMES

NAME = "serve"
HELP = "Serve one vendor API from the reference PBX simulator (Ctrl-C stops it)."


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535; 0 picks a free one)")
    return int(text)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a non-negative integer")
    return int(text)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", choices=SPEC_NAMES, metavar="NAME", help=f"API to serve: {', '.join(SPEC_NAMES)}")
    parser.add_argument("--port", type=_port, default=0, help="loopback port (default: a free one)")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help=f"accepted API token (default: {DEFAULT_TOKEN})")
    parser.add_argument("--fault", help="switch one fault profile on (see --list-faults)")
    parser.add_argument("--calls", type=_count, default=20000, help="generated calls in the store (default 20000)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (same seed, same data)")
    parser.add_argument("--store", help="SQLite file to use (generated into when empty; default: in memory)")
    parser.add_argument("--reading", action="append", default=[], metavar="OPTION=READING",
                        help="reading of an ambiguous erratum (see specs/errata.yaml `simulator.option`)")
    parser.add_argument("--write-fixtures", type=Path, metavar="FILE",
                        help="write a fixtures file describing the served data, for `run --fixtures`")
    parser.add_argument("--latitude", type=int, metavar="SEED",
                        help="draw, for every choice the vendor documents leave open, the simulator's reading or "
                             "another plausible one (same seed, same draw; see --list-latitude)")
    parser.add_argument("--latitude-entry", action="append", default=[], metavar="ID",
                        help="switch one latitude entry on (repeatable)")
    parser.add_argument("--list-faults", action="store_true", help="list the fault profiles and exit")
    parser.add_argument("--list-latitude", action="store_true",
                        help="list the latitude entries (other readings of what the documents leave open) and exit")


def execute(args: argparse.Namespace) -> int:
    if args.list_faults:
        for fault in catalogue().values():
            if args.spec is None or fault.spec == args.spec:
                print(f"{fault.id:45} {fault.spec:20} {fault.kind:14} {fault.breaks}")
        return 0
    if args.list_latitude:
        for entry in latitude.catalogue().values():
            if args.spec is None or entry.spec == args.spec:
                print(f"{entry.id:50} {entry.spec:20} {entry.choice:28} {entry.does}")
        return 0
    if args.spec is None:
        raise UsageError("--spec NAME is required")
    if args.fault:
        get_fault(args.fault, args.spec)
    readings = parse_readings(args.reading, args.spec)
    entries = latitude.chosen_entries(args.spec, args.latitude, args.latitude_entry)
    from conformance.simulator.app import create_simulator
    from conformance.simulator.catalogue import simulator_fixtures
    from conformance.simulator.server import ServerThread

    options = SimulatorOptions(spec=args.spec, token=args.token, fault=args.fault, calls=args.calls, seed=args.seed,
                               store_path=args.store or ":memory:", readings=readings, latitude=entries)
    simulator = create_simulator(options)
    if args.write_fixtures:
        fixtures = {"specs": {args.spec: simulator_fixtures(simulator)}}
        args.write_fixtures.write_text(yaml.safe_dump(fixtures, sort_keys=False), encoding="utf-8")
    server = ServerThread(simulator.app, args.port)
    server.start()
    print(f"serving {args.spec} at {server.url}{simulator.mount}", flush=True)
    if entries:
        print(f"latitude: {', '.join(entries)}", flush=True)
    stop = threading.Event()
    try:
        stop.wait()
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
    finally:
        server.stop()
    return 0
