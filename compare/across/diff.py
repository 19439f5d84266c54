"""Stage: section diffs made for Chinese text (issue 5, "Section diff").

A line diff is useless on Chinese prose (a paragraph is one line) and a character diff is noisy
(72% -> 89% shows as two digit edits). So the diff works in two levels:

1. sentences (split after 。！？； and line breaks, punctuation kept) are matched with
   difflib.SequenceMatcher; inside a block of changed sentences, old and new sentences are paired
   by similarity so that a reworded sentence is one `replace`, not a delete plus an insert; a
   deleted sentence equal or near-equal to an inserted one elsewhere is a move;
2. within a replaced pair, tokens are diffed: one Chinese character, one ASCII word, or one
   number with its decimals, magnitude and unit (72%, 1,182项, 36.39万件 are single tokens).

`diff_reports` pairs the sections of two reports with `compare.across.align.align_sections` and diffs
each pair. Renderers live in `compare.write.diffrender` (terminal) and `compare.write.htmldiff` (HTML).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Literal

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from compare.errors import UsageError
from compare.models import Report, Section, SectionMatch
from compare.sentences import PROSE_END

OpKind = Literal["equal", "insert", "delete", "replace", "move_from", "move_to"]

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

_DIGIT = "0-9０-９"
#: One number token: digits with thousands separators and decimals, a Chinese magnitude, an
#: approximate-quantity word and a unit. Units are the ones seen in these reports (DOMAIN.md).
_NUMBER = (
    rf"[{_DIGIT}]+(?:,[{_DIGIT}]{{3}})*(?:[.．][{_DIGIT}]+)?"
    r"(?:[万亿千百])?"
    r"(?:余|多)?"
    r"(?:%|％|‰|个百分点|个工作日|工作日|人次|平方米|平方公里|公里|千米|小时|分钟|周岁"
    r"|[件项个人次元家所名场份条篇册天日月年岁户起宗批期台套部位期班处座次亩吨]"
    r"|[A-Za-z]+)?"
)
_DIGIT_RE = re.compile(rf"[{_DIGIT}]")
_FIGURE = re.compile(rf"[{_DIGIT}]+(?:[.,．][{_DIGIT}]+)*")
#: A date is one token too: 2021-01-20 -> 2023-03-01 read digit group by digit group gave
#: "[-2021-]{+2023-03+}-01[--20-]", where the date's own hyphens look like diff markers.
_DATE = (rf"[{_DIGIT}]{{4}}(?:-[{_DIGIT}]{{1,2}}-[{_DIGIT}]{{1,2}}|/[{_DIGIT}]{{1,2}}/[{_DIGIT}]{{1,2}}"
         rf"|年[{_DIGIT}]{{1,2}}月(?:[{_DIGIT}]{{1,2}}日)?)")
_TOKEN = re.compile(rf"{_DATE}|{_NUMBER}|[A-Za-z]+(?:['’-][A-Za-z]+)*|\s+|.", re.S)


@dataclass(frozen=True)
class DiffOp:
    """One step of a diff. Reading `old` of every op except move_to gives the old text back, and
    `new` of every op except move_from gives the new text (the moved sentence is carried by both
    ends so that each end can be shown on its own)."""

    op: OpKind  # equal / insert / delete / replace / move_from (old place) / move_to (new place)
    old: str  # old text ("" for insert); for equal it may differ from `new` in whitespace only
    new: str  # new text ("" for delete)
    inner: tuple[DiffOp, ...] = ()  # token ops (equal/insert/delete/replace) of a replace or an edited move
    move: int = 0  # 1-based id joining a move_from to its move_to (unique in a text, or in a report pair)
    move_path: str = ""  # a move across sections: the other end's section (new path for move_from, old for move_to)


@dataclass(frozen=True)
class SectionDiff:
    """The diff of one aligned pair of sections (title and body)."""

    old_path: str  # "" when the section was added ("a + b" when a split/merge joined several)
    new_path: str  # "" when the section was removed
    old_title: str
    new_title: str
    status: str  # the alignment's status: matched/changed/unchanged/added/removed/split/merged
    score: float  # the alignment's similarity, 0..1
    ops: tuple[DiffOp, ...]  # sentence-level ops over the sections' text
    insertions: int  # inserted sentences
    deletions: int  # deleted sentences
    changes: int  # replaced (reworded) sentences
    moves: int  # moved sentences (inside the section, or to / from another section)

    @property
    def changed(self) -> bool:
        """True when the text differs beyond whitespace."""
        return bool(self.insertions or self.deletions or self.changes or self.moves)

    @property
    def path(self) -> str:
        """The path shown for the pair: the new one, else the old one."""
        return self.new_path or self.old_path

    @property
    def title(self) -> str:
        """The title shown for the pair: the new one, else the old one."""
        return self.new_title or self.old_title


# --------------------------------------------------------------------------- splitting


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


def tokenize(text: str) -> list[str]:
    """Tokens for the inner diff: a number with its unit (72%, 1,182项, 36.39万件), an ASCII word,
    a whitespace run, or one character. Joined they give `text` back."""
    return _TOKEN.findall(text)


def _key(sentence: str) -> str:
    # Whitespace carries no meaning in Chinese text and changes with every re-typesetting.
    return _SPACE.sub("", sentence)


def _fold(key: str) -> str:
    """A sentence key with every figure replaced by one placeholder (for move detection)."""
    return _FIGURE.sub("0", key)


def similarity(a: str, b: str) -> float:
    """Character similarity of two texts, 0..1 (normalised Indel distance), whitespace ignored."""
    return fuzz.ratio(_key(a), _key(b)) / 100.0


# --------------------------------------------------------------------------- token level


def diff_tokens(old: str, new: str) -> tuple[DiffOp, ...]:
    """Token-level ops (equal/insert/delete/replace) turning `old` into `new`."""
    ta, tb = tokenize(old), tokenize(new)
    sm = SequenceMatcher(None, ta, tb, autojunk=False)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        a, b = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        ops.append(DiffOp(tag, a, b))  # difflib's tags are our op names
    return tuple(_cleanup(ops))


def _cleanup(ops: list[DiffOp]) -> list[DiffOp]:
    """Fold short equal runs squeezed between two changes into one change (the semantic cleanup of
    diff-match-patch): "加强[-督查-]{+监督+}考[-核-]{+评+}" reads worse than one replaced phrase when
    the kept characters are fewer than the changed ones on both sides. A change of a figure is
    never folded into its neighbours: which number changed is what a reader looks for."""
    changed = True
    while changed:
        changed = False
        out: list[DiffOp] = []
        i = 0
        while i < len(ops):
            op = ops[i]
            if (
                op.op == "equal"
                and out
                and out[-1].op != "equal"
                and i + 1 < len(ops)
                and ops[i + 1].op != "equal"
                and not _has_digit(out[-1])
                and not _has_digit(ops[i + 1])
                and len(op.old) <= max(len(out[-1].old), len(out[-1].new))
                and len(op.old) <= max(len(ops[i + 1].old), len(ops[i + 1].new))
            ):
                prev, nxt = out.pop(), ops[i + 1]
                out.append(_change(prev.old + op.old + nxt.old, prev.new + op.new + nxt.new))
                i += 2
                changed = True
                continue
            if op.op != "equal" and out and out[-1].op != "equal":
                prev = out.pop()
                out.append(_change(prev.old + op.old, prev.new + op.new))
                changed = True
            else:
                out.append(op)
            i += 1
        ops = out
    return ops


def _has_digit(op: DiffOp) -> bool:
    return bool(_DIGIT_RE.search(op.old) or _DIGIT_RE.search(op.new))


def _change(old: str, new: str) -> DiffOp:
    if not old:
        return DiffOp("insert", "", new)
    if not new:
        return DiffOp("delete", old, "")
    return DiffOp("replace", old, new)


# --------------------------------------------------------------------------- sentence level


def diff_text(old: str, new: str) -> tuple[DiffOp, ...]:
    """Sentence-level diff of two texts, with token ops inside each reworded sentence and moved
    sentences marked as move_from / move_to pairs. Consecutive equal sentences form one op."""
    a, b = split_sentences(old), split_sentences(new)
    ka, kb = [_key(s) for s in a], [_key(s) for s in b]
    pairs = _align(ka, kb)
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    deleted = [i for i in range(len(a)) if i not in paired_old and ka[i]]
    inserted = [j for j in range(len(b)) if j not in paired_new and kb[j]]

    moved_to: dict[int, int] = {}  # old index -> new index of the same sentence elsewhere
    fa = [_fold(k) for k in ka]
    fb = [_fold(k) for k in kb]
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
    moved_to.update(_near_moves(left_old, left_new, fa, fb))
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
        return DiffOp("move_from", a[i], b[j], _move_inner(a[i], b[j]), ids[i])
    if not _key(a[i]):
        return DiffOp("equal", a[i], "")  # whitespace only: nothing a reader would call a deletion
    return DiffOp("delete", a[i], "")


def _new_side(j: int, a: list[str], b: list[str], moved_from: dict[int, int], ids: dict[int, int]) -> DiffOp:
    if j in moved_from:
        i = moved_from[j]
        return DiffOp("move_to", a[i], b[j], _move_inner(a[i], b[j]), ids[i])
    if not _key(b[j]):
        return DiffOp("equal", "", b[j])
    return DiffOp("insert", "", b[j])


def _move_inner(old: str, new: str) -> tuple[DiffOp, ...]:
    return () if _key(old) == _key(new) else diff_tokens(old, new)


def _near_moves(olds: list[int], news: list[int], ka: list[str], kb: list[str]) -> list[tuple[int, int]]:
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


def count_ops(ops: Iterable[DiffOp]) -> tuple[int, int, int, int]:
    """(insertions, deletions, changes, moves) of sentence-level ops."""
    ins = dels = chg = mov = 0
    for op in ops:
        if op.op == "insert":
            ins += 1
        elif op.op == "delete":
            dels += 1
        elif op.op == "replace":
            chg += 1
        elif op.op == "move_from" or (op.op == "move_to" and op.move_path):
            # A move inside the section is counted once; one across sections counts in both.
            mov += 1
    return ins, dels, chg, mov


# --------------------------------------------------------------------------- reports


def section_text(report: Report, section: Section) -> str:
    """The part's text as written (title, its 。, paragraph breaks and body) without its numbering
    marker: renumbering (（一） -> 1.) is structure, shown by the paths, not a text change."""
    raw = report.text[section.start:section.end] if section.end > section.start else ""
    if not raw:
        return section.text
    if section.marker and raw.startswith(section.marker):
        raw = raw[len(section.marker):]
    return raw.strip()


def diff_reports(old: Report, new: Report, section: str | None = None,
                 matches: Sequence[SectionMatch] | None = None) -> tuple[SectionDiff, ...]:
    """Diff every aligned pair of sections of two reports (pairs from `align_sections`, or the
    `matches` a caller already has), in the alignment's order. With `section`, only the pair
    containing that old or new path; an unknown path raises UsageError listing valid paths."""
    if matches is None:
        from compare.across.align import align_sections  # a later stage's entry point; imported on use

        matches = align_sections(old, new)
    matches = _with_parts(old, new, tuple(matches))
    groups = _groups(matches)
    if section is not None:
        groups = [g for g in groups if section in _paths(g)]
        if not groups:
            valid = [s.path for s in new.sections] + [s.path for s in old.sections if s.path not in
                                                        {t.path for t in new.sections}]
            shown = ", ".join(valid[:8]) + (", ..." if len(valid) > 8 else "")
            raise UsageError(old.source, f"no section '{section}' in either report",
                             f"choose one of: {shown} (see `report-compare outline`)")
    return _cross_moves([_diff_group(old, new, g) for g in groups])


def _cross_moves(diffs: list[SectionDiff]) -> tuple[SectionDiff, ...]:
    """Sentences deleted from one section and inserted (equal or near-equal) in another become
    moves across sections; move ids are then renumbered to be unique in the report pair, so that a
    renderer can link the two ends wherever they are."""
    dels = [(s, k) for s, d in enumerate(diffs) for k, op in enumerate(d.ops)
            if op.op == "delete" and len(_key(op.old)) >= MOVE_MIN_CHARS]
    inss = [(s, k) for s, d in enumerate(diffs) for k, op in enumerate(d.ops)
            if op.op == "insert" and len(_key(op.new)) >= MOVE_MIN_CHARS]
    ka = [_fold(_key(diffs[s].ops[k].old)) for s, k in dels]
    kb = [_fold(_key(diffs[s].ops[k].new)) for s, k in inss]
    pairs: list[tuple[int, int]] = []
    free: dict[str, list[int]] = {}
    for y, key in enumerate(kb):
        free.setdefault(key, []).append(y)
    for x, key in enumerate(ka):
        if free.get(key) and dels[x][0] != inss[free[key][0]][0]:
            pairs.append((x, free[key].pop(0)))
    used_x = {x for x, _ in pairs}
    used_y = {y for _, y in pairs}
    left_x = [x for x in range(len(ka)) if x not in used_x]
    left_y = [y for y in range(len(kb)) if y not in used_y]
    pairs += [(x, y) for x, y in _near_moves(left_x, left_y, ka, kb) if dels[x][0] != inss[y][0]]

    ops = [list(d.ops) for d in diffs]
    next_id = 0
    for s in range(len(ops)):  # in-section moves first, in document order
        local: dict[int, int] = {}
        for k, op in enumerate(ops[s]):
            if op.move:
                if op.move not in local:
                    next_id += 1
                    local[op.move] = next_id
                ops[s][k] = replace(op, move=local[op.move])
    for x, y in sorted(pairs):
        next_id += 1
        (s1, k1), (s2, k2) = dels[x], inss[y]
        a, b = ops[s1][k1].old, ops[s2][k2].new
        inner = _move_inner(a, b)
        # Each end names the other as the reader of that side knows it: "moved to" in the new
        # report's numbering, "moved from" in the old one's.
        ops[s1][k1] = DiffOp("move_from", a, b, inner, next_id, diffs[s2].new_path or diffs[s2].path)
        ops[s2][k2] = DiffOp("move_to", a, b, inner, next_id, diffs[s1].old_path or diffs[s1].path)
    out = []
    for d, new_ops in zip(diffs, ops, strict=True):
        ins, dl, chg, mov = count_ops(new_ops)
        out.append(replace(d, ops=tuple(new_ops), insertions=ins, deletions=dl, changes=chg, moves=mov))
    return tuple(out)


def _with_parts(old: Report, new: Report, matches: Sequence[SectionMatch]) -> list[SectionMatch]:
    """The alignment's heading pairs plus the unnumbered parts (preamble, closing block, or the
    single body of a report without headings), which `align_sections` leaves out: they pair by
    name, the preamble first and the others last."""
    def part_pairs(kinds: tuple[str, ...]) -> list[SectionMatch]:
        names = list(dict.fromkeys(s.path for r in (old, new) for s in r.sections if s.kind in kinds))
        out = []
        for name in names:
            a = next((s for s in old.sections if s.path == name and s.kind in kinds), None)
            b = next((s for s in new.sections if s.path == name and s.kind in kinds), None)
            ta = section_text(old, a) if a else ""
            tb = section_text(new, b) if b else ""
            status = ("added" if a is None else "removed" if b is None
                      else "unchanged" if _key(ta) == _key(tb) else "matched")
            out.append(SectionMatch(old_path=a.path if a else "", new_path=b.path if b else "",
                                    old_title=a.title if a else "", new_title=b.title if b else "",
                                    score=round(similarity(ta, tb), 4) if a and b else 0.0,
                                    status=status))  # type: ignore[arg-type]
        return out

    return part_pairs(("preamble",)) + list(matches) + part_pairs(("body", "closing"))


def _paths(group: Sequence[SectionMatch]) -> set[str]:
    return {p for m in group for p in (m.old_path, m.new_path) if p}


def _groups(matches: Sequence[SectionMatch]) -> list[list[SectionMatch]]:
    """Matches joined when they share an old or a new path (a split: one old -> several new; a
    merge: several old -> one new), so that such a section is diffed once against all its parts.
    Order: the first match of each group."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    owner: dict[tuple[str, str], int] = {}
    for k, m in enumerate(matches):
        find(k)
        for side, p in (("old", m.old_path), ("new", m.new_path)):
            if not p:
                continue
            if (side, p) in owner:
                parent[find(k)] = find(owner[(side, p)])
            else:
                owner[(side, p)] = k
    groups: dict[int, list[SectionMatch]] = {}
    for k, m in enumerate(matches):
        groups.setdefault(find(k), []).append(m)
    return list(groups.values())


