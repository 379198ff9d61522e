"""What a PortSIP PBX holds, asked through its Dataflow and CDR APIs (reads only): a recent day with calls, and
the queues, agents and users its call history names."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from conformance.checkapi.discovery import DAY, distinct, latest_day_with_traffic, midnight, probe_with, window_fact
from conformance.checkapi.scenarios import Call, Runner

EXTENSION = re.compile(r"^\d{2,6}$")  # an internal number, not an outside caller


def _total(call: Call) -> int | None:
    body = call.json() if call.accepted else None
    points = body.get("points") if isinstance(body, dict) else None
    if not isinstance(points, list):
        return None
    return sum(int(p.get("total") or 0) for p in points if isinstance(p, dict))


def _items(call: Call) -> list[dict[str, Any]]:
    body = call.json() if call.accepted else None
    items = body.get("items") if isinstance(body, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def instant(value: Any) -> datetime | None:
    """A record's time: RFC 3339 text or Unix seconds (None when unset: null, "", 0)."""
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            return None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return datetime.fromtimestamp(value, UTC)
    return None


def people(items: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Queues, agents (who answered a queue's call) and users (internal callers and callees) of history items."""
    queued = [i for i in items if "queue" in str(i.get("service_type") or "").lower()]
    answered = [i for i in queued if i.get("answered_at") not in (None, "", 0)]
    numbers = [i.get(k) for i in items for k in ("caller", "callee") if EXTENSION.match(str(i.get(k) or ""))]
    agents = distinct([i.get("callee") for i in answered if EXTENSION.match(str(i.get("callee") or ""))])
    services = {str(i.get("service_number")) for i in items if i.get("service_number")}
    return {"queues": distinct([i.get("service_number") for i in queued]), "agents": agents,
            "users": [n for n in distinct(numbers, 60) if n not in agents and n not in services][:20]}


def discover(runner: Runner) -> dict[str, Any]:
    """Facts for the Dataflow API (and, through ``discover_cdr``, the CDR API)."""
    probe = probe_with(runner, "getCallsTimeseries", lambda fields: {"body": fields})
    window = latest_day_with_traffic(probe, _total, chunk_days=365)
    if window is None:
        return {}
    history = runner.call("getCallsHistory", query={"top": 100},
                          body=runner.window_fields("getCallsHistory", *window), expect="any")
    return {"window": window_fact(window), **{k: v for k, v in people(_items(history)).items() if v}}


def discover_cdr(runner: Runner) -> dict[str, Any]:
    """Facts for the CDR API: the day (UTC) of the latest call record, and the numbers its records name."""
    listing = runner.call("listCDRs", query={"orderby": "started_at desc", "top": 100}, expect="any")
    records = _items(listing)
    started = instant(records[0].get("started_at")) if records else None
    if started is None:
        return {}
    day = midnight(started, UTC)
    numbers = [i.get(k) for i in records for k in ("caller", "callee") if EXTENSION.match(str(i.get(k) or ""))]
    return {"window": window_fact((day, day + DAY)), **({"users": distinct(numbers)} if numbers else {})}
