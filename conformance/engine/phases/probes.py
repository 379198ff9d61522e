"""Phase: for each ambiguous erratum with a probe, observe which reading the target implements."""

from __future__ import annotations

from typing import Any

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
        if erratum.spec != session.spec or not erratum.ambiguous or not probe or "placements" in probe:
            continue  # placement probes run before every phase (engine.placement)
        op = session.operation(probe["operation"])
        if op is None:
            continue
        fields = _fields(probe)
        base = _base_for(session, op.operation_id, fields, require_all="omit" in probe)
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
            outcomes = {label: _send(session, op.operation_id, request)
                        for label, request in _variants(probe, base).items()}
            chosen = _chosen(probe, outcomes)
            observation = Observation(session.spec, erratum.id, op.operation_id, outcomes,
                                      f"{_verdict(probe, outcomes, chosen)}; {erratum.summary}", chosen)
        session.run.observations.append(observation)
        session.bus.emit(ObservationMade(observation))


def _fields(probe: dict[str, Any]) -> list[tuple[str, str]]:
    return [(field["in"], field["name"]) for field in probe.get("omit") or [probe["field"]]]


def _omitted_label(probe: dict[str, Any]) -> str:
    return " and ".join(name for _, name in _fields(probe)) + " left out"


def _variants(probe: dict[str, Any], base: RequestSpec) -> dict[str, RequestSpec]:
    """Label -> request: one per reading's value, or the base with the disputed fields left out."""
    if "omit" in probe:
        request = base
        for location, name in _fields(probe):
            request = request.with_value(location, name, None)
        return {_omitted_label(probe): request}
    location, name = _fields(probe)[0]
    return {reading: base.with_value(location, name, value) for reading, value in probe["values"].items()}


def _chosen(probe: dict[str, Any], outcomes: dict[str, str]) -> tuple[str, ...] | None:
    """An omission probe's reading: ``accepted`` or ``refused`` (a documented refusal), else none."""
    if "omit" not in probe:
        return None
    outcome = outcomes[_omitted_label(probe)]
    key = {"accepted": "accepted", "rejected": "refused"}.get(outcome)
    return (probe["readings"][key],) if key else ()


def _verdict(probe: dict[str, Any], outcomes: dict[str, str], chosen: tuple[str, ...] | None) -> str:
    if chosen is not None:
        outcome = outcomes[_omitted_label(probe)]
        return f"{_omitted_label(probe)}: {outcome}" + (f", the {chosen[0]} reading" if chosen else "")
    accepted = [reading for reading, outcome in outcomes.items() if outcome == "accepted"]
    return f"accepts {', '.join(accepted)}" if accepted else "accepts none of the readings"


def _send(session: SpecSession, operation_id: str, request: RequestSpec) -> str:
    exchange = send(session.client, request)
    outcome = session.errors.classify(exchange)
    session.ledger.note(request, exchange, outcome == "accepted")  # created by a probe: undone later
    if exchange.status is not None and exchange.status >= 500:
        session.record("GEN-NO-SERVER-ERROR", operation_id, f"answered {exchange.status}",
                       exchange=exchange, key=str(exchange.status))
    return outcome


def _base_for(session: SpecSession, operation_id: str, fields: list[tuple[str, str]],
              require_all: bool) -> RequestSpec | None:
    """An accepted request of the operation that can take the probed field: one that already carries it
    (all of them, for an omission probe), or any when the operation declares the field directly (not only
    inside some alternatives, like a report type of Yeastar's that takes it)."""
    accepted = session.accepted.get(operation_id) or []
    carries = all if require_all else any
    carrying = [r for r in accepted if carries(r.value(location, name) is not None for location, name in fields)]
    op = session.operation(operation_id)
    location, name = fields[0]
    declared = not require_all and op is not None and bool(field_schemas(session.document, op.operation,
                                                                          location, name))
    candidates = carrying or (accepted if declared else [])
    return candidates[0].copy() if candidates else None
