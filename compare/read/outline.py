"""Stage 2: a document's text -> its section tree.

Reports number their parts with a handful of marker styles (一、 / （一） / 1. / （1） / ① / 第一部分,
and inline 一是…二是…). A style's level is not fixed: reports skip levels, start at （一）, or number
`1.` continuously across （一） blocks. So the tree is built with a stack: a marker of a style already
open is a sibling there; a style seen before closes the deeper styles below its rank; a new style
opens a child. Ranks are the order in which styles first appear, which is how a reader infers them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from compare.models import Role, Section

_CN = "〇零一二三四五六七八九十百"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

# One pattern per marker style. Each captures the numeral in group "n"; the rest of the line follows.
# Full-width and half-width brackets and dots are the same style: reports mix them freely.
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"第(?P<n>[{_CN}]+)部分[、：:，,\s　]*")),
    ("cn-dun", re.compile(rf"(?P<n>[{_CN}]+)(?:、|[.．](?!\d))")),
    ("cn-paren", re.compile(rf"[（(](?P<n>[{_CN}]+)[）)][、.．]?")),
    ("arabic-paren", re.compile(r"[（(](?P<n>\d{1,2})[）)][、.．]?")),
    ("circled", re.compile(r"(?P<n>[①-⑳])")),
    # `1.5万` and `2.3亿` are numbers, not markers: a dot marker is never followed by a digit.
    ("arabic-dot", re.compile(r"(?P<n>\d{1,2})[.．](?![\d.．])")),
    ("arabic-dun", re.compile(r"(?P<n>\d{1,2})、")),
)

#: Lowest level: inline items 一是…二是…, which start a paragraph or follow 。；：
#: Paragraphs are often indented (　　一是…): whitespace may stand between the line start and the item.
_INLINE = re.compile(
    r"(?:^|(?<=[。；;：:]))[ \t\u3000\u00a0]*(?P<n>[一二三四五六七八九十]{1,3})是(?=[^，,。；;\n])", re.M)

#: A heading line longer than this without a 。 is a paragraph that happens to start with a numeral.
MAX_HEADING_LINE = 80
#: A run-in title (ending at its first 。) longer than this is not a title but a sentence.
MAX_RUN_IN_TITLE = 120
#: Inline items take their title up to the first 。 or ；, capped at this many characters.
MAX_INLINE_TITLE = 60

#: A run-in heading may end with ：or —— instead of 。 when its body follows on the same line; the
#: title before it is short (the seed's longest heading is 31 characters), so a colon further on
#: belongs to the body (…的通知：).
MAX_COLON_TITLE = 40
_COLON_TITLE_END = re.compile(r"(?<![0-9])[：:](?![0-9])|——")

_LEADING_SPACES = " \t\u3000\u00a0"
#: Characters a marker of some style can start with (besides a digit, `str.isdecimal`, which is
#: what `\\d` matches): most lines are prose and are passed over without trying the patterns.
_MARKER_FIRST = frozenset("第" + _CN + "（(" + "".join(chr(c) for c in range(ord("①"), ord("⑳") + 1)))
_TITLE_END = re.compile(r"[。]")
_INLINE_TITLE_END = re.compile(r"[。；;]")
_TRAILING_PUNCT = " \t\u3000：:；;，,。"

# Closing signature block: an issuer line and a date line at the very end of the document.
_DATE = (r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d〇零一二三四五六七八九十]{1,3}\s*月"
         r"\s*[\d〇零一二三四五六七八九十]{1,3}\s*日")
_DATE_LINE = re.compile(rf"^\s*{_DATE}\s*$")
#: Issuer and date signed on one line: "沙坪坝区人民政府 2023年3月28日".
_ISSUER_DATE_LINE = re.compile(
    rf"^\s*\S{{2,60}}(?:政府|委员会|委|局|办公室|办|厅|院|部|处|中心|管委会|街道办事处)[\s\u3000]+{_DATE}\s*$")
_ISSUER_LINE = re.compile(r"^\s*\S{2,60}(?:政府|委员会|委|局|办公室|办|厅|院|部|处|中心|管委会|街道办事处)\s*$")
#: The closing block is short: a few signature lines. More lines than this are not a signature.
MAX_CLOSING_LINES = 6

_ROLE_RULES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    # 履职 is how many reports shorten 履行…职责 (党政主要负责人履职情况). A part about carrying out the
    # duty to build rule-of-law government (切实履行推进法治政府建设职责, 认真履行法治建设主体责任) is
    # this part too, named without the person; the duty must be the rule-of-law one (法治…职责/责任,
    # 主体责任, 第一责任) and in the same clause, so 依法履行行政复议职责 and 全面履行政府职能，推进法治…，
    # 落实责任 stay measures.
    ("first_responsible", re.compile(r"第一责任|主要负责(?:人|同志).{0,12}(?:职责|责任|履职)"
                                     r"|履行[^，,；;。]{0,12}法治[^，,；;。]{0,8}(?:职责|责任)"
                                     r"|履行[^，,；;。]{0,12}主体责任")),
    ("shortcomings", re.compile(r"不足|问题|差距|短板|薄弱")),
    # a year followed by 工作重点/重点任务 is next year's plan (2024年工作重点); without the year,
    # 突出工作重点 is a theme of the year's work
    ("next_year_plan", re.compile(r"思路|打算|安排|计划|下一步|下一年|今后|展望|重点工作|工作目标"
                                  r"|^(?:\d{4}|[〇零一二三四五六七八九]{4})年度?的?(?:工作重点|重点任务|主要任务)")),
    ("other", re.compile(r"其他需要(?:报告|说明)|其他事项|其他情况")),
    ("measures_results", re.compile(r"举措|成效|进展|情况|做法|成绩|工作推进|开展|推进")),
)


def numeral_value(n: str) -> int:
    """Value of a marker numeral: 一..九十九, 1..99, ①..⑳."""
    if n.isdigit() and n.isascii():
        return int(n)
    if "①" <= n <= "⑳":
        return ord(n) - ord("①") + 1
    total, current = 0, 0
    for ch in n:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch in _CN_DIGITS:
            current = current * 10 + _CN_DIGITS[ch]
        else:
            return 0
    return total + current


def _path_part(style: str, n: str) -> str:
    if style in ("cn-paren", "arabic-paren"):
        return f"({n})"
    if style == "part":
        return f"第{n}部分"
    if style == "inline":
        return f"{n}是"
    return n


class _Candidate(NamedTuple):
    """A numbered heading found in the text, before the tree is built. (A named tuple: one is made
    per heading, and a frozen dataclass costs about five times as much to build.)"""

    style: str
    n: str  # numeral as written
    value: int  # its value
    marker: str  # the marker as written ("（一）", "1.")
    start: int  # offset of the marker in the text
    title_start: int  # offset where the title begins
    title: str
    title_end: int  # offset just after the title (and its 。 if run-in)


def _line_candidate(text: str, line_start: int, line: str) -> _Candidate | None:
    """A numbered heading at the start of `line`, or None."""
    stripped = line.lstrip(_LEADING_SPACES)
    if not stripped or not (stripped[0] in _MARKER_FIRST or stripped[0].isdecimal()):
        return None
    offset = line_start + (len(line) - len(stripped))
    for style, pattern in _STYLES:
        m = pattern.match(stripped)
        if not m:
            continue
        rest = stripped[m.end():]
        if not rest.strip():
            return None  # a bare numeral line (page number, table cell) is not a heading
        value = numeral_value(m.group("n"))
        if value <= 0:
            return None
        marker = m.group(0).rstrip(" \t\u3000")
        title_start = offset + m.end()
        title, title_end = _title_of(rest, title_start)
        if title is None:
            return None
        return _Candidate(style, m.group("n"), value, marker, offset, title_start, title, title_end)
    return None


def _title_of(rest: str, rest_start: int) -> tuple[str | None, int]:
    """Title of a heading whose text after the marker is `rest`: a run-in title ends at its first 。,
    a heading line is the whole line. Long lines with no 。 are paragraphs, not headings."""
    lead = len(rest) - len(rest.lstrip(" \t\u3000"))
    colon = _COLON_TITLE_END.search(rest, lead, lead + MAX_COLON_TITLE + 1)
    if colon and rest[colon.end():].strip() and "。" not in rest[lead:colon.start()]:
        # （一）加强组织领导：区政府召开常务会议12次…: a run-in heading closed by a colon or dash
        title = rest[lead:colon.start()].rstrip(_TRAILING_PUNCT)
        if title:
            return title, rest_start + colon.end()
    m = _TITLE_END.search(rest)
    if m and m.start() - lead <= MAX_RUN_IN_TITLE:
        title = rest[lead:m.start()].rstrip(_TRAILING_PUNCT)
        return (title or None), rest_start + m.end()
    if len(rest) <= MAX_HEADING_LINE:
        title = rest[lead:].rstrip(_TRAILING_PUNCT)
        return (title or None), rest_start + len(rest)
    return None, 0


def _inline_candidates(text: str, start: int, end: int) -> list[_Candidate]:
    """Inline 一是…二是… items inside text[start:end]; only a run that starts at 一是 counts, so a
    stray 二是 in prose is not an item."""
    found: list[_Candidate] = []
    expected = 1
    for m in _INLINE.finditer(text, start, end):
        value = numeral_value(m.group("n"))
        if value != expected:
            if value == 1:
                expected = 1
            else:
                continue
        expected = value + 1
        title_start = m.end()
        tm = _INLINE_TITLE_END.search(text, title_start, min(end, title_start + MAX_INLINE_TITLE + 1))
        line_end = text.find("\n", title_start, end)
        line_end = end if line_end < 0 else line_end
        if tm:
            stop, title_end = tm.start(), tm.end()
        else:
            stop = min(line_end, title_start + MAX_INLINE_TITLE)
            title_end = stop
        title = text[title_start:stop].rstrip(_TRAILING_PUNCT)
        found.append(_Candidate("inline", m.group("n"), value, m.group("n") + "是", m.start("n"), title_start, title,
                                title_end))
    # A single 一是 with no 二是 is prose ("这一是…"), not a list.
    return found if len(found) >= 2 else []


def _closing_start(text: str, lines: list[tuple[int, str]]) -> int | None:
    """Offset where the closing signature block begins (issuer and/or date lines at the end)."""
    tail = [(o, ln) for o, ln in lines if ln.strip()][-MAX_CLOSING_LINES:]
    start = None
    seen_date = False
    for o, ln in reversed(tail):
        s = ln.strip()
        if _DATE_LINE.match(s) or _ISSUER_DATE_LINE.match(s):
            seen_date = True
            start = o
        elif _ISSUER_LINE.match(s) and len(s) <= 60 and "。" not in s:
            start = o
        elif seen_date or start is not None:
            break
        else:
            # Trailing page furniture that survived extraction: look past one such line.
            continue
    return start if seen_date or start is not None else None


def parse(text: str) -> tuple[tuple[Section, ...], list[str]]:
    """The section tree of `text` (preamble, headings in document order, closing) and warnings."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1

    candidates: list[_Candidate] = []
    for offset, line in lines:
        cand = _line_candidate(text, offset, line)
        if cand is not None:
            candidates.append(cand)
    candidates = _plausible(candidates)

    closing_at = _closing_start(text, lines)
    if closing_at is not None and candidates and closing_at <= candidates[-1].start:
        closing_at = None
    end_of_body = closing_at if closing_at is not None else len(text)

    # Inline items: inside each heading's body (and the whole text if there are no headings).
    inline: list[_Candidate] = []
    nexts = [c.start for c in candidates[1:]] + [end_of_body]
    for c, e in zip(candidates, nexts, strict=False):  # nexts is one longer when there are no headings
        inline.extend(_inline_candidates(text, c.title_end, e))
    if not candidates:
        inline = _inline_candidates(text, 0, end_of_body)
    all_cands = sorted(candidates + inline, key=lambda c: c.start)

    warnings: list[str] = []
    sections: list[Section] = []
    first = all_cands[0].start if all_cands else end_of_body
    if not all_cands:
        warnings.append("no numbered headings found (一、 / （一） / 1. …): the text is kept as one body part")
        if text[:end_of_body].strip():
            sections.append(Section("body", 0, "", "", text[:end_of_body], 0, end_of_body, kind="body"))
    elif text[:first].strip():
        sections.append(Section("preamble", 0, "", "", text[:first], 0, first, kind="preamble", role="preamble"))

    sections.extend(_tree(text, all_cands, end_of_body))
    if closing_at is not None:
        sections.append(Section("closing", 0, "", "", text[closing_at:], closing_at, len(text), kind="closing",
                                role="closing"))
    return tuple(sections), warnings


