"""The headings of one report prepared for alignment: normalised texts and bigram bags, computed
once per report (a report in a series is aligned against both neighbours).

A bag is held as integer keys (two code points in one int64) with counts, in the
order a Counter of the bigram strings would list them (first occurrence), so the scores built from
them sum in the same order and come out bit for bit as before. All bags of a report are counted in
one numpy pass over its texts: a Counter per title and per body was 4 of the 10 CPU-s that
aligning the 900 pairs of a 1,000-report corpus took."""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

import numpy as np

from compare.across.similarity import fold_numbers, normalise_text, title_key
from compare.models import Report, Section
from compare.textnorm import NON_WORD

#: Code points fit in 21 bits; a bigram key is first << 21 | second. A one-character text's bag
#: holds the character itself (similarity.bag), keyed with this first half, which no code point has.
_SHIFT = 21
_ONE = (1 << _SHIFT) - 1
_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class SectionUnit:
    """A heading prepared for alignment."""

    section: Section
    index: int  # position among the report's headings
    parent: int  # index of the parent heading, -1 for a top heading
    content: str  # body and sub-sections' text (without the heading's own title)
    own: str  # title + own body, normalised: what "unchanged" compares
    full: str  # title + content, normalised: what the Lazy-Prices measures compare
    title_key: str  # similarity.title_key of the title: what "same title" compares
    # Bags as bigram keys (`bigram_bags`) and counts, in first-occurrence order:
    title_terms: np.ndarray = field(compare=False)  # bigrams of the title, numbers folded
    title_counts: np.ndarray = field(compare=False)
    content_terms: np.ndarray = field(compare=False)  # bigrams of the content, numbers folded
    content_counts: np.ndarray = field(compare=False)
    leaf: bool  # no sub-sections: its own text is its title and content

    @cached_property
    def own_terms(self) -> np.ndarray:
        """Sorted distinct bigrams of `own`, numbers folded: what split / merge compare
        (`containment`). Made on first use: only sections left unpaired are ever asked."""
        if self.leaf:
            return np.union1d(self.title_terms, self.content_terms)
        return np.unique(bigram_bags([fold_numbers(self.own)])[0][0])

    @property
    def title_bag(self) -> Counter[str]:
        """The title's bigram bag as similarity.bag gives it (for inspection and tests)."""
        return Counter(dict(zip(key_strings(self.title_terms), self.title_counts.tolist(), strict=True)))

    @property
    def content_bag(self) -> Counter[str]:
        """The content's bigram bag as similarity.bag gives it (for inspection and tests)."""
        return Counter(dict(zip(key_strings(self.content_terms), self.content_counts.tolist(), strict=True)))


#: The headings of one report prepared for alignment (`section_units`): what a caller aligning one
#: report against both neighbours (a series of years) prepares once and passes to `align_sections`.
SectionUnits = tuple[SectionUnit, ...]


def section_units(report: Report) -> SectionUnits:
    """The headings of `report` prepared for alignment (normalised texts, bigram bags)."""
    return tuple(make_units(report))


def subtree_ends(heads: list[Section]) -> list[int]:
    """Where each heading's subtree ends: the end of its last descendant (the headings after it at
    a deeper level), or its own end for a leaf. One pass from the right with a stack of candidate
    "next heading at the same or a shallower level" (a rescan per heading was quadratic: 40,000
    headings under four parts took 5 s)."""
    n = len(heads)
    ends = [0] * n
    stack: list[int] = []
    for i in range(n - 1, -1, -1):
        level = heads[i].level
        while stack and heads[stack[-1]].level > level:
            stack.pop()
        nxt = stack[-1] if stack else n
        ends[i] = heads[nxt - 1].end if nxt - 1 > i else heads[i].end
        stack.append(i)
    return ends


def make_units(report: Report) -> list[SectionUnit]:
    """`section_units` as a list."""
    heads = list(report.headings)
    by_path = {s.path: i for i, s in enumerate(heads)}
    texts = _normalised(report, heads)
    # Bags of every title and content, in one pass.
    segments = [*(t for t, _, _, _ in texts), *(c for _, c, _, _ in texts)]
    bags = bigram_bags(fold_numbers("\x00".join(segments)).split("\x00"))
    n = len(heads)
    units = []
    for i, s in enumerate(heads):
        title_n, content_n, own, content = texts[i]
        (tk, tc), (ck, cc) = bags[i], bags[n + i]
        units.append(SectionUnit(section=s, index=i, parent=by_path.get(s.parent_path, -1), content=content,
                                 own=own, full=title_n + content_n, title_key=title_key(s.title),
                                 title_terms=tk, title_counts=tc, content_terms=ck, content_counts=cc,
                                 leaf=i + 1 >= n or heads[i + 1].level <= s.level))
    return units


