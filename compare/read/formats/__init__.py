"""Text extraction: bytes of a .txt/.md/.html/.docx/.pdf file -> the document's text.

The format is detected from the content first (magic bytes, markup); the extension only decides
what a mismatch means (a `.pdf` that is not a PDF is a damaged document, an unnamed ZIP is
simply unsupported). Every extractor returns paragraphs one per line, page furniture removed
(compare.read.formats.furniture), text otherwise as written.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePath

from compare.errors import CorruptDocument, EmptyInput, UnsupportedFormat
from compare.read.formats.furniture import LINE_BLANKS, drop_furniture
from compare.read.formats.text import decode_text
from compare.read.limits import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class Extracted:
    """The text of a document and how it was read."""

    text: str  # paragraphs joined by "\n", as written
    format: str  # "text", "html", "docx", "pdf"
    encoding: str  # text encoding detected ("utf-8", "gb18030", ...); "" for docx / pdf
    warnings: tuple[str, ...] = field(default=())


#: How far into a file the PDF header may sit (the PDF spec lets readers accept junk before it;
#: Acrobat looks in the first 1024 bytes).
PDF_HEADER_WINDOW = 1024

#: How much of a text file is sniffed for HTML markup. Saved pages put <html>/<!doctype> in the
#: first bytes; fragments copied from a CMS start with <div>/<p> within the first few KB.
HTML_SNIFF_BYTES = 4096

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: .doc/.xls/.wps, encrypted OOXML
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

#: Binary formats people hand us by mistake, named so the message says what the file is.
_KNOWN_BINARY = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"{\\rtf", "an RTF document"),
)

_HTML_MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title>|div[\s>]|p[\s>]|table[\s>]|span[\s>]"
    rb"|br\s*/?>|!--)",
    re.IGNORECASE,
)

_OLE_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # stream of a password-protected OOXML file


def extract(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    """Detect the format of `data` and extract its text.

    Raises EmptyInput, UnsupportedFormat, CorruptDocument, NoTextLayer, DecodeFailure, or
    InputTooLarge when the file goes over one of `limits` (compare.read.limits).
    """
    kind = detect(data, name)
    warnings: tuple[str, ...] = ()
    if kind == "pdf":
        from compare.read.formats import pdf

        text, warnings = pdf.extract_pdf(data, name, limits)
        encoding = ""
    elif kind == "docx":
        from compare.read.formats import docx

        text = docx.extract_docx(data, name, limits)
        encoding = ""
    elif kind == "html":
        from compare.read.formats import html

        text, encoding, warnings = html.extract_html(data, name, limits)
    else:
        text, encoding, warnings = decode_text(data, name)
        if _HTML_MARKUP.search(text[:HTML_SNIFF_BYTES].encode("utf-8", "replace")) and _looks_like_html(text):
            # A page saved as UTF-16 or with a .txt name: sniffed after decoding; its text, not its
            # markup, is held to the limit, before it is parsed.
            from compare.read.formats import html

            html.check_chars(text, name, limits)
            text = html.html_to_text(text)
            kind = "html"
        else:
            _check_chars(text, name, limits)  # before the markup/furniture passes, not after them
            if PurePath(name).suffix.lower() in (".md", ".markdown"):
                from compare.read.formats.markdown import markdown_to_text

                text = markdown_to_text(text)
            text = drop_furniture(text)
    _check_chars(text, name, limits)
    if not text.strip(LINE_BLANKS + "\n"):
        raise EmptyInput(name, f"no text in this {kind.upper() if kind != 'text' else 'text'} file once extracted",
                         "check that it is the report and not an empty page")
    return Extracted(text=text, format=kind, encoding=encoding, warnings=warnings)


def _check_chars(text: str, name: str, limits: Limits) -> None:
    if len(text) > limits.max_chars:
        raise limits.exceeded(name, "max_chars", f"{len(text):,} characters of text")


def detect(data: bytes, name: str) -> str:
    """"pdf", "docx", "html" or "text"; raises for what is none of them."""
    ext = PurePath(name).suffix.lower()
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(_ZIP_MAGICS):
        return _detect_zip(data, name, ext)
    if data.startswith(_OLE_MAGIC):
        return _detect_ole(data, name, ext)
    if ext == ".pdf":
        raise CorruptDocument(name, f"named .pdf but is not a PDF (no %PDF header; it starts like {_describe(data)})",
                              "download the PDF again, or give the file its real extension")
    if ext == ".docx":
        raise CorruptDocument(name, f"named .docx but is not a Word document (it starts like {_describe(data)})",
                              "open it in Word or WPS and save it again as .docx")
    for magic, what in _KNOWN_BINARY:
        if data.startswith(magic):
            raise UnsupportedFormat(name, f"{what}, not a report", "give a .txt, .html, .docx or .pdf report")
    if _HTML_MARKUP.search(data[:HTML_SNIFF_BYTES]) and _looks_like_html(data[:HTML_SNIFF_BYTES]):
        return "html"
    return "text"


def _looks_like_html(head: bytes | str) -> bool:
    """Markup near the start, not a report that mentions "<p>" once: at least one strong marker
    (<html, <!doctype, <body, <head, <meta) or several tags."""
    sample = head if isinstance(head, bytes) else head[:HTML_SNIFF_BYTES].encode("utf-8", "replace")
    if re.search(rb"<\s*(?:!doctype\s+html|html[\s>]|body[\s>]|head[\s>]|meta\s)", sample, re.IGNORECASE):
        return True
    return len(re.findall(rb"</?\s*(?:div|p|span|br|table|tr|td|a|li)[\s>/]", sample, re.IGNORECASE)) >= 3


def _detect_zip(data: bytes, name: str, ext: str) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError, zlib.error) as exc:  # what zipfile raises on damaged or unsupported archives
        kind = "DOCX" if ext == ".docx" else "ZIP/DOCX"
        raise CorruptDocument(name, f"damaged {kind} file: its ZIP container is broken ({exc})",
                              "open it in Word or WPS and save it again as .docx, or download it again") from None
    if "word/document.xml" in names:
        return "docx"
    if ext == ".docx":
        raise CorruptDocument(name, "damaged DOCX: the ZIP has no word/document.xml",
                              "open it in Word or WPS and save it again as .docx")
    what = "an Excel workbook" if "xl/workbook.xml" in names else "a ZIP archive"
    raise UnsupportedFormat(name, f"{what}, not a report", "unpack it and give the .txt, .html, .docx or .pdf report")


def _detect_ole(data: bytes, name: str, ext: str) -> str:
    if _OLE_ENCRYPTED in data[:1 << 20] or ext == ".docx":
        raise CorruptDocument(name, "password-protected or damaged Word document (an encrypted OLE container, "
                              "not a DOCX ZIP)", "remove the password in Word (File > Info > Protect Document) "
                              "and save it again as .docx")
    raise UnsupportedFormat(name, "a legacy Office file (.doc/.xls/.wps), not a report format we read",
                            "open it in Word or WPS and save it as .docx")


def _describe(data: bytes) -> str:
    """Say what a file that lies about its extension looks like."""
    for magic, what in _KNOWN_BINARY:
        if data.startswith(magic):
            return what
    if _HTML_MARKUP.search(data[:HTML_SNIFF_BYTES]):
        return "an HTML page, e.g. a download error page"
    head = data[:64]
    if head and all(b >= 0x20 or b in b"\t\r\n" for b in head):
        return "text"
    return "binary data"
