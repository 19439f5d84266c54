"""Reports without a pair: an issuer with a report of one year only still fills every output.

`report-compare compare` on one report used to write empty Sections and Section diffs sheets and a
page saying "No report pairs to compare". A lone report has no other year to diff, but its outline,
its text and its figures are still what the reader came for, so the pipeline hands them on:
- Sections sheet: one row per part, status `ONLY_ONE_YEAR` (no older side, no scores);
- Section diffs sheet: the text of each part on the new side (no markup: nothing changed);
- diff page: the report's outline with each indicator and stated change marked
  (compare.write.outlinehtml);
the values it implies for the year before (45.78 from 上升18.51%) already come from
compare.across.changes, like any report's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from compare.across.diff import DiffOp
from compare.extract.lexicon import Lexicon
from compare.extract.result import ReportResult, analyse
from compare.models import Claim, Indicator, Report, Section
from compare.read.corpus import Corpus
from compare.write.outlinehtml import Highlight, LoneReport

#: Status of a section of a lone report on the Sections and Section diffs sheets.
ONLY_ONE_YEAR = "only_one_year"


def lone_reports(corpus: Corpus, lexicon: Lexicon,
                 results: Mapping[Report, ReportResult] | None = None) -> tuple[LoneReport, ...]:
    """The reports that are their issuer's only one, in `corpus.series` order, with what to mark in
    them: each indicator and each stated change. `results`: per-report results already computed
    (compare.engine); a report missing from them is analysed here."""
    names = {e.id: e.name for e in lexicon.entries}
    out = []
    for series in corpus.series:
        if len(series.reports) != 1:
            continue
        report = series.reports[0]
        result = (results or {}).get(report) or analyse(report, lexicon)
        marks = [*(_figure(i, names) for i in result.indicators), *(_claim(c, report) for c in result.claims)]
        out.append(LoneReport(issuer=series.name or series.key, report=report, highlights=tuple(marks)))
    return tuple(out)


def _number(value: float) -> str:
    return f"{value:,.10g}"


def _figure(ind: Indicator, names: Mapping[str, str]) -> Highlight:
    """`行政机关负责人出庭应诉率 (head_appearance_rate): 64.29%`; the subject when no lexicon id."""
    name = f"{names.get(ind.indicator, ind.subject)} ({ind.indicator})" if ind.indicator else ind.subject
    unit = "%" if ind.unit == "%" else f" {ind.unit}"
    target = " — target / 目标" if ind.is_target else ""
    return Highlight(ind.start, ind.end, f"{name}: {_number(ind.value)}{unit}{target}", "figure")


def _claim(c: Claim, report: Report) -> Highlight:
    """`stated change / 所述变化: 同比上升18.51% → 2019 45.78% (implied / 推算)`."""
    label = f"stated change / 所述变化 {c.subject}: {c.text}"
    year = c.base_year if c.base_year is not None else (report.year - 1 if report.year is not None else None)
    if c.implied_base is not None and year is not None:
        unit = "%" if c.unit == "%" else f" {c.unit}"
        label += f" → {year}: {_number(c.implied_base)}{unit} (implied / 推算)"
    elif c.note:
        label += f" ({c.note})"
    return Highlight(c.start, c.end, label, "claim")


def _parts(lone: Sequence[LoneReport]) -> Iterator[tuple[dict[str, Any], Section]]:
    """Each part with text of each lone report, with the columns its Sections row and its Section
    diffs row share (no older side, status ONLY_ONE_YEAR), in the order both sheets list them."""
    for one in lone:
        for s in one.report.sections:
            if s.end > s.start:
                yield ({"issuer": one.issuer, "year_old": None, "year_new": one.report.year, "old_path": "",
                        "new_path": s.path, "old_title": "", "new_title": s.title, "status": ONLY_ONE_YEAR}, s)


def section_rows(lone: Sequence[LoneReport]) -> list[dict[str, Any]]:
    """Sections sheet rows (schema.SECTIONS) of lone reports: each part, status ONLY_ONE_YEAR."""
    return [{**row, "score": None, "cosine": None, "jaccard": None, "edit_similarity": None}
            for row, _ in _parts(lone)]


def section_diff_rows(lone: Sequence[LoneReport], first_index: int) -> list[dict[str, Any]]:
    """Section diffs sheet rows of lone reports: each part's text on the new side, linked to its
    Sections row (`first_index`: the Sections row of the first lone part, as `section_rows` orders them)."""
    # An equal op with no old side: the new column shows the text plainly, the old one stays empty.
    return [{**row, "insertions": 0, "deletions": 0, "changes": 0, "moves": 0, "pair_index": first_index + n,
             "ops": (DiffOp("equal", "", s.text),)}
            for n, (row, s) in enumerate(_parts(lone))]
