"""Build the call store a simulator serves (generated deterministically from the options)."""

from __future__ import annotations

from conformance.simulator.generator import generate
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.store import Store


def build_store(options: SimulatorOptions) -> Store:
    """A store filled with ``options.calls`` generated calls (seeded), or an existing file store as it is."""
    store = Store(options.store_path)
    if not store.scalar("SELECT COUNT(*) FROM tenants"):
        generate(store, calls=options.calls, seed=options.seed)
    return store
