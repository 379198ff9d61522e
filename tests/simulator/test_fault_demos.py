"""Every fault's symptom shows in a direct request: the faulty simulator answers its demo request
differently from the clean one (same data, same request)."""

from __future__ import annotations

import pytest

from conformance.simulator.faults import Fault, catalogue
from tests.simulator.demos import answers, simulator

FAULTS = list(catalogue().values())


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_demo_request_shows_the_symptom(fault: Fault) -> None:
    clean, faulty = simulator(fault.spec), simulator(fault.spec, fault=fault.id)
    assert answers(faulty, fault.demo) != answers(clean, fault.demo), f"{fault.id}: the demo answers as when clean"
