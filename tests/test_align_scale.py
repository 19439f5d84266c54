"""Alignment at scale: the work grows linearly with the headings (pair similarities counted, not
timed), blocked scoring agrees with exact scoring, and the linear helpers agree with their
definitions."""

from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import Levenshtein

from compare import load_bytes
from compare.across import scores
from compare.across.align import align_sections, align_units
from compare.across.scores import score_pairs
from compare.across.similarity import bounded_edit_similarity, chunked_edit_similarity
from compare.across.units import make_units, subtree_ends
from compare.models import Report
from tests.scale import sections_report, tiny_sections_report


def _pair(n: int) -> tuple[Report, Report]:
    return (load_bytes(sections_report(2020, n).encode(), "a_2020.txt"),
            load_bytes(sections_report(2021, n).encode(), "a_2021.txt"))


@pytest.mark.parametrize("n", [1000, 3000])
def test_pair_similarities_computed_grow_linearly(n: int) -> None:
    old, new = _pair(n)
    sc = score_pairs(make_units(old), make_units(new))
    assert sc.dense is None  # above DENSE_MAX_CELLS: blocked
    # each old heading is scored against a bounded number of new ones (window, same titles, rare bigrams)
    assert sc.computed <= 50 * n, sc.computed


def test_tiny_sections_are_scored_against_a_bounded_number_of_candidates() -> None:
    text_a, text_b = tiny_sections_report(2021, 8000), tiny_sections_report(2022, 8000)
    ua = make_units(load_bytes(text_a.encode(), "t_2021.txt"))
    ub = make_units(load_bytes(text_b.encode(), "t_2022.txt"))
    sc = score_pairs(ua, ub)
    assert sc.computed <= 2 * (2 * scores.WINDOW + 1 + scores.SAME_TITLE_MAX) * len(ua)
    # every item has the same folded title (事项N): order decides, so each pairs with its own place
    rows = align_units(ua, ub, sc, measures=False)
    assert all(m.status == "unchanged" and m.old_path == m.new_path for m in rows)


def test_blocked_scoring_agrees_with_exact_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = _pair(300)
    exact = {(m.old_path, m.new_path, m.status) for m in align_sections(old, new)}
    monkeypatch.setattr(scores, "DENSE_MAX_CELLS", 0)
    blocked = {(m.old_path, m.new_path, m.status) for m in align_sections(old, new)}
    assert len(exact & blocked) >= 0.98 * len(exact)


def test_blocked_scores_equal_exact_scores_on_the_pairs_they_score(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = _pair(200)
    uo, un = make_units(old), make_units(new)
    dense = score_pairs(uo, un).dense
    assert dense is not None
    monkeypatch.setattr(scores, "DENSE_MAX_CELLS", 0)
    sparse = score_pairs(uo, un)
    assert sparse.dense is None and len(sparse.rows)
    for i, j, s in zip(sparse.rows, sparse.cols, sparse.vals, strict=True):
        assert s == pytest.approx(dense[i, j], abs=1e-12)


def _ends_by_definition(levels: list[int], ends: list[int]) -> list[int]:
    out = []
    for i, lv in enumerate(levels):
        end = ends[i]
        for k in range(i + 1, len(levels)):
            if levels[k] <= lv:
                break
            end = ends[k]
        out.append(end)
    return out


@pytest.mark.parametrize("seed", range(20))
def test_subtree_ends_agree_with_their_definition(seed: int) -> None:
    rnd = random.Random(seed)
    levels = [rnd.randint(1, 4) for _ in range(rnd.randint(0, 40))]

    class _Head:
        def __init__(self, level: int, end: int) -> None:
            self.level, self.end = level, end

    heads = [_Head(lv, 10 * (k + 1)) for k, lv in enumerate(levels)]
    assert subtree_ends(heads) == _ends_by_definition(levels, [h.end for h in heads])  # type: ignore[arg-type]


def test_edit_similarity_of_long_texts_is_chunked_and_exact_for_scattered_edits() -> None:
    rnd = random.Random(3)
    a = "".join(rnd.choice("推进法治政府建设年度报告行政复议执法监督") for _ in range(30_000))
    chars = list(a)
    for _ in range(200):
        chars[rnd.randrange(len(chars))] = rnd.choice("甲乙丙")
    b = "".join(chars)
    exact = Levenshtein.normalized_similarity(a, b)
    assert chunked_edit_similarity(a, b) == pytest.approx(exact, abs=0.002)
    assert chunked_edit_similarity(a, b) <= exact + 1e-12  # an upper bound of the distance
    assert bounded_edit_similarity("行政复议", "行政复议案件") == Levenshtein.normalized_similarity("行政复议", "行政复议案件")
    assert chunked_edit_similarity("", "") == 1.0
    assert chunked_edit_similarity(a, "") == 0.0
