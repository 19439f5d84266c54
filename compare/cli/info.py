"""`report-compare info FILE`."""

from __future__ import annotations

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
from compare.schema import INFO, info_rows


@app.command()
def info(
    file: ReportArgument,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    year: YearOption = None,
    issuer: IssuerOption = None,
    limits: LimitsOption = DEFAULT_LIMITS,
) -> None:
    """Show a report's issuer, year, date, title, format, encoding.

    The report year is the year the report is about (from its title); the date is the publication
    date (from the signature block or the page's 日期 line). The table also gives the number of
    headings and the file's SHA-256.

    Example: report-compare info seeds/beibei_2020_rule_of_law_report.txt
    """
    report = load_report(file, year=year, issuer=issuer, limits=limits)
    rows = info_rows(report)
    if fmt is OutputFormat.table:  # one field per line reads better than one wide row
        render([{"field": c, "value": rows[0][c]} for c in INFO.ids], fmt, columns=("field", "value"),
               title=str(file), raw=raw)
        return
    render(rows, fmt, columns=INFO.ids, title=str(file), raw=raw)
