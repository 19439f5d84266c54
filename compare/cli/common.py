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
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from compare.cache import default_cache_dir
from compare.errors import UsageError
from compare.models import Report
from compare.read.limits import DEFAULT_LIMITS, Limits
from compare.read.loading import load
from compare.write.textsafety import neutralise_formula, one_line, terminal_text

if TYPE_CHECKING:  # pandas is loaded by the commands that build a frame, not by `import compare.cli`
    import pandas as pd


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
RawOption = Annotated[
    bool,
    typer.Option("--raw", help="csv: write text cells exactly as they are. By default a text cell that a spreadsheet "
                 "would run as a formula (starts with = + - @, and is not a number) gets a leading apostrophe."),
]
LexiconOption = Annotated[
    Path | None,
    typer.Option("--lexicon", help="A TOML file of extra indicators that extends or overrides the built-in lexicon."),
]
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, show_default="cores",
                 help="Processes reading reports in parallel (1: no worker processes). Output is the same for any N."),
]
CacheOption = Annotated[
    Path | None,
    typer.Option("--cache", metavar="DIR", show_default="~/.cache/report-compare",
                 help="Folder of the cache of per-report results (reused when a file, its overrides, "
                      "the lexicon and the toolkit are unchanged)."),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Neither read nor write the cache of per-report results."),
]

SchedulerOption = Annotated[
    str | None,
    typer.Option("--scheduler", metavar="ADDRESS",
                 help="Run the per-report stage on the Dask cluster of this scheduler (tcp://HOST:8786) instead of "
                      "local processes; needs pip install 'report-compare\\[dask]'. Output is the same."),
]

# Resource limits (compare.read.limits): every command that reads files takes all four.
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
        stderr.print(one_line(f"Warning: {source}: {warning}"), markup=False, highlight=False)


def load_report(file: Path, *, year: int | None = None, issuer: str | None = None,
                limits: Limits = DEFAULT_LIMITS) -> Report:
    """`compare.load` plus its warnings on stderr: what every single-report command starts with."""
    report = load(file, year=year, issuer=issuer, limits=limits)
    warn(file, report.warnings)
    return report


def cache_folder(cache: Path | None, no_cache: bool) -> Path | None:
    """The cache folder of --cache / --no-cache: the user's cache folder by default, None for none."""
    if no_cache and cache is not None:
        raise UsageError(str(cache), "--cache and --no-cache given together", "give one of them")
    if no_cache:
        return None
    return cache if cache is not None else default_cache_dir()


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
    pandas = sys.modules.get("pandas")  # a frame's cell: pandas is loaded
    if pandas is not None and (value is pandas.NA or value is pandas.NaT):
        return None
    return value


def _json_value(value: Any) -> Any:
    """A JSON cell: non-finite floats (inf, -inf) -> None."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def render(frame: pd.DataFrame, fmt: OutputFormat, *, title: str = "",
           table_columns: Sequence[str] | None = None, raw: bool = False) -> None:
    """Write `frame` to stdout as a rich table, CSV (header row) or JSON (a list of objects).
    `table_columns` limits the terminal table to the columns a reader scans (csv/json keep all).
    CSV text cells that look like formulas are neutralised as in the workbook, unless `raw`."""
    if fmt is OutputFormat.table and table_columns is not None:
        frame = frame[[c for c in table_columns if c in frame.columns]]
    rows = [{k: _cell(v) for k, v in r.items()} for r in frame.to_dict(orient="records")]
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(frame.columns)
        for r in rows:
            writer.writerow([_csv_cell(r[c], raw) for c in frame.columns])
        _write(buf.getvalue())
    elif fmt is OutputFormat.json:
        # JSON has no Infinity/NaN: a non-finite number (a change beyond float range) becomes null,
        # and allow_nan=False turns any one that slips through into a bug report, not invalid JSON.
        _write(json.dumps([{k: _json_value(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=1,
                          allow_nan=False) + "\n")
    else:
        # Report text is neither rich markup ("一、[/x]测试" would crash the table, "[bold]" restyle
        # it) nor terminal control codes: every cell and the title go in as plain, cleaned Text.
        table = Table(title=Text(terminal_text(title)) if title else None, show_lines=False)
        for c in frame.columns:
            table.add_column(Text(terminal_text(str(c))), overflow="fold")
        for r in rows:
            table.add_row(*(Text(terminal_text(_shown(r[c]))) for c in frame.columns))
        stdout.print(table)


def _csv_cell(value: Any, raw: bool) -> Any:
    # Report text such as =HYPERLINK(...) or +cmd|... would run when the CSV is opened in a
    # spreadsheet; numbers (-3.5 too) are not text and stay as they are.
    if value is None:
        return ""
    return neutralise_formula(value) if isinstance(value, str) and not raw else value


def _write(text: str) -> None:
    # Write bytes so that a Windows console code page or LANG=C never mangles Chinese text.
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
