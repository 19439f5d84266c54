"""The comparison workbook (对比工作簿), written with openpyxl from plain DataFrames.

Naming convention, applied to every sheet: sheet names are English (stable names for links,
scripts and `pandas.read_excel(sheet_name=...)`), header cells are Chinese (the readers are
司法局 staff) and each header cell carries a comment with the English column id and what it means.
`HEADER_LABELS` maps the English ids to the Chinese labels, so scripts can translate back.

Report text is hostile input: anything that looks like a formula (`compare.write.textsafety`: starts with
`=`, `+`, `-` or `@` and is not a plain number) is written as a string cell with the quote-prefix
style, never as a formula; control characters Excel rejects are
removed; cells are capped at Excel's 32,767 characters.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from compare.schema import (
    COLUMNS,
    FMT_APPROX,
    FMT_CHANGE,
    FMT_NUMBER,
    FMT_POINTS,
    FMT_RATE,
    WIDE_LEAD,
    Column,
    IndicatorsWide,
)
from compare.schema import FMT_PERCENT as FMT_PERCENT  # re-exported: the formats' earlier home
from compare.schema import FMT_SCORE as FMT_SCORE
from compare.write.atomic import write_atomic
from compare.write.textsafety import looks_like_formula

if TYPE_CHECKING:  # the ops come from compare.across.diff; importing it here would only cost startup
    from compare.across.diff import DiffOp

#: Sheet names, in workbook order.
SHEETS = ("Summary", "Indicators", "Changes", "Claims", "Sections", "Section diffs", "Sources", "Failures")

#: Number formats: declared with the columns in compare.schema.
MAX_DECIMALS = 4

#: Excel's limit on characters in one cell, and what marks a cut.
MAX_CELL_CHARS = 32_767
TRUNCATED = "…(截断)"

#: A diff side longer than this is cut in the workbook and points to the diff page instead: a
#: 30,000-character cell is unreadable in a spreadsheet, and rich text is the costliest cell to write.
MAX_DIFF_CHARS = 8_000

#: Excel's limit on rows in one sheet (the header is one of them); a longer table is cut and the
#: Summary sheet says so.
MAX_ROWS = 1_048_576

#: Column width limits, in Excel character units (a full-width character counts as 2).
#: 60 keeps a long title readable on a laptop screen without hiding the columns to its right;
#: section-diff text columns get 90 and wrap.
MAX_WIDTH = 60
MAX_TEXT_WIDTH = 90
MIN_WIDTH = 6

#: Rows sampled when sizing a column: enough to see the typical widths, cheap on big sheets.
WIDTH_SAMPLE_ROWS = 500

#: Document properties and zip entry times of every workbook: a fixed date, so that identical input
#: gives a byte-identical file (like the csv, html and png outputs); 1980-01-01 is the earliest time
#: a zip entry can hold.
FIXED_TIME = datetime.datetime(1980, 1, 1)

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Fills of the up/down conditional formats. Neutral colours on purpose: whether up is good
# depends on the indicator (败诉率 up is bad, 出庭应诉率 up is good), so no red/green verdict.
_UP_FILL = PatternFill(start_color="FFDDEBF7", end_color="FFDDEBF7", fill_type="solid")  # light blue
_DOWN_FILL = PatternFill(start_color="FFFCE4D6", end_color="FFFCE4D6", fill_type="solid")  # light orange
_HEADER_FILL = PatternFill(start_color="FFF2F2F2", end_color="FFF2F2F2", fill_type="solid")
_HEADER_FONT = Font(bold=True)
_LINK_FONT = Font(color="FF0563C1", underline="single")
_IMPLIED_FONT = Font(italic=True, color="FF7F7F7F")

# Rich-text fonts of the Section diffs sheet.
_DELETE_FONT = InlineFont(color="FFC00000", strike=True)  # red strike-through: text removed
_INSERT_FONT = InlineFont(color="FF00B050", u="single")  # green underline: text added
_MOVE_FONT = InlineFont(color="FF2F5597", i=True)  # blue italic: a sentence moved elsewhere


#: English column id -> Chinese header label.
HEADER_LABELS: dict[str, str] = {k: c.label for k, c in COLUMNS.items()}

#: Columns that hold up/down changes and get the conditional fills.
CHANGE_COLUMNS = tuple(c.id for c in COLUMNS.values() if c.updown)


# --------------------------------------------------------------------------------------------
# cell helpers


def display_width(text: str) -> int:
    """Width of `text` in monospace cells: full-width (East Asian W/F) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clean_text(text: str) -> str:
    """`text` without the control characters Excel rejects, capped at Excel's cell limit."""
    text = _ILLEGAL.sub("", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    return text


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (str, bytes, list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def _python(value: Any) -> Any:
    """A value openpyxl writes: numpy scalars -> Python, NaN -> None, other objects -> str."""
    if _is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, (bool, int, float, str, CellRichText)):
        return value
    return str(value)


def set_value(cell: Cell, value: Any, *, scale: float = 1.0) -> None:
    """Write `value` to `cell`; strings always as text (never a formula), numbers scaled."""
    value = _python(value)
    if value is None:
        cell.value = None
        return
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value
        # Report text like "=SUM(...)", "-3件" or "@x" must not become a formula: force the
        # string type and set quotePrefix, which Excel/LibreOffice honour when the cell is edited.
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
        return
    if isinstance(value, float) and scale != 1.0:
        value = value * scale
    elif isinstance(value, int) and not isinstance(value, bool) and scale != 1.0:
        value = value * scale
    cell.value = value


def decimals(value: float) -> int:
    """Decimals a value shows (66.0 -> 0, 64.29 -> 2), at most MAX_DECIMALS."""
    if not math.isfinite(value) or float(value).is_integer():
        return 0
    text = f"{round(value, MAX_DECIMALS):.{MAX_DECIMALS}f}".rstrip("0")
    return len(text.partition(".")[2])


def fit_format(template: str, value: float) -> str:
    """A number-format template (FMT_NUMBER, FMT_CHANGE, FMT_APPROX) with the value's decimals:
    "#,##0" stays for integers, 12.5 gets "#,##0.0". Other formats are returned unchanged."""
    if template not in (FMT_NUMBER, FMT_CHANGE, FMT_APPROX):
        return template
    d = decimals(float(value))
    return template.replace("#,##0", "#,##0." + "0" * d) if d else template


def _header(ws: Worksheet, columns: Sequence[str], labels: Mapping[str, Column] | None = None) -> None:
    for j, key in enumerate(columns, start=1):
        col = (labels or {}).get(key)
        label, note = (col.label, col.note) if col else _label(key)
        cell = ws.cell(row=1, column=j)
        set_value(cell, label)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        comment = Comment(f"{key}: {note}" if note != key else key, "report-compare")
        comment.width, comment.height = 260, 80
        cell.comment = comment


def _label(key: str) -> tuple[str, str]:
    col = COLUMNS.get(key)
    return (col.label, col.note) if col else (key, key)


def _finish(ws: Worksheet, columns: Sequence[str], n_rows: int, *, wrap: Iterable[str] = ()) -> None:
    """Frozen header row, autofilter, widths that fit Chinese text."""
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(n_rows + 1, 1)}"
    wrap_set = set(wrap)
    for j, key in enumerate(columns, start=1):
        letter = get_column_letter(j)
        widest = 0
        for (cell,) in ws.iter_rows(min_row=1, max_row=min(n_rows + 1, WIDTH_SAMPLE_ROWS + 1),
                                    min_col=j, max_col=j):
            widest = max(widest, _cell_width(cell))
        # +2 leaves room for the autofilter's drop-down button.
        cap = MAX_TEXT_WIDTH if key in wrap_set else MAX_WIDTH
        ws.column_dimensions[letter].width = max(MIN_WIDTH, min(widest + 2, cap))
        if key in wrap_set:
            for (cell,) in ws.iter_rows(min_row=2, max_row=n_rows + 1, min_col=j, max_col=j):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _cell_width(cell: Cell) -> int:
    value = cell.value
    if value is None:
        return 0
    if isinstance(value, float):
        text = f"{value:,.2f}"
    elif isinstance(value, CellRichText):
        text = str(value)
    else:
        text = str(value)
    return max((display_width(line) for line in text.splitlines() or [""]), default=0)


