"""Shared fixtures of the project's own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

SEED_FILES = {
    "portsip-dataflow": "000_df9fe1ff85dde75a.txt",
    "portsip-cdr": "001_0fbd13d622be2b55.txt",
    "yeastar-call-report": "002_18060581a31442f6.txt",
    "fusionpbx-report": "003_496d5ad08cbdae2e.txt",
    "telecomx-cdrstats": "004_1ac1d55fc75d03e1.txt",
}


@pytest.fixture
def seed_path():
    """Path of a vendor document by spec name; skips the test when the seeds are absent."""

    def get(spec: str) -> Path:
        path = SEEDS / SEED_FILES[spec]
        if not path.is_file():
            pytest.skip(f"vendor documents not available ({path})")
        return path

    return get
