"""Benchmark: `compare` on 3 years x 5 issuers of fixture reports; prints seconds and peak memory.

The fixtures are tests/fixtures/corpus/jialing (2019-2021), copied for five issuers by renaming
the district (嘉陵区 -> 青川区, ...) and scaling its counts a little, so that every issuer has its
own numbers while structure and wording stay realistic.

Run: python benchmarks/bench_compare.py [--svg]
"""

from __future__ import annotations

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


def main() -> None:
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
