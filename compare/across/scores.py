"""Similarity of every heading of an older report with every heading of a newer one, for
alignment: character-bigram TF-IDF cosine of the titles and of the section texts (body plus
sub-sections), combined with TITLE_WEIGHT; -1 where roles clash (plans never pair with problems).

Two ways to compute it, chosen by size:
- up to DENSE_MAX_CELLS old x new pairs (every real report: ~40-200 headings), every pair is
  scored exactly. The cosines are sparse products over the bigram postings (a pair costs only the
  bigrams it shares), not dense matrix products over the whole vocabulary, which cost
  n x m x vocabulary (17 s for 1,000 x 1,000 headings).
- above it, pairs are blocked: each old heading is scored against the new headings near its
  relative position (WINDOW each side), those with the same title (SAME_TITLE_MAX nearest), whose
  title contains its title or the reverse, and those sharing a rare bigram (in at most RARE_DF
  headings). The number of scored pairs grows linearly with the headings (tests/test_align_scale.py
  counts them); a pair never scored counts as dissimilar (score 0).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from compare.across.units import SectionUnit

#: Weight of the title in the combined score (the rest is the section text). Titles are short and
#: often reworded, texts are long and carry the substance. On the fixtures 0.2, 0.3 and 0.4
#: reproduced all 67 gold rows, 0.5-0.8 lost two; 0.4 keeps the most weight on titles within
#: the safe range (titles are what a reader recognises).
TITLE_WEIGHT = 0.4

#: A title that stands whole inside the other year's title (继续精简优化各类审批服务事项 inside 深入推进
#: "放管服"改革，继续精简优化各类审批服务事项，持续提升政务服务效能) names the same topic: its title
#: similarity is at least CONTAINED_TITLE_SIM (bigram cosine drops as the longer title grows: 0.55
#: there). Titles shorter than MIN_CONTAINED_TITLE (characters, normalised, numbers folded) are too
#: generic to say so (完善工作机制 stands in many headings).
CONTAINED_TITLE_SIM = 0.9
MIN_CONTAINED_TITLE = 8

#: Most old x new pairs scored exactly (500 x 500 headings; real reports have 40-200). Above it
#: pairs are blocked (module docstring).
DENSE_MAX_CELLS = 250_000

#: Blocking: new headings scored each side of an old heading's relative position. Sections move
#: (two themes swap places, a wrapper adds a level), but a report of thousands of headings that
#: moved a section further than this by position alone and kept no rare bigram is not a case
#: alignment can show usefully anyway.
WINDOW = 8

#: Blocking: new headings with the same title (numbers folded) scored per old heading, the nearest
#: by position first (a report of 40,000 items titled 事项N has one title key for all of them).
SAME_TITLE_MAX = 8

#: Blocking: a bigram in at most this many headings of both reports makes its headings candidates
#: for each other (what a reworded section keeps: its specific terms).
RARE_DF = 8

_POSTINGS_CHUNK = 4_000_000  # contributions expanded at once in a sparse product (memory bound)


@dataclass(frozen=True)
class _Vectors:
    """L2-normalised TF-IDF rows of one side in CSR form (row i: terms and data[ptr[i]:ptr[i+1]],
    terms in the bag's order)."""

    ptr: np.ndarray
    terms: np.ndarray
    data: np.ndarray

    @property
    def rows(self) -> np.ndarray:
        out: np.ndarray = np.repeat(np.arange(len(self.ptr) - 1), np.diff(self.ptr))
        return out


def _vectors(terms: Sequence[np.ndarray], counts: Sequence[np.ndarray], idf: np.ndarray) -> _Vectors:
    """The TF-IDF rows of bags given as term ids and counts (each bag in its first-occurrence
    order, so a row's norm sums in the order it always did)."""
    lens = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    ptr = np.concatenate(([0], np.cumsum(lens)))
    t = np.concatenate(terms) if terms else np.zeros(0, dtype=np.int64)
    w = (np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)).astype(float) * idf[t]
    rows = np.repeat(np.arange(len(terms)), lens)
    norms = np.sqrt(np.bincount(rows, weights=w * w, minlength=len(terms)))
    norms[norms == 0] = 1.0
    return _Vectors(ptr, t, w / norms[rows])


