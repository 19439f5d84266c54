"""What a `compare` run found, for people: the summary (terminal, Summary sheet) and the overview
page (index.html) built from the pipeline's tables.

compare.pipeline computes; this module turns its tables into the few lines and tables a reader
looks at first: the key figures, the biggest changes, the stated changes that do not hold, the
charts, and what to do next when nothing could be compared across years. The page layout itself
is compare.write.indexpage; a further section (e.g. a per-report audit table) is one more
`PageSection` appended to what `index_sections` returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from compare import schema
from compare.errors import Failure
from compare.write.chartdata import value_label
from compare.write.indexpage import Link, PageSection, table_section
from compare.write.outlinehtml import LoneReport

#: Changes listed in the summary: five fit a terminal screen next to the paths written.
SUMMARY_BIGGEST = 5
#: Changes listed on the overview page.
PAGE_BIGGEST = 15
#: Failed claim checks listed on the overview page; the rest are on the Claims sheet (a page of
#: thousands of rows is not read, and a national corpus can have that many).
PAGE_FAILED = 200
#: A count that stays under this in both years is not news however large its relative change
#: (2 → 3 期 is +50%); it still appears on the Changes sheet.
SMALL_COUNT = 10
#: The multi-year example the summary points to when a run had nothing to compare across years.
EXAMPLE_COMMAND = "report-compare compare examples/reports --out reports/examples"

#: Claim checks as readers say them (the workbook's words).
CLAIM_WORDS = {"consistent": "一致", "inconsistent": "不一致", "unverifiable": "无法核对"}


@dataclass(frozen=True)
class CompareSummary:
    """What `compare` found, in numbers (printed by the CLI, first sheet of the workbook)."""

    reports: int  # report files read
    issuers: tuple[str, ...]  # issuer keys, sorted
    years: tuple[int, ...]  # report years present, ascending
    gaps: tuple[tuple[str, int], ...]  # (issuer, missing year) inside an issuer's run
    indicators_matched: int  # indicators with values in two or more years (one issuer, one unit)
    changes: int  # rows of the changes table
    claims: int  # stated changes checked
    claims_inconsistent: int  # stated changes that do not match the earlier report
    biggest: tuple[str, ...]  # the largest changes, one line each ("北碚区 负责人出庭应诉率 2019→2020 +18.51 pp")
    warnings: tuple[str, ...] = ()  # non-fatal problems of the inputs ("file: no year found")
    failures: tuple[Failure, ...] = ()  # files skipped (unreadable, undated, a second report for a year)
    pairs: int = 0  # report pairs compared (consecutive reports of one issuer)
    indicators: int = 0  # values the reports state (not implied, not targets)
    implied: int = 0  # earlier-year values implied by stated changes (45.78 from 上升18.51%)
    single_year: tuple[str, ...] = ()  # issuers with a report of one year only (nothing to compare it with)

    @property
    def year_span(self) -> str:
        """"2019–2021", "2020" for one year, "" for none."""
        return year_span(self.years)

    @property
    def hint(self) -> str:
        """What to do next when no two years could be compared; "" otherwise."""
        if self.pairs or not self.reports:
            return ""
        return ("Only one year per issuer, so nothing was compared across years. Give reports of two or more "
                f"years of one issuer, e.g. {EXAMPLE_COMMAND}")

    @property
    def hint_zh(self) -> str:
        """`hint` for Chinese readers (Summary sheet, overview page); "" when there is none."""
        if not self.hint:
            return ""
        return ("每个发文机关只有一个年度的报告，未做跨年对比。请提供同一发文机关两个或以上年度的报告，"
                f"例如：{EXAMPLE_COMMAND}")


def year_span(years: Sequence[int]) -> str:
    """"2019–2021" for a range of years, "2020" for one, "" for none."""
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def summary_frame(summary: CompareSummary) -> pd.DataFrame:
    """The Summary sheet: item (Chinese with the English term), value."""
    rows: list[tuple[str, Any]] = [
        ("报告数 (reports)", summary.reports),
        ("发文机关 (issuers)", "、".join(summary.issuers)),
        ("年度 (years)", summary.year_span),
        ("缺失年度 (gaps)", "、".join(f"{i} {y}" for i, y in summary.gaps) or "无"),
        ("对比的报告对 (report pairs)", summary.pairs),
        ("报告中的指标 (indicators stated)", summary.indicators),
        ("推算的上年数值 (values implied for an earlier year)", summary.implied),
        ("跨年匹配指标 (indicators matched)", summary.indicators_matched),
        ("变化记录 (changes)", summary.changes),
        ("报告所述变化 (claims checked)", summary.claims),
        ("所述变化不一致 (claims inconsistent)", summary.claims_inconsistent),
        ("跳过的文件 (files skipped)", len(summary.failures)),
    ]
    if summary.single_year:
        rows.append(("只有一个年度的发文机关 (issuers with one year only)", "、".join(summary.single_year)))
    if summary.hint:
        rows.append(("下一步 (next step)", f"{summary.hint_zh}\n{summary.hint}"))
    rows += [(f"最大变化 {n} (biggest change)", line) for n, line in enumerate(summary.biggest, start=1)]
    rows += [("提示 (warning)", w) for w in summary.warnings]
    return schema.SUMMARY.frame({"item": item, "value": value} for item, value in rows)


def ranked_changes(table: pd.DataFrame) -> pd.DataFrame:
    """Consecutive-year changes, those of named indicators (a lexicon id: the measures evaluators
    track, such as 行政复议 or 出庭应诉率) before ad-hoc subjects (培训班, 套餐服务), each group by
    largest relative change; small counts (both values under SMALL_COUNT: 2 → 3 is +50% but tells
    little) left out."""
    if not len(table):
        return table
    rows = table[(table["pair"] == "consecutive") & table["pct_change"].notna()]
    small = (rows["unit"] != "%") & (rows["value_old"].abs() < SMALL_COUNT) & (rows["value_new"].abs() < SMALL_COUNT)
    rows = rows[~small]
    named = rows["indicator"].fillna("").astype(str) != ""
    return (rows.assign(_named=named, _size=rows["pct_change"].abs())
            .sort_values(["_named", "_size"], ascending=False, kind="stable")
            .drop(columns=["_named", "_size"]))


def _change_text(r: Any) -> str:
    unit = "" if r.unit == "%" else str(r.unit)
    return f"{r.change:+.2f} pp" if r.change_kind == "percentage_points" else f"{r.change:+,g}{unit}"


def _value_text(value: float, unit: str) -> str:
    return f"{value:,.10g}{'%' if unit == '%' else unit}"


def biggest_changes(table: pd.DataFrame, n: int = SUMMARY_BIGGEST) -> list[str]:
    """The `n` consecutive-year changes with the largest relative change, one line each."""
    lines = []
    for r in ranked_changes(table).head(n).itertuples(index=False):
        marks = "".join(m for m, on in ((" ≈", r.approximate), (" (implied)", r.implied)) if on)
        lines.append(f"{r.issuer} {r.subject} {int(r.year_old)}→{int(r.year_new)}: "
                     f"{r.value_old:,.10g}→{_value_text(r.value_new, str(r.unit))} "
                     f"({_change_text(r)}, {r.pct_change:+.1f}%){marks}")
    return lines


def biggest_frame(table: pd.DataFrame, names: dict[str, str], n: int = PAGE_BIGGEST) -> pd.DataFrame:
    """The page's table of the biggest changes: display text, Chinese headers."""
    rows = []
    for r in ranked_changes(table).head(n).itertuples(index=False):
        marks = "、".join(m for m, on in (("约数", r.approximate), (f"{int(r.year_old)}年为推算值", r.implied)) if on)
        rows.append({"发文机关": r.issuer, "指标": names.get(str(r.indicator), "") or r.subject,
                     "年度": f"{int(r.year_old)}→{int(r.year_new)}",
                     # as the workbook and the failed claims below show them: 6.32%, 23 件, +8 件, +34.78%
                     "基期数值": value_text(r.value_old, str(r.unit)),
                     "报告期数值": value_text(r.value_new, str(r.unit)),
                     "变化": change_text(r.change, str(r.change_kind), str(r.unit)),
                     "相对变化": change_text(r.pct_change, "percent", ""),
                     "核对结果": CLAIM_WORDS.get(str(r.claim_status or ""), ""), "说明": marks})
    return pd.DataFrame(rows, columns=["发文机关", "指标", "年度", "基期数值", "报告期数值", "变化", "相对变化",
                                       "核对结果", "说明"])


