"""`report-compare extract PATH... --out DIR [--format csv|parquet|jsonl]`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app, report_failures, skipped_note
from compare.cli.common import (
    DEFAULT_ENGINE,
    EngineOption,
    LexiconOption,
    LimitsOption,
    ManifestOption,
    stderr,
    stdout,
    warn,
)
from compare.read.limits import DEFAULT_LIMITS
from compare.write.textsafety import terminal_text


class TableFormat(str, Enum):
    """File format of the long tables."""

    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files and/or folders.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (created if missing).")],
    fmt: Annotated[TableFormat, typer.Option(
        "--format", "-f", help="csv, parquet (needs pip install 'report-compare\\[parquet]') or jsonl.")
    ] = TableFormat.csv,
    manifest: ManifestOption = None,
    lexicon: LexiconOption = None,
    engine: EngineOption = DEFAULT_ENGINE,
    limits: LimitsOption = DEFAULT_LIMITS,
) -> None:
    """Write long tables for DuckDB, pandas and R.

    DIR/reports, sections, indicators, claims, changes and failures (.csv, .parquet or .jsonl), one
    row per record, typed columns, the same bytes for the same input. A file that cannot be read
    gets an Error line and a row in failures; the rest is written and the exit code is 2.

    Example: report-compare extract examples/reports --out tables --format jsonl
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.export import run_extract

    result = run_extract(paths, out, fmt.value, manifest=manifest, lexicon=lexicon, limits=limits, **engine.kwargs)
    report_failures(result.failures)
    reports = result.tables["reports"]
    for source, warnings in zip(reports["source"], reports["warnings"], strict=True):
        if warnings:
            warn(source, str(warnings).split("; "))
    for path, table in zip(result.paths, result.rows, strict=True):
        # Paths are the user's text: no control codes to the terminal.
        stdout.print(terminal_text(f"{path} ({_rows(result.rows[table])})"), markup=False, highlight=False,
                     soft_wrap=True)
    if result.failures:
        stderr.print(skipped_note(result.failures, result.rows["reports"]), markup=False, highlight=False)
        raise typer.Exit(2)


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"
