"""A report on its own -> HTML: its outline and text, every figure it gives highlighted.

When an issuer has a report of one year only there is nothing to diff, but the page is still the
place to read the report: each part (preamble, 一、, （一）, 1. …) is shown with its text, indented
by level, and every indicator and stated change found in it is a <mark> whose title attribute
says what was read (indicator, value, unit; for a stated change the earlier value it implies).
The caller (compare.pipeline) says what to mark; this module only lays the text out and escapes it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from compare.models import Report, Section
from compare.write.htmlhead import html_text

#: What a highlight marks: a quantity read as an indicator, or a stated change (同比上升…).
HighlightKind = Literal["figure", "claim"]


@dataclass(frozen=True)
class Highlight:
    """A span of Report.text to mark on the page."""

    start: int  # offset in Report.text
    end: int  # exclusive
    label: str  # what was read, shown as the mark's title ("行政机关负责人出庭应诉率: 64.29%")
    kind: HighlightKind = "figure"


@dataclass(frozen=True)
class LoneReport:
    """A report with no other year of its issuer to compare with, and what to mark in it."""

    issuer: str  # as the other sheets name it (the series' full name)
    report: Report
    highlights: tuple[Highlight, ...]  # any order; overlapping ones are dropped (the first in text order wins)


#: Styles of the outline (added to the diff page's own style block, which its CSP hashes).
OUTLINE_CSS = """
.outline .part { margin: 0; padding: .2rem .6rem; border-left: 3px solid transparent; white-space: pre-line;
  overflow-wrap: anywhere; }
.outline .part.lv1 { margin-top: 1rem; border-left-color: var(--line); }
.outline .lv2 { margin-left: 1.2rem; } .outline .lv3 { margin-left: 2.4rem; } .outline .lv4 { margin-left: 3.6rem; }
.outline .head { font-weight: 600; }
mark { background: #fff1a8; color: inherit; border-radius: .2em; padding: 0 .1em; }
mark.claim { background: #d8ecff; }
"""


_e = html_text


def _e_lines(text: str) -> str:
    """Report text escaped, line breaks kept (the part is laid out with white-space: pre-line)."""
    return "\n".join(_e(line) for line in text.split("\n"))


def _ordered(highlights: Sequence[Highlight]) -> list[Highlight]:
    """Highlights in text order without overlaps (a claim overlapping a figure keeps the earlier)."""
    out: list[Highlight] = []
    for h in sorted(highlights, key=lambda h: (h.start, -h.end)):
        if h.end > h.start and (not out or h.start >= out[-1].end):
            out.append(h)
    return out


def _marked(text: str, offset: int, highlights: Sequence[Highlight]) -> str:
    """`text` (which starts at `offset` of the report) escaped, with `highlights` inside it marked."""
    parts: list[str] = []
    pos = 0
    for h in highlights:
        a, b = max(h.start - offset, pos), min(h.end - offset, len(text))
        if a >= b:
            continue
        parts.append(_e_lines(text[pos:a]))
        cls = ' class="claim"' if h.kind == "claim" else ""
        parts.append(f'<mark{cls} title="{_e(h.label)}">{_e_lines(text[a:b])}</mark>')
        pos = b
    parts.append(_e_lines(text[pos:]))
    return "".join(parts)


def _part_html(report: Report, s: Section, highlights: list[Highlight], ends: list[int]) -> str:
    """One part: its text (title bold), the highlights inside it marked. `highlights` are in text
    order without overlaps, so their ends are ascending too (`ends`): the part's ones are found by
    bisection, and a report with thousands of parts and figures stays linear."""
    text = report.text[s.start:s.end].strip("\n")
    offset = s.start + (len(report.text[s.start:s.end]) - len(report.text[s.start:s.end].lstrip("\n")))
    first = bisect.bisect_right(ends, offset)
    last = first
    while last < len(highlights) and highlights[last].start < offset + len(text):
        last += 1
    inside = highlights[first:last]
    head = len(s.marker) + len(s.title) if s.kind == "heading" and text.startswith(s.marker + s.title) else 0
    level = max(min(s.level, 4), 1)
    body = _marked(text[head:], offset + head, inside)
    title = f'<span class="head">{_marked(text[:head], offset, inside)}</span>' if head else ""
    return f'<p class="part lv{level}" data-path="{_e(s.path)}">{title}{body}</p>'


def _label(r: Report) -> str:
    name = r.issuer or Path(r.source).name
    return f"{name} {r.year}年" if r.year is not None else name


def lone_report_html(n: int, lone: LoneReport) -> str:
    """One report's section: a note that it has no other year, then its parts with marks."""
    r = lone.report
    marks = _ordered(lone.highlights)
    figures = sum(1 for h in marks if h.kind == "figure")
    claims = sum(1 for h in marks if h.kind == "claim")
    parts = [
        f'<section class="lone" id="r{n}">',
        f"<h2>{_e(_label(r))}</h2>",
        f'<p class="meta">{_e(r.source)} · only one year of this issuer: nothing to compare it with / '
        f"该发文机关只有一个年度的报告，无可对比 · {figures} figure(s) / 数字指标, {claims} stated change(s) / "
        "所述变化 highlighted; hover or tap a mark for what was read</p>",
        '<p class="legend"><mark>figure / 指标</mark> <mark class="claim">stated change / 所述变化</mark></p>',
        '<div class="outline">',
    ]
    ends = [h.end for h in marks]
    parts += [_part_html(r, s, marks, ends) for s in r.sections if s.end > s.start]
    parts += ["</div>", "</section>"]
    return "\n".join(parts)
