"""Corpus benchmark: the goals of the corpus engine, measured on a synthetic corpus.

    python benchmarks/bench_corpus.py [--sizes 100,300,1000] [--runs 3] [--years 5] [--keep DIR]

For each size (reports = issuers x years, built by benchmarks/make_corpus.py) it prints, as
min–max over `--runs` runs:
- the per-report stage (load + outline + indicators + claims) in reports/s on one core;
- `compare` wall time, CPU time (with its workers) and peak RSS, cold and rerun (nothing changed),
  each in a child process (imports, pools and caches counted as a user sees them) that runs
  benchmarks/bench_compare.py --stages, so that the share of each stage (per-report stage, pairs,
  tables, workbook, charts, diff page) is printed too;
- `report-compare changes` wall time;
and once: the startup of `report-compare indicators FILE` (imports included).

Figures are printed, never asserted: wall-clock time is not a test. The machine's cores are
printed with them, because every goal is stated for a given machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from figures import span  # noqa: E402  (benchmarks/ is the script's folder, first on sys.path)
from make_corpus import make_corpus  # noqa: E402


def _command() -> list[str]:
    exe = shutil.which("report-compare")
    return [exe] if exe else [sys.executable, "-m", "compare"]


def _child(args: Sequence[str], command: Sequence[str] | None = None) -> tuple[float, float, float, int, str]:
    """Run the CLI (or `command`) once: (wall s, CPU s of the child, peak RSS MiB of the child,
    exit code, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([*(command or _command()), *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far (KiB on Linux): run the biggest
    # job last or read it as an upper bound.
    return wall, cpu, after.ru_maxrss / 1024, done.returncode, done.stdout


def _stages(corpus: Path, out: Path, cache: Path) -> tuple[float, float, float, int, str]:
    """`compare` once through benchmarks/bench_compare.py --stages (the same run_compare the CLI
    makes, with its progress messages timed): the child's figures, its stage lines in stdout."""
    bench = [sys.executable, str(ROOT / "benchmarks" / "bench_compare.py"), "--stages"]
    return _child([str(corpus), str(out), "--cache", str(cache)], bench)


def _print_shares(name: str, runs: Sequence[tuple[float, float, float, int, str]]) -> None:
    """Per-stage wall and CPU seconds (min–max over runs) and share of the wall time."""
    table: dict[str, list[tuple[float, float, float]]] = {}
    for r in runs:
        for line in r[4].splitlines():
            parts = line.split("\t")
            if parts[0] == "stage":
                table.setdefault(parts[1], []).append((float(parts[2]), float(parts[3]), float(parts[4])))
    print(f"    stages of {name}:")
    for stage, vals in table.items():
        print(f"      {stage:<34} wall {span([v[0] for v in vals])} s  cpu {span([v[1] for v in vals])} s  "
              f"share {span([v[2] for v in vals], '{:.0f}')}%")


def _per_report_rate(files: Sequence[Path]) -> float:
    """Reports per second of the per-report stage on this one process (one core): what
    compare.engine runs for each file, `analyse(load_bytes(...))` (load, outline, one scan of the
    numbers for indicators and claims). Calling extract_indicators and then extract_claims with
    the indicators alone scans the numbers twice, which no command does."""
    from compare.extract.lexicon import load_lexicon
    from compare.extract.result import analyse
    from compare.read.loading import load_bytes

    lexicon = load_lexicon()
    data = [(f.read_bytes(), str(f)) for f in files]
    analyse(load_bytes(*data[0]), lexicon)  # warm-up: regexes, lexicon
    t0 = time.process_time()
    for raw, name in data:
        analyse(load_bytes(raw, name), lexicon)
    return len(data) / (time.process_time() - t0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,300,1000", help="report counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (ranges are min–max)")
    parser.add_argument("--years", type=int, default=5, help="years per issuer")
    parser.add_argument("--keep", type=Path, help="keep the corpora and outputs in this folder")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; runs per figure: {args.runs}")

    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        for size in sizes:
            corpus = base / f"corpus-{size}"
            shutil.rmtree(corpus, ignore_errors=True)
            files = make_corpus(corpus, max(1, size // args.years), range(2019, 2019 + args.years))
            print(f"\n{len(files)} reports ({len(files) // args.years} issuers x {args.years} years, "
                  f"{sum(f.stat().st_size for f in files) / 2**20:.1f} MiB)")
            rates = [_per_report_rate(files) for _ in range(args.runs)]
            print(f"  per-report stage          {span(rates, '{:.0f}')} reports/s/core")
            cold, rerun, changes = [], [], []
            for run in range(args.runs):
                out = base / f"out-{size}-{run}"
                shutil.rmtree(out, ignore_errors=True)
                # A fresh cache per run: cold is cold, the rerun finds every report cached, and the
                # user's own cache folder is never touched.
                cold.append(_stages(corpus, out, base / f"cache-{size}-{run}"))
                rerun.append(_stages(corpus, out, base / f"cache-{size}-{run}"))
                changes.append(_child(["changes", str(corpus), "--format", "csv", "--no-cache"]))
            for name, runs in (("compare (cold)", cold), ("compare (rerun)", rerun), ("changes", changes)):
                codes = sorted({r[3] for r in runs})
                print(f"  {name:<25} wall {span([r[0] for r in runs])} s  cpu {span([r[1] for r in runs])} s  "
                      f"exit {','.join(map(str, codes))}")
            _print_shares("compare (cold)", cold)
            _print_shares("compare (rerun)", rerun)
            print(f"  peak RSS of any child so far: {max(r[2] for r in cold + rerun + changes):.0f} MiB")
        startup = [_child(["indicators", str(ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"),
                           "--format", "csv"])[0] for _ in range(args.runs)]
        print(f"\nstartup `indicators FILE` (imports included): {span(startup)} s")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
