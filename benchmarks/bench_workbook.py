"""Workbook benchmark: writing comparison.xlsx for a large corpus (issue 10, "the workbook at scale").

    python benchmarks/bench_workbook.py [--sizes 300,1000] [--runs 3] [--years 5] [--keep DIR]

For each size (reports = issuers x years, built by benchmarks/make_corpus.py) the tables are
computed once (compare.pipeline.compute, cached per-report stage), then the workbook alone is
written `--runs` times. Printed as min–max over the runs: the writing time (wall and CPU: on a
shared machine the CPU time is the steadier figure), the time of a rerun with identical tables
(the previous workbook's bytes are reused), the peak of Python memory allocated while writing
(tracemalloc, a separate run: tracing slows writing), the rows per sheet, the file size, and the
longest cell against Excel's limit.

Figures are printed, never asserted: wall-clock time is not a test. The machine's cores are
printed with them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from figures import span  # noqa: E402  (benchmarks/ is the script's folder, first on sys.path)
from make_corpus import make_corpus  # noqa: E402

from compare.extract.lexicon import load_lexicon  # noqa: E402
from compare.pipeline import compute, write_workbook  # noqa: E402
from compare.write.excel import MAX_CELL_CHARS  # noqa: E402


def _longest_shared_string(path: Path) -> int:
    """Characters of the longest text in the workbook's shared and inline strings (rough: XML)."""
    import re

    longest = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml") and ("sheet" in name or "sharedStrings" in name):
                text = z.read(name).decode("utf-8")
                for m in re.finditer(r"<(?:is|si)>(.*?)</(?:is|si)>", text, flags=re.S):
                    plain = re.sub(r"<[^>]+>", "", m.group(1))
                    longest = max(longest, len(plain))
    return longest


def bench(size: int, years: int, runs: int, keep: Path | None) -> None:
    base = keep or Path(tempfile.mkdtemp(prefix="bench_workbook_"))
    corpus_dir = base / f"corpus_{size}"
    issuers = max(size // years, 1)
    if not corpus_dir.exists():
        make_corpus(corpus_dir, issuers, range(2019, 2019 + years))
    t0 = time.perf_counter()
    job = compute([corpus_dir], load_lexicon(), jobs=os.cpu_count(), cache_dir=base / "cache")
    computed = time.perf_counter() - t0
    rows = {"Indicators": len(job.indicators.wide.frame), "Changes": len(job.indicators.changes),
            "Claims": len(job.indicators.claims), "Sections": len(job.sections),
            "Section diffs": len(job.section_diffs)}
    times, cpu, reused = [], [], []
    out = base / f"out_{size}"
    out.mkdir(exist_ok=True)
    for k in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        path = write_workbook(job, out / f"run{k}.xlsx")
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        t0 = time.perf_counter()
        write_workbook(job, out / "comparison.xlsx", previous=path)
        reused.append(time.perf_counter() - t0)
    tracemalloc.start()
    write_workbook(job, out / "traced.xlsx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{len(job.corpus.reports)} reports ({issuers} issuers x {years} years), tables computed in "
          f"{computed:.1f} s")
    print("  rows: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    print(f"  workbook written in {span(times)} s wall, {span(cpu)} s CPU over {runs} runs; rerun with "
          f"identical tables (reused) {span(reused)} s; peak Python memory while writing "
          f"{peak / 2**20:.0f} MiB; file {path.stat().st_size / 2**20:.1f} MiB; longest cell "
          f"{_longest_shared_string(path):,} of {MAX_CELL_CHARS:,} characters")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,1000", help="report counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (ranges are min–max)")
    parser.add_argument("--years", type=int, default=5, help="years per issuer")
    parser.add_argument("--keep", type=Path, help="keep the corpora, cache and outputs in this folder")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores")
    for size in (int(s) for s in args.sizes.split(",")):
        bench(size, args.years, args.runs, args.keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
