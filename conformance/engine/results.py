"""What a run found: per spec, one result per check × operation, plus errata observations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from conformance.checkapi.basis import Basis

Status = Literal["passed", "failed", "advisory", "skipped"]
STATUSES: tuple[Status, ...] = ("passed", "failed", "advisory", "skipped")
SEVERITIES = ("critical", "major", "minor")
StopKind = Literal["dead", "time", "interrupt"]
MAX_FAILURES_KEPT = 5


@dataclass
class FailureDetail:
    """One distinct failure of a check (by key), with the exchange that showed it."""

    message: str
    key: str
    exchange: dict[str, Any] | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    basis: Basis | None = None  # None: unassigned, judged as deciding

    @property
    def decides(self) -> bool:
        """Whether this failure can fail the verdict (vendor or http basis); else it is an advisory."""
        return self.basis is None or self.basis.decides

    def as_dict(self) -> dict[str, Any]:
        return {"message": self.message, "key": self.key, "exchange": self.exchange, "evidence": self.evidence,
                "basis": self.basis.as_dict() if self.basis is not None else None}


@dataclass
class CheckResult:
    """The outcome of one check on one operation of one spec."""

    spec: str
    check_id: str
    operation: str
    runs: int = 0
    failure_count: int = 0
    failures: list[FailureDetail] = field(default_factory=list)
    skip_reason: str | None = None
    severity: str = "major"
    basis: Basis | None = None  # the basis of the evaluations so far (the deciding one once any decides)
    deciding_failures: int = 0

    @property
    def status(self) -> Status:
        """failed: a vendor or http failure; advisory: only suite findings; passed; skipped: never evaluated."""
        if self.deciding_failures:
            return "failed"
        if self.failure_count:
            return "advisory"
        if self.runs == 0:
            return "skipped"
        return "passed"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.spec, self.check_id, self.operation)

    def add(self, failure: FailureDetail | None, basis: Basis | None = None) -> None:
        self.runs += 1
        if basis is not None and (self.basis is None or not self.basis.decides or basis.decides):
            self.basis = basis
        if failure is None:
            return
        self.failure_count += 1
        self.deciding_failures += failure.decides
        if any(f.key == failure.key and f.decides == failure.decides for f in self.failures):
            return
        if len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append(failure)
        elif failure.decides and not self.failures[-1].decides:
            self.failures[-1] = failure  # what failed the verdict is worth more than an advisory
        self.failures.sort(key=lambda f: not f.decides)


@dataclass
class Observation:
    """What an errata probe saw: which documented reading(s) the target implements."""

    spec: str
    erratum: str
    operation: str
    readings: dict[str, str]  # probe request (a reading id, or what it leaves out) -> outcome ("accepted", ...)
    summary: str
    chosen: tuple[str, ...] | None = None  # the readings the outcomes point to, when not simply the accepted ones

    @property
    def implemented(self) -> list[str]:
        if self.chosen is not None:
            return list(self.chosen)
        return [r for r, outcome in self.readings.items() if outcome == "accepted"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "erratum": self.erratum,
            "operation": self.operation,
            "readings": self.readings,
            "implemented": self.implemented,
            "summary": self.summary,
        }


@dataclass(frozen=True)
class StopInfo:
    """Why a run ended early: the target stopped answering, the time budget ran out, or an interrupt."""

    kind: StopKind
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "reason": self.reason}


@dataclass
class SpecRun:
    """Everything one spec's run produced."""

    spec: str
    target: str
    embedded: bool
    results: dict[tuple[str, str], CheckResult] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    requests: int = 0
    error: str | None = None
    suite_errors: list[str] = field(default_factory=list)  # the suite's own bugs (a check or phase raised)
    coverage: list[Any] = field(default_factory=list)  # engine.coverage.ParameterCoverage, per parameter
    not_run: list[str] = field(default_factory=list)  # phases a stopped run did not run or did not finish
    transport: dict[str, Any] = field(default_factory=dict)  # throttling and retries (TransportStats.as_dict)

    def result(self, check_id: str, operation: str) -> CheckResult:
        key = (check_id, operation)
        if key not in self.results:
            self.results[key] = CheckResult(self.spec, check_id, operation)
        return self.results[key]

    @property
    def failed(self) -> list[CheckResult]:
        return [r for r in self.results.values() if r.status == "failed"]


@dataclass(frozen=True)
class Gate:
    """Which results fail the verdict: vendor/http failures of severity ``fail_on`` or worse; with ``strict``,
    advisories (suite findings) too."""

    strict: bool = False
    fail_on: str = "minor"

    def __post_init__(self) -> None:
        if self.fail_on not in SEVERITIES:
            raise ValueError(f"fail_on must be one of {SEVERITIES}, got {self.fail_on!r}")

    def fails(self, result: CheckResult) -> bool:
        if result.status == "failed" or (self.strict and result.status == "advisory"):
            severity = result.severity if result.severity in SEVERITIES else "critical"
            return SEVERITIES.index(severity) <= SEVERITIES.index(self.fail_on)
        return False

    def as_dict(self) -> dict[str, Any]:
        return {"strict": self.strict, "fail_on": self.fail_on}


@dataclass
class RunResult:
    """The whole run: per-spec results, the verdict, and the comparison with a baseline if given."""

    started: datetime
    finished: datetime | None = None
    specs: list[SpecRun] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    baseline: dict[str, Any] | None = None  # {"new": [...], "known": [...], "fixed": [...]}
    gate: Gate = field(default_factory=Gate)
    stopped: StopInfo | None = None

    def all_results(self) -> list[CheckResult]:
        return [r for spec in self.specs for r in spec.results.values()]

    def failed_keys(self) -> set[tuple[str, str, str]]:
        """Results that fail the gate (vendor/http failures at or above its severity; advisories when strict)."""
        return {r.key for r in self.all_results() if self.gate.fails(r)}

    @property
    def errors(self) -> list[str]:
        return [f"{s.spec}: {s.error}" for s in self.specs if s.error]

    @property
    def suite_errors(self) -> list[str]:
        return [f"{s.spec}: {e}" for s in self.specs for e in s.suite_errors]

    @property
    def failures_found(self) -> bool:
        """Whether a failure decides the verdict (with a baseline: a failure the baseline did not have)."""
        if self.baseline is not None:
            return bool(self.baseline["new"])
        return bool(self.failed_keys())

    @property
    def conformant(self) -> bool:
        """True when the run finished and nothing failed (with a baseline: nothing the baseline did not)."""
        return not self.failures_found and not self.errors and self.stopped is None

    @property
    def verdict(self) -> str:
        """'conformant', 'not conformant', or 'incomplete' (stopped early before any failure was found)."""
        if self.conformant:
            return "conformant"
        if self.stopped is not None and not self.failures_found and not self.errors:
            return "incomplete"
        return "not conformant"

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for result in self.all_results():
            counts[result.status] += 1
        return counts
