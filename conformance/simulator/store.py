"""The simulator's call store: one SQLite database holding directory, call records, aggregates and report jobs.

Threading: every thread gets its own connection (``Store.conn()``), so reads run side by side. An in-memory
store is a named shared-cache memory database that a keeper connection holds open. The call records are
written once (by the generator, through ``bulk_load``) and only read afterwards; the report-job tables are
the only ones written while serving, and every read or write of them goes through ``Store.lock``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from conformance.simulator.model import HANGUP_BUCKETS, TELECOMX_INBOUND, TELECOMX_OUTBOUND, YEASTAR_RESULT

# Aggregate slot widths (seconds) of the per-tenant call counts; see ``queries/buckets.py``.
AGG_SLOTS: tuple[int, ...] = (3600, 900)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tenants (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, domain TEXT NOT NULL, tz TEXT NOT NULL, vendor TEXT NOT NULL,
    uuid TEXT NOT NULL, ref TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS extensions (
    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, number TEXT NOT NULL, username TEXT NOT NULL,
    first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT NOT NULL, is_agent INTEGER NOT NULL,
    user_uuid TEXT NOT NULL, extension_uuid TEXT NOT NULL, employee_ref TEXT NOT NULL, extension_ref TEXT NOT NULL,
    contact TEXT NOT NULL, mobile TEXT NOT NULL, add_date INTEGER NOT NULL, group_name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS queues (
    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, number TEXT NOT NULL, name TEXT NOT NULL,
    sla_sec INTEGER NOT NULL, short_abandon_sec INTEGER NOT NULL, exclude_short_abandon INTEGER NOT NULL,
    max_wait_sec INTEGER NOT NULL, capacity INTEGER NOT NULL, callback_enabled INTEGER NOT NULL,
    survey_enabled INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS queue_members (
    queue_id INTEGER NOT NULL, extension_id INTEGER NOT NULL, PRIMARY KEY (queue_id, extension_id));
CREATE TABLE IF NOT EXISTS ring_groups (
    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, number TEXT NOT NULL, name TEXT NOT NULL,
    ring_sec INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ring_group_members (
    ring_group_id INTEGER NOT NULL, extension_id INTEGER NOT NULL, PRIMARY KEY (ring_group_id, extension_id));
CREATE TABLE IF NOT EXISTS ivrs (
    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, number TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS trunks (
    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, name TEXT NOT NULL, host TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dids (
    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, number TEXT NOT NULL, trunk_id INTEGER NOT NULL,
    target_type TEXT NOT NULL, target_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outcome_buckets (
    hangup_cause TEXT PRIMARY KEY, fusion TEXT NOT NULL, tx_out TEXT NOT NULL, tx_in TEXT NOT NULL,
    yeastar TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, scenario TEXT NOT NULL, direction TEXT NOT NULL,
    status TEXT NOT NULL, caller TEXT NOT NULL, caller_ext INTEGER, callee TEXT NOT NULL, callee_ext INTEGER,
    started_at INTEGER NOT NULL, rang_at INTEGER, answered_at INTEGER, ended_at INTEGER NOT NULL,
    first_leg INTEGER NOT NULL, leg_count INTEGER NOT NULL, main_leg INTEGER NOT NULL, did TEXT,
    inbound_trunk INTEGER, outbound_trunk INTEGER, cost REAL NOT NULL, queue_id INTEGER, ring_group_id INTEGER,
    ivr_id INTEGER, ivr_key TEXT, callback_id INTEGER, user_data TEXT);
CREATE TABLE IF NOT EXISTS legs (
    id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL, tenant_id INTEGER NOT NULL, seq INTEGER NOT NULL,
    direction TEXT NOT NULL, caller TEXT NOT NULL, caller_ext INTEGER, callee TEXT NOT NULL, callee_ext INTEGER,
    service_type TEXT, service_id INTEGER, started_at INTEGER NOT NULL, rang_at INTEGER, answered_at INTEGER,
    ended_at INTEGER NOT NULL, end_reason TEXT NOT NULL, reroute_reason TEXT, status_code INTEGER NOT NULL,
    hangup_cause TEXT NOT NULL, trunk_id INTEGER, outbound_caller_id TEXT, did TEXT, billing_prefix TEXT,
    cost REAL NOT NULL, callback_id INTEGER);
CREATE TABLE IF NOT EXISTS queue_calls (
    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, queue_id INTEGER NOT NULL, session_id INTEGER NOT NULL,
    leg_id INTEGER NOT NULL, caller TEXT NOT NULL, entered_at INTEGER NOT NULL, left_at INTEGER NOT NULL,
    ended_at INTEGER NOT NULL, outcome TEXT NOT NULL, wait_sec INTEGER NOT NULL, agent_ext INTEGER,
    ring_sec INTEGER NOT NULL, answered_at INTEGER, talk_sec INTEGER NOT NULL, hold_sec INTEGER NOT NULL,
    wrap_sec INTEGER NOT NULL, callback_id INTEGER, cb_result TEXT, cb_at INTEGER, satisfaction INTEGER);
CREATE TABLE IF NOT EXISTS queue_attempts (
    id INTEGER PRIMARY KEY, queue_call_id INTEGER NOT NULL, queue_id INTEGER NOT NULL, agent_ext INTEGER NOT NULL,
    entered_at INTEGER NOT NULL, rang_at INTEGER NOT NULL, ring_sec INTEGER NOT NULL, answered INTEGER NOT NULL,
    leg_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS agent_sessions (
    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, agent_ext INTEGER NOT NULL, login_at INTEGER NOT NULL,
    logout_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS agent_pauses (
    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, agent_ext INTEGER NOT NULL,
    agent_session_id INTEGER NOT NULL, start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, reason TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS report_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, format TEXT NOT NULL, schedule_name TEXT NOT NULL,
    create_time INTEGER NOT NULL, start_time TEXT, end_time TEXT, cron_expr TEXT, active INTEGER NOT NULL,
    time_zone TEXT, recipients TEXT, last_run_time INTEGER, params TEXT);
CREATE TABLE IF NOT EXISTS report_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, report_id INTEGER NOT NULL, schedule_name TEXT NOT NULL,
    report_name TEXT NOT NULL, type TEXT NOT NULL, format TEXT NOT NULL, file_url TEXT NOT NULL,
    create_time INTEGER NOT NULL, finish_time INTEGER, recipients TEXT, start_time INTEGER NOT NULL,
    end_time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS call_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, type TEXT NOT NULL, email TEXT, format TEXT NOT NULL,
    range TEXT NOT NULL, started_at INTEGER, ended_at INTEGER, cron_expr TEXT, filter TEXT, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS completed_call_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT, call_report_id INTEGER, name TEXT NOT NULL, type TEXT NOT NULL,
    format TEXT NOT NULL, completed_at INTEGER NOT NULL, file_name TEXT NOT NULL, file_size INTEGER NOT NULL,
    file_url TEXT NOT NULL);
"""