def _dense_cos(a: _Vectors, b: _Vectors, n: int, m: int) -> np.ndarray:
    """a x b^T as an n x m matrix, summing only over shared bigrams (postings join)."""
    out = np.zeros(n * m)
    if not len(a.terms) or not len(b.terms):
        return out.reshape(n, m)
    order = np.argsort(b.terms, kind="stable")
    b_terms, b_rows, b_data = b.terms[order], b.rows[order], b.data[order]
    vocab = int(max(a.terms.max(), b_terms.max())) + 1
    count_b = np.bincount(b_terms, minlength=vocab)
    start_b = np.concatenate(([0], np.cumsum(count_b)[:-1]))
    a_rows = a.rows
    per = count_b[a.terms]
    lo = 0
    while lo < len(a.terms):
        # the postings of `a` whose expansion fits in one chunk
        hi = int(np.searchsorted(np.cumsum(per[lo:]), _POSTINGS_CHUNK, side="right")) + lo
        hi = max(hi, lo + 1)
        k = per[lo:hi]
        rep = np.repeat(np.arange(lo, hi), k)
        offs = np.arange(len(rep)) - np.repeat(np.cumsum(k) - k, k)
        pos = start_b[a.terms[rep]] + offs
        out += np.bincount(a_rows[rep] * m + b_rows[pos], weights=a.data[rep] * b_data[pos], minlength=n * m)
        lo = hi
    return out.reshape(n, m)


def _pair_cos(a: _Vectors, b: _Vectors, ci: np.ndarray, cj: np.ndarray, vocab: int) -> np.ndarray:
    """Cosine of the rows ci[k] of `a` and cj[k] of `b`, for many pairs at once."""
    if not len(ci) or not len(a.terms) or not len(b.terms):
        return np.zeros(len(ci))
    keys_b = b.rows * vocab + b.terms
    order = np.argsort(keys_b, kind="stable")
    keys_b, data_b = keys_b[order], b.data[order]
    lens = (a.ptr[ci + 1] - a.ptr[ci]).astype(np.int64)
    rep = np.repeat(np.arange(len(ci)), lens)
    pos = np.repeat(a.ptr[ci], lens) + np.arange(len(rep)) - np.repeat(np.cumsum(lens) - lens, lens)
    want = cj[rep] * vocab + a.terms[pos]
    idx = np.minimum(np.searchsorted(keys_b, want), len(keys_b) - 1)
    hit = keys_b[idx] == want
    out: np.ndarray = np.bincount(rep[hit], weights=a.data[pos[hit]] * data_b[idx[hit]], minlength=len(ci))
    return out


