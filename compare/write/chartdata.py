"""The table the trend charts draw from, which charts and lines a reader needs first, and the
pure parts of a chart: its file name, its value labels and its value axis.

`series_frame` is the one adapter between the toolkit's indicator tables and the charts: every
other function here and in compare.write.charts reads only its output (`SERIES_COLUMNS`), so a
change of the table schema is made in that function alone.

Which charts come first (`reader_rank`, also the overview's choice) is one score, `news_score`:

1. an indicator with a failed claim check (a report's stated change that its own numbers do not
   bear out, claim_status "inconsistent") comes before every other;
2. then the larger `news_score`: the largest move of any of its lines, in terms that make rates and
   counts comparable: a rate's spread (highest − lowest) in percentage points / `RATE_POINTS`; a
   count's spread as a log ratio ln((high + 1) / (low + 1)) weighted by its size
   (log10(1 + high) / log10(1 + `FULL_SIZE`), at most 1), so 2 → 3 次 scores 0.06 and 66 → 151 件
   0.60; times 1 + `YEAR_BONUS` for each year of the line beyond two (a longer trend tells more);
3. ties by indicator id, then unit.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from compare.schema import year_of
from compare.write import DEFAULT_CHARTS as DEFAULT_CHARTS
from compare.write import fonts

#: Lines with their own colour and legend entry; more would repeat the 8 palette colours and make
#: the legend taller than the plot (200 issuers). The rest are grey, under one "others" entry.
LEGEND_MAX = 8

#: A rate moving this many percentage points counts as much as a large count growing e-fold (x2.7).
RATE_POINTS = 25.0
#: A count from this size up has its change counted in full; 3 件 weighs 0.2, 150 件 0.73.
FULL_SIZE = 1000.0
#: Each year of a line beyond two adds this share to its score.
YEAR_BONUS = 0.25
#: claim_status of a failed claim check (compare.across.changes).
FAILED = "inconsistent"

#: Columns of the series table the charts draw from.
SERIES_COLUMNS = ("key", "name", "issuer", "line", "subject", "unit", "year", "value", "implied", "approximate")


@dataclass(frozen=True)
class Trend:
    """The values of one indicator (one unit) for every issuer, ready to draw."""

    key: str  # indicator id, or the subject when the lexicon has none
    name: str  # Chinese name shown in the title (the newest subject as written)
    unit: str  # unit of every value ("%", "件")
    data: pd.DataFrame  # SERIES_COLUMNS rows; `line` names one line (a matched series), sorted by year
    failed_claims: int = 0  # stated changes of this indicator its own numbers do not bear out

    @property
    def years(self) -> list[int]:
        """Distinct years with a value."""
        return sorted({int(y) for y in self.data["year"]})

    def news_score(self) -> float:
        """How much the indicator tells: the largest `line_score` of its lines (module docstring)."""
        return max((line_score(g["value"], self.unit, g["year"].nunique())
                    for _, g in self.data.groupby("line", sort=False)), default=0.0)

    def top_lines(self, n: int = LEGEND_MAX) -> list[str]:
        """The `n` lines drawn in colour when there are more: most years first, then the largest
        `line_score`, ties by issuer and line name (deterministic)."""
        ranked = sorted(((-g["year"].nunique(), -line_score(g["value"], self.unit, 2), str(g["issuer"].iloc[0]),
                          str(line)) for line, g in self.data.groupby("line", sort=False)))
        return [line for *_, line in ranked[:n]]


def line_score(values: Sequence[float] | pd.Series, unit: str, years: int) -> float:
    """The news in one line's values (module docstring, point 2): a rate's spread in points /
    RATE_POINTS; a count's log ratio of highest to lowest weighted by its size; times the year
    bonus. Non-finite values score 0."""
    vals = [abs(float(v)) if unit != "%" else float(v) for v in values]
    if len(vals) < 2 or not all(math.isfinite(v) for v in vals):
        return 0.0
    low, high = min(vals), max(vals)
    if unit == "%":
        move = (high - low) / RATE_POINTS
    else:
        weight = min(1.0, math.log10(1 + high) / math.log10(1 + FULL_SIZE))
        move = math.log((high + 1) / (low + 1)) * weight
    return move * (1 + YEAR_BONUS * max(years - 2, 0))


def reader_rank(trend: Trend) -> tuple[int, float, str, str]:
    """Sort key of the charts a reader needs first (`--charts N` keeps the first N, the overview
    shows the first OVERVIEW_MAX): a failed claim check first, then the larger
    `Trend.news_score`, ties by indicator id and unit, so the choice never depends on input order."""
    return (0 if trend.failed_claims else 1, -trend.news_score(), trend.key, trend.unit)


def select_trends(items: Sequence[Trend], limit: int | None) -> list[Trend]:
    """The `limit` trends ranked first by `reader_rank` (None: all), in their original order."""
    if limit is None or limit >= len(items):
        return list(items)
    chosen = {id(t) for t in sorted(items, key=reader_rank)[: max(limit, 0)]}
    return [t for t in items if id(t) in chosen]


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


def trends(table: pd.DataFrame, claims: pd.DataFrame | None = None) -> list[Trend]:
    """Indicators with a line of at least two years, in a stable order (key, unit); lines with a
    single year are left out (a point is not a trend). `claims` (the Claims or Changes table, with
    issuer, indicator, subject, unit and claim_status) gives each trend its `failed_claims`."""
    series = series_frame(table)
    failed = _failed_claims(claims)
    out: list[Trend] = []
    for (key, unit), g in series.groupby(["key", "unit"], sort=True):
        counts = g.groupby("line")["year"].transform("nunique")
        g = g[counts >= 2]
        if g.empty:
            continue
        newest = g.sort_values("year", kind="stable").iloc[-1]
        # A lexicon id names the claims of every issuer; without one, the issuer's subject does.
        places = {(str(key), str(unit))} | {(f"{i}|{s}", str(unit)) for i, s in zip(g["issuer"], g["subject"],
                                                                                    strict=True)}
        out.append(Trend(key=str(key), name=str(newest["name"] or newest["subject"]), unit=str(unit),
                         data=g.reset_index(drop=True), failed_claims=sum(failed.get(p, 0) for p in places)))
    return out


def _failed_claims(claims: pd.DataFrame | None) -> dict[tuple[str, str], int]:
    """(indicator id or "issuer|subject", unit) -> failed claim checks."""
    if claims is None or not len(claims) or "claim_status" not in claims:
        return {}
    bad = claims[claims["claim_status"].astype("string").fillna("") == FAILED]
    out: dict[tuple[str, str], int] = {}
    for row in bad.itertuples(index=False):
        indicator = "" if pd.isna(getattr(row, "indicator", "")) else str(getattr(row, "indicator", ""))
        place = indicator or f"{row.issuer}|{row.subject}"
        out[(place, str(row.unit))] = out.get((place, str(row.unit)), 0) + 1
    return out


# ------------------------------------------------------------------ file names

#: Longest pinyin slug of an issuer and of a subject in a file name.
ISSUER_SLUG_CHARS, SUBJECT_SLUG_CHARS = 20, 32
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_]{0,60}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
#: Endings every issuer shares: they make names longer, not clearer.
_ISSUER_ENDINGS = ("人民政府", "政府")


def slug(text: str, limit: int) -> str:
    """ASCII letters, digits and hyphens for `text`: Chinese characters as toneless pinyin (pypinyin,
    loaded only when needed), any other run of characters as one hyphen, cut to `limit`."""
    if text.isascii():
        parts = [text]
    else:
        from pypinyin import lazy_pinyin  # ~0.3 s of dictionary loading, only for Chinese names

        parts = lazy_pinyin(text)
    joined = "".join(p if p.isalpha() and p.isascii() else f"-{p}-" for p in parts)
    return _NOT_SLUG.sub("-", joined.lower()).strip("-")[:limit].strip("-")


def _hash6(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:6]


def chart_stem(trend: Trend, *, unit_suffix: bool = False) -> str:
    """The file stem of a trend chart, readable and stable: `trend_<lexicon id>` (with the unit and a
    hash when the id is charted in several units), else `trend_<issuer>_<subject>_<hash>` in pinyin,
    from the line's earliest subject, so a new year's wording keeps the name. The hash of the key
    and unit keeps two subjects with the same pinyin apart. Never only a hash, never a path part."""
    if _SAFE_ID.fullmatch(trend.key):
        if not unit_suffix:
            return f"trend_{trend.key}"
        return f"trend_{trend.key}_{slug(trend.unit, 12) or 'unit'}_{_hash6(trend.key, trend.unit)}"
    first = trend.data.sort_values(["year", "line"], kind="stable").iloc[0]
    issuer = str(first["issuer"])
    for ending in _ISSUER_ENDINGS:
        if issuer.endswith(ending) and len(issuer) > len(ending):
            issuer = issuer[: -len(ending)]
            break
    parts = [slug(issuer, ISSUER_SLUG_CHARS), slug(str(first["subject"]), SUBJECT_SLUG_CHARS)]
    words = "_".join(p for p in parts if p) or "indicator"
    return f"trend_{words}_{_hash6(trend.key, trend.unit)}"


def chart_stems(items: Sequence[Trend]) -> list[str]:
    """`chart_stem` of every trend (before selection: a chart keeps its name whatever --charts is)."""
    units: dict[str, int] = {}
    for trend in items:
        units[trend.key] = units.get(trend.key, 0) + 1
    return [chart_stem(t, unit_suffix=units[t.key] > 1) for t in items]


# ------------------------------------------------------------------ value labels and axis


def magnitude(unit: str, largest: float) -> tuple[float, str]:
    """(divisor, prefix) for ticks and labels: 万 from 100,000 and 亿 from 100,000,000, as Chinese
    readers count, so that numbers stay short; rates never scaled."""
    if unit == "%" or not math.isfinite(largest):
        return 1.0, ""
    if largest >= 1e8:
        return 1e8, "亿"
    if largest >= 1e5:
        return 1e4, "万"
    return 1.0, ""


def value_label(value: float, unit: str, *, approximate: bool = False, scale: tuple[float, str] = (1.0, "")) -> str:
    """A point's label, formatted as the workbook shows the value: 52.00%, 1,182 件, ≈151 件 for an
    approximate value; with `scale` (from `magnitude`) 1,194.13 万元."""
    mark = "≈" if approximate else ""
    if unit == "%":
        return f"{mark}{value:.2f}%"
    factor, prefix = scale
    shown = value / factor
    text = f"{shown:,.0f}" if float(shown).is_integer() else f"{shown:,.2f}".rstrip("0").rstrip(".")
    return f"{mark}{text} {prefix}{unit}".rstrip()


#: Narrowest value axis: a flat or nearly flat line is drawn in this span, not magnified into noise.
MIN_RATE_SPAN = 10.0  # percentage points
MIN_SPAN_SHARE = 0.2  # of the value, for anything but rates (at least 1 for whole numbers)
#: Room around the points, as a share of the span: below, and above (for the value labels).
MARGIN_BELOW, MARGIN_ABOVE = 0.1, 0.2


def value_range(values: Sequence[float], unit: str) -> tuple[float, float]:
    """The value span an axis must show: every value with a margin (more above, where the labels
    are), at least MIN_RATE_SPAN points for rates (100%, 100% -> 90-100 plus margins, not 96-104) or
    MIN_SPAN_SHARE of the value for other units; rates never over 100 unless a value is, and the
    span starts at or above 0 when every value is positive."""
    finite = [float(v) for v in values if math.isfinite(float(v))]
    if not finite:
        return 0.0, 1.0
    low, high = min(finite), max(finite)
    if unit == "%":
        need = MIN_RATE_SPAN
    else:
        whole = all(v.is_integer() for v in finite)
        need = max(abs(high), abs(low)) * MIN_SPAN_SHARE
        need = max(need, 1.0) if whole else (need or 1.0)
    if high - low < need:
        mid = (high + low) / 2
        low, high = mid - need / 2, mid + need / 2
        if unit == "%" and high > 100 >= max(finite):
            low, high = low - (high - 100), 100.0
        if low < 0 <= min(finite):
            low, high = 0.0, high - low
    span = high - low
    bottom = low - MARGIN_BELOW * span
    if min(finite) > 0:  # an axis under positive values stops at 0; a 0 itself needs the margin
        bottom = max(bottom, 0.0)
    return bottom, high + MARGIN_ABOVE * span


# ------------------------------------------------------------------ text on a chart

#: Longest label drawn as is; longer subjects are cut with "…" so the title fits the figure.
MAX_LABEL_CHARS = 24
#: The kinds of point (compare.write.charts draws each with its own marker).
STATED, IMPLIED, APPROXIMATE = "stated", "implied", "approximate"
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # control characters (newline kept)


def drawable(text: str, font: fonts.FontChoice) -> str:
    """`text` with characters the font cannot draw replaced by "?", so hostile or rare text never
    draws a box; the test that charts are readable relies on this."""
    text = _CONTROL.sub("", text)
    gone = fonts.missing(font.path, text)
    return "".join("?" if c in gone else c for c in text) if gone else text


def short_label(text: str) -> str:
    """`text` cut to MAX_LABEL_CHARS with "…"."""
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def unit_label(unit: str) -> str:
    """The value axis's label."""
    return f"单位：{unit}" if unit else "数值"


