"""pytest plugin: the engine's results as test items, one per check × operation.

``pytest conformance/ --pbx-spec NAME --pbx-base-url URL [--pbx-fixtures FILE] ...`` runs the same engine
as ``pbx-conformance run`` once, during collection, and turns each (spec, check, operation) result into a
test item of ``conformance/test_conformance.py`` — so pytest's selection (``-k``, ``-m pbx_critical``) and
reporting (``--junitxml``) work beside a team's own tests. Inert unless that module is collected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conformance.specs import SPEC_NAMES

KINDS = ("schema", "negative", "invariant", "metamorphic", "lifecycle", "security", "robustness", "probe")
SEVERITIES = ("critical", "major", "minor")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pbx-conformance", "PBX conformance suite")
    group.addoption("--pbx", action="store_true",
                    help="collect the conformance suite's items (implied by --pbx-spec and --pbx-base-url)")
    group.addoption("--pbx-spec", action="append", default=[],
                    help=f"spec to check: a built-in name ({', '.join(SPEC_NAMES)}) or an OpenAPI file or URL "
                         "(repeatable; default: all built-in, against the embedded simulator)")
    group.addoption("--pbx-overlay", action="append", default=[], help="x-pbx rules to add to the specs (FILE)")
    group.addoption("--pbx-base-url", default=None, help="target base URL (default: the embedded simulator)")
    group.addoption("--pbx-token", default=None, help="API token (default: env PBX_TOKEN)")
    group.addoption("--pbx-fixtures", default=None, help="fixtures YAML describing what exists on the target")
    group.addoption("--pbx-allow-writes", action="store_true", help="exercise write operations too")
    group.addoption("--pbx-max-examples", type=int, default=10, help="generated requests per operation")
    group.addoption("--pbx-seed", type=int, default=0, help="seed for generated requests")
    group.addoption("--pbx-checks", default=None, help="comma-separated check ids to run")
    group.addoption("--pbx-report-dir", default=None, help="also write the suite's reports here")
    group.addoption("--pbx-strict", action="store_true", help="advisories (suite basis) fail their items too")
    group.addoption("--pbx-max-time", default=None, metavar="DURATION",
                    help="time limit of the conformance run, e.g. 10m (the items cover what ran)")
    group.addoption("--pbx-rate-limit", type=float, default=None, help="maximum requests per second")
    group.addoption("--pbx-fail-on", default="minor", choices=SEVERITIES,
                    help="lowest severity whose failures fail their items (default: minor)")


def pytest_configure(config: pytest.Config) -> None:
    for kind in KINDS:
        config.addinivalue_line("markers", f"pbx_{kind}: conformance check of kind {kind}")
    for severity in SEVERITIES:
        config.addinivalue_line("markers", f"pbx_{severity}: conformance check of severity {severity}")
    config.addinivalue_line("markers", "pbx_spec(name): the spec a conformance item belongs to")
    # Installed, the suite has no conformance/ folder to point pytest at: the options bring its items in.
    if config.getoption("--pbx") or config.getoption("--pbx-spec") or config.getoption("--pbx-base-url"):
        module = str(Path(__file__).with_name("test_conformance.py"))
        if module not in config.args:
            config.args.append(module)


def _duration(text: str | None) -> float | None:
    from argparse import ArgumentTypeError

    from conformance.cli.run import parse_duration

    try:
        return parse_duration(text) if text else None
    except ArgumentTypeError as exc:
        raise pytest.UsageError(f"--pbx-max-time: {exc}") from None


def _run(config: pytest.Config) -> Any:
    """Run the engine once per session (cached on the config)."""
    cached = getattr(config, "_pbx_result", None)
    if cached is not None:
        return cached
    from conformance.checks.catalog import load_all
    from conformance.cli.run import credentials_for
    from conformance.embedded import open_target
    from conformance.engine.config import RunConfig
    from conformance.engine.fixtures import load_fixtures
    from conformance.engine.runner import run
    from conformance.openapi.source import load_any

    load_all()
    option = config.getoption
    if option("--pbx-base-url") and not option("--pbx-spec"):
        raise pytest.UsageError("--pbx-base-url needs --pbx-spec NAME|FILE")
    overlays = [Path(p) for p in option("--pbx-overlay")]
    loaded = [load_any(ref, overlays) for ref in dict.fromkeys(option("--pbx-spec") or SPEC_NAMES)]
    checks = [c.strip() for c in (option("--pbx-checks") or "").split(",") if c.strip()]
    fixtures = option("--pbx-fixtures")
    run_config = RunConfig(
        specs=tuple(spec.name for spec in loaded),
        documents={spec.name: spec.document for spec in loaded if not spec.builtin or overlays},
        base_url=option("--pbx-base-url"),
        credentials=credentials_for(option("--pbx-base-url"), option("--pbx-token")),
        fixtures=load_fixtures(Path(fixtures) if fixtures else None),
        allow_writes=option("--pbx-allow-writes"),
        max_examples=option("--pbx-max-examples"),
        seed=option("--pbx-seed"),
        include_checks=frozenset(checks) if checks else None,
        strict=option("--pbx-strict"),
        fail_on=option("--pbx-fail-on"),
        max_time=_duration(option("--pbx-max-time")),
        rate_limit=option("--pbx-rate-limit"),
    )
    result = run(run_config, targets=open_target)
    report_dir = option("--pbx-report-dir")
    if report_dir:
        from conformance.report.writers import write_reports

        write_reports(result, Path(report_dir))
    config._pbx_result = result  # type: ignore[attr-defined]
    return result


@pytest.fixture
def pbx_gate(request: pytest.FixtureRequest) -> Any:
    """The run's gate: which results fail their test item."""
    return _run(request.config).gate


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "pbx_result" not in metafunc.fixturenames:
        return
    from conformance.checkapi.registry import CHECKS
    from conformance.errors import ConformanceError

    try:
        result = _run(metafunc.config)
    except ConformanceError as exc:
        raise pytest.UsageError(str(exc)) from None
    params = []
    for item in sorted(result.all_results(), key=lambda r: r.key):
        info = CHECKS.get(item.check_id)
        marks = [pytest.mark.pbx_spec(item.spec)]
        if info is not None:
            marks += [getattr(pytest.mark, f"pbx_{info.kind}"), getattr(pytest.mark, f"pbx_{info.severity}")]
        params.append(pytest.param(item, id=f"{item.spec}::{item.check_id}::{item.operation}", marks=marks))
    metafunc.parametrize("pbx_result", params)
