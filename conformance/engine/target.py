"""Where a spec's requests go: the user's target, or an embedded simulator on a free loopback port."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from conformance.engine.auth import Credentials
from conformance.engine.config import RunConfig
from conformance.engine.fixtures import Fixtures, SpecFixtures
from conformance.errors import TargetConnectionError, UsageError
from conformance.openapi.source import is_spec_name


@dataclass(frozen=True)
class Target:
    """A reachable base URL with the fixtures and credentials that go with it."""

    base_url: str
    fixtures: SpecFixtures
    credentials: Credentials
    embedded: bool
    simulator: object | None = None


def check_reachable(base_url: str, timeout: float = 5.0) -> None:
    """Open (and close) a TCP connection to the target; a refusal is a connection error (exit 2)."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--base-url must be an http(s) URL, got {base_url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            pass
    except OSError as exc:
        raise TargetConnectionError(f"cannot connect to {parts.scheme}://{parts.netloc}: "
                                    f"{exc.strerror or type(exc).__name__}") from None


@contextmanager
def open_target(spec: str, config: RunConfig) -> Iterator[Target]:
    """The target for ``spec``: the configured base URL, or a simulator started for the duration."""
    if spec in config.documents and not is_spec_name(spec) and config.base_url is None:
        raise UsageError(f"{spec}: a spec given as a file runs against --base-url (the simulator serves only "
                         "the built-in specs)")
    if config.base_url is not None:
        check_reachable(config.base_url)
        yield Target(config.base_url.rstrip("/"), config.fixtures.for_spec(spec), config.credentials, False)
        return
    from conformance.simulator.app import create_simulator
    from conformance.simulator.catalogue import simulator_fixtures
    from conformance.simulator.options import SimulatorOptions
    from conformance.simulator.server import ServerThread

    options = SimulatorOptions(spec=spec, fault=config.simulator_fault, calls=config.simulator_calls,
                               seed=config.seed or 1, readings=dict(config.simulator_readings.get(spec, {})),
                               latitude=config.simulator_latitude.get(spec, ()))
    simulator = create_simulator(options)
    with ServerThread(simulator.app) as server:
        fixtures = Fixtures(simulator_fixtures(simulator)).for_spec(spec)
        if config.fixtures.raw:
            fixtures = SpecFixtures({**fixtures.facts, **config.fixtures.for_spec(spec).facts})
        credentials = config.credentials if (config.credentials.token or config.credentials.can_login) \
            else Credentials(token=options.token)
        yield Target(server.url + simulator.mount, fixtures, credentials, True, simulator)
