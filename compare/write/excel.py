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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

from compare.write.atomic import write_atomic
from compare.write.textsafety import looks_like_formula

#: Sheet names, in workbook order.
SHEETS = ("Summary", "Indicators", "Changes", "Claims", "Sections", "Section diffs", "Sources", "Failures")

#: Number formats. Three sections (positive;negative;zero) so that a negative value shows one
#: minus sign, not "-+1.00 pp" as a one-section format with a literal "+" would.
FMT_POINTS = '+0.00" pp";-0.00" pp";0.00" pp"'  # 百分点: percentage points
FMT_PERCENT = "+0.0%;-0.0%;0.0%"  # relative change, stored as a fraction (0.185 = 18.5%)
FMT_RATE = '0.00"%"'  # a rate stored in percent units, as the reports write it (64.29)
# Counts, amounts and absolute changes: thousands separators and as many decimals as the value has
# (up to MAX_DECIMALS). These are templates, fitted per cell by `fit_format`: a "#,##0.##" format
# would show an integer as "5." in Excel.
FMT_NUMBER = "#,##0"
FMT_CHANGE = "+#,##0;-#,##0;0"
FMT_SCORE = "0.000"  # similarity scores 0..1
FMT_APPROX = '"≈"#,##0'  # a value stated with 余/近/约: the cell stays a number, the ≈ is display only
MAX_DECIMALS = 4

#: Excel's limit on characters in one cell, and what marks a cut.
MAX_CELL_CHARS = 32_767
TRUNCATED = "…(截断)"

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


@dataclass(frozen=True)
class Column:
    """How one column id is shown in the workbook."""

    label: str  # Chinese header text
    note: str  # English description, in the header comment
    fmt: str = ""  # number format; "" = General
    scale: float = 1.0  # multiply the stored value by this before writing (percent -> fraction)
    wrap: bool = False  # long text: wrap and widen


