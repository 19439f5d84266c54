"""Numerals in Chinese report language: find every numeral in a text.

`find_numbers` scans prose and returns `NumberSpan` records (offsets, text as written, value,
qualifier, percent flag, range end); the value of each numeral is read by
compare.extract.numeral_value (`parse_number` reads one numeral string).

What this module decides, and what it leaves to `compare.extract.indicators`:

- Arabic numbers are always returned, including years, dates, phone lines and document
  numbers (`2020年`, `12345`, `〔2021〕12号`): the span ends at the numeral, so the caller sees the
  character that follows (年, 号, 月) and filters. Dotted sequences (`2.3.1`, `2021.01.13`) are
  read as separate integers, not as decimals.
- Chinese numerals are taken only where they are quantities: a numeral of two or more numeral
  characters that is ONE valid numeral (十万, 两千三百, 三十二), a single digit followed by a
  counting word / measure word (三个, 一名, 十余人), or a numeral inside 百分之 / a fraction. A
  lone digit before anything else is lexical (统一, 一些, 进一步, 唯一, 万一, 十分, 陆地) and is
  skipped. A run of numeral characters that is not one valid numeral is dropped whole: this
  drops slogans and abbreviations such as 十四五, 十二五, 七五普法, 二三十 (the indicator layer
  never sees them). 百/千/万/亿 with no digit before them are only read after a qualifier
  (近万, 上千, 数百, 几十万: value of the unit, qualifier over/under); elsewhere they are
  lexical (百姓, 千家万户, 万众一心).
- Ordinals are skipped entirely: a numeral right after 第 (第一次会议, 第2期, 第十二条) is never
  returned, because no caller needs an ordinal as a quantity.
- A short lexicon (`_LEXICAL_PHRASES`) removes numerals inside set phrases where a counting word
  follows but no quantity is meant (一次性, 一条龙, 一件事, 最多跑一次, 一部分, 千家万户).
  Slogans that DO count something (四个意识, 三项制度) are returned; the indicator layer decides.
- Qualifier words directly attached to the numeral are part of the span (近190, 200余, 十万余,
  95%以上). Qualifier words after the counting word (200余个 is fine, but 15个工作日内 and
  3个多月 are not adjacent) are read by the caller with `qualifier_after_unit`.
- `X个百分点` is returned as the numeral X (is_percent False); 个百分点 stays outside the span, as
  a unit, like 件. `%`, `％`, `‰`, 百分之, 千分之, 万分之 make a percent span (value in percent
  units: 64.29%, 百分之五十 -> 50, 千分之三 -> 0.3). 成 (tenths) is a percent too: 九成以上 -> 90,
  over; 折 (shop discounts) is not read.
- 负 is a minus sign only where it cannot close a word: at the start of the text or a clause,
  after a non-Chinese character, or after a link word (为/是/至/到/达/由/从…: 增长率为负3%). After
  any other Chinese character it ends a compound verb or noun (减负, 担负, 胜负): 为企业减负2.6亿元
  is 2.6亿 of relief, a positive amount, not −2.6亿.
- A numeral whose value is beyond float range (a 400-digit figure reads as infinity) is not a
  quantity and is dropped: no report states one, and an infinite value would poison every sum,
  ratio and output format downstream.

All patterns are compiled once at import; `find_numbers` is a single left-to-right scan.
"""

from __future__ import annotations

import math
import re
from typing import Final

from compare.extract.numeral_value import CN_CHAR, NORM, PERCENT_PREFIX_RE, PLAIN, eval_body, value_of
from compare.extract.regexcompile import compile_repetitive
from compare.models import NumberSpan, Qualifier

__all__ = [
    "COUNTING_WORDS",
    "POINTS_UNIT",
    "find_numbers",
    "qualifier_after_unit",
]

