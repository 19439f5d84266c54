"""`report-compare outline FILE`."""

from __future__ import annotations

from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import FormatOption, OutputFormat, RawOption, ReportOption, render
from compare.schema import OUTLINE, OUTLINE_TERMINAL, OUTLINE_TERMINAL_80, outline_rows


@app.command()
def outline(
    report: ReportOption,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    parts: Annotated[bool, typer.Option("--parts", help="Also list the preamble and closing block.")] = False,
) -> None:
    """Show a report's section tree: path, level, marker, title, role.

    One row per heading; the role says which part of the report it is (measures_results,
    shortcomings, next_year_plan, ...).

    Example: report-compare outline seeds/beibei_2020_rule_of_law_report.txt --format csv
    """
    loaded = report.load()
    render(outline_rows(loaded, parts=parts), fmt, columns=OUTLINE.ids, title=loaded.title or str(report.path),
           table_columns=OUTLINE_TERMINAL.ids, narrow_columns=OUTLINE_TERMINAL_80.ids, raw=raw)
