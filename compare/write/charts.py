"""Trend charts (趋势图) of indicators across report years, with matplotlib's Agg backend.

One chart per indicator with values in at least two years (one line per issuer and matched
series: a canonical indicator shared by several issuers is drawn in one chart), at most
`limit` of them chosen by `reader_rank` (`--charts N`), plus an overview of small multiples
for the indicators that changed most. A chart with more lines than `LEGEND_MAX` draws the top
lines in colour with a legend entry each and the rest as thin grey lines with one "其他"
(others) entry. A chart whose key (`compare.write.chartreuse`) matches a previous file is
reused, not redrawn. Values implied by a later
report's stated change (推算值) are drawn dashed; approximate values (余/近/约) get a hollow
marker, a "≈" and a footnote. Figures are `matplotlib.figure.Figure` objects (never pyplot
state), built and saved inside `fonts.font_context()` so that the global rcParams stay untouched.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from compare.write import chartreuse, fonts
from compare.write.atomic import write_atomic

# Re-exported: the chart data lived here before it had its own module.
from compare.write.chartdata import DEFAULT_CHARTS as DEFAULT_CHARTS
from compare.write.chartdata import LEGEND_MAX as LEGEND_MAX
from compare.write.chartdata import SERIES_COLUMNS as SERIES_COLUMNS
from compare.write.chartdata import Trend as Trend
from compare.write.chartdata import reader_rank as reader_rank
from compare.write.chartdata import select_trends as select_trends
from compare.write.chartdata import series_frame as series_frame
from compare.write.chartdata import trends as trends

#: Colour of the lines beyond LEGEND_MAX (compare.write.chartdata).
OTHERS_COLOR = "#b0b0b0"

#: Indicators in the overview: a 3 x 3 grid stays legible on a laptop screen and an A4 page.
OVERVIEW_MAX = 9
OVERVIEW_COLUMNS = 3

#: Resolution of the PNGs: 150 dpi keeps Chinese strokes crisp at 100% zoom without huge files.
DPI = 150

#: Longest label drawn as is; longer subjects are cut with "…" so the title fits the figure.
MAX_LABEL_CHARS = 24

DASHED = "--"
SOLID = "-"

# Footnotes explaining the marks, drawn only when a chart has such a value.
NOTE_IMPLIED = "虚线：由下一年报告所述变化推算的数值（推算值）"
NOTE_APPROX = "空心点 ≈：约数（余/近/约）"

_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # control characters (newline kept)
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_]{0,60}")

def drawable(text: str, font: fonts.FontChoice) -> str:
    """`text` with characters the font cannot draw replaced by "?", so hostile or rare text never
    draws a box; the test that charts are readable relies on this."""
    text = _CONTROL.sub("", text)
    gone = fonts.missing(font.path, text)
    return "".join("?" if c in gone else c for c in text) if gone else text


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _unit_label(unit: str) -> str:
    return f"单位：{unit}" if unit else "数值"


def issuer_colors(issuers: Sequence[str]) -> dict[str, int]:
    """Issuer -> palette index, in sorted order, so that an issuer has one colour in every chart
    of a run (and in every panel of the overview)."""
    return {name: n for n, name in enumerate(sorted(set(issuers)))}


def _draw(ax: Axes, trend: Trend, font: fonts.FontChoice, *, small: bool = False,
          colors: dict[str, int] | None = None, keep: Sequence[str] | None = None) -> set[str]:
    """Lines and markers of one trend on `ax`; returns the footnotes it needs. Lines not in `keep`
    (None: all) are drawn as one grey artist without markers: 200 issuers stay one legend entry
    and cost one artist instead of hundreds."""
    notes: set[str] = set()
    lines = list(dict.fromkeys(trend.data["line"]))
    kept = set(lines if keep is None else keep)
    per_issuer = trend.data.groupby("issuer")["line"].nunique()
    colors = colors if colors is not None else issuer_colors(list(trend.data["issuer"]))
    seen: dict[str, int] = {}
    by_line = {line: g.sort_values("year", kind="stable") for line, g in trend.data.groupby("line", sort=False)}
    for n, line in enumerate(lines):
        if line not in kept:
            continue
        g = by_line[line]
        issuer = str(g["issuer"].iloc[0])
        # The issuer's colour; a second line of the same issuer takes the next free one.
        k = seen[issuer] = seen.get(issuer, -1) + 1
        color = _COLORS[(colors.get(issuer, n) + k * max(len(colors), 1)) % len(_COLORS)]
        # An issuer with two lines in one chart (the same measure reported twice): add the subject.
        label = issuer or "—"
        if per_issuer.get(issuer, 1) > 1:
            label = f"{label} · {g['subject'].iloc[-1]}"
        notes |= _draw_line(ax, g, n, color, drawable(_short(label), font), small)
    others = [by_line[line] for line in lines if line not in kept]
    if others:
        # NaN between lines: one artist draws them all, each line unbroken.
        xs = [v for g in others for v in (*g["year"].astype(float), math.nan)]
        ys = [v for g in others for v in (*g["value"], math.nan)]
        ax.plot(xs, ys, color=OTHERS_COLOR, linewidth=0.8, zorder=1, gid="others")
        ax.plot([], [], color=OTHERS_COLOR, linewidth=0.8, label=others_label(len(others)), gid="legend:others")
    _axes_style(ax, trend, font, small)
    return notes


def others_label(count: int) -> str:
    """Legend entry of the grey lines: how many there are (其他 192 条: 192 other lines)."""
    return f"其他 {count} 条"


def _draw_line(ax: Axes, g: pd.DataFrame, n: int, color: str, label: str, small: bool) -> set[str]:
    notes: set[str] = set()
    xs, ys = list(g["year"]), list(g["value"])
    implied, approx = list(g["implied"]), list(g["approximate"])
    # The legend entry is an empty solid line: a segment's style (dashed or not) would
    # mislabel the issuer.
    ax.plot([], [], color=color, linestyle=SOLID, marker="o", markersize=4, label=label, gid=f"legend:{n}")
    # One segment per consecutive pair so that only segments touching an implied value are
    # dashed.
    for i in range(len(xs) - 1):
        dashed = implied[i] or implied[i + 1]
        ax.plot(xs[i : i + 2], ys[i : i + 2], color=color, linestyle=DASHED if dashed else SOLID,
                linewidth=1.6, gid=f"segment:{n}:{i}")
        if dashed:
            notes.add(NOTE_IMPLIED)
    # Markers in three groups (one artist each): stated exact values filled, approximate
    # and implied ones hollow.
    kinds = ["approximate" if apx else "implied" if imp else "exact" for imp, apx in zip(implied, approx,
                                                                                         strict=True)]
    for kind in ("exact", "approximate", "implied"):
        px = [x for x, k in zip(xs, kinds, strict=True) if k == kind]
        if px:
            py = [y for y, k in zip(ys, kinds, strict=True) if k == kind]
            ax.plot(px, py, linestyle="none", marker="o", markersize=4 if small else 6, color=color,
                    markerfacecolor=color if kind == "exact" else "white", markeredgewidth=1.4,
                    gid=f"point:{n}:{kind}")
    for x, y, apx in zip(xs, ys, approx, strict=True):
        if apx:
            notes.add(NOTE_APPROX)
            ax.annotate("≈", (x, y), xytext=(4, 4), textcoords="offset points", fontsize=7 if small else 9,
                        color=color)
    return notes


def _axes_style(ax: Axes, trend: Trend, font: fonts.FontChoice, small: bool) -> None:
    years = trend.years
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years])
    ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    # Whole-number data (counts, days) get whole-number ticks: "2.5件" is not a count.
    whole = bool((trend.data["value"] % 1 == 0).all())
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5 if small else 6, integer=whole))
    factor, prefix = _magnitude(trend.unit, float(trend.data["value"].abs().max()))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v / factor:,.10g}"))
    ax.set_ylabel(_unit_label(drawable(prefix + trend.unit, font)), fontsize=7 if small else 10)
    ax.grid(True, axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if small:
        ax.tick_params(labelsize=7)


def _magnitude(unit: str, largest: float) -> tuple[float, str]:
    """(divisor, prefix) for tick labels: 万 from 100,000 and 亿 from 100,000,000, as Chinese
    readers count, so that ticks stay short (and fit the fixed margin); rates never scaled."""
    if unit == "%" or not math.isfinite(largest):
        return 1.0, ""
    if largest >= 1e8:
        return 1e8, "亿"
    if largest >= 1e5:
        return 1e4, "万"
    return 1.0, ""


#: Fixed layout in inches (no layout engine: a constrained layout measured every text twice per
#: save and made each chart ~35% slower; ticks are short (万/亿), so they fit the fixed margins).
_WIDTH, _HEIGHT = 6.4, 4.0
_TOP_IN, _AXIS_IN, _NOTE_IN, _ROW_IN, _FOOT_IN = 0.4, 0.4, 0.18, 0.17, 0.04
_LEGEND_COLUMNS = 2  # two columns of 24-character labels fit the width


def trend_figure(trend: Trend, font: fonts.FontChoice | None = None, *,
                 colors: dict[str, int] | None = None) -> Figure:
    """The chart of one indicator: a line per issuer, title in Chinese, unit on the y axis, the
    legend below the plot (a fixed place: "best" tried every position against every line).
    `colors` (from `issuer_colors`) keeps an issuer's colour the same across charts; with more
    than LEGEND_MAX lines the top ones (`Trend.top_lines`) get the palette in rank order."""
    font = font or fonts.cjk_font()
    lines = list(dict.fromkeys(trend.data["line"]))
    keep: list[str] | None = None
    if len(lines) > LEGEND_MAX:
        keep = trend.top_lines()
        issuer_of = dict(zip(trend.data["line"], trend.data["issuer"], strict=True))
        colors = {}
        for line in keep:
            colors.setdefault(str(issuer_of[line]), len(colors))
    with fonts.font_context(font):
        ax = (fig := Figure(figsize=(_WIDTH, _HEIGHT), dpi=DPI)).add_subplot()
        notes = _draw(ax, trend, font, colors=colors, keep=keep)
        issuers = list(dict.fromkeys(trend.data["issuer"]))
        title = _short(trend.name)
        if len(issuers) == 1 and issuers[0]:
            title = f"{_short(str(issuers[0]))} · {title}"
        # A fixed y: matplotlib otherwise measures every tick label at each save to lift the title
        # above top-axis decorations, which these charts do not have (~15% of a chart's time).
        ax.set_title(drawable(title, font), fontsize=12, y=1.0)
        handles, labels = ax.get_legend_handles_labels() if len(lines) > 1 else ([], [])
        rows = math.ceil(len(handles) / _LEGEND_COLUMNS)
        height = _HEIGHT + rows * _ROW_IN
        fig.set_size_inches(_WIDTH, height)
        above_notes = _FOOT_IN + _NOTE_IN * len(notes)
        fig.subplots_adjust(left=0.12, right=0.97, top=1 - _TOP_IN / height,
                            bottom=(above_notes + rows * _ROW_IN + _AXIS_IN) / height)
        if handles:  # one line: the title names the issuer
            # The axes' own legend (tests and readers find it there), placed in figure coordinates.
            ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.1, above_notes / height),
                      bbox_transform=fig.transFigure, ncols=_LEGEND_COLUMNS, fontsize=8, frameon=False,
                      borderaxespad=0)
        if notes:
            fig.text(0.01, 0.01, drawable("\n".join(sorted(notes)), font), fontsize=7, color="#555555",
                     ha="left", va="bottom", gid="footnote")
    return fig


def _footnote(fig: Figure, notes: set[str], font: fonts.FontChoice) -> None:
    # supxlabel takes part in the constrained layout of the overview, so the note never overlaps ticks.
    if notes:
        fig.supxlabel(drawable("\n".join(sorted(notes)), font), fontsize=7, color="#555555", x=0.01, ha="left")


def top_issuers(items: Sequence[Trend], n: int = LEGEND_MAX) -> list[str]:
    """The `n` issuers drawn in colour in the overview: in the most panels first, then with the
    most values, ties by name."""
    panels: dict[str, int] = {}
    points: dict[str, int] = {}
    for trend in items:
        for issuer, count in trend.data["issuer"].astype(str).value_counts().items():
            panels[str(issuer)] = panels.get(str(issuer), 0) + 1
            points[str(issuer)] = points.get(str(issuer), 0) + int(count)
    return sorted(panels, key=lambda i: (-panels[i], -points[i], i))[:n]


def overview_figure(items: Sequence[Trend], font: fonts.FontChoice | None = None, *,
                    colors: dict[str, int] | None = None) -> Figure:
    """Small multiples of `items` (at most OVERVIEW_MAX), one panel per indicator, with one legend
    of the issuers for all panels (an issuer has the same colour in each). With more than
    LEGEND_MAX issuers, the `top_issuers` are coloured and the rest grey under one entry."""
    font = font or fonts.cjk_font()
    items = list(items)[:OVERVIEW_MAX]
    everyone = sorted({str(i) for t in items for i in t.data["issuer"]})
    top = top_issuers(items)
    if len(everyone) > LEGEND_MAX:
        colors = {issuer: n for n, issuer in enumerate(top)}
    colors = colors if colors is not None else issuer_colors(everyone)
    cols = min(OVERVIEW_COLUMNS, max(len(items), 1))
    rows = max(1, math.ceil(len(items) / cols))
    with fonts.font_context(font):
        fig = Figure(figsize=(3.4 * cols, 2.6 * rows + 0.6), dpi=DPI, layout="constrained")
        notes: set[str] = set()
        for n, trend in enumerate(items):
            ax = fig.add_subplot(rows, cols, n + 1)
            keep = None if len(everyone) <= LEGEND_MAX else [
                line for line, issuer in zip(trend.data["line"], trend.data["issuer"], strict=True)
                if str(issuer) in top]
            notes |= _draw(ax, trend, font, small=True, colors=colors, keep=keep)
            ax.set_title(drawable(_short(trend.name), font), fontsize=9, y=1.0)  # fixed: see trend_figure
        fig.suptitle("变化最大的指标", fontsize=12)
        shown = sorted(top if len(everyone) > LEGEND_MAX else everyone, key=lambda i: colors.get(i, 0))
        if len(everyone) > 1:
            handles = [Line2D([], [], color=_COLORS[colors.get(i, 0) % len(_COLORS)], marker="o", markersize=4,
                              label=drawable(_short(i), font)) for i in shown]
            if len(everyone) > len(shown):
                handles.append(Line2D([], [], color=OTHERS_COLOR, linewidth=0.8,
                                      label=f"其他 {len(everyone) - len(shown)} 个发布机关"))
            fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4), fontsize=8,
                       frameon=False)
        _footnote(fig, notes, font)
    return fig


def most_changed(items: Sequence[Trend], n: int = OVERVIEW_MAX) -> list[Trend]:
    """The `n` trends with the largest relative first -> last change, ties in key order."""
    return sorted(items, key=lambda t: (-t.change_score(), t.key, t.unit))[:n]


def safe_name(key: str) -> str:
    """A file name stem from an indicator id: lexicon ids (ascii snake_case) as they are, anything
    else (Chinese subjects, hostile text with / or ..) as a short hash that is stable per key."""
    if _SAFE_ID.fullmatch(key):
        return key
    return "indicator_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def save_figure(fig: Figure, path: Path, font: fonts.FontChoice | None = None, *, key: str | None = None) -> Path:
    """Save atomically (compare.write.atomic): a reader never sees half an image. `key`
    (compare.write.chartreuse) is stored in the file's metadata so a later run can reuse it."""
    fmt = path.suffix.lstrip(".").lower()
    metadata = {**_metadata(fmt), **(chartreuse.metadata_entry(fmt, key) if key else {})}

    def write(tmp: Path) -> None:
        with fonts.font_context(font):
            fig.savefig(tmp, format=fmt, dpi=DPI, metadata=metadata)

    return write_atomic(path, write, create_folder=True)


