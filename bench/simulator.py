"""Simulator benchmark: generation time and p50/p95 latency of three summary queries per store size.

    python bench/simulator.py [--sizes 10000,100000,1000000] [--days 14] [--runs 60] [--file]

Queries: the PortSIP queue KPI summary over 24 h, the queue timeseries over 24 h (1 h steps) and the calls
timeseries over 365 days (daily steps), each over windows drawn at random (fixed seed) inside the
generated period, in the tenant's own UTC offset.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from conformance.simulator import Store, Window, generate
from conformance.vendors.portsip.simulator.queries import calls as portsip_calls
from conformance.vendors.portsip.simulator.queries import queue as portsip_queue


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timed(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), _percentile(samples, 0.95)


def bench(size: int, days: int, runs: int, path: str) -> dict[str, Any]:
    store = Store(path)
    t = time.perf_counter()
    catalogue = generate(store, calls=size, seed=42, days=days)
    generated = time.perf_counter() - t
    tenant = catalogue["tenants"][0]
    zone = timezone(datetime.fromisoformat(tenant["busiest_day"]["start"]).utcoffset() or timedelta(0))
    start = datetime.fromisoformat(catalogue["window"]["start"])
    span = days * 86400 - 86400
    rng = random.Random(7)
    queues = [q["number"] for q in tenant["queues"]]

    def day_window() -> Window:
        lo = start + timedelta(seconds=rng.randrange(0, span, 900))
        return Window.of(lo.astimezone(zone), (lo + timedelta(days=1)).astimezone(zone))

    def year_window() -> Window:
        end = start + timedelta(days=days, seconds=-rng.randrange(0, 86400, 3600))
        return Window.of((end - timedelta(days=365)).astimezone(zone), end.astimezone(zone))

    figures = {
        "queue_summary_24h": _timed(
            lambda: portsip_queue.queue_summary(store, [rng.choice(queues)], day_window()), runs
        ),
        "queue_timeseries_24h": _timed(
            lambda: portsip_queue.queue_timeseries(store, rng.choice(queues), day_window(), "1h"), runs
        ),
        "calls_timeseries_365d": _timed(lambda: portsip_calls.calls_timeseries(store, year_window(), "DAY"), runs),
    }
    counts = store.counts()
    store.close()
    return {"size": size, "generate_s": generated, "rows": counts, "queries": figures}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--file", action="store_true", help="use a database file instead of memory")
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "store.sqlite") if args.file else ":memory:"
            result = bench(size, args.days, args.runs, path)
        rows = ", ".join(f"{k}={v}" for k, v in result["rows"].items())
        print(f"{size:>9} calls: generated in {result['generate_s']:.1f} s ({rows})")
        for name, (p50, p95) in result["queries"].items():
            print(f"{'':>11}{name:<24} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")


if __name__ == "__main__":
    main()
