"""The audit as one section of the overview page (index.html): a title, a table of the measures a
reader scans first (one row per report) and a small chart drawn as inline SVG (no image file, no
script, no network: the page stays self-contained). `audit_page_section(tables)` gives it as a
`PageSection` of compare.write.indexpage, styled like the page's other tables;
`audit_html_section(tables)` returns a standalone HTML fragment (classes `audit`, `audit-table`,
`audit-chart`, `audit-flag`). All report text is escaped; the SVG has no style attribute, which
the page's Content-Security-Policy would refuse.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

from compare.audit.parts import PART_LABELS
from compare.write.indexpage import PageSection, PageTable

if TYPE_CHECKING:
    import pandas as pd

    from compare.audit.table import AuditTables

#: Columns of the page's table: (column id or computed key, header).
PAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("issuer", "发文机关"), ("year", "年度"), ("missing_parts", "缺少的部分"), ("timeliness", "公开时效"),
    ("indicators_per_1000", "每千字指标数"), ("share_with_figure", "含数据章节"), ("share_slogan", "仅口号章节"),
    ("claims", "同比变化核对（一致/不一致/无法核对）"), ("carried_sections", "沿用上年章节"),
    ("followed", "上年安排落实"),
)
#: Size of the inline chart: one bar per report.
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_WIDTH = 16, 6, 190, 260


def _num(v: Any) -> float | None:
    if v is None or type(v).__name__ == "NAType":
        return None
    f = float(v)
    return None if math.isnan(f) else f


def _int(v: Any) -> str:
    f = _num(v)
    return "" if f is None else str(int(f))


def _cell(row: dict[str, Any], key: str) -> tuple[str, bool]:
    """The text of one page cell and whether it is a finding to flag (missing part, late, inconsistent)."""
    if key == "missing_parts":
        parts = [PART_LABELS.get(p.strip(), p.strip()) for p in str(row[key] or "").split(",") if p.strip()]
        return ("、".join(parts) or "—", bool(parts))
    if key == "timeliness":
        status = str(row[key])
        text = {"on time": "按时", "date not found": "未找到日期", "year not found": "未找到年度"}.get(status, status)
        return (f"逾期{_int(row['days_late'])}天" if status == "late" else text, status == "late")
    if key in ("share_with_figure", "share_slogan"):
        f = _num(row[key])
        return ("" if f is None else f"{f:g}%", False)
    if key == "indicators_per_1000":
        f = _num(row[key])
        return ("" if f is None else f"{f:.2f}", False)
    if key == "claims":
        bad = _int(row["claims_inconsistent"])
        text = f"{_int(row['claims_consistent'])}/{bad}/{_int(row['claims_not_checkable'])}"
        return (text, bad not in ("", "0"))
    if key == "followed":
        items = _int(row["prior_plan_items"])
        return ("" if items == "" else f"{_int(row['prior_plan_followed'])}/{items}", False)
    if key == "carried_sections":
        return (_int(row[key]), _int(row[key]) not in ("", "0"))
    return (_int(row[key]) if key == "year" else str(row[key] or ""), False)


def _table(reports: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for _, h in PAGE_COLUMNS)
    body = []
    for row in reports.to_dict(orient="records"):
        cells = []
        for key, _ in PAGE_COLUMNS:
            text, flag = _cell(row, key)
            cls = ' class="audit-flag"' if flag else ""
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table class="audit-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _chart(reports: pd.DataFrame) -> str:
    """Horizontal bars: share of work sections with a figure, one bar per report."""
    rows = [(f"{r['issuer']} {_int(r['year'])}", _num(r["share_with_figure"]))
            for r in reports.to_dict(orient="records")]
    if not rows:
        return ""
    step = BAR_HEIGHT + BAR_GAP
    height = step * len(rows) + 24
    width = LABEL_WIDTH + BAR_WIDTH + 50
    parts = [f'<svg class="audit-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg">',
             "<title>含数据章节占比（每份报告）</title>",
             '<text x="0" y="12" font-size="12">含数据章节占比</text>']
    for n, (label, share) in enumerate(rows):
        y = 20 + n * step
        w = 0.0 if share is None else BAR_WIDTH * max(0.0, min(share, 100.0)) / 100
        shown = "—" if share is None else f"{share:g}%"
        parts += [f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 4}" font-size="11" '
                  f'text-anchor="end">{html.escape(label)}</text>',
                  f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" fill="#eeeeee"/>',
                  f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" fill="#2ca02c"/>',
                  f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + BAR_HEIGHT - 4}" '
                  f'font-size="11">{shown}</text>']
    parts.append("</svg>")
    return "".join(parts)


def _note(tables: AuditTables, where: str) -> str:
    plans = tables.followthrough
    followed = int(plans["followed"].astype(bool).sum()) if len(plans) else 0
    return (f"{len(tables.reports)} 份报告；沿用上年文字的章节 {len(tables.carryover)} 个；"
            f"上年安排条目 {len(plans)} 条，其中 {followed} 条在下一年报告中有对应举措。"
            f"各项指标不合成总分；详见 {where}。")


def audit_page_section(tables: AuditTables, *, title: str = "报告审查 Audit",
                       where: str = "工作簿的 Audit 工作表") -> PageSection:
    """The audit as a section of index.html: the note, one row per report, the bar chart."""
    rows = tuple(tuple(_cell(row, key)[0] for key, _ in PAGE_COLUMNS)
                 for row in tables.reports.to_dict(orient="records"))
    numeric = frozenset(i for i, (key, _) in enumerate(PAGE_COLUMNS)
                        if key in ("year", "indicators_per_1000", "share_with_figure", "share_slogan",
                                   "carried_sections"))
    table = PageTable(tuple(h for _, h in PAGE_COLUMNS), rows, numeric)
    return PageSection(title=title, table=table, note=_note(tables, where), drawing=_chart(tables.reports),
                       anchor="audit")


def audit_html_section(tables: AuditTables, *, title: str = "报告审查") -> str:
    """The audit section as a standalone HTML fragment: title, note, table and chart."""
    reports = tables.reports
    note = _note(tables, "audit.xlsx")
    return (f'<section class="audit" id="audit"><h2>{html.escape(title)}</h2>'
            f"<p>{html.escape(note)}</p>{_table(reports)}{_chart(reports)}</section>")
