"""Trend charts (趋势图) of indicators across report years, with matplotlib's Agg backend.

One chart per indicator with values in at least two years (one line per issuer and matched
series: a canonical indicator shared by several issuers is drawn in one chart), plus an
overview of small multiples for the indicators that changed most. Values implied by a later
report's stated change (推算值) are drawn dashed; approximate values (余/近/约) get a hollow
marker, a "≈" and a footnote. Figures are `matplotlib.figure.Figure` objects (never pyplot
state), built and saved inside `fonts.font_context()` so that the global rcParams stay untouched.
"""

from __future__ import annotations

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

from compare.schema import year_of
from compare.write import fonts
from compare.write.atomic import write_atomic

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

#: Columns of the series table the charts draw from.
SERIES_COLUMNS = ("key", "name", "issuer", "line", "subject", "unit", "year", "value", "implied", "approximate")


@dataclass(frozen=True)
class Trend:
    """The values of one indicator (one unit) for every issuer, ready to draw."""

    key: str  # indicator id, or the subject when the lexicon has none
    name: str  # Chinese name shown in the title (the newest subject as written)
    unit: str  # unit of every value ("%", "件")
    data: pd.DataFrame  # SERIES_COLUMNS rows; `line` names one line (a matched series), sorted by year

    @property
    def years(self) -> list[int]:
        """Distinct years with a value."""
        return sorted({int(y) for y in self.data["year"]})

    def change_score(self) -> float:
        """Largest relative first -> last change over the lines (for the overview ranking);
        an indicator that rises from 0 counts as a 100% change."""
        best = 0.0
        for _, g in self.data.groupby("line", sort=False):
            if len(g) < 2:
                continue
            first, last = float(g["value"].iloc[0]), float(g["value"].iloc[-1])
            score = abs(last - first) / abs(first) if first else (1.0 if last else 0.0)
            best = max(best, score)
        return best


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(False, index=frame.index)
    return frame[column].fillna(False).astype(bool)


def _year_columns(frame: pd.DataFrame) -> list[object]:
    return [c for c in frame.columns if year_of(c) is not None]


