"""Shared fixtures of the project's own tests."""

from __future__ import annotations

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