def _updown(ws: Worksheet, columns: Sequence[str], n_rows: int) -> None:
    """Light blue for increases, light orange for decreases, on the change columns."""
    if n_rows <= 0:
        return
    for j, key in enumerate(columns, start=1):
        if key in CHANGE_COLUMNS:
            letter = get_column_letter(j)
            ref = f"{letter}2:{letter}{n_rows + 1}"
            ws.conditional_formatting.add(ref, CellIsRule(operator="greaterThan", formula=["0"], fill=_UP_FILL))
            ws.conditional_formatting.add(ref, CellIsRule(operator="lessThan", formula=["0"], fill=_DOWN_FILL))


#: Columns holding a change whose unit is named by another column of the same row: a stated
#: 同比增长128.78% and a stated 较上年增加14件 share one column, so the format carries the unit.
_KIND_OF = {"claimed_change": "claimed_kind", "gap": "claimed_kind", "computed_change": "change_kind"}


def change_format(kind: str, value: float) -> str | None:
    """The number format of a change of `kind` (percentage_points, percent, absolute, none) with
    the value's decimals: +18.51 pp, +128.78%, +14. None for an unknown kind."""
    if kind == "percentage_points":
        return FMT_POINTS
    if kind == "percent":  # in percent units (128.78), not a fraction: the % is display text
        body = "0." + "0" * decimals(float(value)) if decimals(float(value)) else "0"
        return f'+{body}"%";-{body}"%";{body}"%"'
    if kind in ("absolute", "none"):
        return fit_format(FMT_CHANGE, value)
    return None


