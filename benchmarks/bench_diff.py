"""Benchmark of the section diff: the text engine, report pairing and the three renderers.

    python benchmarks/bench_diff.py

Inputs: the seed report against a deterministic edit of itself (numbers changed, sentences
reworded, moved, deleted and inserted: a typical next-year report), the same edit of a report ten
times the seed's size (over PAIR_MAX_CELLS: the SequenceMatcher fallback), a worst case (every
sentence shuffled), and the fixture corpus's consecutive pairs. Prints median seconds and peak
Python memory (tracemalloc) per step, and the diff's counts so that a change in behaviour shows
next to a change in speed.
"""

from __future__ import annotations

import itertools
import random
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compare import load, load_bytes  # noqa: E402
from compare.across.diff import count_ops, diff_reports, diff_text, split_sentences  # noqa: E402
from compare.write.diffrender import render_side_by_side, render_unified  # noqa: E402
from compare.write.htmldiff import render_html  # noqa: E402

SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
if not SEED.exists():
    SEED = ROOT.parent / "shared" / "seeds" / "beibei_2020_rule_of_law_report.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
RUNS = 5


def edit(text: str, seed: int = 0) -> str:
    """A next-year version of `text`: in ~15% of sentences a number changes, ~10% are reworded
    (a phrase inserted), ~3% deleted, ~3% moved elsewhere in their paragraph, ~3% new ones."""
    rng = random.Random(seed)
    out = []
    for line in text.split("\n"):
        sents = split_sentences(line)
        new: list[str] = []
        moved: list[str] = []
        for s in sents:
            r = rng.random()
            if r < 0.15 and re.search(r"\d", s):
                s = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 30)), s, count=1)
            elif r < 0.25 and len(s) > 10:
                k = rng.randrange(2, len(s) - 2)
                s = s[:k] + "进一步" + s[k:]
            elif r < 0.28:
                continue
            elif r < 0.31 and len(s) > 15:
                moved.append(s)
                continue
            elif r < 0.34:
                new.append("新增加的一项工作安排，全面推进依法行政。")
            new.append(s)
        for s in moved:
            new.insert(rng.randrange(0, len(new) + 1), s)
        out.append("".join(new))
    return "\n".join(out)


def shuffled(text: str, seed: int = 0) -> str:
    sents = split_sentences(text)
    random.Random(seed).shuffle(sents)
    return "".join(sents)


def measure(label: str, fn: Callable[[], Any]) -> Any:
    times = []
    result = None
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<58} {statistics.median(times) * 1000:9.1f} ms  peak {peak / 2**20:6.1f} MiB")
    return result


def main() -> None:
    seed_text = SEED.read_text(encoding="utf-8")
    next_text = edit(seed_text)
    # Ten copies made distinct (a real report does not repeat itself; identical copies would make
    # any sequence matcher pair copy 1 with copy 7).
    big_old = "\n".join("".join(f"{s[:1]}{k}{s[1:]}" for s in split_sentences(seed_text)) for k in range(10))
    big_new = edit(big_old, seed=1)
    print(f"seed: {len(seed_text):,} chars, {len(split_sentences(seed_text))} sentences; "
          f"10x: {len(big_old):,} chars; median of {RUNS} runs")

    ops = measure("diff_text seed vs edited (whole text)", lambda: diff_text(seed_text, next_text))
    print(f"{'':<58} counts (ins, del, changed, moved) = {count_ops(ops)}")
    ops = measure("diff_text 10x seed vs edited (whole text)", lambda: diff_text(big_old, big_new))
    print(f"{'':<58} counts = {count_ops(ops)}")
    ops = measure("diff_text seed vs all sentences shuffled (worst case)",
                  lambda: diff_text(seed_text, shuffled(seed_text)))
    print(f"{'':<58} counts = {count_ops(ops)}")

    old_r = load_bytes(seed_text.encode(), "old.txt")
    new_r = load_bytes(next_text.encode(), "new.txt")
    diffs = measure("diff_reports seed vs edited (align + per-section diffs)", lambda: diff_reports(old_r, new_r))
    changed = sum(d.changed for d in diffs)
    print(f"{'':<58} {len(diffs)} section pairs, {changed} changed")
    measure("render_unified (plain)", lambda: render_unified(diffs))
    measure("render_side_by_side width 120 (plain)", lambda: render_side_by_side(diffs, width=120))
    page = measure("render_html", lambda: render_html([(old_r, new_r, diffs)], "bench"))
    print(f"{'':<58} page {len(page.encode()) / 1024:.0f} KiB")

    pairs = []
    for folder in sorted(p for p in FIXTURES.glob("*") if p.is_dir()):
        files = sorted(folder.glob("*.txt"))
        reports = [load(f) for f in files]
        pairs += list(itertools.pairwise(reports))
    if pairs:
        def all_pairs() -> list[Any]:
            return [(a, b, diff_reports(a, b)) for a, b in pairs]

        done = measure(f"diff_reports over the fixture corpus ({len(pairs)} consecutive pairs)", all_pairs)
        measure("render_html of all fixture pairs in one page", lambda: render_html(done, "corpus"))


if __name__ == "__main__":
    main()
