"""Options shared by several commands (defined once) and the rendering of tables."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from compare.cli import tables
from compare.errors import UsageError
from compare.models import Report
from compare.read.limits import DEFAULT_LIMITS, Limits
from compare.read.loading import load
from compare.write.textsafety import one_line

if TYPE_CHECKING:
    from rich.console import Console


class OutputFormat(str, Enum):
    """Output format of a table command."""

    table = "table"
    csv = "csv"
    json = "json"


ReportArgument = Annotated[Path, typer.Argument(help="A report: .txt, .md, .html, .docx or .pdf.")]
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
    typer.Option("--issuer", help="Issuer when the file does not say, e.g. 重庆市北碚区人民政府."),
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
ManifestOption = Annotated[
    Path | None,
    typer.Option("--manifest", help="CSV with columns path, issuer, year that overrides what the files say."),
]
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, show_default="cores",
                 help="Processes reading reports in parallel (1: no worker processes). Output is the same for any N."),
]
CacheOption = Annotated[
    Path | None,
    typer.Option("--cache", metavar="DIR", show_default="~/.cache/report-compare",
                 help="Folder of the cache of per-report results, report pairs and compare's tables (reused when "
                      "a file, its overrides, the lexicon and the toolkit are unchanged)."),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Neither read nor write the cache (per-report results, pairs, tables)."),
]

SchedulerOption = Annotated[
    str | None,
    typer.Option("--scheduler", metavar="ADDRESS",
                 help="Run the per-report stage on the Dask cluster of this scheduler (tcp://HOST:8786) instead of "
                      "local processes; needs pip install 'report-compare\\[dask]'. Output is the same."),
]

@dataclass(frozen=True)
class OptionGroup:
    """Options that a command receives as one value. A parameter annotated
    `Annotated[T, OptionGroup(...)]` is replaced, where it stands, by the group's parameters
    (`compare.cli.App.command` does it, through `expand_groups`), and the command is called with
    `build(**their values)`: the options are declared once, here, for every command."""

    params: tuple[tuple[str, Any, Any], ...]  # (name, Annotated[type, typer.Option(...)], default)
    build: Callable[..., Any]


def expand_groups(command: Callable[..., Any]) -> Callable[..., Any]:
    """`command` with each `OptionGroup` parameter replaced by the group's parameters; it receives
    the built value. A command without such a parameter is returned as it is."""
    signature = inspect.signature(command, eval_str=True)
    groups = {p.name: g for p in signature.parameters.values() if (g := _group(p.annotation)) is not None}
    if not groups:
        return command
    params: list[inspect.Parameter] = []
    for p in signature.parameters.values():
        group = groups.get(p.name)
        params += [p] if group is None else [inspect.Parameter(name, p.kind, annotation=annotation, default=default)
                                             for name, annotation, default in group.params]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        for name, group in groups.items():
            kwargs[name] = group.build(**{n: kwargs.pop(n) for n, _, _ in group.params})
        return command(*args, **kwargs)

    run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    return run


def _group(annotation: Any) -> OptionGroup | None:
    return next((m for m in getattr(annotation, "__metadata__", ()) if isinstance(m, OptionGroup)), None)


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
_LIMITS = OptionGroup((
    ("max_chars", MaxCharsOption, DEFAULT_LIMITS.max_chars),
    ("max_file_mb", MaxFileMbOption, DEFAULT_LIMITS.max_file_mb),
    ("max_unpacked_mb", MaxUnpackedMbOption, DEFAULT_LIMITS.max_unpacked_mb),
    ("max_pages", MaxPagesOption, DEFAULT_LIMITS.max_pages),
), build=Limits)
#: `limits: LimitsOption`: --max-chars, --max-file-mb, --max-unpacked-mb, --max-pages as one Limits.
LimitsOption = Annotated[Limits, _LIMITS]


@dataclass(frozen=True)
class ReportFile:
    """One report named on the command line, with what the user says about it."""

    path: Path
    year: int | None  # --year: the report year when the file does not say
    issuer: str | None  # --issuer
    limits: Limits

    def load(self) -> Report:
        """`compare.load` plus its warnings on stderr."""
        return load_report(self.path, year=self.year, issuer=self.issuer, limits=self.limits)


def _report_file(file: Path, year: int | None, issuer: str | None, **limits: int) -> ReportFile:
    return ReportFile(file, year, issuer, Limits(**limits))


#: `report: ReportOption`: the FILE argument, --year, --issuer and the limits of a one-report command.
ReportOption = Annotated[ReportFile, OptionGroup(
    (("file", ReportArgument, inspect.Parameter.empty), ("year", YearOption, None), ("issuer", IssuerOption, None),
     *_LIMITS.params), build=_report_file)]


@dataclass(frozen=True)
class Engine:
    """How the per-report stage runs: --jobs, the cache (--cache / --no-cache), --scheduler."""

    jobs: int | None = None  # None: one process per core
    cache: Path | None = None  # None: the user's cache folder
    no_cache: bool = False
    scheduler: str | None = None  # a Dask scheduler's address

    @property
    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments of the library's batch calls (run_compare, corpus_changes, ...);
        UsageError when --cache and --no-cache are both given."""
        return {"jobs": self.jobs, "cache_dir": cache_folder(self.cache, self.no_cache), "scheduler": self.scheduler}


