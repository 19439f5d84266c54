"""The workbook package, written by openpyxl in write-only mode (`Workbook(write_only=True)`), the
mode openpyxl has for large files: each row is serialised when it is appended, not kept as a
worksheet of Python cell objects.

The sheets are first described in a small model (`Sheet`: rows of values with a style index each,
widths, heights, comments, links, up/down ranges; `Styles`: the few cell formats the workbook
uses, registered by key), then `save` hands them to openpyxl:

- a cell format is turned into openpyxl style objects ONCE per workbook (a prototype
  `WriteOnlyCell` per format, whose style array every cell of that format shares);
- a cell that needs no format, link or comment is appended as a plain Python value (openpyxl
  serialises those about twice as fast as styled cells);
- row heights are set before their row is appended (afterwards openpyxl would drop them);
- report text that looks like a formula stays text (data type forced to string, quote prefix);
- the package is rewritten with fixed zip entry times and document times, so identical input
  gives identical bytes.

What a sheet can have: typed cells (numbers, text, rich text), column widths, row heights, a
frozen header row, an autofilter, comments, hyperlinks inside the workbook or to a file beside it,
conditional up/down fills, and print settings (landscape, fit to width, header row repeated on
every page, sheet name and page numbers in the footer).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: (text, font key) runs of one rich-text cell; font key None is the cell's own font.
Runs = tuple[tuple[str, str | None], ...]

#: Fonts of cells (Styles.xf font=...): openpyxl Font arguments.
CELL_FONTS: dict[str, dict[str, Any]] = {
    "": {},
    "bold": {"b": True},
    "link": {"color": "FF0563C1", "u": "single"},
    "implied": {"i": True, "color": "FF7F7F7F"},
}
#: Fonts of rich-text runs: openpyxl InlineFont arguments.
RUN_FONTS: dict[str, dict[str, Any]] = {
    "delete": {"strike": True, "color": "FFC00000"},  # red strike-through: text removed
    "insert": {"color": "FF00B050", "u": "single"},  # green underline: text added
    "move": {"i": True, "color": "FF2F5597"},  # blue italic: a sentence moved elsewhere
}
FILLS: dict[str, str] = {"": "", "header": "FFF2F2F2"}
#: Conditional fills: light blue up, light orange down.
DXF_FILLS = ("FFDDEBF7", "FFFCE4D6")
FONT_SIZE = 11
FONT_NAME = "Calibri"
#: Author of the comments.
AUTHOR = "report-compare"

_MODIFIED = re.compile(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*(</dcterms:(?:modified|created)>)")

StyleKey = tuple[str, str, str, bool, bool]


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def quote_sheet(name: str) -> str:
    """'Section diffs' as a formula or link names a sheet."""
    return "'" + name.replace("'", "''") + "'"


class Styles:
    """The workbook's cell formats, registered on first use: (number format, font, fill, wrap,
    quote prefix) -> index. Index 0 is openpyxl's default format (a plain value, no style)."""

    def __init__(self) -> None:
        self._xfs: dict[StyleKey, int] = {("", "", "", False, False): 0}

    def xf(self, fmt: str = "", font: str = "", fill: str = "", wrap: bool = False, quote: bool = False) -> int:
        key = (fmt, font, fill, wrap, quote)
        found = self._xfs.get(key)
        if found is None:
            found = self._xfs[key] = len(self._xfs)
        return found

    @property
    def keys(self) -> list[StyleKey]:
        """The formats in index order."""
        return list(self._xfs)


