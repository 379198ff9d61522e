"""The traffic generator: determinism, counts, consistent timestamps, vendor enums, coverage, agent schedules."""

from __future__ import annotations

import hashlib
import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conformance.simulator import Store, generate
from conformance.simulator.model import (
    CallDirection,
    CallStatus,
    CdrDirection,
    EndReason,
    QueueOutcome,
    RerouteReason,
    Scenario,
)
from tests.simulator import START, small_store

RECORD_TABLES = ("tenants", "extensions", "queues", "queue_members", "ring_groups", "ring_group_members", "ivrs",
                 "trunks", "dids", "sessions", "legs", "queue_calls", "queue_attempts", "agent_sessions",
                 "agent_pauses", "report_jobs", "report_logs", "call_reports", "completed_call_reports")  # fmt: skip


def fingerprint(store: Store) -> str:
    digest = hashlib.sha256()
    for table in RECORD_TABLES:
        for row in store.query(f"SELECT * FROM {table} ORDER BY 1, 2"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_same_arguments_give_the_same_records():
    stores = [Store() for _ in range(3)]
    generate(stores[0], calls=400, seed=9, start=START, days=3)
    generate(stores[1], calls=400, seed=9, start=START, days=3)
    generate(stores[2], calls=400, seed=10, start=START, days=3)
    assert fingerprint(stores[0]) == fingerprint(stores[1])
    assert fingerprint(stores[0]) != fingerprint(stores[2])


@pytest.mark.parametrize("calls", [0, 1, 7, 333])
def test_exactly_the_requested_number_of_sessions(calls: int):
    store = Store()
    generate(store, calls=calls, seed=1, start=START, days=2)
    assert store.counts()["sessions"] == calls
    start, end = START.timestamp(), START.timestamp() + 2 * 86400
    assert store.scalar("SELECT COUNT(*) FROM sessions WHERE started_at < ? OR started_at >= ?", (start, end)) == 0


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="aware"):
        generate(Store(), calls=1, start=datetime(2025, 1, 1))
    with pytest.raises(ValueError):
        generate(Store(), calls=1, days=0)
    store = Store()
    generate(store, calls=1, start=START, days=1)
    with pytest.raises(ValueError, match="already"):
        generate(store, calls=1, start=START, days=1)


def test_timestamps_are_ordered_and_durations_consistent():
    store, _ = small_store()
    bad_legs = store.scalar(
        "SELECT COUNT(*) FROM legs WHERE ended_at < started_at OR rang_at < started_at OR answered_at < started_at"
        " OR answered_at < rang_at OR ended_at < answered_at OR ended_at < rang_at")  # fmt: skip
    assert bad_legs == 0
    bad_sessions = store.scalar(
        "SELECT COUNT(*) FROM sessions s WHERE s.ended_at < s.started_at OR s.answered_at < s.started_at"
        " OR s.rang_at < s.started_at OR s.ended_at <"
        " (SELECT MAX(ended_at) FROM legs l WHERE l.session_id = s.id)"
        " OR s.started_at > (SELECT MIN(started_at) FROM legs l WHERE l.session_id = s.id)")  # fmt: skip
    assert bad_sessions == 0
    assert store.scalar(
        "SELECT COUNT(*) FROM queue_calls WHERE outcome = 'ANSWERED' AND (wait_sec != answered_at - entered_at"
        " OR ended_at != answered_at + talk_sec OR hold_sec > talk_sec)") == 0  # fmt: skip


def test_legs_of_a_session_are_consecutive():
    store, _ = small_store()
    rows = store.query("SELECT s.first_leg, s.leg_count, MIN(l.id), COUNT(*), MAX(l.seq) FROM sessions s"
                       " JOIN legs l ON l.session_id = s.id GROUP BY s.id")  # fmt: skip
    assert len(rows) == store.counts()["sessions"]
    assert all(first == lo and n == count == top + 1 for first, n, lo, count, top in rows)
    assert (
        store.scalar("SELECT COUNT(*) FROM sessions s JOIN legs m ON m.id = s.main_leg WHERE m.session_id != s.id") == 0
    )


def test_values_come_from_the_vendor_enums():
    store, _ = small_store()

    def values(sql: str) -> set:
        return {r[0] for r in store.query(sql)}

    assert values("SELECT DISTINCT status FROM sessions") == {CallStatus.ANSWERED, CallStatus.UNANSWERED}
    assert values("SELECT DISTINCT direction FROM sessions") == set(CallDirection) - {CallDirection.NONE}
    assert values("SELECT DISTINCT direction FROM legs") == set(CdrDirection)
    assert values("SELECT DISTINCT end_reason FROM legs") <= set(EndReason)
    assert values("SELECT DISTINCT reroute_reason FROM legs WHERE reroute_reason IS NOT NULL") <= set(RerouteReason)
    assert values("SELECT DISTINCT scenario FROM sessions") == set(Scenario)
    assert values("SELECT DISTINCT hangup_cause FROM legs") <= values("SELECT hangup_cause FROM outcome_buckets")


def test_status_matches_the_answer_time():
    store, _ = small_store()
    assert store.scalar("SELECT COUNT(*) FROM sessions WHERE (status = 'ANSWERED') != (answered_at IS NOT NULL)") == 0
    assert store.scalar("SELECT COUNT(*) FROM legs WHERE (answered_at IS NOT NULL) != (status_code = 200)") == 0