def series_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A long table (issuer, year, indicator, subject, value, unit, implied, approximate, and
    optionally series, indicator_name, target) or a wide one (a column per year) as the chart
    series table (`SERIES_COLUMNS`). A chart groups a canonical indicator id across issuers, or
    one matched series when the lexicon has no id; plans (target) are left out. Never mutates."""
    frame = table.reset_index() if not isinstance(table.index, pd.RangeIndex) else table.copy()
    if "year" not in frame and "value" not in frame:  # wide: melt the year columns
        years = _year_columns(frame)
        ids = [c for c in frame.columns if c not in years]
        frame = frame.melt(id_vars=ids, value_vars=years, var_name="year", value_name="value")
        frame["year"] = [int(str(y)[:4]) for y in frame["year"]]
    if "target" in frame:
        frame = frame[~frame["target"].fillna(False).astype(bool)]
    frame = frame.assign(value=pd.to_numeric(frame["value"], errors="coerce")).dropna(subset=["value", "year"])

    def text(column: str) -> pd.Series:
        if column not in frame:
            return pd.Series("", index=frame.index, dtype="string")
        return frame[column].astype("string").fillna("")

    indicator, subject, issuer = text("indicator"), text("subject"), text("issuer")
    series = text("series").where(lambda x: x != "", issuer + "|" + indicator.where(indicator != "", subject))
    approximate = _flag(frame, "approximate")
    if "qualifier" in frame and "approximate" not in frame:
        approximate = frame["qualifier"].fillna("exact").astype(str) != "exact"
    name = text("indicator_name").where(lambda x: x != "", subject)
    out = pd.DataFrame(
        {
            "key": indicator.where(indicator != "", series),
            "name": name,
            "issuer": issuer,
            "line": series,
            "subject": subject,
            "unit": text("unit"),
            "year": frame["year"].astype(int),
            "value": frame["value"].astype(float),
            "implied": _flag(frame, "implied"),
            "approximate": approximate,
        }
    )
    out = out[out["key"] != ""]
    # One value per line and year: a stated value wins over an implied one.
    out = out.sort_values(["key", "unit", "line", "year", "implied"], kind="stable")
    out = out.drop_duplicates(["key", "unit", "line", "year"], keep="first")
    return out.reset_index(drop=True)[list(SERIES_COLUMNS)]


def trends(table: pd.DataFrame) -> list[Trend]:
    """Indicators with a line of at least two years, in a stable order (key, unit); lines with a
    single year are left out (a point is not a trend)."""
    series = series_frame(table)
    out: list[Trend] = []
    for (key, unit), g in series.groupby(["key", "unit"], sort=True):
        counts = g.groupby("line")["year"].transform("nunique")
        g = g[counts >= 2]
        if g.empty:
            continue
        newest = g.sort_values("year", kind="stable").iloc[-1]
        out.append(Trend(key=str(key), name=str(newest["name"] or newest["subject"]), unit=str(unit),
                         data=g.reset_index(drop=True)))
    return out


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


def _draw(ax: Axes, trend: Trend, font: fonts.FontChoice, *, legend: bool = True, small: bool = False,
          colors: dict[str, int] | None = None) -> set[str]:
    """Lines and markers of one trend on `ax`; returns the footnotes it needs."""
    notes: set[str] = set()
    lines = list(dict.fromkeys(trend.data["line"]))
    per_issuer = trend.data.groupby("issuer")["line"].nunique()
    colors = colors if colors is not None else issuer_colors(list(trend.data["issuer"]))
    seen: dict[str, int] = {}
    for n, line in enumerate(lines):
        g = trend.data[trend.data["line"] == line].sort_values("year")
        issuer = str(g["issuer"].iloc[0])
        # The issuer's colour; a second line of the same issuer takes the next free one.
        k = seen[issuer] = seen.get(issuer, -1) + 1
        color = _COLORS[(colors.get(issuer, n) + k * max(len(colors), 1)) % len(_COLORS)]
        xs, ys = list(g["year"]), list(g["value"])
        implied, approx = list(g["implied"]), list(g["approximate"])
        # An issuer with two lines in one chart (the same measure reported twice): add the subject.
        label = issuer or "—"
        if per_issuer.get(issuer, 1) > 1:
            label = f"{label} · {g['subject'].iloc[-1]}"
        label = drawable(_short(label), font)
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
    if legend and len(lines) > 1:  # one line: the title names the issuer
        ax.legend(fontsize=7 if small else 8, frameon=False, loc="best")
    return notes


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


def trend_figure(trend: Trend, font: fonts.FontChoice | None = None, *,
                 colors: dict[str, int] | None = None) -> Figure:
    """The chart of one indicator: a line per issuer, title in Chinese, unit on the y axis.
    `colors` (from `issuer_colors`) keeps an issuer's colour the same across charts."""
    font = font or fonts.cjk_font()
    with fonts.font_context(font):
        # Fixed margins instead of a layout engine: a constrained layout measured every text
        # twice per save and made each chart ~35% slower; ticks are short (万/亿), so they fit.
        fig = Figure(figsize=(6.4, 4.0), dpi=DPI)
        ax = fig.add_subplot()
        notes = _draw(ax, trend, font, colors=colors)
        issuers = list(dict.fromkeys(trend.data["issuer"]))
        title = _short(trend.name)
        if len(issuers) == 1 and issuers[0]:
            title = f"{_short(str(issuers[0]))} · {title}"
        ax.set_title(drawable(title, font), fontsize=12)
        bottom = 0.1 + 0.045 * len(notes)
        fig.subplots_adjust(left=0.12, right=0.97, top=0.9, bottom=bottom)
        if notes:
            fig.text(0.01, 0.01, drawable("\n".join(sorted(notes)), font), fontsize=7, color="#555555",
                     ha="left", va="bottom", gid="footnote")
    return fig


def _footnote(fig: Figure, notes: set[str], font: fonts.FontChoice) -> None:
    # supxlabel takes part in the constrained layout of the overview, so the note never overlaps ticks.
    if notes:
        fig.supxlabel(drawable("\n".join(sorted(notes)), font), fontsize=7, color="#555555", x=0.01, ha="left")


