"""One report's extraction as a record: Report -> ReportResult (indicators and claims of one scan).

It lives in the extract stage, not in compare.engine, so that later stages (compare.across) can
take or compute it without importing the orchestration that runs it over many files.
"""

from __future__ import annotations

from dataclasses import dataclass

from compare.extract.claims import extract_claims
from compare.extract.indicators import scan
from compare.extract.lexicon import Lexicon, load_lexicon
from compare.models import Claim, Indicator, Report


@dataclass(frozen=True)
class ReportResult:
    """Everything computed from one report file alone: what later stages (alignment, changes,
    writers) take instead of computing it again. Pickles in ~60 KB for the seed (~17 KB in the
    cache, compressed), so it crosses process boundaries cheaply."""

    report: Report  # metadata and section tree (compare.read.loading)
    indicators: tuple[Indicator, ...]  # document order (compare.extract.indicators)
    claims: tuple[Claim, ...]  # stated changes, document order (compare.extract.claims)


def analyse(report: Report, lexicon: Lexicon | None = None) -> ReportResult:
    """Indicators and claims of a loaded report, from one scan of its numbers."""
    lexicon = lexicon or load_lexicon()
    indicators, phrases = scan(report, lexicon)
    claims = extract_claims(report, indicators, lexicon, phrases=phrases)
    return ReportResult(report=report, indicators=indicators, claims=claims)


__all__ = ["ReportResult", "analyse"]