def test_traffic_covers_the_cases_the_reports_need():
    store, _ = small_store()
    outcomes = {r[0] for r in store.query("SELECT DISTINCT outcome FROM queue_calls")}
    assert outcomes >= {QueueOutcome.ANSWERED, QueueOutcome.ABANDONED, QueueOutcome.CALLBACK, QueueOutcome.EXIT}
    assert {r[0] for r in store.query("SELECT DISTINCT cb_result FROM queue_calls WHERE cb_result IS NOT NULL")} == {
        "OK", "FAIL"}  # fmt: skip
    short = store.scalar("SELECT COUNT(*) FROM queue_calls c JOIN queues q ON q.id = c.queue_id"
                         " WHERE c.outcome = 'ABANDONED' AND c.wait_sec < q.short_abandon_sec")  # fmt: skip
    assert short > 0
    codes = {r[0] for r in store.query("SELECT DISTINCT status_code FROM legs")}
    assert codes >= {200, 404, 480, 484, 486, 487, 503}
    assert store.scalar("SELECT COUNT(*) FROM legs WHERE cost > 0") > 0
    assert store.scalar("SELECT COUNT(*) FROM queue_calls WHERE satisfaction IS NOT NULL") > 0
    assert store.scalar("SELECT COUNT(DISTINCT reason) FROM agent_pauses") >= 3
    assert store.scalar("SELECT COUNT(*) FROM legs WHERE callback_id IS NOT NULL") >= 2 * store.scalar(
        "SELECT COUNT(*) FROM queue_calls WHERE outcome = 'CALLBACK'")  # fmt: skip
    assert store.scalar("SELECT COUNT(*) FROM queue_attempts WHERE answered = 0") > 0


def test_an_overloaded_queue_turns_callers_away():
    """Staffing follows the usual mix; sending every call to the queues overloads them until they are full."""
    store = Store()
    generate(store, calls=3000, seed=2, start=START, days=1, mix=((Scenario.INBOUND_QUEUE, 1.0),))
    full = store.query("SELECT c.queue_id, c.entered_at, q.capacity FROM queue_calls c JOIN queues q"
                       " ON q.id = c.queue_id WHERE c.outcome = 'FULL'")  # fmt: skip
    assert full
    for queue_id, entered, capacity in full[:20]:
        waiting = store.scalar("SELECT COUNT(*) FROM queue_calls WHERE queue_id = ? AND outcome != 'FULL'"
                               " AND entered_at <= ? AND left_at > ?", (queue_id, entered, entered))  # fmt: skip
        assert waiting >= capacity


def test_agents_handle_calls_only_while_ready():
    """Ring, talk and wrap-up of every answered queue call lie inside a login session, outside pauses, and an
    agent's handling spans never overlap."""
    store, _ = small_store()
    outside_login = store.scalar(
        "SELECT COUNT(*) FROM queue_calls c WHERE c.outcome = 'ANSWERED' AND NOT EXISTS (SELECT 1 FROM agent_sessions a"
        " WHERE a.agent_ext = c.agent_ext AND a.login_at <= c.answered_at - c.ring_sec"
        " AND a.logout_at >= c.answered_at + c.talk_sec + c.wrap_sec)")  # fmt: skip
    assert outside_login == 0
    in_pause = store.scalar(
        "SELECT COUNT(*) FROM queue_calls c JOIN agent_pauses p ON p.agent_ext = c.agent_ext"
        " WHERE c.outcome = 'ANSWERED' AND p.start_at < c.answered_at + c.talk_sec + c.wrap_sec"
        " AND p.end_at > c.answered_at - c.ring_sec")  # fmt: skip
    assert in_pause == 0
    spans = store.query("SELECT agent_ext, answered_at - ring_sec, answered_at + talk_sec + wrap_sec FROM queue_calls"
                        " WHERE outcome = 'ANSWERED' ORDER BY agent_ext, answered_at")  # fmt: skip
    for (a1, _, end1), (a2, start2, _) in itertools.pairwise(spans):
        assert a1 != a2 or start2 >= end1


def test_pauses_lie_inside_their_login_session():
    store, _ = small_store()
    assert store.scalar(
        "SELECT COUNT(*) FROM agent_pauses p JOIN agent_sessions a ON a.id = p.agent_session_id"
        " WHERE p.start_at < a.login_at OR p.end_at > a.logout_at OR p.end_at <= p.start_at") == 0  # fmt: skip


def test_shifts_follow_local_time_across_the_dst_change():
    """New York switches to EST on 2025-11-02: logins stay at the same local hours, so their UTC hour moves."""
    store, catalogue = small_store()
    tenant = next(t for t in catalogue["tenants"] if t["tz"] == "America/New_York")
    zone = ZoneInfo(tenant["tz"])
    logins = store.query("SELECT login_at FROM agent_sessions WHERE tenant_id = ?", (tenant["id"],))
    local_hours = {datetime.fromtimestamp(t, zone).hour for (t,) in logins}
    assert local_hours <= {7, 8, 13, 14}
    change = datetime(2025, 11, 2, tzinfo=zone)
    before = {datetime.fromtimestamp(t, zone).utcoffset() for (t,) in logins if t < change.timestamp()}
    after = {datetime.fromtimestamp(t, zone).utcoffset() for (t,) in logins if t > (change + timedelta(1)).timestamp()}
    assert before == {timedelta(hours=-4)} and after == {timedelta(hours=-5)}


def test_tenant_shares_follow_their_weights():
    store, catalogue = small_store()
    counts = dict(store.query("SELECT tenant_id, COUNT(*) FROM sessions GROUP BY 1"))
    assert [counts[t["id"]] for t in catalogue["tenants"]] == [600, 400, 500, 500]
