"""Stage 1: a file's bytes -> Report (metadata + section tree).

`load(path)` is the library's entry point. Everything after reading the bytes is a pure function of
them (`load_bytes`), so results can be cached by SHA-256 and computed in parallel.
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import replace
from pathlib import Path

from compare.errors import EmptyInput, InputNotFound, UnsupportedFormat
from compare.models import Report
from compare.read import metadata, outline
from compare.read.formats import extract
from compare.read.limits import DEFAULT_LIMITS, Limits

#: Largest file we read by default (compare.read.limits explains the figure; --max-file-mb raises it).
MAX_BYTES = DEFAULT_LIMITS.max_file_bytes


def read_bytes(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes, with named errors for the ways a path can be wrong.

    Only regular files are read: a device (/dev/zero), a FIFO or a socket reports size 0 and would
    be read without end. The read itself stops one byte past the size limit, so a file whose
    reported size lies (/proc files say 0) cannot get past it either."""
    p = Path(path)
    if not p.exists():
        raise InputNotFound(str(path), "no such file", "check the path, or run `ls` on its folder")
    if p.is_dir():
        raise InputNotFound(
            str(path), "is a directory, not a report file", "give one report file (.txt, .html, .docx, .pdf)"
        )
    try:
        st = p.stat()
    except OSError as exc:
        raise InputNotFound(str(path), f"cannot be read ({exc.strerror})", "check its permissions") from None
    if not stat.S_ISREG(st.st_mode):
        raise UnsupportedFormat(str(path), f"not a regular file ({_file_kind(st.st_mode)})",
                                "give a report file (.txt, .html, .docx, .pdf), not a device or pipe")
    limit = limits.max_file_bytes
    if st.st_size > limit:
        raise limits.exceeded(str(path), "max_file_mb", f"file is {st.st_size / 2**20:,.1f} MiB")
    try:
        with p.open("rb") as f:
            # the reported size first (no 64 MiB buffer for a 20 KB report), then on to the limit
            # in case the size lied (a file still growing, a /proc file reporting 0)
            data = f.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += f.read(limit + 1 - len(data))
    except OSError as exc:
        raise InputNotFound(str(path), f"cannot be read ({exc.strerror})", "check its permissions") from None
    if len(data) > limit:
        raise limits.exceeded(str(path), "max_file_mb", "file is larger than its reported size")
    if not data:
        raise EmptyInput(str(path), "file is empty", "save the report's text into it, or give another file")
    return data


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a FIFO / named pipe"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a plain file"


def load(path: str | Path, *, year: int | None = None, issuer: str | None = None,
         limits: Limits = DEFAULT_LIMITS) -> Report:
    """Read one report file (.txt/.md, .html/.htm, .docx, .pdf; format detected from content and
    extension) into a Report. `year` and `issuer` override what the file says; `limits` bound what
    the file may cost (compare.read.limits), an InputTooLarge error naming the option otherwise."""
    return load_bytes(read_bytes(path, limits), str(path), year=year, issuer=issuer, limits=limits)


def load_bytes(data: bytes, name: str, *, year: int | None = None, issuer: str | None = None,
               limits: Limits = DEFAULT_LIMITS) -> Report:
    """Like `load`, for bytes already in memory; `name` is used for messages and format hints."""
    if len(data) > limits.max_file_bytes:
        raise limits.exceeded(name, "max_file_mb", f"file is {len(data) / 2**20:,.1f} MiB")
    doc = extract(data, name, limits)
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
