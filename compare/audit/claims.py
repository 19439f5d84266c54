"""Audit measure: do the report's stated year-over-year changes hold.

The claim check itself is the across stage's (compare.across.changes: every stated change is set
against the earlier report's value, within the report's rounding or truncation). This module only
counts its verdicts per report, from the changes table (`compare.changes_table` /
`compare.corpus_changes`, schema.CHANGES): a row with a `claim_status` belongs to the report in its
`source_new`. A stated change the across stage could not place on any row (no indicator to attach
it to) counts as not checkable.
"""

from __future__ import annotations

from collections.abc import Mapping
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


#: Checked verdicts per report file (its `source`): (consistent, inconsistent).
Verdicts = Mapping[str, tuple[int, int]]


def claim_verdicts(changes: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """The checked verdicts of every report in a changes table, counted in one pass (filtering the
    table once per report made the audit of a corpus quadratic in its size)."""
    if not len(changes):
        return {}
    rows = changes[changes["pair"] != "first_last"]
    status = rows["claim_status"].fillna("").astype(str)
    counts: dict[str, list[int]] = {}
    for source, verdict in zip(rows["source_new"].astype(str), status, strict=True):
        if verdict in ("consistent", "inconsistent"):
            counts.setdefault(source, [0, 0])[verdict == "inconsistent"] += 1
    return {source: (c[0], c[1]) for source, c in counts.items()}


def claim_counts(report: Report, stated: int, verdicts: Verdicts) -> ClaimCounts:
    """Counts for `report`, which states `stated` changes (len of its compare.extract claims), from the
    checked verdicts of its corpus (`claim_verdicts` of the changes table)."""
    consistent, inconsistent = verdicts.get(report.source, (0, 0))
    # Rows are per stated change; a stated change with no row is not checkable.
    stated = max(stated, consistent + inconsistent)
    return ClaimCounts(stated=stated, consistent=consistent, inconsistent=inconsistent,
                       not_checkable=stated - consistent - inconsistent)
