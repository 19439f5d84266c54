"""Audit measure: are the parts the regulation requires there, and how long are they.

The 2019 regulation (厅字〔2019〕28号, see DOMAIN.md) asks every report for four parts: the year's
measures and results, its shortcomings, how the principal responsible person carried out the
first-responsible duty, and next year's plan. The outline stage (compare.read.outline) already tags
every heading with the role of its top part; this module only reads those roles and adds two
judgements of its own:

- A top heading that names two parts at once (三、存在的问题和下一步工作打算) covers both: its title is
  split at 和 / 及 / 与 / 以及 / 、 and each piece is read with the outline's own rule (`role_of`).
- A part without a top heading of its own may still be written as a sub-item: the first-responsible
  duty inside the measures part (the outline tags it; 北碚 2020 has it at 一/(一)/2), or a
  shortcomings / plan item inside another part, recognised by the stricter patterns below (a
  measures item such as 着力解决群众反映强烈的问题 mentions 问题 without being the shortcomings part).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from compare.models import Report, Section
from compare.read.outline import role_of
from compare.textnorm import key

#: The parts the regulation requires, in the order reports usually write them.
REQUIRED_PARTS: tuple[str, ...] = ("measures_results", "shortcomings", "first_responsible", "next_year_plan")

#: How a reader names each part (workbook, overview page).
PART_LABELS: dict[str, str] = {
    "measures_results": "主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "first_responsible": "第一责任人履职情况",
    "next_year_plan": "下一年度主要安排",
}

#: Where a part was found: as a top heading of its own, only as a sub-item of another part, or not at all.
PartStatus = Literal["top", "sub-item", "missing"]

#: Sections whose roles make up "the measures part" when its length is measured: the year's work,
#: including a first-responsible section (a sub-item of it in many reports).
MEASURE_ROLES = frozenset({"measures_results", "first_responsible"})

# A combined heading's pieces: 存在的问题和下一步工作打算 -> 存在的问题 / 下一步工作打算.
_JOINERS = re.compile(r"以及|和|及|与|、")
# Sub-items that are the shortcomings or plan part written inside another part: the part's own
# wording, at the start of the title (存在的问题, 主要不足, 下一步工作打算, 2022年工作安排).
_SUB_ITEM = {
    "shortcomings": re.compile(r"^(?:存在的?|当前|目前)?(?:主要)?(?:问题|不足|差距|短板)(?:和|及|与|$)"
                               r"|^存在(?:的)?(?:主要)?(?:问题|不足|差距|短板)"),
    "next_year_plan": re.compile(r"^(?:下一步|下一年度?|明年|今后)"
                                 r"|^(?:\d{4}|[〇零一二三四五六七八九]{4})年度?(?:的)?(?:工作)?(?:思路|打算|安排|计划|重点)"
                                 r"|^(?:工作)?(?:思路|打算|安排|计划)$"),
}


@dataclass(frozen=True)
class PartFinding:
    """One required part of one report: where it is, or that it is missing."""

    part: str  # one of REQUIRED_PARTS
    status: PartStatus
    paths: tuple[str, ...]  # the headings that cover it ("二", or "一/(一)/2" for a sub-item); () when missing

    @property
    def where(self) -> str:
        """The paths as one cell: "一/(一)/2", "二; 三"; "" when missing."""
        return "; ".join(self.paths)


def _top_roles(s: Section) -> set[str]:
    """Roles a top heading covers: the outline's, plus each piece of a combined title."""
    roles: set[str] = {s.role} if s.role else set()
    pieces = [p for p in _JOINERS.split(s.title) if p]
    if len(pieces) > 1:
        # A piece names a part (存在的问题 / 下一步工作打算); the measures rule matches almost any
        # verb (推进, 开展), so a piece never adds that part.
        roles |= {r for r in map(role_of, pieces) if r and r != "measures_results"}
    return roles


def find_parts(report: Report) -> tuple[PartFinding, ...]:
    """Each required part: the top headings that cover it, else the sub-items that hold it, else missing."""
    heads = report.headings
    tops = [s for s in heads if s.level == 1]
    out = []
    for part in REQUIRED_PARTS:
        top = tuple(s.path for s in tops if part in _top_roles(s))
        if top:
            out.append(PartFinding(part, "top", top))
            continue
        sub = tuple(s.path for s in heads if s.level > 1 and _is_sub_item(s, part))
        out.append(PartFinding(part, "sub-item", sub) if sub else PartFinding(part, "missing", ()))
    return tuple(out)


def _is_sub_item(s: Section, part: str) -> bool:
    if part == "first_responsible":
        return s.role == "first_responsible"  # the outline keeps it only inside the measures part
    pattern = _SUB_ITEM.get(part)
    return bool(pattern and pattern.match(key(s.title)))


def missing_parts(findings: Sequence[PartFinding]) -> tuple[str, ...]:
    """The required parts not found at all."""
    return tuple(f.part for f in findings if f.status == "missing")


@dataclass(frozen=True)
class PartLengths:
    """Length of the shortcomings part against the measures part (characters, punctuation and spaces
    not counted)."""

    shortcomings: int  # characters of the sections of the shortcomings part
    measures: int  # characters of the measures part (measures_results and first_responsible sections)

    @property
    def ratio(self) -> float | None:
        """shortcomings / measures; None when the report has no measures part."""
        return self.shortcomings / self.measures if self.measures else None


def part_lengths(report: Report, findings: Sequence[PartFinding] = ()) -> PartLengths:
    """Characters of each part: every heading's own title and body counted once, by its role. A
    shortcomings part found only as a sub-item (or in a combined heading) counts those sections."""
    found = {f.part: f for f in findings} if findings else {f.part: f for f in find_parts(report)}
    short_paths = set(found["shortcomings"].paths) if found["shortcomings"].status != "top" else set()
    short = measures = 0
    for s in report.headings:
        n = len(key(s.text))
        in_sub_item = any(s.path == p or s.path.startswith(p + "/") for p in short_paths)
        if s.role == "shortcomings" or in_sub_item:
            short += n
        elif s.role in MEASURE_ROLES:
            measures += n
    return PartLengths(shortcomings=short, measures=measures)
