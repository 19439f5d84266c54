"""The headings of one report prepared for alignment: normalised texts and bigram bags, computed
once per report (a report in a series is aligned against both neighbours)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from compare.across.similarity import bag, fold_numbers, normalise_text
from compare.models import Report, Section
from compare.textnorm import NON_WORD


@dataclass(frozen=True)
class SectionUnit:
    """A heading prepared for alignment."""

    section: Section
    index: int  # position among the report's headings
    parent: int  # index of the parent heading, -1 for a top heading
    content: str  # body and sub-sections' text (without the heading's own title)
    own: str  # title + own body, normalised: what "unchanged" compares
    full: str  # title + content, normalised: what the Lazy-Prices measures compare
    own_bag: Counter[str]  # bigrams of `own` with numbers folded: what split / merge compare
    title_bag: Counter[str]  # bigrams of the title, numbers folded
    content_bag: Counter[str]  # bigrams of the content, numbers folded


#: The headings of one report prepared for alignment (`section_units`): what a caller aligning one
#: report against both neighbours (a series of years) prepares once and passes to `align_sections`.
SectionUnits = tuple[SectionUnit, ...]


def section_units(report: Report) -> SectionUnits:
    """The headings of `report` prepared for alignment (normalised texts, bigram bags)."""
    return tuple(make_units(report))


def subtree_ends(heads: list[Section]) -> list[int]:
    """Where each heading's subtree ends: the end of its last descendant (the headings after it at
    a deeper level), or its own end for a leaf. One pass from the right with a stack of candidate
    "next heading at the same or a shallower level" (a rescan per heading was quadratic: 40,000
    headings under four parts took 5 s)."""
    n = len(heads)
    ends = [0] * n
    stack: list[int] = []
    for i in range(n - 1, -1, -1):
        level = heads[i].level
        while stack and heads[stack[-1]].level > level:
            stack.pop()
        nxt = stack[-1] if stack else n
        ends[i] = heads[nxt - 1].end if nxt - 1 > i else heads[i].end
        stack.append(i)
    return ends


def make_units(report: Report) -> list[SectionUnit]:
    """`section_units` as a list."""
    heads = list(report.headings)
    by_path = {s.path: i for i, s in enumerate(heads)}
    # NFKC is the costly step of normalisation: run it once over the whole text and slice, when it
    # keeps offsets (it does for full-width forms; not for e.g. ㎡ -> m2, then per section).
    nf = unicodedata.normalize("NFKC", report.text)
    same_offsets = bool(report.text) and len(nf) == len(report.text)
    ends = subtree_ends(heads)
    units = []
    for i, s in enumerate(heads):
        end = ends[i]
        full = report.text[s.start:end] if report.text else s.text
        # Drop the marker and title: what is left is the section's content.
        pos = full.find(s.title) if s.title else -1
        content = full[pos + len(s.title):] if pos >= 0 else (s.body or "")
        is_leaf = i + 1 >= len(heads) or heads[i + 1].level <= s.level
        if same_offsets and pos >= 0:
            a = s.start + pos
            b = a + len(s.title)
            title_n = NON_WORD.sub("", nf[a:b])
            content_n = NON_WORD.sub("", nf[b:end])
            full_n = title_n + content_n
            own = full_n if is_leaf else NON_WORD.sub("", nf[a:s.end])
        else:
            title_n = normalise_text(s.title)
            content_n = normalise_text(content)
            full_n = title_n + content_n
            own = full_n if is_leaf else normalise_text(s.title + s.body)
        # A leaf's own text is its full text.
        title_bag = bag(fold_numbers(title_n))
        content_bag = bag(fold_numbers(content_n))
        own_bag = title_bag + content_bag if is_leaf else bag(fold_numbers(own))
        units.append(SectionUnit(section=s, index=i, parent=by_path.get(s.parent_path, -1), content=content,
                                 own=own, full=full_n, own_bag=own_bag, title_bag=title_bag,
                                 content_bag=content_bag))
    return units
