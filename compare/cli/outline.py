"""`report-compare outline FILE`."""

from __future__ import annotations

from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import (
    FormatOption,
    IssuerOption,
    LimitsOption,
    OutputFormat,
    RawOption,
    ReportArgument,
    YearOption,
    load_report,
    render,
)
from compare.read.limits import DEFAULT_LIMITS
from compare.schema import OUTLINE, OUTLINE_TERMINAL, OUTLINE_TERMINAL_80, outline_rows


@app.command()
def outline(
    file: ReportArgument,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    parts: Annotated[bool, typer.Option("--parts", help="Also list the preamble and closing block.")] = False,
    year: YearOption = None,
    issuer: IssuerOption = None,
    limits: LimitsOption = DEFAULT_LIMITS,
) -> None:
    """Show a report's section tree: path, level, marker, title, role.

    One row per heading; the role says which part of the report it is (measures_results,
    shortcomings, next_year_plan, ...).

    Example: report-compare outline seeds/beibei_2020_rule_of_law_report.txt --format csv
    """
    report = load_report(file, year=year, issuer=issuer, limits=limits)
    render(outline_rows(report, parts=parts), fmt, columns=OUTLINE.ids, title=f"{report.title or file}",
           table_columns=OUTLINE_TERMINAL.ids, narrow_columns=OUTLINE_TERMINAL_80.ids, raw=raw)