AGG_DDL = """
CREATE TABLE IF NOT EXISTS calls_agg_{slot} (
    slot INTEGER NOT NULL, tenant_id INTEGER NOT NULL, total INTEGER NOT NULL, answered INTEGER NOT NULL,
    unanswered INTEGER NOT NULL, PRIMARY KEY (slot, tenant_id)) WITHOUT ROWID;
"""

# Built after the bulk load (building them during inserts is several times slower).
INDEXES: tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS sessions_time ON sessions (started_at, tenant_id, status)",
    "CREATE INDEX IF NOT EXISTS legs_caller_ext ON legs (caller_ext, started_at) WHERE caller_ext IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS legs_callee_ext ON legs (callee_ext, started_at) WHERE callee_ext IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS legs_time ON legs (started_at)",
    "CREATE INDEX IF NOT EXISTS queue_calls_queue ON queue_calls"
    " (queue_id, entered_at, outcome, wait_sec, talk_sec, wrap_sec, cb_result)",
    "CREATE INDEX IF NOT EXISTS queue_calls_agent ON queue_calls (agent_ext, answered_at) WHERE agent_ext IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS queue_attempts_agent ON queue_attempts (agent_ext, queue_id, entered_at)",
    "CREATE INDEX IF NOT EXISTS agent_sessions_agent ON agent_sessions (agent_ext, login_at)",
    "CREATE INDEX IF NOT EXISTS agent_pauses_agent ON agent_pauses (agent_ext, start_at)",
    "CREATE INDEX IF NOT EXISTS extensions_number ON extensions (number)",
    "CREATE INDEX IF NOT EXISTS queues_number ON queues (number)",
)

