"""A small SpreadsheetML (xlsx) writer: exactly the parts the comparison workbook uses.

Why not openpyxl: it builds a Python object per cell and per style and serialises them one by
one; at 1,000 reports (1.3 million cells) that took 83–93 s. Here a sheet is written as XML text
row by row, styles are a handful of cell formats registered once (`Styles.xf`), strings go to one
shared-string table (rich text too: Excel, LibreOffice and openpyxl read rich text there), and
the package has fixed times, so identical input gives identical bytes.

What a sheet can have: typed cells (numbers, shared strings, rich text), column widths, row
heights, a frozen header row, an autofilter, header comments (with the VML drawing Excel needs to
show them), hyperlinks inside the workbook or to a file beside it, conditional fills, and print
settings (landscape, fit to width, header row repeated on every page, page numbers).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: (text, font key) runs of one rich-text cell; font key None is the cell's own font.
Runs = tuple[tuple[str, str | None], ...]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

#: Fonts of cells (Styles.xf font=...) and of rich-text runs (RUN_FONTS).
CELL_FONTS: dict[str, str] = {
    "": "",
    "bold": "<b/>",
    "link": '<color rgb="FF0563C1"/><u val="single"/>',
    "implied": '<i/><color rgb="FF7F7F7F"/>',
}
RUN_FONTS: dict[str, str] = {
    "delete": '<strike/><color rgb="FFC00000"/>',  # red strike-through: text removed
    "insert": '<color rgb="FF00B050"/><u val="single"/>',  # green underline: text added
    "move": '<i/><color rgb="FF2F5597"/>',  # blue italic: a sentence moved elsewhere
}
FILLS: dict[str, str] = {"": "", "header": "FFF2F2F2"}
#: Conditional fills (dxf ids in this order): light blue up, light orange down.
DXF_FILLS = ("FFDDEBF7", "FFFCE4D6")
FONT_SIZE = 11
FONT_NAME = "Calibri"


def escape(text: str) -> str:
    """`text` for XML character data and attribute values."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


