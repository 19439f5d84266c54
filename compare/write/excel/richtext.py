"""The two sides of a section diff as rich text: deletions red strike-through on the old side,
insertions green underline on the new side, moved sentences blue italic, equal text plain.

A cell shows at most MAX_LINES lines (Excel's row height limit, 409 pt). A side that would need
more is summarised: long runs of unchanged text keep only a little context around the changes
(……), and if that is still too long the side is cut; either way it ends with a note that links
to the diff page beside the workbook, which has the whole text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from compare.write.excel.cells import (
    MAX_CELL_CHARS,
    MAX_LINES,
    TRUNCATED,
    WIDE_CHAR_UNITS,
    clean_text,
    fast_width,
    wrapped_lines,
)
from compare.write.excel.xlsx import Runs

if TYPE_CHECKING:  # the ops come from compare.across.diff; importing it here would only cost startup
    from compare.across.diff import DiffOp

#: Characters of unchanged text kept on each side of a change when a side is summarised.
CONTEXT = 30
#: What stands for the unchanged text left out.
ELLIPSIS = "……"


def op_triples(ops: Iterable[DiffOp]) -> list[tuple[str, str, str]]:
    """Diff ops (compare.across.diff.DiffOp) as (op, old, new) triples."""
    return [(op.op, op.old, op.new) for op in ops]


def side_runs(ops: Iterable[DiffOp]) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
    """Old and new text as runs (text, font key of compare.write.excel.xlsx.RUN_FONTS or None).
    A replace with token-level `inner` ops (compare.across.diff) is shown token by token, so
    72% -> 89% marks just the number, not the sentence."""
    old: list[tuple[str, str | None]] = []
    new: list[tuple[str, str | None]] = []
    _sides(ops, old, new)
    return old, new


def _sides(ops: Iterable[DiffOp], old: list[tuple[str, str | None]], new: list[tuple[str, str | None]]) -> None:
    for op in ops:
        if op.op == "equal":
            _append(old, op.old, None)
            _append(new, op.new, None)
        elif op.op == "delete":
            _append(old, op.old, "delete")
        elif op.op == "insert":
            _append(new, op.new, "insert")
        elif op.op == "move_from":  # the sentence's old place; its new place is a move_to op
            _moved(op.inner, op.old, old, "old")
        elif op.op == "move_to":
            _moved(op.inner, op.new, new, "new")
        elif op.inner:  # replace with token ops
            _sides(op.inner, old, new)
        else:  # replace without token ops: both sides changed
            _append(old, op.old, "delete")
            _append(new, op.new, "insert")


def _moved(inner: tuple[DiffOp, ...], text: str, parts: list[tuple[str, str | None]], side: str) -> None:
    """One side of a moved sentence: blue italic, and when it was also edited on the way, its
    deleted (old side) or inserted (new side) tokens marked as such."""
    if not inner:
        _append(parts, text, "move")
        return
    for op in inner:
        piece = op.old if side == "old" else op.new
        if op.op == "equal":
            _append(parts, piece, "move")
        else:
            _append(parts, piece, "delete" if side == "old" else "insert")


def _append(parts: list[tuple[str, str | None]], text: str, font: str | None) -> None:
    if not text:
        return
    if parts and parts[-1][1] == font:  # one run per stretch of one look: fewer, cheaper runs
        parts[-1] = (parts[-1][0] + text, font)
    else:
        parts.append((text, font))


def fit_runs(parts: list[tuple[str, str | None]], width: float, note: str | None,
             limit: int = MAX_CELL_CHARS) -> tuple[Runs, bool]:
    """`parts` as one cell's runs and whether they were summarised. With a `note` (the diff page is
    beside the workbook), a side needing more than MAX_LINES lines in a column `width` units wide
    is summarised and ends with `note`; without one, only Excel's `limit` on characters cuts."""
    parts = [(clean_text(t), f) for t, f in parts]
    if note is None:
        return cut_chars(parts, limit, TRUNCATED), False
    if _lines(parts, width) <= MAX_LINES:
        return tuple(parts), False
    short = _condense(parts)
    budget = MAX_LINES - wrapped_lines(note, width)
    if _lines(short, width) > budget:
        short = _cut_lines(short, width, budget)
    return (*short, (note, None)), True


def _lines(parts: list[tuple[str, str | None]], width: float) -> int:
    return wrapped_lines("".join(t for t, _ in parts), width)


def _condense(parts: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Long unchanged runs cut to CONTEXT characters around the changes (none before the first
    change, none after the last)."""
    out: list[tuple[str, str | None]] = []
    last = len(parts) - 1
    for k, (text, font) in enumerate(parts):
        if font is not None or len(text) <= 2 * CONTEXT + len(ELLIPSIS):
            out.append((text, font))
        elif k == 0:
            out.append((ELLIPSIS + text[-CONTEXT:], None))
        elif k == last:
            out.append((text[:CONTEXT] + ELLIPSIS, None))
        else:
            out.append((text[:CONTEXT] + ELLIPSIS + text[-CONTEXT:], None))
    return out


def _cut_lines(parts: list[tuple[str, str | None]], width: float, lines: int) -> list[tuple[str, str | None]]:
    """The runs that fit in `lines` wrapped lines, the last one cut and ending with ……"""
    room_units = max(width - 1, 1) * max(lines, 1)
    kept: list[tuple[str, str | None]] = []
    used = 0.0
    for text, font in parts:
        for n, line in enumerate(text.split("\n")):
            if n:  # a line break ends the current line: count what is left of it as used
                used = (used // max(width - 1, 1) + 1) * max(width - 1, 1)
            need = fast_width(line) * WIDE_CHAR_UNITS / 2
            if used + need > room_units - 2 * WIDE_CHAR_UNITS:
                share = max(int(len(line) * (room_units - 2 * WIDE_CHAR_UNITS - used) / max(need, 1)), 0)
                piece = "\n".join([*text.split("\n")[:n], line[:share]])
                if piece:
                    kept.append((piece, font))
                kept.append((ELLIPSIS, None))
                return kept
            used += need
        kept.append((text, font))
    return kept


def cut_chars(parts: list[tuple[str, str | None]], limit: int, marker: str) -> Runs:
    """Runs cut at `limit` characters, `marker` included (formatting of the kept part preserved)."""
    kept: list[tuple[str, str | None]] = []
    room = limit - len(marker)
    for text, font in parts:
        if len(text) <= room:
            kept.append((text, font))
            room -= len(text)
            continue
        if room > 0:
            kept.append((text[:room], font))
        kept.append((marker, None))
        break
    return tuple(kept)
