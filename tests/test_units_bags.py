"""Bigram bags as integer keys (compare.across.units.bigram_bags) hold what a Counter of the
bigram strings held, in its order (first occurrence): the alignment scores sum in that order, so
the same order keeps them bit for bit. Each unit computes its title key once."""

from __future__ import annotations

from collections import Counter

import pytest

from compare.across.similarity import bag, fold_numbers, title_key
from compare.across.similarity import containment as similarity_containment
from compare.across.units import bigram_bags, containment, key_strings, make_units
from compare.read.loading import load_bytes
from tests.conftest import SEED

TEXTS = ["", "法", "法治", "法治政府法治政府建设法治", "aa", "aaa", "𠮷野家𠮷野", "0年0件", "x", "", "依法行政依法"]


def _as_counter(keys_counts: tuple) -> Counter[str]:
    keys, counts = keys_counts
    return Counter(dict(zip(key_strings(keys), counts.tolist(), strict=True)))


def test_bags_are_the_counters_of_the_bigram_strings_in_their_order() -> None:
    got = bigram_bags(TEXTS)
    assert len(got) == len(TEXTS)
    for text, kc in zip(TEXTS, got, strict=True):
        want = bag(text)
        have = _as_counter(kc)
        assert have == want, text
        assert list(have) == list(want), f"order differs for {text!r}"


@pytest.mark.parametrize("texts", [[], [""], ["", ""], ["法"]])
def test_bags_of_nothing_and_of_one_character(texts: list[str]) -> None:
    assert [_as_counter(kc) for kc in bigram_bags(texts)] == [bag(t) for t in texts]


def _counter_bags(report) -> list[tuple[Counter[str], Counter[str], Counter[str]]]:
    """(title, content, own) bags as make_units built them with Counters (the reference)."""
    from compare.across.similarity import normalise_text
    from compare.across.units import subtree_ends

    heads = list(report.headings)
    ends = subtree_ends(heads)
    out = []
    for i, s in enumerate(heads):
        full = report.text[s.start:ends[i]]
        pos = full.find(s.title) if s.title else -1
        content = full[pos + len(s.title):] if pos >= 0 else (s.body or "")
        leaf = i + 1 >= len(heads) or heads[i + 1].level <= s.level
        title_bag = bag(fold_numbers(normalise_text(s.title)))
        content_bag = bag(fold_numbers(normalise_text(content)))
        own = title_bag + content_bag if leaf else bag(fold_numbers(normalise_text(s.title + s.body)))
        out.append((title_bag, content_bag, own))
    return out


def test_units_hold_the_bags_the_counters_gave() -> None:
    report = load_bytes(SEED.read_bytes(), SEED.name)
    units = make_units(report)
    assert len(units) > 10
    for u, (title, content, own) in zip(units, _counter_bags(report), strict=True):
        assert u.title_key == title_key(u.section.title)
        assert list(u.title_bag.items()) == list(title.items())
        assert list(u.content_bag.items()) == list(content.items())
        assert set(key_strings(u.own_terms)) == set(own)
        assert list(u.own_terms) == sorted(set(u.own_terms.tolist()))


def test_containment_of_sorted_bigram_sets() -> None:
    import numpy as np

    def keys(*texts: str) -> np.ndarray:
        return np.unique(np.concatenate([k for k, _ in bigram_bags(list(texts))]))

    a, b = keys("法治政府建设"), keys("法治政府", "政府建设年度")
    assert containment(a, b) == similarity_containment(bag("法治政府建设"), bag("法治政府") + bag("政府建设年度")) == 1.0
    assert containment(b, a) == similarity_containment(bag("法治政府") + bag("政府建设年度"), bag("法治政府建设")) == 5 / 7
    assert containment(a[:0], b) == 0.0


def test_bag_cosine_and_jaccard_are_the_counters_to_the_bit() -> None:
    from compare.across.similarity import cosine, jaccard
    from compare.across.units import bag_cosine, bag_jaccard

    texts = [*TEXTS, "法治政府建设年度报告法治", "政府建设年度报告", "报告", "告"]
    bags = bigram_bags(texts)
    for a, ba in zip(texts, bags, strict=True):
        for b, bb in zip(texts, bags, strict=True):
            assert bag_cosine(ba, bb) == cosine(bag(a), bag(b)), (a, b)
            assert bag_jaccard(ba, bb) == jaccard(bag(a), bag(b)), (a, b)
