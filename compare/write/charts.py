"""Trend charts (趋势图) of indicators across report years, with matplotlib's Agg backend.

One chart per indicator with values in at least two years (one line per issuer and matched
series: a canonical indicator shared by several issuers is drawn in one chart), at most
`limit` of them chosen by `reader_rank` (`--charts N`), plus an overview of small multiples
for the indicators that tell the most (the same rank). A chart with more lines than `LEGEND_MAX`
draws the top lines in colour with a legend entry each and the rest as thin grey lines with one
"其他" (others) entry. A chart whose key (`compare.write.chartreuse`) matches a previous file is
reused, not redrawn.

Each mark has one meaning, and the legend explains the marks a chart has, and only those:

- filled circle: a value a report states (报告所述数值);
- hollow circle joined by a dashed line: a value implied by a later report's stated change (推算值);
- light triangle, "≈" before its label: an approximate value (余/近/约);
- dotted line: years in between with no value (no report, or the report does not give it).

Points carry their value as the workbook shows it (52.00%, 1,182 件); the value axis shows every
point with a margin (compare.write.chartdata.value_range). Figures are `matplotlib.figure.Figure`
objects (never pyplot state), built and saved inside `fonts.font_context()` so that the global
rcParams stay untouched.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from compare.write import chartreuse, fonts
from compare.write.atomic import write_atomic
from compare.write.chartdata import (
    APPROXIMATE,
    IMPLIED,
    STATED,
    PointLabel,
    broken_lines,
    magnitude,
    point_labels,
    short_label,
    spaced_labels,
    unit_label,
    value_range,
)

# Re-exported: the chart data lived here before it had its own module.
from compare.write.chartdata import DEFAULT_CHARTS as DEFAULT_CHARTS
from compare.write.chartdata import LEGEND_MAX as LEGEND_MAX
from compare.write.chartdata import MAX_LABEL_CHARS as MAX_LABEL_CHARS
from compare.write.chartdata import SERIES_COLUMNS as SERIES_COLUMNS
from compare.write.chartdata import Trend as Trend
from compare.write.chartdata import chart_stem as chart_stem
from compare.write.chartdata import chart_stems as chart_stems
from compare.write.chartdata import chart_title as chart_title
from compare.write.chartdata import drawable as drawable
from compare.write.chartdata import issuer_colors as issuer_colors
from compare.write.chartdata import point_kind as point_kind
from compare.write.chartdata import reader_rank as reader_rank
from compare.write.chartdata import select_trends as select_trends
from compare.write.chartdata import series_frame as series_frame
from compare.write.chartdata import trends as trends

#: Colour of the lines beyond LEGEND_MAX (compare.write.chartdata).
OTHERS_COLOR = "#b0b0b0"
#: Colour of the legend entries that explain marks (not an issuer's colour).
MARK_COLOR = "#444444"

#: Indicators in the overview: a 3 x 3 grid stays legible on a laptop screen and an A4 page.
OVERVIEW_MAX = 9
OVERVIEW_COLUMNS = 3
OVERVIEW_TITLE = "最值得关注的指标"

#: Resolution of the PNGs: 150 dpi keeps Chinese strokes crisp at 100% zoom without huge files.
DPI = 150

#: Points labelled with their value: all of them up to this many on a chart, else the first and
#: last of each coloured line (labels of more points overlap).
LABEL_ALL_MAX = 12

DASHED = "--"
SOLID = "-"
DOTTED = ":"

#: The kinds of mark, the marker each draws with, and what the legend says of it.
GAP = "gap"  # the dotted line across years without a value (the point kinds: chartdata)
MARKERS = {STATED: "o", IMPLIED: "o", APPROXIMATE: "^"}
MARK_LABELS = {
    STATED: "报告所述数值",
    IMPLIED: "推算值：由次年报告所述变化推算",
    APPROXIMATE: "约数（余/近/约）",
    GAP: "点线：其间年份无数值",
}
#: Footnote of a chart whose indicator has a failed claim check (why it is ranked first).
NOTE_FAILED = "有 {n} 处所述变化与报告数值不符（见工作簿 Claims 表）"
#: Prefix of an overview panel's title for such an indicator, and the footnote explaining it.
FAILED_MARK = "! "
NOTE_FAILED_PANELS = "! 所述变化与报告数值不符（见工作簿 Claims 表）"

_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")


def _draw(ax: Axes, trend: Trend, font: fonts.FontChoice, *, small: bool = False,
          colors: dict[str, int] | None = None, keep: Sequence[str] | None = None) -> set[str]:
    """Lines, markers and value labels of one trend on `ax`; returns the kinds of mark drawn. Lines
    not in `keep` (None: all) are drawn as one grey artist without markers: 200 issuers stay one
    legend entry and cost one artist instead of hundreds."""
    marks: set[str] = set()
    lines = list(dict.fromkeys(trend.data["line"]))
    kept = set(lines if keep is None else keep)
    per_issuer = trend.data.groupby("issuer")["line"].nunique()
    colors = colors if colors is not None else issuer_colors(list(trend.data["issuer"]))
    seen: dict[str, int] = {}
    by_line = {line: g.sort_values("year", kind="stable") for line, g in trend.data.groupby("line", sort=False)}
    shown = sum(len(by_line[line]) for line in lines if line in kept)
    labels = ("ends" if len(kept) <= 2 else "none") if small else ("all" if shown <= LABEL_ALL_MAX else "ends")
    scale = magnitude(trend.unit, float(trend.data["value"].abs().max()))
    texts: list[PointLabel] = []
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
        marks |= _draw_line(ax, g, n, color, drawable(short_label(label), font), small=small)
        texts += [replace(t, text=drawable(t.text, font))
                  for t in point_labels(g, n, color, mode=labels, unit=trend.unit, scale=scale)]
    others = [by_line[line] for line in lines if line not in kept]
    if others:
        # NaN between lines: one artist draws them all; a NaN where years are missing breaks a line.
        xs, ys = broken_lines([g["year"] for g in others], [g["value"] for g in others])
        ax.plot(xs, ys, color=OTHERS_COLOR, linewidth=0.8, zorder=1, gid="others")
        ax.plot([], [], color=OTHERS_COLOR, linewidth=0.8, label=others_label(len(others)), gid="legend:others")
    _axes_style(ax, trend, font, small)
    _place_labels(ax, texts, small=small)
    return marks


def _lighter(color: str) -> tuple[float, float, float]:
    """`color` mixed half with white: the fill of an approximate value's triangle."""
    return tuple(0.5 + c / 2 for c in to_rgb(color))  # type: ignore[return-value]


