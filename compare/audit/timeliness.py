"""Audit measure: was the report published by the deadline.

The regulation asks for the report of year N to be published by 1 April of year N+1. Two dates can
be known: the report's own date (compare.read.metadata: the signature date, else a page date) and
the date the page says it was published (发布时间 2023-04-18, 日期:2021-01-13, a bare date line in
the page's header). Publication is what the deadline is about, so the page date decides when the
page gives one; otherwise the report's date does, and `basis` says which. A report signed on time
may still have been published late: without a page date that cannot be seen, and the README says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from compare.models import Report
from compare.read.metadata import TITLE_SEARCH_LINES, find_date

#: Deadline: 1 April of the year after the year reported on (厅字〔2019〕28号).
DEADLINE_MONTH, DEADLINE_DAY = 4, 1

TimelinessStatus = Literal["on time", "late", "date not found", "year not found"]


@dataclass(frozen=True)
class Timeliness:
    """The report's dates against its deadline."""

    report_date: str  # ISO date of the report (signature, else page date; compare.read.metadata); "" when none
    page_date: str  # ISO date the page gives as its publication date; "" when none
    deadline: str  # ISO date, 1 April of year + 1; "" when the year is unknown
    basis: Literal["page", "report", ""]  # which date was judged: the page's when given
    status: TimelinessStatus
    days_late: int | None  # days after the deadline (0 or more when late); None unless late

    @property
    def text(self) -> str:
        """"on time", "late by 17 days", "date not found", "year not found"."""
        if self.status == "late":
            return f"late by {self.days_late} day{'s' if self.days_late != 1 else ''}"
        return self.status


def page_date(report: Report) -> str:
    """The publication date printed in the page's header (the lines above the first heading, at
    most TITLE_SEARCH_LINES of them, so a signature at the end of a report without headings is never
    read as one); "" when there is none."""
    first = next((s.start for s in report.headings), len(report.text))
    head = "\n".join(report.text[:first].split("\n")[:TITLE_SEARCH_LINES])
    # compare.read.metadata's rule for page dates: a labelled date (发布时间 …) or a line that is only a date.
    return find_date(head, ())


def _parse(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return None


def timeliness(report: Report) -> Timeliness:
    """The report's dates against 1 April of the following year."""
    page = page_date(report)
    if report.year is None:
        return Timeliness(report.date, page, "", "", "year not found", None)
    deadline = dt.date(report.year + 1, DEADLINE_MONTH, DEADLINE_DAY)
    basis: Literal["page", "report", ""] = "page" if _parse(page) else "report" if _parse(report.date) else ""
    judged = _parse(page) or _parse(report.date)
    if judged is None:
        return Timeliness(report.date, page, deadline.isoformat(), "", "date not found", None)
    late = (judged - deadline).days
    if late > 0:
        return Timeliness(report.date, page, deadline.isoformat(), basis, "late", late)
    return Timeliness(report.date, page, deadline.isoformat(), basis, "on time", None)