#: Counting words (量词) and units that follow a quantity in reports. `compare.extract.indicators` reads
#: the unit of an indicator from this set; multi-character entries win over their prefixes
#: (个工作日 over 个, 人次 over 人), so callers should try the longest match first.
COUNTING_WORDS: Final[frozenset[str]] = frozenset(
    (
        # things, cases, people
        "项 件 个 名 人 人次 件次 件(次) 件（次） 次 家 册 条 份 场 期 篇 宗 张 种 类 支 所 户 台 辆 批 套 本"
        " 部 处 座 起 例 单 笔 位 人员 余人 万人 万人次 万件 户次 场次 个次 批次 门 根 棵 间 轮 组 队"
        " 街道 社区 单位 部门 个人"
        # time
        " 个工作日 工作日 天 日 小时 分钟 年 个月 月 周 季度"
        # money
        " 元 万元 亿元 千元 百万元"
        # measures
        " 公里 千米 米 平方米 平方公里 万平方米 亩 万亩 公顷 吨 万吨 千克 公斤 斤 立方米"
        # shares
        " % ％ 个百分点 倍"
    ).split()
)

#: The unit of a percentage-point change (同比提高17.6个百分点); never part of a number's span.
POINTS_UNIT: Final[str] = "个百分点"

# ---------------------------------------------------------------------------------------------
# Character classes. Full-width digits and traditional / 大写 characters are matched directly
# (the text is never copied or translated, so offsets are the caller's offsets) and translated
# only inside a matched span, by `NORM`.

_SP = r"[ \t\u3000]"  # spaces that PDF/web extraction leaves inside numerals (7 万5 千4 百)
_AD = "0-9０-９"  # Arabic digits, half- and full-width
_CN_DIGITS = "〇零一二两三四五六七八九壹贰叁肆伍陆柒捌玖兩倆貳陸"
_CN_DEC_DIGITS = "〇零一二三四五六七八九壹贰叁肆伍陆柒捌玖貳陸"  # after 点 (两 is never a decimal digit)
_CN_UNITS = "十百千拾佰仟"
_CN_BIGS = "万亿萬億"
_CN_ZERO = "〇零"
#: 大写 digits (financial numerals). Alone they are ordinary words (拾起, 陆地, 队伍, 放肆), so a
#: single 大写 character is never a number.
_DAXIE = frozenset("壹贰叁肆伍陆柒捌玖拾佰仟貳陸")

# One Arabic number: thousands groups only with exactly three digits after each separator
# (1,182 / 1，182), so "1, 234" (a list) stays three numbers. A decimal part is not taken when
# another ".digit" follows (2.3.1, 2021.01.13: dotted sequences are separate integers), nor when
# the integer itself follows a dot.
_AINT = rf"(?:[{_AD}]{{1,3}}(?:[,，][{_AD}]{{3}})+(?![{_AD}])|[{_AD}]+(?![{_AD}]))"
_ADEC = rf"(?:[.．][{_AD}]+(?![{_AD}]|[.．][{_AD}]))"
_ANUM = rf"(?:(?<![.．]){_AINT}{_ADEC}?|{_AINT}|(?<![{_AD}.．])[.．][{_AD}]+(?![{_AD}]|[.．][{_AD}]))"

