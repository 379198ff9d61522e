"""Readings the simulator can switch to: validated against the register, and spec edits applied apart."""

from __future__ import annotations

import pytest

from conformance.errors import UsageError
from conformance.simulator.readings import default_readings, parse_readings, reading_options, served_document
from conformance.specs import load_spec

SUMMARY = "/dataflow/queues/summary"


def test_edits_change_only_the_served_copy() -> None:
    served = served_document("portsip-dataflow", {"portsip_queue_summary_max_range": "unbounded"})
    assert "max_seconds" not in served["paths"][SUMMARY]["post"]["x-pbx-time-window"]
    # the edit reaches no sibling operation, and not the spec as loaded for everyone else
    assert served["paths"]["/dataflow/queues/timeseries"]["post"]["x-pbx-time-window"]["max_seconds"] == 86400
    assert load_spec("portsip-dataflow")["paths"][SUMMARY]["post"]["x-pbx-time-window"]["max_seconds"] == 86400


def test_default_readings_serve_the_spec_unchanged() -> None:
    spec = "yeastar-call-report"
    assert served_document(spec, default_readings(spec)) == load_spec(spec)


def test_readings_come_from_the_register() -> None:
    options = reading_options("fusionpbx-report")
    assert options["fusionpbx.window_required"] == ("optional", "required")
    assert parse_readings(["fusionpbx.window_required=required"], "fusionpbx-report") == {
        "fusionpbx.window_required": "required"}
    with pytest.raises(UsageError, match="unknown reading option"):
        parse_readings(["fusionpbx.window_required=required"], "telecomx-cdrstats")
