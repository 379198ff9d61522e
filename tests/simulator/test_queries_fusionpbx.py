"""FusionPBX per-extension counters, per-day reports and agent time."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.simulator import Window
from conformance.vendors.fusionpbx.simulator import queries as fp
from tests.simulator import small_store, windows

BUCKETS = ("answered", "no_answered", "busy", "busy_line", "cancel", "invalid", "not_available")
DIRECTIONS = ("inbound", "outbound", "local")
TENANTS = st.sampled_from([None, 1, 2, 3, 4])


@settings(max_examples=40, deadline=None)
@given(window=windows(max_seconds=5 * 86400), tenant=TENANTS)
def test_extension_counters_partition_the_total(window: Window, tenant: int | None):
    store, _ = small_store()
    rows = fp.extension_report(store, window, tenant)
    assert rows
    for row in rows:
        assert row["total"] == sum(row[b] for b in BUCKETS) == sum(row[d] for d in DIRECTIONS)
    summary = {r["extension"]: r for r in fp.extension_summary(store, window, tenant)}
    for row in rows:
        s = summary[row["extension"]]
        assert s["total_call"] == row["total"] == sum(s[f"total_{b}"] for b in BUCKETS)
        assert s["total_duration"] == s["total_billsec"] + s["total_waitsec"]
        assert min(s["total_billsec"], s["total_waitsec"]) >= 0


@settings(max_examples=30, deadline=None)
@given(window=windows(max_seconds=6 * 86400), tenant=TENANTS)
def test_days_add_up_to_the_window(window: Window, tenant: int | None):
    store, _ = small_store()
    totals = {r["extension"]: r for r in fp.extension_summary(store, window, tenant)}
    for row in fp.extension_summary_by_day(store, window, tenant):
        whole = totals[row["extension"]]
        for key in ("total_call", "total_duration", "total_billsec", "total_waitsec", "total_inbound",
                    "total_outbound", "total_local", "total_invalid", "total_answered"):  # fmt: skip
            assert sum(day[key] for day in row["reports"]) == row[key] == whole[key]
        days = [datetime.fromisoformat(d["time"]) for d in row["reports"]]
        assert days == sorted(days) and all(window.start <= d.timestamp() < window.end for d in days)


@settings(max_examples=30, deadline=None)
@given(window=windows(max_seconds=3 * 86400), cut=st.floats(0, 1))
def test_splitting_a_window_adds_up(window: Window, cut: float):
    store, _ = small_store()
    left, right = window.split(window.start + int(cut * window.seconds))
    whole = fp.extension_report(store, window)
    parts = [fp.extension_report(store, w) for w in (left, right)]
    for i, row in enumerate(whole):
        for key in ("total", *BUCKETS, *DIRECTIONS):
            assert parts[0][i][key] + parts[1][i][key] == row[key]


@settings(max_examples=40, deadline=None)
@given(window=windows(max_seconds=3 * 86400), tenant=TENANTS)
def test_agent_time_adds_up_to_logged_in_time(window: Window, tenant: int | None):
    store, _ = small_store()
    for row in fp.agent_time(store, window, tenant):
        parts = [row[k] for k in ("total_pause_sec", "total_wait_sec", "total_talk_sec", "total_dispo_sec")]
        assert min(parts) >= 0
        span = datetime.fromisoformat(row["latest_time"]) - datetime.fromisoformat(row["earliest_time"])
        assert sum(parts) <= span.total_seconds()


def test_agent_time_sees_the_busiest_day():
    store, catalogue = small_store()
    tenant = next(t for t in catalogue["tenants"] if t["vendor"] == "fusionpbx")
    day = tenant["busiest_day"]
    window = Window.of(datetime.fromisoformat(day["start"]), datetime.fromisoformat(day["end"]))
    rows = fp.agent_time(store, window, tenant["id"])
    assert rows and any(r["total_talk_sec"] > 0 for r in rows) and all(r["total_pause_sec"] > 0 for r in rows)
    assert {r["username"] for r in rows} <= {e["username"] for e in tenant["extensions"] if e["is_agent"]}


def test_users_lists_every_extension_of_the_tenant():
    store, catalogue = small_store()
    tenant = catalogue["tenants"][2]
    users = fp.users(store, tenant["id"])
    assert [u["extension"] for u in users] == [e["number"] for e in tenant["extensions"]]
    assert {u["domain_uuid"] for u in users} == {tenant["uuid"]}
