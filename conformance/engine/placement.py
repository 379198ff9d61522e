"""Where the token goes, when an ambiguous erratum leaves it open (a ``placements`` probe, TelecomX's TCX-012).

Before any phase runs, one generated request of the probe's operation is sent with the token at each
documented placement. A placement works when the answer is not a refusal for credentials. The run keeps
the spec's placement when it works and otherwise switches to the first one that does, so a target taking
the other reading is judged on everything else instead of failing every request; the probe is reported
as an observation either way.
"""

from __future__ import annotations

from conformance.engine.auth import Placement
from conformance.engine.events import ObservationMade
from conformance.engine.requests import send
from conformance.engine.results import Observation
from conformance.engine.session import SpecSession
from conformance.extensions import operation_extensions

WORKING = ("accepted", "pending", "rejected")  # refused for something else than credentials still means in


def discover(session: SpecSession) -> None:
    auth = session.client.auth
    for erratum in session.errata:
        probe = erratum.raw.get("probe") or {}
        op = session.operation(probe.get("operation", "")) if "placements" in probe else None
        if op is None or not auth.required or operation_extensions(op).writes:
            continue  # a placement is never probed with a request that writes
        requests = session.factory.requests(op, 1)
        if not requests:
            continue
        outcomes: dict[str, str] = {}
        placements = {reading: Placement(where["in"], where["name"], where.get("prefix", ""))
                      for reading, where in probe["placements"].items()}
        for reading, placement in placements.items():
            with auth.placed(placement):
                exchange = send(session.client, requests[0])
            outcomes[reading] = session.errors.classify(exchange)
        working = tuple(reading for reading, outcome in outcomes.items() if outcome in WORKING)
        spec_reading = next((r for r, p in placements.items() if p == auth.placement), None)
        if working and spec_reading not in working:
            auth.placement = placements[working[0]]
            verdict = f"the token works as {', '.join(working)} only: this run sends it that way"
        elif working:
            verdict = f"the token works as {', '.join(working)}"
        else:
            verdict = "the token works at none of the placements"
        observation = Observation(session.spec, erratum.id, op.operation_id, outcomes,
                                  f"{verdict}; {erratum.summary}", working)
        session.run.observations.append(observation)
        session.bus.emit(ObservationMade(observation))
