"""Indicator series: the indicators of each issuer's reports chained year to year
(compare.across.matching), the claims linked to the indicator whose change they state, and the
earlier values those claims imply where no report has them. A matched chain of indicators is a
*series*; the long table has one row per value, the wide table one row per series.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from compare.across.align import SeriesAlignment, align_series
from compare.across.matching import match_indicators, units_compatible
from compare.extract.lexicon import Lexicon, load_lexicon
from compare.extract.result import ReportResult, analyse
from compare.models import Claim, Indicator, Report
from compare.read.corpus import Corpus, IssuerSeries
from compare.schema import INDICATORS_LONG

#: Columns of `long_table`, in order (declared in compare.schema).
LONG_COLUMNS = INDICATORS_LONG.ids


def _resolve_lexicon(lexicon: Lexicon | Path | str | None) -> Lexicon:
    if isinstance(lexicon, Lexicon):
        return lexicon
    return load_lexicon(Path(lexicon) if lexicon else None)


#: A report with its indicators and claims: the pure per-report part of this stage (compare.engine).
_Extracted = ReportResult

#: Per-report results computed ahead (compare.engine.process_files, maybe from its cache), by
#: report; they must come from the same lexicon. Reports not in it are extracted here.
Precomputed = Mapping[Report, ReportResult]

#: Section alignments computed ahead (compare.pipeline aligns each pair once), one per series of
#: the corpus, in `corpus.series` order. Without them each series is aligned here.
Alignments = Sequence[SeriesAlignment]


def _extract(report: Report, lexicon: Lexicon, results: Precomputed | None = None) -> _Extracted:
    known = results.get(report) if results else None
    return known if known is not None else analyse(report, lexicon)


@dataclass(frozen=True)
class Point:
    """One value of a series in one year (a long-table row)."""

    issuer: str
    year: int | None
    indicator: str
    subject: str
    value: float
    unit: str
    qualifier: str
    kind: str
    section: str
    source: str
    implied: bool
    target: bool
    series: str
    text: str
    ind: Indicator | None = field(default=None, compare=False)  # the indicator (None when implied)
    claim: Claim | None = field(default=None, compare=False)  # the claim an implied value comes from
    implied_by: int | None = None  # year of the report whose claim implies this value (implied only)

    @property
    def approximate(self) -> bool:
        return self.qualifier not in ("exact", "")


@dataclass(frozen=True)
class IssuerData:
    """Everything computed for one issuer: extracted reports, series points, claim links."""

    series: IssuerSeries
    extracted: tuple[_Extracted, ...]
    points: tuple[Point, ...]
    claim_links: tuple[tuple[int, Claim, Point | None], ...]  # (report index, claim, its current point)


def _series_points(s: IssuerSeries, lexicon: Lexicon, results: Precomputed | None = None,
                   alignment: SeriesAlignment | None = None) -> IssuerData:
    issuer = s.name or s.key
    extracted = tuple(_extract(r, lexicon, results) for r in s.reports)
    if alignment is None:
        # Pairs only: the measures are for the Sections sheet (statuses and pairs do not need them).
        alignment = align_series(s.reports, measures=False)
    points: list[Point] = []
    prev_ids: list[str] = []
    all_ids: list[list[str]] = []  # series id of every indicator, report by report
    last_seen: dict[str, int] = {}  # series id -> index of the last report that has it
    counter = 0
    for t, ex in enumerate(extracted):
        ids = [""] * len(ex.indicators)
        if t > 0 and prev_ids:
            prev = extracted[t - 1]
            aligned = [(m.old_path, m.new_path) for m in alignment[t - 1] if m.old_path and m.new_path]
            for i, j in match_indicators(prev.indicators, ex.indicators, aligned).items():
                ids[j] = prev_ids[i]
        # A figure a report skipped (直接纠错率 in 2019 and 2021, not in 2020) continues its series:
        # indicators still unmatched try the reports before, newest first, against series that no
        # later report continued. No section evidence across a skipped year: id or near-identical
        # subject only (the stricter tiers of match_indicators).
        for back in range(t - 2, -1, -1):
            rest = [j for j, sid in enumerate(ids) if not sid]
            if not rest:
                break
            cands = [k for k, sid in enumerate(all_ids[back]) if last_seen.get(sid) == back and sid not in ids]
            if not cands:
                continue
            found = match_indicators([extracted[back].indicators[k] for k in cands],
                                     [ex.indicators[j] for j in rest])
            for a, b in found.items():
                ids[rest[b]] = all_ids[back][cands[a]]
        for j, ind in enumerate(ex.indicators):
            if not ids[j]:
                counter += 1
                ids[j] = f"{s.key or 'unknown'}#{counter}"
            points.append(Point(
                issuer=issuer, year=ex.report.year, indicator=ind.indicator, subject=ind.subject, value=ind.value,
                unit=ind.unit, qualifier=ind.qualifier, kind=ind.kind, section=ind.section,
                source=ex.report.source, implied=False, target=ind.is_target, series=ids[j], text=ind.text, ind=ind))
        prev_ids = ids
        all_ids.append(ids)
        for sid in ids:
            last_seen[sid] = t
    # Claims: link each to the indicator it states a change of; fill missing earlier years.
    by_ind = {id(p.ind): p for p in points if p.ind is not None}
    years_with_value = {(p.series, p.year) for p in points if not p.target}
    links: list[tuple[int, Claim, Point | None]] = []
    implied: list[Point] = []
    for t, ex in enumerate(extracted):
        by_start = sorted(ex.indicators, key=lambda i: i.start)
        starts = [i.start for i in by_start]
        for c in ex.claims:
            # only indicators that can stand in the claim's sentence (it ends at the claim's end
            # and is at most len(sentence) long): testing every indicator of the report for every
            # claim was quadratic (27,000 x 27,000 on 1 MB of 受理案件5件，同比下降10%。)
            lo = bisect.bisect_left(starts, c.start - len(c.sentence) - 1)
            hi = bisect.bisect_left(starts, c.end)
            linked = _claim_indicator(c, by_start[lo:hi])
            point = by_ind.get(id(linked)) if linked is not None else None
            links.append((t, c, point))
            if point is None or c.base_year is None or c.implied_base is None:
                continue
            if (point.series, c.base_year) in years_with_value:
                continue
            years_with_value.add((point.series, c.base_year))
            implied.append(replace(point, year=c.base_year, value=c.implied_base, qualifier=point.qualifier,
                                   section="", implied=True, text=c.text, ind=None, claim=c,
                                   implied_by=ex.report.year))
    return IssuerData(series=s, extracted=extracted, points=tuple(points + implied), claim_links=tuple(links))


def _claim_indicator(c: Claim, indicators: Sequence[Indicator]) -> Indicator | None:
    """The indicator whose change the claim states: in the claim's sentence, before the change phrase,
    with the claim's value (when stated) and canonical id (when both known); the nearest one wins.
    A from-to claim (全程网办率由76%提升至92%) holds its current value inside the phrase: an indicator
    inside the claim's span qualifies when it is that stated value."""
    best: Indicator | None = None
    for ind in indicators:
        if ind.is_target or ind.start >= c.end or (ind.start > c.start and c.value is None):
            continue
        if ind.sentence != c.sentence.strip() and not (c.sentence and ind.sentence in c.sentence):
            continue
        if c.value is not None and not math.isclose(ind.value, c.value, rel_tol=1e-9, abs_tol=1e-9):
            continue
        if c.indicator and ind.indicator and c.indicator != ind.indicator:
            continue
        if c.unit and not units_compatible(c.unit, ind.unit):
            continue
        if best is None or ind.start > best.start:
            best = ind
    return best


