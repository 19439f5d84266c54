"""Audit measure: text carried over from the issuer's previous report.

A section is carried over when its text is near-identical to the text of a section of the issuer's
previous report: rapidfuzz's normalised Indel ratio (`fuzz.ratio` / 100, 1 = identical) of the two
bodies is at least CARRYOVER_MIN_RATIO, both compared on `compare.textnorm.key` (full-width folded,
punctuation and spaces removed; numbers kept, so a paragraph with only its figures updated still
counts: 0.9 allows about one changed character in ten). Headings are not compared (a new title on
an old paragraph is still an old paragraph), and a body shorter than CARRYOVER_MIN_CHARS is left
out: short bodies (one sentence of a slogan, a bare heading) are alike in every report.

Threshold: on tests/fixtures/audit a paragraph copied with one phrase changed scores 0.97 and the
same topics rewritten by hand 0.14–0.78 (a paragraph kept with its figures and one phrase changed
measured 0.89: the threshold is strict on purpose, a reader should agree with every section listed);
the 嘉陵 fixtures of tests/fixtures/corpus, written to reuse text between years, give 7 and 8
carried-over sections per pair at 0.90–1.00. Limits: a paragraph moved into a longer section
of the new report (diluted by new text) scores below the threshold; the measure finds copies of
whole section bodies, not of single sentences (the section diffs, `report-compare diff`, show those).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from compare.models import Report, Section
from compare.textnorm import key

#: Lowest similarity (0..1, rapidfuzz ratio of the normalised bodies) of a carried-over section.
CARRYOVER_MIN_RATIO = 0.9
#: Shortest body (characters after normalisation) that is compared at all.
CARRYOVER_MIN_CHARS = 40


@dataclass(frozen=True)
class CarriedSection:
    """A section of a report whose text is near-identical to a section of the previous report."""

    issuer: str
    year: int | None  # the later report's year
    path: str  # its section
    title: str
    prior_year: int | None  # the earlier report's year
    prior_path: str  # the earlier report's section
    prior_title: str
    similarity: float  # 0..1
    chars: int  # characters of the later section's body (normalised)


def _bodies(report: Report) -> list[tuple[Section, str]]:
    out = []
    for s in report.headings:
        body = key(s.body)
        if len(body) >= CARRYOVER_MIN_CHARS:
            out.append((s, body))
    return out


def carried_over(old: Report, new: Report, issuer: str = "") -> tuple[CarriedSection, ...]:
    """Sections of `new` whose body is near-identical to a body of `old` (best match each)."""
    before = _bodies(old)
    if not before:
        return ()
    choices = [b for _, b in before]
    out = []
    for s, body in _bodies(new):
        hit = process.extractOne(body, choices, scorer=fuzz.ratio, score_cutoff=CARRYOVER_MIN_RATIO * 100)
        if hit is None:
            continue
        _, score, k = hit
        prior = before[k][0]
        out.append(CarriedSection(issuer=issuer or new.issuer, year=new.year, path=s.path, title=s.title,
                                  prior_year=old.year, prior_path=prior.path, prior_title=prior.title,
                                  similarity=round(float(score) / 100, 4), chars=len(body)))
    return tuple(out)