class Styles:
    """The workbook's cell formats, registered on first use: (number format, font, fill, wrap,
    quote prefix) -> index of the cellXfs entry a cell names in its `s` attribute."""

    def __init__(self) -> None:
        # 0 is the default format of cells that name none (Normal style, bottom-aligned)
        self._xfs: dict[tuple[str, str, str, bool, bool, bool], int] = {("", "", "", False, False, False): 0}
        self._fmts: dict[str, int] = {}

    def xf(self, fmt: str = "", font: str = "", fill: str = "", wrap: bool = False, quote: bool = False) -> int:
        key = (fmt, font, fill, wrap, quote, True)
        found = self._xfs.get(key)
        if found is None:
            if fmt and fmt != "General" and fmt not in self._fmts:
                self._fmts[fmt] = 164 + len(self._fmts)
            found = self._xfs[key] = len(self._xfs)
        return found

    def xml(self) -> str:
        fonts = list(CELL_FONTS)
        fills = list(FILLS)
        base = f'<sz val="{FONT_SIZE}"/><name val="{FONT_NAME}"/><family val="2"/>'
        parts = [_HEAD, f'<styleSheet xmlns="{_MAIN}">']
        if self._fmts:
            parts.append(f'<numFmts count="{len(self._fmts)}">')
            parts += [f'<numFmt numFmtId="{i}" formatCode="{escape(f)}"/>' for f, i in self._fmts.items()]
            parts.append("</numFmts>")
        parts.append(f'<fonts count="{len(fonts)}">')
        # CT_Font is a choice of elements in any order
        parts += [f"<font>{CELL_FONTS[f]}{base}</font>" for f in fonts]
        parts.append(f'</fonts><fills count="{len(fills) + 1}">'
                     '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>')
        parts += [f'<fill><patternFill patternType="solid"><fgColor rgb="{FILLS[f]}"/><bgColor rgb="{FILLS[f]}"/>'
                  "</patternFill></fill>" for f in fills[1:]]
        parts.append('</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
                     '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
                     f'</cellStyleXfs><cellXfs count="{len(self._xfs)}">')
        parts.append('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>')
        for fmt, font, fill, wrap, quote, _top in list(self._xfs)[1:]:
            fmt_id = self._fmts.get(fmt, 0)
            attrs = (f'numFmtId="{fmt_id}" fontId="{fonts.index(font)}" '
                     f'fillId="{fills.index(fill) + 1 if fill else 0}" borderId="0" xfId="0"')
            attrs += ' applyNumberFormat="1"' if fmt_id else ""
            attrs += ' applyFont="1"' if font else ""
            attrs += ' applyFill="1"' if fill else ""
            attrs += ' quotePrefix="1"' if quote else ""
            if wrap:
                parts.append(f'<xf {attrs} applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>')
            elif fill:  # the header row
                parts.append(f'<xf {attrs} applyAlignment="1"><alignment vertical="center"/></xf>')
            else:  # data: top-aligned, so a row made tall by wrapped text reads from its top line
                parts.append(f'<xf {attrs} applyAlignment="1"><alignment vertical="top"/></xf>')
        parts.append('</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                     f'<dxfs count="{len(DXF_FILLS)}">')
        parts += [f'<dxf><fill><patternFill patternType="solid"><bgColor rgb="{c}"/></patternFill></fill></dxf>'
                  for c in DXF_FILLS]
        parts.append('</dxfs><tableStyles count="0"/></styleSheet>')
        return "".join(parts)


class SharedStrings:
    """The shared-string table: each distinct text (or rich text) once."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self.count = 0  # cells that refer to the table

    def text(self, value: str) -> int:
        self.count += 1
        found = self._index.get(value)
        if found is None:
            found = self._index[value] = len(self._index)
        return found

    def rich(self, runs: Runs) -> int:
        size = f'<sz val="{FONT_SIZE}"/>'
        body = "".join(f'<r><t xml:space="preserve">{escape(t)}</t></r>' if font is None else
                       f'<r><rPr>{RUN_FONTS[font]}{size}</rPr><t xml:space="preserve">{escape(t)}</t></r>'
                       for t, font in runs if t)
        return self.text("\0rich" + body)  # "\0" never starts a cleaned text: no clash with plain text

    def xml_parts(self) -> Iterable[str]:
        yield f'{_HEAD}<sst xmlns="{_MAIN}" count="{self.count}" uniqueCount="{len(self._index)}">'
        for value in self._index:
            if value.startswith("\0rich"):
                yield f"<si>{value[5:]}</si>"
            else:
                yield f'<si><t xml:space="preserve">{escape(value)}</t></si>'
        yield "</sst>"


@dataclass
class Sheet:
    """One worksheet being written: rows are appended as XML text as they come."""

    name: str
    styles: Styles
    strings: SharedStrings
    columns: int = 0  # columns of the table (header width)
    widths: list[float] = field(default_factory=list)  # per column, in Excel character units
    rows: list[str] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (cell ref, text)
    links: list[tuple[str, str, bool]] = field(default_factory=list)  # (cell ref, target, external file?)
    updown: list[str] = field(default_factory=list)  # ranges shaded up/down
    n_rows: int = 0
    autofilter: bool = True
    filter_rows: int | None = None  # rows the autofilter covers (header included); None: all

    def add_row(self, values: Sequence[Any], styles: Sequence[int], height: float | None = None) -> int:
        """Append a row of cell values (None, int, float, str, or Runs for rich text), each with
        its style (Styles.xf). Returns the row's number (1 = header)."""
        self.n_rows += 1
        r = self.n_rows
        cells = []
        letters = _letters(len(values))
        for k, (value, s) in enumerate(zip(values, styles, strict=True)):
            ref = f"{letters[k]}{r}"
            style = f' s="{s}"' if s else ""
            if value is None:
                if s:
                    cells.append(f'<c r="{ref}"{style}/>')
            elif isinstance(value, str):
                cells.append(f'<c r="{ref}"{style} t="s"><v>{self.strings.text(value)}</v></c>')
            elif isinstance(value, tuple):
                cells.append(f'<c r="{ref}"{style} t="s"><v>{self.strings.rich(value)}</v></c>')
            else:
                cells.append(f'<c r="{ref}"{style}><v>{value!r}</v></c>')
        ht = f' ht="{height:g}" customHeight="1"' if height else ""
        self.rows.append(f'<row r="{r}"{ht}>{"".join(cells)}</row>')
        return r

    def add_rows(self, columns: Sequence[Sequence[Any]], styles: Sequence[Sequence[int]],
                 heights: Sequence[float | None]) -> None:
        """Append len(heights) rows given column by column (`columns[j][n]`: column j of row n):
        what `add_row` does, rendered a column at a time (the fast path of big sheets)."""
        first = self.n_rows + 1
        letters = _letters(len(columns))
        rendered = [self._column(letters[j], first, values, xfs)
                    for j, (values, xfs) in enumerate(zip(columns, styles, strict=True))]
        for n, cells in enumerate(zip(*rendered, strict=True)) if rendered else enumerate([() for _ in heights]):
            height = heights[n]
            ht = f' ht="{height:g}" customHeight="1"' if height else ""
            self.rows.append(f'<row r="{first + n}"{ht}>{"".join(cells)}</row>')
        self.n_rows += len(heights)

    def _column(self, letter: str, first: int, values: Sequence[Any], xfs: Sequence[int]) -> list[str]:
        text, rich = self.strings.text, self.strings.rich
        out = []
        for r, (value, s) in enumerate(zip(values, xfs, strict=True), start=first):
            t = type(value)
            if t is str:
                out.append(f'<c r="{letter}{r}" s="{s}" t="s"><v>{text(value)}</v></c>')
            elif t is float or t is int:
                out.append(f'<c r="{letter}{r}" s="{s}"><v>{value!r}</v></c>')
            elif value is None:
                out.append(f'<c r="{letter}{r}" s="{s}"/>' if s else "")
            elif t is tuple:
                out.append(f'<c r="{letter}{r}" s="{s}" t="s"><v>{rich(value)}</v></c>')
            else:
                out.append(f'<c r="{letter}{r}" s="{s}"><v>{value!r}</v></c>')
        return out

    def xml_parts(self, index: int, rels: list[tuple[str, str, str]]) -> Iterable[str]:
        """The worksheet XML; `rels` receives the sheet's relationships (id, type, target)."""
        last = column_letter(max(self.columns, 1))
        yield (f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetPr><pageSetUpPr fitToPage="1"/>'
               f'</sheetPr><dimension ref="A1:{last}{max(self.n_rows, 1)}"/><sheetViews><sheetView '
               f'{"tabSelected=" + chr(34) + "1" + chr(34) + " " if index == 0 else ""}workbookViewId="0">'
               '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
               '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
               '<sheetFormatPr defaultRowHeight="15"/>')
        if self.widths:
            yield "<cols>" + "".join(f'<col min="{j}" max="{j}" width="{w:g}" customWidth="1"/>'
                                     for j, w in enumerate(self.widths, start=1)) + "</cols>"
        yield "<sheetData>"
        yield from self.rows
        yield "</sheetData>"
        if self.autofilter and self.columns:
            yield f'<autoFilter ref="{self.filter_ref}"/>'
        for k, ref in enumerate(self.updown):
            yield (f'<conditionalFormatting sqref="{ref}">'
                   f'<cfRule type="cellIs" dxfId="0" priority="{2 * k + 1}" operator="greaterThan"><formula>0</formula>'
                   f'</cfRule><cfRule type="cellIs" dxfId="1" priority="{2 * k + 2}" operator="lessThan">'
                   "<formula>0</formula></cfRule></conditionalFormatting>")
        if self.links:
            yield "<hyperlinks>"
            for ref, target, external in self.links:
                if external:
                    rid = f"rId{len(rels) + 1}"
                    rels.append((rid, "hyperlink", target))
                    yield f'<hyperlink ref="{ref}" r:id="{rid}"/>'
                else:
                    yield f'<hyperlink ref="{ref}" location="{escape(target)}"/>'
            yield "</hyperlinks>"
        yield ('<printOptions horizontalCentered="0"/><pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" '
               'header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" '
               'fitToHeight="0"/><headerFooter><oddFooter>&amp;L&amp;A&amp;R&amp;P / &amp;N</oddFooter></headerFooter>')
        if self.comments:
            rels.append((f"rId{len(rels) + 1}", "comments", f"../comments{index + 1}.xml"))
            rid = f"rId{len(rels) + 1}"
            rels.append((rid, "vmlDrawing", f"../drawings/commentsDrawing{index + 1}.vml"))
            yield f'<legacyDrawing r:id="{rid}"/>'
        yield "</worksheet>"

    @property
    def filter_ref(self) -> str:
        """The autofilter's range: the table, header included."""
        rows = self.filter_rows if self.filter_rows is not None else self.n_rows
        return f"A1:{column_letter(max(self.columns, 1))}{max(rows, 1)}"

    def comments_xml(self) -> str:
        items = "".join(f'<comment ref="{ref}" authorId="0"><text><t xml:space="preserve">{escape(text)}</t></text>'
                        "</comment>" for ref, text in self.comments)
        return (f'{_HEAD}<comments xmlns="{_MAIN}"><authors><author>report-compare</author></authors>'
                f"<commentList>{items}</commentList></comments>")

    def vml(self, index: int) -> str:
        """The legacy drawing Excel needs to show the comments (hidden notes, shown on hover)."""
        shapes = []
        for k, (ref, _text) in enumerate(self.comments):
            col = _column_number(ref) - 1
            row = int("".join(c for c in ref if c.isdigit())) - 1
            shapes.append(
                f'<v:shape id="_x0000_s{1024 * (index + 1) + k + 1}" type="#_x0000_t202" style="position:absolute;'
                'margin-left:59.25pt;margin-top:1.5pt;width:195pt;height:60pt;z-index:1;visibility:hidden" '
                'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" '
                'obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
                '<div style="text-align:left"/></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/>'
                f"<x:SizeWithCells/><x:Anchor>{col + 1}, 15, {row}, 2, {col + 4}, 15, {row + 4}, 16</x:Anchor>"
                f"<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData>"
                "</v:shape>")
        return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                f'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" '
                f'data="{index + 1}"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" '
                'o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path '
                'gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' + "".join(shapes) + "</xml>")


