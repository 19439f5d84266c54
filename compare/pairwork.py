"""The per-pair work of a corpus (section alignment, and section diffs for `compare`), for every
issuer's consecutive reports at once: in worker processes (`jobs`) and through the cache of earlier
results (compare.cache), the way compare.engine runs the per-report stage.

A pair's alignment and diffs are a pure function of the two reports, and a report is a pure
function of its file's bytes, name and overrides: the cache key (`pair_key`) hashes those of both
reports, what is computed (measures, diffs) and the toolkit's code fingerprint. So a rerun with
nothing changed reads every pair from the cache, and a corpus with one new year computes only the
new pairs. A series is one task: each report is prepared for alignment once (compare.across.units)
and sent to a worker once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from compare.across import align
from compare.across.align import SeriesAlignment, align_sections
from compare.across.diff import SectionDiff, diff_reports
from compare.across.units import SectionUnits, section_units
from compare.cache import ResultCache, code_fingerprint
from compare.models import Report, SectionMatch
from compare.read.corpus import Corpus

#: A progress callback: (what is being done, steps done, steps in total), as compare.pipeline's.
Progress = Callable[[str, int, int], None]

#: Fewer pairs than this to compute run in this process whatever `jobs` says (a pool costs more
#: than it saves on a few 20 ms pairs).
MIN_POOL_PAIRS = 32

#: What one pair gives: its alignment and, when asked for, its section diffs.
PairResult = tuple[tuple[SectionMatch, ...], tuple[SectionDiff, ...] | None]


@dataclass(frozen=True)
class PairWork:
    """The pairs of a corpus, in `corpus.series` order: `alignments[k][t]` pairs reports t and t+1
    of series k; `diffs[k][t]` their section diffs (None when not asked for)."""

    alignments: tuple[SeriesAlignment, ...]
    diffs: tuple[tuple[tuple[SectionDiff, ...] | None, ...], ...]


def pair_key(old: Report, new: Report, *, measures: bool, diffs: bool) -> str:
    """The cache key of one pair's result: both reports' identity (file hash, name, year, issuer),
    what is computed and the toolkit's code fingerprint."""
    def ident(r: Report) -> list[object]:
        return [r.sha256, r.source, r.year, r.issuer, len(r.text)]

    parts = {"kind": "pair", "code": code_fingerprint(), "old": ident(old), "new": ident(new),
             "measures": measures, "diffs": diffs}
    return "pair:" + hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def compute_pairs(reports: Sequence[Report], wanted: Sequence[int], measures: bool, diffs: bool) -> list[PairResult]:
    """Pairs t (reports t and t + 1) for t in `wanted`, each report prepared once."""
    units: dict[int, SectionUnits] = {}

    def prepared(t: int) -> SectionUnits:
        if t not in units:
            units[t] = section_units(reports[t])
        return units[t]

    out: list[PairResult] = []
    for t in wanted:
        old, new = reports[t], reports[t + 1]
        matches = align_sections(old, new, measures=measures, units=(prepared(t), prepared(t + 1)))
        out.append((matches, diff_reports(old, new, matches=matches) if diffs else None))
    return out


_Task = tuple[tuple[Report, ...], tuple[int, ...], bool, bool]


def _run(task: _Task) -> list[PairResult]:
    return compute_pairs(*task)