def issuer_data(corpus: Corpus, lexicon: Lexicon | Path | str | None,
                 results: Precomputed | None = None, alignments: Alignments | None = None) -> list[IssuerData]:
    lex = _resolve_lexicon(lexicon)
    if alignments is not None and len(alignments) != len(corpus.series):
        raise ValueError(f"{len(alignments)} alignments for {len(corpus.series)} issuer series")
    return [_series_points(s, lex, results, alignments[k] if alignments is not None else None)
            for k, s in enumerate(corpus.series)]


def series_data(series: IssuerSeries, lexicon: Lexicon, results: Precomputed | None = None,
                alignment: SeriesAlignment | None = None) -> IssuerData:
    """`issuer_data` of one issuer's series: what a caller that gets the alignments series by
    series (compare.pairwork's `ready`) computes as each arrives, while later series align."""
    return _series_points(series, lexicon, results, alignment)


def long_from(data: Sequence[IssuerData]) -> pd.DataFrame:
    rows = [{c: (p.approximate if c == "approximate" else getattr(p, c)) for c in LONG_COLUMNS}
            for d in data for p in sorted(d.points, key=lambda p: (p.year or 0, p.implied))]
    frame = pd.DataFrame(rows, columns=list(LONG_COLUMNS))
    return frame.astype({"implied": bool, "approximate": bool, "target": bool}) if len(frame) else frame


