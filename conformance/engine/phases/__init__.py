"""The phases of a spec's run, in order; each is a function of the spec session."""

from __future__ import annotations

from collections.abc import Callable

from conformance.engine.phases import negative, positive, probes, robustness, scenarios, security, stateful
from conformance.engine.session import SpecSession

PHASES: dict[str, Callable[[SpecSession], None]] = {
    "schema": positive.run,
    "invariants": scenarios.run_targeted,
    "metamorphic": scenarios.run_metamorphic,
    "negative": negative.run,
    "robustness": robustness.run,
    "security": security.run,
    "probes": probes.run,
    "stateful": stateful.run,
}
