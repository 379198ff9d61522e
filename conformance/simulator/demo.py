"""Turn a fault's ``demo`` recipe into a concrete request against a simulator (placeholders filled)."""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from conformance import timefmt

_PLACEHOLDER = re.compile(r"\$\{([a-z_]+)(?:\.([0-9a-z_]+))?(?::([a-z_0-9]+))?\}")


def _value(fixtures: dict[str, Any], key: str, index: str | None, notation: str | None, tz: tzinfo) -> Any:
    value = fixtures[key]
    if index is not None:
        value = value[int(index)] if isinstance(value, list) else value[index]
    if notation is not None:
        moment = timefmt.parse_rfc3339(str(value))
        display = timefmt.DisplayFormat.parse(fixtures.get("display_format") or "MM/DD/YYYY HH:mm:ss")
        return timefmt.format_datetime(notation, moment, display=display, tz=tz)
    return value


def fill(template: Any, fixtures: dict[str, Any]) -> Any:
    """``template`` with ``${key}``, ``${key.index}`` and ``${key.index:notation}`` replaced from the fixtures
    (``${window.start:local_datetime}`` writes the fixtures window start in another notation)."""
    tz = ZoneInfo(fixtures.get("timezone") or "UTC")
    if isinstance(template, str):
        whole = _PLACEHOLDER.fullmatch(template)
        if whole:
            return _value(fixtures, whole.group(1), whole.group(2), whole.group(3), tz)
        return _PLACEHOLDER.sub(lambda m: str(_value(fixtures, m.group(1), m.group(2), m.group(3), tz)), template)
    if isinstance(template, dict):
        return {k: fill(v, fixtures) for k, v in template.items()}
    if isinstance(template, list):
        return [fill(v, fixtures) for v in template]
    return template
