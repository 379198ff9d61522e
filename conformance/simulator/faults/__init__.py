"""Fault profiles: named, data-described ways to make the simulator wrong on purpose."""

from conformance.simulator.faults.catalogue import Fault, FaultEffect, catalogue, get_fault
from conformance.simulator.faults.transforms import apply_response_edits

__all__ = ["Fault", "FaultEffect", "apply_response_edits", "catalogue", "get_fault"]
