"""`report-compare indicators FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import FormatOption, IssuerOption, LexiconOption, OutputFormat, YearOption, render, stderr
from compare.indicators import indicators_frame
from compare.lexicon import load_lexicon
from compare.loading import load


@app.command()
def indicators(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .md, .html, .docx or .pdf.")],
    fmt: FormatOption = OutputFormat.table,
    lexicon: LexiconOption = None,
    year: YearOption = None,
    issuer: IssuerOption = None,
) -> None:
    """List every quantity that measures something: section, canonical indicator, subject, value,
    unit, qualifier, kind, the text as written, and whether it is a target.

    Example: report-compare indicators seeds/beibei_2020_rule_of_law_report.txt --format csv
    """
    lex = load_lexicon(lexicon)
    report = load(file, year=year, issuer=issuer)
    for warning in report.warnings:
        stderr.print(f"Warning: {file}: {warning}", markup=False, highlight=False)
    frame = indicators_frame(report, lex)
    if fmt is OutputFormat.table:
        frame = frame.drop(columns=["sentence"])  # a terminal row stays readable; csv/json keep it
    render(frame, fmt, title=f"{report.title or file}")
