"""`report-compare compare [PATH...] [--out DIR]` (module named compare_cmd: `compare` is the package)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
)
from compare.errors import UsageError
from compare.read.limits import DEFAULT_LIMITS
from compare.write import DEFAULT_CHARTS
from compare.write.textsafety import one_line, terminal_text

#: Folders used when no path is given, relative to the current directory.
DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("reports")

if TYPE_CHECKING:
    from compare.pipeline import CompareResult


@app.command("compare")
def compare_command(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Report files and/or folders (default: seeds/ of the current directory).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = DEFAULT_OUT,
    svg: Annotated[bool, typer.Option("--svg", help="Also write each chart as SVG.")] = False,
    chart_count: Annotated[int, typer.Option(
        "--charts", min=0, metavar="N",
        help="Trend charts to draw: the N indicators that tell the most (failed claim checks first, then "
             "the largest change for their level and years; README: Charts), plus the overview; 0 for none.",
    )] = DEFAULT_CHARTS,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary; paths only.")] = False,
    manifest: ManifestOption = None,
    lexicon: LexiconOption = None,
    engine: EngineOption = DEFAULT_ENGINE,
    limits: LimitsOption = DEFAULT_LIMITS,
) -> None:
    """Compare years: overview page, workbook, charts, section diffs.

    Writes DIR/index.html (the overview page to open or send), DIR/comparison.xlsx (indicators,
    changes, claims, aligned sections, section diffs, sources, audit), DIR/charts/*.png trend charts
    and DIR/diff.html, then prints a summary and the paths written. One report alone still gets its
    sections, indicators and implied earlier values. A file that cannot be read, has no year, or is
    a second report for one year gets an Error line and is skipped (Failures sheet); the rest is
    written and the exit code is 2. DIR is locked while it is written, and the whole set is
    replaced at once: an interrupted run leaves the previous set intact.

    A rerun keeps what did not change: the tables come from the cache when no input, option or
    module changed, and outputs of the previous run in DIR written for the same input and options
    are kept, not written again (an edited or deleted one is rewritten); unchanged charts are not redrawn.
    With --jobs above 1, a large workbook is written in a second process while the tables, charts
    and pages are made (the same file as with --jobs 1).

    Example: report-compare compare examples/reports --out reports/examples
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from compare.pipeline import run_compare
    if not paths and manifest is None:
        if not DEFAULT_INPUT.is_dir():
            raise UsageError(str(DEFAULT_INPUT.resolve()), "no seeds/ folder in the current directory",
                             "pass report files or folders (report-compare compare FILE_OR_DIR...), "
                             "or run it from the project folder")
        paths = [DEFAULT_INPUT]
    run = functools.partial(run_compare, paths or [], out, svg=svg, manifest=manifest, lexicon=lexicon, limits=limits,
                            chart_limit=chart_count, **engine.kwargs)
    if quiet:
        result = run()
    else:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=stderr, transient=True, disable=not stderr.is_terminal) as bar:
            # Only in a terminal: piped or logged runs get no bar (and no stray blank lines).
            task = bar.add_task("starting", total=None)

            def progress(what: str, done: int, total: int) -> None:
                # File names and issuers are not markup: "[/x].txt" would crash the bar.
                bar.update(task, description=escape(one_line(what)), completed=done, total=total or None)

            result = run(progress=progress)
        for warning in result.summary.warnings:
            stderr.print(f"Warning: {one_line(warning)}", markup=False, highlight=False)
    report_failures(result.summary.failures)
    _print(result, quiet=quiet)
    if result.summary.failures:
        # Everything readable was written; exit 2 tells a script that some files were left out.
        raise typer.Exit(2)


def _print(result: CompareResult, *, quiet: bool) -> None:
    s = result.summary
    lines: list[str] = []
    if not quiet:
        years = s.year_span or "none found"
        lines += [
            f"Reports: {s.reports}   Issuers: {len(s.issuers)} ({'、'.join(s.issuers) or 'unknown'})   Years: {years}",
        ]
        if s.failures:
            lines.append(skipped_note(s.failures, s.reports) + "; listed on the Failures sheet")
        if s.gaps:
            lines.append("Gaps: " + ", ".join(f"{i} {y}" for i, y in s.gaps))
        # With no pair of years, "matched: 0" says nothing: what the report itself gives does.
        found = (f"Indicators matched: {s.indicators_matched}" if s.pairs else
                 f"Indicators: {s.indicators} (+{s.implied} implied for the year before)")
        lines.append(f"{found}   Changes: {s.changes}   Claims inconsistent: {s.claims_inconsistent} of {s.claims}")
        if s.biggest:
            lines.append("Biggest changes:")
            lines += [f"  {line}" for line in s.biggest]
        if s.hint:
            lines.append(f"Next: {s.hint}")
        lines.append("Written (open the first):")
    charts = [p for p in result.charts if p.suffix == ".png"]
    # Quiet output is read by scripts: its first lines stay workbook, diff page; the page to open
    # leads the list a person reads.
    written = ([result.workbook, result.diff_html, result.index_html] if quiet
               else [result.index_html, result.workbook, result.diff_html])
    if quiet:
        written += list(result.charts)
    lines += [f"  {p}" if not quiet else str(p) for p in written]
    if not quiet and result.charts:
        folder = result.charts[0].parent
        extra = f" (+{len(result.charts) - len(charts)} .svg)" if len(result.charts) > len(charts) else ""
        lines.append(f"  {folder}/ ({len(charts)} charts{extra})")
    for line in lines:
        # Issuers and subjects in the summary are report text: no control codes to the terminal.
        stdout.print(terminal_text(line), markup=False, highlight=False, soft_wrap=True)
