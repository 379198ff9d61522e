"""PortSIP PBX 22.3 CDR API: CDRs, call logs, call reports and completed call reports.

The handlers live in one module per area (records, reports); this module assembles them into the vendor
API with the PortSIP error envelope and sign-in answer. Every operation refuses query parameters it does
not declare (the generic pipeline lets them through).
"""

from __future__ import annotations

from conformance.simulator.vendor import VendorAPI
from conformance.vendors.portsip.simulator import cdr_records as portsip_cdr_records
from conformance.vendors.portsip.simulator import cdr_reports as portsip_cdr_reports
from conformance.vendors.portsip.simulator.common import auth_reply, error_reply, strict_query

SPEC = "portsip-cdr"

API = VendorAPI(SPEC, error_reply, auth_reply)


for _area in (portsip_cdr_records, portsip_cdr_reports):
    for _operation_id, _handler in _area.HANDLERS.items():
        API.handler(_operation_id)(strict_query(_handler))
