"""`report-compare changes PATH...`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.changes import CHANGES_TABLE_COLUMNS, corpus_changes
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
    YearOption,
    limits_of,
    render,
    stderr,
    warn,
)
from compare.limits import DEFAULT_LIMITS


@app.command()
def changes(
    paths: Annotated[
        list[Path], typer.Argument(help="Report files and/or folders (one issuer's years, or several issuers)."),
    ],
    fmt: FormatOption = OutputFormat.table,
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", help="CSV with columns path, issuer, year that overrides what the files say."),
    ] = None,
    lexicon: LexiconOption = None,
    year: YearOption = None,
    issuer: IssuerOption = None,
    max_chars: MaxCharsOption = DEFAULT_LIMITS.max_chars,
    max_file_mb: MaxFileMbOption = DEFAULT_LIMITS.max_file_mb,
    max_unpacked_mb: MaxUnpackedMbOption = DEFAULT_LIMITS.max_unpacked_mb,
    max_pages: MaxPagesOption = DEFAULT_LIMITS.max_pages,
) -> None:
    """Changes of every indicator between years (points for rates, absolute and relative for counts),
    and a check of every change the reports state: consistent, inconsistent or unverifiable. With a
    single report, rows come from its stated changes, the earlier value implied. The terminal table
    shows the main columns; csv and json carry all of them (notes, gaps, sources).

    Example: report-compare changes tests/fixtures/corpus/jialing --format csv
    """
    corpus, frame = corpus_changes(paths, manifest=manifest, lexicon=lexicon, year=year, issuer=issuer,
                                   limits=limits_of(max_chars, max_file_mb, max_unpacked_mb, max_pages))
    for report in corpus.reports:
        warn(report.source, report.warnings)
    for issuer, year in corpus.gaps:
        stderr.print(f"Note: {issuer}: no report for {year}", markup=False, highlight=False)
    if not len(frame) and len(corpus.reports) > 1 and all(len(s.reports) < 2 for s in corpus.series):
        # Several reports but an empty table: say why (years are compared within one issuer).
        stderr.print(f"Note: no issuer has two reports ({'、'.join(s.key or '?' for s in corpus.series)}); "
                     "changes compare one issuer's years, and these reports state no changes of their own",
                     markup=False, highlight=False)
    render(frame, fmt, title="Changes between years", table_columns=CHANGES_TABLE_COLUMNS)
