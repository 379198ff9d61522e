"""Custom string formats for Schemathesis, so schemas can ask for the PBX date notations by name."""

from __future__ import annotations

import functools
from collections.abc import Callable

import schemathesis
from hypothesis import strategies as st

from conformance.timefmt import DATE_ORDERS, DISPLAY_FORMATS
from strategies.fusionpbx import local_datetimes
from strategies.telecomx import iso_datetimes, object_ids
from strategies.time import rfc3339_datetimes
from strategies.yeastar import display_datetimes, display_periods, id_lists

ORDER_SLUGS = {"MM/DD/YYYY": "mdy", "DD/MM/YYYY": "dmy", "YYYY/MM/DD": "ymd"}

# Format name -> factory of the strategy that generates it.
FORMATS: dict[str, Callable[[], st.SearchStrategy[str]]] = {
    "pbx-rfc3339-offset": rfc3339_datetimes,
    "pbx-iso8601": iso_datetimes,
    "pbx-local-datetime": local_datetimes,
    "pbx-object-id": object_ids,
    "pbx-id-list": id_lists,
    **{
        f"pbx-display-datetime-{ORDER_SLUGS[fmt.date_order]}-{fmt.clock}": functools.partial(display_datetimes, fmt)
        for fmt in DISPLAY_FORMATS
    },
    **{f"pbx-display-period-{ORDER_SLUGS[order]}": functools.partial(display_periods, order) for order in DATE_ORDERS},
}


@functools.cache
def format_strategy(name: str) -> st.SearchStrategy[str]:
    """The strategy registered for format ``name`` (built once)."""
    return FORMATS[name]()


def register_formats() -> tuple[str, ...]:
    """Register every format with ``schemathesis.openapi.format``; calling it again changes nothing."""
    for name in FORMATS:
        schemathesis.openapi.format(name, format_strategy(name))
    return tuple(FORMATS)


def unregister_formats() -> None:
    """Remove the formats ``register_formats`` added (those still registered)."""
    from schemathesis.specs.openapi import formats

    for name in FORMATS:
        if name in formats.STRING_FORMATS:
            formats.unregister_string_format(name)