def _contained(keys_o: list[str], keys_n: list[str], limit: int | None = None) -> set[tuple[int, int]]:
    """Pairs whose shorter title (>= MIN_CONTAINED_TITLE characters) stands whole in the longer one,
    found through an index of the titles' first-length substrings instead of testing every pair.
    `limit`: at most this many partners per title, the nearest by relative position."""
    g = MIN_CONTAINED_TITLE

    def index(keys: list[str]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for k, key in enumerate(keys):
            for gram in {key[p:p + g] for p in range(len(key) - g + 1)}:
                out.setdefault(gram, []).append(k)
        return out

    idx_o, idx_n = index(keys_o), index(keys_n)
    n, m = len(keys_o), len(keys_n)
    found: set[tuple[int, int]] = set()
    for i, a in enumerate(keys_o):
        if len(a) >= g:
            js = _nearest(idx_n.get(a[:g], []), (i + 0.5) * m / max(n, 1), limit)
            found.update((i, j) for j in js if len(a) <= len(keys_n[j]) and a in keys_n[j])
    for j, b in enumerate(keys_n):
        if len(b) >= g:
            is_ = _nearest(idx_o.get(b[:g], []), (j + 0.5) * n / max(m, 1), limit)
            found.update((i, j) for i in is_ if len(b) < len(keys_o[i]) and b in keys_o[i])
    return found


def _nearest(sorted_idx: list[int], centre: float, limit: int | None) -> list[int]:
    """At most `limit` of the sorted indexes, the nearest to `centre` (all when limit is None)."""
    if limit is None or len(sorted_idx) <= limit:
        return sorted_idx
    k = bisect.bisect_left(sorted_idx, centre)
    lo = max(0, min(k - limit // 2, len(sorted_idx) - limit))
    return sorted_idx[lo:lo + limit]


@dataclass
class Scores:
    """Combined title + text similarity of old x new headings (0..1; -1 where roles clash).
    `dense` holds every pair when they were all scored; otherwise `rows`, `cols`, `vals` hold the
    scored pairs with a positive score, in row-major order. `computed` counts the pair similarities
    computed (what blocking bounds)."""

    n_old: int
    n_new: int
    roles_old: list[str]
    roles_new: list[str]
    computed: int
    dense: np.ndarray | None = None
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    cols: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    vals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    _keys: np.ndarray | None = field(default=None, repr=False)
    _by_col: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def at(self, i: int, j: int) -> float:
        """The score of old i with new j (0 for a blocked pair never scored)."""
        if self.dense is not None:
            return float(self.dense[i, j])
        if self.clash(i, j):
            return -1.0
        if self._keys is None:
            self._keys = self.rows * self.n_new + self.cols  # ascending: the pairs are row-major
        k = int(np.searchsorted(self._keys, i * self.n_new + j))
        if k < len(self.rows) and self.rows[k] == i and self.cols[k] == j:
            return float(self.vals[k])
        return 0.0

    def clash(self, i: int, j: int) -> bool:
        """True when both headings have a role and the roles differ."""
        ro, rn = self.roles_old[i], self.roles_new[j]
        return bool(ro and rn and ro != rn)

    def above(self, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(old, new, score) of the pairs scoring at least `floor`, in row-major order."""
        if self.dense is not None:
            r, c = np.nonzero(self.dense >= floor)
            return r, c, self.dense[r, c]
        keep = self.vals >= floor
        return self.rows[keep], self.cols[keep], self.vals[keep]

    def column(self, j: int, floor: float) -> list[tuple[float, int]]:
        """[(score, old index)] of the pairs of new heading j scoring at least `floor`."""
        if self.dense is not None:
            col = self.dense[:, j]
            return [(float(col[i]), int(i)) for i in np.nonzero(col >= floor)[0]]
        if self._by_col is None:
            order = np.argsort(self.cols, kind="stable")
            self._by_col = (self.cols[order], self.rows[order], self.vals[order])
        cols, rows, vals = self._by_col
        lo, hi = np.searchsorted(cols, [j, j + 1])
        return [(float(v), int(i)) for v, i in zip(vals[lo:hi], rows[lo:hi], strict=True) if v >= floor]

    def row(self, i: int, floor: float) -> list[tuple[float, int]]:
        """[(score, new index)] of the pairs of old heading i scoring at least `floor`."""
        if self.dense is not None:
            r = self.dense[i]
            return [(float(r[j]), int(j)) for j in np.nonzero(r >= floor)[0]]
        lo, hi = np.searchsorted(self.rows, [i, i + 1])
        return [(float(v), int(j)) for v, j in zip(self.vals[lo:hi], self.cols[lo:hi], strict=True) if v >= floor]

    @classmethod
    def from_matrix(cls, matrix: np.ndarray, old: Sequence[SectionUnit], new: Sequence[SectionUnit]) -> Scores:
        """Scores over a full matrix (score_matrix, or another similarity the benchmark tries)."""
        return cls(len(old), len(new), [u.section.role for u in old], [u.section.role for u in new],
                   matrix.size, dense=matrix)


def _combine(title: np.ndarray, text: np.ndarray, has_text: np.ndarray, clash: np.ndarray) -> np.ndarray:
    score = np.where(has_text, TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * text, title)
    out: np.ndarray = np.where(clash, -1.0, np.clip(score, 0.0, 1.0))
    return out


def _term_ids(units: Sequence[SectionUnit]) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Each unit's title and content bigrams as ids into one vocabulary of both reports, and the
    document frequency of each id (the units whose title or content has it)."""
    n = len(units)
    parts = [u.title_terms for u in units] + [u.content_terms for u in units]
    lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    if not lens.sum():
        empty = np.zeros(0, dtype=np.int64)
        return [empty] * n, [empty] * n, empty
    keys = np.concatenate(parts)
    order = np.argsort(keys)
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[order][1:] != keys[order][:-1]
    ids = np.empty(len(keys), dtype=np.int64)
    ids[order] = np.cumsum(first) - 1
    vocab = int(first.sum())
    owner = np.repeat(np.tile(np.arange(n), 2), lens)
    pairs = np.sort(owner * vocab + ids)  # (unit, term), then each once: a term counts once per unit
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    df = np.bincount(pairs % vocab, minlength=vocab)
    bounds = np.concatenate(([0], np.cumsum(lens))).tolist()
    split = [ids[a:b] for a, b in pairwise(bounds)]
    return split[:n], split[n:], df


def score_pairs(old: Sequence[SectionUnit], new: Sequence[SectionUnit]) -> Scores:
    """The alignment scores of `old` x `new` headings: every pair up to DENSE_MAX_CELLS, blocked
    pairs above (module docstring)."""
    n, m = len(old), len(new)
    units = [*old, *new]
    # Document frequency over both reports' sections: bigrams every section has (法治, 政府) weigh little.
    title_ids, content_ids, df = _term_ids(units)
    idf = np.log((1 + len(units)) / (1 + df.astype(float))) + 1.0
    t_o, t_n = (_vectors(title_ids[a:b], [u.title_counts for u in units[a:b]], idf) for a, b in ((0, n), (n, n + m)))
    x_o, x_n = (_vectors(content_ids[a:b], [u.content_counts for u in units[a:b]], idf)
                for a, b in ((0, n), (n, n + m)))
    keys_o = [u.title_key for u in old]
    keys_n = [u.title_key for u in new]
    text_o = np.array([bool(len(u.content_terms)) for u in old], dtype=bool)
    text_n = np.array([bool(len(u.content_terms)) for u in new], dtype=bool)
    ro = np.array([u.section.role for u in old], dtype=object)
    rn = np.array([u.section.role for u in new], dtype=object)
    roles: tuple[list[str], list[str]] = ([u.section.role for u in old], [u.section.role for u in new])
    if n * m <= DENSE_MAX_CELLS:
        title = _dense_cos(t_o, t_n, n, m)
        for i, j in _contained(keys_o, keys_n):
            title[i, j] = max(title[i, j], CONTAINED_TITLE_SIM)
        clash = (ro[:, None] != "") & (rn[None, :] != "") & (ro[:, None] != rn[None, :])
        dense = _combine(title, _dense_cos(x_o, x_n, n, m), text_o[:, None] & text_n[None, :], clash)
        return Scores(n, m, *roles, computed=n * m, dense=dense)
    rare = [np.union1d(a, b) for a, b in zip(title_ids, content_ids, strict=True)]
    rare = [t[df[t] <= RARE_DF] for t in rare]
    ci, cj, contained = _blocked_candidates(n, m, keys_o, keys_n, rare)
    title = _pair_cos(t_o, t_n, ci, cj, len(df))
    title = np.where(contained, np.maximum(title, CONTAINED_TITLE_SIM), title)
    clash = (ro[ci] != "") & (rn[cj] != "") & (ro[ci] != rn[cj])
    score = _combine(title, _pair_cos(x_o, x_n, ci, cj, len(df)), text_o[ci] & text_n[cj], clash)
    keep = score > 0
    return Scores(n, m, *roles, computed=len(ci), rows=ci[keep], cols=cj[keep], vals=score[keep])


def _blocked_candidates(n: int, m: int, keys_o: list[str], keys_n: list[str], rare: list[np.ndarray]
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs scored when not all are: (old, new, title contained) arrays, row-major. `rare`:
    each unit's (old, then new) bigram ids in at most RARE_DF headings."""
    cand: set[tuple[int, int]] = set()
    for i in range(n):
        c = int((i + 0.5) * m / n)
        cand.update((i, j) for j in range(max(0, c - WINDOW), min(m, c + WINDOW + 1)))
    same: dict[str, list[int]] = {}
    for j, k in enumerate(keys_n):
        same.setdefault(k, []).append(j)
    for i, k in enumerate(keys_o):
        cand.update((i, j) for j in _nearest(same.get(k, []), (i + 0.5) * m / n, SAME_TITLE_MAX))
    contained = _contained(keys_o, keys_n, SAME_TITLE_MAX)
    cand |= contained
    rare_o: dict[int, list[int]] = {}
    rare_n: dict[int, list[int]] = {}
    for x, terms in enumerate(rare):
        side, out = (x, rare_o) if x < n else (x - n, rare_n)
        for t in terms.tolist():
            out.setdefault(t, []).append(side)
    for t, is_ in rare_o.items():
        for j in rare_n.get(t, []):
            cand.update((i, j) for i in is_)
    ordered = sorted(cand)
    ci = np.array([p[0] for p in ordered], dtype=np.int64)
    cj = np.array([p[1] for p in ordered], dtype=np.int64)
    return ci, cj, np.array([p in contained for p in ordered], dtype=bool)


def score_matrix(old: Sequence[SectionUnit], new: Sequence[SectionUnit]) -> np.ndarray:
    """Every old x new score as a matrix (-1 where roles clash); for small inputs and measurement."""
    sc = score_pairs(old, new)
    if sc.dense is not None:
        return sc.dense
    out = np.zeros((len(old), len(new)))
    out[sc.rows, sc.cols] = sc.vals
    return out
