"""PortSIP queue and agent figures: relations that hold by construction, over random windows and filters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.simulator import NotFound, Window
from conformance.simulator.queries.buckets import INTERVALS
from conformance.vendors.portsip.simulator.queries import queue as pq
from tests.simulator import T0, T1, queue_numbers, small_store, windows

COUNTS = ("offered", "accepted", "abandoned")


def check_kpis(kpi: dict) -> None:
    assert 0 <= kpi["accepted"] <= kpi["offered"]
    assert 0 <= kpi["abandoned"] <= kpi["offered"]
    assert 0.0 <= kpi["sla_pct"] <= 100.0
    assert abs(kpi["aht_sec"] - (kpi["att_sec"] + kpi["avg_wrap_time_sec"])) <= 1
    assert all(isinstance(kpi[k], int) for k in kpi if k != "sla_pct")


@settings(max_examples=60, deadline=None)
@given(window=windows(), number=st.sampled_from(queue_numbers()), sla=st.one_of(st.none(), st.integers(0, 120)))
def test_single_queue_summary_relations(window: Window, number: str, sla: int | None):
    store, _ = small_store()
    kpi = pq.queue_summary(store, [(number, sla)], window)
    check_kpis(kpi)
    exact = pq.queue_figures(store, number, window, sla)
    assert kpi["accepted"] + kpi["abandoned"] <= kpi["offered"]
    assert exact["aht_sec"] == pytest.approx(exact["att_sec"] + exact["avg_wrap_time_sec"])


@settings(max_examples=40, deadline=None)
@given(window=windows(), picks=st.lists(st.sampled_from(queue_numbers()), min_size=2, max_size=4, unique=True))
def test_multi_queue_summary_is_a_mean_of_queues(window: Window, picks: list[str]):
    store, _ = small_store()
    kpi = pq.queue_summary(store, picks, window)
    check_kpis(kpi)
    singles = [pq.queue_figures(store, n, window) for n in picks]
    for key in COUNTS:
        mean = sum(f[key] for f in singles) / len(singles)
        assert abs(kpi[key] - mean) <= 0.5
        assert min(f[key] for f in singles) - 0.5 <= kpi[key] <= max(f[key] for f in singles) + 0.5


@settings(max_examples=60, deadline=None)
@given(window=windows(), number=st.sampled_from(queue_numbers()), interval=st.sampled_from(sorted(INTERVALS)))
def test_queue_timeseries_adds_up_to_the_summary(window: Window, number: str, interval: str):
    store, _ = small_store()
    points = pq.queue_timeseries(store, number, window, interval)
    exact = pq.queue_figures(store, number, window)
    for key in (*COUNTS, "cb_ok", "cb_fail"):
        assert sum(p[key] for p in points) == exact[key]
    for p in points:
        assert 0 <= p["accepted"] <= p["offered"] and 0 <= p["abandoned"] <= p["offered"]


@settings(max_examples=40, deadline=None)
@given(window=windows(), number=st.sampled_from(queue_numbers()), cut=st.floats(0, 1))
def test_splitting_a_window_adds_up(window: Window, number: str, cut: float):
    store, _ = small_store()
    left, right = window.split(window.start + int(cut * window.seconds))
    whole = pq.queue_figures(store, number, window)
    parts = [pq.queue_figures(store, number, w) for w in (left, right)]
    for key in (*COUNTS, "cb_ok", "cb_fail"):
        assert parts[0][key] + parts[1][key] == whole[key]


@settings(max_examples=30, deadline=None)
@given(window=windows(max_seconds=86400), number=st.sampled_from(queue_numbers()))
def test_agent_figures_stay_within_the_queue(window: Window, number: str):
    store, _ = small_store()
    agents = pq.queue_agents(store, number)
    queue = pq.queue_figures(store, number, window)
    accepted = 0
    for agent in agents:
        fig = pq.agent_queue_summary(store, number, agent, window)
        assert 0 <= fig["accepted"] <= fig["total"] <= queue["offered"]
        assert 0.0 <= fig["occupancy_pct"] <= 100.0
        assert abs(fig["aht_sec"] - (fig["att_sec"] + fig["avg_wrap_time_sec"])) <= 1
        accepted += fig["accepted"]
    assert accepted == queue["accepted"]


@settings(max_examples=30, deadline=None)
@given(
    window=windows(max_seconds=86400),
    number=st.sampled_from(queue_numbers()),
    interval=st.sampled_from(["1h", "3h"]),
    pick=st.integers(0, 100),
)
def test_agent_timeseries_adds_up_to_the_agent_summary(window: Window, number: str, interval: str, pick: int):
    store, _ = small_store()
    agents = pq.queue_agents(store, number)
    agent = agents[pick % len(agents)]
    points = pq.agent_queue_timeseries(store, number, agent, window, interval)
    exact = pq.agent_figures(store, number, agent, window)
    assert sum(p["accepted"] for p in points) == exact["accepted"]
    assert sum(p["total"] for p in points) >= exact["total"]  # distinct sessions per bucket; none repeats
    assert all(0.0 <= p["occupancy_pct"] <= 100.0 for p in points)


def test_busy_agents_show_occupancy():
    store, catalogue = small_store()
    tenant = catalogue["tenants"][0]
    day = tenant["busiest_day"]
    window = Window.of(datetime.fromisoformat(day["start"]), datetime.fromisoformat(day["end"]))
    occupancy = [pq.agent_queue_summary(store, q["number"], a, window)["occupancy_pct"] for q in tenant["queues"]
                 for a in q["agents"]]  # fmt: skip
    assert max(occupancy) > 0


def test_short_abandons_are_excluded_where_the_queue_says_so():
    store, _ = small_store()
    rows = store.query(
        "SELECT q.number, q.exclude_short_abandon, c.entered_at FROM queue_calls c JOIN queues q ON q.id = c.queue_id"
        " WHERE c.outcome = 'ABANDONED' AND c.wait_sec < q.short_abandon_sec ORDER BY c.id")  # fmt: skip
    seen = set()
    for number, exclude, entered in rows:
        if exclude in seen:
            continue
        seen.add(exclude)
        fig = pq.queue_figures(store, number, Window(entered, entered + 1, UTC))
        assert fig["offered"] == (0 if exclude else 1) and fig["abandoned"] == (0 if exclude else 1)
    assert seen == {0, 1}


def test_sla_counts_answers_within_the_threshold():
    store, _ = small_store()
    number = queue_numbers()[0]
    window = Window(T0, T1, UTC)
    zero = pq.queue_figures(store, number, window, sla_secs=0)
    wide = pq.queue_figures(store, number, window, sla_secs=10_000)
    assert zero["sla_pct"] < wide["sla_pct"]
    assert wide["sla_pct"] == pytest.approx(100.0 * wide["accepted"] / wide["offered"])


def test_unknown_queue_or_agent_is_not_found():
    store, _ = small_store()
    window = Window(T0, T1, UTC)
    with pytest.raises(NotFound):
        pq.queue_summary(store, ["0000"], window)
    with pytest.raises(NotFound):
        pq.agent_queue_summary(store, queue_numbers()[0], "0000", window)


def test_summary_accepts_the_vendor_queue_objects():
    store, _ = small_store()
    window = Window(T0, T1, UTC)
    numbers = queue_numbers()[:2]
    as_objects = pq.queue_summary(store, [{"number": numbers[0], "sla_secs": 15}, {"number": numbers[1]}], window)
    assert as_objects == pq.queue_summary(store, [(numbers[0], 15), numbers[1]], window)


def test_every_queue_sees_each_kind_of_call_over_the_period():
    """The property tests above are not vacuous: over the period each queue is offered, answers and loses calls."""
    store, _ = small_store()
    for number in queue_numbers():
        fig = pq.queue_figures(store, number, Window(T0, T1, UTC))
        assert fig["offered"] > fig["accepted"] > 0 and fig["abandoned"] > 0 and 0 < fig["sla_pct"] < 100
