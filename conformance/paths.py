"""Where the project's data lives, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def specs_dir() -> Path:
    """The directory holding the normalised specs (packaged copy first, then the source tree)."""
    packaged = HERE / "_specs"
    return packaged if packaged.is_dir() else HERE.parent / "specs"