_LETTERS: list[str] = []


def _letters(n: int) -> list[str]:
    while len(_LETTERS) < n:
        _LETTERS.append(column_letter(len(_LETTERS) + 1))
    return _LETTERS


def _column_number(ref: str) -> int:
    n = 0
    for c in ref:
        if not c.isalpha():
            break
        n = n * 26 + ord(c) - 64
    return n


def quote_sheet(name: str) -> str:
    """'Section diffs' as a formula or link names a sheet."""
    return "'" + name.replace("'", "''") + "'"


_REL_TYPES = {
    "hyperlink": f"{_REL}/hyperlink",
    "comments": f"{_REL}/comments",
    "vmlDrawing": f"{_REL}/vmlDrawing",
}


def save(path: Path, sheets: Sequence[Sheet], styles: Styles, strings: SharedStrings, *, identifier: str,
         stamp: str, level: int = 6) -> None:
    """Write the package to `path`: every zip entry with the time `stamp` names (fixed), so the same
    sheets give the same bytes. `identifier` goes into the document properties (dc:identifier)."""
    date_time = (int(stamp[:4]), int(stamp[5:7]), int(stamp[8:10]), 0, 0, 0)

    def put(z: zipfile.ZipFile, name: str, parts: Iterable[str]) -> None:
        info = zipfile.ZipInfo(name, date_time=date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with z.open(info, "w") as fh:
            buf: list[str] = []
            size = 0
            for part in parts:
                buf.append(part)
                size += len(part)
                if size > 1 << 20:
                    fh.write("".join(buf).encode("utf-8", "surrogatepass"))
                    buf, size = [], 0
            fh.write("".join(buf).encode("utf-8", "surrogatepass"))

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        put(z, "[Content_Types].xml", [_content_types(sheets)])
        put(z, "_rels/.rels", [_rels([("rId1", f"{_REL}/officeDocument", "xl/workbook.xml"),
                                      ("rId2", f"{_PKG_REL}/metadata/core-properties", "docProps/core.xml"),
                                      ("rId3", f"{_REL}/extended-properties", "docProps/app.xml")])])
        put(z, "docProps/app.xml", [f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
                                    '2006/extended-properties"><Application>report-compare</Application></Properties>'])
        put(z, "docProps/core.xml", [_core(identifier, stamp)])
        put(z, "xl/workbook.xml", [_workbook(sheets)])
        n = len(sheets)
        put(z, "xl/_rels/workbook.xml.rels", [_rels(
            [(f"rId{k + 1}", f"{_REL}/worksheet", f"worksheets/sheet{k + 1}.xml") for k in range(n)]
            + [(f"rId{n + 1}", f"{_REL}/styles", "styles.xml"), (f"rId{n + 2}", f"{_REL}/sharedStrings",
                                                                 "sharedStrings.xml")])])
        for k, sheet in enumerate(sheets):
            rels: list[tuple[str, str, str]] = []
            put(z, f"xl/worksheets/sheet{k + 1}.xml", sheet.xml_parts(k, rels))
            if rels:
                put(z, f"xl/worksheets/_rels/sheet{k + 1}.xml.rels",
                    [_rels([(i, _REL_TYPES[t], target) for i, t, target in rels],
                           external={i for i, t, _ in rels if t == "hyperlink"})])
            if sheet.comments:
                put(z, f"xl/comments{k + 1}.xml", [sheet.comments_xml()])
                put(z, f"xl/drawings/commentsDrawing{k + 1}.vml", [sheet.vml(k)])
        put(z, "xl/styles.xml", [styles.xml()])
        put(z, "xl/sharedStrings.xml", strings.xml_parts())


def _rels(items: Sequence[tuple[str, str, str]], external: set[str] | frozenset[str] = frozenset()) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{escape(target)}"'
                   f'{" TargetMode=" + chr(34) + "External" + chr(34) if i in external else ""}/>'
                   for i, t, target in items)
    return f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{body}</Relationships>'