def _plausible(cands: list[_Candidate]) -> list[_Candidate]:
    """Drop line-start numerals that break their style's sequence: a heading continues its style's
    count under the same parent (or across parents, for continuous numbering) or restarts at 1.
    Without this, a paragraph starting `3、…` inside a table or list would become a heading."""
    last_by_style: dict[str, int] = {}
    kept: list[_Candidate] = []
    for c in cands:
        prev = last_by_style.get(c.style)
        if prev is None or c.value == 1 or c.value == prev + 1:
            kept.append(c)
            last_by_style[c.style] = c.value
        # otherwise: out of sequence, treated as body text
    return kept


def _tree(text: str, cands: list[_Candidate], end_of_body: int) -> list[Section]:
    rank: dict[str, int] = {}
    stack: list[tuple[str, str]] = []  # (style, path) of the open headings, path as built from their markers
    seen_paths: set[str] = set()
    dup_count: dict[str, int] = {}
    roles = _Roles()
    out: list[Section] = []
    for i, c in enumerate(cands):
        if c.style not in rank:
            # Inline items are always the lowest level, whenever they first appear.
            rank[c.style] = 1000 if c.style == "inline" else len([s for s in rank if s != "inline"])
        r = rank[c.style]
        for j, (style, _) in enumerate(stack):
            if style == c.style:
                del stack[j:]
                break
        else:
            while stack and rank[stack[-1][0]] > r:
                stack.pop()
        # the path of the parent extended, not all parts joined again
        path = f"{stack[-1][1]}/{_path_part(c.style, c.n)}" if stack else _path_part(c.style, c.n)
        stack.append((c.style, path))
        if path in seen_paths:  # a numbering slip (two （二） under one parent): keep paths unique
            # A counter per path, not a probe loop: hostile input repeating one marker stays linear.
            k = dup_count.get(path, 1) + 1
            while f"{path}~{k}" in seen_paths:
                k += 1
            dup_count[path] = k
            path = f"{path}~{k}"
        seen_paths.add(path)
        end = cands[i + 1].start if i + 1 < len(cands) else end_of_body
        # Body of a heading that contains inline items stops at the first item: the items own the rest.
        # (Positional arguments: a report has hundreds of sections, keywords cost a fifth more.)
        out.append(Section(path, len(stack), c.marker, c.title, text[c.title_end:end].strip("\n"), c.start, end,
                           "heading", roles.of(path, len(stack), c.title), c.style))
    return out


