"""Request helpers shared by the PortSIP Dataflow handler modules (beyond ``portsip_common``): the window."""

from __future__ import annotations

from conformance.simulator.model import Window
from conformance.simulator.replies import Rejection
from conformance.simulator.vendor import RequestContext


def window_of(ctx: RequestContext) -> Window:
    """The validated request window; steps align to the offset the client wrote it in."""
    if ctx.window is None:
        raise Rejection("invalid", "the request has no window", field="start_time")
    return Window.of(ctx.window[0], ctx.window[1])
