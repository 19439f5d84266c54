"""Benchmark: `compare` on 3 years x 5 issuers of fixture reports; prints seconds and peak memory.

The fixtures are tests/fixtures/corpus/jialing (2019-2021), copied for five issuers by renaming
the district (嘉陵区 -> 青川区, ...) and scaling its counts a little, so that every issuer has its
own numbers while structure and wording stay realistic.

Run: python benchmarks/bench_compare.py [--svg]

Stages of one run over any corpus (what bench_corpus.py calls, one child process per run):

    python benchmarks/bench_compare.py --stages CORPUS OUT [--cache DIR] [--jobs N]

prints one line per stage of `report-compare compare` (per-report stage, pairs, tables, workbook,
charts, diff page) with its wall seconds, CPU seconds (this process and its workers) and share of
the wall time, then the peak RSS. Stages are told apart by the run's own progress messages, so the
figures are those of the real command, not of a re-assembled pipeline. With more than one job the
workbook is written in a second process from the end of the pairs stage (compare.bookproc): its
"workbook" line is then the time this process spent handing over the tables and waiting for it at
the end, its CPU seconds all the workbook process used (counted in the stage it ended in), and its
peak RSS is printed on a line of its own (forked, that RSS includes pages it shares with this
process: sample the processes' PSS for the memory of the whole run).
"""

from __future__ import annotations

import itertools
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compare.pipeline import run_compare  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "corpus" / "jialing"
#: Five district names (fictional or re-used); the first is the fixture's own.
ISSUERS = ("嘉陵", "青川", "白塔", "石门", "云溪")
_COUNT = re.compile(r"(?<![\d.年])(\d{2,5})(?=件|人次|份|场|个|项|家|名)")


def make_corpus(folder: Path) -> list[Path]:
    """Write 3 years x 5 issuers of reports into `folder`; returns the files."""
    files = []
    for n, name in enumerate(ISSUERS):
        for src in sorted(FIXTURES.glob("jialing_*.txt")):
            text = src.read_text(encoding="utf-8").replace("嘉陵", name)
            # n = 0 keeps the fixture's numbers; others scale counts by 1 + n/10 (rates stay).
            text = _COUNT.sub(lambda m, k=n: str(round(int(m.group(1)) * (1 + k / 10))), text)
            target = folder / f"issuer{n}" / src.name.replace("jialing", f"issuer{n}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            files.append(target)
    return files


#: Progress messages -> the stage they belong to (first match wins), as compare.pipeline and the
#: writers word them.
_STAGES = (
    ("reading", "per-report stage"), ("read from the cache", "per-report stage"), ("aligning", "pairs (align, diff)"),
    ("indicators and changes", "tables (series, changes, claims)"), ("writing the workbook", "workbook"),
    ("chart", "charts"), ("writing the diff page", "diff page"), ("done", "done"),
)


#: Peak RSS (KiB) of the workbook process of the last run, when there was one.
BOOK_PEAK: list[int] = []


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def stages(corpus: Path, out: Path, cache: Path | None, jobs: int | None) -> list[tuple[str, float, float]]:
    """(stage, wall s, CPU s) of one `run_compare`, in the order the stages ran."""
    marks: list[tuple[str, float, float]] = []

    def progress(what: str, done: int, total: int) -> None:
        stage = next((name for prefix, name in _STAGES if what.startswith(prefix)), "")
        if stage and (not marks or marks[-1][0] != stage):
            marks.append((stage, time.perf_counter(), cpu()))

    # The workbook process (compare.bookproc) reports its own CPU time and peak RSS. Forked, it is
    # one of this process' children, counted when it is reaped; from a forkserver it is not, and
    # its own figure is added here.
    from compare import bookproc

    book_cpu: list[float] = []
    result = bookproc.WorkbookWriter.result

    def counted(self: bookproc.WorkbookWriter) -> Path:
        before = _cpu()
        path = result(self)
        if self.usage is not None:
            if _cpu() - before < self.usage[0] / 2:  # not reaped by this process: not counted yet
                book_cpu.append(self.usage[0])
            BOOK_PEAK.append(self.usage[1])
        return path

    bookproc.WorkbookWriter.result = counted  # type: ignore[method-assign]

    def cpu() -> float:
        return _cpu() + sum(book_cpu)

    t0, c0 = time.perf_counter(), cpu()
    marks.append(("start (lexicon, listing files)", t0, c0))
    run_compare([corpus], out, progress=progress, cache_dir=cache, jobs=jobs)
    marks.append(("end", time.perf_counter(), cpu()))
    out_rows: dict[str, tuple[float, float]] = {}
    for (name, t, c), (_, t2, c2) in itertools.pairwise(marks):
        w, cp = out_rows.get(name, (0.0, 0.0))
        out_rows[name] = (w + t2 - t, cp + c2 - c)
    return [(n, w, c) for n, (w, c) in out_rows.items() if n != "done"]


def main_stages(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--stages", type=Path, required=True)
    parser.add_argument("out", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--jobs", type=int)
    args = parser.parse_args(argv)
    rows = stages(args.stages, args.out, args.cache, args.jobs)
    total = sum(w for _, w, _ in rows)
    for name, w, c in rows:
        print(f"stage\t{name}\t{w:.2f}\t{c:.2f}\t{100 * w / total:.0f}")
    print(f"total\t{total:.2f}\t{sum(c for _, _, c in rows):.2f}")
    print(f"peak_rss_mib\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    if BOOK_PEAK:  # the workbook process (compare.bookproc), beside this one from when the pairs are known
        print(f"workbook_process_peak_rss_mib\t{BOOK_PEAK[-1] / 1024:.0f}")


def main() -> None:
    if "--stages" in sys.argv:
        main_stages(sys.argv[1:])
        return
    svg = "--svg" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        files = make_corpus(base / "in")
        # First run outside the measurement: imports, font cache, lexicon (a one-off per process).
        run_compare([base / "in" / "issuer0"], base / "warm")
        t0 = time.perf_counter()
        result = run_compare([base / "in"], base / "out", svg=svg)
        seconds = time.perf_counter() - t0
        # Memory in a second run: tracemalloc slows Python down several times, so not timed.
        tracemalloc.start()
        run_compare([base / "in"], base / "out2", svg=svg)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        s = result.summary
        print(f"compare: {len(files)} reports, {len(s.issuers)} issuers, years {s.years[0]}-{s.years[-1]}"
              f"{' (+svg)' if svg else ''}")
        print(f"  indicators matched {s.indicators_matched}, changes {s.changes}, claims {s.claims}, "
              f"sections {len(result.tables['sections'])}, charts {len(result.charts)}")
        print(f"  seconds: {seconds:.2f}")
        print(f"  peak Python memory (tracemalloc): {peak / 2**20:.1f} MiB")
        print(f"  peak RSS of the process: {rss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
