"""How the audit's values read, for every audit writer (the sheets, the overview page's section,
the charts, the terminal table): the one place that says which Chinese word shows a status, how a
list of missing parts is written, what a column is headed, and when a cell holds no number.

csv and json keep the English ids (`on time`, `shortcomings`) that scripts filter on; the writers
for people show the words below. Headers are the columns' labels in compare.audit.table, the
schema of the audit's tables.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from compare.audit.parts import PART_LABELS
from compare.audit.table import AUDIT_TABLES
from compare.schema import FLAG_VALUES, Column

#: Values shown in Chinese on the sheets and the page (csv / json keep the ids).
SHOWN: Mapping[str, str] = {
    "top": "独立部分", "sub-item": "仅为子项", "missing": "缺少",
    "on time": "按时", "late": "逾期", "date not found": "未找到日期", "year not found": "未找到年度",
    "page": "网页发布日期", "report": "报告落款日期",
}
_PART_STATUS = {k: SHOWN[k] for k in ("top", "sub-item", "missing")}
#: The readers' words per column (a column not named here shows its values as they are).
VALUES: Mapping[str, Mapping[str, str]] = {
    **{f"{p}_status": _PART_STATUS for p in PART_LABELS},
    "timeliness": {k: SHOWN[k] for k in ("on time", "late", "date not found", "year not found")},
    "deadline_basis": {k: SHOWN[k] for k in ("page", "report")},
}
#: Every column of the audit's tables by id (the header a reader sees is its `label`).
COLUMNS: Mapping[str, Column] = {c.id: c for table in AUDIT_TABLES for c in table.columns}


def number(value: Any) -> float | None:
    """A cell as a number, None when it holds none (None, NaN, pd.NA: no previous report, no date)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return None
    f = float(value)
    return None if math.isnan(f) else f


def whole(value: Any) -> str:
    """A count or a year as text: "17", "" when missing."""
    f = number(value)
    return "" if f is None else str(int(f))


def word(column: str, value: Any) -> str:
    """`value` of `column` in the readers' words (on time -> 按时); as it is when there is none."""
    text = str(value)
    return VALUES.get(column, {}).get(text, text)


def parts_text(value: Any) -> Any:
    """The `missing_parts` cell (a comma list of part ids) in Chinese, 、-separated: "存在的不足和原因";
    a missing value stays as it is."""
    if not isinstance(value, str):
        return value
    return "、".join(PART_LABELS.get(p.strip(), p.strip()) for p in value.split(",") if p.strip())


def label(column: str) -> str:
    """The Chinese header of an audit column (the workbook's, the page's)."""
    return COLUMNS[column].label


def with_words(column: Column) -> Column:
    """`column` with the readers' words for its values (flags 是/否, statuses), unless it has its own."""
    values = VALUES.get(column.id) or (FLAG_VALUES if column.kind == "flag" else None)
    if not values or column.values:
        return column
    return dataclasses.replace(column, values=values)