#: The failed claim checks on the page: a view of the Claims sheet; its values and changes, shown
#: as text with their units, are aligned right.
FAILED_CLAIMS = schema.CLAIM_CHECKS.pick(("issuer", "subject", "year_old", "value_old", "year_new", "value_new",
                                          "claimed_change", "computed_change", "gap", "note", "section"))
FAILED_NUMBERS = tuple(c.id for c in FAILED_CLAIMS.columns if c.kind in ("value", "change"))


#: The biggest-changes columns aligned right (values and changes with their units).
BIGGEST_NUMBERS = ("基期数值", "报告期数值", "变化", "相对变化")


def value_text(value: Any, unit: str) -> str:
    """A value as the workbook shows it, with its unit: 52.00%, 1,182 件; "" when missing."""
    return "" if pd.isna(value) else value_label(float(value), unit)


def change_text(value: Any, kind: str, unit: str, *, gap: bool = False) -> str:
    """A change in its kind's unit, as the workbook shows it: +18.51 pp (percentage points), +128.78%
    (relative), +8 件 (absolute); 0 unsigned, "" when missing. `gap`: the difference of two changes,
    which for relative changes is no relative change itself, so it has no % sign (as on the sheet)."""
    if pd.isna(value):
        return ""
    v = float(value)
    if kind == "percentage_points":
        return f"{v:+.2f} pp"
    text = value_label(abs(v), "" if kind == "percent" else unit)
    text += "%" if kind == "percent" and not gap else ""
    return text if v == 0 else ("+" if v > 0 else "-") + text


