"""The fixtures format: the README's example and the simulator's own fixtures validate; bad ones do not."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conformance.engine.fixtures import Fixtures, validate_fixtures
from conformance.simulator.app import create_simulator
from conformance.simulator.catalogue import simulator_fixtures
from conformance.simulator.options import SimulatorOptions
from conformance.specs import SPEC_NAMES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_example_is_valid() -> None:
    block = re.search(r"```yaml\n(window:.*?)```", README.read_text(), re.S)
    assert block, "the README has no fixtures example"
    assert validate_fixtures(yaml.safe_load(block.group(1))) == []


def test_simulator_fixtures_are_valid_for_every_spec() -> None:
    for spec in SPEC_NAMES:
        facts = simulator_fixtures(create_simulator(SimulatorOptions(spec=spec, calls=300)))
        assert validate_fixtures({"specs": {spec: facts}}) == [], spec


def test_spec_overrides_win() -> None:
    fixtures = Fixtures({"queues": ["1"], "specs": {"portsip-dataflow": {"queues": ["2"]}}})
    assert fixtures.for_spec("portsip-dataflow").ids("queues") == ["2"]
    assert fixtures.for_spec("portsip-cdr").ids("queues") == ["1"]


def test_mistakes_are_reported() -> None:
    assert validate_fixtures({"queus": ["1"]})
    assert validate_fixtures({"window": {"start": "2025-01-02T00:00:00Z", "end": "2025-01-01T00:00:00Z"}})
    assert validate_fixtures({"timezone": "Mars/Olympus"})
    assert validate_fixtures({"specs": {"Not a spec name": {}}})
    assert validate_fixtures({"specs": {"my-own-api": {}}}) == []  # a --spec FILE's name (x-pbx-api or file stem)
