"""`report-compare indicators FILE`."""

from __future__ import annotations

from compare.cli import app
from compare.cli.common import FormatOption, LexiconOption, OutputFormat, RawOption, ReportOption, render
from compare.schema import INDICATORS, INDICATORS_TERMINAL, INDICATORS_TERMINAL_80, record_rows


@app.command()
def indicators(
    report: ReportOption,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    lexicon: LexiconOption = None,
) -> None:
    """List every figure a report gives, with its subject and unit.

    One row per quantity: section, canonical indicator, subject, value, unit, qualifier, kind, the
    text as written, and whether it is a target. The subject is the noun measured: the noun after
    the number when a verb comes first (成立4个督察组 -> 督察组), else the phrase before it
    (办理行政复议案件56件); 分别为 lists pair values with their nouns in order.

    Example: report-compare indicators seeds/beibei_2020_rule_of_law_report.txt --format csv
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.extract.indicators import extract_indicators
    from compare.extract.lexicon import load_lexicon
    lex = load_lexicon(lexicon)
    loaded = report.load()
    render(record_rows(extract_indicators(loaded, lex), INDICATORS), fmt, columns=INDICATORS.ids,
           title=loaded.title or str(report.path), table_columns=INDICATORS_TERMINAL.ids,
           narrow_columns=INDICATORS_TERMINAL_80.ids, raw=raw)
