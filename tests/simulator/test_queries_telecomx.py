"""TelecomX cdrstats: bucket partitions, interval sums, direction and filters."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.simulator import Window
from conformance.vendors.telecomx.simulator import queries as tx
from tests.simulator import small_store, windows

GROUPINGS = st.sampled_from(["HOUR", "DAY", "WEEK", "MONTH"])
TENANTS = st.sampled_from([None, 1, 2, 3, 4])


@settings(max_examples=50, deadline=None)
@given(window=windows(max_seconds=15 * 86400), grouping=GROUPINGS, labels=st.sampled_from(["vendor", "iso"]),
       tenant=TENANTS, ignore_local=st.booleans(), ignore_below=st.sampled_from([0, 0, 5, 30]))  # fmt: skip
def test_intervals_partition_and_sum_to_the_totals(window: Window, grouping: str, labels: str, tenant: int | None,
                                                   ignore_local: bool, ignore_below: int):  # fmt: skip
    store, _ = small_store()
    options = dict(tenant_id=tenant, ignore_local=ignore_local, ignore_below=ignore_below)
    rows = tx.cdrstats(store, window, grouping=grouping, labels=labels, **options)
    totals = tx.cdrstats_totals(store, window, **options)
    assert [r["employeeId"] for r in rows] == list(totals)
    for row in rows:
        summed = dict.fromkeys(tx.COUNTERS, 0)
        for counters in row["data"].values():
            assert counters["outboundCalls"] == (counters["outboundAnswered"] + counters["outboundUnanswered"]
                                                 + counters["outboundFailed"])  # fmt: skip
            assert counters["inboundCalls"] == (counters["inboundAnswered"] + counters["inboundUnanswered"]
                                                + counters["inboundBusy"])  # fmt: skip
            for key in tx.COUNTERS:
                summed[key] += counters[key]
        assert summed == totals[row["employeeId"]]


@settings(max_examples=30, deadline=None)
@given(window=windows(max_seconds=5 * 86400), tenant=TENANTS)
def test_direction_and_filters_only_remove_calls(window: Window, tenant: int | None):
    store, _ = small_store()
    both = tx.cdrstats_totals(store, window, tenant_id=tenant)
    inbound = tx.cdrstats_totals(store, window, tenant_id=tenant, direction="IN")
    outbound = tx.cdrstats_totals(store, window, tenant_id=tenant, direction="OUT")
    no_local = tx.cdrstats_totals(store, window, tenant_id=tenant, ignore_local=True)
    long_only = tx.cdrstats_totals(store, window, tenant_id=tenant, ignore_below=60)
    for emp, counters in both.items():
        assert inbound[emp]["outboundCalls"] == 0 and outbound[emp]["inboundCalls"] == 0
        assert inbound[emp]["inboundCalls"] == counters["inboundCalls"]
        assert outbound[emp]["outboundCalls"] == counters["outboundCalls"]
        for key in ("inboundCalls", "outboundCalls"):
            assert no_local[emp][key] <= counters[key] and long_only[emp][key] <= counters[key]


def test_vendor_labels_are_interval_numbers():
    store, catalogue = small_store()
    start = catalogue["generation"]["start"]
    window = Window(start, start + 14 * 86400, ZoneInfo("Europe/Copenhagen"))
    weeks = {k for row in tx.cdrstats(store, window, tenant_id=2, grouping="WEEK") for k in row["data"]}
    assert {"44", "45"} <= weeks <= {"44", "45", "46"}  # ISO weeks of 2025-10-27 .. 2025-11-10
    hours = {k for row in tx.cdrstats(store, window, tenant_id=2, grouping="HOUR") for k in row["data"]}
    assert hours <= {str(h) for h in range(24)} and len(hours) > 12


def test_employee_filter_and_bad_arguments():
    store, catalogue = small_store()
    tenant = catalogue["tenants"][1]
    wanted = [e["employee_ref"] for e in tenant["extensions"][:2]]
    start = catalogue["generation"]["start"]
    window = Window(start, start + 86400 * 14, UTC)
    rows = tx.cdrstats(store, window, employees=wanted)
    assert [r["employeeId"] for r in rows] == wanted
    with pytest.raises(ValueError):
        tx.cdrstats(store, window, grouping="YEAR")
    with pytest.raises(ValueError):
        tx.cdrstats(store, window, direction="SIDEWAYS")
