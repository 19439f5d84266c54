"""The `changes` job (compare.changesjob): the table is the one changes_table computes from the
corpus and its alignments, however the series' matching is interleaved with the alignment
(pair_work's `ready`), with one process or two, with or without the cache of pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

import compare.pairwork as pairwork
from compare.across.align import SeriesAlignment
from compare.across.changes import changes_table
from compare.changesjob import corpus_changes
from compare.extract.lexicon import load_lexicon
from compare.read.corpus import Corpus, load_corpus

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
EXAMPLES = Path(__file__).parent.parent / "examples" / "reports"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus([CORPUS, EXAMPLES])


def test_ready_tells_each_series_once_in_order_with_its_alignment(corpus: Corpus, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pairwork, "MIN_POOL_PAIRS", 1)
    for jobs, cache in ((1, None), (2, None), (2, tmp_path), (1, tmp_path)):  # the last: all from the cache
        told: list[tuple[int, SeriesAlignment]] = []
        work = pairwork.pair_work(corpus, measures=False, diffs=False, jobs=jobs, cache_dir=cache,
                                  ready=lambda k, a, told=told: told.append((k, a)))
        assert [k for k, _ in told] == list(range(len(corpus.series)))
        assert tuple(a for _, a in told) == work.alignments


def test_the_job_gives_the_table_of_changes_table(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pairwork, "MIN_POOL_PAIRS", 1)
    lexicon = load_lexicon()
    want = changes_table(corpus, lexicon)
    for jobs in (1, 2):
        _, got = corpus_changes([CORPUS, EXAMPLES], jobs=jobs, lexicon=lexicon)
        assert got.to_csv(index=False) == want.to_csv(index=False)
