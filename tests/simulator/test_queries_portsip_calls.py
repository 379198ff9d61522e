"""PortSIP calls timeseries, call history, user history, history by session, CDRs and call logs."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.simulator import NotFound, Window
from conformance.simulator.queries.buckets import edges
from conformance.vendors.portsip.simulator.queries import calls as pc
from conformance.vendors.portsip.simulator.queries import cdr
from tests.simulator import T0, T1, small_store, windows

STEPS = st.sampled_from(["1h", "2h", "3h", "4h", "6h", "8h", "DAY"])
TENANT_SETS = st.one_of(st.none(), st.lists(st.integers(1, 4), min_size=1, max_size=3, unique=True))


def raw_count(window: Window, tenants: list[int] | None, extra: str = "1") -> int:
    store, _ = small_store()
    cond = f"tenant_id IN ({','.join(map(str, tenants))})" if tenants else "1"
    return store.scalar(f"SELECT COUNT(*) FROM sessions WHERE started_at >= ? AND started_at < ? AND {cond}"
                        f" AND {extra}", (window.start, window.end))  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(window=windows(max_seconds=20 * 86400), step=STEPS, tenants=TENANT_SETS)
def test_calls_timeseries_partitions_and_matches_history(window: Window, step: str, tenants: list[int] | None):
    store, _ = small_store()
    points = pc.calls_timeseries(store, window, step, tenants)
    assert all(p["answered"] + p["not_answered"] == p["total"] for p in points)
    total = sum(p["total"] for p in points)
    assert total == raw_count(window, tenants)
    assert sum(p["answered"] for p in points) == raw_count(window, tenants, "status = 'ANSWERED'")
    assert pc.call_history(store, window, tenants=tenants, top=1)["count"] == total


@settings(max_examples=40, deadline=None)
@given(window=windows(max_seconds=10 * 86400, aligned=True), cut=st.floats(0, 1), tenants=TENANT_SETS)
def test_calls_timeseries_split_adds_up(window: Window, cut: float, tenants: list[int] | None):
    store, _ = small_store()
    left, right = window.split(window.start + int(cut * window.seconds) // 60 * 60)
    whole = sum(p["total"] for p in pc.calls_timeseries(store, window, "DAY", tenants))
    parts = sum(p["total"] for w in (left, right) for p in pc.calls_timeseries(store, w, "1h", tenants))
    assert whole == parts


@settings(max_examples=60, deadline=None)
@given(window=windows(max_seconds=4 * 86400), step=STEPS)
def test_points_sit_on_local_step_boundaries(window: Window, step: str):
    store, _ = small_store()
    points = pc.calls_timeseries(store, window, step)
    cuts = edges(window, step)
    assert [datetime.fromisoformat(p["t"]).timestamp() for p in points] == cuts[:-1]
    seconds = 86400 if step == "DAY" else int(step[:-1]) * 3600
    for p in points[1:]:
        local = datetime.fromisoformat(p["t"]).astimezone(window.tz)
        since_midnight = local.hour * 3600 + local.minute * 60 + local.second
        assert since_midnight % seconds == 0


def test_days_follow_the_zone_across_dst():
    store, _ = small_store()
    zone = ZoneInfo("America/New_York")
    window = Window.of(datetime(2025, 11, 1, tzinfo=zone), datetime(2025, 11, 4, tzinfo=zone))
    cuts = edges(window, "DAY")
    assert [b - a for a, b in itertools.pairwise(cuts)] == [86400, 90000, 86400]
    hours = edges(window, "1h")  # wall-clock steps: the repeated 01:00 hour is one two-hour bucket
    assert len(hours) - 1 == 3 * 24
    widths = {datetime.fromtimestamp(a, zone).isoformat(): b - a for a, b in itertools.pairwise(hours)}
    assert widths["2025-11-02T01:00:00-04:00"] == 7200
    assert sum(1 for w in widths.values() if w != 3600) == 1
    assert len(pc.calls_timeseries(store, window)) == 3


def test_default_interval_is_hourly_for_a_day_and_daily_beyond():
    store, _ = small_store()
    day = Window(T0, T0 + 86400, UTC)
    assert len(pc.calls_timeseries(store, day)) == 24
    assert len(pc.calls_timeseries(store, Window(T0, T0 + 10 * 86400, UTC))) == 10


@settings(max_examples=60, deadline=None)
@given(
    window=windows(max_seconds=5 * 86400),
    status=st.sampled_from([None, "NONE", "ANSWERED", "UNANSWERED"]),
    durations=st.tuples(st.one_of(st.none(), st.integers(0, 300)), st.one_of(st.none(), st.integers(0, 900))),
    hours=st.tuples(st.one_of(st.none(), st.integers(0, 23)), st.one_of(st.none(), st.integers(1, 24))),
)
def test_history_items_pass_their_filters(window: Window, status, durations, hours):
    store, _ = small_store()
    lo, hi = durations
    start_hour, end_hour = hours
    result = pc.call_history(store, window, status=status, min_duration=lo, max_duration=hi, start_hour=start_hour,
                             end_hour=end_hour, top=100)  # fmt: skip
    offset = window.offset_seconds()
    assert len(result["items"]) == min(100, result["count"])
    for item in result["items"]:
        assert window.start <= item["started_at"] < window.end
        assert status in (None, "NONE") or item["status"] == status
        duration = item["ended_at"] - item["started_at"]
        assert (lo is None or duration >= lo) and (hi is None or duration <= hi)
        hour = (item["started_at"] + offset) % 86400 // 3600
        a, b = start_hour or 0, 24 if end_hour is None else end_hour
        assert (a <= hour < b) if a <= b else (hour >= a or hour < b)


@settings(max_examples=30, deadline=None)
@given(window=windows(max_seconds=2 * 86400), top=st.integers(1, 40))
def test_history_pages_concatenate_to_the_whole(window: Window, top: int):
    store, _ = small_store()
    whole = pc.call_history(store, window, top=None)
    pages = []
    for skip in range(0, whole["count"], top):
        pages += pc.call_history(store, window, top=top, skip=skip)["items"]
    assert pages == whole["items"] and len(pages) == whole["count"]
    backwards = pc.call_history(store, window, top=None, descending=True)["items"]
    assert backwards == whole["items"][::-1]


def test_history_item_carries_every_documented_field():
    store, _ = small_store()
    item = pc.call_history(store, Window(T0, T1, UTC), top=1)["items"][0]
    documented = {"session_id", "caller", "caller_display_name", "caller_endpoint", "call_id", "service_number",
                  "service_name", "service_type", "callee", "callee_display_name", "callee_endpoint", "started_at",
                  "rang_at", "answered_at", "ended_at", "party", "direction", "end_reason", "reroute_reason",
                  "status_code", "destination", "outbound_caller_id", "did", "call_type", "callback_id",
                  "billing_prefix", "cost", "user_data", "inbound_trunk", "outbound_trunk"}  # fmt: skip
    assert documented <= set(item)


def test_history_filters_by_caller_callee_and_session():
    store, _ = small_store()
    window = Window(T0, T1, UTC)
    first = pc.call_history(store, window, status="ANSWERED", top=1)["items"][0]
    by_caller = pc.call_history(store, window, caller=first["caller"], top=None)
    assert by_caller["count"] >= 1 and all(i["caller"] == first["caller"] for i in by_caller["items"])
    by_callee = pc.call_history(store, window, callee=first["callee"], top=None)
    assert all(i["callee"] == first["callee"] for i in by_callee["items"])
    one = pc.call_history(store, window, session_id=first["session_id"])
    assert one["count"] == 1 and one["items"][0] == first
    assert pc.call_history(store, window, session_id="not-a-session")["count"] == 0


def test_session_legs_share_the_session():
    store, _ = small_store()
    window = Window(T0, T1, UTC)
    for item in pc.call_history(store, window, top=50)["items"]:
        legs = pc.session_legs(store, item["session_id"])["items"]
        assert legs and {leg["session_id"] for leg in legs} == {item["session_id"]}
        assert any(leg["call_id"] == item["call_id"] for leg in legs)
        assert min(leg["started_at"] for leg in legs) == item["started_at"]
    with pytest.raises(NotFound):
        pc.session_legs(store, "1")


@settings(max_examples=30, deadline=None)
@given(window=windows(max_seconds=5 * 86400), party=st.sampled_from([None, "NONE", "CALLER", "CALLEE"]),
       pick=st.integers(0, 10_000))  # fmt: skip
def test_user_history_lists_the_users_legs(window: Window, party: str | None, pick: int):
    store, catalogue = small_store()
    numbers = [n for t in catalogue["tenants"] for n in t["users"] + t["agents"]]
    user = numbers[pick % len(numbers)]
    result = pc.user_call_history(store, window, user, party=party, top=None)
    assert result["count"] == len(result["items"])
    for item in result["items"]:
        assert item["party"] in ("CALLER", "CALLEE")
        assert party in (None, "NONE") or item["party"] == party
        assert (item["caller"] if item["party"] == "CALLER" else item["callee"]) == user
    both = pc.user_call_history(store, window, user, top=None)["count"]
    callers = pc.user_call_history(store, window, user, party="CALLER", top=None)["count"]
    callees = pc.user_call_history(store, window, user, party="CALLEE", top=None)["count"]
    assert both == callers + callees


def test_user_history_filters_by_destination_and_direction():
    store, catalogue = small_store()
    window = Window(T0, T1, UTC)
    user = catalogue["tenants"][0]["agents"][0]
    items = pc.user_call_history(store, window, user, party="CALLEE", top=None)["items"]
    assert items
    target = items[0]["destination"]
    same = pc.user_call_history(store, window, user, destination=target, top=None)["items"]
    assert same and all(i["destination"] == target for i in same)
    inbound = pc.user_call_history(store, window, user, direction="INBOUND", top=None)["items"]
    assert all(i["direction"] == "INBOUND" for i in inbound)
    with pytest.raises(NotFound):
        pc.user_call_history(store, window, "0000")


def test_cdrs_and_call_logs_list_legs_and_sessions():
    store, _ = small_store()
    window = Window(T0 + 86400, T0 + 2 * 86400, timezone(timedelta(hours=7)))
    legs = store.scalar(
        "SELECT COUNT(*) FROM legs WHERE started_at >= ? AND started_at < ?", (window.start, window.end)
    )
    listed = cdr.list_cdrs(store, window, top=10)
    assert listed["count"] == legs and len(listed["items"]) == 10
    one = cdr.get_cdr(store, listed["items"][0]["id"])
    assert one["call_id"] == listed["items"][0]["call_id"] and "cost" in one
    logs = cdr.list_call_logs(store, window, top=5)
    assert logs["count"] == raw_count(window, None)
    log = cdr.get_call_log(store, logs["items"][0]["id"])
    assert log["session_id"] == logs["items"][0]["session_id"]
    for item in listed["items"]:
        assert item["duration"] >= 0 and item["started_at"].endswith("Z")
    with pytest.raises(NotFound):
        cdr.get_cdr(store, "x")
    with pytest.raises(NotFound):
        cdr.get_call_log(store, 10**9)
