"""`report-compare indicators FILE`."""

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
from compare.schema import INDICATORS_TERMINAL

#: What the terminal table shows; csv and json carry every column.
TABLE_COLUMNS = INDICATORS_TERMINAL.ids


@app.command()
def indicators(
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
    """List every quantity that measures something: section, canonical indicator, subject, value,
    unit, qualifier, kind, the text as written, and whether it is a target. The subject is the noun
    measured: the noun after the number when a verb comes first (成立4个督察组 -> 督察组), else the
    phrase before it (办理行政复议案件56件); 分别为 lists pair values with their nouns in order.

    Example: report-compare indicators seeds/beibei_2020_rule_of_law_report.txt --format csv
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.extract.indicators import indicators_frame
    from compare.extract.lexicon import load_lexicon
    lex = load_lexicon(lexicon)
    lim = limits_of(max_chars, max_file_mb, max_unpacked_mb, max_pages)
    report = load_report(file, year=year, issuer=issuer, limits=lim)
    frame = indicators_frame(report, lex)
    render(frame, fmt, title=f"{report.title or file}", table_columns=TABLE_COLUMNS, raw=raw)
