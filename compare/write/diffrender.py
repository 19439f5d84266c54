"""Stage: section diffs -> text for a terminal (unified and side-by-side).

Both views are built from one row model (`diff_rows`), which `compare.write.htmldiff` uses too: a row is
one sentence-level op with the old and the new side as styled segments, and runs of unchanged
sentences outside the context are folded into one `skip` row.

Colours (red struck-through deletions, green underlined insertions) when writing to a terminal;
plain markers `[-old-]{+new+}` and `-`/`+` line prefixes when piped or NO_COLOR is set, so the
output stays readable in a file, a mail or `less`. Report text is untrusted: control characters
(an ESC could rewrite the terminal) and bidi overrides are replaced before anything is printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.cells import get_character_cell_size
from rich.color import ColorSystem
from rich.style import Style

from compare.write import DEFAULT_CONTEXT as DEFAULT_CONTEXT  # re-exported: htmldiff and callers import it here
from compare.write import MIN_WIDTH as MIN_WIDTH

if TYPE_CHECKING:  # compare.across.diff loads numpy: `import compare.cli` stays light without it
    from compare.across.diff import DiffOp, SectionDiff

#: Style of a piece of text: unchanged, deleted, inserted, part of a moved sentence, or a note we
#: add (headers, move labels).
SegmentKind = Literal["same", "del", "ins", "move", "note", "head"]
Segment = tuple[str, SegmentKind]

RowKind = Literal["equal", "insert", "delete", "replace", "move_from", "move_to", "skip"]

_PLAIN_MARK = {"del": ("[-", "-]"), "ins": ("{+", "+}")}
_STYLES = {
    "same": Style(),
    "del": Style.parse("red strike"),
    "ins": Style.parse("green underline"),
    "move": Style.parse("cyan"),
    "note": Style.parse("dim"),
    "head": Style.parse("bold"),
}
_ROW_MARK = {"equal": " ", "insert": "+", "delete": "-", "replace": "~", "move_from": "<", "move_to": ">",
             "skip": " "}
_ROW_STYLE = {"insert": "green", "delete": "red", "replace": "yellow", "move_from": "cyan", "move_to": "cyan"}
# C0/C1 controls (ESC, BEL, backspace, CR) and bidi embeddings/overrides/isolates: they can rewrite
# the terminal or reorder what the reader sees. Tab becomes a space below, newlines are structure.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """`text` with terminal control characters and bidi overrides replaced by U+FFFD, tabs by a
    space and line breaks by a space (a row is one line of text)."""
    return _UNSAFE.sub("\ufffd", text).replace("\t", " ").replace("\r", "\ufffd").replace("\n", " ")


@dataclass(frozen=True)
class Row:
    """One row of a rendered diff: a sentence-level op, or a fold of unchanged sentences."""

    kind: RowKind
    old: tuple[Segment, ...]  # old side, styled ("" segments never appear)
    new: tuple[Segment, ...]  # new side
    move: int = 0  # move id of a move_from / move_to row
    move_path: str = ""  # a move across sections: the section of the other end
    skipped: int = 0  # skip rows: number of unchanged sentences folded into the row


def _sides(op: DiffOp) -> tuple[list[Segment], list[Segment]]:
    """Old and new sides of an op as segments; a replace or edited move shows its token changes."""
    if op.op in ("insert", "delete", "equal") or not op.inner:
        style: SegmentKind = {"insert": "ins", "delete": "del", "move_from": "move", "move_to": "move"}.get(
            op.op, "same")  # type: ignore[assignment]
        return _seg(op.old, style), _seg(op.new, style)
    old: list[Segment] = []
    new: list[Segment] = []
    same: SegmentKind = "move" if op.op.startswith("move") else "same"
    for t in op.inner:
        if t.op == "equal":
            old += _seg(t.old, same)
            new += _seg(t.new, same)
        else:
            old += _seg(t.old, "del")
            new += _seg(t.new, "ins")
    return old, new


def _seg(text: str, kind: SegmentKind) -> list[Segment]:
    return [(text, kind)] if text else []


def _strip(segs: list[Segment]) -> tuple[Segment, ...]:
    """Trailing whitespace (the paragraph break after a sentence) removed: rows are lines."""
    out = list(segs)
    while out and not out[-1][0].rstrip():
        out.pop()
    if out:
        out[-1] = (out[-1][0].rstrip(), out[-1][1])
    return tuple((t, k) for t, k in out if t)


def diff_rows(ops: Sequence[DiffOp], *, context: int | None = DEFAULT_CONTEXT) -> list[Row]:
    """Rows for the ops of one section. Unchanged sentences further than `context` sentences from a
    change are folded into `skip` rows (context=None shows everything)."""
    from compare.across.diff import DiffOp, split_sentences

    # Explode equal runs into sentences so that context is counted in sentences.
    flat: list[tuple[str, DiffOp]] = []
    for op in ops:
        if op.op != "equal":
            flat.append((op.op, op))
            continue
        olds, news = split_sentences(op.old), split_sentences(op.new)
        for k in range(max(len(olds), len(news))):
            o = olds[k] if k < len(olds) else ""
            n = news[k] if k < len(news) else ""
            if o.strip() or n.strip():
                flat.append(("equal", DiffOp("equal", o, n)))
    changed = [k for k, (kind, _) in enumerate(flat) if kind != "equal"]
    keep = set(range(len(flat)))
    if context is not None:
        keep = {k for c in changed for k in range(c - context, c + context + 1)}
    rows: list[Row] = []
    fold: list[DiffOp] = []

    def flush() -> None:
        if fold:
            rows.append(Row("skip", ((" ".join(f.old.strip() for f in fold), "same"),),
                            ((" ".join(f.new.strip() for f in fold), "same"),), skipped=len(fold)))
            fold.clear()

    for k, (kind, op) in enumerate(flat):
        if kind == "equal" and k not in keep:
            fold.append(op)
            continue
        flush()
        old, new = _sides(op)
        rows.append(Row(kind, _strip(old), _strip(new), op.move, op.move_path))  # type: ignore[arg-type]
    flush()
    return rows


# --------------------------------------------------------------------------- headers


def section_header(d: SectionDiff) -> str:
    """One line naming the pair: paths, title, status and counts."""
    old, new = d.old_path or "(none)", d.new_path or "(none)"
    where = old if old == new else f"{old} -> {new}"
    title = d.new_title if d.new_title else d.old_title
    if d.old_title and d.new_title and d.old_title != d.new_title:
        title = f"{d.old_title} -> {d.new_title}"
    return f"@@ {where} @@ {title}  [{d.status}: {counts_label(d)}]"


def counts_label(d: SectionDiff) -> str:
    """"+2 -1 ~3 >0": inserted, deleted, reworded and moved sentences."""
    return f"+{d.insertions} -{d.deletions} ~{d.changes} >{d.moves}"


def _move_note(row: Row) -> Segment:
    if row.kind == "move_from":
        return (f"[moved #{row.move} to {row.move_path}] " if row.move_path else f"[moved #{row.move} away] ", "note")
    return (f"[moved #{row.move} from {row.move_path}] " if row.move_path else f"[moved #{row.move} here] ", "note")


# --------------------------------------------------------------------------- output of segments


def _emit(segs: Iterable[Segment], color: bool) -> str:
    """Segments as text: ANSI styles when `color`, else the plain markers."""
    out: list[str] = []
    for text, kind in segs:
        text = safe_text(text)
        if color:
            out.append(_STYLES[kind].render(text, color_system=ColorSystem.STANDARD) if kind != "same" else text)
        elif kind in _PLAIN_MARK:
            a, b = _PLAIN_MARK[kind]
            out.append(f"{a}{text}{b}")
        else:
            out.append(text)
    return "".join(out)


def _plain_segments(segs: Iterable[Segment], color: bool) -> list[Segment]:
    """In plain mode the markers become part of the text, so that wrapping counts their width."""
    out: list[Segment] = []
    for text, kind in segs:
        text = safe_text(text)
        if not color and kind in _PLAIN_MARK:
            a, b = _PLAIN_MARK[kind]
            out.append((f"{a}{text}{b}", kind))
        else:
            out.append((text, kind))
    return out


def _prefix(mark: str, kind: RowKind, color: bool) -> str:
    if color and kind in _ROW_STYLE:
        return Style.parse(f"bold {_ROW_STYLE[kind]}").render(mark, color_system=ColorSystem.STANDARD)
    return mark


# --------------------------------------------------------------------------- unified


def render_unified(diffs: Sequence[SectionDiff], *, color: bool = False, context: int | None = DEFAULT_CONTEXT,
                   all_sections: bool = False) -> str:
    """A unified view: per changed section a header line, then one line per sentence — `~` a
    reworded sentence with its token changes inline, `-` deleted, `+` inserted, `<`/`>` the two
    places of a moved sentence, two spaces an unchanged sentence of context. Unchanged sections
    are left out (one summary line) unless `all_sections`."""
    lines: list[str] = []
    shown = [d for d in diffs if all_sections or d.changed]
    for d in shown:
        if lines:
            lines.append("")
        lines.append(_emit([(section_header(d), "head")], color))
        for row in diff_rows(d.ops, context=context):
            if row.kind == "skip":
                lines.append(_emit([(f"  ⋯ {row.skipped} unchanged sentence(s)", "note")], color)
                             if color else f"  ⋯ {row.skipped} unchanged sentence(s)")
                continue
            segs: list[Segment]
            if row.kind in ("insert", "move_to"):
                segs = list(row.new)
            elif row.kind in ("delete", "move_from", "equal"):
                segs = list(row.old if row.kind != "equal" else row.new)
            else:
                segs = _merge_inline(row)
            if row.kind in ("move_from", "move_to"):
                segs = [_move_note(row), *segs]
            if row.kind in ("insert", "delete") and not color:
                # The line prefix already says it; inline markers around a whole line are noise.
                segs = [(t, "same") for t, _ in segs]
            lines.append(_prefix(_ROW_MARK[row.kind], row.kind, color) + " " + _emit(segs, color))
    unchanged = sum(1 for d in diffs if not d.changed)
    if not all_sections and unchanged:
        if lines:
            lines.append("")
        note = f"{unchanged} of {len(diffs)} section(s) unchanged"
        lines.append(_emit([(note, "note")], color) if color else note)
    if not diffs:
        lines.append("no sections to compare")
    return "\n".join(lines) + "\n"


def _merge_inline(row: Row) -> list[Segment]:
    """The old and new sides of a replace interleaved: equal text once, each change as its deleted
    then its inserted part ("达到[-72%-]{+89%+}")."""
    # Rebuild from the two sides: equal segments appear on both in the same order.
    out: list[Segment] = []
    old, new = list(row.old), list(row.new)
    i = j = 0
    while i < len(old) or j < len(new):
        while i < len(old) and old[i][1] == "del":
            out.append(old[i])
            i += 1
        while j < len(new) and new[j][1] == "ins":
            out.append(new[j])
            j += 1
        if i < len(old) and j < len(new):
            out.append(new[j])  # the shared text (new side: whitespace as now written)
            i += 1
            j += 1
        elif i < len(old):
            out.append(old[i])
            i += 1
        elif j < len(new):
            out.append(new[j])
            j += 1
    return out


# --------------------------------------------------------------------------- side by side


def wrap_cells(segs: Sequence[Segment], width: int) -> list[list[Segment]]:
    """Segments broken into lines of at most `width` terminal cells; a full-width character counts
    two cells and never straddles a line end. Always at least one (possibly empty) line."""
    lines: list[list[Segment]] = [[]]
    used = 0
    for text, kind in segs:
        buf: list[str] = []
        for ch in text:
            w = get_character_cell_size(ch)
            if used + w > width and used > 0:
                if buf:
                    lines[-1].append(("".join(buf), kind))
                    buf = []
                lines.append([])
                used = 0
            buf.append(ch)
            used += w
        if buf:
            lines[-1].append(("".join(buf), kind))
    return lines


def _header_lines(header: str, width: int) -> list[list[Segment]]:
    """A section header wrapped to `width`: when it does not fit, the "[status: counts]" tail goes
    on a line of its own instead of being cut mid-word ("[c" / "hanged: +1 -1")."""
    head, sep, tail = header.rpartition("  [")
    if not sep or _cells([(header, "head")]) <= width:
        return wrap_cells([(header, "head")], width)
    return wrap_cells([(head, "head")], width) + wrap_cells([("[" + tail, "head")], width)


def _cells(segs: Iterable[Segment]) -> int:
    return sum(get_character_cell_size(ch) for t, _ in segs for ch in t)


def render_side_by_side(diffs: Sequence[SectionDiff], *, width: int = 100, color: bool = False,
                        context: int | None = DEFAULT_CONTEXT, all_sections: bool = False) -> str:
    """Old text on the left, new on the right, each side wrapped to (width - 3) // 2 terminal cells
    so that every line is at most `width` cells wide, full-width characters included."""
    width = max(width, MIN_WIDTH)
    col = (width - 3) // 2
    text_w = col - 2  # a marker cell and a space before each side's text
    sep = " │ "
    lines: list[str] = []
    shown = [d for d in diffs if all_sections or d.changed]
    for d in shown:
        if lines:
            lines.append("")
        for part in _header_lines(safe_text(section_header(d)), width):
            lines.append(_raw(part, color))
        for lrow, rrow in side_pairs(diff_rows(d.ops, context=context)):
            lkind = lrow.kind if lrow else "equal"
            rkind = rrow.kind if rrow else "equal"
            old = _side(lrow, "old", color)
            new = _side(rrow, "new", color)
            left = wrap_cells(old, text_w) if old else [[]]
            right = wrap_cells(new, text_w) if new else [[]]
            lmark = _SIDE_MARK[lkind][0] if lrow else " "
            rmark = _SIDE_MARK[rkind][1] if rrow else " "
            for k in range(max(len(left), len(right))):
                lseg = left[k] if k < len(left) else []
                rseg = right[k] if k < len(right) else []
                lm = lmark if k == 0 else " "
                rm = rmark if k == 0 else " "
                lpad = " " * (text_w - _cells(lseg))
                line = (f"{_prefix(lm, lkind, color)} {_raw(lseg, color)}{lpad}{sep}"
                        f"{_prefix(rm, rkind, color)} {_raw(rseg, color)}")
                lines.append(line.rstrip())
    unchanged = sum(1 for d in diffs if not d.changed)
    if not all_sections and unchanged:
        if lines:
            lines.append("")
        lines.append(f"{unchanged} of {len(diffs)} section(s) unchanged")
    if not diffs:
        lines.append("no sections to compare")
    return "\n".join(lines) + "\n"


_SIDE_MARK = {"equal": (" ", " "), "skip": (" ", " "), "insert": (" ", "+"), "delete": ("-", " "),
              "replace": ("~", "~"), "move_from": ("<", " "), "move_to": (" ", ">")}


def side_pairs(rows: Sequence[Row]) -> list[tuple[Row | None, Row | None]]:
    """Rows laid out in two columns: a run of one-sided rows (deleted or moved-away sentences on
    the left, inserted or moved-in ones on the right) shares lines, the k-th left beside the k-th
    right, so that a rewritten passage reads side by side instead of as two staggered blocks."""
    out: list[tuple[Row | None, Row | None]] = []
    lefts: list[Row] = []
    rights: list[Row] = []

    def flush() -> None:
        for k in range(max(len(lefts), len(rights))):
            out.append((lefts[k] if k < len(lefts) else None, rights[k] if k < len(rights) else None))
        lefts.clear()
        rights.clear()

    for row in rows:
        if row.kind in ("delete", "move_from"):
            if rights and not lefts:
                flush()
            lefts.append(row)
        elif row.kind in ("insert", "move_to"):
            rights.append(row)
        else:
            flush()
            out.append((row, row))
    flush()
    return out


def _side(row: Row | None, side: Literal["old", "new"], color: bool) -> list[Segment]:
    """The segments one column shows for a row (markers included in plain mode)."""
    if row is None:
        return []
    if row.kind == "skip":
        return [(f"⋯ {row.skipped} unchanged sentence(s)", "note")]
    if row.kind in ("delete", "move_from") and side == "new":
        return []
    if row.kind in ("insert", "move_to") and side == "old":
        return []
    segs = list(row.old if side == "old" else row.new)
    if row.kind in ("move_from", "move_to"):
        segs = [_move_note(row), *segs]
    if row.kind in ("insert", "delete") and not color:
        # The column marker already says it; inline markers around a whole sentence are noise.
        segs = [(t, "same") for t, _ in segs]
    return _plain_segments(segs, color)


def _raw(segs: Iterable[Segment], color: bool) -> str:
    """Already-safe segments (markers included in plain mode) as text, styled when `color`."""
    if not color:
        return "".join(t for t, _ in segs)
    return "".join(_STYLES[k].render(t, color_system=ColorSystem.STANDARD) if k != "same" else t for t, k in segs)