_DEC_CN = rf"(?:[点點]{_SP}*[{_CN_DEC_DIGITS}](?:{_SP}*[{_CN_DEC_DIGITS}])*)"
# Continuation of a numeral after its first piece. Arabic digits may only follow a unit or 零
# (5万4千6百, 3万4000, 2千零30万), never a Chinese digit, so 统一12345 keeps its 12345.
_CONT = (
    rf"(?:{_SP}*(?:[{_CN_UNITS}{_CN_BIGS}{_CN_ZERO}](?:{_SP}*{_ANUM})?"
    rf"|[{_CN_DIGITS}]|{_DEC_CN}|[余多几幾](?={_SP}*[{_CN_BIGS}])|(?<=[{_CN_UNITS}{_CN_ZERO}])[几幾]))"
)
_BODY = (
    rf"(?:{_ANUM}(?:{_SP}*[余多](?={_SP}*[{_CN_BIGS}]))?(?:{_SP}*[{_CN_UNITS}{_CN_BIGS}](?:{_SP}*{_ANUM})?{_CONT}*)?"
    rf"|[{_CN_DIGITS}{_CN_UNITS}{_CN_BIGS}]{_CONT}*)"
)
_SIGN = rf"(?:[负負]|(?<![{_AD}A-Za-z+＋\-－])[-－](?=[{_AD}.．]))"
# A fraction (三分之一, 3又一千分之23) shares its first body with a plain numeral, so the body
# is matched once and the fraction tail is optional (matching the body twice doubles the cost).
_OVER = rf"(?:{_SP}*分{_SP}*之{_SP}*{_SIGN}?{_BODY})"
_FRACTION_TAIL = rf"(?:{_SP}*又{_SP}*{_SIGN}?{_BODY}{_OVER}|{_OVER})"
_PERCENT_PREFIX = rf"(?:[百千万佰仟萬](?:{_SP}*[百千万佰仟萬])*{_SP}*分{_SP}*之{_SP}*{_SIGN}?{_BODY})"
# 成 = tenths (九成以上 = over 90%). Not when 成 starts a word: 成员, 成立, 成为, 成效, 一成不变.
_TENTHS = r"成半?(?![员立为果效绩本功熟都交型品套就长年人分份因败像形真全批规器材渝药色事活语不])"
_ITEM = rf"(?:{_PERCENT_PREFIX}|{_SIGN}?{_BODY}{_FRACTION_TAIL}?(?:{_SP}*(?:[%％‰]|{_TENTHS}))?)"
_RANGE_SEP = r"(?:[-－~～–至到]|—{1,2})"

# Qualifier words written before the numeral. The look-behinds keep words that merely end in
# the qualifier's character out: 节约/制约/签约 (约), 最近 (近), 赶超 (超), 以上/线上 (上).
_PREFIXES = (
    r"不超过|不少于|不低于|不高于|将近|接近|不到|不足|大约|超过|至少|最多|逾"
    r"|(?<![节制签预契邀公违履条集特合简践赴租盟爽要和])约"
    r"|(?<![最附邻亲贴靠])近|(?<![赶高])超|(?<![以线网向马之路晚早北南楼往])上"
    r"|(?<![人次件总少多半无倍系指分函基点参变户家项笔例宗])数|几"
)
# 上/数/几 qualify only a round unit with no digit: 上千, 数百, 几十万 (not 上3, 人数300).
_ROUND_ONLY = frozenset({"上", "数", "几"})
_SUFFIXES = r"以上|以下|以内|左右|余|多|内"

# The scan: `_ANCHOR` finds the next character that can start a numeral (in C), `_MASTER` is
# matched there (or one character earlier, for a sign), and a qualifier before it is read with
# `_PREFIX_BEFORE`. Trying `_MASTER` at every offset is ~10x slower.
_PREFIX_BEFORE: Final[re.Pattern[str]] = re.compile(rf"(?:{_PREFIXES})\Z")
_PREFIX_MAX = 3  # longest qualifier word before a numeral (不超过)
_PREFIX_LAST = frozenset("过于少多近足到约逾超上数几")  # last characters of the qualifier words
_SIGNS = frozenset("负負-－")
#: Characters after which 负 is still a minus sign (a link word, not the first half of 减负 / 担负).
_MINUS_AFTER = frozenset("为是至到达由从约近和及或与、：:（(")
_CN_SINGLE = frozenset(_CN_DIGITS + _CN_UNITS)
_MASTER: Final[re.Pattern[str]] = compile_repetitive(
    rf"(?P<first>{_ITEM})"
    rf"(?:{_SP}*(?P<sep>{_RANGE_SEP}){_SP}*(?P<second>{_ITEM}))?"
    rf"(?P<suf>{_SUFFIXES})?"
)

