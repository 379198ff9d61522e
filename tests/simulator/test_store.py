"""The call store: schema, isolation, persistence, threads, aggregates, catalogue, report-job CRUD."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conformance.simulator import NotFound, Store, Window, generate
from conformance.simulator.store import AGG_SLOTS
from conformance.vendors.portsip.simulator.queries import calls as portsip_calls
from conformance.vendors.portsip.simulator.queries import report_jobs as crud
from tests.simulator import START, small_store


def test_memory_stores_are_isolated():
    a, b = Store(), Store()
    crud.create(a, "report_jobs", {"type": "CALLLOGS", "format": "CSV", "schedule_name": "only in a", "active": 1})
    assert crud.list_rows(a, "report_jobs")["count"] == 1
    assert crud.list_rows(b, "report_jobs")["count"] == 0


def test_file_store_persists(tmp_path: Path):
    path = tmp_path / "sim.sqlite"
    with Store(path) as store:
        generate(store, calls=50, seed=3, start=START, days=2)
        before = store.counts()
    with Store(path) as again:
        assert again.counts() == before
        assert again.catalogue()["generation"]["calls"] == 50


def test_each_thread_reads_through_its_own_connection():
    store, _ = small_store()
    window = Window(store.meta("generation")["start"], store.meta("generation")["end"], UTC)
    expected = portsip_calls.call_history(store, window, top=5)
    connections = []
    lock = threading.Lock()
    together = threading.Barrier(4, timeout=30)  # four threads at once, however busy the machine

    def read(_: int) -> dict:
        together.wait()
        with lock:
            connections.append(store.conn())
        return portsip_calls.call_history(store, window, top=5)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(read, range(4)))
    assert all(r == expected for r in results)
    assert len({id(c) for c in connections}) == 4


def test_concurrent_writes_and_reads_of_report_jobs():
    store = Store()

    def work(i: int) -> int:
        row = crud.create(store, "report_jobs", {"type": "QUEUESUMMARY", "format": "CSV", "schedule_name": f"job {i}",
                                                  "active": 1})  # fmt: skip
        crud.update(store, "report_jobs", row["id"], {"active": 0})
        return crud.list_rows(store, "report_jobs")["count"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(work, range(20)))
    listed = crud.list_rows(store, "report_jobs", top=100)
    assert listed["count"] == 20 and all(item["active"] == 0 for item in listed["items"])


def test_aggregates_equal_raw_counts():
    store, _ = small_store()
    sql = "SELECT started_at / 900 * 900, tenant_id, COUNT(*), SUM(status = 'ANSWERED') FROM sessions GROUP BY 1, 2"
    raw = {(s, t): (n, a) for s, t, n, a in store.query(sql)}
    for slot in AGG_SLOTS:
        agg = store.query(f"SELECT slot, tenant_id, total, answered FROM calls_agg_{slot}")
        assert sum(r[2] for r in agg) == sum(n for n, _ in raw.values())
        for s, t, n, a in agg:
            inside = [v for (q, tid), v in raw.items() if tid == t and s <= q < s + slot]
            assert (n, a) == (sum(v[0] for v in inside), sum(v[1] for v in inside))


def test_calls_timeseries_reads_the_aggregates():
    """A tampered aggregate shows in the timeseries: the fast path really uses it."""
    store = Store()
    generate(store, calls=300, seed=5, start=START, days=3)
    window = Window.of(START, START + timedelta(days=3))
    before = sum(p["total"] for p in portsip_calls.calls_timeseries(store, window, "DAY"))
    assert before == 300
    with store.lock:
        store.conn().execute("UPDATE calls_agg_3600 SET total = total + 1")
    after = sum(p["total"] for p in portsip_calls.calls_timeseries(store, window, "DAY"))
    assert after > before


def test_catalogue_describes_the_directory():
    store, catalogue = small_store()
    tenants = catalogue["tenants"]
    zones = {t["tz"] for t in tenants}
    assert {"America/New_York", "Asia/Ho_Chi_Minh"} <= zones
    for tenant in tenants:
        assert tenant["queues"] and tenant["agents"] and tenant["users"] and tenant["trunks"] and tenant["dids"]
        assert tenant["ivrs"] and tenant["ring_groups"]
        assert all(set(q["agents"]) <= set(tenant["agents"]) for q in tenant["queues"])
        day = tenant["busiest_day"]
        window = Window.of(datetime.fromisoformat(day["start"]), datetime.fromisoformat(day["end"]))
        found = store.scalar("SELECT COUNT(*) FROM sessions WHERE tenant_id = ? AND started_at >= ? AND started_at < ?",
                             (tenant["id"], window.start, window.end))  # fmt: skip
        assert found == day["calls"] > 0
    assert catalogue["window"]["start"] == START.isoformat()


def test_report_job_lifecycle():
    store = Store()
    row = crud.create(store, "report_jobs", {"type": "CALLLOGS", "format": "HTML", "schedule_name": "weekly",
                                             "active": 1, "params": {"queues": ["8001"]}})  # fmt: skip
    assert row["params"] == {"queues": ["8001"]} and isinstance(row["id"], str)
    assert crud.get(store, "report_jobs", row["id"])["schedule_name"] == "weekly"
    assert crud.update(store, "report_jobs", row["id"], {"schedule_name": "daily"})["schedule_name"] == "daily"
    assert crud.list_rows(store, "report_jobs", where={"format": "HTML"})["count"] == 1
    assert crud.list_rows(store, "report_jobs", where={"format": "CSV"})["count"] == 0
    crud.delete(store, "report_jobs", row["id"])
    with pytest.raises(NotFound):
        crud.get(store, "report_jobs", row["id"])
    with pytest.raises(NotFound):
        crud.delete(store, "report_jobs", row["id"])


def test_crud_rejects_unknown_tables_and_columns():
    store = Store()
    with pytest.raises(ValueError, match="not a writable table"):
        crud.create(store, "sessions", {})
    with pytest.raises(ValueError, match="unknown columns"):
        crud.create(store, "call_reports", {"name": "x", "colour": "red"})
    with pytest.raises(ValueError, match="unknown column"):
        crud.list_rows(store, "call_reports", order_by="colour")


def test_list_rows_orders_and_pages():
    store = Store()
    for name in ("c", "a", "b"):
        crud.create(store, "call_reports", {"name": name, "type": "NORMAL", "format": "CSV", "range": "TODAY",
                                            "status": "SCHEDULED"})  # fmt: skip
    names = [r["name"] for r in crud.list_rows(store, "call_reports", order_by="name")["items"]]
    assert names == ["a", "b", "c"]
    page = crud.list_rows(store, "call_reports", order_by="name", descending=True, top=1, skip=1)
    assert page["count"] == 3 and [r["name"] for r in page["items"]] == ["b"]


def test_generated_store_has_report_records_to_list():
    store, _ = small_store()
    for table in ("report_jobs", "report_logs", "call_reports", "completed_call_reports"):
        assert crud.list_rows(store, table)["count"] > 0


def test_analytic_reads_run_beside_report_job_writes():
    store = Store()
    generate(store, calls=300, seed=4, start=START, days=2)
    window = Window.of(START, START + timedelta(days=2))
    expected = portsip_calls.call_history(store, window, top=20)

    def read(_: int) -> bool:
        return portsip_calls.call_history(store, window, top=20) == expected

    def write(i: int) -> str:
        return crud.create(store, "call_reports", {"name": f"r{i}", "type": "NORMAL", "format": "CSV",
                                                   "range": "TODAY", "status": "SCHEDULED"})["id"]  # fmt: skip

    with ThreadPoolExecutor(max_workers=6) as pool:
        reads = [pool.submit(read, i) for i in range(30)]
        writes = [pool.submit(write, i) for i in range(30)]
        assert all(f.result() for f in reads)
        assert len({f.result() for f in writes}) == 30
