"""Peak memory of one `compare` run, all of its processes together.

    python benchmarks/bench_memory.py [--reports 1000] [--years 10] [--runs 2] [--corpus DIR]

`compare` runs in several processes (the per-report and pair workers, the workbook process of
compare.bookproc); a child's peak RSS (what bench_corpus.py prints) sees one of them, and summed
RSS counts twice the pages a forked process shares with its parent. This samples the proportional
set size (PSS, /proc/PID/smaps_rollup: shared pages split between their sharers) of the whole
process tree every 0.3 s and prints the peak of the sum, per run, cold cache each time. Linux only.
The issue 10 goal: <= 1.5 GB at 1,000 reports.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402


def _tree(root: int) -> list[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # the process ended between listing and reading
        pass
    return 0


def peak_pss(args: list[str]) -> tuple[float, float, int]:
    """Run `python -m compare ARGS`: (wall s, peak summed PSS in MiB, exit code)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "compare", *args], stdout=subprocess.DEVNULL, cwd=ROOT)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(_pss_kib(p) for p in _tree(proc.pid)))
        time.sleep(0.3)
    return time.perf_counter() - t0, peak / 1024, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000, help="reports in the generated corpus")
    parser.add_argument("--years", type=int, default=10, help="years per issuer")
    parser.add_argument("--runs", type=int, default=2, help="runs (the range is min–max)")
    parser.add_argument("--corpus", type=Path, help="use this corpus instead of generating one")
    args = parser.parse_args(argv)
    if not Path("/proc/self/smaps_rollup").exists():
        print("needs Linux (/proc/PID/smaps_rollup)", file=sys.stderr)
        return 2
    base = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    try:
        corpus = args.corpus or base / "corpus"
        if args.corpus is None:
            make_corpus(corpus, max(1, args.reports // args.years), range(2019, 2019 + args.years))
        print(f"machine: {os.cpu_count()} cores; corpus: {corpus}")
        runs = []
        for run in range(args.runs):
            out, cache = base / f"out-{run}", base / f"cache-{run}"  # cold: a fresh cache per run
            runs.append(peak_pss(["compare", str(corpus), "--out", str(out), "--cache", str(cache)]))
            print(f"  run {run + 1}: wall {runs[-1][0]:.1f} s, peak summed PSS {runs[-1][1]:.0f} MiB, "
                  f"exit {runs[-1][2]}")
        peaks = [r[1] for r in runs]
        print(f"compare (cold), all processes: peak summed PSS {min(peaks):.0f}–{max(peaks):.0f} MiB "
              f"({min(peaks) * 2**20 / 1e9:.2f}–{max(peaks) * 2**20 / 1e9:.2f} GB)")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
