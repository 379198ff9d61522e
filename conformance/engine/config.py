"""Settings of one conformance run (from the CLI or the pytest plugin)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.engine.auth import Credentials
from conformance.engine.fixtures import Fixtures

PHASES = ("schema", "negative", "invariants", "metamorphic", "stateful", "probes", "security", "robustness")


@dataclass(frozen=True)
class RunConfig:
    """Everything that shapes a run. ``base_url`` None means: the embedded simulator per spec."""

    specs: tuple[str, ...]
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # spec -> document (default: built-in)
    base_url: str | None = None
    credentials: Credentials = field(default_factory=Credentials)
    fixtures: Fixtures = field(default_factory=Fixtures)
    report_dir: Path | None = None
    allow_writes: bool = False
    max_examples: int = 20
    seed: int = 0
    rate_limit: float | None = None
    timeout: float = 10.0  # seconds one request may take in all
    max_time: float | None = None  # seconds the whole run may take (None: no limit)
    dead_after: int = 5  # requests in a row without an answer before the target is probed, then given up
    baseline: Path | None = None
    include_checks: frozenset[str] | None = None
    exclude_checks: frozenset[str] = frozenset()
    phases: tuple[str, ...] = PHASES
    simulator_fault: str | None = None
    simulator_calls: int = 3000
    simulator_readings: dict[str, dict[str, str]] = field(default_factory=dict)
    simulator_latitude: dict[str, tuple[str, ...]] = field(default_factory=dict)  # spec -> latitude entries on
    strict: bool = False  # advisories (suite findings) fail the verdict too
    fail_on: str = "minor"  # the lowest severity whose failures fail the verdict

    def check_selected(self, check_id: str) -> bool:
        if check_id in self.exclude_checks:
            return False
        return self.include_checks is None or check_id in self.include_checks

    def settings_summary(self) -> dict[str, object]:
        """The settings as report data (no secrets)."""
        return {
            "specs": list(self.specs),
            "target": self.base_url or "embedded simulator",
            **({} if self.base_url else {"simulator_fault": self.simulator_fault,
                                         "simulator_readings": self.simulator_readings,
                                         "simulator_latitude": {spec: list(entries) for spec, entries
                                                                in self.simulator_latitude.items()}}),
            "allow_writes": self.allow_writes,
            "max_examples": self.max_examples,
            "seed": self.seed,
            "rate_limit": self.rate_limit,
            "timeout": self.timeout,
            "max_time": self.max_time,
            "dead_after": self.dead_after,
            "phases": list(self.phases),
            "checks": sorted(self.include_checks) if self.include_checks is not None else "all",
            "exclude_checks": sorted(self.exclude_checks),
            "credentials": "token" if self.credentials.token else ("login" if self.credentials.can_login else "none"),
            "strict": self.strict,
            "fail_on": self.fail_on,
        }