def _draw_line(ax: Axes, g: pd.DataFrame, n: int, color: str, label: str, *, small: bool) -> set[str]:
    """One line: segments (solid, dashed to an implied value, dotted across years without a value)
    and a marker artist per kind of point. Returns the kinds of mark drawn."""
    marks: set[str] = set()
    xs, ys = [int(y) for y in g["year"]], [float(v) for v in g["value"]]
    kinds = [point_kind(bool(i), bool(a)) for i, a in zip(g["implied"], g["approximate"], strict=True)]
    # The legend entry is an empty solid line: a segment's style (dashed or not) would
    # mislabel the issuer.
    ax.plot([], [], color=color, linestyle=SOLID, marker="o", markersize=4, label=label, gid=f"legend:{n}")
    # One segment per consecutive pair, so each segment's style says one thing.
    for i in range(len(xs) - 1):
        style, width = SOLID, 1.6
        if xs[i + 1] - xs[i] > 1:
            style, width = DOTTED, 1.2
            marks.add(GAP)
        elif IMPLIED in (kinds[i], kinds[i + 1]):
            style = DASHED
        ax.plot(xs[i : i + 2], ys[i : i + 2], color=color, linestyle=style, linewidth=width, gid=f"segment:{n}:{i}")
    size = 4 if small else 6
    faces = {STATED: color, IMPLIED: "white", APPROXIMATE: _lighter(color)}
    for kind in (STATED, APPROXIMATE, IMPLIED):
        px = [x for x, k in zip(xs, kinds, strict=True) if k == kind]
        if px:
            marks.add(kind)
            py = [y for y, k in zip(ys, kinds, strict=True) if k == kind]
            ax.plot(px, py, linestyle="none", marker=MARKERS[kind], markersize=size + (1 if kind == APPROXIMATE else 0),
                    color=color, markerfacecolor=faces[kind], markeredgewidth=1.4, zorder=3, clip_on=False,
                    gid=f"point:{n}:{kind}")
    return marks


