"""Per-report engine benchmark: the per-report stage with one scan, worker processes, the cache.

    python benchmarks/bench_engine.py [--size 300] [--runs 3] [--years 5]

On a synthetic corpus (benchmarks/make_corpus.py) it prints, as min–max over `--runs` runs:
- the per-report stage in reports/s/core (CPU time), as compare.across.changes computed it before the
  engine (indicators, then claims finding the change phrases again) and with the engine (one scan);
- `process_files` wall and CPU time (this process plus its workers) for jobs 1 and 2, no cache;
- the same with the cache: cold (computing and storing) and warm (every report a hit);
and once: the pickled size of the seed's ReportResult (what crosses a process boundary) and its
stored size in the cache.

Figures are printed, never asserted. Cores are printed with them: the machine may be shared, so
read jobs-2 figures against the control printed first (2 processes vs 1 on a busy loop).
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from figures import span  # noqa: E402  (benchmarks/ is the script's folder, first on sys.path)
from make_corpus import make_corpus  # noqa: E402

from compare.engine import process_bytes, process_file, process_files  # noqa: E402
from compare.extract.claims import extract_claims  # noqa: E402
from compare.extract.indicators import extract_indicators  # noqa: E402
from compare.extract.lexicon import load_lexicon  # noqa: E402
from compare.read.loading import load_bytes  # noqa: E402

SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (pool workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall s, CPU s) of one call."""
    c0, t0 = _cpu(), time.perf_counter()
    action()
    return time.perf_counter() - t0, _cpu() - c0


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def _parallel_control() -> float:
    """Speed-up of 2 processes over 1 on a pure busy loop: what jobs=2 can gain on this machine now
    (about 2 on an idle 2-core machine, about 1 when other work fills the cores)."""
    from concurrent.futures import ProcessPoolExecutor

    work = [2_000_000] * 8
    t0 = time.perf_counter()
    for n in work:
        _spin(n)
    serial = time.perf_counter() - t0
    t0 = time.perf_counter()
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, work))
    return serial / (time.perf_counter() - t0)


def _rate_before(data: Sequence[tuple[bytes, str]]) -> float:
    lexicon = load_lexicon()
    t0 = time.process_time()
    for raw, name in data:
        report = load_bytes(raw, name)
        extract_claims(report, extract_indicators(report, lexicon), lexicon)
    return len(data) / (time.process_time() - t0)


def _rate_engine(data: Sequence[tuple[bytes, str]]) -> float:
    lexicon = load_lexicon()
    t0 = time.process_time()
    for raw, name in data:
        process_bytes(raw, name, lexicon=lexicon)
    return len(data) / (time.process_time() - t0)


def _line(name: str, runs: Sequence[tuple[float, float]], n: int) -> None:
    walls = [w for w, _ in runs]
    print(f"  {name:<28} wall {span(walls)} s ({span([n / w for w in walls], '{:.0f}')} reports/s)  "
          f"cpu {span([c for _, c in runs])} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=300, help="reports in the corpus")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (ranges are min–max)")
    parser.add_argument("--years", type=int, default=5, help="years per issuer")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"python {sys.version.split()[0]}; runs per figure: {args.runs}")
    print(f"control: 2 processes run a busy loop {_parallel_control():.2f}x as fast as 1 (2.00 on an idle machine)")
    seed = process_file(SEED)
    pickled = pickle.dumps(seed, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"seed ReportResult: {len(pickled) / 1024:.0f} KiB pickled, {len(zlib.compress(pickled, 1)) / 1024:.0f} KiB "
          f"in the cache ({SEED.stat().st_size / 1024:.0f} KiB file, {len(seed.indicators)} indicators, "
          f"{len(seed.claims)} claims)")

    base = Path(tempfile.mkdtemp(prefix="bench-engine-"))
    try:
        files = make_corpus(base / "corpus", max(1, args.size // args.years), range(2019, 2019 + args.years))
        data = [(f.read_bytes(), str(f)) for f in files]
        n = len(files)
        print(f"\n{n} reports ({sum(len(d) for d, _ in data) / 2**20:.1f} MiB)")
        _rate_engine(data[:5])  # warm-up: regexes, lexicon
        before = [_rate_before(data) for _ in range(args.runs)]
        after = [_rate_engine(data) for _ in range(args.runs)]
        print(f"  per-report stage, before    {span(before, '{:.0f}')} reports/s/core (numbers scanned twice)")
        print(f"  per-report stage, engine    {span(after, '{:.0f}')} reports/s/core (one scan)")
        for jobs in (1, 2):
            _line(f"process_files jobs={jobs}", [_timed(lambda j=jobs: process_files(files, jobs=j))
                                                 for _ in range(args.runs)], n)
        for jobs in (1, 2):
            cold, warm = [], []
            for run in range(args.runs):
                folder = base / f"cache-{jobs}-{run}"
                cold.append(_timed(lambda j=jobs, f=folder: process_files(files, jobs=j, cache_dir=f)))
                warm.append(_timed(lambda j=jobs, f=folder: process_files(files, jobs=j, cache_dir=f)))
            _line(f"cache cold, jobs={jobs}", cold, n)
            _line(f"cache warm, jobs={jobs}", warm, n)
        size = sum(p.stat().st_size for p in (base / "cache-1-0").iterdir())
        print(f"  cache folder after {n} reports: {size / 2**20:.1f} MiB")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
