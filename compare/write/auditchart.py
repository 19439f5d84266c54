"""One small chart per issuer: the audit's measures across its years (matplotlib, the CJK font of
compare.write.fonts, saved atomically by compare.write.charts.save_figure).

Four panels share the year axis: indicators per 1,000 characters; the shares of work sections with
a figure and of slogan-only sections; sections carried over from the previous report; the share of
the previous year's plan items followed through. A year without a report is a gap on the axis
(points are not joined across it); each point carries its value.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from compare.write import fonts
from compare.write.auditlabels import label, number
from compare.write.charts import drawable, save_figure

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

#: Folder of the audit charts inside an output folder.
AUDIT_CHARTS_DIR = "audit_charts"

#: The panels: (title, [(column, legend label, colour)], unit suffix). A panel of one column is
#: titled with the column's header (the workbook's); legend labels are short forms.
PANELS: tuple[tuple[str, tuple[tuple[str, str, str], ...], str], ...] = (
    (label("indicators_per_1000"), (("indicators_per_1000", label("indicators_per_1000"), "#1f77b4"),), ""),
    ("工作章节占比", (("share_with_figure", "含数据", "#2ca02c"), ("share_slogan", "仅口号", "#d62728")), "%"),
    (label("carried_sections"), (("carried_sections", "沿用章节", "#9467bd"),), ""),
    (label("share_followed"), (("share_followed", "已落实", "#ff7f0e"),), "%"),
)
_UNSAFE = re.compile(r"[^\w]+")


def chart_name(issuer: str) -> str:
    """A readable, stable file name: audit_<issuer without punctuation>_<6 hex of the issuer>.png."""
    stem = _UNSAFE.sub("", issuer)[:30] or "issuer"
    return f"audit_{stem}_{hashlib.sha1(issuer.encode('utf-8')).hexdigest()[:6]}.png"


def _runs(years: Sequence[int], values: Sequence[float | None]) -> list[tuple[list[int], list[float]]]:
    """Consecutive-year runs of known values: a missing year or value breaks the line."""
    runs: list[tuple[list[int], list[float]]] = []
    last: int | None = None
    for y, v in zip(years, values, strict=True):
        if v is None:
            last = None
            continue
        if last is None or y != last + 1:
            runs.append(([], []))
        runs[-1][0].append(y)
        runs[-1][1].append(v)
        last = y
    return runs


def _panel(ax: Axes, rows: pd.DataFrame, title: str, series: Sequence[tuple[str, str, str]], unit: str) -> None:
    years = [int(y) for y in rows["year"]]
    top = 0.0
    for column, legend, colour in series:
        values = [number(v) for v in rows[column]]
        for n, (xs, ys) in enumerate(_runs(years, values)):
            ax.plot(xs, ys, marker="o", color=colour, label=legend if n == 0 else None, linewidth=1.5)
            for x, y in zip(xs, ys, strict=True):
                ax.annotate(f"{y:g}{unit}", (x, y), textcoords="offset points", xytext=(0, 5), ha="center",
                            fontsize=7, color=colour)
        top = max([top, *(v for v in values if v is not None)])
    ax.set_title(title, fontsize=9)
    ax.set_xticks(years, [str(y) for y in years], fontsize=7)
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    if unit == "%":
        ax.set_ylim(0, 115)  # room for the value labels above 100%
        ax.set_yticks([0, 25, 50, 75, 100])
    else:
        ax.set_ylim(0, (top or 1) * 1.25)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=7)
    if len(series) > 1:
        ax.legend(fontsize=7, loc="best", frameon=False)


def audit_figure(issuer: str, rows: pd.DataFrame, font: fonts.FontChoice | None = None) -> Figure:
    """The four panels of one issuer's audit rows (compare.audit.table.AUDIT), one point per year."""
    rows = rows[rows["year"].notna()].sort_values("year", kind="stable")
    with fonts.font_context(font) as chosen:
        # A fixed layout: the constrained layout engine cost 0.3 s a chart (measured, bench_audit.py).
        fig = Figure(figsize=(7.2, 4.6), dpi=100)
        fig.subplots_adjust(left=0.07, right=0.98, top=0.87, bottom=0.07, hspace=0.45, wspace=0.18)
        fig.suptitle(drawable(f"{issuer} 报告审查指标", chosen), fontsize=11)
        for n, (title, series, unit) in enumerate(PANELS):
            _panel(fig.add_subplot(2, 2, n + 1), rows, title, series, unit)
    return fig


def write_audit_charts(reports: pd.DataFrame, folder: str | Path) -> list[Path]:
    """One PNG per issuer with a dated report, into `folder`; the paths written, in issuer order."""
    out = Path(folder)
    written = []
    font = fonts.cjk_font()
    for issuer, rows in reports[reports["year"].notna()].groupby("issuer", sort=True):
        fig = audit_figure(str(issuer), rows, font)
        written.append(save_figure(fig, out / chart_name(str(issuer)), font))
    return written