def failed_claims_frame(claims: pd.DataFrame) -> pd.DataFrame:
    """The stated changes that the earlier report contradicts (claim check 不一致), as the page shows
    them: years as written (2022, not 2,022), values and changes with their units (52.00%, +8 件)."""
    if not len(claims):
        return FAILED_CLAIMS.empty()
    bad = claims[claims["claim_status"].astype(str) == "inconsistent"]
    rows = []
    for r in bad.itertuples(index=False):
        unit, claimed, computed = ("" if pd.isna(v) else str(v) for v in (r.unit, r.claimed_kind, r.change_kind))
        rows.append({"issuer": r.issuer, "subject": r.subject,
                     "year_old": "" if pd.isna(r.year_old) else str(int(r.year_old)),
                     "value_old": value_text(r.value_old, unit),
                     "year_new": "" if pd.isna(r.year_new) else str(int(r.year_new)),
                     "value_new": value_text(r.value_new, unit),
                     "claimed_change": change_text(r.claimed_change, claimed, unit),
                     "computed_change": change_text(r.computed_change, computed, unit),
                     "gap": change_text(r.gap, claimed, unit, gap=True), "note": r.note, "section": r.section})
    return FAILED_CLAIMS.frame(rows)


def facts(summary: CompareSummary) -> list[tuple[str, str]]:
    """The key figures at the top of the page: (label, value)."""
    return [("报告 reports", str(summary.reports)), ("发文机关 issuers", str(len(summary.issuers))),
            ("年度 years", summary.year_span or "—"), ("对比的报告对 pairs compared", str(summary.pairs)),
            ("报告中的指标 indicators", str(summary.indicators)),
            ("跨年匹配指标 matched across years", str(summary.indicators_matched)),
            ("推算的上年数值 implied earlier values", str(summary.implied)),
            ("所述变化核对 claims checked", str(summary.claims)),
            ("不一致 inconsistent", str(summary.claims_inconsistent)),
            ("跳过的文件 files skipped", str(len(summary.failures)))]


