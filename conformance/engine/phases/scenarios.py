"""Phases: the hand-written scenarios of a spec's check module, targeted then metamorphic."""

from __future__ import annotations

from conformance.checkapi.scenarios import SCENARIOS, ScenarioKind, ScenarioSkip
from conformance.engine.scenario import ScenarioRunner
from conformance.engine.session import SpecSession
from conformance.errors import ConformanceError


def _run(session: SpecSession, kind: ScenarioKind) -> None:
    runner = ScenarioRunner(session)
    for scenario in SCENARIOS.values():
        if scenario.spec != session.spec or scenario.kind != kind:
            continue
        if not any(session.config.check_selected(c) for c in scenario.checks or ("*",)):
            continue
        try:
            scenario.func(runner)
        except ScenarioSkip as skip:
            for check_id in scenario.checks:
                session.skip(check_id, "*", f"{scenario.id}: {skip}")
        except (ConformanceError, KeyboardInterrupt):
            raise
        except Exception as exc:  # the scenario's bug: reported as the suite's, the other scenarios still run
            session.suite_error(f"scenario {scenario.id}", exc)


def run_targeted(session: SpecSession) -> None:
    _run(session, "invariants")


def run_metamorphic(session: SpecSession) -> None:
    _run(session, "metamorphic")
    from conformance.engine.phases.paging import run as run_paging

    run_paging(session)
