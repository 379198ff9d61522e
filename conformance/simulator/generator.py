"""Deterministic PBX traffic: ``generate(store, calls=N, seed=S, start=..., days=D)``.

The same arguments give the same records byte for byte: every draw comes from one ``random.Random(seed)``
in a fixed order and nothing iterates a hash-ordered collection.

- Each tenant (``model.TENANTS``) gets a directory sized to its load (users, agents, queues, ring groups,
  an IVR, trunks, DIDs); agents get daily shifts with pauses in the tenant's own time zone.
- Exactly ``calls`` sessions are spread over tenants (by weight) and over the hours of the period (local
  hour-of-day and weekday profile), then played in time order per tenant.
- A queue call is answered only by an agent who is logged in, not paused and not busy for the whole
  ring + talk + wrap-up span (so occupancy and agent time add up); otherwise the caller abandons, asks
  for a callback, leaves at the queue's maximum wait, or is turned away when the queue is full.
- Extensions are busy while on an answered call, so callers meet USER_BUSY for real.
"""

from __future__ import annotations

import heapq
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from math import ceil
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from conformance.simulator.model import (
    ATTENDANCE,
    BILLING,
    DEFAULT_MIX,
    FIRST_NAMES,
    HOUR_WEIGHTS,
    INTERNATIONAL,
    LAST_NAMES,
    LEG_OUTCOMES,
    PAUSE_REASONS,
    SHIFTS,
    TENANTS,
    WEEKDAY_FACTOR,
    CallDirection,
    CdrDirection,
    EndReason,
    QueueOutcome,
    RerouteReason,
    Scenario,
    TenantSpec,
)
from conformance.simulator.store import Store

GENERATOR_VERSION = 1
DEFAULT_START = datetime(2025, 10, 27, tzinfo=UTC)
CALLBACK_ID_BASE = 7_000_000
INBOUND, OUTBOUND, LOCAL, IN_OUT = (d.value for d in CdrDirection)


def _below(rng: random.Random, n: int) -> int:
    """A uniform integer in ``[0, n)``; cheaper than ``randrange`` in the hot loop."""
    return int(rng.random() * n)


def _between(rng: random.Random, a: int, b: int) -> int:
    """A uniform integer in ``[a, b]``."""
    return a + int(rng.random() * (b - a + 1))


@dataclass
class _Queue:
    id: int
    number: str
    agents: list[int]
    sla: int
    short: int
    max_wait: int
    capacity: int
    wrap: tuple[int, int]
    callback: bool
    survey: bool
    waiting: list[int] = field(default_factory=list)  # heap of the times queued callers leave


@dataclass
class _RingGroup:
    id: int
    number: str
    members: list[int]
    ring_sec: int


@dataclass(slots=True)
class _Sess:
    """One session being built: the caller context its legs share and the summary the session row keeps."""

    id: int
    first: int  # id of its first leg (legs of a session are consecutive)
    direction: str
    caller: str
    caller_ext: int | None
    cdr: str  # CDR direction of its legs unless a leg says otherwise
    started: int
    ended: int
    nlegs: int = 0
    main: int = 0  # the leg that decided the outcome
    cost: float = 0.0
    callee: str = ""
    callee_ext: int | None = None
    rang: int | None = None
    answered: int | None = None
    trunk: int | None = None
    did: str | None = None
    in_trunk: int | None = None
    out_trunk: int | None = None
    queue_id: int | None = None
    rg_id: int | None = None
    ivr_id: int | None = None
    ivr_key: str | None = None
    cb: int | None = None


class _Ids:
    """Row-id counters shared by all tenants (rows reference each other before they are inserted)."""

    def __init__(self) -> None:
        self.ext = self.queue = self.rg = self.ivr = self.trunk = self.did = 0
        self.session = self.leg = self.qcall = self.attempt = self.asess = self.pause = self.callback = 0


class _Sink:
    """Row buffers flushed to the store in large ``executemany`` batches."""

    WIDTHS: ClassVar[dict[str, int]] = {"sessions": 26, "legs": 25, "queue_calls": 21, "queue_attempts": 9,
                                        "agent_sessions": 5, "agent_pauses": 7}  # fmt: skip

    def __init__(self, store: Store, db: Any) -> None:
        self.store, self.db = store, db
        self.rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in self.WIDTHS}

    def maybe_flush(self) -> None:
        if len(self.rows["legs"]) > 200_000:
            self.flush()

    def flush(self) -> None:
        for name, rows in self.rows.items():
            if rows:
                self.store.insert_many(self.db, name, rows, self.WIDTHS[name])
                rows.clear()


def _largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    counts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _ref(rng: random.Random) -> str:
    return f"{rng.getrandbits(96):024x}"


def _local_epoch(day: date, seconds: int, zone: ZoneInfo) -> int:
    return int((datetime.combine(day, time(), zone) + timedelta(seconds=seconds)).timestamp())


