"""PortSIP PBX 22.3 CDR API: CDRs, call logs, call reports and completed call reports.

The handlers live in one module per area (records, reports); this module assembles them into the vendor
API with the PortSIP error envelope and sign-in answer. Every operation refuses query parameters it does
not declare (the generic pipeline lets them through).
"""

from __future__ import annotations

from conformance.refs import resolve_ref
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.vendor import Handler, RequestContext, VendorAPI
from conformance.simulator.vendors import portsip_cdr_records, portsip_cdr_reports
from conformance.simulator.vendors.portsip_common import auth_reply, error_reply

SPEC = "portsip-cdr"

API = VendorAPI(SPEC, error_reply, auth_reply)


def declared_query(ctx: RequestContext) -> frozenset[str]:
    """Names of the query parameters the operation documents."""
    params = [resolve_ref(ctx.sim.document, p) for p in ctx.operation.operation.get("parameters") or []]
    return frozenset(p["name"] for p in params if p.get("in") == "query")


def strict_query(handler: Handler) -> Handler:
    """``handler`` behind a refusal of undeclared query parameters."""

    def serve(ctx: RequestContext) -> Reply:
        unknown = sorted(set(ctx.query) - declared_query(ctx))
        if unknown:
            raise Rejection("invalid", f"unknown query parameter {unknown[0]!r}", field=unknown[0])
        return handler(ctx)

    return serve


for _area in (portsip_cdr_records, portsip_cdr_reports):
    for _operation_id, _handler in _area.HANDLERS.items():
        API.handler(_operation_id)(strict_query(_handler))
