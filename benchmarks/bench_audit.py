"""Audit benchmark: the cost of `compare.audit.audit_corpus` on top of what `compare` computes.

    python benchmarks/bench_audit.py [--issuers 20] [--years 2019-2023] [--runs 3] [--keep DIR]

Builds a synthetic corpus (benchmarks/make_corpus.py), computes the main job's tables once
(compare.pipeline.compute: the engine's per-report stage, the changes table), then times the audit
alone `--runs` times (CPU time of this process) and its parts per report: parts, timeliness and
density; carried-over text; plan follow-through; claims. Also times writing the audit set
(csv, workbook, one chart per issuer). Figures are printed, never asserted: time is not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from figures import span  # noqa: E402  (benchmarks/ is the script's folder, first on sys.path)
from make_corpus import make_corpus  # noqa: E402

from compare.audit import audit_corpus  # noqa: E402
from compare.audit.carryover import carried_over  # noqa: E402
from compare.audit.density import density  # noqa: E402
from compare.audit.followthrough import follow_through  # noqa: E402
from compare.audit.parts import find_parts  # noqa: E402
from compare.audit.timeliness import timeliness  # noqa: E402
from compare.extract.lexicon import load_lexicon  # noqa: E402
from compare.pipeline import compute  # noqa: E402
from compare.write.auditout import write_audit  # noqa: E402


def _cpu(fn: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.process_time()
        fn()  # type: ignore[operator]
        out.append(time.process_time() - t)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issuers", type=int, default=20)
    parser.add_argument("--years", default="2019-2023")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args(argv)
    first, last = (int(y) for y in args.years.split("-"))
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench_audit_"))
    corpus_dir = base / "corpus"
    if not corpus_dir.exists():
        make_corpus(corpus_dir, args.issuers, range(first, last + 1))
    lex = load_lexicon()
    job = compute([corpus_dir], lex, jobs=1, cache_dir=base / "cache")
    corpus, changes = job.corpus, job.indicators.changes
    reports = corpus.reports
    n = len(reports)
    pairs = [(a, b) for s in corpus.series for a, b in zip(s.reports, s.reports[1:], strict=False)]
    print(f"{n} reports, {len(pairs)} consecutive pairs, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    from compare.extract.result import analyse
    results = {r: analyse(r, lex) for r in reports}
    whole = _cpu(lambda: audit_corpus(corpus, changes, results, lex), args.runs)
    print(f"audit_corpus: {span(whole)} s CPU, {span([1000 * w / n for w in whole])} ms per report")
    parts = _cpu(lambda: [(find_parts(r), timeliness(r), density(r, results[r].indicators)) for r in reports],
                 args.runs)
    print(f"  parts + timeliness + density: {span([1000 * w / n for w in parts])} ms per report")
    carry = _cpu(lambda: [carried_over(a, b) for a, b in pairs], args.runs)
    print(f"  carried-over text: {span([1000 * w / max(len(pairs), 1) for w in carry])} ms per pair")
    follow = _cpu(lambda: [follow_through(a, b) for a, b in pairs], args.runs)
    print(f"  plan follow-through: {span([1000 * w / max(len(pairs), 1) for w in follow])} ms per pair")
    tables = audit_corpus(corpus, changes, results, lex).tables
    write = _cpu(lambda: write_audit(base / "out", tables), 1)
    print(f"writing the audit set ({len(corpus.series)} charts): {span(write)} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
