"""Audit measure: do the report's stated year-over-year changes hold.

The claim check itself is the across stage's (compare.across.changes: every stated change is set
against the earlier report's value, within the report's rounding or truncation). This module only
counts its verdicts per report, from the changes table (`compare.changes_table` /
`compare.corpus_changes`, schema.CHANGES): a row with a `claim_status` belongs to the report in its
`source_new`. A stated change the across stage could not place on any row (no indicator to attach
it to) counts as not checkable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from compare.models import Report

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class ClaimCounts:
    """Stated changes of one report and what the check against the earlier report found."""

    stated: int  # changes the report states (同比上升18.51%, 比上年增加5件)
    consistent: int  # checked against the earlier report: they agree
    inconsistent: int  # checked: they disagree
    not_checkable: int  # no earlier value to check against (no earlier report, no matching figure)

    @property
    def checked(self) -> int:
        """Stated changes checked against the earlier report (consistent or not)."""
        return self.consistent + self.inconsistent


def claim_counts(report: Report, stated: int, changes: pd.DataFrame) -> ClaimCounts:
    """Counts for `report`, which states `stated` changes (len of its compare.extract claims), from the
    changes table of its corpus."""
    consistent = inconsistent = 0
    if len(changes):
        mine = changes[(changes["source_new"] == report.source) & (changes["pair"] != "first_last")]
        status = mine["claim_status"].fillna("").astype(str)
        consistent = int((status == "consistent").sum())
        inconsistent = int((status == "inconsistent").sum())
    # Rows are per stated change; a stated change with no row is not checkable.
    stated = max(stated, consistent + inconsistent)
    return ClaimCounts(stated=stated, consistent=consistent, inconsistent=inconsistent,
                       not_checkable=stated - consistent - inconsistent)