def _content_types(sheets: Sequence[Sheet]) -> str:
    ct = "application/vnd.openxmlformats-officedocument"
    over = [("/xl/workbook.xml", f"{ct}.spreadsheetml.sheet.main+xml"),
            ("/xl/styles.xml", f"{ct}.spreadsheetml.styles+xml"),
            ("/xl/sharedStrings.xml", f"{ct}.spreadsheetml.sharedStrings+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", f"{ct}.extended-properties+xml")]
    for k, sheet in enumerate(sheets, start=1):
        over.append((f"/xl/worksheets/sheet{k}.xml", f"{ct}.spreadsheetml.worksheet+xml"))
        if sheet.comments:
            over.append((f"/xl/comments{k}.xml", f"{ct}.spreadsheetml.comments+xml"))
    return (f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Default Extension="vml" ContentType="{ct}.vmlDrawing"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in over) + "</Types>")


def _workbook(sheets: Sequence[Sheet]) -> str:
    names = []
    for k, sheet in enumerate(sheets):
        q = escape(quote_sheet(sheet.name))
        if sheet.autofilter and sheet.columns:
            first, last = sheet.filter_ref.split(":")
            col, row = first.rstrip("0123456789"), first[len(first.rstrip("0123456789")):]
            col2, row2 = last.rstrip("0123456789"), last[len(last.rstrip("0123456789")):]
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{k}" hidden="1">'
                         f"{q}!${col}${row}:${col2}${row2}</definedName>")
        names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{k}">{q}!$1:$1</definedName>')
    listed = "".join(f'<sheet name="{escape(s.name)}" sheetId="{k}" r:id="rId{k}"/>'
                     for k, s in enumerate(sheets, start=1))
    return (f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/><bookViews>'
            f'<workbookView activeTab="0"/></bookViews><sheets>{listed}</sheets>'
            f'<definedNames>{"".join(names)}</definedNames><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


def _core(identifier: str, stamp: str) -> str:
    return (f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>report-compare</dc:creator><dc:identifier>{escape(identifier)}</dc:identifier>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')
