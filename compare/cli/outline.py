"""`report-compare outline FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import (
    FormatOption,
    IssuerOption,
    MaxCharsOption,
    MaxFileMbOption,
    MaxPagesOption,
    MaxUnpackedMbOption,
    OutputFormat,
    RawOption,
    YearOption,
    limits_of,
    load_report,
    render,
)
from compare.read.limits import DEFAULT_LIMITS


@app.command()
def outline(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .md, .html, .docx or .pdf.")],
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    parts: Annotated[bool, typer.Option("--parts", help="Also list the preamble and closing block.")] = False,
    year: YearOption = None,
    issuer: IssuerOption = None,
    max_chars: MaxCharsOption = DEFAULT_LIMITS.max_chars,
    max_file_mb: MaxFileMbOption = DEFAULT_LIMITS.max_file_mb,
    max_unpacked_mb: MaxUnpackedMbOption = DEFAULT_LIMITS.max_unpacked_mb,
    max_pages: MaxPagesOption = DEFAULT_LIMITS.max_pages,
) -> None:
    """Show a report's section tree: path, level, marker, title and role of every heading.

    Example: report-compare outline seeds/beibei_2020_rule_of_law_report.txt --format csv
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.schema import outline_frame
    lim = limits_of(max_chars, max_file_mb, max_unpacked_mb, max_pages)
    report = load_report(file, year=year, issuer=issuer, limits=lim)
    render(outline_frame(report, parts=parts), fmt, title=f"{report.title or file}", raw=raw)
