"""Domain records shared by every stage.

All records are small frozen dataclasses: a stage takes records and returns new ones, it never
mutates what it was given. Tables (pandas) are built from these records at one boundary
(`compare.schema`), never the other way round.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import Literal

#: Role of a top part of a report (see DOMAIN.md, "Required content").
Role = Literal[
    "preamble",
    "measures_results",  # 主要举措和成效 / 20XX年法治政府建设情况
    "shortcomings",  # 存在的不足和原因 / 存在的主要问题
    "first_responsible",  # 党政主要负责人履行推进法治建设第一责任人职责情况
    "next_year_plan",  # 下一年度主要安排 / 工作思路 / 工作打算
    "other",  # 其他需要报告的情况
    "closing",  # signature block: issuer + date
    "",  # not recognised
]

#: Kind of a part of a report: a numbered heading, or one of the unnumbered parts.
PartKind = Literal["heading", "preamble", "closing", "body"]

#: Qualifier of a quantity: 余/多/以上 -> over, 近/不到 -> under, 约/左右 -> approx,
#: 以内/以下/不超过 -> at_most, none -> exact.
Qualifier = Literal["exact", "over", "under", "approx", "at_most"]

#: Kind of an indicator's quantity.
IndicatorKind = Literal["count", "rate", "money", "duration", "ratio"]

#: How a stated change is expressed.
ChangeKind = Literal["percentage_points", "percent", "absolute", "none"]

Direction = Literal["up", "down", "flat"]


@dataclass(frozen=True)
class Section:
    """One part of a report: a numbered heading with its body, or the preamble / closing block."""

    path: str  # "一/(三)/4": parent markers joined by "/", brackets half-width; "preamble", "closing"
    level: int  # depth in the tree, 1 = top heading; 0 for preamble / closing / body
    marker: str  # the numbering as written ("一、", "(一)", "（一）", "1.", "一是"); "" for parts
    title: str  # heading text as written (a run-in heading ends before its first 。)
    body: str  # text after the title up to the next heading, as written
    start: int  # character offset of the marker in Report.text
    end: int  # character offset (exclusive) where the next part starts
    kind: PartKind = "heading"
    role: Role = ""  # role of the top part this section belongs to
    style: str = ""  # numbering style key ("cn-dun", "cn-paren", "arabic-dot", ...)

    @property
    def parent_path(self) -> str:
        """Path of the enclosing section, "" for a top part."""
        return self.path.rpartition("/")[0] if "/" in self.path else ""

    @property
    def text(self) -> str:
        """Title and body together, as written."""
        return f"{self.title}{self.body}" if self.body else self.title


@dataclass(frozen=True)
class Report:
    """One report file read into metadata and a section tree. A pure function of the file's bytes
    (plus the user's overrides)."""

    source: str  # path as given by the user
    sha256: str  # of the file's bytes: identifies the input in caches and the Sources sheet
    format: str  # "text", "html", "docx", "pdf"
    encoding: str  # detected text encoding ("utf-8", "gb18030", ...); "" for docx / pdf
    text: str  # the document's text after extraction (page furniture removed), as written
    title: str  # 重庆市北碚区人民政府关于2020年度法治政府建设情况的报告; "" when not found
    issuer: str  # 重庆市北碚区人民政府; "" when not found
    year: int | None  # the year the report is ABOUT (2020 for the seed), None when not found
    date: str  # publication date, ISO "2021-01-13"; "" when not found
    sections: tuple[Section, ...]  # document order: preamble, headings..., closing
    warnings: tuple[str, ...] = field(default=())  # non-fatal problems (no headings, no year...)

    @property
    def headings(self) -> tuple[Section, ...]:
        """Numbered headings only (no preamble / closing / body parts)."""
        return tuple(s for s in self.sections if s.kind == "heading")

    def section(self, path: str) -> Section:
        """The section at `path`; KeyError when absent."""
        for s in self.sections:
            if s.path == path:
                return s
        raise KeyError(path)

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing character `offset` of `text` (the latest-starting one;
        of two starting together, the later in `sections`)."""
        # Bisect on the starts, then step back to the first section that still contains the
        # offset (a nested section ends inside its parent). Scanning every section for every
        # indicator was quadratic: 25,000 numbered lines with a figure each took minutes.
        order, starts = self._by_start
        k = bisect.bisect_right(starts, offset)
        while k > 0:
            k -= 1
            s = self.sections[order[k]]
            if offset < s.end:
                return s
        return None

    @functools.cached_property
    def _by_start(self) -> tuple[list[int], list[int]]:
        """Indexes of `sections` ordered by (start, position), and those starts: for section_at.
        (cached_property writes the instance __dict__, which a frozen dataclass allows.)"""
        order = sorted(range(len(self.sections)), key=lambda i: (self.sections[i].start, i))
        return order, [self.sections[i].start for i in order]


@dataclass(frozen=True)
class NumberSpan:
    """A numeral found in text by `compare.extract.numbers.find_numbers`."""

    start: int  # offset of the first character of `text`
    end: int  # exclusive
    text: str  # as written, qualifier words included ("200余", "近190", "64.29%")
    value: float  # 200.0, 190.0, 64.29 (percent values stay in percent: 64.29, not 0.6429)
    qualifier: Qualifier = "exact"
    is_percent: bool = False  # written with % / ％ / 百分之
    high: float | None = None  # upper end of a range (3-5个工作日 -> value 3, high 5)


@dataclass(frozen=True)
class Indicator:
    """One quantity that measures something, found in a report."""

    section: str  # path of the innermost section ("一/(二)/1"); "preamble" / "closing" possible
    indicator: str  # canonical id from the lexicon ("head_appearance_rate"), "" when unknown
    subject: str  # noun phrase measured ("政务服务事项清单", "行政复议案件 办结")
    value: float  # in `unit` (money normalised to 元: 1194.13万元 -> 11941300.0)
    unit: str  # "件", "%", "元", "个工作日", ...
    qualifier: Qualifier
    kind: IndicatorKind
    text: str  # the quantity as written ("200余个", "1194.13万元", "15个工作日内")
    sentence: str  # the sentence it stands in
    start: int  # offset in Report.text
    end: int  # exclusive
    original_unit: str = ""  # unit as written when normalised ("万元"); "" when same as `unit`
    is_target: bool = False  # a target or plan (力争…提高到95%, next-year sections), not a result
    high: float | None = None  # upper end of a range value


@dataclass(frozen=True)
class Claim:
    """A stated change of an indicator against an earlier year (同比上升18.51%)."""

    indicator: str  # canonical id of the indicator changed ("" when unknown)
    subject: str  # its subject
    section: str  # section path
    value: float | None  # the current value stated (64.29); None when the sentence has none
    unit: str  # unit of `value` ("%", "件")
    base_year: int | None  # explicit (与2019年), else report year - 1
    direction: Direction
    change: float  # magnitude as stated (18.51)
    change_unit: str  # as stated: "%", "个百分点", "件"
    change_kind: ChangeKind  # the preferred reading
    implied_base: float | None  # the earlier value this claim implies (45.78)
    text: str  # the change phrase as written ("与2019年同比上升18.51%")
    sentence: str
    start: int  # offset of `text` in Report.text
    end: int
    interpreted: bool = False  # True when a bare % on a rate was read as points (ambiguous)
    alt_change_kind: ChangeKind | None = None  # the other reading of an ambiguous claim
    alt_implied_base: float | None = None  # earlier value under the other reading
    stated_base: float | None = None  # base value when written (较2020年172件增加109件 -> 172)
    note: str = ""  # why implied_base is missing when the change has no defined earlier value (下降100%)


@dataclass(frozen=True)
class SectionMatch:
    """A pair of aligned sections of an older and a newer report."""

    old_path: str  # "" when added
    new_path: str  # "" when removed
    old_title: str
    new_title: str
    score: float  # combined similarity used for the assignment, 0..1
    status: Literal["matched", "changed", "unchanged", "added", "removed", "split", "merged"]
    cosine: float = 0.0  # Lazy-Prices measures on the bodies
    jaccard: float = 0.0
    edit_similarity: float = 0.0
