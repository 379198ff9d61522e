"""The targets a front end gives the engine: the user's ``--base-url``, or else the embedded reference
simulator, one per spec on a free loopback port. The CLI and the pytest plugin compose engine and simulator
here; the engine itself never imports the simulator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from conformance.engine.auth import Credentials
from conformance.engine.config import RunConfig
from conformance.engine.fixtures import Fixtures, SpecFixtures
from conformance.engine.target import Target, remote_target
from conformance.errors import UsageError
from conformance.openapi.source import is_spec_name


@contextmanager
def open_target(spec: str, config: RunConfig) -> Iterator[Target]:
    """The target for ``spec``: the configured base URL, or a simulator started for the duration."""
    if config.base_url is not None:
        with remote_target(spec, config) as target:
            yield target
        return
    if not is_spec_name(spec):
        raise UsageError(f"{spec}: a spec given as a file runs against --base-url (the simulator serves only "
                         "the built-in specs)")
    from conformance.simulator.app import create_simulator
    from conformance.simulator.catalogue import simulator_fixtures, vendor_tenant
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
        # the isolation checks log in as a user of the tenant the fixtures describe (the static token is an admin's)
        own = str(vendor_tenant(simulator.store, spec)["id"])
        account = next((a for a in options.accounts if a.tenant == own), None)
        tenant = Credentials(username=account.username, password=account.password) if account else None
        yield Target(server.url + simulator.mount, fixtures, credentials, True, simulator, tenant)
