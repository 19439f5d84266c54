"""Token-level diff inside a reworded sentence: tokens are one Chinese character, one ASCII word,
or one number with its decimals, magnitude and unit (72%, 1,182项, 36.39万件 are single tokens);
and the diff op record shared by every level of the section diff (compare.across.diff).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

OpKind = Literal["equal", "insert", "delete", "replace", "move_from", "move_to"]

DIGIT = "0-9０-９"
#: One number token: digits with thousands separators and decimals, a Chinese magnitude, an
#: approximate-quantity word and a unit. Units are the ones seen in these reports (DOMAIN.md).
_NUMBER = (
    rf"[{DIGIT}]+(?:,[{DIGIT}]{{3}})*(?:[.．][{DIGIT}]+)?"
    r"(?:[万亿千百])?"
    r"(?:余|多)?"
    r"(?:%|％|‰|个百分点|个工作日|工作日|人次|平方米|平方公里|公里|千米|小时|分钟|周岁"
    r"|[件项个人次元家所名场份条篇册天日月年岁户起宗批期台套部位期班处座次亩吨]"
    r"|[A-Za-z]+)?"
)
_DIGIT_RE = re.compile(rf"[{DIGIT}]")
#: A date is one token too: 2021-01-20 -> 2023-03-01 read digit group by digit group gave
#: "[-2021-]{+2023-03+}-01[--20-]", where the date's own hyphens look like diff markers.
_DATE = (rf"[{DIGIT}]{{4}}(?:-[{DIGIT}]{{1,2}}-[{DIGIT}]{{1,2}}|/[{DIGIT}]{{1,2}}/[{DIGIT}]{{1,2}}"
         rf"|年[{DIGIT}]{{1,2}}月(?:[{DIGIT}]{{1,2}}日)?)")
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


def tokenize(text: str) -> list[str]:
    """Tokens for the inner diff: a number with its unit (72%, 1,182项, 36.39万件), an ASCII word,
    a whitespace run, or one character. Joined they give `text` back."""
    return _TOKEN.findall(text)




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
