"""`report-compare info FILE`."""

from __future__ import annotations

from compare.cli import app
from compare.cli.common import FormatOption, OutputFormat, RawOption, ReportOption, render
from compare.schema import INFO, info_rows


@app.command()
def info(
    report: ReportOption,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """Show a report's issuer, year, date, title, format, encoding.

    The report year is the year the report is about (from its title); the date is the publication
    date (from the signature block or the page's 日期 line). The table also gives the number of
    headings and the file's SHA-256.

    Text is read as UTF-8, GB18030/GBK, Big5 or UTF-16; Shift-JIS and EUC-KR are refused.

    Example: report-compare info seeds/beibei_2020_rule_of_law_report.txt
    """
    rows = info_rows(report.load())
    if fmt is OutputFormat.table:  # one field per line reads better than one wide row
        rows = [{"field": c, "value": rows[0][c]} for c in INFO.ids]
    render(rows, fmt, columns=list(rows[0]), title=str(report.path), raw=raw)
