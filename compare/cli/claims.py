"""`report-compare claims FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import (
    FormatOption,
    IssuerOption,
    LexiconOption,
    MaxCharsOption,
    MaxFileMbOption,
    MaxPagesOption,
    MaxUnpackedMbOption,
    OutputFormat,
    RawOption,
    YearOption,
    limits_of,
    load_report,
    render,
)
from compare.read.limits import DEFAULT_LIMITS
from compare.schema import REPORT_CLAIMS_TERMINAL

#: What the terminal table shows; csv and json carry every column.
TABLE_COLUMNS = REPORT_CLAIMS_TERMINAL.ids


@app.command()
def claims(
    file: Annotated[Path, typer.Argument(help="A report: .txt, .md, .html, .docx or .pdf.")],
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    lexicon: LexiconOption = None,
    year: YearOption = None,
    issuer: IssuerOption = None,
    max_chars: MaxCharsOption = DEFAULT_LIMITS.max_chars,
    max_file_mb: MaxFileMbOption = DEFAULT_LIMITS.max_file_mb,
    max_unpacked_mb: MaxUnpackedMbOption = DEFAULT_LIMITS.max_unpacked_mb,
    max_pages: MaxPagesOption = DEFAULT_LIMITS.max_pages,
) -> None:
    """List every stated year-over-year change (同比上升18.51%, 较上年增加5件, 由76%提升至92%,
    翻一番, 与上年持平): the indicator, its value, base year, direction, change and its kind
    (percentage points, percent, absolute) and the earlier value it implies. A fall with no
    comparison (案件减少6件) has no base year; 同比分别增长10%、20% pairs with the values before it.

    Example: report-compare claims seeds/beibei_2020_rule_of_law_report.txt --format csv
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.extract.claims import claims_frame
    from compare.extract.lexicon import load_lexicon
    lex = load_lexicon(lexicon)
    lim = limits_of(max_chars, max_file_mb, max_unpacked_mb, max_pages)
    report = load_report(file, year=year, issuer=issuer, limits=lim)
    frame = claims_frame(report, lex)
    render(frame, fmt, title=f"{report.title or file}", table_columns=TABLE_COLUMNS, raw=raw)