def _write_rows(ws: Worksheet, frame: pd.DataFrame, columns: Sequence[str]) -> None:
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        record = dict(zip(columns, row, strict=True))
        for j, (key, value) in enumerate(zip(columns, row, strict=True), start=1):
            col = COLUMNS.get(key)
            cell = ws.cell(row=i, column=j)
            set_value(cell, value, scale=col.scale if col else 1.0)
            if col and col.fmt and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.number_format = fit_format(col.fmt, cell.value)
                kind_key = _KIND_OF.get(key, "")
                kind = str(_python(record.get(kind_key)) or "") if kind_key in record else ""
                # a gap between two relative changes is not itself a relative change: no % sign
                fmt = change_format(kind, cell.value) if kind and not (key == "gap" and kind == "percent") else None
                if fmt:
                    cell.number_format = fmt


def _table_sheet(ws: Worksheet, frame: pd.DataFrame) -> list[str]:
    """A plain table: Chinese headers with English comments, typed cells, formats, filter."""
    columns = [str(c) for c in frame.columns]
    _header(ws, columns)
    _write_rows(ws, frame, columns)
    _finish(ws, columns, len(frame), wrap=[c for c in columns if c in COLUMNS and COLUMNS[c].wrap])
    _updown(ws, columns, len(frame))
    return columns


def _flat(frame: pd.DataFrame | None) -> pd.DataFrame:
    """A copy with a plain RangeIndex (index levels become columns); empty frame for None."""
    if frame is None:
        return pd.DataFrame()
    if any(n is not None for n in frame.index.names):  # a named index (issuer, indicator) is data
        frame = frame.reset_index()
    else:  # a filtered frame's row labels are not
        frame = frame.reset_index(drop=True)
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = ["_".join(str(x) for x in c if str(x)) for c in frame.columns]
    return frame


def _link(cell: Cell, sheet: str, row: int, col: str = "A") -> None:
    """An internal hyperlink to `sheet`!`col``row` (#'Sections'!A12). An empty cell gets no link:
    openpyxl would write the link target into it as its value."""
    if cell.value is None or cell.value == "":
        return
    # `location` makes an in-workbook link (no external relationship); Excel and LibreOffice
    # both follow it, as they would "#'Sections'!A12".
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheetname(sheet)}!{col}{row}")
    cell.font = _LINK_FONT


# --------------------------------------------------------------------------------------------
# sheets


