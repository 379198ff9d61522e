"""Per-spec state shared by the phases of a run."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from hypothesis import strategies as st

from conformance import timefmt
from conformance.checkapi.basis import Basis, resolve_basis
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext
from conformance.checkapi.registry import CHECKS
from conformance.engine.client import TargetClient
from conformance.engine.config import RunConfig
from conformance.engine.contested import Contest
from conformance.engine.events import CheckEvaluated, EventBus
from conformance.engine.fixtures import SpecFixtures
from conformance.engine.ledger import Ledger
from conformance.engine.outcome import ErrorConvention
from conformance.engine.requests import RequestSpec
from conformance.engine.results import FailureDetail, SpecRun
from conformance.extensions import TimeWindow, operation_extensions
from conformance.specs import Operation, iter_operations


@dataclass
class SpecSession:
    """What every phase of one spec's run shares: target client, spec, fixtures, results."""

    spec: str
    document: dict[str, Any]
    config: RunConfig
    client: TargetClient
    fixtures: SpecFixtures
    run: SpecRun
    bus: EventBus
    errors: ErrorConvention
    schema: Any = None  # the schemathesis schema of the prepared document
    factory: Any = None  # generation.RequestFactory
    ascending: frozenset[str] = frozenset()
    fixed_sizes: dict[str, int] = field(default_factory=dict)
    contests: tuple[Contest, ...] = ()
    errata: tuple[Any, ...] = ()
    accepted: dict[str, list[RequestSpec]] = field(default_factory=dict)
    tenant_credentials: Any = None  # a tenant user's credentials (engine.auth.Credentials) for isolation checks
    ledger: Ledger = field(init=False)
    _tenant_client: TargetClient | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.ledger = Ledger(self)

    def tenant_client(self) -> TargetClient | None:
        """A client sending a tenant user's credentials (the run's own client when they are the run's), opened on
        first use and sending its token where the run's does; None when the run has no tenant credentials."""
        if self.tenant_credentials is None:
            return None
        if self.tenant_credentials is self.client.auth.credentials:
            return self.client
        if self._tenant_client is None:
            main = self.client
            self._tenant_client = TargetClient(
                main.base_url, self.document, redactor=main.redactor, credentials=self.tenant_credentials,
                timeout=main.timeout, allow_writes=main.allow_writes, control=main.control)
        self._tenant_client.auth.placement = self.client.auth.placement
        return self._tenant_client

    @property
    def requests_sent(self) -> int:
        """Requests sent by the run's client and the tenant client."""
        extra = self._tenant_client.requests_sent if self._tenant_client is not None else 0
        return self.client.requests_sent + extra

    def close_clients(self) -> None:
        self.client.close()
        if self._tenant_client is not None:
            self._tenant_client.close()

    # -- results --------------------------------------------------------------------------------
    def record(
        self,
        check_id: str,
        operation: str,
        message: str | None = None,
        *,
        exchange: Exchange | None = None,
        key: str | None = None,
        evidence: dict[str, Any] | None = None,
        basis: Basis | None = None,
    ) -> None:
        """One evaluation of a check: passed when ``message`` is None, else a failure with its evidence.

        ``basis`` overrides the check's declared one (a negative request carries the basis of the rule it
        breaks); a ``rule`` basis is resolved against the operation's ``x-pbx-basis``.
        """
        if not self.config.check_selected(check_id):
            return
        resolved = self.basis_of(check_id, operation, basis)
        failure = None
        if message is not None:
            failure = FailureDetail(
                message=self.client.redactor.text(message),
                key=key or message,
                exchange=exchange.summary() if exchange is not None else None,
                evidence=self.client.redactor.value(evidence or {}),
                basis=resolved,
            )
        result = self.run.result(check_id, operation)
        info = CHECKS.get(check_id)
        if info is not None:
            result.severity = info.severity
        result.add(failure, resolved)
        self.bus.emit(CheckEvaluated(result, failure is None))

    def basis_of(self, check_id: str, operation_id: str, basis: Basis | None = None) -> Basis | None:
        """The concrete basis of one evaluation: ``basis`` or the check's own, resolved for the operation."""
        if basis is None:
            info = CHECKS.get(check_id)
            basis = info.basis if info is not None else None
        if basis is None:
            return None
        op = self.operation(operation_id)
        return resolve_basis(basis, self.document, op.operation if op is not None else None)

    def suite_error(self, where: str, exc: BaseException) -> None:
        """A bug of the suite (a check or phase raised): reported apart, it never judges the target."""
        message = self.client.redactor.text(f"{where}: {type(exc).__name__}: {exc}")[:500]
        if message not in self.run.suite_errors and len(self.run.suite_errors) < 50:
            self.run.suite_errors.append(message)

    def skip(self, check_id: str, operation: str, reason: str) -> None:
        """Note that a check could not run on an operation (shown as skipped unless it ran elsewhere)."""
        if not self.config.check_selected(check_id):
            return
        result = self.run.result(check_id, operation)
        if result.skip_reason is None:
            result.skip_reason = reason

    # -- spec helpers ---------------------------------------------------------------------------
    def operations(self, *, writes: bool = False) -> list[Operation]:
        ops = list(iter_operations(self.document))
        return [op for op in ops if writes or operation_extensions(op).access == "read"]

    def operation(self, operation_id: str) -> Operation | None:
        return self._operations.get(operation_id)

    @functools.cached_property
    def _operations(self) -> dict[str, Operation]:
        return {op.operation_id: op for op in iter_operations(self.document)}

    def remember_accepted(self, request: RequestSpec) -> None:
        """Keep accepted requests as starting points for later phases, a few of each shape (set of fields)."""
        bucket = self.accepted.setdefault(request.operation.operation_id, [])
        shape = _shape(request)
        if len(bucket) < 40 and sum(_shape(r) == shape for r in bucket) < 3:
            bucket.append(request.copy())

    def base_request(self, op: Operation) -> RequestSpec | None:
        """A request this target accepted for ``op`` (from earlier phases), or None."""
        accepted = self.accepted.get(op.operation_id)
        return accepted[0].copy() if accepted else None

    def is_contested(self, operation_id: str, location: str, name: str) -> bool:
        """Whether an ambiguous erratum leaves this field's valid values open (the probes phase owns it)."""
        return any(contest.covers_field(operation_id, location, name) for contest in self.contests)

    def dispute(self, request: RequestSpec) -> str | None:
        """The ambiguous erratum that leaves the answer to ``request`` open, if any."""
        return next((contest.erratum for contest in self.contests if contest.disputes(request)), None)

    def disputes_check(self, request: RequestSpec, check_id: str) -> bool:
        """Whether an ambiguous erratum leaves open the refusal ``check_id`` expects for ``request``."""
        return any(contest.check == check_id and contest.applies_to(request) for contest in self.contests)

    def window_offsets(self, window: TimeWindow) -> st.SearchStrategy[tzinfo] | None:
        """Zones to write windows in: the PBX's own for wall-clock notations, any offset otherwise."""
        return st.just(self.zone) if window.notation in ("local_datetime", "display_datetime") else None

    @property
    def zone(self) -> tzinfo:
        return self.fixtures.timezone or UTC

    def window_of(self, request: RequestSpec) -> tuple[datetime, datetime] | None:
        """The request's time window as aware datetimes (None when it has none or it does not parse)."""
        window = operation_extensions(request.operation).time_window
        if window is None:
            return None
        return parse_window(window, request, self.fixtures.display_format, self.zone)

    def context(self, request: RequestSpec) -> CheckContext:
        op = request.operation
        return CheckContext(
            spec=self.spec,
            document=self.document,
            operation=op,
            ext=operation_extensions(op),
            body=request.body if request.has_body else None,
            query=dict(request.query),
            path=dict(request.path),
            window=self.window_of(request),
            fixtures=self.fixtures,
        )


def _shape(request: RequestSpec) -> tuple[tuple[str, ...], tuple[str, ...]]:
    body = request.body if isinstance(request.body, dict) else {}
    return tuple(sorted(request.query)), tuple(sorted(body))


def parse_window(
    window: TimeWindow, request: RequestSpec, display: timefmt.DisplayFormat | None, zone: tzinfo
) -> tuple[datetime, datetime] | None:
    raw_start = request.value(window.start.location, window.start.name)
    raw_end = request.value(window.end.location, window.end.name)
    if not isinstance(raw_start, str) or not isinstance(raw_end, str):
        return None
    try:
        start = timefmt.parse_datetime(window.notation, raw_start, display=display or timefmt.DisplayFormat(), tz=zone)
        end = timefmt.parse_datetime(window.notation, raw_end, display=display or timefmt.DisplayFormat(), tz=zone)
    except ValueError:
        return None
    return start, end
