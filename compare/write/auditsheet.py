"""The audit in a workbook: an Audit sheet (one row per report) and its two detail sheets
(Carried over, Plan follow-through), written into an openpyxl Workbook the caller owns.

`add_audit_sheets(wb, tables)` adds the sheets to any workbook (the comparison workbook of
`compare`, once wired in); `write_audit_workbook(path, tables)` writes them alone, atomically (what
`report-compare audit --out DIR` writes as DIR/audit.xlsx). Headers are the Chinese labels of
compare.audit.table, each with a comment giving the English column id and its meaning once; values a
reader scans are shown in Chinese too (独立部分 / 仅为子项 / 缺少, 按时 / 逾期, 是 / 否), while csv and
json keep the English ids that scripts filter on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from compare.audit.parts import PART_LABELS
from compare.audit.table import AUDIT, CARRYOVER, FOLLOWTHROUGH
from compare.schema import Table
from compare.write.atomic import write_atomic
from compare.write.textsafety import looks_like_formula

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl.worksheet.worksheet import Worksheet

    from compare.audit.table import AuditTables

#: Sheet names.
AUDIT_SHEET, CARRYOVER_SHEET, FOLLOWTHROUGH_SHEET = AUDIT.name, CARRYOVER.name, FOLLOWTHROUGH.name

#: Values shown in Chinese on the sheets (csv / json keep the ids).
SHOWN: Mapping[str, str] = {
    "top": "独立部分", "sub-item": "仅为子项", "missing": "缺少",
    "on time": "按时", "late": "逾期", "date not found": "未找到日期", "year not found": "未找到年度",
    "page": "网页发布日期", "report": "报告落款日期",
}
_STATUS_COLUMNS = frozenset({"timeliness", "deadline_basis", *(f"{p}_status" for p in PART_LABELS)})
_MISSING_FILL = PatternFill(start_color="FFFCE4D6", end_color="FFFCE4D6", fill_type="solid")  # light orange
_HEADER_FILL = PatternFill(start_color="FFF2F2F2", end_color="FFF2F2F2", fill_type="solid")
_HEADER_FONT = Font(bold=True)
#: Widest column, in characters (long text wraps within it).
MAX_WIDTH = 40


def _value(column: str, kind: str, value: Any) -> Any:
    """A cell value: blank for missing, Chinese for statuses and flags, text never a formula."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if kind == "flag":
        return "是" if bool(value) else "否"
    if column == "missing_parts" and isinstance(value, str):
        return "、".join(PART_LABELS.get(p.strip(), p.strip()) for p in value.split(",") if p.strip())
    if column in _STATUS_COLUMNS and isinstance(value, str):
        return SHOWN.get(value, value)
    return value


def _width(text: str) -> int:
    # CJK characters take two columns.
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def add_sheet(wb: Workbook, table: Table, frame: pd.DataFrame) -> Worksheet:
    """One sheet named after `table`, with its labelled headers and one row per frame row."""
    ws = wb.create_sheet(table.name)
    widths = []
    for n, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=n, value=col.label)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(f"{col.id}: {col.note}", "report-compare")
        widths.append(_width(col.label))
    for r, row in enumerate(frame.itertuples(index=False), start=2):
        for n, (col, raw) in enumerate(zip(table.columns, row, strict=True), start=1):
            value = _value(col.id, col.kind, raw)
            cell = ws.cell(row=r, column=n)
            if isinstance(value, str) and looks_like_formula(value):
                cell.set_explicit_value(value, data_type="s")  # report text is never run as a formula
            else:
                cell.value = value
            if col.fmt and isinstance(value, (int, float)):
                cell.number_format = col.fmt
            if value == SHOWN["missing"] or value == SHOWN["late"]:
                cell.fill = _MISSING_FILL
            widths[n - 1] = max(widths[n - 1], _width(str(value)) if value is not None else 0)
    for n, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = min(max(w + 2, 8), MAX_WIDTH)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(len(frame) + 1, 1)}"
    # Printable: landscape, one page wide, the header row on every page.
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"
    return ws


def add_audit_sheets(wb: Workbook, tables: AuditTables) -> tuple[Worksheet, ...]:
    """The Audit, Carried over and Plan follow-through sheets, appended to `wb`."""
    return (add_sheet(wb, AUDIT, tables.reports), add_sheet(wb, CARRYOVER, tables.carryover),
            add_sheet(wb, FOLLOWTHROUGH, tables.followthrough))


def write_audit_workbook(path: str | Path, tables: AuditTables) -> Path:
    """A workbook of the three audit sheets, written atomically."""
    wb = Workbook()
    default = wb.active
    add_audit_sheets(wb, tables)
    if default is not None:
        wb.remove(default)
    # Fixed document properties: no creation time of the run in the file.
    import datetime as dt

    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = wb.properties.modified = fixed

    def write(tmp: Path) -> None:
        wb.save(tmp)

    return write_atomic(path, write, create_folder=True)
