"""The one boundary where records become tables.

Every command's csv/json output and every pandas table is built here, from frozen records, so the
CLI and the library give the same rows (parity tests rely on it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from compare.models import Report

#: Columns of `report-compare outline` (csv/json), in order.
OUTLINE_COLUMNS = ("path", "level", "marker", "title", "role", "kind", "start", "end")

#: Columns of `report-compare info`.
INFO_COLUMNS = ("source", "format", "encoding", "title", "issuer", "year", "date", "sections", "sha256")


def records_frame(records: Iterable[Any], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame with `columns` from dataclass records (extra fields dropped, order kept)."""
    rows = [{c: getattr(r, c) for c in columns} if dataclasses.is_dataclass(r) else {c: r[c] for c in columns}
            for r in records]
    return pd.DataFrame(rows, columns=list(columns))


def outline_frame(report: Report, *, parts: bool = False) -> pd.DataFrame:
    """The section tree as a table: headings only, or with preamble / closing parts (`parts`)."""
    sections = report.sections if parts else report.headings
    return records_frame(sections, OUTLINE_COLUMNS)


def info_frame(report: Report) -> pd.DataFrame:
    """Metadata of one report as a one-row table."""
    row = {c: getattr(report, c) for c in INFO_COLUMNS if c != "sections"}
    row["sections"] = len(report.headings)
    return pd.DataFrame([row], columns=list(INFO_COLUMNS))