def _diff_group(old: Report, new: Report, group: Sequence[SectionMatch]) -> SectionDiff:
    old_paths = list(dict.fromkeys(m.old_path for m in group if m.old_path))
    new_paths = list(dict.fromkeys(m.new_path for m in group if m.new_path))
    old_secs = [old.section(p) for p in old_paths]
    new_secs = [new.section(p) for p in new_paths]
    old_text = "\n".join(section_text(old, s) for s in old_secs)
    new_text = "\n".join(section_text(new, s) for s in new_secs)
    ops = diff_text(old_text, new_text)
    ins, dels, chg, mov = count_ops(ops)
    first = group[0]
    return SectionDiff(
        old_path=" + ".join(old_paths),
        new_path=" + ".join(new_paths),
        old_title=" / ".join(s.title for s in old_secs) if len(old_secs) > 1 else first.old_title or
        (old_secs[0].title if old_secs else ""),
        new_title=" / ".join(s.title for s in new_secs) if len(new_secs) > 1 else first.new_title or
        (new_secs[0].title if new_secs else ""),
        status=first.status if len(group) == 1 else next(
            (m.status for m in group if m.status in ("split", "merged")), first.status),
        score=max(m.score for m in group),
        ops=ops,
        insertions=ins,
        deletions=dels,
        changes=chg,
        moves=mov,
    )
