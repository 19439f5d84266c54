"""Report metadata from its text and section tree: title, issuer, report year, publication date.

The report year is the year the report is ABOUT (2020 for 关于2020年度…的报告 published in 2021). It
comes from the title; other years in the text (2019 comparisons, 2021 plans, 2015-2020 纲要) must not
fool it, so the fallbacks are ordered from most to least specific and each is anchored.

Pages as sites publish them (judgements, measured on the openings of real reports, see README):
- A line of page metadata is never the title: a bullet (• 工作报告, • 来源：…) or a bare column name
  (工作报告) does not name the topic; a title names 法治 / 依法行政, a year, or starts with 关于.
  A 【栏目】 label in front of a title is the site's column, not part of the title.
- Titles often drop the office: 某区2022年法治政府建设年度报告 is the report of 某区人民政府 (a
  government is named by its place; 街道 by 街道办事处). A department title names its organ
  (司法部2019年…, 2023年度X区司法局…). When the title's organ lacks its place (省司法厅) and a page line
  (发布机构 / 来源) names the same organ in full (湖北省司法厅), the full name wins.
- Issuer order: the signature (the issuer signs its own report), then the title, then a 来源 /
  发布机构 line that names an organ (the uploading office is weaker evidence than the title).
- No year in the title: 现将2022年法治政府建设工作情况报告如下 states the year reported on, and comes
  before the weaker fallbacks (a heading's or paragraph's leading year, the date).
- Dates as pages print them: 发布时间 2023-03-28 (no colon), 时间: 2024- 03- 14 (spaces), 2023年03月30日,
  a table cell (发文日期 | 2020-03-20), or a bare date line, bulleted or not (• 2023年03月30日). A
  date with other words on its line and no date label (今天是:2019年10月31日, the site's clock) is not
  the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compare.models import Section

_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}

#: A title names the report type; the document's first lines are where it stands. 報告: a
#: traditional-character report (read from Big5).
_TITLE_WORD = re.compile(r"报告|報告")
#: ...and its topic or year: a bare 工作报告 / 年度报告 line is a site's column name, not a title.
_TITLE_TOPIC = re.compile(r"法治|依法行政|依法治|(?:19|20)\d{2}\s*年|[〇零○一二三四五六七八九]{4}年")
#: Bullets that open a line of page metadata (• 来源：… / • 2023年03月30日 / • 工作报告).
_BULLET = re.compile(r"^[•·●▪■◆◇○◎►▶\-–—*]+\s*")
#: A breadcrumb: 您当前的位置: 首页>政务公开>… / 当前位置：首页 > … / 首页 » 工作报告.
_BREADCRUMB = re.compile(r"(?:当前位置|所在位置|您的位置|现在的位置)\s*[:：]|首页\s*[>＞»/]")
#: A site's column label in front of a title: 【法治建设报告】省司法厅2019年度… / [工作报告]….
_COLUMN_LABEL = re.compile(r"^(?:【[^】]{1,20}】|\[[^\]]{1,20}\])\s*")
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

# 2023-03-28, 2021/03/29, and as some pages space it: 2024- 03- 14.
_ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)")
_CN_DATE = re.compile(
    rf"(?P<y>{_YEAR}|{_CN_YEAR})\s*年\s*(?P<m>[\d〇零一二三四五六七八九十]{{1,3}})\s*月"
    r"\s*(?P<d>[\d〇零一二三四五六七八九十]{1,3})\s*日"
)
# Page metadata lines kept by the extractors: 日期:2021-01-13, 发布日期：2021年1月13日, 发布时间 2023-03-28
# (no colon), 时间: 2024- 03- 14, a table cell 发文日期 | 2020-03-20. The value is read by _date_in.
_META_DATE = re.compile(r"(?:发布|更新|产生|成文|发文|印发)?(?:日期|时间)\s*[:：|]?\s*(?P<v>[^|\n]{6,40})")
# A line that is nothing but a date (and maybe a time), bulleted or not: a page's date field.
_DATE_LINE = re.compile(
    rf"^(?:{_BULLET.pattern})?(?:(?:19|20)\d{{2}}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*\d{{1,2}}"
    rf"|(?:{_YEAR}|{_CN_YEAR})\s*年\s*[\d〇零一二三四五六七八九十]{{1,3}}\s*月\s*[\d〇零一二三四五六七八九十]{{1,3}}\s*日)"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
#: 现将2022年法治政府建设工作情况报告如下 / 现对2023年所做工作总结如下 / 现将我街道2022年度…报告如下:
#: the preamble's own statement of the year reported on.
_REPORTING_YEAR = re.compile(
    rf"现[将对就把][^。，,；;\n]{{0,8}}?(?P<y>{_YEAR})\s*年度?[^。\n]{{0,40}}?(?:报告|总结|汇报)如下")

_ISSUER_SUFFIX = re.compile(
    r"(?:人民政府|政府|委员会|委|局|办公室|厅|院|部|管委会|街道办事处|司法所|中心)$"
)
# 部 (司法部) ends an organ only after a two-character name: 各部 / 本部 are not organs.
_ORGAN = (r"(?:人民政府|政府|委员会|委員會|局|办公室|辦公室|厅|廳|院|管委会|管委會|街道办事处|街道辦事處|司法所|中心"
          r"|(?<=\w\w)部)")
#: A place named in a title instead of its government: 静海区, 沛县, 太原市, 湖北省, 恩施州, 额济纳旗,
#: 清波街道, 某镇 (_NOT_PLACE drops 全区 / 本市, which name no place); 區/縣/鎮/鄉 in traditional text.
_PLACE = (r"[^\d\s，。、：:()（）,;；！？!?“”]{1,20}?"  # a name: no sentence punctuation, ASCII or full-width
          r"(?:自治区|自治州|自治县|自治旗|省|市|区|县|州|旗|盟|街道|镇|乡|區|縣|鎮|鄉)")
_TITLE_PLACE_BY_YEAR = re.compile(
    rf"^(?:(?P<before>{_PLACE})\s*(?:(?:19|20)\d{{2}}|[〇零○一二三四五六七八九]{{4}})\s*年"
    rf"|(?:(?:19|20)\d{{2}}|[〇零○一二三四五六七八九]{{4}})\s*年度?\s*(?P<after>{_PLACE})(?=法治|依法))")
#: Words before a place that make it a part of something else (全区, 本市) or not a place at all.
#: A preposition before a bare level (在省委…, 对区…, 经市…) is no place either (和县, 于都县 are:
#: 和 and 于 are left out of the list).
_NOT_PLACE = re.compile(r"^(?:全|本|我|各|该|該|此|省|市|区|县|區|縣"
                        r"|在|经|經|由|对|對|从|從|为|為|按|据|據|受|将|將|把|被|与|與|及|以)"
                        r"(?:省|市|区|县|州|旗|镇|乡|街道|區|縣|鎮|鄉)$")
#: Page lines naming who published the page: 来源:静海区人民政府办公室, 发布机构 | 湖北省司法厅.
#: The label starts a field (line start, a space, a bullet, a table bar) and is followed by a
#: separator, so 资金来源于区财政局 in prose is not a source line.
_SOURCE_LINE = re.compile(r"(?:^|(?<=[\s|•·:：]))(?:信息来源|文章来源|来源|发布机构|发文机构|发布单位)"
                          r"(?:\s*[:：|]\s*|\s+)(?P<v>[^\s|:：]{2,40})", re.M)
_TITLE_ISSUER_BY_YEAR = re.compile(
    rf"^(?:(?P<before>[^\d\s]{{2,40}}?{_ORGAN})\s*(?:(?:19|20)\d{{2}}|[〇零○一二三四五六七八九]{{4}})\s*年"
    rf"|(?:(?:19|20)\d{{2}}|[〇零○一二三四五六七八九]{{4}})\s*年度?\s*(?P<after>[^\d\s]{{2,40}}?{_ORGAN})(?=法治|依法))")
#: 静海区法治政府建设年度报告: a place and the topic, no year (the preamble gives it); the place is
#: the shortest one, taken atomically (a lookahead then a backreference: Python 3.10 has no atomic
#: groups), so 某区司法局法治… is not read as a place "某区司法局…区".
_TITLE_PLACE_TOPIC = re.compile(rf"^(?=(?P<place>{_PLACE}))(?P=place)\s*(?=法治|依法)")
#: 某区司法局法治政府建设年度报告: an organ and the topic, no year.
_TITLE_ORGAN_TOPIC = re.compile(rf"^(?P<organ>[^\d\s]{{2,40}}?{_ORGAN})\s*(?=法治|依法)")
#: The first paragraph's subject: 2020年，渝中区政府坚持… / 2021年,某区深入推进… (not 某区司法局),
#: also after the usual "在…领导下，" clauses (2022年，在区委的坚强领导下，某街道…).
_PREAMBLE_PLACE = re.compile(
    rf"^\s*(?:(?:19|20)\d{{2}}\s*年度?\s*[，,]?\s*)(?:在[^，,。]{{1,40}}?(?:领导|領導|指导|指導|监督|監督)下\s*[，,]\s*)*"
    # a street or town whose name holds a level word (新市街道, 新区镇) is the shortest place plus its tail
    rf"(?:我|全)?(?=(?P<place>{_PLACE}))(?P=place)(?P<tail>街道|镇|乡|鎮|鄉)?(?:人民政府|政府)?"
    r"(?![\u4e00-\u9fff]{0,4}?(?:局|委|厅|办|中心|所|院)[，,在])", re.M)
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


def _title_line(line: str) -> str:
    """A line as a title candidate: page metadata bullets and breadcrumbs (您当前的位置: 首页>…>
    市司法局法治政府年度报告, whose last step is a column name) are never titles (""), a 【栏目】
    label in front is dropped."""
    if _BULLET.match(line) or _BREADCRUMB.search(line):
        return ""
    return _COLUMN_LABEL.sub("", line)


def _run_in_title(line: str) -> str:
    """The title at the start of a long line whose body follows without a line break (text taken
    from a PDF or a page that lost its breaks: 某县 2025 年度法治政府建设情况报告2025 年，全县…): the part up
    to the first 报告, when it is short, is written in title characters only (no punctuation, quotes,
    book-title marks or web addresses: a sentence or page furniture) and names the topic."""
    end = line.find("报告")
    if end < 0 or end + 2 > MAX_TITLE_LEN or line.startswith("如下", end + 2):
        return ""
    head = line[:end + 2]
    if not _TITLE_HEAD_CHARS.fullmatch(head) or not _TITLE_TOPIC.search(head):
        return ""
    return head


def find_title(text: str, sections: tuple[Section, ...]) -> str:
    """The report's title: the first short line near the top that names a report, joined with the
    lines above it when the title is broken over two or three lines (an issuer line, a 关于… line,
    a first half ending in 年度)."""
    head_end = next((s.start for s in sections if s.kind == "heading"), len(text))
    lines = [_title_line(ln.strip()) for ln in text[:head_end].split("\n") if ln.strip()][:TITLE_SEARCH_LINES]
    for i, line in enumerate(lines):
        run_in = _run_in_title(line) if i == 0 else ""
        if run_in and re.search(r"[，。；,;]", line[len(run_in):]):
            return run_in  # the title's line goes on with the first sentence of the body
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
    """Report year: from the title, else the preamble's 现将2022年…报告如下, else the year the first
    heading or paragraph opens with, else the year before publication (reports are published in the
    spring after the year they cover)."""
    if title:
        found = [m for m in _TITLE_YEAR.finditer(title)]
        if found:
            return _year(found[0].group("y"))
    head_end = next((s.start for s in sections if s.kind == "heading"), len(text))
    m = _REPORTING_YEAR.search(text, 0, head_end)
    if m:
        return int(m.group("y"))
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
    """Publication date: the signature date of the closing block, else a labelled page date
    (发布时间 …), else a line that is only a date (• 2023年03月30日) above the first heading."""
    closing = next((s for s in sections if s.kind == "closing"), None)
    if closing is not None:
        d = _date_in(closing.body)
        if d:
            return d
    head_end = next((s.start for s in sections if s.kind == "heading"), len(text))
    head = text[:head_end]
    for m in _META_DATE.finditer(head):
        # The date must follow its label: 在规定时间内…自2022年1月1日起 is prose, not a page field.
        v = m.group("v")
        if (_ISO_DATE.match(v) or _CN_DATE.match(v)) and (d := _date_in(v)):
            return d
    for line in head.split("\n"):
        if _DATE_LINE.match(line.strip()):
            d = _date_in(line)
            if d:
                return d
    return ""


def _title_issuer(title: str) -> str:
    """The issuer a title names: what precedes 关于, else the organ next to the year, else the
    government of the place next to the year."""
    m = _TITLE_ISSUER.match(title)
    if m:
        # 某区关于2021年…的报告: a bare place before 关于 stands for its government, like below
        return _government_of(m.group("i").strip()) or m.group("i").strip()
    # X区人民政府2020年法治政府建设年度报告 / 2023年度X区司法局法治政府建设情况报告 / 司法部2019年…
    m = _TITLE_ISSUER_BY_YEAR.match(title)
    if m:
        return (m.group("before") or m.group("after")).strip()
    # 静海区2023年度… / 2020年静海区法治政府… : a place stands for its government.
    m = _TITLE_PLACE_BY_YEAR.match(title) or _TITLE_PLACE_TOPIC.match(title)
    if m:
        return _government_of(next(g for g in m.groups() if g).strip())
    m = _TITLE_ORGAN_TOPIC.match(title)
    return m.group("organ") if m else ""


def _government_of(place: str) -> str:
    """The government a bare place name stands for (静海区 -> 静海区人民政府, 河湾街道 -> 河湾街道
    办事处); "" for what is not a bare place (全区, an organ, a sentence)."""
    if not re.fullmatch(_PLACE, place) or _NOT_PLACE.match(place):
        return ""
    return place + ("办事处" if place.endswith("街道") else "人民政府")


def _preamble_issuer(sections: tuple[Section, ...]) -> str:
    """The government the first paragraph names as its subject when the title names none:
    2020年，渝中区政府坚持… / 2021年，某区深入推进… (the year it opens with, then a place, maybe
    with 政府). An organ after the place (某区司法局) is not taken: a department's own report says
    so in its title."""
    preamble = next((s for s in sections if s.kind in ("preamble", "body")), None)
    if preamble is None:
        return ""
    m = _PREAMBLE_PLACE.search(preamble.body[:200])
    return _government_of(m.group("place") + (m.group("tail") or "")) if m else ""


def _source_issuers(text: str, sections: tuple[Section, ...]) -> list[str]:
    """Organs named by the page's 来源 / 发布机构 lines above the first heading."""
    head_end = next((s.start for s in sections if s.kind == "heading"), len(text))
    names = [m.group("v") for m in _SOURCE_LINE.finditer(text, 0, head_end)]
    return [n for n in names if _ISSUER_SUFFIX.search(n)]


