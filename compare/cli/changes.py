"""`report-compare changes PATH...`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app, report_failures, skipped_note
from compare.cli.common import (
    DEFAULT_ENGINE,
    EngineOption,
    FormatOption,
    IssuerOption,
    LexiconOption,
    LimitsOption,
    OutputFormat,
    RawOption,
    YearOption,
    render,
    stderr,
    warn,
)
from compare.read.limits import DEFAULT_LIMITS
from compare.schema import CHANGES_TERMINAL, CHANGES_TERMINAL_80
from compare.write.textsafety import one_line


@app.command()
def changes(
    paths: Annotated[
        list[Path], typer.Argument(help="Report files and/or folders (one issuer's years, or several issuers)."),
    ],
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", help="CSV with columns path, issuer, year that overrides what the files say "
                     "(only for the files given; other rows are ignored)."),
    ] = None,
    lexicon: LexiconOption = None,
    year: YearOption = None,
    issuer: IssuerOption = None,
    engine: EngineOption = DEFAULT_ENGINE,
    limits: LimitsOption = DEFAULT_LIMITS,
) -> None:
    """Changes between years and a check of each stated change.

    Points for rates, absolute and relative changes for counts, and a check of every change the
    reports state: consistent, inconsistent or unverifiable. With a single report, rows come from
    its stated changes, the earlier value implied. The terminal table shows the main columns; csv
    and json carry all of them (notes, gaps, sources). A file that cannot be read (or has no year,
    among several) gets an Error line and is skipped; the others are shown, and the exit code is 2.

    Example: report-compare changes examples/reports --format csv
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.changesjob import corpus_changes
    corpus, frame = corpus_changes(paths, manifest=manifest, lexicon=lexicon, year=year, issuer=issuer,
                                   keep_going=True, limits=limits, **engine.kwargs)
    report_failures(corpus.failures)
    for report in corpus.reports:
        warn(report.source, report.warnings)
    for issuer, year in corpus.gaps:
        stderr.print(one_line(f"Note: {issuer}: no report for {year}"), markup=False, highlight=False)
    if not len(frame) and len(corpus.reports) > 1 and all(len(s.reports) < 2 for s in corpus.series):
        # Several reports but an empty table: say why (years are compared within one issuer).
        stderr.print(one_line(f"Note: no issuer has two reports ({'、'.join(s.key or '?' for s in corpus.series)}); "
                              "changes compare one issuer's years, and these reports state no changes of their own"),
                     markup=False, highlight=False)
    render(frame, fmt, title="Changes between years", table_columns=CHANGES_TERMINAL.ids,
           narrow_columns=CHANGES_TERMINAL_80.ids, raw=raw)
    if corpus.failures:
        # The table is complete for the files that could be read; exit 2 says it is not all of them.
        stderr.print(skipped_note(corpus.failures, len(corpus.reports)), markup=False, highlight=False)
        raise typer.Exit(2)
