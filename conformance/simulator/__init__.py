"""Reference PBX simulator: one SQLite call store, a deterministic traffic generator and figure queries."""

from conformance.simulator.generator import generate
from conformance.simulator.model import NotFound, Window
from conformance.simulator.store import Store

__all__ = ["NotFound", "Store", "Window", "generate"]
