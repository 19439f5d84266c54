"""Sentence-level diff of two texts (issue 5): sentences (split after 。！？； and line breaks,
punctuation kept) are matched in order by the characters they share; inside a block of changed
sentences, old and new sentences are paired by similarity so that a reworded sentence is one
`replace` (with token ops inside, compare.across.difftokens), not a delete plus an insert; a
deleted sentence equal or near-equal to an inserted one elsewhere is a move.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from compare.across.difftokens import DIGIT, DiffOp, diff_tokens
from compare.sentences import PROSE_END

#: Two sentences in the same changed block are one reworded sentence (a `replace`) when their
#: character similarity (rapidfuzz ratio, 0..1) is at least this. Chosen on the seed report: of
#: the 12,246 pairs of its distinct sentences (>= 8 characters), 1% reach 0.30 and 0.3% reach
#: 0.40; position in the same changed block is further evidence, so 0.40 pairs real rewordings
#: ("加强督查考核" -> "强化督查考核机制") while unrelated sentences stay delete + insert.
REPLACE_MIN_SIMILARITY = 0.40

#: A deleted and an inserted sentence in different places are one moved sentence when their
#: similarity, with every figure folded to one placeholder, is at least this. Figures are folded
#: because they change every year by design: "全年受理行政复议案件32件，办结30件" moved and updated
#: to 40件/38件 is still the same sentence (raw similarity 0.85, folded 1.0). There is no position
#: evidence for a move, so the bar is high: of the seed report's 11,026 pairs of distinct folded
#: sentences (>= 12 characters), one reaches 0.80 (a heading repeated as its body's first
#: sentence, i.e. really the same words) and none 0.90.
MOVE_MIN_SIMILARITY = 0.80

#: Sentences shorter than this (non-space characters) are never called moves: short fragments
#: ("一是", "重庆市北碚区人民政府", a date) repeat in every report and would pair by chance.
MOVE_MIN_CHARS = 12

#: Share of an (almost) unchanged sentence's value that is kept when the alignment leaves it out of
#: order: it is still shown, as a move. Without this credit, one long sentence moved to the top of
#: a paragraph whose other sentences were all reworded would be kept as the in-order anchor and the
#: rewordings shown as deletes before it and inserts after it. At 0.5, rewordings that share more
#: characters than half the moved sentence win; a run of unchanged sentences still beats one
#: reworded sentence that crosses it.
MOVE_CREDIT = 0.5

#: Above this many (deleted x inserted) sentence pairs in one text, near-equal move detection is
#: skipped (exact moves are still found): a whole rewritten report of ~1,000 sentences each way
#: would need a million similarity computations for no readable result.
MOVE_MAX_PAIRS = 400_000

#: Above this many (old x new) sentence pairs in one changed block, rewordings are paired
#: greedily along the diagonal instead of by the O(m·n) dynamic programme.
PAIR_MAX_CELLS = 250_000

_SENTENCE_END = PROSE_END  # what splits sentences here (compare.sentences), a line break too
# Closing quotes and brackets that belong to the sentence they end: 。” stays together.
_CLOSERS = "”’」』）)】〕》\"'"
_SPACE = re.compile(r"\s+")
_FIGURE = re.compile(rf"[{DIGIT}]+(?:[.,．][{DIGIT}]+)*")




def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, each with its end punctuation, closing quotes and the whitespace that
    follows it; joined they give `text` back. A line break ends a sentence too (headings and
    list items carry no 。)."""
    out: list[str] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _SENTENCE_END or ch == "\n":
            j = i + 1
            if ch != "\n":
                while j < n and text[j] in _SENTENCE_END:
                    j += 1
                while j < n and text[j] in _CLOSERS:
                    j += 1
            while j < n and text[j].isspace():
                j += 1
            out.append(text[start:j])
            start = i = j
        else:
            i += 1
    if start < n:
        out.append(text[start:])
    return out


def key_of(sentence: str) -> str:
    # Whitespace carries no meaning in Chinese text and changes with every re-typesetting.
    return _SPACE.sub("", sentence)


def move_key(key: str) -> str:
    """A sentence key with every figure replaced by one placeholder (for move detection)."""
    return _FIGURE.sub("0", key)


def similarity(a: str, b: str) -> float:
    """Character similarity of two texts, 0..1 (normalised Indel distance), whitespace ignored."""
    return fuzz.ratio(key_of(a), key_of(b)) / 100.0




