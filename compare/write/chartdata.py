"""The table the trend charts draw from, and which charts and lines a reader needs first.

`series_frame` is the one adapter between the toolkit's indicator tables and the charts: every
other function here and in compare.write.charts reads only its output (`SERIES_COLUMNS`), so a
change of the table schema is made in that function alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from compare.schema import year_of
from compare.write import DEFAULT_CHARTS as DEFAULT_CHARTS

#: Lines with their own colour and legend entry; more would repeat the 8 palette colours and make
#: the legend taller than the plot (200 issuers). The rest are grey, under one "others" entry.
LEGEND_MAX = 8

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
        return max((_relative_change(g["value"]) for _, g in self.data.groupby("line", sort=False)), default=0.0)

    def top_lines(self, n: int = LEGEND_MAX) -> list[str]:
        """The `n` lines drawn in colour when there are more: most years first, then the largest
        change relative to the first value, ties by issuer and line name (deterministic)."""
        ranked = sorted(((-g["year"].nunique(), -_relative_change(g["value"]), str(g["issuer"].iloc[0]), str(line))
                         for line, g in self.data.groupby("line", sort=False)))
        return [line for *_, line in ranked[:n]]


def _relative_change(values: pd.Series) -> float:
    """|last - first| / |first| of a line sorted by year; from 0 to anything counts as 100%."""
    if len(values) < 2:
        return 0.0
    first, last = float(values.iloc[0]), float(values.iloc[-1])
    return abs(last - first) / abs(first) if first else (1.0 if last else 0.0)


def reader_rank(trend: Trend) -> tuple[int, float, str, str]:
    """Sort key of the charts a reader needs first (`--charts N` keeps the first N): more years
    with data first (a longer trend tells more), then the larger change relative to its level
    (`Trend.change_score`), ties broken by indicator id and unit, so the choice never depends on
    input order."""
    return (-len(trend.years), -trend.change_score(), trend.key, trend.unit)


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