DEFAULT_ENGINE = Engine()
#: `engine: EngineOption = DEFAULT_ENGINE`: --jobs, --cache, --no-cache, --scheduler as one Engine.
EngineOption = Annotated[Engine, OptionGroup(
    (("jobs", JobsOption, None), ("cache", CacheOption, None), ("no_cache", NoCacheOption, False),
     ("scheduler", SchedulerOption, None)), build=Engine)]


class _LazyConsole:
    """A rich Console made on first use: a command that prints csv loads no rich (~0.05 s)."""

    def __init__(self, **settings: Any) -> None:
        self._settings = settings
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._settings)
        return getattr(self._console, name)

    # `with console:` (rich's progress bar does it in a terminal) looks these up on the type, not
    # through __getattr__.
    def __enter__(self) -> Any:
        return self.__getattr__("__enter__")()

    def __exit__(self, *exc: object) -> Any:
        return self.__getattr__("__exit__")(*exc)


stdout = cast("Console", _LazyConsole(soft_wrap=False))
stderr = cast("Console", _LazyConsole(stderr=True, soft_wrap=True))


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
    from compare.cache import default_cache_dir  # here: a one-report command starts without the cache's stack

    return cache if cache is not None else default_cache_dir()


def note_order(old: Report, new: Report) -> None:
    """A note on stderr when OLD is about a later year than NEW: every added section would read as
    removed and every change backwards, with nothing in the output to say so."""
    if old.year is not None and new.year is not None and old.year > new.year:
        stderr.print(f"Note: OLD is the {old.year} report and NEW the {new.year} one: what is shown as added "
                     "was removed; pass the earlier report first", markup=False, highlight=False)


def render(data: Any, fmt: OutputFormat, *, title: str = "", columns: Sequence[str] | None = None,
           table_columns: Sequence[str] | None = None, narrow_columns: Sequence[str] | None = None,
           raw: bool = False) -> None:
    """Write `data` (a pandas frame, or rows as dicts with `columns`) to stdout as a terminal table,
    CSV (header row) or JSON (a list of objects). The terminal table shows `table_columns`, or
    `narrow_columns` when those do not fit the width, and says how many columns csv/json add;
    csv and json keep every column. CSV text cells that look like formulas are neutralised as in
    the workbook, unless `raw`."""
    if fmt is not OutputFormat.table:  # by column, no dict per row (compare.cli.tables.columns_of)
        ids, cells = tables.columns_of(data, columns)
        if fmt is OutputFormat.csv:
            tables.write(tables.csv_columns_text(ids, cells, raw=raw))
        else:  # no columns: the rows (of empty objects) come from rows_of
            text = tables.json_columns_text(ids, cells) if ids else tables.json_text(*tables.rows_of(data, columns))
            tables.write(text)
    else:
        ids, rows = tables.rows_of(data, columns)
        views = [v for v in (table_columns, narrow_columns) if v is not None]
        tables.write(tables.terminal_table(ids, rows, title=title, views=views))