def diff_text(old: str, new: str) -> tuple[DiffOp, ...]:
    """Sentence-level diff of two texts, with token ops inside each reworded sentence and moved
    sentences marked as move_from / move_to pairs. Consecutive equal sentences form one op."""
    a, b = split_sentences(old), split_sentences(new)
    ka, kb = [key_of(s) for s in a], [key_of(s) for s in b]
    pairs = _align(ka, kb)
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    deleted = [i for i in range(len(a)) if i not in paired_old and ka[i]]
    inserted = [j for j in range(len(b)) if j not in paired_new and kb[j]]

    moved_to: dict[int, int] = {}  # old index -> new index of the same sentence elsewhere
    fa = [move_key(k) for k in ka]
    fb = [move_key(k) for k in kb]
    free: dict[str, list[int]] = {}
    for j in inserted:
        if len(kb[j]) >= MOVE_MIN_CHARS:
            free.setdefault(fb[j], []).append(j)
    for i in deleted:
        if len(ka[i]) >= MOVE_MIN_CHARS and free.get(fa[i]):
            moved_to[i] = free[fa[i]].pop(0)
    taken = set(moved_to.values())
    left_old = [i for i in deleted if i not in moved_to and len(ka[i]) >= MOVE_MIN_CHARS]
    left_new = [j for j in inserted if j not in taken and len(kb[j]) >= MOVE_MIN_CHARS]
    moved_to.update(near_moves(left_old, left_new, fa, fb))
    moved_from = {j: i for i, j in moved_to.items()}
    move_ids = {i: n for n, i in enumerate(sorted(moved_to), start=1)}

    ops: list[DiffOp] = []
    pa = pb = 0
    for i, j in [*pairs, (len(a), len(b))]:
        for k in range(pa, i):
            ops.append(_old_side(k, a, b, moved_to, move_ids))
        for k in range(pb, j):
            ops.append(_new_side(k, a, b, moved_from, move_ids))
        if i < len(a):
            if ka[i] == kb[j]:
                _append_equal(ops, a[i], b[j])
            else:
                ops.append(DiffOp("replace", a[i], b[j], diff_tokens(a[i], b[j])))
        pa, pb = i + 1, j + 1
    return tuple(ops)