def _normalised(report: Report, heads: list[Section]) -> list[tuple[str, str, str, str]]:
    """(title, content, own text: normalised; content as written) of each heading."""
    # NFKC is the costly step of normalisation: run it once over the whole text and slice, when it
    # keeps offsets (it does for full-width forms; not for e.g. ㎡ -> m2, then per section).
    nf = unicodedata.normalize("NFKC", report.text)
    same_offsets = bool(report.text) and len(nf) == len(report.text)
    ends = subtree_ends(heads)
    out = []
    for i, s in enumerate(heads):
        end = ends[i]
        full = report.text[s.start:end] if report.text else s.text
        # Drop the marker and title: what is left is the section's content.
        pos = full.find(s.title) if s.title else -1
        content = full[pos + len(s.title):] if pos >= 0 else (s.body or "")
        is_leaf = i + 1 >= len(heads) or heads[i + 1].level <= s.level
        if same_offsets and pos >= 0:
            a = s.start + pos
            b = a + len(s.title)
            title_n = NON_WORD.sub("", nf[a:b])
            content_n = NON_WORD.sub("", nf[b:end])
            own = title_n + content_n if is_leaf else NON_WORD.sub("", nf[a:s.end])
        else:
            title_n = normalise_text(s.title)
            content_n = normalise_text(content)
            own = title_n + content_n if is_leaf else normalise_text(s.title + s.body)
        out.append((title_n, content_n, own, content))
    return out


def key_strings(keys: np.ndarray) -> list[str]:
    """The bigram strings of bigram keys (first code point << 21 | second)."""
    return [(chr(k >> _SHIFT) if k >> _SHIFT != _ONE else "") + chr(k & _ONE) for k in keys.tolist()]


#: A bigram bag: (distinct bigram keys in first-occurrence order, their counts).
Bag = tuple[np.ndarray, np.ndarray]


def bigram_bags(texts: list[str]) -> list[Bag]:
    """The bag of each text: (distinct bigram keys in first-occurrence order, their counts), what
    a Counter of the bigram strings (similarity.bag) holds, for many texts in one numpy pass."""
    if not texts:
        return []
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    ends = np.cumsum(lens)
    total = int(ends[-1])
    first, second = codes.copy(), np.empty(total, dtype=np.int64)
    second[:-1] = codes[1:]
    last = ends[lens > 0] - 1  # each non-empty text's last character: no bigram starts there...
    single = lens[lens > 0] == 1
    valid = np.ones(total, dtype=bool)
    valid[last[~single]] = False
    first[last[single]] = _ONE  # ...except a one-character text, whose bag is the character
    second[last[single]] = codes[last[single]]
    keys = (first << _SHIFT | second)[valid]
    text_of = np.repeat(np.arange(len(texts)), lens)[valid]
    # Group equal (text, key): one sort of both in one int64 (keys < 2**42), else two.
    if len(texts) < 1 << (62 - 2 * _SHIFT):
        order = np.argsort(text_of << (2 * _SHIFT) | keys)
    else:  # pragma: no cover - a million headings
        order = np.lexsort((keys, text_of))
    k_sorted, t_sorted = keys[order], text_of[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (k_sorted[1:] != k_sorted[:-1]) | (t_sorted[1:] != t_sorted[:-1])
    starts = np.flatnonzero(new)
    if not len(starts):
        return [(_EMPTY, _EMPTY)] * len(texts)
    counts = np.diff(np.append(starts, len(order)))
    # A group's first position orders the text's distinct keys (positions grow with the text).
    by_first = np.argsort(np.minimum.reduceat(order, starts))
    g_keys, g_counts, g_text = k_sorted[starts][by_first], counts[by_first], t_sorted[starts][by_first]
    bounds = np.searchsorted(g_text, np.arange(len(texts) + 1))
    return [(g_keys[a:b], g_counts[a:b]) if b > a else (_EMPTY, _EMPTY) for a, b in pairwise(bounds.tolist())]


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the distinct bigrams `a` (sorted, distinct keys) that occur in `b` (the same):
    similarity.containment of the bags."""
    if not len(a):
        return 0.0
    return int(np.isin(a, b, assume_unique=True).sum()) / len(a)


def bag_cosine(a: Bag, b: Bag) -> float:
    """similarity.cosine of two bags: the dot product and both squared norms are the same integers,
    so the result is the same float."""
    (ka, ca), (kb, cb) = a, b
    if not len(ka) and not len(kb):
        return 1.0
    if not len(ka) or not len(kb):
        return 0.0
    _, ia, ib = np.intersect1d(ka, kb, assume_unique=True, return_indices=True)
    dot = int(np.dot(ca[ia], cb[ib]))
    return dot / (math.sqrt(int(np.dot(ca, ca))) * math.sqrt(int(np.dot(cb, cb))))


def bag_jaccard(a: Bag, b: Bag) -> float:
    """similarity.jaccard of two bags (of their sets of bigrams)."""
    ka, kb = a[0], b[0]
    if not len(ka) and not len(kb):
        return 1.0
    shared = len(np.intersect1d(ka, kb, assume_unique=True))
    return shared / (len(ka) + len(kb) - shared)
