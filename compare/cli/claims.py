"""`report-compare claims FILE`."""

from __future__ import annotations

from compare.cli import app
from compare.cli.common import FormatOption, LexiconOption, OutputFormat, RawOption, ReportOption, render
from compare.schema import REPORT_CLAIMS, REPORT_CLAIMS_TERMINAL, REPORT_CLAIMS_TERMINAL_80, record_rows


@app.command()
def claims(
    report: ReportOption,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    lexicon: LexiconOption = None,
) -> None:
    """List the changes a report states and the values they imply.

    Every stated change (同比上升18.51%, 较上年增加5件, 由76%提升至92%, 翻一番, 与上年持平): the
    indicator, its value, base year, direction, change and its kind (percentage points, percent,
    absolute) and the earlier value it implies. A fall with no comparison (案件减少6件) has no base
    year; 同比分别增长10%、20% pairs with the values before it.

    Example: report-compare claims seeds/beibei_2020_rule_of_law_report.txt --format csv
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.extract.claims import extract_claims
    from compare.extract.lexicon import load_lexicon
    lex = load_lexicon(lexicon)
    loaded = report.load()
    render(record_rows(extract_claims(loaded, lexicon=lex), REPORT_CLAIMS), fmt, columns=REPORT_CLAIMS.ids,
           title=loaded.title or str(report.path), table_columns=REPORT_CLAIMS_TERMINAL.ids,
           narrow_columns=REPORT_CLAIMS_TERMINAL_80.ids, raw=raw)
