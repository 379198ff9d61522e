"""The engine's side of a scenario: a ``Runner`` (conformance.checkapi.scenarios) over a spec session."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from conformance import timefmt
from conformance.checkapi.basis import Basis
from conformance.checkapi.scenarios import NO_BODY, Call, Expectation, ScenarioSkip
from conformance.engine.client import TargetClient
from conformance.engine.evaluate import evaluate
from conformance.engine.requests import RequestSpec, send
from conformance.engine.session import SpecSession
from conformance.extensions import operation_extensions


class ScenarioRunner:
    """The API scenarios use; wraps a spec session."""

    def __init__(self, session: SpecSession, client: TargetClient | None = None) -> None:
        self.session = session
        self.fixtures = session.fixtures
        self._client = client

    def as_tenant(self) -> ScenarioRunner | None:
        """The same runner sending a tenant user's credentials (None when the run has none)."""
        client = self.session.tenant_client()
        return None if client is None else ScenarioRunner(self.session, client)

    @property
    def allow_writes(self) -> bool:
        return self.session.config.allow_writes

    @property
    def zone(self) -> tzinfo:
        return self.session.zone

    def call(self, operation_id: str, *, body: Any = NO_BODY, query: dict[str, Any] | None = None,
             path: dict[str, Any] | None = None, expect: Expectation = "accept") -> Call:
        op = self.session.operation(operation_id)
        if op is None:
            raise ScenarioSkip(f"{operation_id} is not in the spec")
        if operation_extensions(op).writes and not self.session.config.allow_writes:
            raise ScenarioSkip(f"{operation_id} writes and the run is read-only (give --allow-writes)")
        request = RequestSpec(op, dict(path or {}), dict(query or {}), body)
        exchange = send(self._client or self.session.client, request)
        outcome = evaluate(self.session, request, exchange, expect=expect)
        if outcome == "accepted" and expect == "accept":
            self.session.remember_accepted(request)
        return Call(exchange, outcome, request)

    def record(self, check_id: str, operation_id: str, message: str | None = None, *,
               call: Call | None = None, evidence: dict[str, Any] | None = None, key: str | None = None,
               basis: Basis | None = None) -> None:
        self.session.record(check_id, operation_id, message, exchange=call.exchange if call else None,
                            evidence=evidence, key=key, basis=basis)

    def ids(self, key: str) -> list[Any]:
        values = self.fixtures.ids(key)
        if not values:
            raise ScenarioSkip(f"the fixtures list no {key}")
        return values

    def window(self, max_seconds: int | None = None) -> tuple[datetime, datetime]:
        """The fixtures' window, cut to ``max_seconds`` from its start when longer."""
        window = self.fixtures.window
        if window is None:
            raise ScenarioSkip("the fixtures give no window")
        start, end = window
        if max_seconds is not None and (end - start).total_seconds() > max_seconds:
            end = start + timedelta(seconds=max_seconds)
        return start, end

    def window_fields(self, operation_id: str, start: datetime, end: datetime) -> dict[str, str]:
        """The window written in the operation's notation, keyed by its field names."""
        op = self.session.operation(operation_id)
        window = operation_extensions(op).time_window if op else None
        if window is None:
            raise ScenarioSkip(f"{operation_id} takes no window")
        display = self.fixtures.display_format or timefmt.DisplayFormat()
        zone = self.session.zone if window.notation in ("local_datetime", "display_datetime") else None
        return {
            window.start.name: timefmt.format_datetime(window.notation, start, display=display, tz=zone),
            window.end.name: timefmt.format_datetime(window.notation, end, display=display, tz=zone),
        }
