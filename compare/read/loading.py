"""Stage 1: a file's bytes -> Report (metadata + section tree).

`load(path)` is the library's entry point. Everything after reading the bytes is a pure function of
them (`load_bytes`), so results can be cached by SHA-256 and computed in parallel.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from compare.errors import EmptyInput, InputNotFound, InputTooLarge
from compare.models import Report
from compare.read import metadata, outline
from compare.read.formats import extract

#: Largest file we read. Real reports are 10-200 KB of text, a few MB as PDF/DOCX with images;
#: anything bigger is a mistake or hostile, and would make every later stage slow.
MAX_BYTES = 64 * 1024 * 1024


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, with named errors for the ways a path can be wrong."""
    p = Path(path)
    if not p.exists():
        raise InputNotFound(str(path), "no such file", "check the path, or run `ls` on its folder")
    if p.is_dir():
        raise InputNotFound(
            str(path), "is a directory, not a report file", "give one report file (.txt, .html, .docx, .pdf)"
        )
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputTooLarge(str(path), f"file is {size / 2**20:.0f} MiB, over the {MAX_BYTES // 2**20} MiB limit",
                            "check that this is a single report")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputNotFound(str(path), f"cannot be read ({exc.strerror})", "check its permissions") from None
    if not data:
        raise EmptyInput(str(path), "file is empty", "save the report's text into it, or give another file")
    return data


def load(path: str | Path, *, year: int | None = None, issuer: str | None = None) -> Report:
    """Read one report file (.txt/.md, .html/.htm, .docx, .pdf; format detected from content and
    extension) into a Report. `year` and `issuer` override what the file says."""
    return load_bytes(read_bytes(path), str(path), year=year, issuer=issuer)


def load_bytes(data: bytes, name: str, *, year: int | None = None, issuer: str | None = None) -> Report:
    """Like `load`, for bytes already in memory; `name` is used for messages and format hints."""
    doc = extract(data, name)
    sections, warnings = outline.parse(doc.text)
    meta = metadata.find(doc.text, sections)
    report = Report(
        source=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=doc.format,
        encoding=doc.encoding,
        text=doc.text,
        title=meta.title,
        issuer=meta.issuer,
        year=meta.year,
        date=meta.date,
        sections=sections,
        warnings=tuple(warnings) + tuple(doc.warnings),
    )
    return _override(report, year=year, issuer=issuer)


def _override(report: Report, *, year: int | None, issuer: str | None) -> Report:
    """Apply the user's overrides and say which fields are still missing."""
    if year is not None:
        report = replace(report, year=year)
    if issuer:
        report = replace(report, issuer=issuer)
    missing = []
    if report.year is None:
        missing.append("report year not found in the title or text — pass --year "
                       "(for several files, a --manifest row: path,issuer,year)")
    if not report.issuer:
        missing.append("issuer not found — pass --issuer (for several files, a --manifest row: path,issuer,year)")
    if missing:
        report = replace(report, warnings=report.warnings + tuple(missing))
    return report
