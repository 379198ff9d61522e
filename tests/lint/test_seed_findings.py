"""Key true findings of the general rules on the real vendor documents."""

from __future__ import annotations

import pytest

from conformance.lint import Finding, lint_path

pytestmark = pytest.mark.seeds


def findings(path, rule: str) -> list[Finding]:
    return lint_path(path, rule_ids=[rule])


def at(found: list[Finding], *fragments: str) -> list[Finding]:
    """Findings whose pointer contains every fragment."""
    return [f for f in found if all(fragment in f.pointer for fragment in fragments)]


def test_dataflow_status_prose_names_not_answered(seed_path):
    found = at(findings(seed_path("portsip-dataflow"), "LINT-ENUM-PROSE-MISMATCH"), "calls~1history", "status")
    assert found and all("NOT_ANSWERED" in f.message for f in found)


def test_dataflow_schema_defects(seed_path):
    path = seed_path("portsip-dataflow")
    nullable = findings(path, "LINT-NON-OAS31-KEYWORD")
    assert [f.pointer.rsplit("/", 2)[-2:] for f in nullable] == [["finish_time", "nullable"]]
    overlap = findings(path, "LINT-ONEOF-OVERLAP")
    assert len(overlap) == 4 and all(f.pointer.endswith("/params/oneOf") for f in overlap)
    assert "#1 DAILYSTATISTICS is identical to #2 CALLLOGS" in overlap[0].message
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings(path, "LINT-FIELD-NAME-DRIFT")] == ["timezone"]
    session = findings(path, "LINT-PATH-PARAM-TYPE-DRIFT")
    assert len(session) == 1 and "`session_id` is integer" in session[0].message
    percent = findings(path, "LINT-PERCENT-INTEGER")
    assert [f.pointer.rsplit("/", 1)[-1] for f in percent] == ["cb_fail"]
    hours = {f.pointer.rsplit("/", 1)[-1] for f in findings(path, "LINT-DESCRIPTION-TYPE-MISMATCH")}
    assert hours == {"start_hour_of_day", "end_hour_of_day"}
    assert all("$count=true" in f.message for f in findings(path, "LINT-PARAM-NAME-PROSE-MISMATCH"))
    direction = findings(path, "LINT-ENUM-DRIFT")
    assert sum("the enum of `party`" in f.message for f in direction) == 3


def test_cdr_schema_defects(seed_path):
    path = seed_path("portsip-cdr")
    formats = findings(path, "LINT-UNREGISTERED-FORMAT")
    assert formats and all("`date_time`" in f.message for f in formats)
    assert at(findings(path, "LINT-ONEOF-OVERLAP"), "call_reports", "filter")
    assert [f.operation for f in findings(path, "LINT-RETRIEVE-RETURNS-COLLECTION")] == ["retrieveCDR"]
    assert {f.operation for f in findings(path, "LINT-COLLECTION-WITHOUT-PAGING")} == {"listCDRs", "listCallLogs"}


def test_portsip_success_statuses_drift_across_the_vendors_merged_documents(seed_path, tmp_path):
    merged = tmp_path / "portsip.md"
    merged.write_text(seed_path("portsip-dataflow").read_text("utf-8") + "\n"
                      + seed_path("portsip-cdr").read_text("utf-8"), "utf-8")
    drift = findings(merged, "LINT-SUCCESS-STATUS-DRIFT")
    assert {f.operation for f in drift} == {"createCallReport", "deleteCallReport", "deleteCompletedCallReport"}
    assert findings(seed_path("portsip-cdr"), "LINT-SUCCESS-STATUS-DRIFT") == []


def test_telecomx_inbound_arithmetic(seed_path):
    path = seed_path("telecomx-cdrstats")
    arithmetic = findings(path, "LINT-EXAMPLE-ARITHMETIC")
    assert len(at(arithmetic, "inboundCalls")) == 9
    assert len(at(arithmetic, "inboundSeconds")) == 9
    assert not at(arithmetic, "outbound")
    assert len(findings(path, "LINT-EXAMPLE-NOT-JSON")) == 1
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings(path, "LINT-EXAMPLE-FORMAT-DRIFT")] == ["from"]


def test_fusionpbx_example_defects(seed_path):
    path = seed_path("fusionpbx-report")
    arithmetic = findings(path, "LINT-EXAMPLE-ARITHMETIC")
    assert {f.pointer.rsplit("/", 1)[-1] for f in arithmetic} == {"total_outbound", "total_pause_sec"}
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings(path, "LINT-EXAMPLE-FORMAT-DRIFT")] == ["add_date"]
    mismatch = findings(path, "LINT-EXAMPLE-VALUE-MISMATCH")
    assert mismatch and all(f.pointer.endswith("/extension_uuid") for f in mismatch)


def test_yeastar_file_and_download_url_differ(seed_path):
    found = findings(seed_path("yeastar-call-report"), "LINT-EXAMPLE-VALUE-MISMATCH")
    assert len(found) == 1 and "letter case" in found[0].message
