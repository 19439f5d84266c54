"""Audit measure: next-year plan follow-through.

The plan items of year N are the sub-items of its next_year_plan part (the headings directly under
it: （一）推进行政复议体制改革 …). An item is followed through when it reappears as a measure in
year N+1: some section of the N+1 report's measures part (measures_results or first_responsible
roles, any level) scores at least FOLLOW_MIN_SCORE against it with the alignment's own similarity
(compare.across.scores.score_matrix: bigram TF-IDF cosine of the titles, weight 0.4, and of the
texts, numbers folded). The alignment forbids pairing a plan with a result (roles must agree), so
the roles are set aside for this one comparison; the threshold is the alignment's MATCH_THRESHOLD,
the score at which it calls two sections the same topic.

Several plan items may be followed by one broad measure section. Limits: an item that was done
but written up in other words (a plan to 建设法治文化主题公园 reported as 建成法治广场) shares few
bigrams and reads as not followed; an item that reappears as a plan again (not done) is not found
in the measures part, as it should. A plan part without sub-items has no items to follow.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from compare.across.align import MATCH_THRESHOLD
from compare.across.scores import score_matrix
from compare.across.units import SectionUnits, section_units
from compare.audit.parts import MEASURE_ROLES
from compare.models import Report, Section

#: Lowest alignment score at which a plan item counts as reappearing as a measure.
FOLLOW_MIN_SCORE = MATCH_THRESHOLD


@dataclass(frozen=True)
class PlanItem:
    """One plan item of year N, and the measure of year N+1 it reappears as (if any)."""

    issuer: str
    plan_year: int | None  # the year of the report that made the plan
    path: str  # the plan item's section in that report
    title: str
    followed: bool  # reappears as a measure in the next report
    measure_year: int | None  # the next report's year
    measure_path: str  # its best-matching measures section ("" when none scores FOLLOW_MIN_SCORE)
    measure_title: str
    score: float  # the best score against the next report's measures (0..1)


def plan_items(report: Report) -> tuple[Section, ...]:
    """The headings directly under a next_year_plan top part."""
    tops = {s.path for s in report.headings if s.level == 1 and s.role == "next_year_plan"}
    return tuple(s for s in report.headings if s.parent_path in tops)


def _roleless(units: Sequence[Any]) -> list[Any]:
    # The alignment forbids plan -> result pairs through the roles; this comparison is exactly that.
    return [dataclasses.replace(u, section=dataclasses.replace(u.section, role="")) for u in units]


#: How a report's headings are prepared for alignment: compare.across.align.section_units, or a
#: memo of it when a series is audited (each report is the new one of a pair and the old of the next).
Units = Callable[[Report], SectionUnits]


def follow_through(old: Report, new: Report, issuer: str = "", *, units: Units = section_units) -> tuple[PlanItem, ...]:
    """Each plan item of `old` and whether it reappears as a measure of `new`."""
    items = {s.path for s in plan_items(old)}
    if not items:
        return ()
    plan = [u for u in units(old) if u.section.path in items]
    measures = [u for u in units(new) if u.section.role in MEASURE_ROLES]
    scores = score_matrix(_roleless(plan), _roleless(measures)) if measures else None
    out = []
    for i, u in enumerate(plan):
        best, j = (0.0, -1)
        if scores is not None and scores.shape[1]:
            j = int(scores[i].argmax())
            best = float(scores[i, j])
        hit = measures[j].section if j >= 0 and best >= FOLLOW_MIN_SCORE else None
        out.append(PlanItem(issuer=issuer or old.issuer, plan_year=old.year, path=u.section.path,
                            title=u.section.title, followed=hit is not None, measure_year=new.year,
                            measure_path=hit.path if hit else "", measure_title=hit.title if hit else "",
                            score=round(best, 4)))
    return tuple(out)
