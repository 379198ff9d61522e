"""The simulator's record of every request it received."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class RequestRecord:
    """One request: method, path (no query string), status answered, and the operation it matched."""

    method: str
    path: str
    status: int
    operation_id: str | None
    access: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class RequestLog:
    """Thread-safe append-only list of request records."""

    def __init__(self) -> None:
        self._records: list[RequestRecord] = []
        self._lock = threading.Lock()

    def append(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)

    def records(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._records)

    def writes(self) -> list[RequestRecord]:
        """Records of requests that matched a write operation."""
        return [r for r in self.records() if r.access == "write"]

    def clear(self) -> None:
        with self._lock:
            self._records.clear()