def issuer_colors(issuers: Sequence[str]) -> dict[str, int]:
    """Issuer -> palette index, in sorted order, so that an issuer has one colour in every chart
    of a run (and in every panel of the overview)."""
    return {name: n for n, name in enumerate(sorted(set(issuers)))}


def point_kind(implied: bool, approximate: bool) -> str:
    """The mark of a point: implied (not stated at all) before approximate, else stated."""
    return IMPLIED if implied else APPROXIMATE if approximate else STATED


def chart_title(trend: Trend) -> str:
    """The title of a trend chart: the indicator's name, after the issuer's when there is one."""
    issuers = list(dict.fromkeys(trend.data["issuer"]))
    title = short_label(trend.name)
    if len(issuers) == 1 and issuers[0]:
        title = f"{short_label(str(issuers[0]))} · {title}"
    return title


@dataclass(frozen=True)
class PointLabel:
    """A value label to draw above a point."""

    x: float  # the year
    y: float  # the value
    text: str  # `value_label` of the value
    color: str  # the line's colour
    gid: str  # "label:<line number>:<point index>", for tests


def point_labels(g: pd.DataFrame, n: int, color: str, *, mode: str, unit: str,
                 scale: tuple[float, str]) -> list[PointLabel]:
    """Value labels of line `n`'s points (`g`: SERIES_COLUMNS rows sorted by year): every point
    (`mode` "all"), the first and last ("ends"), or none."""
    if mode == "none":
        return []
    rows = list(range(len(g))) if mode == "all" else sorted({0, len(g) - 1})
    out = []
    for i in rows:
        value = float(g["value"].iloc[i])
        approximate = point_kind(bool(g["implied"].iloc[i]), bool(g["approximate"].iloc[i])) == APPROXIMATE
        out.append(PointLabel(float(g["year"].iloc[i]), value, value_label(value, unit, approximate=approximate,
                                                                           scale=scale), color, f"label:{n}:{i}"))
    return out


def spaced_labels(labels: Sequence[PointLabel], gap: float) -> list[PointLabel]:
    """The labels that fit: at each year from the top down, a label less than `gap` (in values)
    below the last one kept is left out (its line's other labels stay)."""
    by_x: dict[float, list[PointLabel]] = {}
    for label in labels:
        by_x.setdefault(label.x, []).append(label)
    kept = []
    for group in by_x.values():
        last = math.inf
        for label in sorted(group, key=lambda item: -item.y):
            if last - label.y >= gap:
                kept.append(label)
                last = label.y
    return kept


def broken_lines(years: Sequence[pd.Series], values: Sequence[pd.Series]) -> tuple[list[float], list[float]]:
    """x and y of several lines for one artist: NaN after each line and across missing years."""
    xs: list[float] = []
    ys: list[float] = []
    for line_years, line_values in zip(years, values, strict=True):
        previous = None
        for x, y in zip(line_years, line_values, strict=True):
            if previous is not None and x - previous > 1:
                xs.append(math.nan)
                ys.append(math.nan)
            xs.append(float(x))
            ys.append(float(y))
            previous = x
        xs.append(math.nan)
        ys.append(math.nan)
    return xs, ys
