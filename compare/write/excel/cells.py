"""Cell values and their looks: text made safe for Excel, numbers made plain Python, number
formats fitted to a value's decimals, column widths and row heights that fit Chinese text."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Any

from compare.schema import FMT_APPROX, FMT_CHANGE, FMT_NUMBER, FMT_POINTS, FMT_RATE
from compare.write.textsafety import looks_like_formula

#: Number formats: declared with the columns in compare.schema.
MAX_DECIMALS = 4

#: Excel's limit on characters in one cell, and what marks a cut.
MAX_CELL_CHARS = 32_767
TRUNCATED = "…(截断)"

#: Column width limits, in Excel character units (a full-width character counts as 2).
#: 60 keeps a long title readable on a laptop screen without hiding the columns to its right;
#: wrapped text columns (section-diff text, sentences) get 90.
MAX_WIDTH = 60
MAX_TEXT_WIDTH = 90
MIN_WIDTH = 6

#: Row heights, in points. One line of 11-point text, CJK included, takes at most LINE_HEIGHT in
#: Excel, WPS and LibreOffice; Excel's limit for one row is MAX_ROW_HEIGHT (409 pt).
LINE_HEIGHT = 16.0
ROW_PADDING = 4.0
MAX_ROW_HEIGHT = 409.0
#: Lines a row can show at most.
MAX_LINES = int((MAX_ROW_HEIGHT - ROW_PADDING) // LINE_HEIGHT)
#: A full-width character is about 2.1 character units wide (the unit is the width of "0"), so a
#: line of a column holds a little less than width / 2 of them; one unit goes to the cell margins.
WIDE_CHAR_UNITS = 2.1

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

def display_width(text: str) -> int:
    """Width of `text` in monospace cells: full-width (East Asian W/F) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fast_width(text: str) -> float:
    """`display_width` estimated from the UTF-8 length, in C: CJK characters and full-width
    punctuation take 3 bytes (width 2), ASCII 1 (width 1). For row heights of long text."""
    n = len(text)
    return n + (len(text.encode("utf-8", "surrogatepass")) - n) / 2


def clean_text(text: str) -> str:
    """`text` without the control characters Excel rejects, capped at Excel's cell limit."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    return text


def needs_quote(text: str) -> bool:
    """True for text a spreadsheet would take for a formula (=SUM(...), -3件, @x), not a plain number
    (compare.write.textsafety's one rule for the workbook and csv)."""
    return looks_like_formula(text)


def is_missing(value: Any) -> bool:
    """None, NaN, pd.NA, pd.NaT: an empty cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, (str, int, tuple)):
        return False
    if type(value).__name__ in ("NAType", "NaTType"):  # pd.NA != pd.NA is NA, whose truth is an error
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def plain(value: Any) -> Any:
    """A value the writer takes: numpy scalars -> Python, missing and non-finite -> None,
    other objects -> str."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    if is_missing(value):
        return None
    if hasattr(value, "item"):
        return plain(value.item())
    return str(value)


def decimals(value: float) -> int:
    """Decimals a value shows (66.0 -> 0, 64.29 -> 2), at most MAX_DECIMALS."""
    if not math.isfinite(value) or float(value).is_integer():
        return 0
    text = f"{round(value, MAX_DECIMALS):.{MAX_DECIMALS}f}".rstrip("0")
    return len(text.partition(".")[2])


@lru_cache(maxsize=256)
def _with_decimals(template: str, d: int) -> str:
    return template.replace("#,##0", "#,##0." + "0" * d) if d else template


def fit_format(template: str, value: float) -> str:
    """A number-format template (FMT_NUMBER, FMT_CHANGE, FMT_APPROX) with the value's decimals:
    "#,##0" stays for integers, 12.5 gets "#,##0.0". Other formats are returned unchanged."""
    if template not in (FMT_NUMBER, FMT_CHANGE, FMT_APPROX):
        return template
    return _with_decimals(template, decimals(float(value)))


#: The format of a rate stated with 余/近/约: the ≈ of FMT_APPROX on FMT_RATE.
FMT_RATE_APPROX = '"≈"0.00"%"'


def value_format(value: float, *, rate: bool, approximate: bool = False) -> str:
    """An indicator's value: a rate (unit %, stored in percent units: 52 -> 52.00%) the same way on
    every sheet, other values with thousands separators and their own decimals."""
    if rate:
        return FMT_RATE_APPROX if approximate else FMT_RATE
    return fit_format(FMT_APPROX if approximate else FMT_NUMBER, value)


def change_format(kind: str, value: float) -> str | None:
    """The number format of a change of `kind` (percentage_points, percent, absolute, none) with
    the value's decimals: +18.51 pp, +128.78%, +14. None for an unknown kind."""
    if kind == "percentage_points":
        return FMT_POINTS
    if kind == "percent":  # in percent units (128.78), not a fraction: the % is display text
        return _percent_units(decimals(float(value)))
    if kind in ("absolute", "none"):
        return fit_format(FMT_CHANGE, value)
    return None


@lru_cache(maxsize=16)
def _percent_units(d: int) -> str:
    body = "0." + "0" * d if d else "0"
    return f'+{body}"%";-{body}"%";{body}"%"'


def text_width(value: Any) -> float:
    """Width of a cell's shown text, widest line (numbers as they are usually shown)."""
    if value is None:
        return 0
    if isinstance(value, float):
        text = f"{value:,.2f}"
    elif isinstance(value, tuple):  # rich-text runs
        text = "".join(t for t, _ in value)
    else:
        text = str(value)
    if "\n" not in text:
        return display_width(text) if len(text) < 200 else fast_width(text)
    return max(fast_width(line) for line in text.split("\n"))


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes in a wrapped column `width` units wide."""
    room = max(width - 1, 1)
    return sum(max(1, math.ceil(fast_width(line) * WIDE_CHAR_UNITS / 2 / room)) for line in text.split("\n"))


def row_height(lines: int) -> float | None:
    """The height of a row showing `lines` lines (None: the default height of one line)."""
    if lines <= 1:
        return None
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING)
