"""PDF with a text layer -> the report's text (pdfminer.six).

Pages are read as rows of text top to bottom (government reports are single-column); running
headers/footers and page numbers are removed; the rows of one paragraph are joined without
inserting anything between Chinese characters. A row ends its paragraph when it stops short of the
text column's right edge, or when the next row is indented, changes font size, or starts with a
heading marker after a sentence end.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import statistics
import zlib
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from compare.errors import CompareError, CorruptDocument, EmptyInput, NoTextLayer
from compare.read.formats.furniture import LINE_BLANKS, drop_furniture, is_furniture
from compare.read.limits import DEFAULT_LIMITS, Limits
from compare.sentences import PARAGRAPH_END

# pdfminer logs every oddity of a malformed file as a WARNING, which Python would print on the
# user's stderr; real failures reach us as exceptions and become named errors instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# Pages, characters and decoded stream sizes are bounded by compare.read.limits.Limits (max_pages,
# max_chars, max_unpacked_mb): a file over a limit is refused with the option that raises it.

#: How far before a `stream` keyword its dictionary (with /Filter) may start. Stream dictionaries
#: are a few hundred bytes; an image's may carry a long /DecodeParms or /ColorSpace array.
STREAM_DICT_WINDOW = 4096

#: Rows at the top and at the bottom of a page that may be running header/footer or page number.
EDGE_ROWS = 2

#: A row text repeated in the edge rows of at least this share of pages is a running
#: header/footer (the title page often has none, so not all pages).
REPEAT_SHARE = 0.5

#: A row ending more than this many character widths (em) before the column's right edge ends its
#: paragraph. An unjustified full row stops up to 1 em short (the next character did not fit), and
#: up to 1 em more when a character was carried down so that a row does not start with
#: punctuation (避头尾); a paragraph's last row that ends closer than this is still split off by the
#: next paragraph's indentation.
PARA_END_GAP = 2.0

#: A row starting this many em right of the left margin starts a paragraph (Chinese paragraphs
#: are indented 2 em; centred titles and right-aligned signatures further).
INDENT_MIN = 0.8

#: Font sizes differing by more than this share of an em mean a different paragraph (title vs body).
SIZE_CHANGE = 0.15

#: Rows whose vertical centres are closer than this share of an em are one visual row
#: (pdfminer splits a row at wide gaps, e.g. justified spacing or table cells).
SAME_ROW = 0.4

#: pdfminer writes a glyph it cannot map to Unicode as "(cid:N)". Text that is mostly such tokens
#: is unreadable (fonts embedded without a ToUnicode map); a few are reported as a warning.
MAX_UNMAPPED_SHARE = 0.3
_UNMAPPED = re.compile(r"\(cid:\d+\)")

#: Extra gap (em) between two glyphs, beyond the line's usual gap, read as a word space: Latin
#: word spaces without a space glyph are ~0.25 em; letters and evenly spread Chinese characters
#: sit at the usual gap.
WORD_GAP = 0.2

_FIX_DAMAGED = "open it in a PDF viewer and print/save it to a new PDF, or give the .docx/.html version"

_PAGE_NUMBER = re.compile(
    r"^(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|(?:Page|page|P\.?)\s*\d{1,4}(?:\s*of\s*\d+)?"
    r"|\d{1,4})$"
)

# Heading markers that start a paragraph (一、 （一） (一) 1. 1． 1、 （1） ① 第一部分); "2.5亿" is not one.
_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}(?:[.．](?!\d)|、)|[（(]\d{1,2}[）)]"
    r"|[①-⑳]|第[一二三四五六七八九十]+(?:部分|章|节))"
)
_SENTENCE_END = tuple(PARAGRAPH_END)  # what a line closing a paragraph ends with

_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")


@dataclass(frozen=True)
class _Row:
    """One visual row of text on a page."""

    text: str  # characters of the row, left to right
    x0: float  # left edge (points)
    x1: float  # right edge
    y: float  # vertical centre (points from the bottom of the page)
    size: float  # font size (≈ em, the width of a Chinese character)


def extract_pdf(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str, tuple[str, ...]]:
    """(text, warnings) of a PDF's text layer."""
    check_streams(data, name, limits)
    pages, had_images, warnings = _read_pages(data, name, limits)
    body = _strip_headers_footers(pages)
    text = drop_furniture("\n".join(_paragraphs(body)))
    if not text.strip(LINE_BLANKS + "\n"):
        if had_images:
            raise NoTextLayer(name, "PDF has no text layer (a scanned image)",
                              "run OCR on it first, e.g. `ocrmypdf --language chi_sim in.pdf out.pdf`, "
                              "then give the OCR'd PDF")
        raise EmptyInput(name, "PDF has no text on its pages", "check that it is the report")
    unmapped = sum(len(m) for m in _UNMAPPED.findall(text))
    if unmapped > MAX_UNMAPPED_SHARE * len(text):
        raise NoTextLayer(name, "PDF text layer cannot be read: its fonts map glyphs to no characters",
                          "run OCR on it (e.g. `ocrmypdf --force-ocr --language chi_sim in.pdf out.pdf`), "
                          "or give the .docx/.html version")
    if unmapped:
        count = len(_UNMAPPED.findall(text))
        warnings = (*warnings, f"{count} characters could not be decoded and show as (cid:N)")
    return text, warnings


