"""Run the phases for every spec against its target, emitting events; return the results."""

from __future__ import annotations

from datetime import UTC, datetime

from conformance.checkapi.registry import CHECKS
from conformance.checks.catalog import load_all
from conformance.engine import placement
from conformance.engine.baseline import compare, load_baseline
from conformance.engine.client import TargetClient
from conformance.engine.config import RunConfig
from conformance.engine.contested import contests
from conformance.engine.coverage import coverage
from conformance.engine.events import EventBus, PhaseStarted, RunFinished, RunStarted, SpecFinished, SpecStarted
from conformance.engine.generation import RequestFactory, load_schema, prepare_document
from conformance.engine.outcome import ErrorConvention
from conformance.engine.phases import PHASES
from conformance.engine.redact import Redactor
from conformance.engine.results import Gate, RunResult, SpecRun
from conformance.engine.session import SpecSession
from conformance.engine.target import TargetProvider, remote_target
from conformance.errata import load_errata
from conformance.errors import ConformanceError
from conformance.prose_rules import fixed_size_fields, strictly_ascending_fields
from conformance.specs import load_spec


def run(config: RunConfig, bus: EventBus | None = None, targets: TargetProvider = remote_target) -> RunResult:
    """Run the suite against the targets ``targets`` opens per spec (default: ``--base-url``); a target that
    cannot be reached raises ``TargetConnectionError`` (exit 2)."""
    load_all()
    bus = bus or EventBus()
    baseline = load_baseline(config.baseline) if config.baseline else None
    result = RunResult(started=datetime.now(UTC), settings=config.settings_summary(),
                       gate=Gate(strict=config.strict, fail_on=config.fail_on))
    bus.emit(RunStarted(config.specs))
    errata = load_errata()
    for spec in config.specs:
        with targets(spec, config) as target:
            spec_run = SpecRun(spec, "embedded simulator" if target.embedded else "", target.embedded)
            redactor = Redactor([target.credentials.token or "", target.credentials.password or ""])
            spec_run.target = redactor.url(target.base_url)
            result.specs.append(spec_run)
            document = config.documents.get(spec) or load_spec(spec)
            client = TargetClient(
                target.base_url, document, redactor=redactor, credentials=target.credentials,
                timeout=config.timeout, rate_limit=config.rate_limit, allow_writes=config.allow_writes,
            )
            spec_errata = tuple(e for e in errata if e.spec == spec)
            spec_contests = contests(spec_errata, document)
            prepared = prepare_document(document, spec_contests)
            schema = load_schema(prepared)
            session = SpecSession(
                spec=spec, document=document, config=config, client=client, fixtures=target.fixtures,
                run=spec_run, bus=bus, errors=ErrorConvention.from_document(document), schema=schema,
                ascending=strictly_ascending_fields(document), fixed_sizes=fixed_size_fields(document),
                contests=spec_contests, errata=spec_errata,
            )
            session.factory = RequestFactory(schema, target.fixtures, session.zone, target.fixtures.display_format,
                                             config.seed)
            bus.emit(SpecStarted(spec, spec_run.target))
            try:
                # where the token goes is settled first, whatever phases run
                steps = {"placement": placement.discover, **{n: p for n, p in PHASES.items() if n in config.phases}}
                for name, step in steps.items():
                    if name in PHASES:
                        bus.emit(PhaseStarted(spec, name))
                    try:
                        step(session)
                    except (ConformanceError, KeyboardInterrupt):
                        raise
                    except Exception as exc:  # a bug of ours must not lose the other phases' results
                        session.suite_error(f"phase {name}", exc)
            except ConformanceError as exc:
                spec_run.error = str(exc)
            finally:
                try:
                    session.ledger.clean_up()  # what this run created, and only that
                finally:
                    spec_run.requests = client.requests_sent
                    client.close()
            spec_run.coverage = coverage(document, spec, CHECKS.values(), spec_run)
            bus.emit(SpecFinished(spec_run))
    result.finished = datetime.now(UTC)
    if baseline is not None:
        result.baseline = compare(result, baseline)
    bus.emit(RunFinished(result))
    return result
