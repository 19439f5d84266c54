"""`report-compare info FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import FormatOption, IssuerOption, OutputFormat, YearOption, render, stderr
from compare.loading import load
from compare.tables import info_frame


@app.command()
def info(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .md, .html, .docx or .pdf.")],
    fmt: FormatOption = OutputFormat.table,
    year: YearOption = None,
    issuer: IssuerOption = None,
) -> None:
    """Show a report's metadata: issuer, report year, publication date, title, format, encoding.

    Example: report-compare info seeds/beibei_2020_rule_of_law_report.txt
    """
    report = load(file, year=year, issuer=issuer)
    for warning in report.warnings:
        stderr.print(f"Warning: {file}: {warning}", markup=False, highlight=False)
    frame = info_frame(report)
    if fmt is OutputFormat.table:
        frame = frame.T.reset_index()
        frame.columns = ["field", "value"]
    render(frame, fmt, title=str(file))
