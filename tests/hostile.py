"""Crafted hostile files, generated on the fly (never committed): ZIP and Flate bombs, many-page
PDFs, pathological report text. Used by tests/test_limits.py and benchmarks/bench_hostile.py."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

MiB = 2**20

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(paragraphs: Iterator[str] | list[str], styles_padding: int = 0,
         compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal .docx: document.xml with `paragraphs` (streamed into the ZIP, so a 100 MiB part
    costs no 100 MiB of memory), and styles.xml padded with `styles_padding` bytes of XML comment."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>'.encode())
            for p in paragraphs:
                f.write(_paragraph(p).encode())
            f.write(b"</w:body></w:document>")
        with zf.open("word/styles.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {_W}><!--'.encode())
            chunk = b" " * MiB
            left = styles_padding
            while left > 0:
                f.write(chunk[:left])
                left -= len(chunk)
            f.write(b"--></w:styles>")
    return buf.getvalue()


def repeated_paragraphs(total_bytes: int, text: str = "全年受理行政复议案件32件，同比增长10%。") -> Iterator[str]:
    """Paragraphs of `text` until about `total_bytes` of document.xml, yielded 1,000 at a time (each
    item closes and reopens paragraphs inside, so `docx` writes big blocks, not a million small ones)."""
    block = "</w:t></w:r></w:p><w:p><w:r><w:t>".join([text] * 1000)
    each = len(_paragraph(block).encode())
    for _ in range(total_bytes // each + 1):
        yield block


def pdf(pages: int = 1, *, stream: bytes | None = None, filters: str = "/FlateDecode",
        text: str = "(Report)") -> bytes:
    """A minimal PDF with `pages` pages (each showing the string operand `text`, e.g. "(Hello)",
    and a letter run of its own, in Helvetica). `stream`, when given,
    is the raw (already encoded) data of an extra unused stream object declared with `filters`."""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i in range(pages):
        # pages differ in their text, or the same line on every page would be a running header
        content = f"BT /F1 12 Tf 72 720 Td {text} Tj ({chr(65 + i % 26) * 8}) Tj ET".encode()
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    if stream is not None:
        objects.append(f"<< /Length {len(stream)} /Filter {filters} >>\nstream\n".encode() + stream
                       + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def flate_zeros(size: int) -> bytes:
    """zlib data that inflates to `size` zero bytes (~1,000x smaller), built in slices."""
    c = zlib.compressobj(9)
    chunk = bytes(MiB)
    parts = []
    left = size
    while left > 0:
        parts.append(c.compress(chunk[:left]))
        left -= MiB
    parts.append(c.flush())
    return b"".join(parts)


def lzw_zeros(size: int) -> bytes:
    """PDF LZWDecode data (9-12 bit codes, early change) that decodes to `size` zero bytes: each
    code emitted is the longest run of zeros in the table so far (the decoder adds prev + 1)."""
    out = bytearray()
    acc = nbits = 0

    def put(code: int, width: int) -> None:
        nonlocal acc, nbits
        acc = (acc << width) | code
        nbits += width
        while nbits >= 8:
            nbits -= 8
            out.append((acc >> nbits) & 0xFF)
        acc &= (1 << nbits) - 1

    width, table_len = 9, 258
    code_of = {1: 0}  # run length of zeros -> code
    put(256, width)
    prev = 0
    left = size
    while left > 0:
        run = max(n for n in code_of if n <= left)
        put(code_of[run], width)
        if prev:
            if table_len < 4096:
                code_of.setdefault(prev + 1, table_len)
            table_len += 1
            width = {511: 10, 1023: 11, 2047: 12}.get(table_len, width)
        prev = run
        left -= run
    put(257, width)
    if nbits:
        out.append((acc << (8 - nbits)) & 0xFF)
    return bytes(out)