def _read_pages(data: bytes, name: str, limits: Limits) -> tuple[list[list[_Row]], bool, tuple[str, ...]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    pages: list[list[_Row]] = []
    had_images = False
    warnings: list[str] = []
    chars = 0
    try:
        count = _page_count(data, limits.max_pages + 1)
        if count > limits.max_pages:
            raise limits.exceeded(name, "max_pages", f"PDF has more than {limits.max_pages:,} pages")
        for page in extract_pages(BytesIO(data), laparams=LAParams(), maxpages=limits.max_pages):
            rows, images = _page_rows(page)
            had_images = had_images or images
            pages.append(rows)
            chars += sum(len(r.text) for r in rows)
            if chars > limits.max_chars:
                raise limits.exceeded(name, "max_chars", f"over {limits.max_chars:,} characters of text "
                                      f"in the first {len(pages)} pages")
    except CompareError:
        raise
    except PDFPasswordIncorrect:
        raise CorruptDocument(name, "password-protected PDF (it does not open without a password)",
                              "remove the password (e.g. `qpdf --decrypt --password=PW in.pdf out.pdf`) "
                              "and give the decrypted PDF") from None
    except PDFEncryptionError as exc:
        raise CorruptDocument(name, f"encrypted PDF that cannot be opened ({exc})",
                              "save an unencrypted copy from a PDF viewer") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises anything (KeyError, TypeError, PSEOF...) on damage
        where = f"page {len(pages) + 1}" if pages else "document structure"
        raise CorruptDocument(name, f"damaged PDF ({where}: {type(exc).__name__}: {exc})", _FIX_DAMAGED) from None
    return pages, had_images, tuple(warnings)


def _page_count(data: bytes, most: int) -> int:
    """Pages in the page tree, counted up to `most` (walking the tree parses no page content)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    doc = PDFDocument(PDFParser(BytesIO(data)))
    return sum(1 for _ in itertools.islice(PDFPage.create_pages(doc), most))


_STREAM_KEYWORD = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)(?![A-Za-z])")
_FILTER = re.compile(rb"/(?:FlateDecode|Fl|LZWDecode|LZW)(?![A-Za-z])")


def check_streams(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a PDF with a stream that decodes to more than the unpacked limit (a Flate bomb: a
    1.5 MB file whose stream inflates to 1 GB), before pdfminer decodes every stream whole.

    Each `stream` keyword's dictionary (the bytes since the last `obj`) names its filters; Flate
    (zlib) and LZW, the two that can expand without bound, are decoded here incrementally and
    stopped one byte past the limit, stage after stage when a stream is compressed twice. A
    stream that does not decode is left to pdfminer (which reports damage). Encrypted streams
    cannot be decoded before decryption and are not bounded here."""
    limit = limits.max_unpacked_bytes
    # Each byte is looked at a bounded number of times however the keywords are packed: a
    # dictionary is read back to the previous keyword at most, and keywords inside a stream
    # already decoded are skipped (a file of "stream" repeated must not make this quadratic).
    last = 0
    skip_until = 0
    for m in _STREAM_KEYWORD.finditer(data):
        start = m.start()
        head = data[max(last, start - STREAM_DICT_WINDOW):start]
        last = m.end()
        if start < skip_until:
            continue
        head = head[head.rfind(b"obj") + 1:]
        stages = [f.group() for f in _FILTER.finditer(head)]
        if not stages:
            continue
        end = data.find(b"endstream", m.end())
        skip_until = end if end >= 0 else len(data)
        chunk = data[m.end():skip_until]
        for stage in stages:
            out = _inflate(chunk, limit + 1) if _FLATE.fullmatch(stage) else _unlzw(chunk, limit + 1)
            if out is None:
                break
            if len(out) > limit:
                raise limits.exceeded(name, "max_unpacked_mb",
                                      f"a PDF stream at byte {m.start():,} decodes to over {limit // 2**20:,} MiB")
            chunk = out


def _inflate(chunk: bytes, most: int) -> bytes | None:
    """At most `most` bytes of zlib data inflated, up to where it is damaged (pdfminer decodes a
    damaged stream up to the damage too); None when it is not zlib data at all."""
    d = zlib.decompressobj()
    out = bytearray()
    for k in range(0, len(chunk), 1 << 16):  # in slices, to keep what inflates before any damage
        try:
            out += d.decompress(d.unconsumed_tail + chunk[k:k + (1 << 16)], most - len(out))
        except zlib.error:
            return bytes(out) if out else None
        if len(out) >= most or d.eof:
            break
    return bytes(out)


def _unlzw(chunk: bytes, most: int) -> bytes | None:
    """At most `most` bytes of LZW data decoded (pdfminer's decoder, stopped early)."""
    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    try:
        for piece in LZWDecoder(BytesIO(chunk)).run():
            out += piece
            if len(out) >= most:
                break
    except Exception:  # noqa: BLE001 - damaged LZW data is pdfminer's to report
        return None
    return bytes(out)


def _page_rows(page: Any) -> tuple[list[_Row], bool]:
    """Visual rows of one page, top to bottom; and whether the page holds images."""
    from pdfminer.layout import LTChar, LTFigure, LTImage, LTTextLineHorizontal

    lines: list[_Row] = []
    images = False
    stack = list(page)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTTextLineHorizontal):
            chars = [c for c in obj if isinstance(c, LTChar)]
            size = statistics.median(c.size for c in chars) if chars else obj.height
            text = _line_text([(c.get_text(), c.x0, c.x1) for c in chars], size)
            if text.strip(LINE_BLANKS):
                lines.append(_Row(text, obj.x0, obj.x1, (obj.y0 + obj.y1) / 2, size))
        elif isinstance(obj, LTImage):
            images = True
        elif isinstance(obj, LTFigure) or hasattr(obj, "__iter__"):
            images = images or isinstance(obj, LTFigure)
            stack.extend(obj)
    return _merge_rows(lines), images


