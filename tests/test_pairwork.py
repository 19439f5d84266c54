"""The per-pair work of a corpus (compare.pairwork): the same for any number of processes and with
or without the cache; a rerun reads every pair from the cache; a bad entry is recomputed."""

from __future__ import annotations

from pathlib import Path

import pytest

import compare.pairwork as pairwork
from compare.across.align import align_series
from compare.across.diff import diff_reports
from compare.cache import ResultCache
from compare.read.corpus import Corpus, load_corpus

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus([CORPUS])


def test_pairs_are_the_alignments_and_diffs_of_each_series(corpus: Corpus) -> None:
    work = pairwork.pair_work(corpus)
    assert work.alignments == tuple(align_series(s.reports) for s in corpus.series)
    for s, diffs, alignment in zip(corpus.series, work.diffs, work.alignments, strict=True):
        for t, (d, matches) in enumerate(zip(diffs, alignment, strict=True)):
            assert d == diff_reports(s.reports[t], s.reports[t + 1], matches=matches)


def test_two_processes_give_the_same_pairs(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pairwork, "MIN_POOL_PAIRS", 1)
    assert pairwork.pair_work(corpus, jobs=2) == pairwork.pair_work(corpus, jobs=1)


def test_a_rerun_reads_every_pair_from_the_cache(corpus: Corpus, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = pairwork.pair_work(corpus, cache_dir=tmp_path)
    computed: list[int] = []
    real = pairwork.compute_pairs

    def counting(*args: object) -> object:
        computed.append(len(args[1]))  # type: ignore[arg-type]
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pairwork, "compute_pairs", counting)
    assert pairwork.pair_work(corpus, cache_dir=tmp_path) == first
    assert computed == []
    # what is computed is part of the key: pairs without measures are computed, not served
    pairwork.pair_work(corpus, measures=False, diffs=False, cache_dir=tmp_path)
    assert sum(computed) == sum(len(s.reports) - 1 for s in corpus.series)


def test_a_bad_cache_entry_is_recomputed(corpus: Corpus, tmp_path: Path) -> None:
    first = pairwork.pair_work(corpus, cache_dir=tmp_path)
    s = corpus.series[0]
    key = pairwork.pair_key(s.reports[0], s.reports[1], measures=True, diffs=True)
    cache = ResultCache.open(tmp_path)
    assert cache is not None
    with cache:
        cache.put_many({key: ("not", "a pair result")})
    assert pairwork.pair_work(corpus, cache_dir=tmp_path) == first


def test_the_key_changes_with_either_report(corpus: Corpus) -> None:
    a, b, c = max(corpus.series, key=lambda s: len(s.reports)).reports[:3]
    keys = {pairwork.pair_key(x, y, measures=True, diffs=True) for x, y in ((a, b), (b, c), (b, a))}
    assert len(keys) == 3
    assert pairwork.pair_key(a, b, measures=True, diffs=True) != pairwork.pair_key(a, b, measures=True, diffs=False)
