"""Phase: for each ambiguous erratum with a probe, observe which reading the target implements."""

from __future__ import annotations

from conformance.engine.events import ObservationMade
from conformance.engine.generation import field_schemas
from conformance.engine.ledger import destroy_operation
from conformance.engine.requests import RequestSpec, send
from conformance.engine.results import Observation
from conformance.engine.session import SpecSession
from conformance.extensions import operation_extensions


def run(session: SpecSession) -> None:
    for erratum in session.errata:
        probe = erratum.raw.get("probe")
        if erratum.spec != session.spec or not erratum.ambiguous or not probe:
            continue
        op = session.operation(probe["operation"])
        if op is None:
            continue
        base = _base_for(session, op.operation_id, probe["field"]["in"], probe["field"]["name"])
        writes = operation_extensions(op).writes
        if writes and not session.config.allow_writes:
            summary = "not probed: the operation writes (give --allow-writes)"
            observation = Observation(session.spec, erratum.id, op.operation_id, {}, summary)
        elif writes and destroy_operation(session, op) is None:
            summary = "not probed: the suite could not undo what the probe creates"
            observation = Observation(session.spec, erratum.id, op.operation_id, {}, summary)
        elif base is None:
            summary = "not probed: no accepted request that takes the probed field"
            observation = Observation(session.spec, erratum.id, op.operation_id, {}, summary)
        else:
            outcomes: dict[str, str] = {}
            for reading, value in probe["values"].items():
                request = base.with_value(probe["field"]["in"], probe["field"]["name"], value)
                exchange = send(session.client, request)
                outcome = session.errors.classify(exchange)
                session.ledger.note(request, exchange, outcome == "accepted")  # created by a probe: undone later
                outcomes[reading] = outcome
                if exchange.status is not None and exchange.status >= 500:
                    session.record("GEN-NO-SERVER-ERROR", op.operation_id, f"answered {exchange.status}",
                                   exchange=exchange, key=str(exchange.status))
            accepted = [r for r, o in outcomes.items() if o == "accepted"]
            summary = (f"accepts {', '.join(accepted)}" if accepted else "accepts none of the readings") + \
                f"; {erratum.summary}"
            observation = Observation(session.spec, erratum.id, op.operation_id, outcomes, summary)
        session.run.observations.append(observation)
        session.bus.emit(ObservationMade(observation))


def _base_for(session: SpecSession, operation_id: str, location: str, name: str) -> RequestSpec | None:
    """An accepted request of the operation that can take the probed field: one that already carries it, or
    any when the operation declares the field directly (not only inside some alternatives, like a report
    type of Yeastar's that takes it)."""
    accepted = session.accepted.get(operation_id) or []
    carrying = [r for r in accepted if r.value(location, name) is not None]
    op = session.operation(operation_id)
    declared = op is not None and bool(field_schemas(session.document, op.operation, location, name))
    candidates = carrying or (accepted if declared else [])
    return candidates[0].copy() if candidates else None
