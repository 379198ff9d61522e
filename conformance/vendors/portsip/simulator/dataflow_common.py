"""Request helpers shared by the PortSIP Dataflow handler modules (beyond ``portsip_common``): the window."""

from __future__ import annotations

from conformance.simulator.model import Window
from conformance.simulator.replies import Rejection
from conformance.simulator.vendor import RequestContext


def window_of(ctx: RequestContext) -> Window:
    """The validated request window; steps align to the offset the client wrote it in. A window ending before it
    starts (served only when a latitude lets it through) holds nothing: it is served as the empty window."""
    if ctx.window is None:
        raise Rejection("invalid", "the request has no window", field="start_time")
    start, end = ctx.window
    return Window.of(start, max(start, end))
