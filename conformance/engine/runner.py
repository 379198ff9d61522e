"""Run the phases for every spec against its target, emitting events; return the results."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from conformance.checkapi.registry import CHECKS
from conformance.checks.catalog import load_all
from conformance.engine import placement
from conformance.engine.baseline import compare, load_baseline
from conformance.engine.client import TargetClient
from conformance.engine.config import RunConfig
from conformance.engine.contested import contests
from conformance.engine.control import RunControl, RunStopped
from conformance.engine.coverage import coverage
from conformance.engine.events import EventBus, PhaseStarted, RunFinished, RunStarted, SpecFinished, SpecStarted
from conformance.engine.generation import RequestFactory, load_schema, prepare_document
from conformance.engine.outcome import ErrorConvention
from conformance.engine.phases import PHASES
from conformance.engine.redact import Redactor
from conformance.engine.results import Gate, RunResult, SpecRun
from conformance.engine.session import SpecSession
from conformance.engine.target import Target, TargetProvider, remote_target
from conformance.errata import load_errata
from conformance.errors import ConformanceError
from conformance.prose_rules import fixed_size_fields, strictly_ascending_fields
from conformance.specs import load_spec

CLEANUP_SECONDS = 15.0  # at least; two request timeouts when those are longer


def run(config: RunConfig, bus: EventBus | None = None, targets: TargetProvider = remote_target,
        control: RunControl | None = None) -> RunResult:
    """Run the suite against the targets ``targets`` opens per spec (default: ``--base-url``); a target that
    cannot be reached raises ``TargetConnectionError`` (exit 2).

    ``control`` carries the time budget and interrupts (default: ``config.max_time`` from now). A run that
    must stop early (budget, interrupt, a target that stopped answering) still returns its results, with
    ``RunResult.stopped`` and each spec's ``not_run`` phases set.
    """
    load_all()
    bus = bus or EventBus()
    control = control or RunControl(config.max_time)
    baseline = load_baseline(config.baseline) if config.baseline else None
    result = RunResult(started=datetime.now(UTC), settings=config.settings_summary(),
                       gate=Gate(strict=config.strict, fail_on=config.fail_on))
    bus.emit(RunStarted(config.specs))
    errata = load_errata()
    phases = [name for name in PHASES if name in config.phases]
    for spec in config.specs:
        if result.stopped is None:
            try:
                control.check()
                with targets(spec, config) as target:
                    _run_spec(spec, target, config, control, errata, result, bus)
            except RunStopped as stop:  # before the spec started
                result.stopped = stop.info
        if result.stopped is not None and all(s.spec != spec for s in result.specs):
            redactor = Redactor([config.credentials.token or "", config.credentials.password or ""])
            skipped = SpecRun(spec, redactor.url(config.base_url) if config.base_url else "embedded simulator",
                              config.base_url is None, not_run=phases)
            result.specs.append(skipped)
            bus.emit(SpecFinished(skipped))
    result.finished = datetime.now(UTC)
    if baseline is not None:
        result.baseline = compare(result, baseline)
    bus.emit(RunFinished(result))
    return result


def open_session(spec: str, target: Target, config: RunConfig, control: RunControl, errata: tuple[Any, ...],
                 spec_run: SpecRun, bus: EventBus) -> SpecSession:
    """A spec's session against ``target``: its document, client, generator and the errata it disputes."""
    redactor = Redactor([target.credentials.token or "", target.credentials.password or ""])
    spec_run.target = redactor.url(target.base_url)
    document = config.documents.get(spec) or load_spec(spec)
    client = TargetClient(
        target.base_url, document, redactor=redactor, credentials=target.credentials,
        timeout=config.timeout, rate_limit=config.rate_limit, allow_writes=config.allow_writes,
        control=control, dead_after=config.dead_after,
    )
    spec_errata = tuple(e for e in errata if e.spec == spec)
    spec_contests = contests(spec_errata, document)
    prepared = prepare_document(document, spec_contests)
    schema = load_schema(prepared)
    session = SpecSession(
        spec=spec, document=document, config=config, client=client, fixtures=target.fixtures,
        run=spec_run, bus=bus, errors=ErrorConvention.from_document(document), schema=schema,
        ascending=strictly_ascending_fields(document), fixed_sizes=fixed_size_fields(document),
        contests=spec_contests, errata=spec_errata, tenant_credentials=target.tenant_credentials,
    )
    session.factory = RequestFactory(schema, target.fixtures, session.zone, target.fixtures.display_format,
                                     config.seed)
    return session


def _run_spec(spec: str, target: Target, config: RunConfig, control: RunControl, errata: tuple[Any, ...],
              result: RunResult, bus: EventBus) -> None:
    spec_run = SpecRun(spec, "embedded simulator" if target.embedded else "", target.embedded)
    result.specs.append(spec_run)
    session = open_session(spec, target, config, control, errata, spec_run, bus)
    redactor, client, document = session.client.redactor, session.client, session.document
    bus.emit(SpecStarted(spec, spec_run.target))
    # where the token goes is settled first, whatever phases run
    steps = {"placement": placement.discover, **{n: p for n, p in PHASES.items() if n in config.phases}}
    pending = [name for name in steps if name in PHASES]
    try:
        for name, step in steps.items():
            control.check()
            if name in PHASES:
                bus.emit(PhaseStarted(spec, name))
            try:
                step(session)
            except (ConformanceError, KeyboardInterrupt, RunStopped):
                raise
            except Exception as exc:  # a bug of ours must not lose the other phases' results
                session.suite_error(f"phase {name}", exc)
            if name in pending:
                pending.remove(name)
    except RunStopped as stop:
        result.stopped = stop.info
        spec_run.not_run = pending
    except ConformanceError as exc:
        spec_run.error = str(exc)
    finally:
        try:
            with control.cleanup(max(CLEANUP_SECONDS, 2 * config.timeout)):
                session.ledger.clean_up()  # what this run created, and only that
        except RunStopped:
            pass  # the clean-up window closed: what is left is reported below
        finally:
            left = session.ledger.left_behind()
            if left:
                message = f"could not delete {len(left)} resource(s) this run created: {', '.join(left)}"
                spec_run.error = "; ".join(filter(None, [spec_run.error, redactor.text(message)[:1000]]))
            spec_run.requests = session.requests_sent
            spec_run.transport = client.stats.as_dict()
            session.close_clients()
    spec_run.coverage = coverage(document, spec, CHECKS.values(), spec_run)
    bus.emit(SpecFinished(spec_run))
