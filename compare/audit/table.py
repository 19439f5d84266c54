"""The audit's tables, declared with compare.schema's Table / Column (kept here, not in schema.py:
the audit owns its columns), and the one boundary where audit records become DataFrames.

- AUDIT: one row per report, every measure (csv / json / the Audit sheet).
- AUDIT_TERMINAL: the columns that fit an 80-column terminal (compare.cli.audit shortens them).
- CARRYOVER: one row per carried-over section (both paths).
- FOLLOWTHROUGH: one row per plan item of year N, followed through in year N+1 or not.

Shares are in percent units (62.5 = 62.5%), as rates are everywhere else in the toolkit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from compare.audit.carryover import CarriedSection
from compare.audit.followthrough import PlanItem
from compare.audit.record import ReportAudit
from compare.schema import FMT_NUMBER, FMT_RATE, Column, Kind, Table

if TYPE_CHECKING:
    import pandas as pd

_FMT_RATIO = "0.00"


def _c(id_: str, label: str, note: str, kind: Kind = "text", fmt: str = "", *, wrap: bool = False) -> Column:
    return Column(id_, label, note, kind, fmt, wrap=wrap)


_PART_COLUMNS = tuple(
    col for part, label in (("measures_results", "主要举措和成效"), ("shortcomings", "存在的不足"),
                            ("first_responsible", "第一责任人履职"), ("next_year_plan", "下一年度安排"))
    for col in (_c(f"{part}_status", f"{label}：情况", f"{part}: top (own heading), sub-item, or missing"),
                _c(f"{part}_at", f"{label}：所在章节", f"{part}: the heading(s) that cover it"))
)

#: The audit's own columns (ids that compare.schema does not register).
AUDIT_COLUMNS: tuple[Column, ...] = (
    _c("missing_parts", "缺少的部分", "required parts not found (measures_results, shortcomings, "
       "first_responsible, next_year_plan)"),
    *_PART_COLUMNS,
    _c("report_date", "报告日期", "date of the report (signature, else page date)", "date"),
    _c("page_date", "网页发布日期", "publication date the page gives (发布时间)", "date"),
    _c("deadline", "公开期限", "1 April of the year after the report year", "date"),
    _c("deadline_basis", "判断依据", "which date was judged against the deadline: page or report"),
    _c("timeliness", "是否按时", "on time, late, date not found, year not found"),
    _c("days_late", "逾期天数", "days after the deadline", "count", FMT_NUMBER),
    _c("chars", "字数", "characters of the report text (no punctuation or spaces)", "count", FMT_NUMBER),
    _c("indicators", "指标数", "quantities found (targets not counted)", "count", FMT_NUMBER),
    _c("indicators_per_1000", "每千字指标数", "indicators per 1,000 characters", "value", _FMT_RATIO),
    _c("work_sections", "工作章节数", "leaf sections of the year's work (measures part)", "count", FMT_NUMBER),
    _c("sections_with_figure", "含数据章节数", "of those, sections with at least one indicator", "count", FMT_NUMBER),
    _c("share_with_figure", "含数据章节占比", "sections_with_figure / work_sections, percent", "value", FMT_RATE),
    _c("slogan_sections", "仅口号章节数", "of those, sections naming nothing concrete", "count", FMT_NUMBER),
    _c("share_slogan", "仅口号章节占比", "slogan_sections / work_sections, percent", "value", FMT_RATE),
    _c("slogan_paths", "仅口号章节", "paths of the slogan-only sections"),
    _c("claims_stated", "所述同比变化", "year-over-year changes the report states", "count", FMT_NUMBER),
    _c("claims_checked", "已核对", "stated changes checked against the earlier report", "count", FMT_NUMBER),
    _c("claims_consistent", "核对一致", "checked and consistent", "count", FMT_NUMBER),
    _c("claims_inconsistent", "核对不一致", "checked and inconsistent", "count", FMT_NUMBER),
    _c("claims_not_checkable", "无法核对", "no earlier value to check against", "count", FMT_NUMBER),
    _c("shortcomings_chars", "不足部分字数", "characters of the shortcomings part", "count", FMT_NUMBER),
    _c("measures_chars", "举措成效部分字数", "characters of the measures part", "count", FMT_NUMBER),
    _c("shortcomings_ratio", "不足与成效字数比", "shortcomings_chars / measures_chars", "value", _FMT_RATIO),
    _c("prior_year", "上一份报告年度", "year of the issuer's previous report in the input", "year"),
    _c("carried_sections", "沿用上年章节数", "sections near-identical to a section of the previous report",
       "count", FMT_NUMBER),
    _c("carried_chars", "沿用字数", "characters of those sections", "count", FMT_NUMBER),
    _c("carried_paths", "沿用章节", "this report's path <- the previous report's path"),
    _c("plan_items", "下一年度安排条目数", "plan items this report makes for next year", "count", FMT_NUMBER),
    _c("prior_plan_items", "上年安排条目数", "plan items of the previous report", "count", FMT_NUMBER),
    _c("prior_plan_followed", "上年安排已落实", "of those, items that reappear here as measures", "count", FMT_NUMBER),
    _c("share_followed", "上年安排落实占比", "prior_plan_followed / prior_plan_items, percent", "value", FMT_RATE),
    # carried-over sections and plan items
    _c("title", "标题", "the section's heading in the later report"),
    _c("prior_path", "上年章节", "the section of the previous report"),
    _c("prior_title", "上年标题", "its heading"),
    _c("similarity", "相似度", "rapidfuzz ratio of the normalised bodies, 0..1", "score", "0.000"),
    _c("section_chars", "章节字数", "characters of the section's body (normalised)", "count", FMT_NUMBER),
    _c("plan_year", "安排年度", "year of the report that made the plan", "year"),
    _c("plan_path", "安排章节", "the plan item's section"),
    _c("plan_title", "安排条目", "the plan item's heading"),
    _c("followed", "已落实", "the item reappears as a measure in the next report", "flag"),
    _c("measure_year", "落实年度", "year of the next report", "year"),
    _c("measure_path", "对应举措章节", "its best-matching measures section", ),
    _c("measure_title", "对应举措标题", "that section's heading"),
)

#: One row per report.
_REPORT_IDS = tuple(c.id for c in AUDIT_COLUMNS)
AUDIT = Table.of("Audit", ("issuer", "year", "source", *_REPORT_IDS[:_REPORT_IDS.index("share_followed") + 1]),
                 own=AUDIT_COLUMNS)
#: What the terminal shows (compare.cli.audit prints them in short form).
AUDIT_TERMINAL = AUDIT.pick(("issuer", "year", "missing_parts", "timeliness", "indicators_per_1000",
                             "share_with_figure", "share_slogan", "claims_consistent", "claims_inconsistent",
                             "claims_not_checkable", "carried_sections", "prior_plan_followed", "prior_plan_items"))
#: One row per carried-over section.
CARRYOVER = Table.of("Carried over", ("issuer", "year", "path", "title", "prior_year", "prior_path", "prior_title",
                                      "similarity", "section_chars"), own=AUDIT_COLUMNS)
#: One row per plan item.
FOLLOWTHROUGH = Table.of("Plan follow-through", ("issuer", "plan_year", "plan_path", "plan_title", "followed",
                                                 "measure_year", "measure_path", "measure_title", "score"),
                         own=AUDIT_COLUMNS)

#: Every table of the audit.
AUDIT_TABLES: tuple[Table, ...] = (AUDIT, CARRYOVER, FOLLOWTHROUGH)


def _pct(x: float | None) -> float | None:
    return None if x is None else round(100 * x, 1)


def report_row(a: ReportAudit) -> dict[str, Any]:
    """One AUDIT row."""
    r, t, d, c, n = a.report, a.timeliness, a.density, a.claims, a.lengths
    row: dict[str, Any] = {"issuer": a.issuer, "year": r.year, "source": r.source,
                           "missing_parts": ", ".join(a.missing)}
    for f in a.parts:
        row[f"{f.part}_status"], row[f"{f.part}_at"] = f.status, f.where
    followed = a.followed
    row |= {
        "report_date": r.date, "page_date": t.page_date, "deadline": t.deadline, "deadline_basis": t.basis,
        "timeliness": t.status, "days_late": t.days_late,
        "chars": d.chars, "indicators": d.indicators,
        "indicators_per_1000": None if d.per_1000 is None else round(d.per_1000, 2),
        "work_sections": d.sections, "sections_with_figure": d.with_figure,
        "share_with_figure": _pct(d.share_with_figure), "slogan_sections": d.slogan_only,
        "share_slogan": _pct(d.share_slogan), "slogan_paths": "; ".join(d.slogan_paths),
        "claims_stated": c.stated, "claims_checked": c.checked, "claims_consistent": c.consistent,
        "claims_inconsistent": c.inconsistent, "claims_not_checkable": c.not_checkable,
        "shortcomings_chars": n.shortcomings, "measures_chars": n.measures,
        "shortcomings_ratio": None if n.ratio is None else round(n.ratio, 3),
        "prior_year": a.prior_year,
        # Without a previous report nothing can be carried over: blank, not 0.
        "carried_sections": len(a.carried) if a.prior_year is not None else None,
        "carried_chars": sum(s.chars for s in a.carried) if a.prior_year is not None else None,
        "carried_paths": "; ".join(f"{s.path}←{s.prior_path}" for s in a.carried),
        "plan_items": a.plan_items,
        "prior_plan_items": len(a.prior_plan) if a.prior_year is not None else None,
        "prior_plan_followed": followed if a.prior_year is not None else None,
        "share_followed": _pct(followed / len(a.prior_plan)) if a.prior_plan else None,
    }
    return row


def _whole(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Counts and years as nullable integers: 17, not 17.0, where other rows have none."""
    ints = {c.id: "Int64" for c in table.columns if c.kind in ("count", "year", "int")}
    return frame.astype(ints)