def _summary_sheet(ws: Worksheet, summary: pd.DataFrame) -> None:
    frame = _flat(summary)
    if list(frame.columns) != ["item", "value"] and len(frame.columns) == 2:
        frame.columns = ["item", "value"]
    _table_sheet(ws, frame)
    # A guide to the sheets and the marks, below the figures.
    start = len(frame) + 3
    guide = [
        ("工作表说明", "sheet guide"),
        ("Indicators: 指标 × 年度", "indicator by year; ≈ = approximate (余/近/约), grey italic = implied"),
        ("Changes: 逐年及首末年变化", "absolute, relative (%), percentage points (pp)"),
        ("Claims: 报告所述变化核对", "stated change vs the earlier report"),
        ("Sections: 章节对齐", "aligned section pairs, similarity, status"),
        ("Section diffs: 章节文本差异", "red strike = deleted, green underline = inserted"),
        ("Sources: 来源文件", "file, issuer, year, date, SHA-256"),
        ("Failures: 未能读取的文件", "files skipped: what is wrong, what to do"),
        ("浅蓝 = 上升, 浅橙 = 下降", "light blue = up, light orange = down (not a judgement)"),
    ]
    for k, (a, b) in enumerate(guide):
        set_value(ws.cell(row=start + k, column=1), a)
        set_value(ws.cell(row=start + k, column=2), b)
    ws.cell(row=start, column=1).font = _HEADER_FONT


#: Key of a Sections row for links: (issuer, report year or None, section path). Paths repeat
#: across years (一/(一) exists in every report), so a link names the year of the report the path
#: belongs to; the None-year key is the fallback for tables without years.
_LinkKey = tuple[str, int | None, str]


def _section_rows(sections: pd.DataFrame) -> dict[_LinkKey, int]:
    """Link keys -> row on the Sections sheet. A path with its report's year finds the pair where
    that report is the newer one (its path is `new_path`), else the pair where it is the older one;
    without a year, a path of the newest report wins over the same path of an older one."""
    rows: dict[_LinkKey, int] = {}
    if sections.empty:
        return rows
    n = len(sections)

    def column(name: str, default: Any) -> list[Any]:
        # Plain lists: per-row Series.iloc cost 2 s a thousand rows on the 300-report benchmark.
        return sections[name].tolist() if name in sections else [default] * n

    issuers, years = column("issuer", ""), column("year_new", 0)
    order = sorted(range(n), key=lambda i: (_num(years[i]), i))
    sides = [(column(col, None), column(year_col, None), col == "new_path")
             for col, year_col in (("old_path", "year_old"), ("new_path", "year_new")) if col in sections]
    as_old: dict[_LinkKey, int] = {}
    for i in order:  # later pairs overwrite earlier ones
        issuer = str(_python(issuers[i]) or "")
        for paths, side_years, is_new in sides:
            path = _python(paths[i])
            if path:
                rows[(issuer, None, str(path))] = i + 2
                year = _python(side_years[i])
                if isinstance(year, (int, float)):
                    target = rows if is_new else as_old
                    target.setdefault((issuer, int(year), str(path)), i + 2)
    for key, row in as_old.items():
        rows.setdefault(key, row)
    return rows


def _section_link(links: Mapping[_LinkKey, int], issuer: str, year: Any, section: str) -> int | None:
    """The Sections row of `section` in `issuer`'s report of `year` (any year when unknown)."""
    y = _python(year)
    if isinstance(y, (int, float)):
        hit = links.get((issuer, int(y), section))
        if hit is not None:
            return hit
    return links.get((issuer, None, section))


def _num(value: Any) -> float:
    v = _python(value)
    return float(v) if isinstance(v, (int, float)) else 0.0


def _indicators_sheet(ws: Worksheet, wide: IndicatorsWide, links: Mapping[_LinkKey, int]) -> None:
    frame = wide.frame
    shown = wide.shown
    columns = [c.id for c in shown]
    _header(ws, columns, {c.id: c for c in shown})
    keys: list[Any] = [c.id for c in shown]
    for k, y in enumerate(wide.years, start=len(WIDE_LEAD.ids)):
        keys[k] = y  # the value columns of the frame are named by the int year
    marks = {y: list(wide.marks(y)) for y in wide.years}
    years = set(wide.years)
    for n, row in enumerate(frame[keys].itertuples(index=False, name=None)):
        i = n + 2
        record = dict(zip(keys, row, strict=True))
        rate = str(record.get("unit", "")) == "%"
        for j, key in enumerate(keys, start=1):
            cell = ws.cell(row=i, column=j)
            set_value(cell, record[key])
            if key not in years or not isinstance(cell.value, (int, float)):
                continue
            mark = marks[key][n]
            cell.number_format = FMT_RATE if rate else fit_format(FMT_NUMBER, cell.value)
            if "approximate" in mark:
                cell.number_format = '"≈"0.00"%"' if rate else fit_format(FMT_APPROX, cell.value)
            if "implied" in mark:
                cell.font = _IMPLIED_FONT
                cell.comment = Comment(
                    "推算值: implied by the next report's stated change, not stated in a report", "report-compare"
                )
        _indicator_links(ws, columns, i, record, wide.years, [marks[y][n] for y in wide.years], links)
    _finish(ws, columns, len(frame))


