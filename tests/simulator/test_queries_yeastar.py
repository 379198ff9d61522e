"""Yeastar call report rows: every type, its partitions, activity sums and the ``time`` periods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.simulator import Window
from conformance.vendors.yeastar.simulator import queries as ys
from tests.simulator import small_store, windows

TWENTY_TYPES = {
    "extcallstatistics", "extcallactivity", "trunkactivity", "trunkdiddodactivity", "ivr", "queueavgwaittalktime",
    "queueperformance", "queueperformanceactivity", "queuecallbackssummary", "queuecallbacksactivity",
    "queuesatisfaction", "queuesatisfactiondetail", "queueagentlogintime", "queueagentpausetime",
    "queueagentmisscalls", "queueagentperformance", "queueagentinoutcalls", "ringgroupstatistics", "extcallbilling",
    "extcallbillingdetails",
}  # fmt: skip


def params(window: Window, tenant: dict[str, Any], step: str = "DAY", **extra: Any) -> ys.ReportParams:
    return ys.ReportParams(
        window=window, step=step, ext_ids=[e["id"] for e in tenant["extensions"]],
        trunk_ids=[t["id"] for t in tenant["trunks"]], ivr_ids=[i["id"] for i in tenant["ivrs"]],
        ring_group_ids=[g["id"] for g in tenant["ring_groups"]], queue_ids=[q["id"] for q in tenant["queues"]],
        **{"include_internal": True, **extra},
    )  # fmt: skip


def rows_of(kind: str, p: ys.ReportParams) -> list[dict[str, Any]]:
    store, _ = small_store()
    result = ys.report(store, kind, p)
    assert all(len(r) == len(result["columns"]) for r in result["rows"])
    return [dict(zip(result["columns"], r, strict=True)) for r in result["rows"]]


def test_all_twenty_types_are_registered_and_answer():
    store, catalogue = small_store()
    assert set(ys.REPORTS) == TWENTY_TYPES
    tenant = catalogue["tenants"][3]
    day = tenant["busiest_day"]
    window = Window.of(datetime.fromisoformat(day["start"]), datetime.fromisoformat(day["end"]))
    for kind in sorted(TWENTY_TYPES):
        assert rows_of(kind, params(window, tenant, "1h")), kind
    with pytest.raises(KeyError):
        ys.report(store, "nosuchreport", params(window, tenant))


@settings(max_examples=30, deadline=None)
@given(window=windows(max_seconds=5 * 86400), tenant_index=st.integers(0, 3),
       comm=st.sampled_from([None, "Inbound", "Outbound", "Internal"]))  # fmt: skip
def test_extension_results_partition_and_activity_sums(window: Window, tenant_index: int, comm: str | None):
    _, catalogue = small_store()
    p = params(window, catalogue["tenants"][tenant_index], "DAY", communication_type=comm)
    stats = {r["extension"]: r for r in rows_of("extcallstatistics", p)}
    activity = rows_of("extcallactivity", p)
    for row in [*stats.values(), *activity]:
        assert row["total"] == row["answered"] + row["no_answer"] + row["busy"] + row["failed"]
    for number, row in stats.items():
        for key in ("total", "answered", "talk_sec"):
            assert sum(a[key] for a in activity if a["extension"] == number) == row[key]


@settings(max_examples=30, deadline=None)
@given(window=windows(max_seconds=5 * 86400), tenant_index=st.integers(0, 3), abandon_time=st.sampled_from([0, 10]),
       talk_time=st.sampled_from([0, 60]))  # fmt: skip
def test_queue_reports_partition_and_add_up(window: Window, tenant_index: int, abandon_time: int, talk_time: int):
    _, catalogue = small_store()
    p = params(window, catalogue["tenants"][tenant_index], "1h", abandon_time=abandon_time, talk_time=talk_time)
    perf = {r["queue"]: r for r in rows_of("queueperformance", p)}
    activity = rows_of("queueperformanceactivity", p)
    for row in [*perf.values(), *activity]:
        assert row["total"] == row["answered"] + row["abandoned"] + row["callback"] + row["exit"] + row["full"]
        assert 0 <= row["answer_rate_pct"] <= 100
    for number, row in perf.items():
        for key in ("total", "answered", "abandoned", "total_talk_sec"):
            assert sum(a[key] for a in activity if a["queue"] == number) == row[key]
    for row in rows_of("queuecallbackssummary", p):
        assert row["requested"] == row["succeeded"] + row["failed"]
    for row in rows_of("queueagentperformance", p):
        assert row["rung"] == row["answered"] + row["missed"]
    for row in rows_of("queuesatisfaction", p):
        assert row["surveyed"] == sum(row[f"score_{s}"] for s in range(1, 6))
        assert row["surveyed"] == 0 or 1 <= row["avg_score"] <= 5


@settings(max_examples=30, deadline=None)
@given(window=windows(max_seconds=5 * 86400), tenant_index=st.integers(0, 3))
def test_trunk_ivr_and_ring_group_partitions(window: Window, tenant_index: int):
    _, catalogue = small_store()
    p = params(window, catalogue["tenants"][tenant_index], "1h")
    for row in rows_of("trunkactivity", p):
        assert row["total"] == row["inbound"] + row["outbound"] + row["internal"]
    for row in rows_of("ivr", p):
        assert row["total"] == sum(row[f"key_{k}"] for k in ys.IVR_KEYS) + row["timeout"] + row["hangup"]
    for row in rows_of("ringgroupstatistics", p):
        assert row["total"] == row["answered"] + row["missed"]
    billing = {r["extension"]: r for r in rows_of("extcallbilling", p)}
    details = rows_of("extcallbillingdetails", p)
    for number, row in billing.items():
        mine = [d for d in details if d["extension"] == number]
        assert len(mine) == row["calls"] and sum(d["talk_sec"] for d in mine) == row["talk_sec"]
        assert row["cost"] == pytest.approx(sum(d["cost"] for d in mine), abs=1e-6)


def test_filters_narrow_the_rows():
    _, catalogue = small_store()
    tenant = catalogue["tenants"][0]
    start = catalogue["generation"]["start"]
    window = Window(start, start + 14 * 86400, UTC)
    callbacks = rows_of("queuecallbacksactivity", params(window, tenant))
    ok = rows_of("queuecallbacksactivity", params(window, tenant, callback_result="success"))
    assert ok and len(ok) < len(callbacks) and {r["result"] for r in ok} == {"success"}
    pauses = rows_of("queueagentpausetime", params(window, tenant))
    lunch = rows_of("queueagentpausetime", params(window, tenant, reason="Lunch"))
    assert lunch and len(lunch) < len(pauses) and {r["reason"] for r in lunch} == {"Lunch"}
    missed = rows_of("queueagentmisscalls", params(window, tenant))
    assert missed and all(r["ring_sec"] > 0 for r in missed)
    internal = rows_of("trunkactivity", params(window, tenant, include_internal=False))
    assert sum(r["internal"] for r in internal) == 0


@pytest.mark.parametrize(
    ("parts", "count", "width"),
    [((2025, 11, 2), 24, None), ((2025, 11, None), 30, 86400), ((2025, None, None), 12, None)],
)
def test_period_turns_the_time_value_into_window_and_step(parts, count, width):
    window, step = ys.period(*parts, ZoneInfo("America/New_York"))
    rows = rows_of("trunkactivity", ys.ReportParams(window=window, step=step))
    assert len(rows) == count
    if width:
        starts = [datetime.fromisoformat(r["time"]) for r in rows]
        assert (starts[1] - starts[0]).total_seconds() == width


def test_times_are_in_the_window_zone():
    _, catalogue = small_store()
    tenant = catalogue["tenants"][2]
    start = catalogue["generation"]["start"]
    zone = timezone(timedelta(hours=7))
    rows = rows_of("queueagentlogintime", params(Window(start, start + 3 * 86400, zone), tenant))
    assert rows and all(r["login_time"].endswith("+07:00") for r in rows)


DETAIL_KEYS = {"ivr": ("ivr",), "queueperformance": ("queue",), "queueperformanceactivity": ("time", "queue"),
               "queueagentperformance": ("agent",)}
DETAIL_FIGURES = {"ivr": ("total", "key_0", "key_1", "key_2", "key_3", "timeout", "hangup"),
                  "queueperformance": ("total", "answered", "abandoned", "callback", "exit", "full", "total_talk_sec"),
                  "queueperformanceactivity": ("total", "answered", "abandoned", "total_talk_sec"),
                  "queueagentperformance": ("rung", "answered", "missed", "total_talk_sec", "total_wrap_sec")}


@pytest.mark.parametrize("kind", sorted(DETAIL_KEYS))
def test_need_detail_appends_call_rows_that_add_up_to_the_summary(kind: str):
    _, catalogue = small_store()
    tenant = catalogue["tenants"][3]
    start = catalogue["generation"]["start"]
    window = Window(start, start + 14 * 86400, UTC)
    summary = rows_of(kind, params(window, tenant, "DAY", abandon_time=10))
    detailed = rows_of(kind, params(window, tenant, "DAY", abandon_time=10, need_detail=True))
    assert detailed[: len(summary)] == summary and len(detailed) > len(summary)
    keys = DETAIL_KEYS[kind]
    for row in summary:
        mine = [d for d in detailed[len(summary):] if all(d[k] == row[k] for k in keys)]
        for figure in DETAIL_FIGURES[kind]:
            assert sum(d[figure] for d in mine) == row[figure], (kind, row, figure)


def test_inverted_thresholds_leave_out_the_calls_beyond_them():
    _, catalogue = small_store()
    tenant = catalogue["tenants"][3]
    start = catalogue["generation"]["start"]
    window = Window(start, start + 14 * 86400, UTC)

    def abandoned(**extra: Any) -> int:
        return sum(r["abandoned"] for r in rows_of("queueperformance", params(window, tenant, **extra)))

    def answered(**extra: Any) -> int:
        return sum(r["answered"] for r in rows_of("queueperformance", params(window, tenant, **extra)))

    assert abandoned(abandon_time=30) + abandoned(abandon_time=30, inverted=frozenset({"abandon_time"})) == abandoned()
    assert answered(talk_time=60) + answered(talk_time=60, inverted=frozenset({"talk_time"})) == answered()
