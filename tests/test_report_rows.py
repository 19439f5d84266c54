"""The rows `compare` builds from its report pairs and lone reports: each pair's alignment and diffs
come from compare.pairwork (never diffed again), and a lone report's parts are listed once on the
Sections sheet and once on the Section diffs sheet, from the same walk over its parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare import pairwork, pipeline, single
from compare.across.diff import diff_reports
from compare.extract.lexicon import load_lexicon
from compare.read.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
JIALING = ROOT / "tests" / "fixtures" / "corpus" / "jialing"

#: Columns a lone part's Sections row and Section diffs row both hold.
SHARED = ("issuer", "year_old", "year_new", "old_path", "new_path", "old_title", "new_title", "status")


def test_report_pairs_take_the_diffs_of_pairwork() -> None:
    corpus = load_corpus([JIALING])
    work = pairwork.pair_work(corpus)
    pairs = pipeline.report_pairs(corpus, work.alignments, work.diffs)
    assert [(p.old.year, p.new.year) for p in pairs] == [(2019, 2020), (2020, 2021)]
    assert [p.diffs for p in pairs] == [d for series in work.diffs for d in series]
    assert pairs[0].diffs == tuple(diff_reports(pairs[0].old, pairs[0].new, matches=pairs[0].matches))


def test_report_pairs_without_diffs_is_a_caller_error() -> None:
    corpus = load_corpus([JIALING])
    work = pairwork.pair_work(corpus, diffs=False)
    with pytest.raises(ValueError, match="diffs=True"):
        pipeline.report_pairs(corpus, work.alignments, work.diffs)


def test_a_lone_reports_parts_are_the_same_rows_on_both_sheets() -> None:
    corpus = load_corpus([JIALING, SEED])
    lone = single.lone_reports(corpus, load_lexicon())
    sections, diffs = single.section_rows(lone), single.section_diff_rows(lone, 7)
    parts = [s for s in lone[0].report.sections if s.end > s.start]
    assert len(sections) == len(diffs) == len(parts) > 0
    assert [tuple(r[c] for c in SHARED) for r in sections] == [tuple(r[c] for c in SHARED) for r in diffs]
    assert [r["pair_index"] for r in diffs] == list(range(7, 7 + len(parts)))
    assert [r["ops"][0].new for r in diffs] == [s.text for s in parts]


def test_the_lone_rows_close_the_sections_sheet_and_the_diffs_link_to_them() -> None:
    job = pipeline.compute([JIALING, SEED], load_lexicon(), jobs=1)
    sections, diffs = job.sections, job.section_diffs
    lone = diffs[diffs["status"] == single.ONLY_ONE_YEAR]
    first = len(sections) - len(lone)
    assert (sections["status"].iloc[:first] != single.ONLY_ONE_YEAR).all()
    assert lone["pair_index"].tolist() == list(range(first, len(sections)))
    assert sections["new_path"].iloc[first:].tolist() == lone["new_path"].tolist()
