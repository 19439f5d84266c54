"""CSV text of a table, the one csv writer of the files and of the commands' `--format csv`
(`report-compare audit --out DIR`'s audit.csv is byte for byte what `audit --format csv` prints).
Nothing here imports pandas: a frame is read duck-typed, so the one-report commands, which print
records, start without it.

Cells are written by their column's kind in `compare.schema.COLUMNS`: a whole number in a year,
count, value or change column is written as one (1182, not 1182.0, whatever dtype pandas gave the
column), a percent, points or score keeps its decimals; a missing value is an empty cell; text a
spreadsheet would run as a formula gets a leading apostrophe (compare.write.textsafety), unless
`raw`.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from compare.schema import COLUMNS
from compare.write.textsafety import FORMULA_START, neutralise_formula

#: Kinds whose whole-number values are written as integers (1182, 2019): counts, years, values
#: (a rate of 100.0 is 100; 64.29 stays 64.29), absolute changes.
WHOLE_KINDS = frozenset({"year", "int", "count", "value", "change"})

Rows = Sequence[Mapping[str, Any]]


def rows_of(data: Any, columns: Sequence[str] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Column ids and rows of a pandas frame (duck-typed: no pandas import) or of a list of dicts
    with the given `columns`, cells made JSON-friendly (NaN/NA -> None, numpy scalars -> Python)."""
    if _is_frame(data):
        cols = _frame_columns(data)
        if cols is not None:
            ids = [str(c) for c in data.columns]
            return ids, [dict(zip(ids, cells, strict=True)) for cells in zip(*cols, strict=True)]
        records = data.to_dict(orient="records")
        return [str(c) for c in data.columns], [{str(k): _cell(v) for k, v in r.items()} for r in records]
    rows = [{k: _cell(v) for k, v in r.items()} for r in data]
    return list(columns if columns is not None else (rows[0] if rows else ())), rows


def columns_of(data: Any, columns: Sequence[str] | None = None) -> tuple[list[str], list[list[Any]]]:
    """`rows_of` by column: the ids and each column's cells (the same cells), built from a frame's
    columns without a dict per row (a 29,000-row changes table took 2.5 s through rows)."""
    if _is_frame(data) and (cols := _frame_columns(data)) is not None:
        return [str(c) for c in data.columns], cols
    ids, rows = rows_of(data, columns)
    return ids, [[r.get(c) for r in rows] for c in ids]


def _is_frame(data: Any) -> bool:
    return hasattr(data, "to_dict") and hasattr(data, "columns")


#: numpy dtype kinds whose cells `Series.tolist()` gives as the Python values `to_dict` gives:
#: float (NaN -> None below), signed / unsigned int, bool, object (each cell through `_cell`).
#: pandas' text dtype (StringDtype: `str` in pandas 3) is taken like object: str cells, and a
#: missing one (NaN or NA) that `_cell` makes None.
_FAST_KINDS = frozenset("fiubO")


def _frame_columns(frame: Any) -> list[list[Any]] | None:
    """Each column's cells as `rows_of` makes them from `to_dict`, or None when a column has a
    dtype (datetime, categorical, nullable) that only the record path converts."""
    out: list[list[Any]] = []
    if len(set(map(str, frame.columns))) != frame.shape[1]:
        return None  # duplicate names: records keep the last, columns would keep both
    for k in range(frame.shape[1]):
        column = frame.iloc[:, k]
        kind = getattr(column.dtype, "kind", "")
        text = type(column.dtype).__name__ == "StringDtype"
        if kind not in _FAST_KINDS or not (text or type(column.dtype).__module__.startswith("numpy")):
            return None
        kind = "O" if text else kind
        cells = column.tolist()
        if kind == "f":
            cells = [None if v != v else v for v in cells]
        elif kind == "O":
            cells = [v if type(v) is str else _cell(v) for v in cells]
        out.append(cells)
    return out


def typed(column: str, value: Any) -> Any:
    """`value` as its column's kind writes it: a whole float in a WHOLE_KINDS column -> int."""
    return typed_column(column, (value,))[0]


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    pandas = sys.modules.get("pandas")  # a frame's cell: pandas is loaded
    if pandas is not None and (value is pandas.NA or value is pandas.NaT):
        return None
    return value


def csv_text(columns: Sequence[str], rows: Rows, *, raw: bool = False) -> str:
    """CSV with a header row. Text a spreadsheet would run as a formula gets a leading apostrophe
    (numbers, -3.5 too, are not text and stay as they are), unless `raw`."""
    return csv_columns_text(list(columns), [[r.get(c) for r in rows] for c in columns], raw=raw)


def csv_columns_text(columns: Sequence[str], cells: Sequence[Sequence[Any]], *, raw: bool = False) -> str:
    """`csv_text` of a table given by column (`columns_of`): each column's cells converted in one
    pass by its kind, then written by one writerows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    out = [_csv_column(typed_column(c, col), raw) for c, col in zip(columns, cells, strict=True)]
    writer.writerows(zip(*out, strict=True))
    return buf.getvalue()


def typed_column(column: str, cells: Sequence[Any]) -> Sequence[Any]:
    """`typed` of every cell of one column (the column's kind looked up once)."""
    kind = COLUMNS[column].kind if column in COLUMNS else "text"
    if kind not in WHOLE_KINDS:
        return cells
    # a whole float as an int (1182.0 -> 1182; beyond 1e15 floats are not exact: kept), inline: a
    # call per cell costs a sixth of writing a large table
    return [int(v) if isinstance(v, float) and v.is_integer() and abs(v) < 1e15 else v for v in cells]


def _csv_column(cells: Sequence[Any], raw: bool) -> list[Any]:
    """`_csv_cell` of each cell; only text starting like a formula goes through the full test."""
    out: list[Any] = []
    for v in cells:
        t = type(v)
        if t is str:
            out.append(v if raw or not v or v[0] not in _FORMULA_FIRST else neutralise_formula(v))
        elif t is float or t is int or t is bool:
            out.append(v)
        else:
            out.append(_csv_cell(v, raw))
    return out


#: The first characters of text `neutralise_formula` may change.
_FORMULA_FIRST = frozenset(c[0] for c in FORMULA_START)


def _csv_cell(value: Any, raw: bool) -> Any:
    if value is None:
        return ""
    return neutralise_formula(value) if isinstance(value, str) and not raw else value


def frame_csv(frame: Any, *, raw: bool = False) -> str:
    """`csv_text` of a pandas frame: its columns in order, one line per row."""
    return csv_columns_text(*columns_of(frame), raw=raw)