def _metadata(fmt: str) -> dict[str, str | None]:
    # No creation date, so the same input gives the same bytes (reproducible outputs).
    if fmt == "svg":
        return {"Date": None}
    if fmt == "png":
        return {"Software": "report-compare"}
    return {}


@dataclass(frozen=True)
class ChartSet:
    """What `write_chart_set` wrote."""

    paths: tuple[Path, ...]  # every chart file of the set (.png, and .svg with svg), trends then overview
    drawn: int  # figures drawn (one figure saved as .png and .svg counts once)
    reused: int  # files taken unchanged from the previous set (compare.write.chartreuse)


def _trend_parts(trend: Trend, colors: dict[str, int]) -> list[str]:
    # Everything trend_figure's output depends on besides code, font and format.
    issuers = sorted({str(i) for i in trend.data["issuer"]})
    return [trend.key, trend.name, trend.unit, trend.data.to_csv(index=False),
            ",".join(f"{i}={colors.get(i, -1)}" for i in issuers)]


def _stems(items: Sequence[Trend]) -> list[str]:
    """File stems of all trends (before selection: a chart keeps its name whatever --charts is)."""
    used: dict[str, int] = {}
    stems = []
    for trend in items:
        stem = "trend_" + safe_name(trend.key)
        used[stem] = used.get(stem, 0) + 1
        # the same indicator in two units (件 and 人次): keep both charts
        stems.append(stem if used[stem] == 1 else f"{stem}_{used[stem]}")
    return stems