@dataclass
class Sheet:
    """One worksheet, described: rows are kept as blocks of columns until `save`."""

    name: str
    styles: Styles
    columns: int = 0  # columns of the table (header width)
    header_ids: list[str] = field(default_factory=list)  # their ids, in order
    widths: list[float] = field(default_factory=list)  # per column, in Excel character units
    blocks: list[tuple[Sequence[Sequence[Any]], Sequence[Sequence[int]], Sequence[float | None]]] = field(
        default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (cell ref, text)
    links: list[tuple[str, str, bool]] = field(default_factory=list)  # (cell ref, target, external file?)
    updown: list[str] = field(default_factory=list)  # ranges shaded up/down
    alerts: list[tuple[str, str]] = field(default_factory=list)  # (range, text): cells equal to it shaded orange
    n_rows: int = 0
    autofilter: bool = True
    freeze: str = "A2"  # the top-left cell that scrolls: rows above and columns left of it stay in view
    filter_rows: int | None = None  # rows the autofilter covers (header included); None: all

    def add_row(self, values: Sequence[Any], styles: Sequence[int], height: float | None = None) -> int:
        """Append a row of cell values (None, int, float, str, or Runs for rich text), each with
        its style (Styles.xf). Returns the row's number (1 = header)."""
        if len(values) != len(styles):
            raise ValueError("one style per value")
        self.blocks.append(([[v] for v in values], [[s] for s in styles], [height]))
        self.n_rows += 1
        return self.n_rows

    def add_rows(self, columns: Sequence[Sequence[Any]], styles: Sequence[Sequence[int]],
                 heights: Sequence[float | None]) -> None:
        """Append len(heights) rows given column by column (`columns[j][n]`: column j of row n)."""
        self.blocks.append((columns, styles, heights))
        self.n_rows += len(heights)

    def rows(self) -> Iterator[tuple[Sequence[Any], Sequence[int], float | None]]:
        """(values, styles, height) of each row, in order."""
        for columns, styles, heights in self.blocks:
            if not columns:
                for h in heights:
                    yield (), (), h
                continue
            yield from zip(zip(*columns, strict=True), zip(*styles, strict=True), heights, strict=True)

    @property
    def filter_ref(self) -> str:
        """The autofilter's range: the table, header included."""
        rows = self.filter_rows if self.filter_rows is not None else self.n_rows
        return f"A1:{column_letter(max(self.columns, 1))}{max(rows, 1)}"


def _split_ref(ref: str) -> tuple[int, int]:
    """'AB12' -> (row 12, column 28)."""
    letters = ref.rstrip("0123456789")
    col = 0
    for c in letters:
        col = col * 26 + ord(c) - 64
    return int(ref[len(letters):]), col


def save(path: str | Path, sheets: Sequence[Sheet], styles: Styles, *, identifier: str, stamp: str,
         writer: BookWriter | None = None) -> None:
    """Write the workbook to `path` with openpyxl (write-only), then fix its times: every zip
    entry and the document's created/modified times are `stamp` (an ISO time, UTC), so the same
    sheets give the same bytes. `identifier` goes into the document properties (dc:identifier).
    `writer`: the workbook's writer when some `sheets` were written ahead (BookWriter); the rest
    are written now, in the order given."""
    writer = writer or BookWriter([s.name for s in sheets])
    for sheet in sheets:
        writer.write(sheet, styles)
    writer.finish(Path(path), identifier=identifier, stamp=stamp)


class BookWriter:
    """An openpyxl write-only workbook whose sheets are created in workbook order up front (`names`;
    more are added after them as they are written) and whose rows are written sheet by sheet in
    any order: the sheets that depend only on the report pairs are written while the tables are
    still being computed (compare.bookproc). A sheet's rows are dropped once written. The same
    order of `write` calls gives the same bytes (styles and shared strings are numbered in it)."""

    def __init__(self, names: Sequence[str]) -> None:
        from openpyxl import Workbook

        self.wb = Workbook(write_only=True)
        self._ws = {name: self.wb.create_sheet(name) for name in names}
        self._written: set[str] = set()
        self._protos: list[Any] = []  # per style key (Styles.keys) so far: its openpyxl style array
        self._ids: list[int] = []  # and its index in the workbook's cell formats
        self._top: Any = None  # a plain top-aligned cell's style array, and its index
        self._top_id = 0
        self._done = False

    def write(self, sheet: Sheet, styles: Styles) -> None:
        """The sheet's rows into its worksheet (nothing when it was written already)."""
        if sheet.name in self._written:
            return
        ws = self._ws.get(sheet.name)
        if ws is None:
            ws = self._ws[sheet.name] = self.wb.create_sheet(sheet.name)
        # Styles belong to the workbook: each made and numbered once, the plain top-aligned one
        # first, then in key order (the same numbers whichever sheets were written before).
        registry = ws.parent._cell_styles  # the workbook's cell formats
        if self._top is None:
            self._top = _prototype(ws, ("", "", "", False, False))
            self._top_id = registry.add(self._top)
        for key in styles.keys[len(self._protos):]:
            proto = _prototype(ws, key) if self._protos else None  # key 0: no style
            self._protos.append(proto)
            self._ids.append(registry.add(proto) if proto is not None else 0)
        _write_sheet(ws, sheet, self._protos, self._ids, self._top, self._top_id)
        self._written.add(sheet.name)
        sheet.blocks = []  # written: the rows are in openpyxl's temporary file now

    def finish(self, path: Path, *, identifier: str, stamp: str) -> None:
        """The package to `path` (see `save`)."""
        import datetime

        from openpyxl.writer.excel import ExcelWriter

        wb = self.wb
        when = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
        wb.properties.creator = AUTHOR
        wb.properties.identifier = identifier
        wb.properties.created = wb.properties.modified = when
        self._done = True  # whatever happens next, the sheets' temporary files are openpyxl's to remove
        # Stored, not compressed (_fix_times rewrites every entry and compresses it once), and on
        # disk: the sheets' XML is ten times the size of the finished file.
        fd, stored = tempfile.mkstemp(prefix="report-compare-", suffix=".zip")
        os.close(fd)
        try:
            ExcelWriter(wb, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
            _fix_times(Path(stored), path, stamp)
        finally:
            os.unlink(stored)

    def discard(self) -> None:
        """Close the sheets written so far and remove their temporary files, when the workbook will
        not be finished (a failure, or the previous run's file reused instead)."""
        if self._done:
            return
        self._done = True
        for ws in self._ws.values():
            if ws._writer is not None:
                with contextlib.suppress(Exception):  # best effort: nothing here may hide the first error
                    ws.close()
                    ws._writer.cleanup()


def _fix_times(source: Path, path: Path, stamp: str) -> None:
    """The package at `source` written to `path` with every time fixed to `stamp`, entry by entry
    in pieces (never a whole sheet in memory)."""
    date_time = (int(stamp[:4]), int(stamp[5:7]), int(stamp[8:10]), 0, 0, 0)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if item.filename == "docProps/core.xml":
                dst.writestr(info, _MODIFIED.sub(rb"\g<1>" + stamp.encode() + rb"\g<2>", src.read(item)))
                continue
            with src.open(item) as piece, dst.open(info, "w") as out:
                shutil.copyfileobj(piece, out, 1 << 20)


def _prototype(ws: Any, key: StyleKey) -> Any:
    """The openpyxl style array the cells of one style key (Styles.keys) share: top-aligned data,
    a header centred."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    fmt, font, fill, wrap, quote = key
    cell = WriteOnlyCell(ws)
    cell.font = Font(name=FONT_NAME, sz=FONT_SIZE, family=2, **CELL_FONTS[font])
    if fill:
        cell.fill = PatternFill("solid", fgColor=FILLS[fill], bgColor=FILLS[fill])
    if fmt:
        cell.number_format = fmt
    # data top-aligned, so a row made tall by wrapped text reads from its top line; header centred
    cell.alignment = Alignment(vertical="center" if fill and not wrap else "top", wrap_text=wrap or None)
    if quote:
        cell.quotePrefix = True
    return cell._style


def _setup(ws: Any, sheet: Sheet) -> None:
    """Everything openpyxl writes before or after the rows: widths, frozen header, filter, fills,
    print settings. (Widths and panes must be set before the first row is appended.)"""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill

    for j, w in enumerate(sheet.widths, start=1):
        ws.column_dimensions[column_letter(j)].width = w
    ws.freeze_panes = sheet.freeze
    if sheet.autofilter and sheet.columns:
        ws.auto_filter.ref = sheet.filter_ref
    up, down = (PatternFill("solid", bgColor=c) for c in DXF_FILLS)
    for ref in sheet.updown:
        ws.conditional_formatting.add(ref, CellIsRule(operator="greaterThan", formula=["0"], fill=up))
        ws.conditional_formatting.add(ref, CellIsRule(operator="lessThan", formula=["0"], fill=down))
    for ref, text in sheet.alerts:
        quoted = '"' + text.replace('"', '""') + '"'
        ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=[quoted], fill=down))
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "&P / &N"


def _write_sheet(ws: Any, sheet: Sheet, protos: Sequence[Any], ids: Sequence[int], top: Any, top_id: int) -> None:
    """The sheet's rows appended to the write-only worksheet `ws`; `protos` and `ids`: per style
    key, its style array and format index. `top`: the style array of a plain top-aligned cell
    (plain cells of a row made tall by wrapped text read from the top)."""
    _setup(ws, sheet)
    fast = _fast_rows(ws)
    styled = _styled_cell()
    extras = _extras(sheet)
    rich = _RichText()
    dims = ws.row_dimensions
    for r, (values, xfs, height) in enumerate(sheet.rows(), start=1):
        if height:
            dims[r].height = height  # before the row is appended: openpyxl writes it with the row
        row: list[Any] = []
        special = extras.get(r)
        for j, (v, s) in enumerate(zip(values, xfs, strict=True), start=1):
            t = type(v)
            if not s and not height and special is None and t is not tuple and not (t is str and v.startswith("=")):
                row.append(v)
                continue
            if v is None and (special is None or j not in special):
                row.append(None)
                continue
            decorated = special is not None and j in special
            if fast and not decorated and (t is str or t is tuple or t is int or t is float):
                # written through one reused cell (_fast_rows): text and rich text as text, never a formula
                row.append(_Pending((rich.of(v) if t is tuple else v, "n" if t is int or t is float else "s",
                                     *((protos[s], ids[s]) if s else (top, top_id)))))
                continue
            cell = styled(ws, column=j, row=r)
            if t is str:  # cleaned text (compare.write.excel.cells.clean_text), never run as a formula
                cell._value, cell.data_type = v, "s"
            elif t is tuple:
                cell._value, cell.data_type = rich.of(v), "s"
            else:
                cell.value = v
            cell._style, cell.style_id = (protos[s], ids[s]) if s else (top, top_id)
            if decorated:
                _decorate(cell, *special[j])  # type: ignore[index]
            row.append(cell)
        ws.append(row)


Extras = dict[int, dict[int, tuple[str | None, tuple[str, bool] | None]]]


def _extras(sheet: Sheet) -> Extras:
    """Row -> column -> (comment, link) of the cells that have one."""
    extras: Extras = {}
    for ref, text in sheet.comments:
        r, c = _split_ref(ref)
        old = extras.setdefault(r, {}).get(c, (None, None))
        extras[r][c] = (text, old[1])
    for ref, target, external in sheet.links:
        r, c = _split_ref(ref)
        old = extras.setdefault(r, {}).get(c, (None, None))
        extras[r][c] = (old[0], (target, external))
    return extras


def _decorate(cell: Any, comment: str | None, link: tuple[str, bool] | None) -> None:
    from openpyxl.comments import Comment
    from openpyxl.worksheet.hyperlink import Hyperlink

    if comment is not None:
        cell.comment = Comment(comment, AUTHOR, width=300, height=120)
    if link is not None:
        target, external = link
        cell._hyperlink = Hyperlink(ref="", target=target) if external else Hyperlink(ref="", location=target)


@functools.cache
def _styled_cell() -> Any:
    """An openpyxl cell whose format index is set once (`style_id`), where openpyxl's own cell
    looks its style up in the workbook's format list for every cell it writes."""
    from openpyxl.cell.cell import Cell

    class StyledCell(Cell):  # type: ignore[misc]
        __slots__ = ("style_id",)

    return StyledCell


class _Pending(tuple[Any, str, Any, int]):
    """A styled cell with no comment or link, as (value, data type, style array, format index):
    written through one reused cell instead of a cell object each (_fast_rows)."""

    __slots__ = ()


def _fast_rows(ws: Any) -> bool:
    """openpyxl's write-only sheet turns each appended value into a cell, trying `cell.value =
    value` first and catching the error a ready cell raises (with its repr built for the message):
    a sixth of the writing time. Our rows hold plain values, ready cells and _Pending styled
    values only, so they are taken as they are, plain and styled values each through one reused
    cell (openpyxl writes each cell before it takes the next); the serialisation stays openpyxl's.
    Only where the sheet has the hook: False (and nothing changed) where it has not."""
    from openpyxl.cell.cell import Cell, WriteOnlyCell

    if not callable(getattr(ws, "_values_to_row", None)):
        return False
    scratch = WriteOnlyCell(ws)  # plain values: one cell, rewritten (each is written before the next)
    styled = _styled_cell()(ws)  # styled values without comment or link: the same

    def values_to_row(values: Sequence[Any], row_idx: int) -> Iterator[Any]:
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if type(value) is _Pending:
                cell = styled
                cell._value, cell.data_type, cell._style, cell.style_id = value
            elif isinstance(value, Cell):
                cell = value
            else:
                cell = scratch
                cell.value = value
            cell.column, cell.row = col_idx, row_idx
            if cell._hyperlink is not None:
                cell._hyperlink.ref = cell.coordinate
            yield cell

    ws._values_to_row = values_to_row
    return True


class _RichText:
    """Runs -> openpyxl rich text (a CellRichText, which openpyxl serialises as such). Each run
    font's <rPr> element is made once by openpyxl (InlineFont.to_tree) and copied into every run
    that has it: building it again per run was a fifth of the workbook's writing time."""

    def __init__(self) -> None:
        self._rich = _runs_text()
        fonts = {k: _inline_font(**v) for k, v in RUN_FONTS.items()}
        self._rpr = {k: f.to_tree(tagname="rPr") for k, f in fonts.items()}

    def of(self, runs: Runs) -> Any:
        return self._rich(tuple((t, f) for t, f in runs if t), self._rpr)


def _inline_font(**kwargs: Any) -> Any:
    from openpyxl.cell.text import InlineFont

    return InlineFont(sz=FONT_SIZE, **kwargs)


@functools.cache
def _runs_text() -> Any:
    """The CellRichText of runs (text, font key): the XML openpyxl's own writes for the same text
    blocks (<is><r><rPr/><t/></r>...</is>, plain text as a run without <rPr>)."""
    from copy import copy

    from openpyxl.cell.rich_text import CellRichText
    from openpyxl.xml.functions import Element, SubElement, whitespace

    class RunsText(CellRichText):  # type: ignore[misc]
        def __init__(self, runs: Runs, rpr: dict[str, Any]) -> None:
            list.__init__(self, (t for t, _ in runs))  # as a list: the texts
            self.runs, self.rpr = runs, rpr

        def to_tree(self) -> Any:
            container = Element("is")
            for text, font in self.runs:
                run = SubElement(container, "r")
                if font is not None:
                    run.append(copy(self.rpr[font]))
                t = SubElement(run, "t")
                t.text = text
                whitespace(t)
            return container

    return RunsText
