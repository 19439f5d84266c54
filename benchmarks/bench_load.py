"""Loading + outlining speed: mean time per report over 200 runs of the seed (target < 5 ms on one
core). Prints figures; never asserts (wall-clock time is not a test)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from compare.read.loading import load_bytes, read_bytes

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
RUNS = 200
TARGET_MS = 5.0


def main() -> int:
    data = read_bytes(SEED)
    load_bytes(data, str(SEED))  # warm-up: imports, regex compilation
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        report = load_bytes(data, str(SEED))
        times.append((time.perf_counter() - t0) * 1000)
    mean = statistics.mean(times)
    print(f"load+outline {SEED.name} ({len(data)} bytes, {len(report.headings)} headings)")
    print(f"  runs {RUNS}  mean {mean:.3f} ms  median {statistics.median(times):.3f} ms  "
          f"p95 {sorted(times)[int(RUNS * 0.95)]:.3f} ms  target < {TARGET_MS} ms  "
          f"{'OK' if mean < TARGET_MS else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
