"""A catalogue of malformed requests across the five APIs: never a 5XX, the server keeps answering,
and nothing in the store changes."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from conformance.simulator.app import create_simulator
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.server import ServerThread
from conformance.specs import SPEC_NAMES, iter_operations, load_spec

HOSTILE_STRINGS = ["' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "\u0000", "9" * 400,
                   "\ud7ff\ue000", "%s%s%s%n", "${jndi:ldap://x}"]
RAW_BODIES: list[tuple[str, bytes]] = [
    ("truncated", b'{"start_time": "2025-01-01T00:00:00Z"'),
    ("invalid utf-8", b'{"a": "\xff\xfe"}'),
    ("deep nesting", b"[" * 20000 + b"]" * 20000),
    ("NaN", b'{"x": NaN}'),
    ("array body", b"[1, 2, 3]"),
    ("huge", b'{"pad": "' + b"x" * 1_500_000 + b'"}'),
    ("absurd dates", b'{"start_time": "0000-13-45T99:99:99+99:99", "end_time": "9999-99-99T00:00:00Z",'
                     b' "from": "-1", "to": "infinity"}'),
    ("wrong types", b'{"start_time": 12, "end_time": [], "queue": {"a": 1}, "top": "x", "interval": 7}'),
]


def _fingerprint(store: Any) -> str:
    digest = hashlib.sha256()
    tables = [r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    for table in tables:
        for row in sorted(repr(r) for r in store.query(f"SELECT * FROM {table}")):
            digest.update(row.encode())
    return digest.hexdigest()


def _requests(spec: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, httpx kwargs) of every malformed request for one spec."""
    document = load_spec(spec)
    found: list[tuple[str, str, dict[str, Any]]] = []
    for op in iter_operations(document):
        path = op.path.replace("{", "").replace("}", "")
        method = op.method.upper()
        if "application/json" in ((op.operation.get("requestBody") or {}).get("content") or {}):
            found += [(method, path, {"content": raw, "headers": {"Content-Type": "application/json"}})
                      for _, raw in RAW_BODIES]
        found += [(method, path, {"params": {"top": value, "start_time": value, "type": value}})
                  for value in HOSTILE_STRINGS[:4]]
        found.append((method, path + "/%zz%00", {}))
        found.append(("DELETE", path, {}))
    found.append(("GET", "/" + "a" * 5000, {}))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_NAMES)
def test_malformed_requests_get_4xx_and_change_nothing(spec: str) -> None:
    simulator = create_simulator(SimulatorOptions(spec=spec, calls=1500))
    before = _fingerprint(simulator.store)
    requests = _requests(spec)
    assert len(requests) >= 10
    with ServerThread(simulator.app) as server, httpx.Client(base_url=server.url + simulator.mount,
                                                                 timeout=20) as client:
        statuses = []
        for method, path, kwargs in requests:
            headers = {**kwargs.pop("headers", {}), "Authorization": f"Bearer {simulator.options.token}"}
            params = {**kwargs.pop("params", {}), "access_token": simulator.options.token,
                      "token": simulator.options.token}
            statuses.append((method, path[:60], client.request(method, path, headers=headers, params=params,
                                                                  **kwargs).status_code))
        assert [s for s in statuses if s[2] >= 500] == []
        alive = httpx.get(server.url + "/__simulator__/requests")
        assert alive.status_code == 200
    assert _fingerprint(simulator.store) == before


def test_the_catalogue_is_big_enough() -> None:
    assert sum(len(_requests(spec)) for spec in SPEC_NAMES) >= 50
