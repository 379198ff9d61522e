"""The run as one JSON-ready document (the JSON report; the other writers render it)."""

from __future__ import annotations

import re
from typing import Any, Protocol

from conformance import __version__
from conformance.checkapi.model import CheckInfo
from conformance.checkapi.registry import CHECKS
from conformance.engine.results import STATUSES, RunResult, SpecRun

SCHEMA_VERSION = 1


class Catalogue(Protocol):
    """Check metadata by id: the registry of checks, or a plain dict in tests."""

    def get(self, name: str, /) -> CheckInfo | None: ...

    def __getitem__(self, name: str, /) -> CheckInfo: ...

    def __contains__(self, name: object, /) -> bool: ...


def result_document(result: RunResult, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """Everything a report shows, with stable keys (see ``conformance/schemas/result.schema.json``).

    ``catalogue`` maps check ids to their metadata; the registry of checks when not given.
    """
    checks: Catalogue = CHECKS if catalogue is None else catalogue
    results: list[dict[str, Any]] = []
    for spec_run in result.specs:
        for item in sorted(spec_run.results.values(), key=lambda r: (r.check_id, r.operation)):
            info = checks.get(item.check_id)
            basis = item.basis or (info.basis if info else None)
            results.append({
                "spec": item.spec,
                "check": item.check_id,
                "operation": item.operation,
                "status": item.status,
                "gating": result.gate.fails(item),
                "basis": basis.as_dict() if basis is not None else None,
                "runs": item.runs,
                "failure_count": item.failure_count,
                "failures": [f.as_dict() for f in item.failures],
                "skip_reason": item.skip_reason if item.status == "skipped" else None,
                "statement": info.statement if info else "",
                "location": info.location if info else "",
                "severity": info.severity if info else "major",
                "kind": info.kind if info else "invariant",
            })
    used = sorted({r["check"] for r in results})
    observations = [o.as_dict() for spec in result.specs for o in spec.observations]
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "pbx-conformance", "version": __version__},
        "started": result.started.isoformat(),
        "finished": result.finished.isoformat() if result.finished else None,
        "duration_seconds": (
            round((result.finished - result.started).total_seconds(), 3) if result.finished else None
        ),
        "verdict": result.verdict,
        "conformant": result.conformant,
        "gate": result.gate.as_dict(),
        "counts": result.counts,
        "settings": result.settings,
        "specs": [_spec_summary(s) for s in result.specs],
        "results": results,
        "observations": sorted(observations, key=lambda o: (o["spec"], o["erratum"], o["operation"])),
        "checks": [checks[c].as_dict() for c in used if c in checks],
        "baseline": (
            {key: [{"spec": k[0], "check": k[1], "operation": k[2]} for k in keys]
             for key, keys in result.baseline.items()}
            if result.baseline is not None else None
        ),
        "errors": result.errors,
        "suite_errors": result.suite_errors,
        "stopped": result.stopped.as_dict() if result.stopped is not None else None,
    }


STOP_LABELS = {"dead": "target stopped answering", "time": "run time limit reached", "interrupt": "interrupted"}


def stop_label(document: dict[str, Any]) -> str:
    """Why the run stopped early, in a few words."""
    stopped = document.get("stopped") or {}
    return STOP_LABELS.get(stopped.get("kind", ""), "the run stopped early")


def not_run_label(document: dict[str, Any]) -> str:
    """'not run: <why>' for the phases a stopped run left out."""
    return f"not run: {stop_label(document)}"


def transport_note(transport: dict[str, Any]) -> str:
    """One line on a spec's throttling and retries ('' when there were none)."""
    parts = []
    if transport.get("throttled"):
        parts.append(f"the target throttled {transport['throttled']} time(s) "
                     f"(waited {transport.get('throttle_wait_seconds', 0):g} s)")
    if transport.get("retried"):
        by_operation = ", ".join(f"{op} ×{n}" for op, n in (transport.get("retried_by_operation") or {}).items())
        parts.append(f"{transport['retried']} request(s) resent after a dropped connection ({by_operation})")
    if transport.get("recovered"):
        parts.append(f"answered again {transport['recovered']} time(s) after going silent")
    return "; ".join(parts)


def _spec_summary(run: SpecRun) -> dict[str, Any]:
    counts = dict.fromkeys(STATUSES, 0)
    for item in run.results.values():
        counts[item.status] += 1
    return {
        "spec": run.spec,
        "target": run.target,
        "embedded": run.embedded,
        "requests": run.requests,
        "error": run.error,
        "suite_errors": list(run.suite_errors),
        "coverage": [c.as_dict() for c in run.coverage],
        "failed": len(run.failed),
        "results": len(run.results),
        "counts": counts,
        "not_run": list(run.not_run),
        "transport": dict(run.transport),
    }


# -- views over a document, shared by the writers -----------------------------------------------
SEVERITY_ORDER = ("critical", "major", "minor")
# C0 and C1 controls and DEL: text from a target must not drive a terminal or hide in a report.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def show_controls(text: str) -> str:
    """``text`` with control characters (but tab and line feed) shown as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def results_of(document: dict[str, Any], spec: str) -> list[dict[str, Any]]:
    """The results of one spec, in document order (check, then operation)."""
    return [r for r in document["results"] if r["spec"] == spec]


def failed_by_severity(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Failed results, most severe first; then in spec order, check and operation."""
    spec_rank = {s["spec"]: i for i, s in enumerate(document["specs"])}

    def rank(r: dict[str, Any]) -> tuple[int, int, str, str]:
        severity = SEVERITY_ORDER.index(r["severity"]) if r["severity"] in SEVERITY_ORDER else len(SEVERITY_ORDER)
        return severity, spec_rank.get(r["spec"], len(spec_rank)), r["check"], r["operation"]

    return sorted((r for r in document["results"] if r["status"] == "failed"), key=rank)


def advisories(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Results with suite findings only (advisories), in spec order, check and operation."""
    spec_rank = {s["spec"]: i for i, s in enumerate(document["specs"])}
    return sorted((r for r in document["results"] if r["status"] == "advisory"),
                  key=lambda r: (spec_rank.get(r["spec"], len(spec_rank)), r["check"], r["operation"]))


def basis_line(basis: dict[str, Any] | None) -> str:
    """A result's basis as one line: kind, then the vendor's words with their places, or the note."""
    if not basis:
        return "unassigned"
    parts = [f"{c['source']} {c['place']}: “{c['words']}”" if c.get("words") else f"{c['source']} {c['place']}"
             for c in basis.get("citations") or []]
    if basis.get("note"):
        parts.append(basis["note"])
    return f"{basis['kind']}: " + "; ".join(parts) if parts else basis["kind"]
