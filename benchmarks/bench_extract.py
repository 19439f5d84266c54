"""`extract` and `--scheduler` benchmark.

    python benchmarks/bench_extract.py [--size 300] [--runs 3] [--years 5]

On a synthetic corpus (benchmarks/make_corpus.py) it prints, as min–max over `--runs` runs:
- the per-report stage with local processes (jobs 1, jobs 2) and on a Dask LocalCluster of 2
  worker processes of 1 thread each (same cores: the figure is the cluster's overhead, not a gain);
- `extract` without a cache, per format (csv, jsonl, parquet): the whole job, and the bytes written;
- the time `distributed.LocalCluster` takes to start (what the CI test pays once).

Figures are printed, never asserted; cores and load are printed with them (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from figures import span  # noqa: E402  (benchmarks/ is the script's folder, first on sys.path)
from make_corpus import make_corpus  # noqa: E402

from compare.engine import process_files  # noqa: E402
from compare.export import run_extract  # noqa: E402


def _wall(action: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    action()
    return time.perf_counter() - t0


def _line(name: str, walls: Sequence[float], n: int, extra: str = "") -> None:
    print(f"  {name:<30} wall {span(walls)} s ({span([n / w for w in walls], '{:.0f}')} reports/s){extra}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=300, help="reports in the corpus")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (ranges are min–max)")
    parser.add_argument("--years", type=int, default=5, help="years per issuer")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"python {sys.version.split()[0]}; runs per figure: {args.runs}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-extract-"))
    try:
        files = make_corpus(tmp / "corpus", max(1, args.size // args.years), range(2019, 2019 + args.years))
        n = len(files)
        print(f"\n{n} reports")
        for jobs in (1, 2):
            _line(f"per-report stage, jobs={jobs}",
                  [_wall(lambda j=jobs: process_files(files, jobs=j)) for _ in range(args.runs)], n)
        _cluster(files, args.runs)
        for fmt in ("csv", "jsonl", "parquet"):
            out = tmp / f"out-{fmt}"
            walls = [_wall(lambda f=fmt, o=out: run_extract([tmp / "corpus"], o, f, jobs=2)) for _ in range(args.runs)]
            size = sum(p.stat().st_size for p in out.glob(f"*.{fmt}"))
            _line(f"extract --format {fmt}", walls, n, f"  {size / 2**20:.1f} MiB written")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _cluster(files: Sequence[Path], runs: int) -> None:
    try:
        from distributed import LocalCluster
    except ImportError:
        print("  (distributed not installed: pip install 'report-compare[dask]' for the cluster figures)")
        return
    starts: list[float] = []
    walls: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
            starts.append(time.perf_counter() - t0)
            walls.append(_wall(lambda a=cluster.scheduler_address: process_files(files, scheduler=a)))
    _line("per-report stage, Dask 2x1", walls, len(files))
    print(f"  {'LocalCluster start (2 procs)':<30} wall {span(starts)} s")


if __name__ == "__main__":
    raise SystemExit(main())
