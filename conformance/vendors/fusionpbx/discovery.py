"""What a FusionPBX-based report API holds (reads only): the latest day with calls, and the PBX clock's offset,
which its agent report writes on every time (``2023-03-08 11:55:35.792545+07``)."""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone
from typing import Any

from conformance.checkapi.discovery import latest_day_with_traffic, probe_with, window_fact
from conformance.checkapi.scenarios import Call, Runner

OFFSET = re.compile(r"([+-])(\d{2})(?::?(\d{2}))?$")


def _calls(call: Call) -> int | None:
    body = call.json() if call.accepted else None
    rows = body.get("data") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        return None
    return sum(int(r.get("total") or 0) for r in rows if isinstance(r, dict) and isinstance(r.get("total"), int))


def pbx_zone(texts: list[str]) -> str | None:
    """An IANA zone of the fixed offset the agent report's times carry (``Etc/GMT-7`` for ``+07``)."""
    for text in texts:
        match = OFFSET.search(text.strip())
        if match and match.group(3) in (None, "00"):
            hours = int(match.group(2))
            return "UTC" if hours == 0 else f"Etc/GMT{'-' if match.group(1) == '+' else '+'}{hours}"
    return None


def discover(runner: Runner) -> dict[str, Any]:
    probe = probe_with(runner, "getExtensionReport", lambda fields: {"query": fields})
    window = latest_day_with_traffic(probe, _calls, chunk_days=31)
    if window is None:
        return {}
    facts: dict[str, Any] = {}
    agents = runner.call("getAgentTimeReport", query=runner.window_fields("getAgentTimeReport", *window),
                         expect="any")
    body = agents.json() if agents.accepted else None
    rows = body.get("data") if isinstance(body, dict) else None
    zone = pbx_zone([str(r.get(k)) for r in rows or [] if isinstance(r, dict)
                     for k in ("earliest_time", "latest_time") if r.get(k)])
    if zone is not None:
        hours = int(zone.removeprefix("Etc/GMT") or 0) if zone != "UTC" else 0
        offset = timezone(timedelta(hours=-hours))
        start = window[0].astimezone(UTC).replace(tzinfo=None).replace(tzinfo=offset)  # the same wall day
        window = (start, start + (window[1] - window[0]))
        facts["timezone"] = zone
    facts["window"] = window_fact(window)
    return facts
