"""Every operation refuses requests without valid credentials."""

from __future__ import annotations

from conformance.checkapi.basis import http
from conformance.checkapi.registry import declare

declare("SEC-NO-CREDENTIALS-REFUSED", "A request without credentials is refused and reveals no data.",
        spec=None, location="security / components.securitySchemes", severity="critical", kind="security",
        basis=http("an operation whose document declares a security scheme refuses a request without credentials"))
declare("SEC-WRONG-CREDENTIALS-REFUSED", "A request with a wrong token is refused and reveals no data.",
        spec=None, location="security / components.securitySchemes", severity="critical", kind="security",
        basis=http("an operation whose document declares a security scheme refuses credentials it did not issue"))
