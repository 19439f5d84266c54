"""`report-compare align OLD NEW`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compare.cli import app
from compare.cli.common import (
    FormatOption,
    LimitsOption,
    OutputFormat,
    RawOption,
    load_report,
    note_order,
    render,
)
from compare.read.limits import DEFAULT_LIMITS
from compare.schema import ALIGN_TERMINAL, ALIGN_TERMINAL_80


@app.command()
def align(
    old: Annotated[Path, typer.Argument(help="The earlier report (.txt, .md, .html, .docx or .pdf).")],
    new: Annotated[Path, typer.Argument(help="The later report.")],
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    limits: LimitsOption = DEFAULT_LIMITS,
) -> None:
    """Pair the sections of two reports by meaning.

    Levels, numbering and order may differ: status unchanged / matched / changed / split / merged /
    added / removed, a similarity score, and cosine, Jaccard and edit similarity of each pair's
    text. Topics pair across a change between an umbrella part (一、主要举措和成效 with topics as
    （一）（二）…) and topics as parts of their own.

    Example: report-compare align examples/reports/nanxi_2021.txt examples/reports/nanxi_2022.txt
    """
    # imported here, not at the top: `report-compare` starts without this command's stack
    from compare.across.align import align_frame
    old_report, new_report = load_report(old, limits=limits), load_report(new, limits=limits)
    note_order(old_report, new_report)
    render(align_frame(old_report, new_report), fmt, title=f"{old} -> {new}", table_columns=ALIGN_TERMINAL.ids,
           narrow_columns=ALIGN_TERMINAL_80.ids, raw=raw)