def role_of(title: str) -> Role:
    """Role of a part from its title (DOMAIN.md's canonical parts); "" when unrecognised."""
    for role, pattern in _ROLE_RULES:
        if pattern.search(title):
            return role
    return ""


class _Roles:
    """The role of each heading, given in document order. Each top part is tagged with its role and
    every section gets the role of its top part. Unrecognised top parts before the first
    problems/plans part are themes of the measures-and-results part (a report that puts its themes
    at level 1, like 北碚 2019). A nested section of the measures part about the first responsible
    person keeps that role, so it can align with a top-level one of another year."""

    def __init__(self) -> None:
        self.top: dict[str, Role] = {}  # role of each top part, by its path
        self.reached_later_part = False

    def of(self, path: str, level: int, title: str) -> Role:
        if level == 1:
            role = role_of(title)
            if role in ("shortcomings", "next_year_plan", "other"):
                self.reached_later_part = True
            if not role and not self.reached_later_part:
                role = "measures_results"
            self.top[path] = role
            return role
        # a nested path starts with its top part's path as first written (a top part renamed
        # 一~2 for a numbering slip has nested paths starting 一)
        role = self.top.get(path.split("/")[0], "")
        # Only a report of the year's work holds the duty as a sub-item: in a plan, 持续压实法治建设
        # 第一责任人职责 is next year's task and pairs with other plan items.
        if role == "measures_results" and role_of(title) == "first_responsible":
            role = "first_responsible"
        return role
