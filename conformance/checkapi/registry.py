"""The registry of checks and the ``@check`` decorator."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from conformance.checkapi.basis import Basis
from conformance.checkapi.model import Applies, CheckContext, CheckFunction, CheckInfo, Kind, Severity
from conformance.registry import Registry

CHECKS: Registry[CheckInfo] = Registry("check")

_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")


def check(
    check_id: str,
    statement: str,
    *,
    spec: str | None,
    location: str,
    severity: Severity = "major",
    kind: Kind = "invariant",
    operations: Iterable[str] = (),
    applies: Applies | None = None,
    statuses: Iterable[int] = (200, 201),
    basis: Basis,
    covers: Iterable[str] = (),
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a response check. It runs on answers with one of ``statuses`` to ``operations``
    (all operations of ``spec`` when empty) for which ``applies`` holds. ``covers`` names the request
    parameters whose effect on the data it proves (for the coverage table)."""
    if not _ID.match(check_id):
        raise ValueError(f"check id {check_id!r} must be upper-case words joined by '-'")

    def decorator(func: CheckFunction) -> CheckFunction:
        CHECKS.add(
            check_id,
            CheckInfo(check_id, statement, spec, location, severity, kind, tuple(operations), applies, func,
                      tuple(statuses), basis, tuple(covers)),
        )
        return func

    return decorator


def declare(
    check_id: str,
    statement: str,
    *,
    spec: str | None,
    location: str,
    severity: Severity = "major",
    kind: Kind,
    operations: Iterable[str] = (),
    basis: Basis,
    covers: Iterable[str] = (),
) -> CheckInfo:
    """Register a check that a phase evaluates itself (negative, lifecycle, security, metamorphic)."""
    if not _ID.match(check_id):
        raise ValueError(f"check id {check_id!r} must be upper-case words joined by '-'")
    return CHECKS.add(check_id, CheckInfo(check_id, statement, spec, location, severity, kind, tuple(operations),
                                          basis=basis, covers=tuple(covers)))


def checks_for(ctx: CheckContext, status: int) -> list[CheckInfo]:
    """Response checks that apply to an answer with ``status`` in this context."""
    return [
        info for info in CHECKS.values()
        if info.func is not None and status in info.statuses and info.applies_to(ctx)
    ]