def _align(ka: list[str], kb: list[str]) -> list[tuple[int, int]]:
    """Monotone pairs (old index, new index) of equal or reworded sentences.

    Maximises the number of characters the paired sentences share (similarity x mean length, i.e.
    their longest common subsequence), over pairs at or above REPLACE_MIN_SIMILARITY. Weighting by
    shared characters rather than counting equal sentences means three reworded sentences in
    order win over one long sentence moved across them, which SequenceMatcher alone would take as
    its anchor (turning the three into deletes before it and inserts after it)."""
    # Unchanged head and tail need no search.
    lo = 0
    while lo < len(ka) and lo < len(kb) and ka[lo] == kb[lo]:
        lo += 1
    hi_a, hi_b = len(ka), len(kb)
    while hi_a > lo and hi_b > lo and ka[hi_a - 1] == kb[hi_b - 1]:
        hi_a -= 1
        hi_b -= 1
    head = [(k, k) for k in range(lo)]
    tail = [(hi_a + k, hi_b + k) for k in range(len(ka) - hi_a)]
    olds, news = list(range(lo, hi_a)), list(range(lo, hi_b))
    if len(olds) * len(news) <= PAIR_MAX_CELLS:
        return head + _pair_dp(olds, news, ka, kb) + tail
    # Too big for the full search: SequenceMatcher's equal blocks, then pairs inside each gap.
    mid: list[tuple[int, int]] = []
    sm = SequenceMatcher(None, ka[lo:hi_a], kb[lo:hi_b], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        gap_a, gap_b = list(range(lo + i1, lo + i2)), list(range(lo + j1, lo + j2))
        if tag == "equal":
            mid.extend(zip(gap_a, gap_b, strict=True))
        elif len(gap_a) * len(gap_b) <= PAIR_MAX_CELLS:
            mid.extend(_pair_dp(gap_a, gap_b, ka, kb))
        else:
            mid.extend(_pair_greedy(gap_a, gap_b, ka, kb))
    return head + mid + tail


def _weights(olds: list[int], news: list[int], ka: list[str], kb: list[str]) -> list[list[float]]:
    """Value of pairing each (old, new) sentence: the characters they share, 0 below
    REPLACE_MIN_SIMILARITY, discounted by MOVE_CREDIT for a pair that would still be shown as a
    move if left out of the in-order alignment."""
    sim = cdist([ka[i] for i in olds], [kb[j] for j in news], scorer=fuzz.ratio,
                score_cutoff=REPLACE_MIN_SIMILARITY * 100) / 100.0
    la = np.array([len(ka[i]) for i in olds], dtype=float)[:, None]
    lb = np.array([len(kb[j]) for j in news], dtype=float)[None, :]
    w = sim * (la + lb) / 2.0
    movable = (sim >= MOVE_MIN_SIMILARITY) & (np.minimum(la, lb) >= MOVE_MIN_CHARS)
    w[movable] *= 1.0 - MOVE_CREDIT
    return w.tolist()  # type: ignore[no-any-return]


def _pair_dp(olds: list[int], news: list[int], ka: list[str], kb: list[str]) -> list[tuple[int, int]]:
    """Best monotone pairing by dynamic programming (Needleman-Wunsch with free gaps)."""
    if not olds or not news:
        return []
    w = _weights(olds, news, ka, kb)
    m, n = len(olds), len(news)
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for x in range(m - 1, -1, -1):
        row, below, wx = best[x], best[x + 1], w[x]
        for y in range(n - 1, -1, -1):
            take = wx[y] + below[y + 1] if wx[y] > 0 else 0.0
            skip = below[y] if below[y] > row[y + 1] else row[y + 1]
            row[y] = take if take > skip else skip
    out: list[tuple[int, int]] = []
    x = y = 0
    while x < m and y < n:
        if w[x][y] > 0 and best[x][y] == w[x][y] + best[x + 1][y + 1]:
            out.append((olds[x], news[y]))
            x += 1
            y += 1
        elif best[x][y] == best[x + 1][y]:
            x += 1
        else:
            y += 1
    return out


def _pair_greedy(olds: list[int], news: list[int], ka: list[str], kb: list[str]) -> list[tuple[int, int]]:
    """Monotone pairing for huge gaps: each old sentence takes its best new one after the last."""
    out: list[tuple[int, int]] = []
    y0 = 0
    for i in olds:
        if y0 >= len(news):
            break
        scores = cdist([ka[i]], [kb[j] for j in news[y0:]], scorer=fuzz.ratio)[0]
        y = int(scores.argmax())
        if scores[y] >= REPLACE_MIN_SIMILARITY * 100:
            out.append((i, news[y0 + y]))
            y0 += y + 1
    return out


def _append_equal(ops: list[DiffOp], old: str, new: str) -> None:
    if ops and ops[-1].op == "equal":
        ops[-1] = DiffOp("equal", ops[-1].old + old, ops[-1].new + new)
    else:
        ops.append(DiffOp("equal", old, new))


def _old_side(i: int, a: list[str], b: list[str], moved_to: dict[int, int], ids: dict[int, int]) -> DiffOp:
    if i in moved_to:
        j = moved_to[i]
        return DiffOp("move_from", a[i], b[j], move_inner(a[i], b[j]), ids[i])
    if not key_of(a[i]):
        return DiffOp("equal", a[i], "")  # whitespace only: nothing a reader would call a deletion
    return DiffOp("delete", a[i], "")


def _new_side(j: int, a: list[str], b: list[str], moved_from: dict[int, int], ids: dict[int, int]) -> DiffOp:
    if j in moved_from:
        i = moved_from[j]
        return DiffOp("move_to", a[i], b[j], move_inner(a[i], b[j]), ids[i])
    if not key_of(b[j]):
        return DiffOp("equal", "", b[j])
    return DiffOp("insert", "", b[j])


def move_inner(old: str, new: str) -> tuple[DiffOp, ...]:
    return () if key_of(old) == key_of(new) else diff_tokens(old, new)


def near_moves(olds: list[int], news: list[int], ka: list[str], kb: list[str]) -> list[tuple[int, int]]:
    """Pairs (old, new) of deleted and inserted sentences similar enough to be one moved sentence,
    best pairs first, each sentence used once."""
    if not olds or not news or len(olds) * len(news) > MOVE_MAX_PAIRS:
        return []
    sim = cdist([ka[i] for i in olds], [kb[j] for j in news], scorer=fuzz.ratio,
                score_cutoff=MOVE_MIN_SIMILARITY * 100)
    xs, ys = np.nonzero(sim >= MOVE_MIN_SIMILARITY * 100)
    cands = sorted(((float(sim[x, y]), int(x), int(y)) for x, y in zip(xs, ys, strict=True)),
                   key=lambda t: (-t[0], t[1], t[2]))
    used_x: set[int] = set()
    used_y: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, x, y in cands:
        if x not in used_x and y not in used_y:
            used_x.add(x)
            used_y.add(y)
            out.append((olds[x], news[y]))
    return out