def long_table(corpus: Corpus, lexicon: Lexicon | Path | str | None = None, *,
               results: Precomputed | None = None, alignments: Alignments | None = None) -> pd.DataFrame:
    """Every indicator of every report, one row each (LONG_COLUMNS), plus the earlier values implied
    by claims where no report of that year has them (implied=True). `series` names the chain of
    matched indicators across years; `target` marks plans (never matched or compared). `results`:
    per-report results already computed (compare.engine), used instead of extracting again;
    `alignments`: the series' section alignments already computed (compare.pipeline), used instead
    of aligning again."""
    return long_from(issuer_data(corpus, lexicon, results, alignments))


def wide_table(long: pd.DataFrame) -> pd.DataFrame:
    """One row per series (matched indicator), one column per year (values; implied ones included,
    listed in `implied_years`). Targets are left out. The caller's frame is not modified.
    Built from plain columns in one pass: per-group pandas filtering took minutes at 1,000 reports."""
    frame = long[~long["target"].astype(bool)] if len(long) else long
    years = sorted({int(y) for y in frame["year"].dropna()}) if len(frame) else []
    base_cols = ["issuer", "series", "indicator", "subject", "unit", "kind"]
    if not len(frame):
        return pd.DataFrame(columns=[*base_cols, *years, "implied_years"])
    col = {c: frame[c].tolist() for c in (*base_cols, "year", "value", "implied")}
    groups: dict[tuple[Any, Any], list[int]] = {}
    for k, key in enumerate(zip(col["issuer"], col["series"], strict=True)):
        groups.setdefault(key, []).append(k)
    rows = []
    for (issuer, series), idx in groups.items():
        real = [k for k in idx if not col["implied"][k]] or idx
        last = _latest(real, col["year"])
        row: dict[Any, Any] = {"issuer": issuer, "series": series, "indicator": col["indicator"][last],
                               "subject": col["subject"][last], "unit": col["unit"][last], "kind": col["kind"][last]}
        values: dict[int, float] = {}
        for k in idx:  # the first value of each year, in the table's order
            y = col["year"][k]
            if not _missing(y):
                values.setdefault(int(y), float(col["value"][k]))
        row.update({y: values.get(y, math.nan) for y in years})
        row["implied_years"] = ",".join(str(int(y)) for y in sorted(col["year"][k] for k in idx if col["implied"][k]))
        rows.append(row)
    return pd.DataFrame(rows, columns=[*base_cols, *years, "implied_years"])


def _missing(y: Any) -> bool:
    return y is None or (isinstance(y, float) and math.isnan(y))


def _latest(idx: list[int], year: list[Any]) -> int:
    """The row of the latest year (the last such row in table order; an undated row counts as
    latest, as a sort by year with missing values last would have it)."""
    undated = [k for k in idx if _missing(year[k])]
    if undated:
        return undated[-1]
    top = max(year[k] for k in idx)
    return [k for k in idx if year[k] == top][-1]
