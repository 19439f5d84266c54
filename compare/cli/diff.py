"""`report-compare diff OLD NEW`."""

from __future__ import annotations

import os
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import (
    LimitsOption,
    load_report,
    note_order,
    stderr,
)
from compare.read.limits import DEFAULT_LIMITS
from compare.write import DEFAULT_CONTEXT, MIN_WIDTH
from compare.write.atomic import write_text_atomic

#: Side-by-side width when the output is not a terminal (a file, a pipe): fits a laptop screen.
PIPED_WIDTH = 120


class DiffFormat(str, Enum):
    """Output format of `diff`."""

    unified = "unified"
    side_by_side = "side-by-side"
    html = "html"


def _use_color(out: Path | None) -> bool:
    # https://no-color.org: any non-empty NO_COLOR disables colour; files and pipes get plain markers.
    if out is not None or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The older report (.txt, .md, .html, .docx or .pdf).")],
    new: Annotated[Path, typer.Argument(help="The newer report.")],
    section: Annotated[str | None, typer.Option(
        "--section", "-s", help="Only the pair containing this section path of either report (e.g. 一/(二)).")] = None,
    fmt: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="unified (one column), side-by-side (two columns) or html (a self-contained page).",
    )] = DiffFormat.unified,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
    width: Annotated[int | None, typer.Option(
        "--width", min=MIN_WIDTH, help="Side-by-side width in terminal cells (default: the terminal's, or 120).",
    )] = None,
    context: Annotated[int, typer.Option(
        "--context", "-C", min=0, help="Unchanged sentences shown around each change.")] = DEFAULT_CONTEXT,
    all_sections: Annotated[bool, typer.Option("--all", help="Also show unchanged sections.")] = False,
    limits: LimitsOption = DEFAULT_LIMITS,
) -> None:
    """Show what changed between two reports, section by section.

    Sections are paired by meaning, then sentences, then words and numbers within reworded
    sentences (72% -> 89% is one change). Moved sentences are shown as moves. Colours in a
    terminal; plain markers [-old-]{+new+} and -/+ line prefixes when piped.

    Example: report-compare diff examples/reports/nanxi_2021.txt examples/reports/nanxi_2022.txt --format side-by-side
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.across.diff import diff_reports
    from compare.write.diffrender import render_side_by_side, render_unified
    from compare.write.htmldiff import render_html
    old_report, new_report = load_report(old, limits=limits), load_report(new, limits=limits)
    note_order(old_report, new_report)
    diffs = diff_reports(old_report, new_report, section=section)
    color = _use_color(out)
    if fmt is DiffFormat.html:
        title = f"Section diff / 章节对比: {old_report.title or old.name} → {new_report.title or new.name}"
        text = render_html([(old_report, new_report, diffs)], title)
    elif fmt is DiffFormat.side_by_side:
        if width is None:
            width = shutil.get_terminal_size((PIPED_WIDTH, 24)).columns if color else PIPED_WIDTH
        text = render_side_by_side(diffs, width=width, color=color, context=context, all_sections=all_sections)
    else:
        text = render_unified(diffs, color=color, context=context, all_sections=all_sections)
    if out is not None:
        write_text_atomic(out, text)
        stderr.print(f"Wrote {out}", markup=False, highlight=False)
        return
    # Bytes, so that a Windows console code page or LANG=C never mangles Chinese text.
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
