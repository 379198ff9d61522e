"""Report files a Yeastar simulator holds: CSV text in memory under a file name, valid 30 minutes.

Each simulator has its own ``ReportFiles`` (``report_files(sim)``). Names look like the vendor's
(``QueueSatisfaction-download-000001-ejP6Z6htIfhsCQbP.csv``): the report title, a sequence number and
16 letters and digits drawn from a generator seeded with the simulator's seed, so two simulators with
the same seed hand out the same names for the same requests. Expiry follows ``clock`` (monotonic
seconds), which tests move with ``advance``. Asynchronous reports (``is_async=1``) also append the
event 30027 the PBX would push (``events``): the only place their file name is announced.
"""

from __future__ import annotations

import random
import string
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

VALIDITY_SECONDS = 30 * 60
DOWNLOAD_PREFIX = "/api/download/"
ASYNC_EVENT = 30027
_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class StoredFile:
    name: str
    content: str
    expires_at: float


class ReportFiles:
    """File name -> CSV text with expiry, plus the 30027 events of asynchronous reports."""

    def __init__(self, seed: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._random = random.Random(seed)
        self._clock = clock
        self._offset = 0.0
        self._count = 0
        self._files: dict[str, StoredFile] = {}
        self._events: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def now(self) -> float:
        return self._clock() + self._offset

    def advance(self, seconds: float) -> None:
        """Move this store's clock forward (tests: let files expire)."""
        self._offset += seconds

    def add(self, title: str, content: str) -> StoredFile:
        """Keep ``content`` under a new file name for ``VALIDITY_SECONDS``."""
        with self._lock:
            self._count += 1
            token = "".join(self._random.choice(_ALPHABET) for _ in range(16))
            stored = StoredFile(f"{title}-download-{self._count:06d}-{token}.csv", content,
                                self.now() + VALIDITY_SECONDS)
            self._files[stored.name] = stored
            self._drop_expired()
        return stored

    def get(self, name: str) -> StoredFile | None:
        """The file, or None when unknown or past its validity."""
        with self._lock:
            stored = self._files.get(name)
            if stored is not None and self.now() >= stored.expires_at:
                del self._files[name]
                return None
            return stored

    def latest(self) -> StoredFile | None:
        """The file stored last (fault ``download_serves_latest``: what every download gets)."""
        with self._lock:
            return next(reversed(self._files.values()), None)

    def announce(self, stored: StoredFile, url: str) -> dict[str, Any]:
        """Record the event 30027 of an asynchronous report (vendor notes: key, result, file, URL, id)."""
        with self._lock:
            event = {"type": ASYNC_EVENT, "msg": {"key": "report_download", "result": 0, "file": stored.name,
                                                  "download_resource_url": url, "error": "",
                                                  "download_id": len(self._events) + 1}}
            self._events.append(event)
        return event

    @property
    def events(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._events)

    def _drop_expired(self) -> None:
        now = self.now()
        for name in [n for n, f in self._files.items() if now >= f.expires_at]:
            del self._files[name]


_BY_SIMULATOR: weakref.WeakKeyDictionary[Any, ReportFiles] = weakref.WeakKeyDictionary()
_REGISTRY_LOCK = threading.Lock()


def report_files(sim: Any) -> ReportFiles:
    """The file store of one simulator (created on first use)."""
    with _REGISTRY_LOCK:
        files = _BY_SIMULATOR.get(sim)
        if files is None:
            files = _BY_SIMULATOR[sim] = ReportFiles(sim.options.seed)
        return files
