"""Options shared by several commands (defined once) and the rendering of tables."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from compare.limits import DEFAULT_LIMITS, Limits
from compare.loading import load
from compare.models import Report


class OutputFormat(str, Enum):
    """Output format of a table command."""

    table = "table"
    csv = "csv"
    json = "json"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table (terminal), csv or json (UTF-8, to stdout)."),
]
YearOption = Annotated[
    int | None,
    typer.Option("--year", help="Report year (the year the report is about) when the file does not say."),
]
IssuerOption = Annotated[
    str | None,
    typer.Option("--issuer", help="Issuer (e.g. 重庆市北碚区人民政府) when the file does not say."),
]
LexiconOption = Annotated[
    Path | None,
    typer.Option("--lexicon", help="A TOML file of extra indicators that extends or overrides the built-in lexicon."),
]

# Resource limits (compare.limits): every command that reads files takes all four.
_LIMITS_PANEL = "Limits (raise them for an unusually large genuine report)"
MaxCharsOption = Annotated[int, typer.Option(
    "--max-chars", min=1, rich_help_panel=_LIMITS_PANEL,
    help="Most characters of text extracted from one file; a file with more is refused.")]
MaxFileMbOption = Annotated[int, typer.Option(
    "--max-file-mb", min=1, rich_help_panel=_LIMITS_PANEL, help="Largest input file, in MiB.")]
MaxUnpackedMbOption = Annotated[int, typer.Option(
    "--max-unpacked-mb", min=1, rich_help_panel=_LIMITS_PANEL,
    help="Most MiB a DOCX's parts unpack to in total, or one PDF stream decodes to (ZIP/Flate bombs).")]
MaxPagesOption = Annotated[int, typer.Option(
    "--max-pages", min=1, rich_help_panel=_LIMITS_PANEL, help="Most pages of a PDF.")]


def limits_of(max_chars: int, max_file_mb: int, max_unpacked_mb: int, max_pages: int) -> Limits:
    """The Limits object of the four limit options."""
    return Limits(max_file_mb=max_file_mb, max_unpacked_mb=max_unpacked_mb, max_pages=max_pages, max_chars=max_chars)


stdout = Console(soft_wrap=False)
stderr = Console(stderr=True, soft_wrap=True)


def warn(source: object, warnings: Sequence[str]) -> None:
    """Print a report's non-fatal problems as `Warning: <file>: <what>` on stderr."""
    for warning in warnings:
        stderr.print(f"Warning: {source}: {warning}", markup=False, highlight=False)


def load_report(file: Path, *, year: int | None = None, issuer: str | None = None,
                limits: Limits = DEFAULT_LIMITS) -> Report:
    """`compare.load` plus its warnings on stderr: what every single-report command starts with."""
    report = load(file, year=year, issuer=issuer, limits=limits)
    warn(file, report.warnings)
    return report


def note_order(old: Report, new: Report) -> None:
    """A note on stderr when OLD is about a later year than NEW: every added section would read as
    removed and every change backwards, with nothing in the output to say so."""
    if old.year is not None and new.year is not None and old.year > new.year:
        stderr.print(f"Note: OLD is the {old.year} report and NEW the {new.year} one: what is shown as added "
                     "was removed; pass the earlier report first", markup=False, highlight=False)


def _shown(value: Any) -> str:
    """A terminal cell: 5.0 -> "5", 64.29 -> "64.29", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"
    return str(value)


def _cell(value: Any) -> Any:
    """A JSON/CSV-friendly scalar: NaN/None -> None, numpy scalars -> Python."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _json_value(value: Any) -> Any:
    """A JSON cell: non-finite floats (inf, -inf) -> None."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def render(frame: pd.DataFrame, fmt: OutputFormat, *, title: str = "",
           table_columns: Sequence[str] | None = None) -> None:
    """Write `frame` to stdout as a rich table, CSV (header row) or JSON (a list of objects).
    `table_columns` limits the terminal table to the columns a reader scans (csv/json keep all)."""
    if fmt is OutputFormat.table and table_columns is not None:
        frame = frame[[c for c in table_columns if c in frame.columns]]
    rows = [{k: _cell(v) for k, v in r.items()} for r in frame.to_dict(orient="records")]
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(frame.columns)
        for r in rows:
            writer.writerow(["" if r[c] is None else r[c] for c in frame.columns])
        _write(buf.getvalue())
    elif fmt is OutputFormat.json:
        # JSON has no Infinity/NaN: a non-finite number (a change beyond float range) becomes null,
        # and allow_nan=False turns any one that slips through into a bug report, not invalid JSON.
        _write(json.dumps([{k: _json_value(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=1,
                          allow_nan=False) + "\n")
    else:
        table = Table(title=title or None, show_lines=False)
        for c in frame.columns:
            table.add_column(str(c), overflow="fold")
        for r in rows:
            table.add_row(*(_shown(r[c]) for c in frame.columns))
        stdout.print(table)


def _write(text: str) -> None:
    # Write bytes so that a Windows console code page or LANG=C never mangles Chinese text.
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