_QUALIFIER_OF: Final[dict[str, Qualifier]] = {
    "余": "over", "多": "over", "以上": "over", "超过": "over", "逾": "over", "超": "over", "上": "over",
    "不少于": "over", "不低于": "over", "至少": "over", "数": "over", "几": "over",
    "近": "under", "将近": "under", "接近": "under", "不到": "under", "不足": "under",
    "约": "approx", "大约": "approx", "左右": "approx",
    "以内": "at_most", "内": "at_most", "以下": "at_most", "不超过": "at_most", "不高于": "at_most",
    "最多": "at_most",
}  # fmt: skip

# Measure words that let a single Chinese digit count as a number (三个, 十余人, 九年, 一只).
# Wider than COUNTING_WORDS (it also holds everyday measure words: 只 斤 吨 双 对), but without
# 把 (一把手), 面 (一方面/四面八方), 分 (十分重要), 点 (一点), 块 (一块 = together); 成 (tenths)
# is read as a percent by `_TENTHS`, 折 (shop discounts) not at all.
_MEASURE_WORDS: Final[frozenset[str]] = (COUNTING_WORDS - {"%", "％", "余人"}) | frozenset(
    {"只", "双", "对", "個", "雙", "對", "岁", "周岁"}
)
_MEASURE_ALT = "|".join(sorted((re.escape(w) for w in _MEASURE_WORDS), key=len, reverse=True))
_MEASURE_RE: Final[re.Pattern[str]] = re.compile(rf"{_SP}*(?:{_MEASURE_ALT})")

# Where a numeral can start. A single Chinese numeral character is an anchor only when what
# follows can make it a number (another numeral character, a counting word, %, 分之, a range,
# 余/多, 点); 百/千/万 alone only after a qualifier (近万, 上千). This keeps the ~100 lone 一 of a
# report (统一, 一些, 之一) out of the Python loop.
_CN_ALL = _CN_DIGITS + _CN_UNITS + _CN_BIGS
_MEASURE_FIRST = "".join(sorted({re.escape(w[0]) for w in _MEASURE_WORDS}))
_ANCHOR: Final[re.Pattern[str]] = re.compile(
    # One leading character class, so the regex engine skips ordinary text in C; the checks
    # after it are loose (first characters only), `_accept` applies the exact rules.
    rf"[{_AD}.．{_CN_ALL}]"
    rf"(?:(?<=[{_AD}.．])"
    rf"|(?={_SP}*[{_CN_ALL}%％‰成分余多几幾点點又\-－~～–—至到{_MEASURE_FIRST}])"
    rf"|(?<=[近约超逾上足到过于少多数几][{_CN_BIGS}{_CN_UNITS}]))"
)

# Set phrases where a numeral is followed by a counting word but no quantity is meant.
# General Chinese vocabulary and national slogans, not strings of any one report.
_LEXICAL_PHRASES: Final[re.Pattern[str]] = re.compile(
    r"一次性|一次办|跑一次|一件事|一条龙|一张网|一张图|一张蓝图|一本账|一揽子|一部分|一批次"
    r"|千家万户|一把手|一对一|一起(?![案事纠违])|一个样|一年四季|一天天|三番五次|一门式|一站式"
    r"|每一(?![十百千万亿〇零一二两三四五六七八九])"  # 每一个执法行为: "every", not a count
)
# 五届三次、四次全会: sessions of a congress numbered after 届 are ordinals, the whole list of them.
_SESSION_BEFORE: Final[re.Pattern[str]] = re.compile(rf"届(?:[{_CN_DIGITS}{_CN_UNITS}]+次[、，,])*\Z")
_SESSION_WINDOW = 40  # characters to look back for 届 over a list of sessions
_LEXICAL_WINDOW = 6  # longest phrase above minus one: how far around a numeral to look

