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
from compare.write.textsafety import neutralise_formula

#: Kinds whose whole-number values are written as integers (1182, 2019): counts, years, values
#: (a rate of 100.0 is 100; 64.29 stays 64.29), absolute changes.
WHOLE_KINDS = frozenset({"year", "int", "count", "value", "change"})

Rows = Sequence[Mapping[str, Any]]


def rows_of(data: Any, columns: Sequence[str] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Column ids and rows of a pandas frame (duck-typed: no pandas import) or of a list of dicts
    with the given `columns`, cells made JSON-friendly (NaN/NA -> None, numpy scalars -> Python)."""
    if hasattr(data, "to_dict") and hasattr(data, "columns"):
        records = data.to_dict(orient="records")
        return [str(c) for c in data.columns], [{str(k): plain(v) for k, v in r.items()} for r in records]
    rows = [{k: plain(v) for k, v in r.items()} for r in data]
    return list(columns if columns is not None else (rows[0] if rows else ())), rows


def typed(column: str, value: Any) -> Any:
    """`value` as its column's kind writes it: a whole float in a WHOLE_KINDS column -> int."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        kind = COLUMNS[column].kind if column in COLUMNS else "text"
        if kind in WHOLE_KINDS:
            return int(value)
    return value


def plain(value: Any) -> Any:
    """A cell as plain Python: NaN, pd.NA and pd.NaT -> None, numpy scalars -> their Python value."""
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
    """CSV with a header row and "\\n" line ends. Text a spreadsheet would run as a formula gets a
    leading apostrophe (numbers, -3.5 too, are not text and stay as they are), unless `raw`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_csv_cell(typed(c, r.get(c)), raw) for c in columns])
    return buf.getvalue()


def frame_csv(frame: Any, *, raw: bool = False) -> str:
    """`csv_text` of a pandas frame: its columns in order, one line per row."""
    return csv_text(*rows_of(frame), raw=raw)


def _csv_cell(value: Any, raw: bool) -> Any:
    if value is None:
        return ""
    return neutralise_formula(value) if isinstance(value, str) and not raw else value
