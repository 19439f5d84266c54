"""`report-compare align OLD NEW`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import (
    FormatOption,
    MaxCharsOption,
    MaxFileMbOption,
    MaxPagesOption,
    MaxUnpackedMbOption,
    OutputFormat,
    RawOption,
    limits_of,
    load_report,
    note_order,
    render,
)
from compare.read.limits import DEFAULT_LIMITS


@app.command()
def align(
    old: Annotated[Path, typer.Argument(help="The earlier report (.txt, .md, .html, .docx or .pdf).")],
    new: Annotated[Path, typer.Argument(help="The later report.")],
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    max_chars: MaxCharsOption = DEFAULT_LIMITS.max_chars,
    max_file_mb: MaxFileMbOption = DEFAULT_LIMITS.max_file_mb,
    max_unpacked_mb: MaxUnpackedMbOption = DEFAULT_LIMITS.max_unpacked_mb,
    max_pages: MaxPagesOption = DEFAULT_LIMITS.max_pages,
) -> None:
    """Pair the sections of two reports by meaning (levels, numbering and order may differ):
    status unchanged / matched / changed / split / merged / added / removed, a similarity score, and
    cosine, Jaccard and edit similarity of each pair's text. Topics pair across a change between an
    umbrella part (一、主要举措和成效 with topics as （一）（二）…) and topics as parts of their own.

    Example: report-compare align jialing_2019.txt jialing_2020.txt --format csv
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.across.align import align_frame
    lim = limits_of(max_chars, max_file_mb, max_unpacked_mb, max_pages)
    old_report, new_report = load_report(old, limits=lim), load_report(new, limits=lim)
    note_order(old_report, new_report)
    render(align_frame(old_report, new_report), fmt, title=f"{old} -> {new}", raw=raw)
