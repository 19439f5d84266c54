"""The comparison workbook (对比工作簿), written with openpyxl (write-only mode) from the typed tables.

Naming convention, applied to every sheet: sheet names are English (stable names for links,
scripts and `pandas.read_excel(sheet_name=...)`), header cells are Chinese (the readers are
司法局 staff), values are in the readers' language too (状态 新增/删除/改写, 核对结果 一致/不一致,
flags 是/否: compare.schema `Column.values`), and each header cell carries a comment with the
English column id, what it means and the value ids, so scripts can translate back
(`HEADER_LABELS`). The csv/json of the command line keep the English ids.

Every sheet is printable (landscape, fit to the page width, the header row repeated on each
page) and keeps its header row in view (frozen panes, autofilter).

Report text is hostile input: anything that looks like a formula (`compare.write.textsafety`:
starts with `=`, `+`, `-` or `@` and is not a plain number) is a string cell with the quote-prefix
style, never a formula; control characters Excel rejects are removed; cells are capped at
Excel's 32,767 characters.

Modules: `xlsx` (the sheets' model, written by openpyxl in write-only mode), `cells` (values,
formats, widths, heights), `tables` (a table as a sheet), `richtext` (diff sides), `sheets` (each
sheet and the links between them).
"""

from __future__ import annotations

import datetime
import hashlib
import shutil
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from compare.schema import COLUMNS, FAILURES, FMT_APPROX, FMT_CHANGE, FMT_NUMBER, FMT_POINTS, FMT_RATE, IndicatorsWide
from compare.schema import FMT_PERCENT as FMT_PERCENT  # re-exported: the formats' earlier home
from compare.schema import FMT_SCORE as FMT_SCORE
from compare.write.atomic import write_atomic
from compare.write.excel import sheets as _sheets
from compare.write.excel import xlsx
from compare.write.excel.cells import (
    LINE_HEIGHT,
    MAX_CELL_CHARS,
    MAX_DECIMALS,
    MAX_LINES,
    MAX_ROW_HEIGHT,
    MAX_TEXT_WIDTH,
    MAX_WIDTH,
    MIN_WIDTH,
    TRUNCATED,
    change_format,
    clean_text,
    decimals,
    display_width,
    fit_format,
    wrapped_lines,
)
from compare.write.excel.richtext import cut_chars, op_triples, side_runs
from compare.write.excel.tables import Book, SheetTable, table_sheet

if TYPE_CHECKING:  # the ops come from compare.across.diff; importing it here would only cost startup
    from openpyxl.cell.rich_text import CellRichText

    from compare.across.diff import DiffOp

#: Sheet names, in workbook order (sheets given as `extra` follow).
SHEETS = ("Summary", "Indicators", "Changes", "Claims", "Sections", "Section diffs", "Sources", "Failures")

#: Excel's limit on rows in one sheet (the header is one of them); a longer table is cut and the
#: Summary sheet says so.
MAX_ROWS = 1_048_576

#: Document properties and zip entry times of every workbook: a fixed date, so that identical input
#: gives a byte-identical file (like the csv, html and png outputs); 1980-01-01 is the earliest time
#: a zip entry can hold.
FIXED_TIME = datetime.datetime(1980, 1, 1)

#: English column id -> Chinese header label.
HEADER_LABELS: dict[str, str] = {k: c.label for k, c in COLUMNS.items()}

#: Columns that hold up/down changes and get the conditional fills.
CHANGE_COLUMNS = tuple(c.id for c in COLUMNS.values() if c.updown)

#: Prefix of the workbook's key in its document properties (dc:identifier).
KEY_PREFIX = "report-compare-workbook:"

__all__ = [
    "CHANGE_COLUMNS",
    "FIXED_TIME",
    "FMT_APPROX",
    "FMT_CHANGE",
    "FMT_NUMBER",
    "FMT_PERCENT",
    "FMT_POINTS",
    "FMT_RATE",
    "FMT_SCORE",
    "HEADER_LABELS",
    "LINE_HEIGHT",
    "MAX_CELL_CHARS",
    "MAX_DECIMALS",
    "MAX_LINES",
    "MAX_ROWS",
    "MAX_ROW_HEIGHT",
    "MAX_TEXT_WIDTH",
    "MAX_WIDTH",
    "MIN_WIDTH",
    "SHEETS",
    "TRUNCATED",
    "SheetTable",
    "change_format",
    "clean_text",
    "decimals",
    "display_width",
    "fit_format",
    "op_triples",
    "rich_sides",
    "workbook_key",
    "wrapped_lines",
    "write_sheets",
    "write_workbook",
]