def _indicator_links(ws: Worksheet, columns: Sequence[str], i: int, record: Mapping[Any, Any],
                     years: Sequence[int], marks: Sequence[str], links: Mapping[_LinkKey, int]) -> None:
    """Link the indicator, subject and section cells of row `i` to the section's Sections row."""
    issuer = str(_python(record.get("issuer")) or "")
    section = _python(record.get("section"))
    # The section is the newest stated value's: the last year with a value not implied.
    last = next((y for y, mark in zip(reversed(years), reversed(marks), strict=True)
                 if isinstance(_python(record[y]), (int, float)) and "implied" not in mark), None)
    target = _section_link(links, issuer, last, str(section)) if section else None
    if target:
        # The subject is always filled; an indicator id only when the lexicon knows it.
        for key in ("indicator", "subject", "section"):
            if key in columns:
                _link(ws.cell(row=i, column=columns.index(key) + 1), "Sections", target)


def change_columns(changes: pd.DataFrame) -> pd.DataFrame:
    """The Changes sheet's table: `change` split by its kind into absolute / pp columns, and
    `pct_change` (percent) kept for the relative column. Never mutates `changes`."""
    frame = _flat(changes)
    if frame.empty and not len(frame.columns):
        return frame
    kind = frame["change_kind"].astype("string") if "change_kind" in frame else pd.Series("", index=frame.index)
    change = pd.to_numeric(frame["change"], errors="coerce") if "change" in frame else None
    out = frame.drop(columns=[c for c in ("change",) if c in frame])
    if change is not None:
        pos = list(out.columns).index("change_kind") + 1 if "change_kind" in out else len(out.columns)
        absolute = change.where(kind != "percentage_points")
        points = change.where(kind == "percentage_points")
        out.insert(pos, "abs_change", absolute)
        out.insert(pos + 1, "pp_change", points)
    if "pct_change" in out:
        pct = out.pop("pct_change")
        pos = list(out.columns).index("pp_change") + 1 if "pp_change" in out else len(out.columns)
        out.insert(pos, "pct_change", pd.to_numeric(pct, errors="coerce"))
    return out


def _changes_sheet(ws: Worksheet, changes: pd.DataFrame, links: Mapping[_LinkKey, int]) -> None:
    frame = change_columns(changes)
    columns = _table_sheet(ws, frame)
    if "section" in columns and "issuer" in columns:
        sj = columns.index("section") + 1
        years = frame["year_new"].tolist() if "year_new" in frame else [None] * len(frame)
        for i, (issuer, year, section) in enumerate(zip(frame["issuer"].tolist(), years, frame["section"].tolist(),
                                                        strict=True), start=2):
            # `section` is the newer report's path: the pair ending in year_new holds it.
            target = _section_link(links, clean_text(str(_python(issuer) or "")), _python(year),
                                   clean_text(str(_python(section) or "")))
            if target is not None:
                _link(ws.cell(row=i, column=sj), "Sections", target)


def _sections_sheet(ws: Worksheet, sections: pd.DataFrame, diff_rows: Mapping[int, int]) -> None:
    frame = _flat(sections)
    if diff_rows:
        frame = frame.assign(diff=["查看" if i in diff_rows else None for i in range(len(frame))])
    columns = _table_sheet(ws, frame)
    if "diff" in columns:
        j = columns.index("diff") + 1
        for i, target in diff_rows.items():
            _link(ws.cell(row=i + 2, column=j), "Section diffs", target)


# --------------------------------------------------------------------------------------------
# section diffs (rich text)


def op_triples(ops: Iterable[DiffOp]) -> list[tuple[str, str, str]]:
    """Diff ops (compare.across.diff.DiffOp) as (op, old, new) triples."""
    return [(op.op, op.old, op.new) for op in ops]