WRITABLE_TABLES = ("report_jobs", "report_logs", "call_reports", "completed_call_reports")


class Store:
    """One call store. ``Store()`` is a private in-memory database; ``Store(path)`` a database file."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        if str(path) == ":memory:":
            self.uri = f"file:pbxsim-{uuid.uuid4().hex}?mode=memory&cache=shared"
        else:
            self.uri = Path(path).resolve().as_uri()
        self.path = str(path)
        self.lock = threading.RLock()
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._keeper = self.conn()
        with self.lock:
            self._keeper.executescript(SCHEMA + "".join(AGG_DDL.format(slot=s) for s in AGG_SLOTS))
            self._fill_outcome_buckets()

    # -- connections -------------------------------------------------------------------------------------
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (created on first use)."""
        connection: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if connection is None:
            connection = sqlite3.connect(self.uri, uri=True, check_same_thread=False, isolation_level=None)
            connection.execute("PRAGMA busy_timeout = 5000")
            self._local.conn = connection
            with self.lock:
                self._all.append(connection)
        return connection

    def close(self) -> None:
        with self.lock:
            for connection in self._all:
                connection.close()
            self._all.clear()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn().execute(sql, params).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.conn().execute(sql, params).fetchone()
        return None if row is None else row[0]

    # -- bulk load ---------------------------------------------------------------------------------------
    @contextmanager
    def bulk_load(self) -> Iterator[sqlite3.Connection]:
        """Fast unlogged load of call records; indexes and aggregates are rebuilt at the end."""
        db = self._keeper
        with self.lock:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("PRAGMA cache_size = -1000000")
            db.execute("PRAGMA temp_store = MEMORY")
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"):
                db.execute(f"DROP INDEX {name}")
            db.execute("BEGIN")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            for statement in INDEXES:
                db.execute(statement)
            self.rebuild_aggregates()
            db.execute("ANALYZE")
            db.execute("PRAGMA journal_mode = " + ("MEMORY" if "mode=memory" in self.uri else "WAL"))
            db.execute("PRAGMA synchronous = NORMAL")

    def rebuild_aggregates(self) -> None:
        """Per-tenant session counts per aggregate slot, recomputed from ``sessions``."""
        db = self._keeper
        for slot in AGG_SLOTS:
            db.execute(f"DELETE FROM calls_agg_{slot}")
            db.execute(
                f"INSERT INTO calls_agg_{slot} SELECT started_at / {slot} * {slot}, tenant_id, COUNT(*),"
                " SUM(status = 'ANSWERED'), SUM(status = 'UNANSWERED') FROM sessions GROUP BY 1, 2"
            )

    def insert_many(self, db: sqlite3.Connection, table: str, rows: Iterable[Sequence[Any]], width: int) -> None:
        db.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * width)})", rows)

    def _fill_outcome_buckets(self) -> None:
        rows = [
            (cause, bucket.value, TELECOMX_OUTBOUND[bucket], TELECOMX_INBOUND[bucket], YEASTAR_RESULT[bucket])
            for cause, bucket in HANGUP_BUCKETS.items()
        ]
        self._keeper.executemany("INSERT OR REPLACE INTO outcome_buckets VALUES (?, ?, ?, ?, ?)", rows)

    # -- metadata ----------------------------------------------------------------------------------------
    def set_meta(self, key: str, value: Any) -> None:
        with self.lock:
            self._keeper.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    def meta(self, key: str, default: Any = None) -> Any:
        raw = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return default if raw is None else json.loads(raw)

    def counts(self) -> dict[str, int]:
        """Row count of every record table."""
        tables = ("sessions", "legs", "queue_calls", "queue_attempts", "agent_sessions", "agent_pauses")
        return {t: int(self.scalar(f"SELECT COUNT(*) FROM {t}")) for t in tables}

    def catalogue(self) -> dict[str, Any]:
        """What exists: the generated period and, per tenant, its directory and busiest local day.

        ``{generation, window: {start, end}, tenants: [{id, name, domain, tz, vendor, uuid, ref, extensions,
        agents, users, queues, ring_groups, ivrs, trunks, dids, busiest_day: {start, end, calls}}]}``.
        """
        gen = self.meta("generation", {})
        window = None
        if gen:
            window = {"start": _iso(gen["start"], UTC), "end": _iso(gen["end"], UTC)}
        tenants = [self._tenant_catalogue(*row) for row in self.query("SELECT * FROM tenants ORDER BY id")]
        return {"generation": gen, "window": window, "tenants": tenants}

    def _rows(self, sql: str, params: Sequence[Any], keys: str) -> list[dict[str, Any]]:
        names = keys.split()
        return [dict(zip(names, row, strict=True)) for row in self.query(sql, params)]

    def _tenant_catalogue(self, tid: int, name: str, domain: str, tz: str, vendor: str, tuuid: str,
                          ref: str) -> dict[str, Any]:  # fmt: skip
        exts = self._rows(
            "SELECT id, number, username, first_name || ' ' || last_name, is_agent, user_uuid, extension_uuid,"
            " employee_ref, extension_ref FROM extensions WHERE tenant_id = ? ORDER BY id", (tid,),
            "id number username name is_agent user_uuid extension_uuid employee_ref extension_ref")  # fmt: skip
        number_of = {e["id"]: e["number"] for e in exts}
        queues = self._rows(
            "SELECT id, number, name, sla_sec, short_abandon_sec, exclude_short_abandon FROM queues"
            " WHERE tenant_id = ? ORDER BY id",
            (tid,),
            "id number name sla_sec short_abandon_sec exclude_short_abandon",
        )
        for q in queues:
            q["exclude_short_abandon"] = bool(q["exclude_short_abandon"])
            members = self.query("SELECT extension_id FROM queue_members WHERE queue_id = ? ORDER BY 1", (q["id"],))
            q["agents"] = [number_of[m] for (m,) in members]
        groups = self._rows("SELECT id, number, name FROM ring_groups WHERE tenant_id = ? ORDER BY id", (tid,),
                            "id number name")  # fmt: skip
        for g in groups:
            members = self.query(
                "SELECT extension_id FROM ring_group_members WHERE ring_group_id = ? ORDER BY 1", (g["id"],)
            )
            g["members"] = [number_of[m] for (m,) in members]
        for e in exts:
            e["is_agent"] = bool(e["is_agent"])
        return {
            "id": tid, "name": name, "domain": domain, "tz": tz, "vendor": vendor, "uuid": tuuid, "ref": ref,
            "extensions": exts, "agents": [e["number"] for e in exts if e["is_agent"]],
            "users": [e["number"] for e in exts if not e["is_agent"]], "queues": queues, "ring_groups": groups,
            "ivrs": self._rows("SELECT id, number, name FROM ivrs WHERE tenant_id = ? ORDER BY id", (tid,),
                               "id number name"),
            "trunks": self._rows("SELECT id, name, host FROM trunks WHERE tenant_id = ? ORDER BY id", (tid,),
                                 "id name host"),
            "dids": self._rows("SELECT id, number, trunk_id, target_type, target_id FROM dids WHERE tenant_id = ?"
                               " ORDER BY id", (tid,), "id number trunk_id target_type target_id"),
            "busiest_day": self._busiest_day(tid, ZoneInfo(tz)),
        }  # fmt: skip

    def _busiest_day(self, tenant_id: int, zone: ZoneInfo) -> dict[str, Any] | None:
        """The tenant's local calendar day with the most sessions (a window known to contain calls)."""
        per_day: dict[date, int] = {}
        for slot, total in self.query("SELECT slot, total FROM calls_agg_3600 WHERE tenant_id = ?", (tenant_id,)):
            day = datetime.fromtimestamp(slot, zone).date()
            per_day[day] = per_day.get(day, 0) + total
        if not per_day:
            return None
        best = max(sorted(per_day), key=lambda d: per_day[d])
        lo = datetime.combine(best, time(), zone)
        hi = datetime.combine(best + timedelta(days=1), time(), zone)
        return {"start": lo.isoformat(), "end": hi.isoformat(), "calls": per_day[best]}


def _iso(epoch: int, tz: Any) -> str:
    return datetime.fromtimestamp(epoch, tz).isoformat()
