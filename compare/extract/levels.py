"""Which numbers are levels (a quantity measured this year) and which are not: years and dates,
ordinals, document numbers, hotlines, sessions, slogans and set phrases, idioms, articles, and the
numbers of a stated change (see compare.extract.indicators for the judgements behind them)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from compare.extract.lexicon import Lexicon
from compare.extract.phrases import ChangePhrase
from compare.extract.units import DURATION_UNITS, Quantity, quantity_at
from compare.models import NumberSpan

#: Longest text inside “…” whose numerals are treated as a name (“四个意识”, “6+1”, “12348”,
#: “一件事一次办”). The longest quoted name with a numeral in the seed and the fixture reports is
#: “三长(云长、河长、林长)联动” (13 characters); 16 leaves room. Longer quotes are sentences
#: (习近平总书记“…”), where a number would be a quoted claim, not a name.
QUOTE_SLOGAN_MAX_CHARS = 16
_QUOTE_RE = re.compile(rf"[“\"「『]([^”\"」』\n]{{1,{QUOTE_SLOGAN_MAX_CHARS}}})[”\"」』]")
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN_SMALL = "一二两三四五六七八九十"
#: Chinese numerals up to 十 (slogans count 2-10 things; 十二项 and above are real lists).
_SMALL_CN_NUMERALS = frozenset("一二两三四五六七八九十")
#: Document and book titles (《优化营商环境30条》): a number in a name measures nothing.
_TITLE_RE = re.compile(r"《[^》\n]{1,80}》")
#: N届N次(全会), 十九届, session numbering of party / people's congresses.
_SESSION_AFTER_RE = re.compile(rf"(?:[、和及][{_CN_SMALL}]+次)*(?:全会|全体会议|会议|常委会|代表大会)")
#: "N个" right before a numeral: the second half of a numbered slogan (3个100%, 五个一).
_NUMBERED_SLOGAN_TAIL_RE = re.compile(r"(?:[0-9]+|[一二两三四五六七八九十]+)个$")
#: Plan periods and campaigns: 十四五, 十三五规划, 七五普法.
_PLAN_RE = re.compile(r"十[一二三四五六七八九]五|[一二三四五六七八九]五(?=普法|规划|时期|期间|末|初|以来)")
#: A designation verb and a batch before a count (入选首批六个试点, 被确定为全省第二批…): the
#: count names the programme, not something this government did; 建立全省首批30个观测点 stays.
_DESIGNATED_BATCH_RE = re.compile(
    r"(?:入选|成为|列为|列入|确定为|确认为|评为|获评|获批|作为|纳入)(?:全国|全省|全市|全区|全县)?"
    r"(?:首批|第[一二三四五六七八九十\d]{1,3}批)$")
#: A count that ends in 之一 within its clause (全省入围的五个项目之一): membership, not a measure.
_ONE_OF_RE = re.compile(r"[^，,。；;：:、\n]{0,24}?(?<!分)之一")  # not 三分之一, a fraction
#: A quantity followed by 以外/之外 marks a range (8小时以外, 工作日以外): a phrase, not a level.
_BEYOND = ("以外", "之外")
#: Hotlines: 12345, 12348, 96xxx (service numbers are 5+ digits starting 12 or 96).
#: A comparison base right before a number (较上年的8.7%, 比2022年同期的…): the number is last
#: year's level, not one of this report's year.
_PRIOR_LEVEL_RE = re.compile(r"(?:较|比|与|同)(?:上年|去年|上一年度?|上年度|(?:19|20)\d{2}年度?)(?:同期)?的?$")
_PRIOR_LEVEL_LAST = ("年", "度", "期", "的")
_HOTLINE_RE = re.compile(r"^(?:12\d{3}|96\d{3,})$")
_HOTLINE_AFTER = ("热线", "法网", "平台", "电话", "服务", "”", "\"")
#: Document numbers 〔2021〕12号 and years / months / dates.
_DOC_BRACKETS = "〔[［【(（"


def find_levels(text: str, numbers: Sequence[NumberSpan], changes: Sequence[ChangePhrase],
            lexicon: Lexicon) -> list[Quantity]:
    """The numbers that are levels with a unit, not changes, dates, ordinals or slogans."""
    # one byte per character: 1 inside a slogan span, 2 inside a change phrase
    mask = bytearray(len(text) + 1)
    for a, b in _blocked_spans(text, lexicon):
        mask[a:b] = b"\x01" * (b - a)
    levels = {c.level_start for c in changes if c.level_start is not None}
    for c in changes:
        mask[c.start:c.end] = bytes(x | 2 for x in mask[c.start:c.end])
    out: list[Quantity] = []
    for n in numbers:
        if mask[n.start] & 2 and n.start not in levels:
            continue
        if any(mask[n.start:n.end]) and any(x & 1 for x in mask[n.start:n.end]):
            continue
        if _is_not_a_measure(text, n, lexicon):
            continue
        q = quantity_at(text, n)
        if (q is not None and math.isfinite(q.value)  # 1e300万 overflows: not a quantity (compare.extract.numbers)
                and not text.startswith(_BEYOND, q.end) and not _ONE_OF_RE.match(text, q.end)):
            out.append(q)
    return out



def _is_not_a_measure(text: str, n: NumberSpan, lexicon: Lexicon) -> bool:
    """Years, dates, ordinals, document numbers, hotlines, sessions, idioms and articles."""
    before = text[n.start - 1] if n.start else ""
    after = text[n.end] if n.end < len(text) else ""
    digits = n.text.strip("近约余多以上左右超过将接不到")
    if before in "第每" or n.text.startswith("第"):
        return True  # 第二次会议 (ordinal), 每一项 (distributive, not a count)
    if before in "前后" and text.startswith(("名", "位"), n.end) and "排" in text[max(0, n.start - 8):n.start]:
        return True  # 排名全市前10名: a rank, not ten people
    if after in "年月号" or (after == "-" and re.match(r"\d{4}", n.text)):
        return True  # 2020年, 2015-2020年, 1月, 12号, 2021-01-13
    if before in _DOC_BRACKETS and after in "〕]］】)）":
        return True  # 〔2021〕
    if text.startswith(("周年", "周岁"), n.end):
        return True  # 建党100周年, 成立30周年: an anniversary or an age, not a duration of 100 weeks
    # both patterns end at the number: their last character (批; 年/度/期/的) must be right before it
    if before == "批" and _DESIGNATED_BATCH_RE.search(text, max(0, n.start - 12), n.start):
        return True  # 入选首批六个试点: the batch names a programme the report joined, not a count
    if before in _PRIOR_LEVEL_LAST and _PRIOR_LEVEL_RE.search(text, max(0, n.start - 12), n.start):
        return True  # 较上年的8.7%有所下降: last year's level, the base of a comparison
    if _HOTLINE_RE.match(digits) and (text.startswith(_HOTLINE_AFTER, n.end) or before in "“\""):
        return True
    if after in "+＋" or before in "+＋":
        return True  # 6+1, 1+N: a model's name
    cn = bool(digits) and not digits.strip(_CN_DIGITS)  # every character a Chinese numeral
    if cn:
        if after == "届" or before == "届":
            return True  # 十九届, 五届三次
        if text.startswith("次", n.end) and (before == "、" or _SESSION_AFTER_RE.match(text, n.end + 1)):
            return True  # 四次、五次…九次全会
        if len(digits) == 1 and digits in "一" and n.qualifier == "exact" and not _duration_follows(text, n.end):
            return True  # 一套公章, 一件事情, 一次性: 一 + classifier is an article
        if len(digits) == 1 and digits in "百千万亿" and n.qualifier == "exact":
            return True  # 千家万户, 百姓: idioms, not numbers
        if len(digits) == 1 and _idiom(text, n.start):
            return True  # 三番五次, 四面八方
        if _slogan_head(text, n.end, lexicon):
            return True  # 四个意识, 三项制度
        if (digits in _SMALL_CN_NUMERALS and text[n.end:n.end + 1] in "个项条种大场"
                and text[max(0, n.start - 8):n.start].rstrip("了").endswith(lexicon.slogan_verbs)):
            return True  # 落实三个区分开来, 做到两个全覆盖: a slogan governed by a commitment verb
    if n.end + 1 < len(text) and text[n.end] == "个" and text[n.end + 1] in _CN_DIGITS + "0123456789":
        return True  # 五个一, 3个100%: a numbered slogan
    # the pattern ends with 个 at the number (or before a line break there, as `$` allows)
    if before in "个\n" and _NUMBERED_SLOGAN_TAIL_RE.search(text, max(0, n.start - 6), n.start):
        return True  # the 100% of 3个100%
    return False


def _duration_follows(text: str, pos: int) -> bool:
    return any(text.startswith(u, pos) for u in DURATION_UNITS if u != "日")


def _idiom(text: str, start: int) -> bool:
    """A single Chinese numeral with another one two characters away: 三番五次, 四面八方."""
    for k in (start - 2, start + 2):
        if 0 <= k < len(text) and text[k] in _CN_SMALL and (k + 1 >= len(text) or text[k + 1] not in _CN_DIGITS):
            return True
    return False


def _slogan_head(text: str, pos: int, lexicon: Lexicon) -> bool:
    if pos >= len(text) or text[pos] not in "个项条种大":
        return False
    return any(text.startswith(h, pos + 1) for h in lexicon.slogan_heads)


def _blocked_spans(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Spans whose numerals are names, not measures: short quotes, document titles, listed
    slogans, plan periods."""
    spans = [(m.start(1), m.end(1)) for m in _QUOTE_RE.finditer(text)]
    spans.extend(m.span() for m in _TITLE_RE.finditer(text))
    spans.extend(lexicon.slogan_spans(text))
    spans.extend(m.span() for m in _PLAN_RE.finditer(text))
    return spans


__all__ = ["find_levels"]
