"""One report's audit: every measure of compare.audit in one frozen record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compare.across.units import section_units
from compare.audit.carryover import CarriedSection, carried_over
from compare.audit.claims import ClaimCounts, Verdicts, claim_counts, claim_verdicts
from compare.audit.density import Density, density
from compare.audit.followthrough import PlanItem, Units, follow_through, plan_items
from compare.audit.parts import PartFinding, PartLengths, find_parts, missing_parts, part_lengths
from compare.audit.timeliness import Timeliness, timeliness
from compare.models import Claim, Indicator, Report

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class ReportAudit:
    """The audit of one report: no overall score (evaluators weight the measures themselves)."""

    issuer: str  # as compare.across.changes names it (the issuer of the series' latest report)
    report: Report
    parts: tuple[PartFinding, ...]  # one per compare.audit.parts.REQUIRED_PARTS, in that order
    timeliness: Timeliness
    density: Density
    claims: ClaimCounts
    lengths: PartLengths
    plan_items: int  # plan items this report makes for next year
    prior_year: int | None = None  # year of the issuer's previous report in the corpus, None when none
    carried: tuple[CarriedSection, ...] = ()  # sections near-identical to the previous report's
    prior_plan: tuple[PlanItem, ...] = ()  # the previous report's plan items, followed here or not

    @property
    def missing(self) -> tuple[str, ...]:
        """Required parts not found."""
        return missing_parts(self.parts)

    def part(self, name: str) -> PartFinding:
        """The finding for one required part."""
        return next(f for f in self.parts if f.part == name)

    @property
    def followed(self) -> int:
        """Plan items of the previous report that reappear here as measures."""
        return sum(1 for p in self.prior_plan if p.followed)


def audit_report(report: Report, indicators: Sequence[Indicator], claims: Sequence[Claim], changes: pd.DataFrame,
                 *, issuer: str = "", prior: Report | None = None, units: Units = section_units,
                 verdicts: Verdicts | None = None) -> ReportAudit:
    """Every measure of `report` (its indicators and stated changes from compare.extract; `changes`:
    its corpus' changes table, for the claim checks); with the issuer's previous report `prior`, the
    carried-over text and the follow-through of that report's plan (`units`: how headings are prepared
    for the alignment's similarity; a memo when a whole series is audited; `verdicts`: the claim
    checks of `changes` counted per report, when a whole corpus is audited)."""
    parts = find_parts(report)
    name = issuer or report.issuer
    return ReportAudit(
        issuer=name,
        report=report,
        parts=parts,
        timeliness=timeliness(report),
        density=density(report, indicators),
        claims=claim_counts(report, len(claims), claim_verdicts(changes) if verdicts is None else verdicts),
        lengths=part_lengths(report, parts),
        plan_items=len(plan_items(report)),
        prior_year=prior.year if prior is not None else None,
        carried=carried_over(prior, report, name) if prior is not None else (),
        prior_plan=follow_through(prior, report, name, units=units) if prior is not None else (),
    )