def find_issuer(title: str, sections: tuple[Section, ...], text: str = "") -> str:
    """Issuer: the signature line of the closing block, else the issuer the title names, else the
    government of the place the first paragraph is about, else an organ named by a 来源 / 发布机构
    page line (the page's publisher, never preferred to the title: 来源 某区人民政府办公室 under the
    title 某区法治政府建设年度报告 is the office that uploaded 某区人民政府's report)."""
    closing = next((s for s in sections if s.kind == "closing"), None)
    if closing is not None:
        lines = [ln.strip() for ln in closing.body.split("\n") if ln.strip()]
        # A date signed on the issuer's line ("X区人民政府 2023年3月28日") is not part of the name.
        names = [n for n in (_CN_DATE.sub("", ln).strip() for ln in lines) if n and _ISSUER_SUFFIX.search(n)]
        if names:
            # Joint issuers sign on two lines (中共X区委 / X区人民政府): keep both.
            return " ".join(names)
    sources = _source_issuers(text, sections) if text else []
    # The title's issuer, else the place the first paragraph is about; a 来源 line names who
    # uploaded the page (区政府办公室, 区司法局), weaker evidence than either.
    issuer = _title_issuer(title) or _preamble_issuer(sections)
    if issuer:
        # 省司法厅 in the title, 发布机构 湖北省司法厅 on the page: the same organ, named in full.
        if issuer[0] in "省市区县州":
            fuller = next((n for n in sources if n.endswith(issuer) and len(n) > len(issuer)), "")
            return fuller or issuer
        return issuer
    return sources[0] if sources else ""


def find(text: str, sections: tuple[Section, ...]) -> Metadata:
    """All metadata fields of a report."""
    title = find_title(text, sections)
    date = find_date(text, sections)
    return Metadata(
        title=title,
        issuer=find_issuer(title, sections, text),
        year=find_year(title, text, sections, date),
        date=date,
    )