# A Chinese numeral before these names a congress, a session or a quarter, not a quantity:
# 十九大, 十九届四中全会, 五届三次全会, 一季度 (the ordinal forms without 第; 三个季度 counts).
_ORDINAL_AFTER: Final[re.Pattern[str]] = re.compile(r"大(?![约概幅量型部类批])|届|中全会|次全会|季度")
_URL: Final[re.Pattern[str]] = re.compile(r"(?:[A-Za-z][A-Za-z+.-]*://|www\.)[\x21-\x7e]+")
# 01-13 is a date, not a range: a range never has a zero-padded end.
_LEADING_ZERO: Final[re.Pattern[str]] = re.compile(r"-?0\d")

# 近 + a time span reads "the last N years / months" (近三年, 近10天), not "nearly N".
_RECENT_UNITS: Final[re.Pattern[str]] = re.compile(rf"{_SP}*(?:年|个月|月|周|天|日|期|届)")

# Qualifiers that may follow a counting word (15个工作日内, 3个多月, 100人以上).
_AFTER_UNIT: Final[re.Pattern[str]] = re.compile(r"以上|以下|以内|左右|多|余|内")
# 多/余 after a unit must not start a word (2个多部门, 多元): only before a time unit, 来/的,
# or the end of the phrase.
_AFTER_DUO_OK: Final[re.Pattern[str]] = re.compile(r"(?:月|小时|天|年|周|来|的|时间|[^\u4e00-\u9fff])|$")
# 内 after a unit is a limit only for spans of time or distance (15个工作日内, 3公里内, 5%内),
# and not when it starts a word (3个内设机构, 2件内容).
_NEI_UNIT: Final[re.Pattern[str]] = re.compile(r"(?:工作日|日|天|小时|分钟|年|月|周|公里|千米|米|里|%|％)$")
_NEI_WORDS: Final[frozenset[str]] = frozenset("设容部涵在外网控审勤资陆地河需生化核置销务政蒙心")


# ---------------------------------------------------------------------------------------------
# Scanning


def _is_lone_cn(raw: str) -> bool:
    """True when an item is a single Chinese numeral character (三, 十, 两), spaces aside."""
    stripped = raw.strip(" \t\u3000")
    return len(stripped) == 1 and not ("0" <= stripped <= "9" or "０" <= stripped <= "９")


def _is_lexical(text: str, start: int, end: int) -> bool:
    lo = max(0, start - _LEXICAL_WINDOW)
    for m in _LEXICAL_PHRASES.finditer(text, lo, min(len(text), end + _LEXICAL_WINDOW)):
        if m.start() < end and m.end() > start:
            return True
    return False


def _has_cn(raw: str) -> bool:
    return not raw.isascii() and CN_CHAR.search(raw) is not None


def find_numbers(text: str) -> list[NumberSpan]:
    """Every numeral in `text` that can be a quantity, in document order (see the module
    docstring for what is skipped). Offsets index `text`; `end` is exclusive."""
    out: list[NumberSpan] = []
    pos = 0
    anchor = _ANCHOR.search
    match = _MASTER.match
    urls = _url_spans(text)
    while True:
        a = anchor(text, pos)
        if a is None:
            break
        p = a.start()
        m = None
        if p > pos and text[p - 1] in _SIGNS and _is_sign(text, p - 1):
            m = match(text, p - 1)
        if m is None:
            m = match(text, p)
            if m is None:
                pos = p + 1
                continue
        start = m.start()
        pm = None
        if start > pos and text[start - 1] in _PREFIX_LAST:
            pm = _PREFIX_BEFORE.search(text, max(pos, start - _PREFIX_MAX), start)
        span, pos = _accept(text, m, pm.group() if pm else None)
        if span is not None and not _finite(span):
            continue
        if span is not None and not (urls and any(s <= span.start < e for s, e in urls)):
            out.append(span)
    return out


