"""FusionPBX-based report API figures: users, per-extension counters (whole window and per local day), agent time.

Counters come from extension records (see ``extension_records``): the seven status buckets ``answered,
no_answered, busy, busy_line, cancel, invalid, not_available`` partition ``total``, and so do the
directions ``inbound, outbound, local``. Summaries carry ``total_busy_line`` too, so their buckets also add
up to ``total_call``. Days are local calendar days of the window's zone, cut to the window.

Agent time: inside the window, ``total_pause_sec`` is paused time, ``total_talk_sec`` talk of answered queue
calls, ``total_dispo_sec`` their wrap-up (disposition) time and ``total_wait_sec`` the rest of the logged-in
time (ready, waiting or ringing), so the four add up to the logged-in time, which is at most
``latest_time - earliest_time`` (first login and last logout, cut to the window).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from conformance.simulator.model import FusionBucket, Window
from conformance.simulator.queries.buckets import clip, edges
from conformance.simulator.queries.extension_records import (
    FUSION_DIRECTION,
    RecordGroup,
    record_groups,
    tenant_extensions,
)
from conformance.simulator.store import Store

BUCKETS = tuple(b.value for b in FusionBucket)
DIRECTIONS = ("inbound", "outbound", "local")


def _counters(groups: Iterable[RecordGroup]) -> dict[str, int]:
    c = dict.fromkeys(("total", *BUCKETS, *DIRECTIONS, "duration", "billsec", "waitsec"), 0)
    for g in groups:
        c["total"] += g.count
        c[g.fusion] += g.count
        c[FUSION_DIRECTION[g.cdr_direction]] += g.count
        c["duration"] += g.duration
        c["billsec"] += g.billsec
        c["waitsec"] += g.waitsec
    return c


def _by_ext(groups: Iterable[RecordGroup]) -> dict[int, list[RecordGroup]]:
    out: dict[int, list[RecordGroup]] = {}
    for g in groups:
        out.setdefault(g.ext, []).append(g)
    return out


def users(store: Store, tenant_id: int | None = None) -> list[dict[str, Any]]:
    """The users with their extension (``/v3/report/call/user``)."""
    return [
        {
            "user_uuid": r[7],
            "extension_uuid": r[8],
            "domain_uuid": r[13],
            "extension": r[2],
            "username": r[3],
            "first_name": r[4],
            "middle_name": "",
            "last_name": r[5],
            "level": "",
            "email": r[6],
            "groups": None,
            "departments": None,
            "add_date": "",
        }
        for r in tenant_extensions(store, tenant_id)
    ]


def extension_report(store: Store, window: Window, tenant_id: int | None = None) -> list[dict[str, Any]]:
    """Per extension: status buckets, directions and total over the window (``/v2/report/extension``)."""
    per = _by_ext(record_groups(store, [window.start, window.end], tenant_id=tenant_id))
    rows = []
    for r in tenant_extensions(store, tenant_id):
        c = _counters(per.get(r[0], ()))
        rows.append(
            {
                **{b: c[b] for b in BUCKETS},
                **{d: c[d] for d in DIRECTIONS},
                "total": c["total"],
                "extension": r[2],
                "extension_id": r[8],
                "firstname": r[4],
                "middlename": "",
                "lastname": r[5],
                "user_id": r[7],
                "username": r[3],
            }
        )
    return rows


def _summary_fields(c: dict[str, int]) -> dict[str, int]:
    return {
        "total_duration": c["duration"],
        "total_billsec": c["billsec"],
        "total_waitsec": c["waitsec"],
        "total_call": c["total"],
        **{f"total_{b}": c[b] for b in BUCKETS},
        **{f"total_{d}": c[d] for d in DIRECTIONS},
    }


def _person(r: tuple) -> dict[str, Any]:
    return {
        "user_uuid": r[7],
        "username": r[3],
        "last_name": r[5],
        "middle_name": "",
        "first_name": r[4],
        "extension": r[2],
        "extension_uuid": r[8],
        "email": r[6],
    }


def _day_start(window: Window) -> str:
    cuts = edges(window, "DAY")
    start = cuts[0] if cuts else window.start
    local = window.iso(start)
    return local[:10] + "T00:00:00" + local[19:]


def extension_summary(store: Store, window: Window, tenant_id: int | None = None) -> list[dict[str, Any]]:
    """Per user/extension: seconds and counters over the window (``/v2/report/extension/summary``)."""
    per = _by_ext(record_groups(store, [window.start, window.end], tenant_id=tenant_id))
    time_label = _day_start(window)
    return [
        {
            "time": time_label,
            **_person(r),
            **_summary_fields(_counters(per.get(r[0], ()))),
            "groups": None,
            "departments": None,
            "leaders": None,
            "managers": None,
        }
        for r in tenant_extensions(store, tenant_id)
    ]


def extension_summary_by_day(store: Store, window: Window, tenant_id: int | None = None) -> list[dict[str, Any]]:
    """Per user/extension: window totals plus ``reports``, one entry per local day with calls."""
    cuts = edges(window, "DAY")
    per = _by_ext(record_groups(store, cuts, tenant_id=tenant_id))
    out = []
    for r in tenant_extensions(store, tenant_id):
        groups = per.get(r[0], [])
        by_day: dict[int, list[RecordGroup]] = {}
        for g in groups:
            by_day.setdefault(g.bucket, []).append(g)
        reports = []
        for i in sorted(by_day):
            c = _counters(by_day[i])
            reports.append({"time": window.iso(cuts[i]), **_summary_fields(c)})
        out.append(
            {
                **_person(r),
                "add_date": window.iso(r[11]),
                **_summary_fields(_counters(groups)),
                "groups": None,
                "departments": None,
                "leaders": None,
                "managers": None,
                "reports": reports,
            }
        )
    return out


def agent_time(store: Store, window: Window, tenant_id: int | None = None) -> list[dict[str, Any]]:
    """Per agent with a login inside the window: pause, wait, talk and disposition seconds, first and last time."""
    lo, hi = window.start, window.end
    out = []
    for r in tenant_extensions(store, tenant_id, agents_only=True):
        agent = r[0]
        logged = store.query(
            "SELECT login_at, logout_at FROM agent_sessions WHERE agent_ext = ? AND login_at < ?"
            " AND logout_at > ? ORDER BY login_at",
            (agent, hi, lo),
        )
        if not logged:
            continue
        paused = store.query(
            "SELECT start_at, end_at FROM agent_pauses WHERE agent_ext = ? AND start_at < ? AND end_at > ?",
            (agent, hi, lo),
        )
        calls = store.query(
            "SELECT answered_at, talk_sec, wrap_sec FROM queue_calls WHERE agent_ext = ?"
            " AND answered_at < ? AND answered_at > ? - 7200",
            (agent, hi, lo),
        )
        online = sum(clip(a, b, lo, hi) for a, b in logged)
        pause = sum(clip(a, b, lo, hi) for a, b in paused)
        talk = sum(clip(a, a + t, lo, hi) for a, t, _ in calls)
        dispo = sum(clip(a + t, a + t + w, lo, hi) for a, t, w in calls)
        out.append(
            {
                "user_uuid": r[7],
                "domain_uuid": r[13],
                "username": r[3],
                "last_name": r[5],
                "middle_name": "",
                "first_name": r[4],
                "latest_time": window.iso(min(max(b for _, b in logged), hi)),
                "earliest_time": window.iso(max(min(a for a, _ in logged), lo)),
                "total_pause_sec": pause,
                "total_wait_sec": online - pause - talk - dispo,
                "total_talk_sec": talk,
                "total_dispo_sec": dispo,
            }
        )
    return out
