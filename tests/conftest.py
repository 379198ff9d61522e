"""Shared fixtures of the project's own tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conformance import vendors

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

SEED_FILES = {api.name: api.seed for api in vendors.apis() if api.seed}  # from the vendor records


@pytest.fixture
def seed_path():
    """Path of a vendor document by spec name; skips the test when the seeds are absent."""

    def get(spec: str) -> Path:
        path = SEEDS / SEED_FILES[spec]
        if not path.is_file():
            pytest.skip(f"vendor documents not available ({path})")
        return path

    return get


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first: with ``-n`` the long runs start at once and the short tests fill the workers at the
    end, instead of one long run finishing alone (longest-first scheduling)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: a worker more than there are cores, since several tests spend their time waiting (rate-limited
    runs, dead-target pauses, subprocesses) and another test can use the core meanwhile."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores + 1