#: A label's height and a little air, as a share of the value axis (8 pt on a 2.9 in axis, 6 pt on a
#: 1.9 in panel): labels at one year closer than this would overlap (chartdata.spaced_labels).
_LABEL_SHARE, _SMALL_LABEL_SHARE = 0.06, 0.09


def _place_labels(ax: Axes, labels: Sequence[PointLabel], *, small: bool) -> None:
    """Labels above their points, once the value axis is set, without overlaps."""
    low, high = ax.get_ylim()
    for label in spaced_labels(labels, (high - low) * (_SMALL_LABEL_SHARE if small else _LABEL_SHARE)):
        ax.annotate(label.text, (label.x, label.y), xytext=(0, 5 if small else 7), textcoords="offset points",
                    ha="center", va="bottom", fontsize=6 if small else 8, color=label.color, gid=label.gid)


def others_label(count: int) -> str:
    """Legend entry of the grey lines: how many there are (其他 192 条: 192 other lines)."""
    return f"其他 {count} 条"


def mark_handles(marks: set[str], font: fonts.FontChoice) -> list[Line2D]:
    """Legend entries explaining the marks in `marks`, and only those; none when every point is a
    stated value on an unbroken line (a filled dot then needs no words)."""
    if not marks - {STATED}:
        return []
    light = _lighter(MARK_COLOR)
    styles: dict[str, dict[str, object]] = {
        STATED: {"marker": "o", "linestyle": "none"},
        IMPLIED: {"marker": "o", "markerfacecolor": "white", "linestyle": DASHED},
        APPROXIMATE: {"marker": "^", "markerfacecolor": light, "linestyle": "none"},
        GAP: {"linestyle": DOTTED},
    }
    return [Line2D([], [], color=MARK_COLOR, markersize=5, markeredgewidth=1.2, label=drawable(MARK_LABELS[kind], font),
                   gid=f"mark:{kind}", **styles[kind])  # type: ignore[arg-type]
            for kind in (STATED, IMPLIED, APPROXIMATE, GAP) if kind in marks]