def pair_work(corpus: Corpus, *, measures: bool = True, diffs: bool = True, jobs: int = 1,
              cache_dir: Path | None = None, progress: Progress | None = None,
              ready: Callable[[int, SeriesAlignment], None] | None = None) -> PairWork:
    """Every issuer's consecutive reports aligned (and diffed with `diffs`), each pair once: from
    the cache in `cache_dir` when there (None: no cache), else computed in `jobs` processes. The
    result is the same for any `jobs` and with or without the cache. `ready(k, alignment)` is
    called for each series k in order as soon as its pairs are all in, while workers go on with
    later series (the caller's work on series k overlaps theirs)."""
    series = [tuple(s.reports) for s in corpus.series]
    keys = [[pair_key(r[t], r[t + 1], measures=measures, diffs=diffs) for t in range(len(r) - 1)] for r in series]
    found: dict[str, object] = {}
    if cache_dir is not None and any(keys) and (cache := ResultCache.open(cache_dir)) is not None:
        with cache:
            found = cache.get_many(k for ks in keys for k in ks)
    results: list[list[PairResult | None]] = [[_valid(found.get(k)) for k in ks] for ks in keys]
    if progress and found:
        progress("aligning: pairs read from the cache", sum(r is not None for rs in results for r in rs),
                 sum(map(len, keys)))
    todo = [(k, (series[k], tuple(t for t, r in enumerate(rs) if r is None), measures, diffs))
            for k, rs in enumerate(results)]
    todo = [(k, task) for k, task in todo if task[1]]
    total = sum(len(task[1]) for _, task in todo)
    done = 0
    computed: dict[str, PairResult] = {}
    told = _tell(ready, results, 0)
    for (k, task), outs in zip(todo, _map([task for _, task in todo], jobs, total), strict=True):
        for t, res in zip(task[1], outs, strict=True):
            results[k][t] = res
            computed[keys[k][t]] = res
        done += len(task[1])
        if progress:
            progress(f"aligning {corpus.series[k].key or corpus.series[k].name}", done, total)
        told = _tell(ready, results, told)
    if cache_dir is not None and computed and (cache := ResultCache.open(cache_dir)) is not None:
        with cache:
            cache.put_many(computed)
    full = [[r for r in rs if r is not None] for rs in results]
    return PairWork(alignments=tuple(tuple(m for m, _ in rs) for rs in full),
                    diffs=tuple(tuple(d for _, d in rs) for rs in full))


def _tell(ready: Callable[[int, SeriesAlignment], None] | None, results: list[list[PairResult | None]],
          told: int) -> int:
    """`ready` of the series from `told` on whose pairs are all in; the next series to tell."""
    while ready is not None and told < len(results) and all(r is not None for r in results[told]):
        ready(told, tuple(r[0] for r in results[told] if r is not None))
        told += 1
    return told


def _map(tasks: list[_Task], jobs: int, pairs: int) -> Iterator[list[PairResult]]:
    if jobs <= 1 or pairs < MIN_POOL_PAIRS or len(tasks) < 2:
        yield from (_run(t) for t in tasks)
        return
    from compare.engine import _context  # one rule for how worker processes start

    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=_context()) as pool:
        yield from pool.map(_run, tasks, chunksize=max(1, min(4, len(tasks) // (jobs * 4))))


def _valid(hit: object) -> PairResult | None:
    """A cached pair result of the right shape, else None (a bad entry is recomputed)."""
    if (isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], tuple)
            and all(isinstance(m, SectionMatch) for m in hit[0])
            and (hit[1] is None or (isinstance(hit[1], tuple) and all(isinstance(d, SectionDiff) for d in hit[1])))):
        return hit
    return None


def align_corpus(corpus: Corpus, *, measures: bool = True,
                 progress: Progress | None = None) -> tuple[SeriesAlignment, ...]:
    """Every issuer's consecutive reports aligned, each pair exactly once, in `corpus.series` order:
    the one alignment every later stage takes (section sheets, diffs, indicator matching).
    `measures=False` when only the pairs are needed (`changes`: the measures are for the sheets)."""
    total = sum(max(len(s.reports) - 1, 0) for s in corpus.series)
    out: list[SeriesAlignment] = []
    done = 0
    for s in corpus.series:
        if progress and len(s.reports) > 1:
            progress(f"aligning {s.key or s.name} {s.reports[0].year}→{s.reports[-1].year}", done, total)
        out.append(align.align_series(s.reports, measures=measures))
        done += max(len(s.reports) - 1, 0)
    if progress:
        progress("aligned", total, total)
    return tuple(out)