#: Every column id the sheets know: English id -> Chinese label and English note.
COLUMNS: dict[str, Column] = {
    # Summary
    "item": Column("项目", "item"),
    "value": Column("数值", "value"),
    # identity
    "issuer": Column("发文机关", "issuer: the government that wrote the report"),
    "year": Column("年度", "report year (the year the report is about)"),
    "indicator": Column("指标", "indicator: canonical id, or the subject when the lexicon has none"),
    "indicator_name": Column("指标名称", "indicator name in Chinese"),
    "subject": Column("统计对象", "subject: what is measured, as the report words it"),
    "unit": Column("单位", "unit"),
    "kind": Column("类型", "kind: count, rate, money, duration, ratio"),
    "qualifier": Column("限定词", "qualifier: exact, over (余/多), under (近), approx (约), at_most"),
    "section": Column("所在章节", "section path in the newest report; links to the Sections sheet"),
    "source": Column("来源文件", "source file"),
    "text": Column("原文", "text as written in the report", wrap=True),
    "sentence": Column("原句", "the sentence in the report", wrap=True),
    "note": Column("说明", "note"),
    "approximate": Column("约数", "approximate: a value stated with 余/近/约 is involved"),
    "implied": Column("推算", "implied: an earlier value inferred from a stated change, not stated itself"),
    # changes
    "year_old": Column("基期年度", "earlier year"),
    "value_old": Column("基期数值", "earlier value", FMT_NUMBER),
    "year_new": Column("报告期年度", "later year"),
    "value_new": Column("报告期数值", "later value", FMT_NUMBER),
    "change": Column("变化", "change in the change_kind's unit"),
    "change_kind": Column("变化类型", "change kind: percentage_points, percent, absolute, none"),
    "abs_change": Column("绝对变化", "absolute change (counts, amounts) in the indicator's unit", FMT_CHANGE),
    "pct_change": Column("相对变化", "relative change, percent of the earlier value", FMT_PERCENT, scale=0.01),
    "pp_change": Column("百分点变化", "change of a rate in percentage points", FMT_POINTS),
    "claim_status": Column("核对结果", "claim check: consistent, inconsistent, unverifiable, or none stated"),
    "claimed_change": Column("报告所述变化", "change as the later report states it", FMT_NUMBER),
    "gap": Column("差额", "stated change minus computed change", FMT_CHANGE),
    "pair": Column("比较区间", "consecutive years, first_last, or claim (from a stated change alone)"),
    "claimed_kind": Column("所述变化类型", "kind of the stated change: percentage_points, percent, absolute"),
    "source_old": Column("基期来源文件", "file of the earlier value"),
    "source_new": Column("报告期来源文件", "file of the later value"),
    "series": Column("指标序列", "id of the chain of matched indicators across years"),
    "implied_years": Column("推算年度", "years whose value is implied by a later report's stated change"),
    "target": Column("目标值", "a target or plan, not a result"),
    # claims
    "claim_text": Column("所述变化原文", "the change phrase as written", wrap=True),
    "stated_change": Column("所述变化", "change as stated", FMT_NUMBER),
    "change_unit": Column("所述单位", "unit of the stated change (%, 个百分点, 件)"),
    "computed_change": Column("计算变化", "change computed from the earlier report", FMT_NUMBER),
    "base_year": Column("比较年度", "year the claim compares against"),
    "implied_base": Column("推算基期值", "earlier value the claim implies", FMT_NUMBER),
    "actual_base": Column("实际基期值", "earlier value the earlier report states", FMT_NUMBER),
    "status": Column("状态", "status"),
    "interpreted": Column("解读", "a bare % on a rate read as percentage points (ambiguous)"),
    # sections
    "old_path": Column("原章节", "section path in the older report"),
    "new_path": Column("新章节", "section path in the newer report"),
    "old_title": Column("原标题", "heading in the older report"),
    "new_title": Column("新标题", "heading in the newer report"),
    "score": Column("相似度", "combined similarity used for the alignment, 0..1", FMT_SCORE),
    "cosine": Column("余弦相似度", "cosine similarity of the bodies (Lazy Prices)", FMT_SCORE),
    "jaccard": Column("杰卡德相似度", "Jaccard similarity of the bodies", FMT_SCORE),
    "edit_similarity": Column("编辑相似度", "normalised edit similarity of the bodies", FMT_SCORE),
    "diff": Column("差异", "link to the pair's row on the Section diffs sheet"),
    # section diffs
    "old_text": Column("原文（删除为红色删除线）", "older text; deletions in red strike-through", wrap=True),
    "new_text": Column("新文（新增为绿色下划线）", "newer text; insertions in green underline", wrap=True),
    "insertions": Column("新增句数", "sentences inserted"),
    "deletions": Column("删除句数", "sentences deleted"),
    "changes": Column("改写句数", "sentences reworded"),
    "moves": Column("移动句数", "sentences moved"),
    # sources
    "file": Column("文件", "file as given"),
    "date": Column("发布日期", "publication date"),
    "sha256": Column("SHA-256", "SHA-256 of the file's bytes"),
    "title": Column("标题", "report title"),
    "format": Column("格式", "file format"),
    # failures
    "error": Column("问题", "what is wrong with the file (it was skipped)", wrap=True),
    "fix": Column("处理办法", "what to do to include it", wrap=True),
    "error_kind": Column("错误类型", "kind of error (the toolkit's error class)"),
}

#: English column id -> Chinese header label.
HEADER_LABELS: dict[str, str] = {k: c.label for k, c in COLUMNS.items()}

#: Columns that hold up/down changes and get the conditional fills.
CHANGE_COLUMNS = ("abs_change", "pct_change", "pp_change")


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


