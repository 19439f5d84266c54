"""Report metadata from its text and section tree: title, issuer, report year, publication date.

The report year is the year the report is ABOUT (2020 for 关于2020年度…的报告 published in 2021). It
comes from the title; other years in the text (2019 comparisons, 2021 plans, 2015-2020 纲要) must not
fool it, so the fallbacks are ordered from most to least specific and each is anchored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compare.models import Section

_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}

#: A title names the report type; the document's first lines are where it stands.
_TITLE_WORD = re.compile(r"报告")
_TITLE_TOPIC = re.compile(r"法治|依法行政|年度|工作")
#: How many leading lines of the preamble may hold the title (page furniture can precede it).
TITLE_SEARCH_LINES = 12
#: Titles are short; a longer line with 报告 is prose (现将工作情况报告如下).
MAX_TITLE_LEN = 80

#: A title is broken over at most this many lines (issuer / 关于…年度 / …情况的报告).
MAX_TITLE_LINES = 3
#: Characters of a title's first part: Chinese, digits, brackets and spaces, no sentence punctuation.
_TITLE_HEAD_CHARS = re.compile(r"[\u4e00-\u9fff〇○0-9０-９（）()　 ]+")
#: What a title's first part names besides its issuer: the year, 关于, or the topic.
_TITLE_HEAD_WORD = re.compile(r"^关于|(?:19|20)\d{2}\s*年|[〇零○一二三四五六七八九]{4}年|法治|依法行政")

_YEAR = r"(?:19|20)\d{2}"
_CN_YEAR = r"[〇零○一二三四五六七八九]{4}"
# 2020年度 / 2020年 in a title; a range 2015-2020年 / 2015—2020年 means the 纲要 period: take its end.
_TITLE_YEAR = re.compile(rf"(?:(?P<from>{_YEAR})\s*[-—–－~～至到]\s*)?(?P<y>{_YEAR}|{_CN_YEAR})\s*年")
# A paragraph or heading opening with the year it reports on: "2020年，北碚区政府…", "一、2020年法治…".
_LEADING_YEAR = re.compile(rf"^\s*(?:[一二三四五六七八九十]+、)?\s*(?P<y>{_YEAR})\s*年(?!\d)", re.M)

_ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
_CN_DATE = re.compile(
    rf"(?P<y>{_YEAR}|{_CN_YEAR})\s*年\s*(?P<m>[\d〇零一二三四五六七八九十]{{1,3}})\s*月"
    r"\s*(?P<d>[\d〇零一二三四五六七八九十]{1,3})\s*日"
)
# Page metadata lines kept by the extractors: 日期:2021-01-13, 发布日期：2021年1月13日, 发布时间 …
_META_DATE = re.compile(r"(?:发布)?(?:日期|时间)\s*[:：]\s*(?P<v>[^\s|]+(?:\s*[\d:]+)?)")

_ISSUER_SUFFIX = re.compile(
    r"(?:人民政府|政府|委员会|委|局|办公室|厅|院|部|管委会|街道办事处|司法所|中心)$"
)
_ORGAN = r"(?:人民政府|政府|委员会|局|办公室|厅|院|管委会|街道办事处|司法所|中心)"
_TITLE_ISSUER_BY_YEAR = re.compile(
    rf"^(?:(?P<before>[^\d\s]{{2,40}}?{_ORGAN})\s*(?:(?:19|20)\d{{2}}|[〇零○一二三四五六七八九]{{4}})\s*年"
    rf"|(?:(?:19|20)\d{{2}}|[〇零○一二三四五六七八九]{{4}})\s*年度?\s*(?P<after>[^\d\s]{{2,40}}?{_ORGAN})(?=法治|依法))")
#: "中共X委 X人民政府关于…" / "X人民政府关于…": the issuer is what precedes 关于.
_TITLE_ISSUER = re.compile(r"^(?P<i>.{2,60}?)\s*关于")


@dataclass(frozen=True)
class Metadata:
    """What a report says about itself."""

    title: str  # as written, joined when split over two lines; "" when not found
    issuer: str  # "" when not found
    year: int | None  # the year reported on
    date: str  # ISO date of publication / signature; "" when not found


def _cn_number(s: str) -> int:
    """十三 -> 13, 二十 -> 20, 〇一 -> 1; digits pass through."""
    if s.isdigit() and s.isascii():
        return int(s)
    if "十" in s:
        tens, _, units = s.partition("十")
        return int(_CN_DIGIT.get(tens, "1") if tens else "1") * 10 + (int(_CN_DIGIT.get(units, "0")) if units else 0)
    return int("".join(_CN_DIGIT.get(c, "0") for c in s) or "0")


def _year(s: str) -> int:
    return int(s) if s.isdigit() and s.isascii() else int("".join(_CN_DIGIT.get(c, "0") for c in s))


def _iso(y: str, m: str, d: str) -> str:
    try:
        year, month, day = _year(y), _cn_number(m), _cn_number(d)
    except ValueError:
        return ""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _date_in(s: str) -> str:
    for pattern in (_ISO_DATE, _CN_DATE):
        m = pattern.search(s)
        if m:
            iso = _iso(m.group("y"), m.group("m"), m.group("d"))
            if iso:
                return iso
    return ""


def _title_head(line: str) -> bool:
    """A line that can be the first part of a title broken over lines (江北区市场监督管理局2023年度 /
    关于2021年度法治政府建设): no punctuation, no date, and it names an issuer, a year or the topic,
    so page furniture (打印 关闭, 首页) is never glued onto the title."""
    if not _TITLE_HEAD_CHARS.fullmatch(line) or _ISO_DATE.search(line) or _CN_DATE.search(line):
        return False
    return bool(_TITLE_HEAD_WORD.search(line) or _ISSUER_SUFFIX.search(line.split()[-1]))


def find_title(text: str, sections: tuple[Section, ...]) -> str:
    """The report's title: the first short line near the top that names a report, joined with the
    lines above it when the title is broken over two or three lines (an issuer line, a 关于… line,
    a first half ending in 年度)."""
    head_end = next((s.start for s in sections if s.kind == "heading"), len(text))
    lines = [ln.strip() for ln in text[:head_end].split("\n") if ln.strip()][:TITLE_SEARCH_LINES]
    for i, line in enumerate(lines):
        if len(line) > MAX_TITLE_LEN or not _TITLE_WORD.search(line) or "如下" in line:
            continue
        first = i
        while (first > 0 and i - first < MAX_TITLE_LINES - 1 and _title_head(lines[first - 1])
               and sum(len(x) for x in lines[first - 1:i + 1]) <= MAX_TITLE_LEN):
            first -= 1
        title = "".join(lines[first:i + 1])
        if not _TITLE_TOPIC.search(title) and not title.startswith("关于"):
            continue
        return title
    return ""


def find_year(title: str, text: str, sections: tuple[Section, ...], date: str) -> int | None:
    """Report year: from the title, else the year the first heading or paragraph opens with, else the
    year before publication (reports are published in the spring after the year they cover)."""
    if title:
        found = [m for m in _TITLE_YEAR.finditer(title)]
        if found:
            return _year(found[0].group("y"))
    heads = [s for s in sections if s.kind == "heading" and s.level == 1]
    for s in heads[:1]:
        m = _LEADING_YEAR.match(s.title)
        if m:
            return int(m.group("y"))
    preamble = next((s for s in sections if s.kind in ("preamble", "body")), None)
    if preamble is not None:
        m = _LEADING_YEAR.search(preamble.body)
        if m:
            return int(m.group("y"))
    if date:
        return int(date[:4]) - 1
    return None


def find_date(text: str, sections: tuple[Section, ...]) -> str:
    """Publication date: the signature date of the closing block, else a page date line."""
    closing = next((s for s in sections if s.kind == "closing"), None)
    if closing is not None:
        d = _date_in(closing.body)
        if d:
            return d
    head_end = next((s.start for s in sections if s.kind == "heading"), len(text))
    for m in _META_DATE.finditer(text[:head_end]):
        d = _date_in(m.group("v"))
        if d:
            return d
    return ""


def find_issuer(title: str, sections: tuple[Section, ...]) -> str:
    """Issuer: the signature line of the closing block, else what precedes 关于 in the title."""
    closing = next((s for s in sections if s.kind == "closing"), None)
    if closing is not None:
        lines = [ln.strip() for ln in closing.body.split("\n") if ln.strip()]
        # A date signed on the issuer's line ("X区人民政府 2023年3月28日") is not part of the name.
        names = [n for n in (_CN_DATE.sub("", ln).strip() for ln in lines) if n and _ISSUER_SUFFIX.search(n)]
        if names:
            # Joint issuers sign on two lines (中共X区委 / X区人民政府): keep both.
            return " ".join(names)
    m = _TITLE_ISSUER.match(title)
    if m:
        return m.group("i").strip()
    # X区人民政府2020年法治政府建设年度报告 / 2023年度X区司法局法治政府建设情况报告: the issuer is the
    # organ named next to the year (a bare place name, X区2020年…, is left to --issuer).
    m = _TITLE_ISSUER_BY_YEAR.match(title)
    if m:
        return (m.group("before") or m.group("after")).strip()
    return ""


def find(text: str, sections: tuple[Section, ...]) -> Metadata:
    """All metadata fields of a report."""
    title = find_title(text, sections)
    date = find_date(text, sections)
    return Metadata(
        title=title,
        issuer=find_issuer(title, sections),
        year=find_year(title, text, sections, date),
        date=date,
    )
