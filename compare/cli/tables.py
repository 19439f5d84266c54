"""Table output of the commands: csv, json and the terminal table, from plain rows (a list of
dicts) or a pandas frame. Nothing here imports pandas: the one-report commands print records and
start without it (issue 10: `indicators FILE` in ≤ 0.4 s).

Cells are written by their column's kind in `compare.schema.COLUMNS`: a whole number in a year,
count, value or change column is written as one (1182, not 1182.0, whatever dtype pandas gave the
column), a percent, points or score keeps its decimals.

The terminal table fits the terminal's width (COLUMNS, else the terminal, else 80): it shows the
command's wide column view from WIDE columns when it fits, else its narrow one; it keeps each
header on one line, cuts long text with "…" by display width (a CJK character is two columns),
and says under the table how many columns only csv/json carry."""

from __future__ import annotations

import io
import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# The csv path is compare.write.csvtext's (one writer for the files and the commands), re-exported.
from compare.write.csvtext import WHOLE_KINDS as WHOLE_KINDS
from compare.write.csvtext import Rows as Rows
from compare.write.csvtext import columns_of as columns_of
from compare.write.csvtext import csv_columns_text as csv_columns_text
from compare.write.csvtext import csv_text as csv_text
from compare.write.csvtext import rows_of as rows_of
from compare.write.csvtext import typed as typed
from compare.write.csvtext import typed_column
from compare.write.textsafety import terminal_text

#: A text column is not cut below this many columns while a narrower view of the table exists.
COMFORTABLE = 12
#: The first (widest) column view is shown from this terminal width; narrower terminals get the last.
WIDE = 100
#: Columns the table's frame takes per column: a border and one space each side.
_PER_COLUMN = 3


def json_text(columns: Sequence[str], rows: Rows) -> str:
    """A JSON list of objects. JSON has no Infinity/NaN: a non-finite number (a change beyond float
    range) becomes null, and allow_nan=False turns any that slips through into a bug report."""
    return json_columns_text(list(columns), [[r.get(c) for r in rows] for c in columns])