def links(workbook: str, diff_page: str, charts_dir: str) -> list[Link]:
    """Links from the page to the other outputs (relative: they sit beside it)."""
    return [Link(workbook, "工作簿 Workbook (comparison.xlsx)",
                 "every indicator, change, claim check and aligned section, one sheet each"),
            Link(diff_page, "章节对比 Section diffs (diff.html)",
                 "what each report changed, section by section; a lone report's outline with its figures marked"),
            Link(charts_dir + "/", "图表 Charts folder", "the PNG files shown below")]


def _chart_images(charts: Sequence[Path], folder: str, titles: Sequence[str] = ()) -> list[tuple[str, str]]:
    """PNG charts (overview first), as (relative path, caption): the title drawn on the chart when
    the chart writer gave one (compare.write.charts.ChartSet.titles, parallel to the paths)."""
    named = dict(zip(charts, titles, strict=False))
    pngs = [p for p in charts if p.suffix == ".png"]
    pngs.sort(key=lambda p: p.stem != "overview")
    return [(f"{folder}/{p.name}", named.get(p) or ("总览 overview" if p.stem == "overview" else f"趋势 {p.stem}"))
            for p in pngs]


def _lone_frame(lone: Sequence[LoneReport], diff_page: str) -> pd.DataFrame:
    rows = [{"发文机关": one.issuer, "年度": one.report.year, "章节数": len(one.report.headings),
             "数字指标": sum(1 for h in one.highlights if h.kind == "figure"),
             "所述变化": sum(1 for h in one.highlights if h.kind == "claim"),
             "全文": f"{diff_page}#r{n}"} for n, one in enumerate(lone)]
    return pd.DataFrame(rows, columns=["发文机关", "年度", "章节数", "数字指标", "所述变化", "全文"])


def index_sections(summary: CompareSummary, changes: pd.DataFrame, claims: pd.DataFrame,
                   names: dict[str, str], charts: Sequence[Path], *, lone: Sequence[LoneReport] = (),
                   charts_dir: str = "charts", diff_page: str = "diff.html",
                   chart_titles: Sequence[str] = ()) -> list[PageSection]:
    """The sections of index.html, in order: biggest changes, failed claim checks, charts, reports
    of one year only, files skipped. Append a `PageSection` to add one (e.g. an audit table)."""
    labels = {c.id: c.label for c in schema.COLUMNS.values()}
    sections = [
        table_section("最大变化 Biggest changes", biggest_frame(changes, names),
                      note="Consecutive years; indicators of the lexicon first, each by largest relative "
                           f"change; small counts (both under {SMALL_COUNT}) left out. All changes: the Changes "
                           "sheet of the workbook."
                      if len(changes) else "No changes: no indicator has values in two years.", anchor="changes",
                      numeric=BIGGEST_NUMBERS),
    ]
    failed = failed_claims_frame(claims)
    note = (f"{len(failed)} of {summary.claims} stated changes do not match the earlier report."
            if len(failed) else f"None: all {summary.claims} stated change(s) match or cannot be checked.")
    if len(failed) > PAGE_FAILED:
        note += f" The first {PAGE_FAILED} are listed; all of them are on the Claims sheet of the workbook."
        failed = failed.head(PAGE_FAILED)
    sections.append(table_section("所述变化核对不一致 Failed claim checks", failed, labels, note=note,
                                  anchor="claims", numeric=FAILED_NUMBERS))
    images = _chart_images(charts, charts_dir, chart_titles)
    sections.append(PageSection("图表 Charts", note="" if images else "No charts were drawn (--charts 0, or no "
                                "indicator has values in two years).", images=tuple(images), anchor="charts"))
    if lone:
        sections.append(table_section("只有一个年度的报告 Reports with one year only", _lone_frame(lone, diff_page),
                                      note="Nothing to compare them with; their outline with every figure marked "
                                           "is on the section diff page.", anchor="single"))
    if summary.failures:
        frame = pd.DataFrame([(f.file, f.what, f.fix) for f in summary.failures], columns=["文件", "问题", "处理办法"])
        sections.append(table_section("跳过的文件 Files skipped", frame, anchor="failures"))
    return sections
