"""The audit in a workbook: an Audit sheet (one row per report) and its two detail sheets
(Carried over, Plan follow-through), written by the comparison workbook's own sheet writer
(compare.write.excel), so they look like every other sheet: Chinese headers each with a comment
giving the English column id and its meaning once, values a reader scans in Chinese (独立部分 /
仅为子项 / 缺少, 按时 / 逾期, 是 / 否: the columns' `Column.values`, from
compare.write.auditlabels, the words every audit writer shows), typed numbers with their
formats, 缺少 and 逾期 shaded light orange, the header row and the issuer/year columns frozen,
printable.

`audit_sheets(tables)` gives the three sheets as `extra` sheets of the comparison workbook
(compare.pipeline.write_workbook adds them after Failures); `write_audit_workbook(path, tables)`
writes them alone, atomically (what `report-compare audit --out DIR` writes as DIR/audit.xlsx).
csv and json keep the English ids that scripts filter on.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from compare.audit.parts import PART_LABELS
from compare.audit.table import AUDIT, CARRYOVER, FOLLOWTHROUGH
from compare.schema import Column, Table
from compare.write import excel
from compare.write.auditlabels import SHOWN, parts_text, with_words
from compare.write.excel import SheetTable

if TYPE_CHECKING:
    import pandas as pd

    from compare.audit.table import AuditTables

#: Sheet names.
AUDIT_SHEET, CARRYOVER_SHEET, FOLLOWTHROUGH_SHEET = AUDIT.name, CARRYOVER.name, FOLLOWTHROUGH.name

#: What a reader should see at once, shaded light orange: a missing part, a late report.
ALERTS: Mapping[str, tuple[str, ...]] = {**{f"{p}_status": (SHOWN["missing"],) for p in PART_LABELS},
                                         "timeliness": (SHOWN["late"],)}
#: Issuer and year (plan year) stay in view when scrolling right.
FREEZE = "C2"


def sheet_columns(table: Table) -> tuple[Column, ...]:
    """`table`'s columns with the readers' words for their values (flags 是/否, statuses)."""
    return tuple(with_words(col) for col in table.columns)


def _shown(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every column of `table` (an empty audit may have none) and the missing parts
    (a comma list of part ids) in Chinese, 、-separated."""
    if any(c not in frame.columns for c in table.ids):
        frame = frame.reindex(columns=list(table.ids))
    if "missing_parts" in frame.columns:
        frame = frame.assign(missing_parts=[parts_text(v) for v in frame["missing_parts"].tolist()])
    return frame


def audit_sheets(tables: AuditTables) -> dict[str, SheetTable]:
    """The Audit, Carried over and Plan follow-through sheets, in that order, for
    `compare.write.excel.write_workbook(extra=...)` or `write_sheets`."""
    return {table.name: SheetTable(_shown(table, frame), sheet_columns(table), FREEZE, ALERTS)
            for table, frame in ((AUDIT, tables.reports), (CARRYOVER, tables.carryover),
                                 (FOLLOWTHROUGH, tables.followthrough))}


def write_audit_workbook(path: str | Path, tables: AuditTables) -> Path:
    """A workbook of the three audit sheets, written atomically (fixed times: identical tables give
    identical bytes)."""
    return excel.write_sheets(path, audit_sheets(tables))
