"""PortSIP PBX 22.4 Dataflow: queue and agent KPIs, call analytics, report jobs and their logs.

The handlers live in one module per area (queues, calls, jobs); this module assembles them into the
vendor API with the PortSIP error envelope and sign-in answer. Query parameters an operation does not
document are refused.
"""

from __future__ import annotations

from conformance.simulator.options import SimulatorOptions
from conformance.simulator.vendor import VendorAPI
from conformance.vendors.portsip.simulator import dataflow_calls as portsip_dataflow_calls
from conformance.vendors.portsip.simulator import dataflow_jobs as portsip_dataflow_jobs
from conformance.vendors.portsip.simulator import dataflow_queues as portsip_dataflow_queues
from conformance.vendors.portsip.simulator.common import auth_reply, error_reply, strict_query

SPEC = "portsip-dataflow"



def relaxed_fields(options: SimulatorOptions) -> frozenset[str]:
    """PSD-001/002: under the prose reading `status` takes NOT_ANSWERED, which the spec's enum refuses (the
    history handlers judge the value)."""
    return frozenset({"status"}) if options.readings.get("portsip_status_spelling") == "prose" else frozenset()


API = VendorAPI(SPEC, error_reply, auth_reply, relaxed_fields=relaxed_fields)

for _area in (portsip_dataflow_queues, portsip_dataflow_calls, portsip_dataflow_jobs):
    for _operation_id, _handler in _area.HANDLERS.items():
        API.handler(_operation_id)(strict_query(_handler))
