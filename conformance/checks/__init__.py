"""The checks registry: every check has a stable id, a statement, a spec location and a severity."""

from conformance.checks.model import CheckContext, CheckFailure, CheckInfo, Severity
from conformance.checks.registry import CHECKS, check, checks_for

__all__ = ["CHECKS", "CheckContext", "CheckFailure", "CheckInfo", "Severity", "check", "checks_for"]
