"""Phase: for each ambiguous erratum with a probe, observe which reading the target implements.

A value probe sends each reading's value; an omission probe leaves fields out; a check probe sends the
request a negative check would (e.g. a window over the limit). The last two map the answer to a reading
(``readings: {accepted, refused}``). Placement probes run before every phase (``engine.placement``).
"""

from __future__ import annotations

from typing import Any

from conformance.engine.events import ObservationMade
from conformance.engine.generation import field_schemas
from conformance.engine.ledger import destroy_operation
from conformance.engine.phases.negative import mutations
from conformance.engine.requests import RequestSpec, send
from conformance.engine.results import Observation
from conformance.engine.session import SpecSession
from conformance.extensions import operation_extensions
from conformance.specs import Operation


def run(session: SpecSession) -> None:
    for erratum in session.errata:
        probe = erratum.raw.get("probe")
        if erratum.spec != session.spec or not erratum.ambiguous or not probe or "placements" in probe:
            continue
        op = session.operation(probe["operation"])
        if op is None:
            continue
        writes = operation_extensions(op).writes
        variants = _variants(session, op, probe)
        if writes and not session.config.allow_writes:
            summary = "not probed: the operation writes (give --allow-writes)"
            observation = Observation(session.spec, erratum.id, op.operation_id, {}, summary)
        elif writes and destroy_operation(session, op) is None:
            summary = "not probed: the suite could not undo what the probe creates"
            observation = Observation(session.spec, erratum.id, op.operation_id, {}, summary)
        elif not variants:
            summary = "not probed: no accepted request to build the probe from"
            observation = Observation(session.spec, erratum.id, op.operation_id, {}, summary)
        else:
            outcomes = {label: _send(session, op.operation_id, request) for label, request in variants.items()}
            chosen = _chosen(probe, outcomes)
            observation = Observation(session.spec, erratum.id, op.operation_id, outcomes,
                                      f"{_verdict(outcomes, chosen)}; {erratum.summary}", chosen)
        session.run.observations.append(observation)
        session.bus.emit(ObservationMade(observation))


def _fields(probe: dict[str, Any]) -> list[tuple[str, str]]:
    return [(field["in"], field["name"]) for field in probe.get("omit") or [probe["field"]]]


def _variants(session: SpecSession, op: Operation, probe: dict[str, Any]) -> dict[str, RequestSpec]:
    """Label -> request: one per reading's value, the base with the disputed fields left out, or the
    request the disputed negative check would send. Empty when no accepted request fits."""
    if "check" in probe:
        base = _base_for(session, op, probe, [], require_all=False)
        found = next(((violation.message, request) for violation, request in
                      (mutations(session, op, base) if base else []) if violation.check_id == probe["check"]), None)
        return dict([found]) if found is not None else {}
    fields = _fields(probe)
    base = _base_for(session, op, probe, fields, require_all="omit" in probe)
    if base is None:
        return {}
    if "omit" in probe:
        for location, name in fields:
            base = base.with_value(location, name, None)
        return {" and ".join(name for _, name in fields) + " left out": base}
    (location, name), = fields
    return {reading: base.with_value(location, name, value) for reading, value in probe["values"].items()}


def _chosen(probe: dict[str, Any], outcomes: dict[str, str]) -> tuple[str, ...] | None:
    """The reading an omission or check probe's answer means (a documented refusal or an acceptance);
    None for a value probe, whose accepted values name the readings."""
    if "readings" not in probe:
        return None
    (outcome,) = outcomes.values()
    key = {"accepted": "accepted", "rejected": "refused"}.get(outcome)
    return (probe["readings"][key],) if key else ()


def _verdict(outcomes: dict[str, str], chosen: tuple[str, ...] | None) -> str:
    if chosen is not None:
        ((label, outcome),) = outcomes.items()
        return f"{label}: {outcome}" + (f", the {chosen[0]} reading" if chosen else "")
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


def _base_for(session: SpecSession, op: Operation, probe: dict[str, Any], fields: list[tuple[str, str]],
              require_all: bool) -> RequestSpec | None:
    """An accepted request of the operation with the probe's ``where`` values that can take the probed
    field: one that already carries it (all of them, for an omission probe), or any when the operation
    declares the field directly, or ``where`` names the alternative that takes it (a Yeastar report type)."""
    where = [(w["in"], w["name"], w["values"]) for w in probe.get("where") or []]
    accepted = [r for r in session.accepted.get(op.operation_id) or []
                if all(r.value(location, name) in values for location, name, values in where)]
    if not fields:
        return accepted[0].copy() if accepted else None
    carries = all if require_all else any
    carrying = [r for r in accepted if carries(r.value(location, name) is not None for location, name in fields)]
    location, name = fields[0]
    declared = not require_all and bool(where or field_schemas(session.document, op.operation, location, name))
    candidates = carrying or (accepted if declared else [])
    return candidates[0].copy() if candidates else None
