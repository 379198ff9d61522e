"""``pbx-conformance init``: find what exists on a PBX through its own API (reads only) and write the fixtures
and settings files a first ``run`` needs."""

from __future__ import annotations

import argparse
import importlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from conformance import vendors
from conformance.checks.catalog import load_all
from conformance.cli.run import _headers, _positive_float, credentials_for, parse_duration
from conformance.embedded import open_target
from conformance.engine.config import RunConfig
from conformance.engine.discovery import Discover, discover
from conformance.errors import UsageError
from conformance.openapi.source import load_any

NAME = "init"
HELP = "Discover what a PBX holds (reads only) and write a fixtures file and settings for `run`."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", required=True, metavar="NAME|FILE|URL", help="the API the PBX serves")
    parser.add_argument("--base-url", help="the PBX's base URL (default: the embedded simulator, to try init out)")
    parser.add_argument("--token", help="API token (default: env PBX_TOKEN; or PBX_USERNAME/PBX_PASSWORD)")
    parser.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                        help="send this header on every request (masked in every output)")
    parser.add_argument("--overlay", action="append", default=[], type=Path, metavar="FILE",
                        help="x-pbx rules to add to the spec (as for run)")
    parser.add_argument("--rate-limit", type=_positive_float, help="maximum requests per second")
    parser.add_argument("--timeout", type=_positive_float, default=10.0, help="seconds one request may take")
    parser.add_argument("--max-time", type=parse_duration, metavar="DURATION", help="time limit of the discovery")
    parser.add_argument("--fixtures-out", type=Path, default=Path("fixtures.yaml"), metavar="FILE",
                        help="fixtures file to write (default: fixtures.yaml)")
    parser.add_argument("--config-out", type=Path, default=Path("pbx-conformance.toml"), metavar="FILE",
                        help="settings file to write (default: pbx-conformance.toml)")
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")


def _discovery(spec: str) -> Discover | None:
    api = vendors.api(spec)
    if api is None or api.discovery is None:
        return None
    module, _, name = api.discovery.partition(":")
    function: Discover = getattr(importlib.import_module(module), name or "discover")
    return function


def _fixtures_text(spec: str, facts: dict[str, Any], origin: str) -> str:
    found = ", ".join(f"{len(v)} {k}" if isinstance(v, list) else k for k, v in facts.items()) or "nothing"
    lines = [
        "# Fixtures for pbx-conformance: what exists on the target, so its checks ask meaningful questions.",
        f"# Written by `pbx-conformance init` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC from {origin}",
        f"# through the API's own read operations; found: {found}.",
        "# Edit freely: schema conformance/schemas/fixtures.schema.yaml; `values:` makes the generator prefer",
        "# values for any request field.",
    ]
    body = yaml.safe_dump({"specs": {spec: facts}} if facts else {"specs": {spec: {}}}, sort_keys=False,
                          allow_unicode=True)
    return "\n".join(lines) + "\n" + body


def _settings_text(spec_ref: str, base_url: str | None, fixtures: Path, rate_limit: float | None) -> str:
    lines = ["# pbx-conformance settings (see README: Settings file and profiles); secrets stay in the environment.",
             f"spec = {json.dumps(spec_ref)}"]
    if base_url:
        lines.append(f"base-url = {json.dumps(base_url)}")
    lines.append(f"fixtures = {json.dumps(str(fixtures))}")
    if rate_limit:
        lines.append(f"rate-limit = {rate_limit:g}")
    return "\n".join(lines) + "\n"


def execute(args: argparse.Namespace) -> int:
    for path in (args.fixtures_out, args.config_out):
        if path.exists() and not args.force:
            raise UsageError(f"{path} exists (give --force to overwrite it)")
    load_all()
    loaded = load_any(args.spec, args.overlay)
    config = RunConfig(
        specs=(loaded.name,), documents={loaded.name: loaded.document}, base_url=args.base_url,
        credentials=credentials_for(args.base_url, args.token, _headers(args.header)),
        rate_limit=args.rate_limit, timeout=args.timeout, max_time=args.max_time, phases=(),
    )
    function = _discovery(loaded.name)
    facts = discover(loaded.name, config, open_target, function)
    args.fixtures_out.write_text(_fixtures_text(loaded.name, facts, args.base_url or "the embedded simulator"),
                                 encoding="utf-8")
    args.config_out.write_text(_settings_text(args.spec, args.base_url, args.fixtures_out, args.rate_limit),
                               encoding="utf-8")
    print(f"wrote {args.fixtures_out} ({', '.join(sorted(facts)) or 'no facts: this API has no discovery'}) "
          f"and {args.config_out}")
    if function is None:
        print("this spec has no discovery: fill in the fixtures file by hand (see the README)")
    command = "pbx-conformance run" + ("" if args.config_out == Path("pbx-conformance.toml")
                                       else f" --config {args.config_out}")
    print(f"next: {command}")
    return 0
