"""`report-compare info FILE`."""

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
def info(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .md, .html, .docx or .pdf.")],
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    year: YearOption = None,
    issuer: IssuerOption = None,
    max_chars: MaxCharsOption = DEFAULT_LIMITS.max_chars,
    max_file_mb: MaxFileMbOption = DEFAULT_LIMITS.max_file_mb,
    max_unpacked_mb: MaxUnpackedMbOption = DEFAULT_LIMITS.max_unpacked_mb,
    max_pages: MaxPagesOption = DEFAULT_LIMITS.max_pages,
) -> None:
    """Show a report's metadata: issuer, report year, publication date, title, format, encoding.

    Text is read as UTF-8, GB18030/GBK, Big5 or UTF-16; Shift-JIS and EUC-KR are refused.

    Example: report-compare info seeds/beibei_2020_rule_of_law_report.txt
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.schema import info_frame
    lim = limits_of(max_chars, max_file_mb, max_unpacked_mb, max_pages)
    report = load_report(file, year=year, issuer=issuer, limits=lim)
    frame = info_frame(report)
    if fmt is OutputFormat.table:
        frame = frame.T.reset_index()
        frame.columns = ["field", "value"]
    render(frame, fmt, title=str(file), raw=raw)