def write_chart_set(table: pd.DataFrame, out_dir: str | Path, svg: bool = False, *,
                    limit: int | None = DEFAULT_CHARTS, previous: str | Path | None = None,
                    progress: Callable[[str, int, int], None] | None = None) -> ChartSet:
    """Write `trend_<id>.png` for the `limit` indicators (None: all) with at least two years that
    rank first by `reader_rank`, and `overview.png` (and `.svg` copies with `svg`) into `out_dir`;
    `limit` 0 writes no chart. A chart whose key matches the file of the same name in `previous`
    (default: `out_dir` itself) is reused, not drawn. Charts of earlier runs that this one did not
    write are removed. `progress` is told (what, charts done, charts in total)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    source = Path(previous) if previous is not None else out
    font = fonts.cjk_font()
    items = trends(table) if limit != 0 else []
    colors = issuer_colors([str(i) for t in items for i in t.data["issuer"]])
    chosen = {id(t) for t in select_trends(items, limit)}
    jobs: list[tuple[str, str, list[str], Callable[[], Figure]]] = [
        (stem, f"chart {t.name}", _trend_parts(t, colors), functools.partial(trend_figure, t, font, colors=colors))
        for t, stem in zip(items, _stems(items), strict=True) if id(t) in chosen]
    if items:
        top = most_changed(items)
        parts = [p for t in top for p in _trend_parts(t, colors)]
        jobs.append(("overview", "chart overview", parts, functools.partial(overview_figure, top, font,
                                                                            colors=colors)))
    written: list[Path] = []
    drawn = reused = 0
    for done, (stem, what, parts, make) in enumerate(jobs):
        if progress:
            progress(what, done, len(jobs))
        fig: Figure | None = None
        for suffix in (".png", ".svg") if svg else (".png",):
            path = out / f"{stem}{suffix}"
            key = chartreuse.chart_key(parts, suffix[1:], font.path, DPI)
            if chartreuse.reuse(source, path, key):
                reused += 1
            else:
                if fig is None:
                    fig, drawn = make(), drawn + 1
                save_figure(fig, path, font, key=key)
            written.append(path)
    _remove_stale(out, written)
    return ChartSet(paths=tuple(written), drawn=drawn, reused=reused)


def write_charts(table: pd.DataFrame, out_dir: str | Path, svg: bool = False, *,
                 limit: int | None = DEFAULT_CHARTS, previous: str | Path | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> list[Path]:
    """`write_chart_set`, returning only the paths written, in order."""
    return list(write_chart_set(table, out_dir, svg, limit=limit, previous=previous, progress=progress).paths)


def _remove_stale(out: Path, written: Sequence[Path]) -> None:
    """Delete charts an earlier run left in `out` that this run did not write (an indicator no
    longer in the corpus, an .svg from a run with --svg): next to fresh charts they read as current.
    Only this module's own file names are touched; other files in the folder stay."""
    keep = {p.name for p in written}
    for f in out.iterdir():
        if (f.is_file() and f.name not in keep and f.suffix in (".png", ".svg")
                and (f.stem == "overview" or f.stem.startswith("trend_"))):
            f.unlink(missing_ok=True)
