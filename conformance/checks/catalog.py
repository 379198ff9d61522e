"""Import every check module once, so the registries are complete."""

from __future__ import annotations

import functools
import importlib

# Modules that register checks and scenarios; vendor modules follow the generic ones.
CHECK_MODULES: tuple[str, ...] = (
    "conformance.checks.generic",
    "conformance.checks.negative",
    "conformance.checks.security",
    "conformance.checks.lifecycle",
    "conformance.checks.timeseries",
    "conformance.checks.paging",
    "conformance.checks.portsip_queue",
    "conformance.checks.portsip_calls",
    "conformance.checks.portsip_jobs",
    "conformance.checks.portsip_cdr",
    "conformance.checks.yeastar",
    "conformance.checks.fusionpbx",
    "conformance.checks.telecomx",
)


@functools.cache
def load_all() -> None:
    for name in CHECK_MODULES:
        importlib.import_module(name)