def _line_text(chars: list[tuple[str, float, float]], size: float) -> str:
    """Text of one line from its glyphs (text, x0, x1). A space is added only where the gap is
    wider than the line's usual gap by WORD_GAP em: justified Chinese text (两端对齐) spreads every
    character evenly, which pdfminer's own fixed threshold would turn into spaces between all
    characters ("2 3 8 4 件")."""
    if not chars:
        return ""
    gaps = [b[1] - a[2] for a, b in itertools.pairwise(chars)]
    usual = statistics.median(gaps) if gaps else 0.0
    out = [chars[0][0]]
    for (a, b), gap in zip(itertools.pairwise(chars), gaps, strict=True):
        if gap > usual + WORD_GAP * size and not a[0].isspace() and not b[0].isspace():
            out.append(" ")
        out.append(b[0])
    return "".join(out)


def _merge_rows(lines: list[_Row]) -> list[_Row]:
    """Lines on one baseline become one row, left to right; rows sorted top to bottom."""
    lines.sort(key=lambda r: (-r.y, r.x0))
    rows: list[list[_Row]] = []
    for line in lines:
        if rows and abs(rows[-1][0].y - line.y) < SAME_ROW * max(line.size, 1.0):
            rows[-1].append(line)
        else:
            rows.append([line])
    merged = []
    for parts in rows:
        parts.sort(key=lambda r: r.x0)
        text = parts[0].text.strip(LINE_BLANKS)
        for prev, cur in itertools.pairwise(parts):
            gap = cur.x0 - prev.x1
            nxt = cur.text.strip(LINE_BLANKS)
            if gap < 0.5 * cur.size or (_is_cjk(text[-1:]) and _is_cjk(nxt[:1]) and min(len(text), len(nxt)) == 1):
                sep = ""  # touching, or a title spaced out character by character (工  作  报  告)
            else:
                sep = "\t" if gap > 2 * cur.size else " "  # table cells / a wide gap inside a row
            text += sep + nxt
        text = _SPACE_BETWEEN_CJK.sub("", text)
        merged.append(_Row(text, parts[0].x0, parts[-1].x1, parts[0].y, statistics.median(p.size for p in parts)))
    return merged


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_CHAR.match(ch) is not None