def rich_sides(ops: Iterable[DiffOp], limit: int = MAX_CELL_CHARS,
               marker: str = TRUNCATED) -> tuple[CellRichText, CellRichText]:
    """Old and new text as rich text: deletions red strike-through on the old side, insertions
    green underline on the new side, moved sentences blue italic, equal text plain. A replace
    with token-level `inner` ops (compare.across.diff) is shown token by token, so 72% -> 89% marks
    just the number, not the sentence."""
    old: list[str | TextBlock] = []
    new: list[str | TextBlock] = []
    _sides(ops, old, new)
    return _capped(old, limit, marker), _capped(new, limit, marker)


def _sides(ops: Iterable[DiffOp], old: list[str | TextBlock], new: list[str | TextBlock]) -> None:
    for op in ops:
        if op.op == "equal":
            _append(old, op.old, None)
            _append(new, op.new, None)
        elif op.op == "delete":
            _append(old, op.old, _DELETE_FONT)
        elif op.op == "insert":
            _append(new, op.new, _INSERT_FONT)
        elif op.op == "move_from":  # the sentence's old place; its new place is a move_to op
            _moved(op.inner, op.old, old, "old")
        elif op.op == "move_to":
            _moved(op.inner, op.new, new, "new")
        elif op.inner:  # replace with token ops
            _sides(op.inner, old, new)
        else:  # replace without token ops: both sides changed
            _append(old, op.old, _DELETE_FONT)
            _append(new, op.new, _INSERT_FONT)


def _moved(inner: tuple[DiffOp, ...], text: str, parts: list[str | TextBlock], side: str) -> None:
    """One side of a moved sentence: blue italic, and when it was also edited on the way, its
    deleted (old side) or inserted (new side) tokens marked as such."""
    if not inner:
        _append(parts, text, _MOVE_FONT)
        return
    for op in inner:
        piece = op.old if side == "old" else op.new
        if op.op == "equal":
            _append(parts, piece, _MOVE_FONT)
        else:
            _append(parts, piece, _DELETE_FONT if side == "old" else _INSERT_FONT)


def _append(parts: list[str | TextBlock], text: str, font: InlineFont | None) -> None:
    text = _ILLEGAL.sub("", text)
    if not text:
        return
    parts.append(text if font is None else TextBlock(font, text))


def _capped(parts: list[str | TextBlock], limit: int = MAX_CELL_CHARS, marker: str = TRUNCATED) -> CellRichText:
    """Rich text cut at `limit` characters, `marker` included (formatting of the kept part preserved)."""
    kept: list[str | TextBlock] = []
    room = limit - len(marker)
    for p in parts:
        text = p if isinstance(p, str) else p.text
        if len(text) <= room:
            kept.append(p)
            room -= len(text)
            continue
        if room > 0:
            kept.append(text[:room] if isinstance(p, str) else TextBlock(p.font, text[:room]))
        kept.append(marker)
        break
    return CellRichText(kept)


def _section_diffs_sheet(ws: Worksheet, diffs: pd.DataFrame, diff_page: str | None = None) -> dict[int, int]:
    """One row per section pair with changes. Returns Sections-row index -> row on this sheet
    (when `diffs` has a `pair` column naming the Sections row index). A side longer than
    MAX_DIFF_CHARS is cut, says so and links to `diff_page` (the HTML diff beside the workbook)."""
    limit, marker = (MAX_DIFF_CHARS, f"…(过长已截断，全文见 {diff_page})") if diff_page else (MAX_CELL_CHARS, TRUNCATED)
    frame = _flat(diffs)
    ops = frame.pop("ops") if "ops" in frame else pd.Series([[]] * len(frame), index=frame.index)
    pair_index = frame.pop("pair_index") if "pair_index" in frame else None
    base = [c for c in frame.columns if c not in ("old_text", "new_text")]
    columns = [*base, "old_text", "new_text"]
    _header(ws, columns)
    rows: dict[int, int] = {}
    for i, (record, row_ops) in enumerate(zip(frame.to_dict(orient="records"), ops, strict=True), start=2):
        for j, key in enumerate(base, start=1):
            set_value(ws.cell(row=i, column=j), record[key])
        old_rich, new_rich = rich_sides(row_ops if isinstance(row_ops, Iterable) else [], limit, marker)
        for j, rich in ((len(base) + 1, old_rich), (len(base) + 2, new_rich)):
            cell = ws.cell(row=i, column=j)
            cell.value = rich
            cell.data_type = "s"
            if diff_page and rich and isinstance(rich[-1], str) and rich[-1] == marker:
                cell.hyperlink = diff_page  # relative: the page sits beside the workbook
        if pair_index is not None and not _is_missing(pair_index.iloc[i - 2]):
            rows[int(pair_index.iloc[i - 2])] = i
    _finish(ws, columns, len(frame), wrap=["old_text", "new_text"])
    return rows


