"""pbx-conformance: conformance suite for PBX call-reporting APIs."""

__version__ = "0.1.0"
