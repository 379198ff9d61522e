"""Safe against production: a read-only run writes nothing; an --allow-writes run leaves the store as it
found it and never touches a resource it did not create."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conformance.cli import main
from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import simulator_fixtures
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.server import ServerThread

WRITABLE = ("report_jobs", "report_logs", "call_reports", "completed_call_reports")
# Path segment of a resource collection -> the store table that holds it.
COLLECTIONS = {"report_jobs": "report_jobs", "report_list": "report_logs", "call_reports": "call_reports",
               "completed_call_reports": "completed_call_reports"}
SPECS = ["portsip-dataflow", "portsip-cdr"]


def _tables(simulator: Simulator) -> dict[str, set[str]]:
    return {t: {repr(r) for r in simulator.store.query(f"SELECT * FROM {t}")} for t in WRITABLE}


def _ids(simulator: Simulator) -> set[tuple[str, str]]:
    return {(t, str(r[0])) for t in WRITABLE for r in simulator.store.query(f"SELECT id FROM {t}")}


def _run(simulator: Simulator, tmp_path: Path, *extra: str) -> int:
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text(yaml.safe_dump({"specs": {simulator.options.spec: simulator_fixtures(simulator)}}))
    with ServerThread(simulator.app) as server:
        return main(["run", "--spec", simulator.options.spec, "--base-url", server.url + simulator.mount,
                     "--token", str(simulator.options.token), "--fixtures", str(fixtures), "--max-examples", "4",
                     "--no-progress", "--report-dir", str(tmp_path / "reports"), *extra])


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS)
def test_read_only_run_sends_no_write(spec: str, tmp_path: Path) -> None:
    simulator = create_simulator(SimulatorOptions(spec=spec))
    before = _tables(simulator)
    _run(simulator, tmp_path)
    assert simulator.log.records(), "the run sent nothing"
    assert simulator.log.writes() == []
    assert _tables(simulator) == before


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS)
def test_writing_run_cleans_up_and_touches_only_its_own(spec: str, tmp_path: Path) -> None:
    simulator = create_simulator(SimulatorOptions(spec=spec))
    before, existing = _tables(simulator), _ids(simulator)
    _run(simulator, tmp_path, "--allow-writes")
    writes = simulator.log.writes()
    assert writes, "the run exercised no write operation"
    assert _tables(simulator) == before
    touched: set[tuple[str, str]] = set()
    for record in writes:
        match = re.search(r"/([a-z_]+)/([^/]+)(?:/destroy)?$", record.path)
        if match and match.group(1) in COLLECTIONS:
            touched.add((COLLECTIONS[match.group(1)], match.group(2)))
    assert existing.isdisjoint(touched), f"pre-existing resources touched: {existing & touched}"
