"""`report-compare changes` on a corpus: wall and CPU of the command, and the CPU of each stage.

    python benchmarks/bench_changes.py [--corpus DIR] [--issuers 100] [--years 10] [--runs 3] [--jobs 2]

Without --corpus it builds issuers x years reports with benchmarks/make_corpus.py (1,000 by
default: the size issue 10's goal of <= 8 s wall on 2 cores is stated for) in a temporary folder.

Prints, each as min-max over `--runs`:
- the command (`changes CORPUS --format csv --no-cache --jobs N`, in a child process: imports,
  pools and workers counted as a user sees them): wall seconds, CPU seconds (with its workers)
  and the 1-minute load average before the run, since wall time on a shared machine says as
  much about the other processes as about this one;
- the CPU of each stage in this process, one job (no pool): start-up imports, the per-report
  stage, loading the corpus, the pairs (section alignment without measures), the indicator
  matching and rows of changes, the frame and its csv; and `compare`'s pair stage (alignment with
  measures and section diffs) for comparison;
- an estimate of the wall time on an idle machine with N cores from those CPU figures: the serial
  stages, plus the per-report stage and the pairs with the matching that overlaps them split over
  N cores. It is an estimate, printed as such; the command's own wall time on an idle machine is
  the figure the goal is about.

Figures are printed, never asserted.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402


def _command_run(corpus: Path, jobs: int) -> tuple[float, float, float]:
    """(wall s, CPU s with workers, load average before) of one `changes` run in a child."""
    exe = shutil.which("report-compare")
    cmd = [exe] if exe else [sys.executable, "-m", "compare"]
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([*cmd, "changes", str(corpus), "--format", "csv", "--no-cache", "--jobs", str(jobs)],
                          capture_output=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"changes failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), load


def _stages(corpus: Path) -> dict[str, float]:
    """CPU seconds of each stage, in a fresh child (so the imports are counted)."""
    code = f"""
import json, sys, time
t = time.process_time()
import compare.cli, compare.cli.changes
from compare import engine, pairwork
from compare.across.changes import changes_frame, series_changes
from compare.across.series import series_data
from compare.cli import tables
from compare.extract.lexicon import load_lexicon
from compare.read.corpus import load_corpus
out = {{}}
def lap(name):
    global t
    now = time.process_time(); out[name] = now - t; t = now
lap("imports")
paths = [{str(corpus)!r}]
lex = load_lexicon()
loader = engine.prefetch(paths, manifest_adds_files=False, jobs=1, lexicon=lex)
lap("per-report stage")
corpus = load_corpus(paths, keep_going=True, manifest_adds_files=False, loader=loader)
lap("load corpus")
work = pairwork.pair_work(corpus, measures=False, diffs=False, jobs=1)
lap("pairs")
rows = [r for k, s in enumerate(corpus.series)
        for r in series_changes(series_data(s, lex, loader.results, work.alignments[k]))]
lap("matching + rows")
text = tables.csv_columns_text(*tables.columns_of(changes_frame(rows)))
lap("frame + csv")
pairwork.pair_work(corpus, measures=True, diffs=True, jobs=1)
lap("compare's pairs (measures, diffs)")
print(json.dumps(out))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    import json

    stages: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return stages


def _estimate(stages: dict[str, float], cores: int) -> float:
    serial = stages["imports"] + stages["load corpus"] + stages["frame + csv"]
    return serial + (stages["per-report stage"] + stages["pairs"] + stages["matching + rows"]) / cores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="an existing corpus folder (default: build one)")
    ap.add_argument("--issuers", type=int, default=100)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {cores} cores; --jobs {args.jobs}")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            make_corpus(corpus, args.issuers, range(2019, 2019 + args.years))
        n = sum(1 for _ in corpus.rglob("*.txt"))
        runs = [_command_run(corpus, args.jobs) for _ in range(args.runs)]
        print(f"changes, {n} reports: wall {min(r[0] for r in runs):.1f}-{max(r[0] for r in runs):.1f} s, "
              f"CPU {min(r[1] for r in runs):.1f}-{max(r[1] for r in runs):.1f} s, "
              f"load before {min(r[2] for r in runs):.1f}-{max(r[2] for r in runs):.1f}")
        stage_runs = [_stages(corpus) for _ in range(args.runs)]
        for name in stage_runs[0]:
            values = [s[name] for s in stage_runs]
            print(f"  {name:36s} {min(values):6.2f}-{max(values):6.2f} CPU-s")
        est = [_estimate(s, args.jobs) for s in stage_runs]
        print(f"estimated wall on {args.jobs} idle cores (serial stages + the rest / {args.jobs}): "
              f"{min(est):.1f}-{max(est):.1f} s")


if __name__ == "__main__":
    main()
