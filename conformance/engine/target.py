"""Where a spec's requests go. The engine knows the user's target (``--base-url``); front ends may pass a
provider that starts something else, such as the embedded simulator (``conformance.embedded``)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from conformance.engine.auth import Credentials
from conformance.engine.config import RunConfig
from conformance.engine.fixtures import SpecFixtures
from conformance.errors import TargetConnectionError, UsageError


@dataclass(frozen=True)
class Target:
    """A reachable base URL with the fixtures and credentials that go with it."""

    base_url: str
    fixtures: SpecFixtures
    credentials: Credentials
    embedded: bool
    simulator: object | None = None
    # a tenant user's credentials for the isolation checks (None: the run has none); a remote run's own
    # credentials are a tenant's when its fixtures name foreign references
    tenant_credentials: Credentials | None = None


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


TargetProvider = Callable[[str, RunConfig], AbstractContextManager[Target]]


@contextmanager
def remote_target(spec: str, config: RunConfig) -> Iterator[Target]:
    """The user's target at ``--base-url`` (checked reachable), with the fixtures and credentials given."""
    if config.base_url is None:
        raise UsageError(f"{spec}: no --base-url and no embedded target to run against")
    check_reachable(config.base_url)
    fixtures = config.fixtures.for_spec(spec)
    yield Target(config.base_url.rstrip("/"), fixtures, config.credentials, False,
                 tenant_credentials=config.credentials if fixtures.names_foreign else None)
