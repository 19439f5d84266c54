"""`report-compare audit PATH...`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from compare.cli import app, report_failures, skipped_note
from compare.cli.common import (
    DEFAULT_ENGINE,
    EngineOption,
    FormatOption,
    LexiconOption,
    LimitsOption,
    ManifestOption,
    OutputFormat,
    RawOption,
    render,
    stderr,
    stdout,
)
from compare.read.limits import DEFAULT_LIMITS
from compare.write.textsafety import one_line, terminal_text

if TYPE_CHECKING:
    import pandas as pd

    from compare.audit.run import Audit


class AuditView(str, Enum):
    """Which audit table to print."""

    reports = "reports"
    carryover = "carryover"
    plans = "plans"


#: Short names of the required parts in the terminal table (the README and csv use the ids).
PART_SHORT = {"measures_results": "成效", "shortcomings": "不足", "first_responsible": "履职",
              "next_year_plan": "安排"}
#: The terminal table: (header, width). Fits 80 columns with one space between columns.
TERMINAL_COLUMNS: tuple[tuple[str, int], ...] = (
    ("issuer", 12), ("year", 4), ("missing", 9), ("deadline", 9), ("ind/1k", 6), ("fig%", 5), ("slog%", 5),
    ("claims", 6), ("copied", 6), ("plan", 5),
)
#: What the short columns mean, in lines of at most 80 columns.
FOOTNOTE = ("missing: parts not found: 成效 measures, 不足 shortcomings, 履职 duty,\n"
            "  安排 plan ('3 of 4' when more than two)\n"
            "ind/1k: indicators per 1,000 characters; fig%/slog%: work sections with a\n"
            "  figure / with slogans only; claims: consistent/inconsistent/not checkable\n"
            "copied: sections carried over from the previous report; plan: last year's\n"
            "  plan items followed/all. Every column: --format csv")


def _n(v: Any) -> str:
    from compare.write.auditlabels import number  # with the audit's stack: not at start-up

    f = number(v)
    return "" if f is None else f"{f:g}"


def _terminal_row(r: dict[str, Any]) -> list[str]:
    from compare.read.corpus import normalise_issuer
    from compare.write.auditlabels import number

    gone = [PART_SHORT.get(p.strip(), p.strip()) for p in str(r["missing_parts"] or "").split(",") if p.strip()]
    # Two short names fit the column; more are counted (csv names them all).
    missing = ",".join(gone) if len(gone) <= 2 else f"{len(gone)} of {len(PART_SHORT)}"
    status = str(r["timeliness"])
    deadline = {"on time": "on time", "late": f"late {_n(r['days_late'])}d", "date not found": "no date",
                "year not found": "no year"}.get(status, status)
    per = number(r["indicators_per_1000"])
    items = _n(r["prior_plan_items"])
    plan = "" if items == "" else f"{_n(r['prior_plan_followed'])}/{items}"
    return [normalise_issuer(str(r["issuer"])) or str(r["issuer"]), _n(r["year"]), missing or "-", deadline,
            "" if per is None else f"{per:.1f}", _n(r["share_with_figure"]), _n(r["share_slogan"]),
            f"{_n(r['claims_consistent'])}/{_n(r['claims_inconsistent'])}/{_n(r['claims_not_checkable'])}",
            _n(r["carried_sections"]), plan]


def _print_reports(frame: pd.DataFrame) -> None:
    """The per-report table in 80 columns, then the sub-item notes and what the columns mean."""
    # rich only when a table is drawn: every command's csv/json starts without it
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False, title=Text("Report audit"))
    for header, width in TERMINAL_COLUMNS:
        table.add_column(Text(header), max_width=width, no_wrap=True, overflow="ellipsis")
    notes = []
    for r in frame.to_dict(orient="records"):
        table.add_row(*(Text(terminal_text(c)) for c in _terminal_row(r)))
        for part in PART_SHORT:
            if r[f"{part}_status"] == "sub-item":
                notes.append(f"{r['issuer']} {_n(r['year'])}: {part} only as a sub-item ({r[f'{part}_at']})")
    stdout.print(table)
    for line in notes:
        stdout.print(terminal_text(line), markup=False, highlight=False, soft_wrap=True)
    stdout.print(FOOTNOTE, markup=False, highlight=False)


@app.command()
def audit(
    paths: Annotated[list[Path], typer.Argument(help="Report files and/or folders (one issuer's years, or several).")],
    fmt: FormatOption = OutputFormat.table,
    view: Annotated[AuditView, typer.Option(
        "--view", help="reports: one row per report; carryover: sections carried over from the previous report; "
                       "plans: last year's plan items, followed through or not.")] = AuditView.reports,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Also write audit.csv, audit_carryover.csv, audit_followthrough.csv, audit.xlsx and "
                            "audit_charts/ (one chart per issuer) into this folder, beside any other files.")] = None,
    raw: RawOption = False,
    manifest: ManifestOption = None,
    lexicon: LexiconOption = None,
    engine: EngineOption = DEFAULT_ENGINE,
    limits: LimitsOption = DEFAULT_LIMITS,
) -> None:
    """Audit each report: parts, dates, figures, claims, copied text.

    Measures each report the way evaluators score them, with no overall score: required parts
    present, only a sub-item, or missing (with the heading that covers each); report and page dates
    against the 1 April deadline; indicators per 1,000 characters and the shares of work sections
    with a figure or with slogans only; stated changes consistent / inconsistent / not checkable;
    shortcomings against measures in characters; sections carried over from the issuer's previous
    report; last year's plan items followed through. The terminal shows the main columns; csv and
    json carry all of them. A file that cannot be read gets an Error line and is skipped; the others
    are audited, and the exit code is 2.

    Example: report-compare audit examples/reports
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.audit.run import run_audit
    result = run_audit(paths, out, manifest=manifest, lexicon=lexicon, limits=limits, **engine.kwargs)
    _show(result.audit, view, fmt, raw)
    if result.files:
        console = stdout if fmt is OutputFormat.table else stderr
        console.print("Written:", markup=False, highlight=False)
        for p in result.files:
            console.print(f"  {terminal_text(str(p))}", markup=False, highlight=False, soft_wrap=True)
    if result.audit.failures:
        # The audit is complete for the files that could be read; exit 2 says it is not all of them.
        stderr.print(skipped_note(result.audit.failures, len(result.audit.reports)), markup=False, highlight=False)
        raise typer.Exit(2)


def _show(result: Audit, view: AuditView, fmt: OutputFormat, raw: bool) -> None:
    report_failures(result.failures)
    for warning in result.warnings:
        stderr.print(one_line(f"Warning: {warning}"), markup=False, highlight=False)
    for issuer, year in result.gaps:
        # A report after a gap is set against the one before the gap: say which year is missing.
        stderr.print(one_line(f"Note: {issuer}: no report for {year}"), markup=False, highlight=False)
    tables = result.tables
    frame = {AuditView.reports: tables.reports, AuditView.carryover: tables.carryover,
             AuditView.plans: tables.followthrough}[view]
    if fmt is OutputFormat.table and view is AuditView.reports:
        _print_reports(frame)
        return
    render(frame, fmt, title=f"Audit: {view.value}", raw=raw)