def _header(ws: Worksheet, columns: Sequence[str], labels: Mapping[str, tuple[str, str]] | None = None) -> None:
    for j, key in enumerate(columns, start=1):
        label, note = (labels or {}).get(key) or _label(key)
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
    if col:
        return col.label, col.note
    if year_of(key) is not None:
        return f"{year_of(key)}年", f"value in {year_of(key)}"
    return key, key


def year_of(key: Any) -> int | None:
    """The year of a wide table's year column (2019, "2019", "2019.0"), else None."""
    if isinstance(key, bool):
        return None
    if isinstance(key, (int, float)) and not (isinstance(key, float) and math.isnan(key)):
        y = int(key)
        return y if 1900 <= y <= 2200 and y == key else None
    if isinstance(key, str) and re.fullmatch(r"(19|20|21)\d\d", key.strip()):
        return int(key)
    return None


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
    _finish(ws, columns, len(frame), wrap=[c for c in columns if COLUMNS.get(c, Column("", "")).wrap])
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
    issuers = sections["issuer"] if "issuer" in sections else pd.Series([""] * len(sections))
    years = sections["year_new"] if "year_new" in sections else pd.Series([0] * len(sections))
    order = sorted(range(len(sections)), key=lambda i: (_num(years.iloc[i]), i))
    as_old: dict[_LinkKey, int] = {}
    for i in order:  # later pairs overwrite earlier ones
        issuer = str(_python(issuers.iloc[i]) or "")
        for col, year_col in (("old_path", "year_old"), ("new_path", "year_new")):
            if col in sections:
                path = _python(sections[col].iloc[i])
                if path:
                    rows[(issuer, None, str(path))] = i + 2
                    year = _python(sections[year_col].iloc[i]) if year_col in sections else None
                    if isinstance(year, (int, float)):
                        target = rows if col == "new_path" else as_old
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


def _indicators_sheet(ws: Worksheet, wide: pd.DataFrame, marks: pd.DataFrame | None,
                      links: Mapping[_LinkKey, int]) -> None:
    frame = _flat(wide)
    columns = [str(c) for c in frame.columns]
    years = {str(c): year_of(c) for c in frame.columns}
    _header(ws, columns)
    mark_frame = _flat(marks) if marks is not None else None
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        record = dict(zip(columns, row, strict=True))
        for j, key in enumerate(columns, start=1):
            cell = ws.cell(row=i, column=j)
            value = record[key]
            set_value(cell, value)
            if years[key] is None or not isinstance(cell.value, (int, float)):
                continue
            cell.number_format = FMT_RATE if str(record.get("unit", "")) == "%" else fit_format(FMT_NUMBER, cell.value)
            mark = _mark(mark_frame, i - 2, frame.columns[j - 1])
            if "approximate" in mark:
                rate = str(record.get("unit", "")) == "%"
                cell.number_format = '"≈"0.00"%"' if rate else fit_format(FMT_APPROX, cell.value)
            if "implied" in mark:
                cell.font = _IMPLIED_FONT
                cell.comment = Comment(
                    "推算值: implied by the next report's stated change, not stated in a report", "report-compare"
                )
        issuer = str(_python(record.get("issuer")) or "")
        section = _python(record.get("section"))
        # The section is the newest stated value's: the last year column with a value not implied.
        last = next((year_of(c) for c in reversed(frame.columns) if year_of(c) is not None
                     and isinstance(_python(record[str(c)]), (int, float))
                     and "implied" not in _mark(mark_frame, i - 2, c)), None)
        target = _section_link(links, issuer, last, str(section)) if section else None
        if target:
            # The subject is always filled; an indicator id only when the lexicon knows it.
            for key in ("indicator", "subject", "section"):
                if key in columns:
                    _link(ws.cell(row=i, column=columns.index(key) + 1), "Sections", target)
    _finish(ws, columns, len(frame))