def _key(text: str) -> str:
    """Row text with page-specific digits masked, for finding running headers/footers."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _strip_headers_footers(pages: list[list[_Row]]) -> list[_Row]:
    """Body rows of all pages in order, without page numbers and running headers/footers."""
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    for rows in pages:
        top.update({_key(r.text) for r in rows[:EDGE_ROWS]})
        bottom.update({_key(r.text) for r in rows[-EDGE_ROWS:]})
    need = max(2, math.ceil(REPEAT_SHARE * len(pages)))
    body: list[_Row] = []
    for rows in pages:
        n = len(rows)
        for i, row in enumerate(rows):
            at_top, at_bottom = i < EDGE_ROWS, i >= n - EDGE_ROWS
            text = row.text.strip(LINE_BLANKS)
            if (at_top or at_bottom) and _PAGE_NUMBER.match(text):
                continue
            if (at_top and top[_key(text)] >= need) or (at_bottom and bottom[_key(text)] >= need):
                continue
            body.append(row)
    return body


def _paragraphs(rows: list[_Row]) -> list[str]:
    """Rows joined into paragraphs (one per output line)."""
    if not rows:
        return []
    left = Counter(round(r.x0) for r in rows).most_common(1)[0][0]
    ends = sorted(r.x1 for r in rows)
    right = ends[int(0.95 * (len(ends) - 1))]
    out: list[str] = []
    current = ""
    for row, nxt in zip(rows, [*rows[1:], None], strict=True):
        text = row.text.strip(LINE_BLANKS)
        current = _join(current, text)
        if nxt is None or _ends_paragraph(row, nxt, left, right):
            if not is_furniture(current):
                out.append(current)
            current = ""
    return out


def _ends_paragraph(row: _Row, nxt: _Row, left: float, right: float) -> bool:
    em = max(row.size, 1.0)
    if row.x1 < right - PARA_END_GAP * em:
        return True
    if nxt.x0 > left + INDENT_MIN * em:
        return True
    if abs(nxt.size - row.size) > SIZE_CHANGE * em:
        return True
    return bool(_MARKER.match(nxt.text.strip(LINE_BLANKS))) and row.text.rstrip(LINE_BLANKS).endswith(_SENTENCE_END)


def _join(head: str, tail: str) -> str:
    """Join a paragraph's rows: nothing between Chinese characters (or digits), one space between
    two Latin letters (an English word wrapped at the line end)."""
    if not head:
        return tail
    if head[-1].isascii() and head[-1].isalpha() and tail[:1].isascii() and tail[:1].isalpha():
        return f"{head} {tail}"
    return head + tail
