"""Stage 3: a Corpus -> tables of indicators across years, their changes, and a check of every
change a report states about itself.

Modules: `matching` (indicators paired year to year), `series` (series, claim links, implied
values, the long and wide tables), `claimcheck` (a stated change against the values), this module
(the changes table). The names in `__all__` are this module's public surface, wherever defined.

Indicators are matched year to year, one to one, never across incompatible units (件 vs %), in
three tiers (DOMAIN.md): the same canonical id (ties broken by subject); then subject similarity
inside sections that `align_sections` pairs; then subject similarity anywhere in the document. A
matched chain of indicators is a *series*; the wide table has one row per series.

Combined scopes are different indicators (a judgement): a subject that joins several bodies or
items with 和/及/与/、 (县委常委会和县政府常务会议学法共7次) measures their sum, a different series from
one body's figure (县政府常务会议学法10次), however similar the words. Two subjects pair only when
they join the same number of parts; conjunctions inside words (参与, 涉及, 及时, 和解) do not count.

Claim check: a stated change (同比上升18.51%, 较上年增加109件) is compared with the earlier report's
value: consistent within the report's rounding (reports truncate as well as round: 66 -> 151 is
stated as 128.78%, not 128.79%), inconsistent (both numbers and the gap shown), or unverifiable (no
earlier value). A bare % on a rate is ambiguous (points or relative): the reading that matches the
earlier report wins; without one the claims extractor's preferred reading (points) stands. When no
earlier report has the value, the implied earlier value fills the series, marked implied.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

from compare.across.claimcheck import ClaimCheck, check_claim, computed_change, decimals, shown_value
from compare.across.matching import match_indicators, scope_parts, subject_similarity, units_compatible
from compare.across.series import (
    LONG_COLUMNS,
    Alignments,
    IssuerData,
    Point,
    Precomputed,
    issuer_data,
    long_from,
    long_table,
    wide_table,
)
from compare.extract.lexicon import Lexicon
from compare.models import Claim, Report
from compare.read.corpus import Corpus
from compare.schema import CHANGES, CHANGES_TERMINAL

#: Columns of `changes_table` and of the terminal view of `report-compare changes`, in order
#: (declared in compare.schema; csv / json carry all CHANGES_COLUMNS). LONG_COLUMNS: compare.across.series.
CHANGES_COLUMNS = CHANGES.ids
CHANGES_TABLE_COLUMNS = CHANGES_TERMINAL.ids


def _row(old: Point, new: Point, pair: str, check: ClaimCheck | None, extra_note: str = "") -> dict[str, Any]:
    d = max(decimals(old.value), decimals(new.value))
    diff = computed_change("absolute", old.value, new.value)
    change = None if diff is None else round(diff, min(d, 6))
    rate = new.unit == "%"
    rel = computed_change("percent", old.value, new.value)
    pct = None if rel is None else round(rel, 2)
    notes = [n for n in (check.note if check else "", extra_note) if n]
    if old.approximate or new.approximate:
        notes.append(f"约数：{shown_value(old)}→{shown_value(new)}")
    for p in (old, new):
        if p.implied:
            by = p.implied_by or new.year
            notes.append(f"所读报告中无{p.year}年数值：由{by}年报告推算（{p.text}）")
    return {
        "issuer": new.issuer, "indicator": new.indicator, "subject": new.subject, "unit": new.unit,
        "year_old": old.year, "value_old": old.value, "year_new": new.year, "value_new": new.value,
        "change": change, "change_kind": "percentage_points" if rate else "absolute", "pct_change": pct,
        "claim_status": check.status if check else "",
        "approximate": old.approximate or new.approximate, "implied": old.implied or new.implied,
        "claimed_change": check.claimed if check else None, "claimed_kind": check.kind if check else "",
        "gap": check.gap if check else None, "note": "; ".join(notes), "pair": pair, "section": new.section,
        "source_old": old.source, "source_new": new.source,
    }


def _issuer_changes(d: IssuerData) -> list[dict[str, Any]]:
    claim_of: dict[int, list[Claim]] = {}
    for _t, c, point in d.claim_links:
        if point is not None:
            claim_of.setdefault(id(point), []).append(c)
    by_series: dict[str, list[Point]] = {}
    for p in d.points:
        if not p.target and p.year is not None:
            by_series.setdefault(p.series, []).append(p)
    rows: list[dict[str, Any]] = []
    for pts in by_series.values():
        # One value per year: the first mention (a report may repeat a figure in its summary).
        per_year: dict[int, Point] = {}
        for p in sorted(pts, key=lambda p: (p.year, p.implied)):
            per_year.setdefault(p.year, p)  # type: ignore[arg-type]
        seq = [per_year[y] for y in sorted(per_year)]
        for a, b in pairwise(seq):
            rows.append(_pair_row(a, b, "consecutive", claim_of))
        if len(seq) > 2:
            rows.append(_pair_row(seq[0], seq[-1], "first_last", claim_of))
        # A change stated against an explicit earlier year (较2019年增长50% in the 2021 report) that
        # neither row above covers is checked against that year's value in a row of its own.
        for k, b in enumerate(seq):
            covered = {seq[k - 1].year} if k else set()
            if k == len(seq) - 1 and len(seq) > 2:
                covered.add(seq[0].year)
            for c in claim_of.get(id(b), []):
                base = per_year.get(c.base_year) if c.base_year is not None else None
                if (base is not None and base is not b and c.base_year not in covered
                        and not (base.implied and base.claim is c)):
                    rows.append(_row(base, b, "claim", check_claim(c, base, b)))
    # Claims whose indicator was not found: a row from the claim alone (its implied earlier value).
    for t, c, point in d.claim_links:
        if point is not None:
            continue
        rep = d.extracted[t].report
        rows.append(_claim_only_row(d, rep, c))
    return rows


def _pair_row(a: Point, b: Point, pair: str, claim_of: dict[int, list[Claim]]) -> dict[str, Any]:
    if pair == "consecutive":
        claims = [c for c in claim_of.get(id(b), []) if c.base_year in (None, a.year)]
    else:  # first -> last: only a change the report states against that first year
        claims = [c for c in claim_of.get(id(b), []) if c.base_year is not None and c.base_year == a.year]
    if not claims:
        return _row(a, b, pair, None)
    c = claims[0]
    if a.implied and a.claim is c:
        check = ClaimCheck("unverifiable", _signed(c), c.change_kind, None, "")
        return _row(a, b, pair, check)
    return _row(a, b, pair, check_claim(c, a, b))


def _signed(c: Claim) -> float:
    return {"up": 1.0, "down": -1.0}.get(c.direction, 0.0) * c.change


def _claim_only_row(d: IssuerData, rep: Report, c: Claim) -> dict[str, Any]:
    return {
        "issuer": d.series.name or d.series.key, "indicator": c.indicator, "subject": c.subject, "unit": c.unit,
        "year_old": c.base_year, "value_old": c.implied_base, "year_new": rep.year, "value_new": c.value,
        "change": _signed(c) if c.change_kind != "percent" else None,
        "change_kind": c.change_kind, "pct_change": _signed(c) if c.change_kind == "percent" else None,
        "claim_status": "unverifiable", "approximate": False, "implied": c.implied_base is not None,
        "claimed_change": _signed(c), "claimed_kind": c.change_kind, "gap": None,
        "note": "报告的指标中找不到所述变化对应的指标", "pair": "claim",
        "section": c.section, "source_old": "", "source_new": rep.source,
    }


def changes_table(corpus: Corpus, lexicon: Lexicon | Path | str | None = None, *,
                  results: Precomputed | None = None, alignments: Alignments | None = None) -> pd.DataFrame:
    """Changes of every matched indicator between consecutive values of its series, and first->last
    (CHANGES_COLUMNS): `change` in points for rates (%) and absolute otherwise, `pct_change` relative
    (%), and, where the newer report states the change, `claim_status` with `claimed_change` and `gap`.
    For a single report the rows come from its claims (earlier values implied). `results` and
    `alignments` as in `long_table`."""
    return _changes_from(issuer_data(corpus, lexicon, results, alignments))


def tables(corpus: Corpus, lexicon: Lexicon | Path | str | None = None, *,
           results: Precomputed | None = None,
           alignments: Alignments | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`(long_table, changes_table)` of the corpus from one extraction and alignment pass: what a
    caller needing both (the main job) should use instead of calling the two functions. `results`
    and `alignments` as in `long_table`."""
    data = issuer_data(corpus, lexicon, results, alignments)
    return long_from(data), _changes_from(data)