def _mark(marks: pd.DataFrame | None, row: int, column: Any) -> str:
    if marks is None or row >= len(marks):
        return ""
    for c in (column, str(column), year_of(column)):
        if c is not None and c in marks.columns:
            v = _python(marks[c].iloc[row])
            return str(v) if v else ""
    return ""


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
        sj, ij = columns.index("section") + 1, columns.index("issuer") + 1
        yj = columns.index("year_new") + 1 if "year_new" in columns else None
        for i in range(2, len(frame) + 2):
            # `section` is the newer report's path: the pair ending in year_new holds it.
            target = _section_link(links, str(ws.cell(row=i, column=ij).value or ""),
                                   ws.cell(row=i, column=yj).value if yj else None,
                                   str(ws.cell(row=i, column=sj).value or ""))
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


def _op_parts(op: Any) -> tuple[str, str, str, tuple[Any, ...]]:
    """(tag, old, new, inner ops) of a triple or an object with op/old/new(/inner) attributes."""
    if isinstance(op, (tuple, list)):
        tag, old, new = [*list(op), "", "", ""][:3]
        inner: tuple[Any, ...] = ()
    else:
        tag = next((getattr(op, a) for a in ("op", "kind", "tag") if hasattr(op, a)), "")
        old = next((getattr(op, a) for a in ("old", "a", "old_text") if hasattr(op, a)), "")
        new = next((getattr(op, a) for a in ("new", "b", "new_text") if hasattr(op, a)), "")
        inner = tuple(getattr(op, "inner", ()) or ())
    return str(getattr(tag, "value", tag)).lower(), str(old or ""), str(new or ""), inner


def op_triples(ops: Iterable[Any]) -> list[tuple[str, str, str]]:
    """Diff ops as (op, old, new) triples. Accepts triples, or objects with op/kind/tag and
    old/new (or a/b) attributes, such as compare.across.diff's DiffOp."""
    return [_op_parts(op)[:3] for op in ops]


def rich_sides(ops: Iterable[Any]) -> tuple[CellRichText, CellRichText]:
    """Old and new text as rich text: deletions red strike-through on the old side, insertions
    green underline on the new side, moved sentences blue italic, equal text plain. A replace
    with token-level `inner` ops (compare.across.diff) is shown token by token, so 72% -> 89% marks
    just the number, not the sentence."""
    old: list[str | TextBlock] = []
    new: list[str | TextBlock] = []
    _sides(ops, old, new)
    return _capped(old), _capped(new)


def _sides(ops: Iterable[Any], old: list[str | TextBlock], new: list[str | TextBlock]) -> None:
    for op in ops:
        tag, a, b, inner = _op_parts(op)
        if tag in ("equal", "same", "unchanged", "="):
            _append(old, a, None)
            _append(new, b, None)
        elif tag in ("delete", "del", "removed", "-"):
            _append(old, a, _DELETE_FONT)
        elif tag in ("insert", "ins", "added", "+"):
            _append(new, b, _INSERT_FONT)
        elif tag == "move_from":  # the sentence's old place; its new place is a move_to op
            _moved(inner, a, old, "old")
        elif tag == "move_to":
            _moved(inner, b, new, "new")
        elif tag.startswith("move"):
            _append(old, a, _MOVE_FONT)
            _append(new, b, _MOVE_FONT)
        elif inner:  # replace with token ops
            _sides(inner, old, new)
        else:  # replace / change without token ops: both sides changed
            _append(old, a, _DELETE_FONT)
            _append(new, b, _INSERT_FONT)


def _moved(inner: tuple[Any, ...], text: str, parts: list[str | TextBlock], side: str) -> None:
    """One side of a moved sentence: blue italic, and when it was also edited on the way, its
    deleted (old side) or inserted (new side) tokens marked as such."""
    if not inner:
        _append(parts, text, _MOVE_FONT)
        return
    for op in inner:
        tag, a, b, _ = _op_parts(op)
        piece = a if side == "old" else b
        if tag == "equal":
            _append(parts, piece, _MOVE_FONT)
        else:
            _append(parts, piece, _DELETE_FONT if side == "old" else _INSERT_FONT)


