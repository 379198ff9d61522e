"""The JSON result file (machine-readable; ``--baseline`` reads it back)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_json(document: dict[str, Any], directory: Path) -> Path:
    path = directory / "results.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path
