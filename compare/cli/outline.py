"""`report-compare outline FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import FormatOption, IssuerOption, OutputFormat, RawOption, YearOption, load_report, render
from compare.schema import outline_frame


@app.command()
def outline(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .md, .html, .docx or .pdf.")],
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    parts: Annotated[bool, typer.Option("--parts", help="Also list the preamble and closing block.")] = False,
    year: YearOption = None,
    issuer: IssuerOption = None,
) -> None:
    """Show a report's section tree: path, level, marker, title and role of every heading.

    Example: report-compare outline seeds/beibei_2020_rule_of_law_report.txt --format csv
    """
    report = load_report(file, year=year, issuer=issuer)
    render(outline_frame(report, parts=parts), fmt, title=f"{report.title or file}", raw=raw)
