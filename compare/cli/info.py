"""`report-compare info FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import FormatOption, IssuerOption, OutputFormat, RawOption, YearOption, load_report, render
from compare.schema import info_frame


@app.command()
def info(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .md, .html, .docx or .pdf.")],
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    year: YearOption = None,
    issuer: IssuerOption = None,
) -> None:
    """Show a report's metadata: issuer, report year, publication date, title, format, encoding.

    Example: report-compare info seeds/beibei_2020_rule_of_law_report.txt
    """
    report = load_report(file, year=year, issuer=issuer)
    frame = info_frame(report)
    if fmt is OutputFormat.table:
        frame = frame.T.reset_index()
        frame.columns = ["field", "value"]
    render(frame, fmt, title=str(file), raw=raw)
