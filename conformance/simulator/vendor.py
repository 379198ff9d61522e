"""What a vendor module provides: operation handlers and the vendor's error and login replies."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from conformance.simulator.auth import Principal
from conformance.simulator.replies import Rejection, Reply
from conformance.specs import Operation

if TYPE_CHECKING:
    from conformance.extensions import OperationExtensions
    from conformance.simulator.app import Simulator


@dataclass
class RequestContext:
    """Everything a handler needs about one request that passed auth and validation."""

    sim: Simulator
    operation: Operation
    ext: OperationExtensions
    principal: Principal
    path: dict[str, str]
    query: dict[str, str]
    body: Any
    window: tuple[datetime, datetime] | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def store(self) -> Any:
        return self.sim.store

    def body_object(self) -> dict[str, Any]:
        """The JSON body when it is an object, else ``{}``."""
        return self.body if isinstance(self.body, dict) else {}

    def flag(self, name: str) -> bool:
        """Whether the active fault switches on the named handler behaviour."""
        return name in self.sim.fault.flags

    def reading(self, option: str, default: str) -> str:
        """The reading chosen for an ambiguous erratum (``--reading OPTION=ID``), else ``default``."""
        return self.sim.options.readings.get(option, default)

    def tenant_scope(self) -> str | None:
        """The tenant the caller may see (None: all), honouring the unscoped-tenant fault."""
        if self.sim.fault.unscoped_tenant:
            return None
        return self.principal.tenant


Handler = Callable[[RequestContext], Reply]


def _default_auth_reply(values: dict[str, Any]) -> dict[str, Any]:
    return values


class VendorAPI:
    """A vendor module's registry of handlers plus its error and login reply shapes."""

    def __init__(
        self,
        spec: str,
        error_reply: Callable[..., Reply],
        auth_reply: Callable[[dict[str, Any]], dict[str, Any]] = _default_auth_reply,
        token_reader: Callable[[Request, dict[str, Any], Any], str | None] | None = None,
        relaxed_fields: Callable[[Any], frozenset[str]] | None = None,
        static_token_tenant: bool = False,
    ) -> None:
        """``token_reader(request, document, options)`` finds the token where a reading of an ambiguous
        erratum says it travels (default: the spec's security scheme); ``relaxed_fields(options)`` names
        request fields whose schema errors a reading lets through (the handler judges them);
        ``static_token_tenant``: the static token belongs to a user of the API's own tenant, not to an
        administrator (so a run with the simulator's own fixtures meets refusals of the foreign references)."""
        self.spec = spec
        self.error_reply = error_reply
        self.auth_reply = auth_reply
        self.token_reader = token_reader
        self.relaxed_fields = relaxed_fields
        self.static_token_tenant = static_token_tenant
        self.handlers: dict[str, Handler] = {}

    def refuse(self, rejection: Rejection, options: Any) -> Reply:
        """The vendor's error reply; ``error_reply`` may take the simulator options as a second argument
        (to follow the reading of an ambiguous erratum about errors)."""
        if len(inspect.signature(self.error_reply).parameters) >= 2:
            return self.error_reply(rejection, options)
        return self.error_reply(rejection)

    def handler(self, operation_id: str) -> Callable[[Handler], Handler]:
        def decorator(func: Handler) -> Handler:
            if operation_id in self.handlers:
                raise ValueError(f"{self.spec}: handler for {operation_id} registered twice")
            self.handlers[operation_id] = func
            return func

        return decorator