def json_columns_text(columns: Sequence[str], cells: Sequence[Sequence[Any]]) -> str:
    """`json_text` of a table given by column: the bytes json.dumps(indent=1) writes, with each
    cell encoded once by the C string encoder (json's indented output runs its pure-Python
    encoder: 19 MB for 29,000 rows took seconds). A cell that is no str / int / float / bool /
    None (a list) goes through json.dumps as before."""
    typed_cells = [[_finite(v) for v in typed_column(c, col)] for c, col in zip(columns, cells, strict=True)]
    encoded = [_json_column(col) for col in typed_cells]
    if any(col is None for col in encoded) or len(set(columns)) != len(columns):
        objects = [dict(zip(columns, vals, strict=True)) for vals in zip(*typed_cells, strict=True)]
        return json.dumps(objects, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    if not cells or not cells[0]:  # no columns: rows_of's path (json_text) knows the rows
        return "[]\n"
    keys = [f"\n  {_JSON_STR(str(c))}: " for c in columns]
    rows = ("{" + ",".join(k + v for k, v in zip(keys, vals, strict=True)) + "\n }"
            for vals in zip(*encoded, strict=True))
    return "[\n " + ",\n ".join(rows) + "\n]\n"


#: json's own string encoder for ensure_ascii=False (the C one where built).
_JSON_STR = json.encoder.encode_basestring


def _json_column(cells: Sequence[Any]) -> list[str] | None:
    """The JSON text of each cell, as json.dumps writes it; None when a cell is of another type."""
    out: list[str] = []
    for v in cells:
        t = type(v)
        if t is str:
            out.append(_JSON_STR(v))
        elif v is None:
            out.append("null")
        elif t is bool:
            out.append("true" if v else "false")
        elif t is int:
            out.append(int.__repr__(v))
        elif t is float:
            out.append(float.__repr__(v))  # finite: _finite made the rest None
        else:
            return None
    return out


def _finite(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def shown(value: Any) -> str:
    """A terminal cell: 5.0 -> "5", 64.29 -> "64.29", None -> "", newlines as spaces."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"
    else:
        text = str(value)
    # Report text is never a terminal control sequence; one row is one line.
    return terminal_text(text).replace("\n", " ").replace("\t", " ")


@dataclass(frozen=True)
class Layout:
    """What a terminal table shows: column ids and their widths in terminal columns."""

    columns: tuple[str, ...]
    widths: tuple[int, ...]


def numeric_columns(columns: Sequence[str], rows: Rows) -> frozenset[str]:
    """The columns whose cells are numbers (some may be empty): shown whole and right-aligned."""
    def numbers(column: str) -> bool:
        values = [v for r in rows if (v := r.get(column)) is not None]
        return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)

    return frozenset(c for c in columns if numbers(c))


def layout(views: Sequence[Sequence[str]], cells: Mapping[str, list[str]], width: int,
           numeric: frozenset[str] = frozenset()) -> Layout:
    """The first view (column ids, widest first) whose columns fit `width` without cutting a
    text column below COMFORTABLE; else the last view, cut to fit and, if its headers alone do
    not fit, without its rightmost columns. A header is never cut; a number never either, unless
    even one column would not fit."""
    natural = _Natural(cells)
    for k, view in enumerate(views):
        cols = [c for c in view if c in cells]
        last = k == len(views) - 1
        if not last and (width < WIDE or _need(cols, natural, numeric, COMFORTABLE) > width):
            continue
        while len(cols) > 1 and _need(cols, natural, numeric, 0) > width:
            cols.pop()
        return Layout(tuple(cols), tuple(_fit(cols, natural, numeric, width)))
    return Layout((), ())


class _Natural(dict[str, int]):
    """Each column's natural width (its widest cell or header), measured once on first use: the
    layout asks for it per view, per column dropped and per fit (measuring every cell each time
    took 3.4 s for 5,000 rows x 12 columns)."""

    def __init__(self, cells: Mapping[str, list[str]]) -> None:
        super().__init__()
        self.cells = cells

    def __missing__(self, column: str) -> int:
        from rich.cells import cell_len

        width = max([cell_len(column), *(cell_len(v) for v in self.cells[column])])
        self[column] = width
        return width


def _floor(column: str, natural: Mapping[str, int], numeric: frozenset[str], comfortable: int) -> int:
    """The narrowest a column may be: its header; a number's whole width; a text's `comfortable`
    width (or less when its values are shorter)."""
    from rich.cells import cell_len

    if column in numeric:
        return natural[column]
    return max(cell_len(column), min(natural[column], comfortable))


def _need(cols: Sequence[str], natural: Mapping[str, int], numeric: frozenset[str], comfortable: int) -> int:
    return sum(_floor(c, natural, numeric, comfortable) for c in cols) + _PER_COLUMN * len(cols) + 1


def _fit(cols: Sequence[str], natural_of: Mapping[str, int], numeric: frozenset[str], width: int) -> list[int]:
    """Natural widths, the widest text columns cut to a common cap until the table fits."""
    natural = [natural_of[c] for c in cols]
    floor = [_floor(c, natural_of, numeric, 0) for c in cols]
    room = max(width - _PER_COLUMN * len(cols) - 1, len(cols))
    if sum(natural) <= room:
        return natural
    def total(cap: int) -> int:
        return sum(max(f, min(n, cap)) for n, f in zip(natural, floor, strict=True))

    low, high = 1, max(natural)  # the largest cap whose total fits (or 1): a bisection
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if total(mid) <= room else (low, mid - 1)
    widths = [max(f, min(n, low)) for n, f in zip(natural, floor, strict=True)]
    if len(widths) == 1 and widths[0] > room:  # one column left, and even it does not fit
        widths = [room]
    return widths


def terminal_table(columns: Sequence[str], rows: Rows, *, title: str = "",
                   views: Sequence[Sequence[str]] = (), width: int | None = None) -> str:
    """The table as the terminal shows it, with the hint line when columns are left out."""
    # rich is imported here: csv and json, what scripts ask for, start without it.
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(soft_wrap=False, width=width, highlight=False, force_terminal=False, no_color=True,
                      file=buffer)
    width = console.width
    # No cell can show more characters than the terminal has columns: cut before measuring, so a
    # run-on sentence of a megabyte costs no more than a short one.
    cells = {c: [shown(typed(c, r.get(c)))[:width + 1] for r in rows] for c in columns}
    numeric = numeric_columns(columns, rows)
    fit = layout(list(views) or [columns], cells, width, numeric)
    table = Table(title=Text(terminal_text(title).replace("\n", " ")) if title else None, box=box.HEAVY_HEAD,
                  show_lines=False, expand=False)
    for c, w in zip(fit.columns, fit.widths, strict=True):
        table.add_column(Text(c), width=w, no_wrap=True, overflow="ellipsis",
                         justify="right" if c in numeric else "left")
    for i in range(len(rows)):
        table.add_row(*(Text(cells[c][i]) for c in fit.columns))
    console.print(table)
    out = buffer.getvalue()
    hidden = len(columns) - len(fit.columns)
    if hidden:
        out += f"({hidden} more column{'s' if hidden != 1 else ''}: use --format csv)\n"
    return out


def write(text: str) -> None:
    """`text` to stdout as UTF-8 bytes, so that a Windows console code page or LANG=C never
    mangles Chinese text."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
