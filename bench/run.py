"""Run benchmark: wall time of a whole conformance run per built-in spec against the embedded simulator.

    python bench/run.py [--runs 3] [--max-examples 20] [--spec NAME ...]

Each run is a fresh process (``python -m conformance run --spec NAME``), as a user's would be, so caches inside
one process do not flatter it. Prints the median and the slowest of ``--runs`` per spec, and the requests sent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conformance.specs import SPEC_NAMES


def _once(spec: str, max_examples: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "conformance", "run", "--spec", spec, "--no-progress",
                        "--max-examples", str(max_examples), "--report-dir", folder],
                       check=True, capture_output=True)
        elapsed = time.perf_counter() - started
        requests = json.loads((Path(folder) / "results.json").read_text())["specs"][0]["requests"]
    return elapsed, requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--spec", action="append", choices=SPEC_NAMES)
    args = parser.parse_args()
    print(f"{'spec':22} {'median s':>9} {'slowest s':>10} {'requests':>9}")
    for spec in args.spec or SPEC_NAMES:
        samples = [_once(spec, args.max_examples) for _ in range(args.runs)]
        times = [t for t, _ in samples]
        print(f"{spec:22} {statistics.median(times):9.2f} {max(times):10.2f} {samples[0][1]:9d}")


if __name__ == "__main__":
    main()
