"""A table as a sheet: Chinese headers with their English comment, values in the readers'
language (compare.schema `Column.values`), typed cells with their formats, widths that fit
Chinese text, row heights that show wrapped text whole, links and up/down fills.

Cells are computed column by column from plain lists (never per-row pandas access), then written
row by row: at 1,000 reports the workbook holds over a million cells.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from compare.schema import COLUMNS, FMT_CHANGE, Column
from compare.write.excel.cells import (
    MAX_TEXT_WIDTH,
    MAX_WIDTH,
    MIN_WIDTH,
    change_format,
    clean_text,
    display_width,
    fit_format,
    needs_quote,
    plain,
    row_height,
    text_width,
    value_format,
    wrapped_lines,
)
from compare.write.excel.xlsx import BookWriter, Sheet, Styles
from compare.write.excel.xlsx import column_letter as _letter

#: Rows sampled when sizing a column: enough to see the typical widths, cheap on big sheets.
WIDTH_SAMPLE_ROWS = 500

#: Columns holding a change whose unit is named by another column of the same row: a stated
#: 同比增长128.78% and a stated 较上年增加14件 share one column, so the format carries the unit.
_KIND_OF = {"change": "change_kind", "claimed_change": "claimed_kind", "gap": "claimed_kind",
            "computed_change": "change_kind"}

#: Section statuses for which a similarity does not apply (one side is missing): blank, not 0.000.
NO_SIMILARITY = frozenset({"added", "removed"})


@dataclass
class Book:
    """The workbook being built: its styles and its sheets in the order they were built (and are
    written); `writer`: the workbook they are written into when some were written ahead (else
    one is made with the sheets in this order)."""

    styles: Styles = field(default_factory=Styles)
    sheets: list[Sheet] = field(default_factory=list)
    writer: BookWriter | None = None

    def sheet(self, name: str) -> Sheet:
        ws = Sheet(name, self.styles)
        self.sheets.append(ws)
        return ws


@dataclass(frozen=True)
class SheetTable:
    """A table for a sheet of its own (an `extra` sheet): its rows, its declared columns (labels,
    comments, formats, values in the readers' language; None: the frame's columns as they are,
    declared ones from compare.schema.COLUMNS) and the cell that scrolls (`freeze`: "C2" keeps the
    header row and the first two columns in view)."""

    frame: pd.DataFrame
    columns: tuple[Column, ...] | None = None
    freeze: str = "A2"
    #: column id -> values (as shown, e.g. 缺少, 逾期) whose cells are shaded light orange
    alerts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


#: Cells of one column: values and style indexes, one per row.
Cells = tuple[list[Any], list[int]]


def column_of(key: str, own: Mapping[str, Column] | None = None) -> Column:
    """The declared column `key` (a table's own first), or a plain text column named by its id."""
    return (own or {}).get(key) or COLUMNS.get(key) or Column(key, key, key)


def header(ws: Sheet, columns: Sequence[Column]) -> None:
    """Row 1: Chinese labels, bold on grey, each with its comment (id once, note, value ids)."""
    ws.columns = len(columns)
    ws.header_ids = [c.id for c in columns]
    s = ws.styles.xf(font="bold", fill="header")
    ws.add_row([clean_text(c.label) for c in columns], [s] * len(columns))
    ws.comments = [(f"{_letter(j)}1", c.comment) for j, c in enumerate(columns, start=1)]


def text_cells(values: Sequence[Any], styles: Styles, *, wrap: bool = False,
               labels: Mapping[str, str] | None = None) -> Cells:
    """Text as text (never a formula), values mapped to the readers' words by `labels`."""
    plain_xf, quote_xf = styles.xf(wrap=wrap), styles.xf(wrap=wrap, quote=True)
    out: list[Any] = []
    xfs: list[int] = []
    memo: dict[tuple[type, Any], tuple[Any, int]] = {}  # columns repeat values (issuers, statuses)
    for v in values:
        t = type(v)
        if t is str or t is float or t is int or t is bool or v is None:
            hit = memo.get((t, v))
            if hit is None:
                hit = memo[(t, v)] = _text_cell(v, labels, plain_xf, quote_xf)
        else:
            hit = _text_cell(v, labels, plain_xf, quote_xf)
        out.append(hit[0])
        xfs.append(hit[1])
    return out, xfs


def _text_cell(v: Any, labels: Mapping[str, str] | None, plain_xf: int, quote_xf: int) -> tuple[Any, int]:
    v = plain(v)
    if v is None or v == "":
        return None, plain_xf
    if labels is not None:
        v = labels.get(str(v), v)
    if not isinstance(v, str):
        return v, plain_xf
    v = clean_text(v)
    return v, quote_xf if needs_quote(v) else plain_xf


def number_cells(values: Sequence[Any], styles: Styles, fmt: Callable[[float, int], str | None] | str,
                 *, scale: float = 1.0, whole: bool = False) -> Cells:
    """Numbers with the format `fmt(value, row)` names (or the one format `fmt`); text in a number
    column stays text. `whole`: integral values are written as integers (1182, never 1182.0)."""
    cache: dict[str | None, int] = {}
    const = styles.xf(fmt=fmt) if isinstance(fmt, str) else None
    out: list[Any] = []
    xfs: list[int] = []
    for n, v in enumerate(values):
        t = type(v)
        if t is not float and t is not int:
            v = plain(v)
            if isinstance(v, bool):
                v = int(v)
            t = type(v)
        if t is float or t is int:
            if v != v or v in (math.inf, -math.inf):
                out.append(None)
                xfs.append(0)
                continue
            if scale != 1.0:
                v = v * scale
            if whole and type(v) is float and v.is_integer():
                v = int(v)
            out.append(v)
            if const is not None:
                xfs.append(const)
                continue
            f = fmt(v, n)  # type: ignore[operator]
        elif isinstance(v, str) and v:
            v = clean_text(v)
            out.append(v)
            f = "quote" if needs_quote(v) else None
        else:
            out.append(None)
            f = None
        xf = cache.get(f)
        if xf is None:
            xf = cache[f] = styles.xf(quote=True) if f == "quote" else styles.xf(fmt=f or "")
        xfs.append(xf)
    return out, xfs


def column_cells(col: Column, values: Sequence[Any], context: Mapping[str, Sequence[Any]], styles: Styles) -> Cells:
    """One column's cells. `context`: other columns of the same rows (unit, change kinds, status)
    that decide a cell's format."""
    if col.values or col.kind == "flag":
        return text_cells(values, styles, wrap=col.wrap, labels=col.values)
    kind = col.kind
    if kind in ("year", "int", "count"):
        return number_cells(values, styles, col.fmt, whole=True)
    if kind == "value":
        units = context.get("unit")
        if units is None and col.fmt:  # a measure with its own format (the audit's shares, ratios)
            return number_cells(values, styles, lambda v, n: fit_format(col.fmt, v), whole=True)
        return number_cells(values, styles, lambda v, n: value_format(v, rate=units is not None and units[n] == "%"),
                            whole=True)
    if kind == "change":
        kinds = context.get(_KIND_OF.get(col.id, ""))
        base = col.fmt or FMT_CHANGE

        def change_fmt(v: float, n: int) -> str | None:
            k = str(plain(kinds[n]) or "") if kinds is not None else ""
            # a gap between two relative changes is not itself a relative change: no % sign
            f = change_format(k, v) if k and not (col.id == "gap" and k == "percent") else None
            return f or fit_format(base, v)

        return number_cells(values, styles, change_fmt)
    if kind in ("percent", "points"):
        return number_cells(values, styles, col.fmt, scale=col.scale)
    if kind == "score":
        status = context.get("status")
        cells = number_cells(values, styles, col.fmt)
        if status is not None:
            for n, s in enumerate(status):
                if s in NO_SIMILARITY:
                    cells[0][n] = None
        return cells
    return text_cells(values, styles, wrap=col.wrap)


def frame_lists(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """Every column of `frame` as a plain list (one conversion per column, not per cell)."""
    return {str(c): frame[c].tolist() for c in frame.columns}


def widths(columns: Sequence[Column], cells: Sequence[Cells], *,
           fixed: Mapping[int, float] | None = None) -> list[float]:
    """Column widths that fit the header and the sampled values, full-width characters counted
    twice; +2 leaves room for the autofilter's drop-down button."""
    out = []
    for j, (col, (values, _)) in enumerate(zip(columns, cells, strict=True)):
        if fixed and j in fixed:
            out.append(fixed[j])
            continue
        widest: float = display_width(col.label)
        for v in values[:WIDTH_SAMPLE_ROWS]:
            widest = max(widest, text_width(v))
        cap = MAX_TEXT_WIDTH if col.wrap else MAX_WIDTH
        out.append(float(max(MIN_WIDTH, min(round(widest) + 2, cap))))
    return out


def heights(columns: Sequence[Column], cells: Sequence[Cells], col_widths: Sequence[float],
            n_rows: int) -> list[float | None]:
    """Row heights that show the wrapped columns' text whole (up to Excel's 409 pt)."""
    wrapped = [(cells[j][0], col_widths[j]) for j, c in enumerate(columns) if c.wrap]
    if not wrapped:
        return [None] * n_rows
    out: list[float | None] = []
    for n in range(n_rows):
        lines = 1
        for values, width in wrapped:
            v = values[n]
            if v is not None:
                text = "".join(t for t, _ in v) if isinstance(v, tuple) else str(v)
                if len(text) * 2 > width - 1 or "\n" in text:
                    lines = max(lines, wrapped_lines(text, width))
        out.append(row_height(lines))
    return out


def write_table(ws: Sheet, columns: Sequence[Column], cells: Sequence[Cells], *,
                links: Mapping[int, Sequence[str | None]] | None = None,
                fixed_widths: Mapping[int, float] | None = None) -> None:
    """Header and rows of one table; `links`: column index -> link target per row (a sheet
    location such as 'Sections'!A3, None: no link) for the cells that have a value."""
    header(ws, columns)
    n_rows = len(cells[0][0]) if cells else 0
    ws.widths = widths(columns, cells, fixed=fixed_widths)
    row_heights = heights(columns, cells, ws.widths, n_rows)
    styles = ws.styles
    link_xf = styles.xf(font="link")
    for j, targets in (links or {}).items():
        values, xfs = cells[j]
        letter = _letter(j + 1)
        for n, target in enumerate(targets):
            if target and values[n] is not None and values[n] != "":
                xfs[n] = link_xf
                ws.links.append((f"{letter}{n + 2}", target, False))
    ws.add_rows([c[0] for c in cells], [c[1] for c in cells], row_heights)
    if n_rows:
        for j, col in enumerate(columns, start=1):
            if col.updown:
                letter = _letter(j)
                ws.updown.append(f"{letter}2:{letter}{n_rows + 1}")


def table_sheet(book: Book, name: str, frame: pd.DataFrame, columns: Sequence[Column] | None = None, *,
                links: Mapping[str, Sequence[str | None]] | None = None, freeze: str = "A2") -> Sheet:
    """A plain table: the `columns` (the sheet's declared table, compare.schema) that `frame` has,
    in their order; None: the frame's columns as they are (Sources, extra sheets)."""
    lists = frame_lists(frame)
    if columns is None:
        shown = [column_of(c) for c in lists]
    else:
        shown = [c for c in columns if c.id in lists]
    cells = [column_cells(c, lists[c.id], lists, book.styles) for c in shown]
    ids = [c.id for c in shown]
    ws = book.sheet(name)
    ws.freeze = freeze
    write_table(ws, shown, cells, links={ids.index(k): v for k, v in (links or {}).items() if k in ids})
    return ws