def _append(parts: list[str | TextBlock], text: str, font: InlineFont | None) -> None:
    text = _ILLEGAL.sub("", text)
    if not text:
        return
    parts.append(text if font is None else TextBlock(font, text))


def _capped(parts: list[str | TextBlock]) -> CellRichText:
    """Rich text cut at Excel's cell limit (formatting of the kept part preserved)."""
    kept: list[str | TextBlock] = []
    room = MAX_CELL_CHARS - len(TRUNCATED)
    for p in parts:
        text = p if isinstance(p, str) else p.text
        if len(text) <= room:
            kept.append(p)
            room -= len(text)
            continue
        if room > 0:
            kept.append(text[:room] if isinstance(p, str) else TextBlock(p.font, text[:room]))
        kept.append(TRUNCATED)
        break
    return CellRichText(kept)


def _section_diffs_sheet(ws: Worksheet, diffs: pd.DataFrame) -> dict[int, int]:
    """One row per section pair with changes. Returns Sections-row index -> row on this sheet
    (when `diffs` has a `pair` column naming the Sections row index)."""
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
        old_rich, new_rich = rich_sides(row_ops if isinstance(row_ops, Iterable) else [])
        for j, rich in ((len(base) + 1, old_rich), (len(base) + 2, new_rich)):
            cell = ws.cell(row=i, column=j)
            cell.value = rich
            cell.data_type = "s"
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
    indicators_wide: pd.DataFrame,
    changes: pd.DataFrame,
    claims: pd.DataFrame,
    sections: pd.DataFrame,
    section_diffs: pd.DataFrame,
    sources: pd.DataFrame,
    indicator_marks: pd.DataFrame | None = None,
    failures: pd.DataFrame | None = None,
) -> Path:
    """Write the comparison workbook to `path` atomically and return the path.

    - summary: two columns `item, value`.
    - indicators_wide: one row per matched indicator; year columns (2019 or "2019") hold values;
      optional `issuer`, `section` columns make the indicator cell link to its Sections row.
    - indicator_marks: same rows and year columns as `indicators_wide`, each cell "", "implied",
      "approximate" or "implied approximate" — marks values drawn grey italic / with ≈.
    - changes: the changes table (compare.across.changes); `change` is split by `change_kind` into an
      absolute and a percentage-point column; `pct_change` is in percent (18.5 = 18.5%).
    - claims, sources: written as given (known columns get Chinese headers and formats).
    - failures: files a batch skipped (`file, error, fix, error_kind`); the sheet is always there,
      empty when nothing was skipped, so scripts can rely on it.
    - sections: aligned pairs; `section_diffs`: rows with `ops` (compare.across.diff ops or (op, old,
      new) triples) and optional `pair_index` (the Sections row index the diff belongs to).
    """
    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name in SHEETS}
    sections_flat = _flat(sections)
    links = _section_rows(sections_flat)
    _summary_sheet(sheets["Summary"], summary)
    _indicators_sheet(sheets["Indicators"], indicators_wide, indicator_marks, links)
    _changes_sheet(sheets["Changes"], changes, links)
    _table_sheet(sheets["Claims"], _flat(claims))
    diff_rows = _section_diffs_sheet(sheets["Section diffs"], section_diffs)
    _sections_sheet(sheets["Sections"], sections_flat, diff_rows)
    _table_sheet(sheets["Sources"], _flat(sources))
    _table_sheet(sheets["Failures"], _flat(failures if failures is not None else pd.DataFrame(
        columns=["file", "error", "fix", "error_kind"])))
    wb.properties.created = FIXED_TIME
    # openpyxl's save takes a path; the temporary file is renamed over `path` once complete.
    return write_atomic(path, lambda tmp: _save_deterministic(wb, tmp), create_folder=True)


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