def _is_sign(text: str, i: int) -> bool:
    """Whether the sign character at text[i] is a minus: 负 right after a Chinese character ends a
    word (减负, 担负), unless that character is a link word (为负3%)."""
    if text[i] not in "负負" or i == 0:
        return True
    before = text[i - 1]
    return not CN_CHAR.match(before) or before in _MINUS_AFTER


def _finite(span: NumberSpan) -> bool:
    return math.isfinite(span.value) and (span.high is None or math.isfinite(span.high))


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Web addresses in the text (reports cite their publication URL): digits inside them
    (%28, 2020/12) are not quantities."""
    if "://" not in text and "www." not in text:
        return []
    return [m.span() for m in _URL.finditer(text)]


def _accept(text: str, m: re.Match[str], pre: str | None) -> tuple[NumberSpan | None, int]:
    """The span for one match of `_MASTER` (None to skip it) and the offset to scan on from.
    `pre` is the qualifier word written just before the match."""
    first_raw = m.group("first")
    first_s, first_e = m.span("first")
    # Ordinals (第一次会议, 第2期, 第十二条): never a quantity.
    if first_s > 0 and text[first_s - 1] == "第":
        return None, m.end()
    if first_e == m.end() and first_raw.isascii():
        # Fast path for the commonest cases, a plain Arabic number or percentage (1182, 64.29%).
        pct = first_raw[-1] == "%"
        digits = first_raw[:-1] if pct else first_raw
        if PLAIN.fullmatch(digits):
            start = first_s
            qualifier: Qualifier = "exact"
            if pre is not None and not (pre == "近" and _RECENT_UNITS.match(text, first_e)) and pre not in _ROUND_ONLY:
                start, qualifier = first_s - len(pre), _QUALIFIER_OF[pre]
            return NumberSpan(start, first_e, text[start:first_e], float(digits), qualifier, pct), first_e
    # Fast path for the commonest case, a lone Chinese digit inside a word (统一, 一些, 之一).
    if (
        len(first_raw) == 1
        and first_raw in _CN_SINGLE
        and m.group("sep") is None
        and (
            first_raw in _DAXIE
            or (_MEASURE_RE.match(text, first_e) is None and _MEASURE_RE.match(text, m.end()) is None)
        )
    ):
        return None, m.end()
    norm = first_raw.translate(NORM)
    if _starts_bare(first_raw):
        # 百/千/万 without a digit: a number only after a qualifier (近万, 上千) or as 百分之X.
        if PERCENT_PREFIX_RE.match(norm.lstrip("负-")):
            first = value_of(norm)
        elif norm.endswith(("%", "‰")) or (pre is None and not _bare_with_suffix(text, m)):
            return None, m.end()
        else:
            got = eval_body(norm, bare_unit=True)
            first = (got[0], False, got[1]) if got else None
    else:
        first = value_of(norm)
    if first is None:
        return None, m.end()
    value, is_percent, approx = first
    if m.group("sep") is not None:
        second = value_of(m.group("second").translate(NORM))
        second_raw = m.group("second").translate(NORM)
        if (
            second is not None
            and second[0] > value
            and (second[1] or not is_percent)
            and not _LEADING_ZERO.match(norm)
            and not _LEADING_ZERO.match(second_raw)
        ):
            span = _finish(
                text,
                first_raw,
                first_s,
                m.end("second"),
                value,
                second[1] or is_percent,
                approx,
                second[0],
                pre,
                m.group("suf"),
            )
            return span, (span.end if span else m.end())
        # Not a range (2021-01-13): keep the first item alone and scan again after it.
        return _finish(text, first_raw, first_s, first_e, value, is_percent, approx, None, pre, None), first_e
    span = _finish(text, first_raw, first_s, first_e, value, is_percent, approx, None, pre, m.group("suf"))
    return span, (span.end if span else m.end())


def _bare_with_suffix(text: str, m: re.Match[str]) -> bool:
    """千余人次, 万余份, 百余名: a bare 百/千/万 with 余/多 and a measure word after it is a round
    quantity even without a qualifier before it (a lone 千 or 万 in prose is not)."""
    return m.group("sep") is None and m.group("suf") in ("余", "多") and _MEASURE_RE.match(text, m.end()) is not None


def _starts_bare(raw: str) -> bool:
    """True when a numeral starts with 百/千/万/亿 (no digit before it)."""
    s = raw.lstrip("负負-－ \t\u3000")
    return bool(s) and s[0] in "百千万亿佰仟萬億"


def _finish(
    text: str,
    first_raw: str,
    start: int,
    end: int,
    value: float,
    is_percent: bool,
    approx: bool,
    high: float | None,
    pre: str | None,
    suf: str | None,
) -> NumberSpan | None:
    """Apply the context rules (suffix qualifier, lone digits, set phrases, prefix qualifier)
    to a parsed item spanning text[start:end]; None when the context says it is not a number."""
    core_text = text[start:end]
    qualifier: Qualifier = "over" if approx else "exact"
    if suf is not None:
        norm = core_text.translate(NORM)
        if suf in ("余", "多"):
            # Directly after the numeral only after a round number (二十多, 200余, 十万余);
            # 3多 is not Chinese (the qualifier then follows the counting word: 3个多月).
            take = not is_percent and (norm[-1] in "十百千万亿" or (norm[-1] == "0" and "." not in norm))
        elif suf == "内":
            take = is_percent  # 5%内; after a unit (3日内) it is qualifier_after_unit's job
        else:
            take = True
        if take:
            qualifier = _QUALIFIER_OF[suf]
            end += len(suf)
    is_cn = _has_cn(core_text)
    if is_cn and _is_lone_cn(first_raw):
        # A single Chinese digit counts only before a counting word (三个, 十余人, 三至五年).
        if first_raw.strip(" \t\u3000") in _DAXIE:
            return None
        if not is_percent and _MEASURE_RE.match(text, end) is None:
            return None
    if is_cn and (_is_lexical(text, start, end) or _ORDINAL_AFTER.match(text, end)):
        return None
    if is_cn and text.startswith("次", end) and _SESSION_BEFORE.search(text, max(0, start - _SESSION_WINDOW), start):
        return None
    if pre is not None:
        if pre == "近" and _RECENT_UNITS.match(text, end):
            pre = None  # 近三年: "the last three years", not "nearly three"
        elif pre in _ROUND_ONLY and (is_percent or first_raw.lstrip(" \t\u3000")[:1] not in "十百千万亿拾佰仟萬億"):
            pre = None
        if pre is not None:
            start -= len(pre)
            if qualifier == "exact" or pre != "约":
                qualifier = _QUALIFIER_OF[pre] if qualifier == "exact" else qualifier
    return NumberSpan(
        start=start, end=end, text=text[start:end], value=value, qualifier=qualifier, is_percent=is_percent, high=high
    )


def qualifier_after_unit(text: str, pos: int) -> tuple[Qualifier, int] | None:
    """The qualifier written right after a counting word that ends at `pos`, and the offset after
    it: 15个工作日内 -> at_most, 100人以上 -> over, 3个多月 -> over, 约3小时左右 -> approx.
    None when the next characters are not a qualifier or start a word (3个内设机构, 2个多部门)."""
    m = _AFTER_UNIT.match(text, pos)
    if m is None:
        return None
    word = m.group()
    if word in ("多", "余") and not _AFTER_DUO_OK.match(text, m.end()):
        return None
    if word == "内":
        if not _NEI_UNIT.search(text, max(0, pos - 3), pos):
            return None
        if m.end() < len(text) and text[m.end()] in _NEI_WORDS:
            return None
    return _QUALIFIER_OF[word], m.end()
