"""Benchmark and measurement for section alignment and the changes table.

    python benchmarks/bench_align.py            # timings (align 40x40 sections, changes for 10 years)
    python benchmarks/bench_align.py --measure  # similarity choice: accuracy on the fixtures' gold pairs
    python benchmarks/bench_align.py --scale    # 100 / 300 / 1,000 / 3,000 headings and 40,000 tiny ones

Inputs are generated deterministically from tests/fixtures/corpus (no network, no wall-clock in
results other than the timings themselves).
"""

from __future__ import annotations

import os

# Targets are for one core: keep BLAS (used by pandas/numpy) to one thread.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import csv
import difflib
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compare import load_bytes  # noqa: E402
from compare.across import align, scores, similarity  # noqa: E402
from compare.across.changes import changes_table  # noqa: E402
from compare.models import Report  # noqa: E402
from compare.read.corpus import group_reports  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
RUNS = 30


# ---------------------------------------------------------------- synthetic inputs
_MARKER = re.compile(r"^(?:\d+[.．]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)")


def _sentences() -> tuple[list[str], list[str]]:
    """Report sentences from the fixtures and the seed: (with figures, without figures)."""
    figures: list[str] = []
    prose: list[str] = []
    files = [*sorted(FIXTURES.rglob("*.txt")), ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"]
    for f in files:
        if not f.exists():
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            for s in line.strip().split("。"):
                if len(s) < 12 or _MARKER.match(s):
                    continue
                (figures if re.search(r"\d", s) else prose).append(s + "。")
    return figures, prose


def synthetic_report_text(year: int, n_themes: int = 8, n_items: int = 4, seed: int = 0) -> str:
    """A report of n_themes x n_items numbered items (plus the themes: 40 headings by default).
    Later years edit the text like real reports: numbers change, one item is reworded per theme,
    two themes swap places."""
    rnd = random.Random(seed)
    figures, prose = _sentences()
    themes = []
    for t in range(n_themes):
        items = []
        for k in range(n_items):
            title = f"推进第{'一二三四五六七八九十'[t % 10]}类重点工作{'甲乙丙丁戊己'[k % 6]}项任务落实"
            # One sentence with figures and two without: the seed's density (67 indicators in
            # 7,490 characters, 40 headings).
            body = rnd.choice(figures) + "".join(rnd.sample(prose, 2))
            items.append((title, body))
        themes.append((f"围绕{'组织执法复议应诉普法决策职能监督调解审核'[t * 2:t * 2 + 2]}强化法治保障", items))
    rnd2 = random.Random(seed * 1000 + year)
    if year % 2:
        themes[1], themes[2] = themes[2], themes[1]
    lines = [f"嘉陵区人民政府关于{year}年度法治政府建设情况的报告", "",
             f"{year}年，嘉陵区政府扎实推进法治政府建设。", ""]
    cn = "一二三四五六七八九十"
    for t, (ttitle, items) in enumerate(themes):
        lines += [f"{cn[t]}、{ttitle}", ""]
        for k, (title, body) in enumerate(items):
            if rnd2.random() < 0.25:
                title = title.replace("推进", "深化")
            body = re.sub(r"\d+", lambda m: str(int(m.group()) + rnd2.randint(0, 9)), body)
            lines += [f"（{cn[k]}）{title}。{body}", ""]
    lines += ["嘉陵区人民政府", f"{year + 1}年1月15日"]
    return "\n".join(lines)


def synthetic_report(year: int) -> Report:
    return load_bytes(synthetic_report_text(year).encode("utf-8"), f"synthetic_{year}.txt")


# ---------------------------------------------------------------- similarity measurement
Scorer = Callable[[list, list], np.ndarray]


def _pairwise(old: list, new: list, sim: Callable[[str, str], float], title_only: bool = False) -> np.ndarray:
    m = np.zeros((len(old), len(new)))
    for i, o in enumerate(old):
        for j, n in enumerate(new):
            t = sim(o.section.title, n.section.title)
            if title_only or not (o.content.strip() and n.content.strip()):
                m[i, j] = t
            else:
                m[i, j] = scores.TITLE_WEIGHT * t + (1 - scores.TITLE_WEIGHT) * sim(o.content, n.content)
    roles_o = [o.section.role for o in old]
    roles_n = [n.section.role for n in new]
    for i, ro in enumerate(roles_o):
        for j, rn in enumerate(roles_n):
            if ro and rn and ro != rn:
                m[i, j] = -1
    return m


def _rf(a: str, b: str) -> float:
    return fuzz.ratio(similarity.normalise_text(a), similarity.normalise_text(b)) / 100


def _difflib(a: str, b: str) -> float:
    norm = similarity.normalise_text
    return difflib.SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


def _bigram_title_only(old: list, new: list) -> np.ndarray:
    def sim(a: str, b: str) -> float:
        return similarity.cosine(similarity.bigrams(a), similarity.bigrams(b))
    return _pairwise(old, new, sim, title_only=True)


SCORERS: dict[str, Scorer] = {
    "bigram TF-IDF title+text (chosen)": scores.score_matrix,
    "bigram cosine title only": _bigram_title_only,
    "rapidfuzz ratio title+text": lambda o, n: _pairwise(o, n, _rf),
    "difflib ratio title+text": lambda o, n: _pairwise(o, n, _difflib),
}


def measure() -> None:
    """Accuracy of each similarity on the gold pairs (same assignment, thresholds and statuses)."""
    gold: dict[tuple[str, str], set[tuple[str, str]]] = {}
    with (FIXTURES / "gold_pairs.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            gold.setdefault((row["old_file"], row["new_file"]), set()).add((row["old_path"], row["new_path"]))
    total = sum(len(v) for v in gold.values())
    print(f"gold: {total} rows over {len(gold)} report pairs")
    for name, scorer in SCORERS.items():
        hits, secs = 0, 0.0
        for (a, b), want in gold.items():
            ra, rb = (load_bytes((FIXTURES / p).read_bytes(), p) for p in (a, b))
            uo, un = list(align.section_units(ra)), list(align.section_units(rb))
            t0 = time.perf_counter()
            got = {(m.old_path, m.new_path) for m in align.align_units(uo, un, scorer(uo, un))}
            secs += time.perf_counter() - t0
            hits += len(got & want)
        print(f"  {name:38s} {hits:3d}/{total} rows  {secs * 1000:8.1f} ms")


# ---------------------------------------------------------------- timings
def _time(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """Median seconds per call; the minimum is printed too (the machine may be shared: the minimum
    is the best estimate of the cost on an idle core)."""
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times)


def bench_align() -> None:
    old, new = synthetic_report(2020), synthetic_report(2021)
    print(f"align: {len(old.headings)} x {len(new.headings)} headings, "
          f"{len(old.text)} / {len(new.text)} characters")
    def ours_cold() -> None:
        align.align_sections(old, new)

    ours, ours_min = _time(ours_cold)
    uo, un = list(align.section_units(old)), list(align.section_units(new))

    def naive() -> None:
        for o in uo:
            for n in un:
                difflib.SequenceMatcher(None, o.section.title + o.content, n.section.title + n.content,
                                        autojunk=False).ratio()

    base, base_min = _time(naive, runs=3)
    print(f"  align_sections            median {ours * 1000:8.2f} ms  min {ours_min * 1000:8.2f} ms"
          "   (target < 50 ms)")
    print(f"  naive difflib every pair  median {base * 1000:8.2f} ms  min {base_min * 1000:8.2f} ms"
          f"   ratio naive/ours {base / ours:6.1f}x (medians), {base_min / ours_min:6.1f}x (minima)")


def bench_changes() -> None:
    corpus = group_reports(synthetic_report(y) for y in range(2012, 2022))
    rows = len(changes_table(corpus))
    def cold() -> None:
        changes_table(corpus)

    t, t_min = _time(cold, runs=5)
    print(f"changes_table: 10 years of one issuer, {rows} rows  median {t * 1000:8.1f} ms"
          f"  min {t_min * 1000:8.1f} ms   (target < 500 ms)")


def bench_scale() -> None:
    """Align pairs of growing reports (tests/scale.py): seconds (CPU of this process) and the pair
    similarities computed, which blocking keeps linear in the headings."""
    from compare.across.scores import score_pairs
    from compare.across.units import make_units
    from tests.scale import sections_report, tiny_sections_report

    cases = [(f"{n:>6,} headings", sections_report(2020, n), sections_report(2021, n)) for n in (100, 300, 1000, 3000)]
    cases.append(("40,000 tiny items", tiny_sections_report(2021), tiny_sections_report(2022)))
    for name, a, b in cases:
        old, new = load_bytes(a.encode(), "a_2020.txt"), load_bytes(b.encode(), "a_2021.txt")
        t0 = time.process_time()
        align.align_sections(old, new)
        cpu = time.process_time() - t0
        computed = score_pairs(make_units(old), make_units(new)).computed
        print(f"  align {name}: {cpu:7.2f} CPU-s   pair similarities {computed:>10,} "
              f"({computed / len(old.headings):.0f} per heading)")


if __name__ == "__main__":
    if "--measure" in sys.argv:
        measure()
    elif "--scale" in sys.argv:
        bench_scale()
    else:
        bench_align()
        bench_changes()