class _Tenant:
    """Directory, agent schedules and traffic of one tenant."""

    def __init__(self, rng: random.Random, index: int, spec: TenantSpec, calls: int, t0: int, days: int,
                 ids: _Ids, sink: _Sink, numbers: list[str], busy: list[int]) -> None:  # fmt: skip
        self.rng, self.tid, self.spec, self.ids, self.sink = rng, index, spec, ids, sink
        self.zone = ZoneInfo(spec.tz)
        self.t0, self.t1 = t0, t0 + days * 86400
        self.numbers, self.busy = numbers, busy  # indexed by extension id, shared by all tenants
        daily = calls / days
        self.agents_per_queue = max(3, ceil(0.02 * daily * 0.37 / len(spec.queues)))
        self.n_users = max(8, ceil(daily * 0.55 / 30))
        self.rg_daily = daily * 0.09 / spec.ring_groups
        self.ready: dict[int, list[tuple[int, int]]] = {}
        self.ptr: dict[int, int] = {}
        self.mobile_of: dict[int, str] = {}
        cc = f"+{spec.country}"
        self.prefixes = {"local": (cc + spec.area,), "national": tuple(cc + a for a in spec.national),
                         "mobile": tuple(cc + m for m in spec.mobile),
                         "international": tuple(f"+{c}" for c in INTERNATIONAL)}  # fmt: skip
        self._build_directory()

    # -- directory ---------------------------------------------------------------------------------------
    def _number(self, cls: str) -> tuple[str, str, float]:
        """An external number of a billing class: (number, billing prefix, rate per minute)."""
        rng = self.rng
        options = self.prefixes[cls]
        full = options[_below(rng, len(options))] if len(options) > 1 else options[0]
        return f"{full}{1_000_000 + _below(rng, 8_999_999)}", full, BILLING[cls][1]

    def _external(self) -> tuple[str, str, float]:
        r = self.rng.random()
        for cls, (share, _) in BILLING.items():
            if r < share:
                return self._number(cls)
            r -= share
        return self._number("local")

    def _insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.sink.db.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)

    def _build_directory(self) -> None:
        rng, s, ids, k = self.rng, self.spec, self.ids, self.tid
        self._insert("tenants", [(k, s.name, s.domain, s.tz, s.vendor, _uuid(rng), _ref(rng))])
        n_agents = self.agents_per_queue * len(s.queues)
        self.agents: list[int] = []
        self.users: list[int] = []
        rows = []
        for i in range(n_agents + self.n_users):
            ids.ext += 1
            # k001..k599 (k6xx-k9xx are IVRs, ring groups, queues, unassigned numbers), then k0600...
            number = f"{k}{i + 1:03d}" if i < 599 else f"{k}{i + 1:04d}"
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            user = f"{first.lower()}.{last.lower()}{i + 1}"
            mobile = self._number("mobile")[0]
            agent = i < n_agents
            contact = f"10.{k}.{i // 200 + 1}.{i % 200 + 10}:5060"
            added = self.t0 - 86400 * _between(rng, 30, 900)
            group = "agents" if agent else "staff"
            rows.append((ids.ext, k, number, user, first, last, f"{user}@{s.domain}", int(agent), _uuid(rng),
                         _uuid(rng), _ref(rng), _ref(rng), contact, mobile, added, group))  # fmt: skip
            self.numbers.append(number)
            self.busy.append(0)
            self.mobile_of[ids.ext] = mobile
            (self.agents if agent else self.users).append(ids.ext)
        self._insert("extensions", rows)

        self.trunks: list[int] = []
        for j in range(s.trunks):
            ids.trunk += 1
            self.trunks.append(ids.trunk)
            name = f"{s.domain.split('.')[0]}-sip{j + 1}"
            self._insert("trunks", [(ids.trunk, k, name, f"sip{j + 1}.carrier{k}.test")])

        self.queues: list[_Queue] = []
        per = self.agents_per_queue
        for j, name in enumerate(s.queues):
            ids.queue += 1
            members = self.agents[j * per : (j + 1) * per]
            others = [a for a in self.agents if a not in members]
            extra = sorted(rng.sample(others, min(len(others), per // 4)))
            q = _Queue(ids.queue, f"{k}8{j + 1:02d}", members + extra, (20, 30, 45, 60)[j % 4], (5, 8, 10)[j % 3],
                       (300, 420, 600)[j % 3], max(3, len(members) // 2 + 2), ((5, 30), (10, 60), (5, 45))[j % 3],
                       j % 3 != 2, j % 2 == 0)  # fmt: skip
            self.queues.append(q)
            self._insert("queues", [(q.id, k, q.number, name, q.sla, q.short, int(j % 2 == 0), q.max_wait,
                                     q.capacity, int(q.callback), int(q.survey))])  # fmt: skip
            self._insert("queue_members", [(q.id, a) for a in q.agents])

        self.ring_groups: list[_RingGroup] = []
        for j in range(s.ring_groups):
            ids.rg += 1
            size = max(_between(rng, 2, 4), ceil(self.rg_daily / 25))
            rg = _RingGroup(ids.rg, f"{k}7{j + 1:02d}", sorted(rng.sample(self.users, min(len(self.users), size))),
                            rng.choice((25, 30, 35)))  # fmt: skip
            self.ring_groups.append(rg)
            self._insert("ring_groups", [(rg.id, k, rg.number, ("Reception", "Front desk")[j % 2], rg.ring_sec)])
            self._insert("ring_group_members", [(rg.id, m) for m in rg.members])

        ids.ivr += 1
        self.ivr_id, self.ivr_number = ids.ivr, f"{k}601"
        self.ivr_routes: dict[str, tuple[str, Any]] = {"1": ("queue", self.queues[0]), "2": ("queue", self.queues[-1]),
                                                       "3": ("ring_group", self.ring_groups[0]),
                                                       "0": ("ext", self.users[0])}  # fmt: skip
        self._insert("ivrs", [(self.ivr_id, k, self.ivr_number, "Main menu")])

        self.dids: dict[str, list[tuple[str, int]]] = {}
        targets = [("ivr", self.ivr_id), *(("queue", q.id) for q in self.queues)]
        targets += [("ring_group", g.id) for g in self.ring_groups] + [("extension", u) for u in self.users]
        did_rows: list[tuple[Any, ...]] = []
        for j, (kind, target) in enumerate(targets):
            ids.did += 1
            number, trunk = f"+{s.country}{s.area}55{j:05d}", self.trunks[j % len(self.trunks)]
            did_rows.append((ids.did, k, number, trunk, kind, target))
            self.dids.setdefault(f"{kind}:{target}", []).append((number, trunk))
        self._insert("dids", did_rows)
        self.main_number = did_rows[0][2]

    # -- agent schedules ---------------------------------------------------------------------------------
    def build_schedules(self) -> None:
        """Login sessions and pauses of every agent inside the period; ready intervals are what is left."""
        rng, ids, zone = self.rng, self.ids, self.zone
        first = datetime.fromtimestamp(self.t0, zone).date() - timedelta(days=1)
        days = [
            first + timedelta(days=d) for d in range((datetime.fromtimestamp(self.t1, zone).date() - first).days + 1)
        ]
        sessions, pauses = self.sink.rows["agent_sessions"], self.sink.rows["agent_pauses"]
        for i, agent in enumerate(self.agents):
            ready: list[tuple[int, int]] = []
            login_at, length = SHIFTS[i % 2]
            for day in days:
                if rng.random() >= ATTENDANCE[day.weekday()]:
                    continue
                login = _local_epoch(day, login_at + _between(rng, -1200, 1200), zone)
                logout = login + length + _between(rng, -1200, 1200)
                if login < self.t0 or logout > self.t1:
                    continue
                ids.asess += 1
                sessions.append((ids.asess, self.tid, agent, login, logout))
                cursor = login
                for offset, dur, reason in self._pause_plan():
                    begin, end = login + offset, login + offset + dur
                    if begin < cursor + 60 or end > logout - 300:
                        continue
                    ids.pause += 1
                    pauses.append((ids.pause, self.tid, agent, ids.asess, begin, end, reason))
                    ready.append((cursor, begin))
                    cursor = end
                ready.append((cursor, logout))
            self.ready[agent] = ready
            self.ptr[agent] = 0

    def _pause_plan(self) -> list[tuple[int, int, str]]:
        """(offset from login, duration, reason) of the day's pauses, in time order."""
        r = self.rng
        plan = []
        if r.random() < 0.05:
            plan.append((_between(r, 2000, 4000), _between(r, 120, 600), PAUSE_REASONS[4]))
        plan.append((_between(r, 5400, 8400), _between(r, 300, 900), PAUSE_REASONS[1]))
        plan.append((_between(r, 12600, 15000), _between(r, 1800, 3600), PAUSE_REASONS[0]))
        if r.random() < 0.15:
            plan.append((_between(r, 19000, 20500), _between(r, 900, 1800), PAUSE_REASONS[2 + _below(r, 2)]))
        plan.append((_between(r, 22500, 25200), _between(r, 300, 900), PAUSE_REASONS[1]))
        return plan

    def _fit(self, agent: int, t: int, need: int, limit: int) -> int | None:
        """Earliest start in ``[t, limit]`` of a ``need``-second span inside one ready interval, agent not busy."""
        iv = self.ready[agent]
        j, n = self.ptr[agent], len(iv)
        while j < n and iv[j][1] <= t - 7200:  # entry times are nearly sorted; keep two hours of slack
            j += 1
        self.ptr[agent] = j
        x = max(t, self.busy[agent])
        while j < n:
            lo, hi = iv[j]
            x = max(x, lo)
            if x > limit:
                return None
            if x + need <= hi:
                return x
            j += 1
        return None

    # -- legs and sessions -------------------------------------------------------------------------------
    def _session(self, direction: str, caller: str, caller_ext: int | None, cdr: str, t: int) -> _Sess:
        self.ids.session += 1
        return _Sess(self.ids.session, self.ids.leg + 1, direction, caller, caller_ext, cdr, t, t)

    def _leg(self, s: _Sess, callee: str, callee_ext: int | None, times: tuple[int, int | None, int | None, int],
             kind: str, *, svc: tuple[str, int] | None = None, reason: str | None = None,
             reroute: str | None = None, caller: str | None = None, from_caller: bool = True, cdr: str | None = None,
             trunk: int | None = -1, ocid: str | None = None, prefix: str | None = None, cost: float = 0.0,
             cb: int | None = None) -> int:  # fmt: skip
        """Append one leg; caller, CDR direction, trunk and DID default to the session's."""
        self.ids.leg += 1
        started, rang, answered, ended = times
        o = LEG_OUTCOMES[kind]
        svc_type, svc_id = svc if svc else (None, None)
        caller_ext = s.caller_ext if from_caller else None
        self.sink.rows["legs"].append((
            self.ids.leg, s.id, self.tid, s.nlegs, cdr or s.cdr, caller or s.caller, caller_ext,
            callee, callee_ext, svc_type, svc_id, started, rang, answered, ended, reason or o.end_reason.value,
            reroute, o.status_code, o.hangup_cause, s.trunk if trunk == -1 else trunk, ocid, s.did, prefix, cost, cb,
        ))  # fmt: skip
        s.nlegs += 1
        if rang is not None and (s.rang is None or rang < s.rang):
            s.rang = rang
        s.ended = max(s.ended, ended)
        s.cost += cost
        return self.ids.leg

    def _finish(self, s: _Sess, scenario: Scenario) -> None:
        user_data = f'{{"ticket":"T-{s.id % 100000:05d}"}}' if s.id % 17 == 0 else None
        status = "UNANSWERED" if s.answered is None else "ANSWERED"
        self.sink.rows["sessions"].append((
            s.id, self.tid, scenario.value, s.direction, status, s.caller, s.caller_ext, s.callee, s.callee_ext,
            s.started, s.rang, s.answered, s.ended, s.first, s.nlegs, s.main, s.did, s.in_trunk, s.out_trunk,
            round(s.cost, 4), s.queue_id, s.rg_id, s.ivr_id, s.ivr_key, s.cb, user_data,
        ))  # fmt: skip

    def _talk(self) -> int:
        return min(5400, int(self.rng.lognormvariate(4.7, 0.85)) + 4)

    def _hangup_side(self) -> str:
        return EndReason.CALLER_DISCONNECTED if self.rng.random() < 0.5 else EndReason.CALLEE_DISCONNECTED

    def _inbound(self, t: int, key: str) -> _Sess:
        """A session from an external caller arriving on a DID routed to ``key`` (``queue:3``, ``ivr:1``)."""
        s = self._session(CallDirection.INBOUND, self._external()[0], None, INBOUND, t)
        options = self.dids[key]
        s.did, s.trunk = options[0] if len(options) == 1 else self.rng.choice(options)
        s.in_trunk = s.trunk
        return s

    def _pick(self, pool: list[int]) -> int:
        return pool[_below(self.rng, len(pool))]

    def _free_user(self, t: int) -> int:
        u = self._pick(self.users)
        return self._pick(self.users) if self.busy[u] > t else u

    # -- scenarios ---------------------------------------------------------------------------------------
    def run(self, arrivals: list[int], scenarios: list[Scenario]) -> None:
        handlers = {
            Scenario.OUTBOUND: self._outbound,
            Scenario.INTERNAL: self._internal,
            Scenario.INBOUND_DIRECT: self._inbound_direct,
            Scenario.INBOUND_QUEUE: self._inbound_queue,
            Scenario.INBOUND_IVR: self._inbound_ivr,
            Scenario.INBOUND_RING_GROUP: self._inbound_ring_group,
            Scenario.INTERNAL_QUEUE: self._internal_queue,
        }
        for t, scenario in zip(arrivals, scenarios, strict=True):
            s = handlers[scenario](t)
            self._finish(s, scenario)
            self.sink.maybe_flush()

    def _outbound(self, t: int) -> _Sess:
        ext = self._free_user(t) if self.rng.random() < 0.8 else self._pick(self.agents)
        s = self._session(CallDirection.OUTBOUND, self.numbers[ext], ext, OUTBOUND, t)
        number, prefix, rate = self._external()
        s.out_trunk = self._pick(self.trunks)
        self._dial_out(s, t, number, prefix, rate, s.out_trunk)
        return s

    def _dial_out(self, s: _Sess, t: int, number: str, prefix: str, rate: float, trunk: int, *, cdr: str = OUTBOUND,
                  caller: str | None = None, from_caller: bool = True, reroute: str | None = None) -> int:  # fmt: skip
        """A call out through a trunk: answered, no answer, busy, cancelled, invalid or congested."""
        rng = self.rng
        r = rng.random()
        kind = ("answered" if r < 0.64 else "no_answer" if r < 0.76 else "busy" if r < 0.84 else "cancel" if r < 0.92
                else "invalid" if r < 0.95 else "invalid_format" if r < 0.97 else "congestion")  # fmt: skip
        s.callee, s.callee_ext = number, None
        opts: dict[str, Any] = dict(caller=caller, from_caller=from_caller, cdr=cdr, trunk=trunk, prefix=prefix,
                                    reroute=reroute, ocid=caller or self.main_number)  # fmt: skip
        if kind == "answered":
            rang = t + _between(rng, 1, 4)
            answered = rang + _between(rng, 3, 25)
            talk = self._talk()
            ext = s.caller_ext if from_caller else None
            if ext is not None:
                self.busy[ext] = max(self.busy[ext], answered + talk)
            s.main = self._leg(s, number, None, (t, rang, answered, answered + talk), kind,
                               reason=self._hangup_side(), cost=round(rate * talk / 60, 4), **opts)  # fmt: skip
            s.answered = answered
        elif kind in ("no_answer", "cancel"):
            rang = t + _between(rng, 1, 4)
            end = rang + (_between(rng, 30, 45) if kind == "no_answer" else _between(rng, 2, 20))
            s.main = self._leg(s, number, None, (t, rang, None, end), kind, **opts)
        else:
            s.main = self._leg(s, number, None, (t, None, None, t + _between(rng, 1, 3)), kind, **opts)
        return s.main

    def _ring_ext(self, s: _Sess, t: int, ext: int, *, forward: bool, svc: tuple[str, int] | None = None,
                  caller: str | None = None, from_caller: bool = True, cdr: str | None = None) -> int:  # fmt: skip
        """Ring one extension; an unanswered inbound call may forward to the user's mobile (IN_TO_OUT)."""
        rng = self.rng
        s.callee, s.callee_ext = self.numbers[ext], ext
        r = rng.random()
        if self.busy[ext] > t:
            kind = "busy"
        else:
            kind = ("answered" if r < 0.70 else "no_answer" if r < 0.84 else "cancel" if r < 0.93 else
                    "not_available" if r < 0.97 else "absent" if r < 0.98 else "busy")  # fmt: skip
        opts: dict[str, Any] = dict(svc=svc, caller=caller, from_caller=from_caller, cdr=cdr)
        callee = self.numbers[ext]
        rang: int | None
        if kind == "answered":
            rang = t + _between(rng, 0, 1)
            answered = rang + _between(rng, 3, 20)
            end = answered + self._talk()
            self.busy[ext] = end
            if from_caller and s.caller_ext is not None:
                self.busy[s.caller_ext] = max(self.busy[s.caller_ext], end)
            s.main = self._leg(s, callee, ext, (t, rang, answered, end), kind, reason=self._hangup_side(), **opts)
            s.answered = answered
            return s.main
        if kind in ("no_answer", "cancel"):
            rang = t + _between(rng, 0, 1)
            end = rang + (_between(rng, 20, 35) if kind == "no_answer" else _between(rng, 2, 18))
        else:
            rang, end = None, t + _between(rng, 1, 3)
        reroute = {"no_answer": RerouteReason.FORWARDING_NO_ANSWER, "busy": RerouteReason.FORWARDING_BUSY,
                   "not_available": RerouteReason.FORWARDING_NOT_REACHABLE}.get(kind)  # fmt: skip
        if not (forward and reroute and rng.random() < 0.35):
            s.main = self._leg(s, callee, ext, (t, rang, None, end), kind, **opts)
            return s.main
        self._leg(s, callee, ext, (t, rang, None, end), kind, reason=EndReason.REDIRECTED, reroute=reroute, **opts)
        s.direction = CallDirection.IN_TO_OUT
        s.out_trunk = self._pick(self.trunks)
        mobile = self.mobile_of[ext]
        return self._dial_out(s, end, mobile, mobile[:-7], BILLING["mobile"][1], s.out_trunk, cdr=IN_OUT,
                              from_caller=False, reroute=reroute)  # fmt: skip

    def _internal(self, t: int) -> _Sess:
        ext = self._free_user(t)
        s = self._session(CallDirection.INTERNAL, self.numbers[ext], ext, LOCAL, t)
        if self.rng.random() < 0.03:  # a number outside the dial plan
            s.callee = f"{self.tid}9{10 + _below(self.rng, 89)}"
            s.main = self._leg(s, s.callee, None, (t, None, None, t + 1), "invalid")
            return s
        callee = self._pick(self.users if self.rng.random() < 0.8 else self.agents)
        if callee == ext:
            callee = self.users[(self.users.index(ext) + 1) % len(self.users)]
        self._ring_ext(s, t, callee, forward=False)
        return s

    def _inbound_direct(self, t: int) -> _Sess:
        ext = self._pick(self.users)
        s = self._inbound(t, f"extension:{ext}")
        self._ring_ext(s, t, ext, forward=True)
        return s

    def _inbound_queue(self, t: int) -> _Sess:
        q = self.queues[_below(self.rng, len(self.queues))]
        s = self._inbound(t, f"queue:{q.id}")
        self._queue_call(s, t, q)
        return s

    def _internal_queue(self, t: int) -> _Sess:
        q = self.queues[_below(self.rng, len(self.queues))]
        ext = self._free_user(t)
        s = self._session(CallDirection.INTERNAL, self.numbers[ext], ext, LOCAL, t)
        self._queue_call(s, t, q)
        return s

    def _inbound_ring_group(self, t: int) -> _Sess:
        rg = self.ring_groups[_below(self.rng, len(self.ring_groups))]
        s = self._inbound(t, f"ring_group:{rg.id}")
        self._ring_group(s, t, rg)
        return s

    def _inbound_ivr(self, t: int) -> _Sess:
        rng = self.rng
        s = self._inbound(t, f"ivr:{self.ivr_id}")
        r = rng.random()
        key = ("1" if r < 0.40 else "2" if r < 0.65 else "3" if r < 0.77 else "0" if r < 0.87 else "timeout"
               if r < 0.93 else "hangup")  # fmt: skip
        s.ivr_id, s.ivr_key, s.callee = self.ivr_id, key, self.ivr_number
        end = t + 1 + _between(rng, 4, 25)
        route = self.ivr_routes.get(key)
        reason = (EndReason.REDIRECTED if route else
                  EndReason.CALLEE_DISCONNECTED if key == "timeout" else EndReason.CALLER_DISCONNECTED)  # fmt: skip
        s.main = self._leg(s, self.ivr_number, None, (t, t, t + 1, end), "answered", svc=("IVR", self.ivr_id),
                           reason=reason)  # fmt: skip
        if route is not None:
            kind, target = route
            if kind == "queue":
                self._queue_call(s, end, target)
            elif kind == "ring_group":
                self._ring_group(s, end, target)
            else:
                self._ring_ext(s, end, target, forward=False)
        return s

    def _ring_group(self, s: _Sess, t: int, rg: _RingGroup) -> None:
        """Ring all idle members (at most three); busy members answer USER_BUSY."""
        rng = self.rng
        s.rg_id, s.callee = rg.id, rg.number
        svc = ("RING_GROUP", rg.id)
        start = t + 1
        free = [m for m in rg.members if self.busy[m] <= start]
        busy = [m for m in rg.members if self.busy[m] > start]
        if len(free) > 3:
            free = sorted(rng.sample(free, 3))
        for m in busy[:2] if free else busy[:3]:
            self._leg(s, self.numbers[m], m, (start, None, None, start + 1), "busy", svc=svc)
        if free and rng.random() < 0.78:
            winner = free[_below(rng, len(free))]
            answered = start + _between(rng, 3, min(rg.ring_sec, 25))
            end = answered + self._talk()
            self.busy[winner] = end
            for m in free:
                if m == winner:
                    s.main = self._leg(s, self.numbers[m], m, (start, start, answered, end), "answered", svc=svc,
                                       reason=self._hangup_side())  # fmt: skip
                else:
                    self._leg(s, self.numbers[m], m, (start, start, None, answered), "lose_race", svc=svc)
            self._leg(s, rg.number, None, (t, start, answered, end), "answered", svc=svc, reason=EndReason.REPLACED)
            s.answered, s.callee, s.callee_ext = answered, self.numbers[winner], winner
            return
        cancel = rng.random() < 0.35
        end = start + (_between(rng, 3, rg.ring_sec - 1) if cancel else rg.ring_sec)
        kind = "cancel" if cancel else "no_answer"
        for m in free:
            self._leg(s, self.numbers[m], m, (start, start, None, end), kind, svc=svc)
        s.main = self._leg(s, rg.number, None, (t, start, None, end), kind, svc=svc)

    def _queue_call(self, s: _Sess, t: int, q: _Queue) -> None:
        """One queue entry with its agent attempts and, for a callback request, the call back."""
        rng, ids = self.rng, self.ids
        s.queue_id, s.callee = q.id, q.number
        svc = ("QUEUE", q.id)
        ids.qcall += 1
        qcid = ids.qcall
        waiting = q.waiting
        while waiting and waiting[0] <= t:
            heapq.heappop(waiting)
        if len(waiting) >= q.capacity:
            s.main = self._leg(s, q.number, None, (t, None, None, t + 1), "busy", svc=svc,
                               reason=EndReason.REDIRECTED, reroute=RerouteReason.CAPACITY_BLOCKED)  # fmt: skip
            self.sink.rows["queue_calls"].append((qcid, self.tid, q.id, s.id, s.main, s.caller, t, t + 1, t + 1,
                                                  QueueOutcome.FULL.value, 0, None, 0, None, 0, 0, 0, None, None, None,
                                                  None))  # fmt: skip
            return
        patience = _between(rng, 1, 12) if rng.random() < 0.12 else 10 + int(rng.expovariate(1 / 110))
        earliest = t + _between(rng, 2, 6)
        give_up = t + min(patience, q.max_wait)
        agents, n = q.agents, len(q.agents)
        attempts: list[tuple[int, int, int, bool]] = []
        missed = None
        if rng.random() < 0.22 and n > 1:  # a first agent lets it ring out
            m = agents[_below(rng, n)]
            ring = _between(rng, 12, 20)
            x = self._fit(m, earliest, ring, earliest)
            if x is not None and x < give_up:
                ring = min(ring, give_up - x)
                attempts.append((m, x, ring, False))
                self.busy[m] = max(self.busy[m], x + ring)
                earliest, missed = x + ring, m
        ring, talk, wrap = _between(rng, 2, 14), self._talk(), _between(rng, *q.wrap)
        best, best_x = None, 0
        r0 = _below(rng, n)
        for i in range(min(n, 6)):  # offer to up to six members, starting at a random one
            a = agents[(r0 + i) % n]
            x = None if a == missed else self._fit(a, earliest, ring + talk + wrap, give_up - ring)
            if x is not None and (best is None or x < best_x):
                best, best_x = a, x
        qleg = ids.leg + 1
        qrows = self.sink.rows["queue_calls"]
        if best is not None:
            answered = best_x + ring
            end = answered + talk
            self.busy[best] = end + wrap
            attempts.append((best, best_x, ring, True))
            heapq.heappush(waiting, answered)
            hold = _between(rng, 5, talk // 3) if talk > 30 and rng.random() < 0.25 else 0
            score = rng.choices((1, 2, 3, 4, 5), (5, 7, 15, 35, 38))[0] if q.survey and rng.random() < 0.4 else None
            self._leg(s, q.number, None, (t, t, answered, end), "answered", svc=svc, reason=EndReason.REPLACED)
            self._attempt_legs(s, qcid, q, t, attempts, end)
            s.answered, s.callee, s.callee_ext = answered, self.numbers[best], best
            qrows.append((qcid, self.tid, q.id, s.id, qleg, s.caller, t, answered, end, QueueOutcome.ANSWERED.value,
                          answered - t, best, ring, answered, talk, hold, wrap, None, None, None, score))  # fmt: skip
            return
        if patience < q.max_wait:
            leave = t + patience
            callback = q.callback and patience >= 20 and rng.random() < 0.3
            outcome = QueueOutcome.CALLBACK if callback else QueueOutcome.ABANDONED
        else:
            leave, outcome = t + q.max_wait, QueueOutcome.EXIT
        heapq.heappush(waiting, leave)
        cb = cb_result = cb_at = None
        if outcome is QueueOutcome.CALLBACK:
            ids.callback += 1
            cb = s.cb = CALLBACK_ID_BASE + ids.callback
        if outcome is QueueOutcome.EXIT:
            s.main = self._leg(s, q.number, None, (t, t, None, leave), "timeout", svc=svc, reason=EndReason.REDIRECTED,
                               reroute=RerouteReason.QUEUE_EXIT)  # fmt: skip
        else:
            s.main = self._leg(s, q.number, None, (t, t, None, leave), "cancel", svc=svc,
                               reason=EndReason.CALLER_DISCONNECTED, cb=cb)  # fmt: skip
        self._attempt_legs(s, qcid, q, t, attempts, leave)
        if cb is not None:
            cb_at = leave + _between(rng, 60, 1200)
            self._call_back(s, cb_at, q, cb)
            cb_result = "OK" if s.answered is not None else "FAIL"
        qrows.append((qcid, self.tid, q.id, s.id, qleg, s.caller, t, leave, leave, outcome.value, leave - t, None, 0,
                      None, 0, 0, 0, cb, cb_result, cb_at, None))  # fmt: skip

    def _call_back(self, s: _Sess, t: int, q: _Queue, cb: int) -> None:
        """The queue calls the caller back (through a trunk, or to the extension for an internal caller)."""
        if s.caller_ext is None:
            s.out_trunk = self._pick(self.trunks)
            lid = self._dial_out(s, t, s.caller, s.caller[:-7], BILLING["national"][1], s.out_trunk, caller=q.number,
                                 from_caller=False, reroute=RerouteReason.REDIRECT)  # fmt: skip
        else:
            lid = self._ring_ext(s, t, s.caller_ext, forward=False, caller=q.number, from_caller=False, cdr=LOCAL)
        legs = self.sink.rows["legs"]
        assert legs[-1][0] == lid
        legs[-1] = (*legs[-1][:-1], cb)
        s.callee, s.callee_ext = s.caller, s.caller_ext

    def _attempt_legs(self, s: _Sess, qcid: int, q: _Queue, t: int, attempts: list[tuple[int, int, int, bool]],
                      end: int) -> None:  # fmt: skip
        """Legs of the queue ringing agents (the caller side is the queue, so no caller extension)."""
        rows = self.sink.rows["queue_attempts"]
        svc = ("QUEUE", q.id)
        for agent, rang, ring, answered in attempts:
            self.ids.attempt += 1
            callee = self.numbers[agent]
            if answered:
                lid = s.main = self._leg(s, callee, agent, (rang, rang, rang + ring, end), "answered", svc=svc,
                                         from_caller=False, reason=self._hangup_side())  # fmt: skip
            else:
                lid = self._leg(s, callee, agent, (rang, rang, None, min(rang + ring, end)), "no_answer", svc=svc,
                                from_caller=False)  # fmt: skip
            rows.append((self.ids.attempt, qcid, q.id, agent, t, rang, ring, int(answered), lid))


def _arrivals(rng: random.Random, zone: ZoneInfo, count: int, t0: int, days: int) -> list[int]:
    """``count`` session start times over the period, weighted by local hour of day and weekday."""
    weights = []
    for h in range(days * 24):
        local = datetime.fromtimestamp(t0 + h * 3600, zone)
        weights.append(HOUR_WEIGHTS[local.hour] * WEEKDAY_FACTOR[local.weekday()])
    picks = rng.choices(range(len(weights)), cum_weights=list(accumulate(weights)), k=count)
    rnd = rng.random
    return sorted(t0 + p * 3600 + int(rnd() * 3600) for p in picks)


def generate(store: Store, calls: int = 2000, seed: int = 1, start: datetime = DEFAULT_START, days: int = 14,
             tenants: Sequence[TenantSpec] = TENANTS,
             mix: Sequence[tuple[Scenario, float]] = DEFAULT_MIX) -> dict[str, Any]:  # fmt: skip
    """Fill an empty store with ``calls`` sessions over ``days`` days from ``start``; returns the catalogue."""
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    if calls < 0 or days < 1 or not tenants:
        raise ValueError("need calls >= 0, days >= 1 and at least one tenant")
    if store.scalar("SELECT COUNT(*) FROM tenants"):
        raise ValueError("the store already holds generated data")
    rng = random.Random(seed)
    t0 = int(start.timestamp())
    kinds = [scenario for scenario, _ in mix]
    cum = list(accumulate(w for _, w in mix))
    ids = _Ids()
    numbers, busy = [""], [0]
    with store.bulk_load() as db:
        sink = _Sink(store, db)
        shares = _largest_remainder(calls, [t.weight for t in tenants])
        for k, (spec, count) in enumerate(zip(tenants, shares, strict=True), start=1):
            tenant = _Tenant(rng, k, spec, count, t0, days, ids, sink, numbers, busy)
            tenant.build_schedules()
            arrivals = _arrivals(rng, tenant.zone, count, t0, days)
            tenant.run(arrivals, rng.choices(kinds, cum_weights=cum, k=count))
        sink.flush()
        _seed_reports(db, rng, t0, days)
    store.set_meta("generation", {"version": GENERATOR_VERSION, "calls": calls, "seed": seed, "start": t0,
                                  "end": t0 + days * 86400, "days": days})  # fmt: skip
    return store.catalogue()


def _seed_reports(db: Any, rng: random.Random, t0: int, days: int) -> None:
    """A few report jobs, logs and call reports so the list endpoints have something to list."""
    jobs = (("QUEUESUMMARY", "CSV", "Daily queue summary", "1 0 * * *"),
            ("CALLLOGS", "HTML", "Weekly call logs", "2 1 * * 2"),
            ("AGENTSUMMARYACTIVITY", "CSV", "Monthly agents", "3 2 1 * *"))  # fmt: skip
    for i, (kind, fmt, name, cron) in enumerate(jobs, start=1):
        created = t0 + i * 3600
        db.execute("INSERT INTO report_jobs (type, format, schedule_name, create_time, cron_expr, active, time_zone,"
                   " recipients, last_run_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (kind, fmt, name, created, cron, int(i != 3), "America/New_York", f"reports{i}@acme.pbx.test",
                    created + 86400))  # fmt: skip
        for j in range(min(days, 2)):
            begin = t0 + j * 86400
            file = f"{kind.lower()}-{j + 1}.{fmt.lower()}"
            db.execute(
                "INSERT INTO report_logs (report_id, schedule_name, report_name, type, format, file_url,"
                " create_time, finish_time, recipients, start_time, end_time) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    i,
                    name,
                    file,
                    kind,
                    fmt,
                    f"/reports/{file}",
                    begin + 86460,
                    begin + 86460 + _between(rng, 5, 120),
                    f"reports{i}@acme.pbx.test",
                    begin,
                    begin + 86400,
                ),
            )
    for i, (kind, span) in enumerate((("QUEUE_PERFORMANCE", "YESTERDAY"), ("NORMAL", "LAST_SEVEN_DAYS")), 1):
        db.execute("INSERT INTO call_reports (name, type, email, format, range, cron_expr, status)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (f"Report {i}", kind, '["ops@acme.pbx.test"]', "CSV", span, "0 6 * * *", "SCHEDULED"))  # fmt: skip
        db.execute("INSERT INTO completed_call_reports (call_report_id, name, type, format, completed_at, file_name,"
                   " file_size, file_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (i, f"Report {i}", kind, "CSV", t0 + 86400 + 6 * 3600, f"report-{i}.csv",
                    _between(rng, 900, 90000), f"/call_reports/report-{i}.csv"))  # fmt: skip