def overview_figure(items: Sequence[Trend], font: fonts.FontChoice | None = None, *,
                    colors: dict[str, int] | None = None) -> Figure:
    """Small multiples of `items` (at most OVERVIEW_MAX), one panel per indicator, with one legend
    of the issuers for all panels (an issuer has the same colour in each)."""
    font = font or fonts.cjk_font()
    items = list(items)[:OVERVIEW_MAX]
    colors = colors if colors is not None else issuer_colors([str(i) for t in items for i in t.data["issuer"]])
    cols = min(OVERVIEW_COLUMNS, max(len(items), 1))
    rows = max(1, math.ceil(len(items) / cols))
    with fonts.font_context(font):
        fig = Figure(figsize=(3.4 * cols, 2.6 * rows + 0.6), dpi=DPI, layout="constrained")
        notes: set[str] = set()
        for n, trend in enumerate(items):
            ax = fig.add_subplot(rows, cols, n + 1)
            notes |= _draw(ax, trend, font, legend=False, small=True, colors=colors)
            ax.set_title(drawable(_short(trend.name), font), fontsize=9)
        fig.suptitle("变化最大的指标", fontsize=12)
        shown = sorted({str(i) for t in items for i in t.data["issuer"]}, key=lambda i: colors.get(i, 0))
        if len(shown) > 1:
            handles = [Line2D([], [], color=_COLORS[colors.get(i, 0) % len(_COLORS)], marker="o", markersize=4,
                              label=drawable(_short(i), font)) for i in shown]
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


def save_figure(fig: Figure, path: Path, font: fonts.FontChoice | None = None) -> Path:
    """Save atomically (compare.write.atomic): a reader never sees half an image."""
    fmt = path.suffix.lstrip(".").lower()

    def write(tmp: Path) -> None:
        with fonts.font_context(font):
            fig.savefig(tmp, format=fmt, dpi=DPI, metadata=_metadata(fmt))

    return write_atomic(path, write, create_folder=True)


def _metadata(fmt: str) -> dict[str, str | None]:
    # No creation date, so the same input gives the same bytes (reproducible outputs).
    if fmt == "svg":
        return {"Date": None}
    if fmt == "png":
        return {"Software": "report-compare"}
    return {}


def write_charts(table: pd.DataFrame, out_dir: str | Path, svg: bool = False, *,
                 progress: Callable[[str, int, int], None] | None = None) -> list[Path]:
    """Write `trend_<id>.png` for every indicator with at least two years and `overview.png`
    (and `.svg` copies with `svg`) into `out_dir`; returns the paths written, in order.
    `progress` is told (what, charts done, charts in total)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    font = fonts.cjk_font()
    items = trends(table)
    colors = issuer_colors([str(i) for t in items for i in t.data["issuer"]])
    used: dict[str, int] = {}
    written: list[Path] = []
    suffixes = (".png", ".svg") if svg else (".png",)
    for done, trend in enumerate(items):
        if progress:
            progress(f"chart {trend.name}", done, len(items) + 1)
        stem = "trend_" + safe_name(trend.key)
        if stem in used:  # the same indicator in two units (件 and 人次): keep both charts
            used[stem] += 1
            stem = f"{stem}_{used[stem]}"
        else:
            used[stem] = 1
        fig = trend_figure(trend, font, colors=colors)
        for suffix in suffixes:
            written.append(save_figure(fig, out / f"{stem}{suffix}", font))
        fig.clear()
    if items:
        if progress:
            progress("chart overview", len(items), len(items) + 1)
        fig = overview_figure(most_changed(items), font, colors=colors)
        for suffix in suffixes:
            written.append(save_figure(fig, out / f"overview{suffix}", font))
        fig.clear()
    _remove_stale(out, written)
    return written


def _remove_stale(out: Path, written: Sequence[Path]) -> None:
    """Delete charts an earlier run left in `out` that this run did not write (an indicator no
    longer in the corpus, an .svg from a run with --svg): next to fresh charts they read as current.
    Only this module's own file names are touched; other files in the folder stay."""
    keep = {p.name for p in written}
    for f in out.iterdir():
        if (f.is_file() and f.name not in keep and f.suffix in (".png", ".svg")
                and (f.stem == "overview" or f.stem.startswith("trend_"))):
            f.unlink(missing_ok=True)
