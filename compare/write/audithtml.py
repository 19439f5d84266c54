"""The audit as one section of the overview page (index.html): a note, a table of the measures a
reader scans first (one row per report) and a small chart drawn as inline SVG (no image file, no
script, no network: the page stays self-contained). `audit_page_section(tables)` gives it as a
`PageSection` of compare.write.indexpage, which renders and escapes it like the page's other
tables. Headers and words are the workbook's (compare.write.auditlabels). Every text of the SVG is
escaped here; it has no style attribute, which the page's Content-Security-Policy would refuse.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from compare.schema import CLAIM_STATUS
from compare.write.auditlabels import COLUMNS, label, number, parts_text, whole, word
from compare.write.indexpage import PageSection, PageTable

if TYPE_CHECKING:
    import pandas as pd

    from compare.audit.table import AuditTables

#: Columns of the page's table: audit column ids, or a key for a cell that joins several
#: (claims: consistent/inconsistent/not checkable; followed: followed/items of the year before).
PAGE_COLUMNS: tuple[str, ...] = ("issuer", "year", "missing_parts", "timeliness", "indicators_per_1000",
                                 "share_with_figure", "share_slogan", "claims", "carried_sections", "followed")
#: Headers of the joined cells, from the labels of the columns they join.
JOINED_HEADERS = {"claims": f"{label('claims_stated')}（{'/'.join(CLAIM_STATUS.values())}）",
                  "followed": label("prior_plan_followed")}
#: Size of the inline chart: one bar per report.
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_WIDTH = 16, 6, 190, 260


def header(key: str) -> str:
    """The page's header of column `key`: the workbook's label, or the joined cell's."""
    return JOINED_HEADERS.get(key) or label(key)


def _cell(row: dict[str, Any], key: str) -> str:
    """The text of one page cell."""
    if key == "missing_parts":
        return parts_text(str(row[key] or "")) or "—"
    if key == "timeliness":
        status = str(row[key])
        return f"{word(key, status)}{whole(row['days_late'])}天" if status == "late" else word(key, status)
    if key in ("share_with_figure", "share_slogan"):
        f = number(row[key])
        return "" if f is None else f"{f:g}%"
    if key == "indicators_per_1000":
        f = number(row[key])
        return "" if f is None else f"{f:.2f}"
    if key == "claims":
        return "/".join(whole(row[f"claims_{k}"]) for k in ("consistent", "inconsistent", "not_checkable"))
    if key == "followed":
        items = whole(row["prior_plan_items"])
        return "" if items == "" else f"{whole(row['prior_plan_followed'])}/{items}"
    if key in ("year", "carried_sections"):
        return whole(row[key])
    return str(row[key] or "")


def _chart(reports: pd.DataFrame) -> str:
    """Horizontal bars: share of work sections with a figure, one bar per report."""
    rows = [(f"{r['issuer']} {whole(r['year'])}", number(r["share_with_figure"]))
            for r in reports.to_dict(orient="records")]
    if not rows:
        return ""
    step = BAR_HEIGHT + BAR_GAP
    height = step * len(rows) + 24
    width = LABEL_WIDTH + BAR_WIDTH + 50
    title = label("share_with_figure")
    parts = [f'<svg class="audit-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f"<title>{html.escape(title)}（每份报告）</title>",
             f'<text x="0" y="12" font-size="12">{html.escape(title)}</text>']
    for n, (name, share) in enumerate(rows):
        y = 20 + n * step
        w = 0.0 if share is None else BAR_WIDTH * max(0.0, min(share, 100.0)) / 100
        shown = "—" if share is None else f"{share:g}%"
        parts += [f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 4}" font-size="11" '
                  f'text-anchor="end">{html.escape(name)}</text>',
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
    rows = tuple(tuple(_cell(row, key) for key in PAGE_COLUMNS)
                 for row in tables.reports.to_dict(orient="records"))
    # Numbers are aligned right: the columns of counts, years and measures shown as they are.
    numeric = frozenset(i for i, key in enumerate(PAGE_COLUMNS)
                        if key in COLUMNS and COLUMNS[key].kind in ("year", "count", "value"))
    table = PageTable(tuple(header(key) for key in PAGE_COLUMNS), rows, numeric)
    return PageSection(title=title, table=table, note=_note(tables, where), drawing=_chart(tables.reports),
                       anchor="audit")