def _axes_style(ax: Axes, trend: Trend, font: fonts.FontChoice, small: bool) -> None:
    years = trend.years
    # Every year of the span gets a tick, so a year without a value shows as a gap in the line.
    span = list(range(years[0], years[-1] + 1))
    step = max(1, math.ceil(len(span) / (6 if small else 12)))
    ax.set_xticks(span[::step])
    ax.set_xticklabels([str(y) for y in span[::step]])
    ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    values = [float(v) for v in trend.data["value"]]
    # Whole-number data (counts, days) get whole-number ticks: "2.5件" is not a count.
    whole = all(v.is_integer() for v in values)
    locator = MaxNLocator(nbins=5 if small else 6, integer=whole, steps=[1, 2, 5, 10])
    _set_value_limits(ax, values, trend.unit, locator)
    ax.yaxis.set_major_locator(locator)
    factor, prefix = magnitude(trend.unit, max(abs(v) for v in values))
    # The room above a rate of 100% is for its label: no tick there reads "102%".
    ceiling = 100.0 if trend.unit == "%" and max(values) <= 100 else math.inf
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v / factor:,.10g}" if v <= ceiling else ""))
    ax.set_ylabel(unit_label(drawable(prefix + trend.unit, font)), fontsize=7 if small else 10)
    ax.grid(True, axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if small:
        ax.tick_params(labelsize=7)


def _set_value_limits(ax: Axes, values: Sequence[float], unit: str, locator: MaxNLocator) -> None:
    """Value axis from a tick at or below the lowest point to a tick above the highest
    (`value_range` gives the margins), so no point sits below the lowest tick; no tick under 0 when
    no value is negative; a rate of at most 100% ends at the margin above it, not at a tick over 100."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return
    low, high = value_range(finite, unit)
    ticks = [float(t) for t in locator.tick_values(low, high)]
    bottom, top = ticks[0], ticks[-1]
    if bottom < 0 <= min(finite):
        bottom = low
    if unit == "%" and top > 100 >= max(finite):
        top = high
    ax.set_ylim(bottom, top)


#: Fixed layout in inches (no layout engine: a constrained layout measured every text twice per
#: save and made each chart ~35% slower; ticks are short (万/亿), so they fit the fixed margins).
_WIDTH, _HEIGHT = 6.4, 4.0
_TOP_IN, _AXIS_IN, _NOTE_IN, _ROW_IN, _FOOT_IN = 0.4, 0.4, 0.18, 0.17, 0.04
_LEGEND_COLUMNS = 2  # two columns of 24-character labels fit the width


def trend_figure(trend: Trend, font: fonts.FontChoice | None = None, *,
                 colors: dict[str, int] | None = None) -> Figure:
    """The chart of one indicator: a line per issuer, title in Chinese, unit on the y axis, the
    legend (issuers, then the marks the chart has) below the plot (a fixed place: "best" tried every
    position against every line). `colors` (from `issuer_colors`) keeps an issuer's colour the same
    across charts; with more than LEGEND_MAX lines the top ones (`Trend.top_lines`) get the palette
    in rank order."""
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
        marks = _draw(ax, trend, font, colors=colors, keep=keep)
        # A fixed y: matplotlib otherwise measures every tick label at each save to lift the title
        # above top-axis decorations, which these charts do not have (~15% of a chart's time).
        ax.set_title(drawable(chart_title(trend), font), fontsize=12, y=1.0)
        # One line: the title names the issuer, the legend only explains marks.
        handles, labels = ax.get_legend_handles_labels() if len(lines) > 1 else ([], [])
        extra = mark_handles(marks, font)
        handles, labels = [*handles, *extra], [*labels, *(h.get_label() for h in extra)]
        notes = [NOTE_FAILED.format(n=trend.failed_claims)] if trend.failed_claims else []
        rows = math.ceil(len(handles) / _LEGEND_COLUMNS)
        height = _HEIGHT + rows * _ROW_IN
        fig.set_size_inches(_WIDTH, height)
        above_notes = _FOOT_IN + _NOTE_IN * len(notes)
        fig.subplots_adjust(left=0.12, right=0.97, top=1 - _TOP_IN / height,
                            bottom=(above_notes + rows * _ROW_IN + _AXIS_IN) / height)
        if handles:
            # The axes' own legend (tests and readers find it there), placed in figure coordinates.
            ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.1, above_notes / height),
                      bbox_transform=fig.transFigure, ncols=_LEGEND_COLUMNS, fontsize=8, frameon=False,
                      borderaxespad=0)
        if notes:
            fig.text(0.01, 0.01, drawable("\n".join(notes), font), fontsize=7, color="#555555",
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
    of the issuers and of the marks for all panels (an issuer has the same colour in each). With
    more than LEGEND_MAX issuers, the `top_issuers` are coloured and the rest grey under one entry.
    A panel whose indicator has a failed claim check is titled with FAILED_MARK."""
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
        marks: set[str] = set()
        notes: set[str] = set()
        for n, trend in enumerate(items):
            ax = fig.add_subplot(rows, cols, n + 1)
            keep = None if len(everyone) <= LEGEND_MAX else [
                line for line, issuer in zip(trend.data["line"], trend.data["issuer"], strict=True)
                if str(issuer) in top]
            marks |= _draw(ax, trend, font, small=True, colors=colors, keep=keep)
            flag = FAILED_MARK if trend.failed_claims else ""
            if flag:
                notes.add(NOTE_FAILED_PANELS)
            ax.set_title(drawable(flag + short_label(trend.name), font), fontsize=9, y=1.0)  # fixed: see trend_figure
        fig.suptitle(OVERVIEW_TITLE, fontsize=12)
        shown = sorted(top if len(everyone) > LEGEND_MAX else everyone, key=lambda i: colors.get(i, 0))
        handles = []
        if len(everyone) > 1:
            handles = [Line2D([], [], color=_COLORS[colors.get(i, 0) % len(_COLORS)], marker="o", markersize=4,
                              label=drawable(short_label(i), font)) for i in shown]
            if len(everyone) > len(shown):
                handles.append(Line2D([], [], color=OTHERS_COLOR, linewidth=0.8,
                                      label=f"其他 {len(everyone) - len(shown)} 个发布机关"))
        handles += mark_handles(marks, font)
        if handles:
            fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4), fontsize=8,
                       frameon=False)
        _footnote(fig, notes, font)
    return fig