def series_changes(d: IssuerData) -> list[dict[str, Any]]:
    """The rows of `changes_table` for one issuer's data (series.series_data): what a caller that
    gets the series one by one (compare.changesjob) computes as each arrives; `changes_frame`
    makes the table of all of them."""
    return _issuer_changes(d)


def _changes_from(data: Sequence[IssuerData]) -> pd.DataFrame:
    return changes_frame([row for d in data for row in _issuer_changes(d)])


def changes_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The changes table (CHANGES_COLUMNS, in its order of rows) of `series_changes` rows of all
    series, in the corpus's order of series."""
    frame = pd.DataFrame(rows, columns=list(CHANGES_COLUMNS))
    if len(frame):
        frame = frame.sort_values(["issuer", "year_new", "pair", "section", "indicator", "subject"],
                                  kind="stable", key=_sort_key).reset_index(drop=True)
    return frame


def _sort_key(col: pd.Series) -> pd.Series:
    return col.fillna(0) if col.dtype.kind in "if" else col.fillna("").astype(str)


__all__ = [
    "CHANGES_COLUMNS",
    "CHANGES_TABLE_COLUMNS",
    "LONG_COLUMNS",
    "Alignments",
    "Precomputed",
    "changes_frame",
    "changes_table",
    "check_claim",
    "long_table",
    "match_indicators",
    "scope_parts",
    "series_changes",
    "subject_similarity",
    "tables",
    "units_compatible",
    "wide_table",
]