def rich_sides(ops: Iterable[DiffOp], limit: int = MAX_CELL_CHARS,
               marker: str = TRUNCATED) -> tuple[CellRichText, CellRichText]:
    """Old and new text of diff ops as openpyxl rich text (for callers that build their own
    sheets): deletions red strike-through, insertions green underline, moves blue italic."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    fonts = {"delete": InlineFont(color="FFC00000", strike=True), "insert": InlineFont(color="FF00B050", u="single"),
             "move": InlineFont(color="FF2F5597", i=True)}

    def rich(parts: list[tuple[str, str | None]]) -> CellRichText:
        runs = cut_chars([(clean_text(t), f) for t, f in parts], limit, marker)
        return CellRichText([t if f is None else TextBlock(fonts[f], t) for t, f in runs])

    old, new = side_runs(ops)
    return rich(old), rich(new)


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
    extra: Mapping[str, pd.DataFrame | SheetTable] | None = None,
    previous: Path | None = None,
    started: PairSheets | None = None,
    key: str | None = None,
) -> Path:
    """Write the comparison workbook to `path` atomically and return the path.

    - summary: two columns `item, value`.
    - indicators_wide: compare.schema.IndicatorsWide: one row per series, its years given, the
      marks of each value ("implied": grey italic, "approximate": ≈) in its mark columns; the
      indicator name, subject and section cells link to the section's Sections row.
    - changes: the changes table (compare.across.changes), shown as compare.schema.CHANGES_SHEET:
      `change` in its kind's format (+18.51 pp for a rate, +85 for a count); `pct_change` is in
      percent (18.5 = 18.5%); file paths are left to the Sources sheet.
    - claims (compare.schema.CLAIMS_SHEET), sources: known columns get Chinese headers and formats.
    - failures: files a batch skipped (`file, error, fix, error_kind`); the sheet is always there,
      empty when nothing was skipped, so scripts can rely on it.
    - sections: aligned pairs; `section_diffs`: rows with `ops` (compare.across.diff ops) and
      optional `pair_index` (the Sections row index the diff belongs to).
    - diff_page: the HTML diff's file name beside the workbook: a diff side too long to show whole
      in a row (Excel's 409 pt) is summarised there and links to it (None: cut only at Excel's
      cell limit).
    - extra: more sheets after Failures, in order: sheet name -> a frame, written like Sources
      (columns declared in compare.schema.COLUMNS get their label, comment and format), or a
      SheetTable (its own declared columns: the audit's sheets, compare.write.auditsheet).
    - previous: the workbook of the previous run (DIR/comparison.xlsx): when it was written from
      identical tables by this version, its bytes are reused instead of writing again.
    - started: the Sections and Section diffs sheets written ahead (`pair_sheets` of `sections`
      and `section_diffs`, compare.bookproc).
    - key: the workbook's key (stored in its document properties) when the caller knows what the
      tables are a function of (compare.pipeline: the job key, compare.jobcache); None: a hash of
      the tables (`workbook_key`), which costs ~7 s at 1,000 reports.
    A table longer than Excel's MAX_ROWS is cut, and the Summary sheet says so.
    """
    path = Path(path)
    tables: dict[str, Any] = {"summary": summary, "indicators_wide": indicators_wide, "changes": changes,
                              "claims": claims, "sections": sections, "section_diffs": section_diffs,
                              "sources": sources, "failures": failures, "extra": dict(extra or {})}
    key = workbook_key(tables, diff_page) if key is None else key
    if previous is not None and has_key(previous, key) and previous.resolve() != path.resolve():
        source = previous
        return write_atomic(path, lambda tmp: _copy(source, tmp), create_folder=True)
    book = build_book(tables, diff_page, started)
    return write_atomic(path, lambda tmp: save_book(book, tmp, key), create_folder=True)


def _copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)


@dataclass
class PairSheets:
    """A workbook begun ahead (compare.bookproc): the Sections and Section diffs sheets, which
    depend on the report pairs only, built and written by `writer` while the tables are computed;
    then, with `main_sheets`, the sheets of the tables but the `extra` ones (the audit's)."""

    book: Book  # the sheets built so far and the formats they registered
    writer: xlsx.BookWriter  # the workbook they are written into
    links: dict[Any, int]  # Sections rows by link key (compare.write.excel.sheets.section_rows)
    cut: tuple[list[str], list[str]]  # what Excel's row limit left out of each, for the Summary sheet
    main_cut: list[str] | None = None  # once the main sheets are built: what the limit left out of all


def pair_sheets(sections: pd.DataFrame, section_diffs: pd.DataFrame, diff_page: str | None, *,
                write: bool = True) -> PairSheets:
    """Build the Sections and Section diffs sheets of a workbook and (`write`) write them now; they
    are the first two written in every run, now or with the rest (the same order, the same bytes)."""
    flat = _sheets.flat
    cut: tuple[list[str], list[str]] = ([], [])
    fitted = _fit_rows(flat(sections), "Sections", cut[0])
    diffs = _fit_rows(flat(section_diffs), "Section diffs", cut[1])
    book = Book()
    _sheets.sections_sheet(book, fitted, _sheets.diff_rows(diffs))
    _sheets.section_diffs_sheet(book, diffs, diff_page)
    book.writer = writer = xlsx.BookWriter(SHEETS)
    for sheet in book.sheets if write else ():
        writer.write(sheet, book.styles)
    return PairSheets(book, writer, _sheets.section_rows(fitted), cut)


def main_sheets(started: PairSheets, tables: Mapping[str, Any], *, write: bool = True) -> None:
    """Build the Summary, Indicators, Changes, Claims, Sources and Failures sheets of the workbook
    `started` (they need `tables` but `extra`) and (`write`) write them now, in that order."""
    cut_sections, cut_diffs = started.cut
    cut: list[str] = [*cut_sections]  # what Excel's row limit left out, said on the Summary sheet
    flat = _sheets.flat
    changes = _fit_rows(flat(tables["changes"]), "Changes", cut)
    claims = _fit_rows(flat(tables["claims"]), "Claims", cut)
    cut += cut_diffs
    wide: IndicatorsWide = tables["indicators_wide"]
    wide = IndicatorsWide(_fit_rows(wide.frame, "Indicators", cut), wide.years)
    summary = flat(tables["summary"])
    if cut:
        summary = pd.concat([summary, pd.DataFrame({"item": ["提示 (warning)"] * len(cut), "value": cut})],
                            ignore_index=True)
    links, book = started.links, started.book
    names = _sheets.indicator_names(wide)
    _sheets.summary_sheet(book, summary)
    _sheets.indicators_sheet(book, wide, links)
    _sheets.changes_sheet(book, changes, names, links)
    _sheets.claims_sheet(book, claims, names, links)
    table_sheet(book, "Sources", flat(tables["sources"]))
    failures = tables["failures"]
    table_sheet(book, "Failures", flat(failures) if failures is not None else FAILURES.empty(), FAILURES.columns)
    started.main_cut = cut
    for sheet in book.sheets if write else ():
        started.writer.write(sheet, book.styles)


def build_book(tables: Mapping[str, Any], diff_page: str | None, started: PairSheets | None = None) -> Book:
    """Every sheet of the workbook (the costly part of writing it): the Sections and Section diffs
    sheets, then the main ones, then `extra` (those `started` ahead are not built again);
    `book.writer` writes what is left."""
    started = started or pair_sheets(tables["sections"], tables["section_diffs"], diff_page, write=False)
    if started.main_cut is None:
        main_sheets(started, tables, write=False)
    cut = started.main_cut or []
    for name, table in tables["extra"].items():
        _extra_sheet(book=started.book, name=name, table=table, cut=cut)
    return started.book


def _extra_sheet(book: Book, name: str, table: pd.DataFrame | SheetTable, cut: list[str]) -> None:
    if isinstance(table, SheetTable):
        ws = table_sheet(book, name, _fit_rows(_sheets.flat(table.frame), name, cut), table.columns,
                         freeze=table.freeze)
        shown = [str(c) for c in ws.header_ids]
        for key, texts in table.alerts.items():
            if key in shown and ws.n_rows > 1:
                letter = xlsx.column_letter(shown.index(key) + 1)
                ws.alerts += [(f"{letter}2:{letter}{ws.n_rows}", text) for text in texts]
    else:
        table_sheet(book, name, _fit_rows(_sheets.flat(table), name, cut))


def write_sheets(path: str | Path, sheets: Mapping[str, pd.DataFrame | SheetTable]) -> Path:
    """A workbook of just `sheets` (name -> table, as `write_workbook`'s `extra`), written atomically
    by the same sheet writer as the comparison workbook (what `report-compare audit --out` writes
    as audit.xlsx)."""
    tables: dict[str, Any] = {"extra": dict(sheets)}
    key = workbook_key(tables, None)
    book = Book()
    cut: list[str] = []
    for name, table in tables["extra"].items():
        _extra_sheet(book, name, table, cut)
    return write_atomic(Path(path), lambda tmp: save_book(book, tmp, key), create_folder=True)


def save_book(book: Book, path: Path, key: str) -> None:
    """The built workbook as an xlsx file at `path`, with fixed times and its key."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        xlsx.save(path, book.sheets, book.styles, identifier=KEY_PREFIX + key, stamp=stamp, writer=book.writer)
    except BaseException:
        if book.writer is not None:
            book.writer.discard()
        raise


def _fit_rows(frame: pd.DataFrame, sheet: str, cut: list[str]) -> pd.DataFrame:
    """`frame` cut to the rows one sheet holds below its header; the cut is noted in `cut`."""
    room = MAX_ROWS - 1
    if len(frame) <= room:
        return frame
    cut.append(f"{sheet}: {len(frame):,} rows, the first {room:,} shown (Excel's limit per sheet); "
               "the csv/json of the command line (report-compare changes, extract) hold all")
    return frame.iloc[:room]


# ------------------------------------------------------------------------------ reuse on rerun


def workbook_key(tables: Mapping[str, Any], diff_page: str | None) -> str:
    """A hash of everything the workbook is a pure function of: the tables, the diff page's name,
    the toolkit's version and the writer's code (a change of either rewrites the workbook)."""
    from compare.cache import code_fingerprint  # version + every module and data file, computed once

    h = hashlib.sha256()
    for part in (code_fingerprint(), repr(diff_page)):
        h.update(part.encode())
    for name, value in tables.items():
        h.update(f"\0table {name}\0".encode())
        if isinstance(value, IndicatorsWide):
            h.update(repr(value.years).encode())
            value = value.frame
        if isinstance(value, dict):
            for sheet, frame in value.items():
                h.update(f"\0sheet {sheet}\0".encode())
                if isinstance(frame, SheetTable):
                    h.update(repr((frame.columns, frame.freeze, dict(frame.alerts))).encode())
                    frame = frame.frame
                _hash_frame(h, frame)
        elif value is not None:
            _hash_frame(h, value)
    return h.hexdigest()[:32]


def _hash_frame(h: Any, frame: pd.DataFrame) -> None:
    h.update(repr([str(c) for c in frame.columns]).encode() + repr([str(n) for n in frame.index.names]).encode())
    h.update(repr(len(frame)).encode())
    for c in frame.columns:
        values = frame[c]
        if values.dtype.kind in "iufb":
            h.update(str(values.dtype).encode() + values.to_numpy().tobytes())
        else:  # text, objects (diff ops: frozen dataclasses with a stable repr), nullable types
            h.update(repr(values.tolist()).encode("utf-8", "surrogatepass"))
    if any(n is not None for n in frame.index.names):
        h.update(repr(frame.index.tolist()).encode("utf-8", "surrogatepass"))


def has_key(path: Path, key: str) -> bool:
    """True when the workbook at `path` was written for `key` (missing or unreadable: False)."""
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f">{KEY_PREFIX}{key}<".encode() in core

