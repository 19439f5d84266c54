"""`report-compare outline FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import FormatOption, IssuerOption, OutputFormat, YearOption, render, stderr
from compare.loading import load
from compare.tables import outline_frame


@app.command()
def outline(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .md, .html, .docx or .pdf.")],
    fmt: FormatOption = OutputFormat.table,
    parts: Annotated[bool, typer.Option("--parts", help="Also list the preamble and closing block.")] = False,
    year: YearOption = None,
    issuer: IssuerOption = None,
) -> None:
    """Show a report's section tree: path, level, marker, title and role of every heading.

    Example: report-compare outline seeds/beibei_2020_rule_of_law_report.txt --format csv
    """
    report = load(file, year=year, issuer=issuer)
    for warning in report.warnings:
        stderr.print(f"Warning: {file}: {warning}", markup=False, highlight=False)
    render(outline_frame(report, parts=parts), fmt, title=f"{report.title or file}")
