"""What the PortSIP Dataflow check modules (queue, calls, jobs) share: the spec name, reading answers, and
scenarios named after the one check they record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckInfo, CheckSkipped
from conformance.checkapi.scenarios import ScenarioKind, scenario

SPEC = "portsip-dataflow"


def items_of(exchange: Exchange) -> list[dict[str, Any]]:
    """The objects of a list answer's ``items``; CheckSkipped when it has none."""
    body = exchange.json()
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise CheckSkipped("no items")
    return [i for i in items if isinstance(i, dict)]


def answer_field(call: Any, key: str) -> Any:
    """The value under ``key`` of an accepted JSON-object answer to a scenario's call, else None."""
    body = call.json() if call.accepted else None
    return body.get(key) if isinstance(body, dict) else None


def recorded_by(info: CheckInfo, kind: ScenarioKind = "metamorphic") -> Callable[[Callable[[Any], None]], Any]:
    """Register a scenario named after the one check it records."""
    return scenario(info.id, spec=SPEC, kind=kind, statement=info.statement, checks=(info.id,))