def audit_frame(audits: Iterable[ReportAudit]) -> pd.DataFrame:
    """The AUDIT table: one row per report, in the order given."""
    return _whole(AUDIT.frame(report_row(a) for a in audits), AUDIT)


def carryover_frame(sections: Sequence[CarriedSection]) -> pd.DataFrame:
    """The CARRYOVER table."""
    return _whole(CARRYOVER.frame({"issuer": s.issuer, "year": s.year, "path": s.path, "title": s.title,
                            "prior_year": s.prior_year, "prior_path": s.prior_path, "prior_title": s.prior_title,
                            "similarity": s.similarity, "section_chars": s.chars} for s in sections), CARRYOVER)


def followthrough_frame(items: Sequence[PlanItem]) -> pd.DataFrame:
    """The FOLLOWTHROUGH table."""
    return _whole(FOLLOWTHROUGH.frame({"issuer": p.issuer, "plan_year": p.plan_year, "plan_path": p.path,
                                "plan_title": p.title, "followed": p.followed, "measure_year": p.measure_year,
                                "measure_path": p.measure_path, "measure_title": p.measure_title,
                                "score": p.score} for p in items), FOLLOWTHROUGH)


@dataclass(frozen=True)
class AuditTables:
    """The audit as DataFrames: AUDIT, CARRYOVER and FOLLOWTHROUGH."""

    reports: pd.DataFrame = field(repr=False)
    carryover: pd.DataFrame = field(repr=False)
    followthrough: pd.DataFrame = field(repr=False)