# --------------------------------------------------------------------------------------------
# the workbook


def write_workbook(
    path: str | Path,
    *,
    summary: pd.DataFrame,
    indicators_wide: IndicatorsWide,
    changes: pd.DataFrame,
    claims: pd.DataFrame,
    sections: pd.DataFrame,
    section_diffs: pd.DataFrame,
    sources: pd.DataFrame,
    failures: pd.DataFrame | None = None,
    diff_page: str | None = None,
) -> Path:
    """Write the comparison workbook to `path` atomically and return the path.

    - summary: two columns `item, value`.
    - indicators_wide: compare.schema.IndicatorsWide: one row per series, its years given, the
      marks of each value ("implied": grey italic, "approximate": ≈) in its mark columns; the
      indicator, subject and section cells link to the section's Sections row.
    - changes: the changes table (compare.across.changes); `change` is split by `change_kind` into an
      absolute and a percentage-point column; `pct_change` is in percent (18.5 = 18.5%).
    - claims, sources: written as given (known columns get Chinese headers and formats).
    - failures: files a batch skipped (`file, error, fix, error_kind`); the sheet is always there,
      empty when nothing was skipped, so scripts can rely on it.
    - sections: aligned pairs; `section_diffs`: rows with `ops` (compare.across.diff ops or (op, old,
      new) triples) and optional `pair_index` (the Sections row index the diff belongs to).
    - diff_page: the HTML diff's file name beside the workbook: a diff side longer than
      MAX_DIFF_CHARS is cut there and links to it (None: cut only at Excel's cell limit).
    A table longer than Excel's MAX_ROWS is cut, and the Summary sheet says so.
    """
    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name in SHEETS}
    cut: list[str] = []  # what Excel's row limit left out, said on the Summary sheet
    sections_flat = _fit_rows(_flat(sections), "Sections", cut)
    changes = _fit_rows(_flat(changes), "Changes", cut)
    claims = _fit_rows(_flat(claims), "Claims", cut)
    section_diffs = _fit_rows(_flat(section_diffs), "Section diffs", cut)
    wide = IndicatorsWide(_fit_rows(indicators_wide.frame, "Indicators", cut), indicators_wide.years)
    if cut:
        summary = pd.concat([_flat(summary), pd.DataFrame({"item": ["提示 (warning)"] * len(cut), "value": cut})],
                            ignore_index=True)
    links = _section_rows(sections_flat)
    _summary_sheet(sheets["Summary"], summary)
    _indicators_sheet(sheets["Indicators"], wide, links)
    _changes_sheet(sheets["Changes"], changes, links)
    _table_sheet(sheets["Claims"], claims)
    diff_rows = _section_diffs_sheet(sheets["Section diffs"], section_diffs, diff_page)
    _sections_sheet(sheets["Sections"], sections_flat, diff_rows)
    _table_sheet(sheets["Sources"], _flat(sources))
    _table_sheet(sheets["Failures"], _flat(failures if failures is not None else pd.DataFrame(
        columns=["file", "error", "fix", "error_kind"])))
    wb.properties.created = FIXED_TIME
    # openpyxl's save takes a path; the temporary file is renamed over `path` once complete.
    return write_atomic(path, lambda tmp: _save_deterministic(wb, tmp), create_folder=True)


def _fit_rows(frame: pd.DataFrame, sheet: str, cut: list[str]) -> pd.DataFrame:
    """`frame` cut to the rows one sheet holds below its header; the cut is noted in `cut`."""
    room = MAX_ROWS - 1
    if len(frame) <= room:
        return frame
    cut.append(f"{sheet}: {len(frame):,} rows, the first {room:,} shown (Excel's limit per sheet); "
               "the csv/json of the command line (report-compare changes, extract) hold all")
    return frame.iloc[:room]


# openpyxl stamps dcterms:modified with the time of saving, whatever the properties say.
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _save_deterministic(wb: Workbook, path: Path) -> None:
    """Save `wb` to `path` with fixed document times and zip entry times: the same workbook gives
    the same bytes, run after run."""
    wb.save(path)
    buf = io.BytesIO(path.read_bytes())
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)


