"""What a TelecomX PBX holds (reads only): the latest day with calls and the employees its statistics list."""

from __future__ import annotations

from typing import Any

from conformance.checkapi.discovery import distinct, latest_day_with_traffic, probe_with, window_fact
from conformance.checkapi.scenarios import Call, Runner

COUNTERS = ("inboundCalls", "outboundCalls")


def _employees(call: Call) -> list[dict[str, Any]]:
    body = call.json() if call.accepted else None
    return [e for e in body if isinstance(e, dict)] if isinstance(body, list) else []


def _employee_calls(employee: dict[str, Any]) -> int:
    data = employee.get("data")
    buckets = data.values() if isinstance(data, dict) else []
    return sum(int(bucket.get(name) or 0) for bucket in buckets if isinstance(bucket, dict)
               for name in COUNTERS if isinstance(bucket.get(name), int | float))


def _calls(call: Call) -> int | None:
    employees = _employees(call)
    return sum(_employee_calls(e) for e in employees) if employees else None


def discover(runner: Runner) -> dict[str, Any]:
    probe = probe_with(runner, "getCdrStats", lambda fields: {"body": {**fields, "groupingInterval": "DAY"}})
    window = latest_day_with_traffic(probe, _calls, chunk_days=31)
    if window is None:
        return {}
    busy = [e.get("employeeId") for e in _employees(probe(*window)) if _employee_calls(e) > 0]
    return {"window": window_fact(window), **({"employees": distinct(busy)} if busy else {})}