def most_changed(items: Sequence[Trend], n: int = OVERVIEW_MAX) -> list[Trend]:
    """The `n` trends the overview shows: the first by `reader_rank` (a failed claim check, then
    the largest `Trend.news_score`), in that order."""
    return sorted(items, key=reader_rank)[:n]


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
    """What `write_chart_set` wrote. `titles` and `indicators` run parallel to `paths`."""

    paths: tuple[Path, ...]  # every chart file of the set (.png, and .svg with svg), trends then overview
    drawn: int  # figures drawn (one figure saved as .png and .svg counts once)
    reused: int  # files taken unchanged from the previous set (compare.write.chartreuse)
    titles: tuple[str, ...] = ()  # each file's title as drawn (OVERVIEW_TITLE for the overview)
    indicators: tuple[str, ...] = ()  # each file's indicator (lexicon id or series key; "" for the overview)


def _trend_parts(trend: Trend, colors: dict[str, int]) -> list[str]:
    # Everything trend_figure's output depends on besides code, font and format.
    issuers = sorted({str(i) for i in trend.data["issuer"]})
    return [trend.key, trend.name, trend.unit, trend.data.to_csv(index=False), str(trend.failed_claims),
            ",".join(f"{i}={colors.get(i, -1)}" for i in issuers)]


def write_chart_set(table: pd.DataFrame, out_dir: str | Path, svg: bool = False, *,
                    limit: int | None = DEFAULT_CHARTS, previous: str | Path | None = None,
                    progress: Callable[[str, int, int], None] | None = None,
                    claims: pd.DataFrame | None = None) -> ChartSet:
    """Write `<chart_stem>.png` (trend_<lexicon id>, or trend_<issuer>_<subject>_<hash> in pinyin)
    for the `limit` indicators (None: all) with at least two years that rank first by
    `reader_rank`, and `overview.png` (and `.svg` copies with `svg`) into `out_dir`; `limit` 0
    writes no chart. `claims` (the Claims or Changes table) puts indicators with a failed claim check
    first. A chart whose key matches the file of the same name in `previous` (default: `out_dir`
    itself) is reused, not drawn. Charts of earlier runs that this one did not write are removed.
    `progress` is told (what, charts done, charts in total)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    source = Path(previous) if previous is not None else out
    font = fonts.cjk_font()
    items = trends(table, claims) if limit != 0 else []
    colors = issuer_colors([str(i) for t in items for i in t.data["issuer"]])
    chosen = {id(t) for t in select_trends(items, limit)}
    jobs: list[tuple[str, str, str, list[str], Callable[[], Figure]]] = [
        (stem, chart_title(t), t.key, _trend_parts(t, colors), functools.partial(trend_figure, t, font, colors=colors))
        for t, stem in zip(items, chart_stems(items), strict=True) if id(t) in chosen]
    if items:
        top = most_changed(items)
        parts = [p for t in top for p in _trend_parts(t, colors)]
        jobs.append(("overview", OVERVIEW_TITLE, "", parts, functools.partial(overview_figure, top, font,
                                                                              colors=colors)))
    written: list[Path] = []
    titles: list[str] = []
    keys: list[str] = []
    drawn = reused = 0
    for done, (stem, title, indicator, parts, make) in enumerate(jobs):
        if progress:
            progress(f"chart {title if indicator else 'overview'}", done, len(jobs))
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
            titles.append(title)
            keys.append(indicator)
    _remove_stale(out, written)
    return ChartSet(paths=tuple(written), drawn=drawn, reused=reused, titles=tuple(titles), indicators=tuple(keys))


def write_charts(table: pd.DataFrame, out_dir: str | Path, svg: bool = False, *,
                 limit: int | None = DEFAULT_CHARTS, previous: str | Path | None = None,
                 progress: Callable[[str, int, int], None] | None = None,
                 claims: pd.DataFrame | None = None) -> list[Path]:
    """`write_chart_set`, returning only the paths written, in order."""
    return list(write_chart_set(table, out_dir, svg, limit=limit, previous=previous, progress=progress,
                                claims=claims).paths)


def _remove_stale(out: Path, written: Sequence[Path]) -> None:
    """Delete charts an earlier run left in `out` that this run did not write (an indicator no
    longer in the corpus, an .svg from a run with --svg): next to fresh charts they read as current.
    Only this module's own file names are touched; other files in the folder stay."""
    keep = {p.name for p in written}
    for f in out.iterdir():
        if (f.is_file() and f.name not in keep and f.suffix in (".png", ".svg")
                and (f.stem == "overview" or f.stem.startswith("trend_"))):
            f.unlink(missing_ok=True)
