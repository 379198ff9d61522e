"""The check API: what a check or a scenario sees and how it registers. It imports nothing above the spec core.

Checks (``conformance.checks``, vendor packages, plugins) import only this package and the spec core; the
engine runs what is registered here.
"""

from conformance.checkapi.basis import Basis, Citation, cite, http, rule, suite, vendor
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckInfo, CheckSkipped, Kind, Severity
from conformance.checkapi.registry import CHECKS, check, checks_for, declare
from conformance.checkapi.scenarios import NO_BODY, SCENARIOS, Call, Runner, Scenario, ScenarioSkip, scenario

__all__ = [
    "CHECKS", "NO_BODY", "SCENARIOS", "Basis", "Call", "CheckContext", "CheckFailure", "CheckInfo", "CheckSkipped",
    "Citation", "Exchange", "Kind", "Runner", "Scenario", "ScenarioSkip", "Severity", "check", "checks_for", "cite",
    "declare", "http", "rule", "scenario", "suite", "vendor",
]
