"""Audit measure: does the report give figures, or only slogans.

- **Indicators per 1,000 characters**: the quantities compare.extract found (targets and plans not
  counted: they are promises, not results) per 1,000 characters of the report's text (punctuation,
  spaces and page furniture not counted).
- **Sections with a figure**: of the leaf sections that report the year's work (headings without
  sub-headings in the measures part, a first-responsible part included; plans and problems are not
  expected to carry figures), the share with at least one indicator.
- **Slogan-only sections**: of the same sections, the share that names nothing a reader could check.
  A section is slogan-only when its heading and text hold no indicator, no number of any kind (no
  count, year, date or document number), no named document, law or programme (《…》 or in quotes
  “…” / 「…」), and none of the words of a concrete instrument in SLOGAN_FREE_WORDS (制度, 机制,
  清单, 平台, 培训, 督察, …). "持续加强法治宣传教育，营造浓厚法治氛围" is a slogan; "建立行政执法案卷评查
  常态化机制" is not. The instrument words make the rule generous (健全长效机制 passes): the share is
  a lower bound of slogan text, never an accusation a reader must discount.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from compare.audit.parts import MEASURE_ROLES
from compare.extract.numbers import find_numbers
from compare.models import Indicator, Report, Section
from compare.textnorm import key

#: Characters per unit of the density measure.
PER_CHARS = 1000

#: Words that name a concrete instrument, body or activity: a section using one describes something
#: that was set up or done, not only an aim.
SLOGAN_FREE_WORDS: tuple[str, ...] = (
    "制度", "机制", "办法", "方案", "清单", "目录", "台账", "平台", "系统", "服务中心", "调解中心", "窗口", "热线",
    "细则", "条例", "规定", "意见", "规划", "试点", "专项", "培训", "考试", "考核", "评查", "督察", "督查",
    "会议", "动员会", "推进会", "座谈会", "现场会", "小组", "专班", "听证", "公示", "备案", "审查", "审核",
    "复议", "诉讼", "调解", "案件", "APP", "小程序",
)
_NAMED = re.compile(r"《[^》]{1,60}》|“[^”]{1,40}”|「[^」]{1,40}」|\"[^\"]{1,40}\"")
_FREE = re.compile("|".join(map(re.escape, SLOGAN_FREE_WORDS)))


@dataclass(frozen=True)
class Density:
    """Figures against text in one report."""

    chars: int  # characters of the report text, punctuation and spaces not counted
    indicators: int  # quantities found that are results (targets not counted)
    sections: int  # leaf sections of the year's work
    with_figure: int  # of those, sections with at least one indicator
    slogan_only: int  # of those, sections that name nothing concrete (see the module docstring)
    slogan_paths: tuple[str, ...] = ()  # paths of the slogan-only sections

    @property
    def per_1000(self) -> float | None:
        """Indicators per 1,000 characters; None for a report without text."""
        return self.indicators * PER_CHARS / self.chars if self.chars else None

    @property
    def share_with_figure(self) -> float | None:
        """with_figure / sections, 0..1; None without such sections."""
        return self.with_figure / self.sections if self.sections else None

    @property
    def share_slogan(self) -> float | None:
        """slogan_only / sections, 0..1; None without such sections."""
        return self.slogan_only / self.sections if self.sections else None


def work_leaves(report: Report) -> tuple[Section, ...]:
    """Headings of the year's work (measures and first-responsible roles) that have no sub-headings."""
    heads = report.headings
    parents = {s.parent_path for s in heads}
    return tuple(s for s in heads if s.role in MEASURE_ROLES and s.path not in parents)


def is_slogan_only(section: Section, figures: int) -> bool:
    """No figure, no number, no named document or programme, no concrete instrument word."""
    if figures:
        return False
    text = section.text
    return not (find_numbers(text) or _NAMED.search(text) or _FREE.search(text))


def density(report: Report, indicators: Sequence[Indicator]) -> Density:
    """Indicators per 1,000 characters and the shares of leaf sections with a figure / slogan-only."""
    results = [i for i in indicators if not i.is_target]
    per_section: dict[str, int] = {}
    for i in results:
        per_section[i.section] = per_section.get(i.section, 0) + 1
    leaves = work_leaves(report)
    slogans = tuple(s.path for s in leaves if is_slogan_only(s, per_section.get(s.path, 0)))
    return Density(
        chars=len(key(report.text)),
        indicators=len(results),
        sections=len(leaves),
        with_figure=sum(1 for s in leaves if per_section.get(s.path, 0)),
        slogan_only=len(slogans),
        slogan_paths=slogans,
    )
