"""Stage 3: a Report's prose -> indicators (指标), one record per quantity that measures something.

Every numeral `compare.extract.numbers.find_numbers` finds is classified as one of:
- a level: a number with a unit (counting word, %, money, duration) that measures something ->
  an Indicator with its subject (the noun phrase measured), canonical id, qualifier, section;
- a change: the number of a stated change (同比上升18.51%, 较2020年172件, 由76%提升至…) -> a
  ChangePhrase, read by `compare.extract.claims`; never an indicator, since it is not this year's level;
- nothing: years and dates, ordinals (第二次), document numbers (〔2021〕12号), hotlines (12348),
  session numbers (十九大, 五届三次), slogans and set phrases (“四个意识”, 三项制度, 十四五), and
  一 + classifier used as an article (一套公章, 一件事情).

Subjects come from general rules on the clause, not from a list: the phrase before the number
(X达到89% -> X), or the noun after the unit when a verb or a list comes first (公布5张清单 -> 清单),
the object of the previous clause for a bare verb (受理案件32件,办结25件 -> 案件 办结), one record per
subject for a shared value (参考率、合格率100%).

Judgements behind the subject rules (issue 9; real reports mostly write verb + number + measure
word + noun):
- The noun after the unit is the subject when what precedes the number is a verb (with 了/出 after
  it: 印发了15家单位…), a list opener, a modifier ending in 的, or a scope word (全市, 全省首批):
  复制推广24项改革事项, 组织全市5.2万名国家工作人员, 建立全省首批30个观测点. When a noun phrase
  stands before the number and nothing follows the unit, it keeps the subject (办理行政复议案件56件).
- The noun after a unit ends at 的 (15家单位的“三定”规定 -> 单位) unless the text before 的 opens
  with a verb of having (具有/涉及…), which makes it a relative clause (2个具有特色的基地 -> 基地).
  A count reached (已拓展到50多个领域) counts the noun after it too.
- Two counts in a row measure two nouns: when the text since the previous value is exactly the
  noun that value counted (整合11个部门64项抽查任务), the second value takes the noun after it. A
  count of groups written right before another count (两批次19个示范项目) shares that count's noun.
- Occasions (N次): when the text before the number names only the actor (省长46次对…作出批示) or
  ends with a verb (召开3次…会议), the subject is the action or meeting after the number.
- A count opened by 其中 with nothing before its number and a verb after it is part of the count
  before it: 推出14项事项，其中8项实现全程网办 -> 事项 实现全程网办.
- 分别为/分别是/分别达到 after a list of N nouns pairs the N values that follow, in order. With a
  different number of values the pairing is unknown, and every value keeps the whole list.
- A fall is a change, not a level: 减少/下降/降低 right before a number is a change phrase even
  without a comparison word. 减/降 compounded with their object (减负, 减免, 减税, 降费) are verbs of
  relief: the amount is positive and the compound is kept whole in the subject.
- Not indicators: an anniversary or age (100周年, 18周岁); a quantity followed by 以外/之外 (8小时以外,
  a range); a count ending in 之一 within its clause (全省五个试点县之一, membership); a count after
  a designation verb and a batch (入选首批六个试点: the programme's name); a small Chinese numeral +
  个/项/条/种/场 after a commitment verb (打赢两场硬仗, a campaign slogan).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd

from compare.extract.lexicon import Lexicon, load_lexicon
from compare.extract.numbers import find_numbers, qualifier_after_unit
from compare.models import Direction, Indicator, IndicatorKind, NumberSpan, Qualifier, Report
from compare.schema import records_frame

#: Columns of `report-compare indicators` (csv/json), in order.
INDICATOR_COLUMNS = ("section", "indicator", "subject", "value", "unit", "qualifier", "kind", "text", "sentence",
                     "start", "end", "original_unit", "is_target")

# --- units -------------------------------------------------------------------------------------

#: Money units and their factor to 元.
MONEY_UNITS = {"亿元": 1e8, "万元": 1e4, "千元": 1e3, "元": 1.0}
#: Durations (时限). 日 only counts when the number is not a day of a month (1月13日).
DURATION_UNITS = ("个工作日", "工作日", "个小时", "小时", "分钟", "个月", "天", "日", "周")
#: Counting words (量词) that make a number a count. Narrower than compare.extract.numbers.COUNTING_WORDS,
#: which also lists 年/月/届/级 (dates, sessions, levels: never measures here) and nouns such as
#: 村/单位/部门 (the thing counted, which belongs in the subject, not the unit).
COUNT_UNITS = ("件(次)", "件（次）", "人次", "件次", "户次", "家次", "场次", "批次",
               "项", "件", "个", "名", "人", "次", "家", "册", "条", "份", "场", "期", "篇", "宗", "张", "种",
               "类", "支", "所", "户", "起", "位", "本", "部", "套", "批", "座", "处", "台", "辆", "轮", "堂",
               "节", "幅", "块", "枚", "封", "单", "笔", "例", "间", "栋", "组", "队", "门", "卷")
#: Multiples of 1 (倍) are ratios.
RATIO_UNITS = ("倍",)
_UNITS: tuple[tuple[str, IndicatorKind], ...] = tuple(sorted(
    [(u, "money") for u in MONEY_UNITS] + [(u, "duration") for u in DURATION_UNITS]
    + [(u, "ratio") for u in RATIO_UNITS] + [(u, "count") for u in COUNT_UNITS],
    key=lambda uk: -len(uk[0])))
_UNIT_KIND: dict[str, IndicatorKind] = dict(_UNITS)
#: One pattern for every unit, longest first, so a unit is found with one match at the number's end.
_UNIT_RE = re.compile("|".join(re.escape(u) for u, _ in _UNITS))
#: Scale words that may stand between a bare number and its unit (1194.13万元 when the number
#: span ends before 万).
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3}

# --- what is never an indicator ---------------------------------------------------------------

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


# --- sentences and clauses --------------------------------------------------------------------

_SENTENCE_END = "。！？!?\n"
_SENTENCE_END_RE = re.compile("[。！？!?\n]")
_CLAUSE_END = "。！？!?\n，,；;：:"
_CLAUSE_END_RE = re.compile(f"[{re.escape(_CLAUSE_END)}]")


@dataclass(frozen=True)
class ChangePhrase:
    """A stated change found in the text (read into a Claim by compare.extract.claims)."""

    start: int  # offset of the phrase (comparison word, or verb when there is none)
    end: int  # exclusive: end of the change number and its unit
    text: str  # as written: "与2019年同比上升18.51%"
    kind: Literal["change", "from_to", "double", "flat"]  # X%/X个百分点/X件, 由X提升至Y, 翻一番, 持平
    direction: Direction  # "up", "down", "flat"
    change: float  # magnitude as stated; for from_to the computed difference
    change_unit: str  # "%", "个百分点", a counting word, "" for flat
    change_text: str  # the numeral(s) the change was read from, as written ("18.51%"), for rounding
    base_year: int | None  # explicit year of comparison (与2019年), None when not written
    yearly: bool  # False when the base is not an earlier year (比法定时限压缩60%)
    stated_base: float | None = None  # 较2020年172件增加109件 -> 172; 由76% -> 76
    stated_base_text: str = ""  # as written, for rounding
    level_start: int | None = None  # from_to: offset of the new level's number (由76%提升至92% -> 92)


@dataclass(frozen=True)
class _Quantity:
    """A number with its unit, before its subject is known."""

    span: NumberSpan
    start: int
    end: int  # after the unit and any qualifier after it (15个工作日内)
    value: float
    unit: str
    original_unit: str
    kind: IndicatorKind
    qualifier: Qualifier


def extract_indicators(report: Report, lexicon: Lexicon | None = None) -> tuple[Indicator, ...]:
    """Every quantity in `report` that measures something, in document order."""
    return scan(report, lexicon)[0]


def scan(report: Report, lexicon: Lexicon | None = None) -> tuple[tuple[Indicator, ...], tuple[ChangePhrase, ...]]:
    """The indicators and the change phrases of `report` from one pass over its numerals
    (compare.extract.claims uses both, so the text is scanned once)."""
    lexicon = lexicon or load_lexicon()
    text = report.text
    numbers = find_numbers(text)
    stops = sentence_stops(text)
    changes = find_change_phrases(text, numbers, stops)
    quantities = _levels(text, numbers, changes, lexicon)
    out: list[Indicator] = []
    by_sentence: dict[int, list[tuple[_Quantity, str]]] = {}
    # Per sentence, computed once: its text (shared by all its indicators, so a long sentence with
    # thousands of quantities is not copied for each) and where its first sentence-wide goal word
    # ends. Recomputing either per quantity made long run-on paragraphs quadratic.
    sentences: dict[int, int] = {}
    texts: dict[tuple[int, int], str] = {}
    # 分别为 lists: offset of a value -> the list of nouns and the value's place in it
    respective: dict[int, tuple[list[str], int]] = {}
    for k, q in enumerate(quantities):
        s0, s1 = _bounds(stops, text, q.start)
        if s0 not in sentences:
            goal = _TARGET_SENTENCE_RE.search(text, s0, s1)
            sentences[s0] = goal.end() if goal else s1 + 1
        goal_end = sentences[s0]
        sentence = sentence_text(text, s0, s1, q.start, texts)
        earlier = by_sentence.setdefault(s0, [])
        subjects = _subjects(text, q, s0, s1, earlier, _Run(quantities, k, respective))
        earlier.append((q, subjects[0]))
        section = report.section_at(q.start)
        target = ((section is not None and section.role == "next_year_plan") or goal_end <= q.start
                  or _is_clause_target(text, s0, q.start))
        # A context word counts only before the quantity: in 行政处罚案件结案率96%，确保不发生行政复议
        # 纠错案件 the 结案率 is not a 行政复议 one. (Bounded, so long sentences stay linear.)
        context = text[max(s0, q.start - CONTEXT_MAX_CHARS):q.start]
        for subject in subjects:
            entry = lexicon.match(subject, q.kind, context)
            out.append(Indicator(
                section=section.path if section else "", indicator=entry.id if entry else "", subject=subject,
                value=q.value, unit=q.unit, qualifier=q.qualifier, kind=q.kind, text=text[q.start:q.end],
                sentence=sentence, start=q.start, end=q.end, original_unit=q.original_unit,
                is_target=target, high=q.span.high))
    return tuple(out), changes


def indicators_frame(report: Report, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """The indicators of `report` as a table with INDICATOR_COLUMNS (what the CLI prints)."""
    return records_frame(extract_indicators(report, lexicon), INDICATOR_COLUMNS)


# --- levels ----------------------------------------------------------------------------------


def _levels(text: str, numbers: Sequence[NumberSpan], changes: Sequence[ChangePhrase],
            lexicon: Lexicon) -> list[_Quantity]:
    """The numbers that are levels with a unit, not changes, dates, ordinals or slogans."""
    # one byte per character: 1 inside a slogan span, 2 inside a change phrase
    mask = bytearray(len(text) + 1)
    for a, b in _blocked_spans(text, lexicon):
        mask[a:b] = b"\x01" * (b - a)
    levels = {c.level_start for c in changes if c.level_start is not None}
    for c in changes:
        mask[c.start:c.end] = bytes(x | 2 for x in mask[c.start:c.end])
    out: list[_Quantity] = []
    for n in numbers:
        if mask[n.start] & 2 and n.start not in levels:
            continue
        if any(mask[n.start:n.end]) and any(x & 1 for x in mask[n.start:n.end]):
            continue
        if _is_not_a_measure(text, n, lexicon):
            continue
        q = _quantity(text, n)
        if (q is not None and math.isfinite(q.value)  # 1e300万 overflows: not a quantity (compare.extract.numbers)
                and not text.startswith(_BEYOND, q.end) and not _ONE_OF_RE.match(text, q.end)):
            out.append(q)
    return out


def _quantity(text: str, n: NumberSpan) -> _Quantity | None:
    """`n` with the unit written after it, or None when it has none (then it measures nothing)."""
    if n.is_percent:
        qual, end = _after_qualifier(text, n.end, n.qualifier)
        return _Quantity(n, n.start, end, n.value, "%", "", "rate", qual)
    pos = n.end
    value = n.value
    scale_word = ""
    if pos < len(text) and text[pos] in _SCALES and not text.startswith("元", pos + 1):
        # "3.2万件" when the number span stops before 万 (a scale word, not part of the unit);
        # before 元 the money unit (万元) carries the factor
        value *= _SCALES[text[pos]]
        pos += 1
    written = n.text.rstrip("余多")
    if written and written[-1] in _SCALES and text.startswith("元", pos):
        scale_word = written[-1]  # 1194.13万元: the span holds 万, the value is already in 元
    m = _UNIT_RE.match(text, _skip_spaces(text, pos))
    if m is not None:
        unit = m.group()
        pos = m.start()
        kind = _UNIT_KIND[unit]
        if text.startswith("个百分点", pos):
            return None  # a difference of rates, never a level
        if unit == "日" and _is_day_of_month(text, n.start):
            return None
        end = pos + len(unit)
        qual, end = _after_qualifier(text, end, n.qualifier)
        if kind == "money":
            if scale_word:
                return _Quantity(n, n.start, end, value, "元", scale_word + unit, "money", qual)
            factor = MONEY_UNITS[unit]
            original = unit if factor != 1 else ""
            return _Quantity(n, n.start, end, round(value * factor, 6), "元", original, "money", qual)
        if unit == "件（次）":
            unit = "件(次)"
        return _Quantity(n, n.start, end, value, unit, "", kind, qual)
    return None


def _skip_spaces(text: str, pos: int) -> int:
    """Past the spaces PDF and web extraction leave between a number and its unit (1182 项)."""
    while pos < len(text) and text[pos] in " \t\u3000\xa0":
        pos += 1
    return pos


def _after_qualifier(text: str, pos: int, current: Qualifier) -> tuple[Qualifier, int]:
    """A qualifier written after the unit (15个工作日内, 100件以上) extends the quantity."""
    found = qualifier_after_unit(text, pos)
    if not found:
        return current, pos
    qual, end = found
    return (qual if current == "exact" else current), end


def _is_day_of_month(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] == "月"


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
    cn = all(c in _CN_DIGITS for c in digits) and bool(digits)
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
    if _NUMBERED_SLOGAN_TAIL_RE.search(text, max(0, n.start - 6), n.start):
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


# --- subjects --------------------------------------------------------------------------------

#: Verbs after which the measured noun follows the unit (公布5张清单, 组织800余名干部职工).
LEAD_VERBS = (
    "公布", "实现", "推出", "建立", "建成", "组织", "招募", "制作", "培训", "开展", "举办", "召开", "设立", "发放",
    "印制", "印发", "发布", "梳理", "新增", "收到", "受理", "办理", "审核", "换发", "注销", "完成", "提供", "出动",
    "检查", "查处", "化解", "调解", "培育", "打造", "创建", "评选", "处理", "引进", "审查", "清理", "出具", "签订",
    "聘请", "选聘", "配备", "覆盖", "接待", "解答", "走访", "排查", "惠及", "新收", "收回", "办结", "审结", "新办",
    "增加", "减少", "取消", "下放", "承接", "精简", "录入", "归集", "公示", "报送", "备案", "吸纳", "派出", "抽调",
    "选派", "邀请", "表彰", "命名", "认定", "确定", "编制", "制定", "出台", "修订", "起草", "废止", "保留", "修改",
    "涉及", "参与", "有", "共有", "拥有", "发现", "查找", "收集", "征集", "通过", "审议通过", "动员", "吸引", "带动",
    "包括", "建设", "新建", "改建", "投入", "落实", "达成",
    # verbs of setting up, rolling out and selecting (成立4个督察组, 复制推广24项改革事项)
    "成立", "组建", "设置", "推广", "复制", "整合", "筛选", "遴选", "选树", "部署", "推进", "推动", "承办",
    "聘任", "挂牌", "部署推进", "统筹推进", "上线", "上架",
)
_LEAD_VERB_RE = re.compile("|".join(sorted(LEAD_VERBS, key=len, reverse=True)))
#: Words that introduce a list or a prepositional object before a number: the noun comes after.
#: 的 too: a modifier right before a number modifies the counted noun (影响面广的4项决策事项).
_LEAD_PARTICLES = ("等", "、", "和", "及", "与", "对", "共", "计", "将", "把", "为", "的")
#: Scope words that can end the text before a number (组织全市5.2万名…, 建立全省首批30个…): a scope
#: is never what is counted, so the noun comes after.
_LEAD_SCOPE_RE = re.compile(
    r"(?:全国|全省|全市|全区|全县|全镇|全州|全盟|全旗|全系统|全局|各级|首批|第[一二三四五六七八九十\d]{1,3}批)$")
#: Where the action after an occasion count ends: the next item of a list (和3次…, 、…).
_NEXT_OCCASION_RE = re.compile(r"[、（(]|[和及](?=[0-9一二两三四五六七八九十])")
#: Verb complements and aspect markers between a verb and its number (印发了15家…, 筛选出4项…).
_VERB_COMPLEMENT_RE = re.compile(r"(?:了|出|过)$")
#: Units that count occasions (次): what is counted is an action, which may follow the number
#: (省长46次对法治工作作出批示, 县委书记12次主持…会议) when the text before names only the actor.
_OCCASION_UNITS = ("次",)
#: Link words between a subject and its number (X达到89%, X控制在15个工作日内).
_TRAILING = ("保持在", "控制在", "稳定在", "提升至", "提升到", "提高至", "提高到", "上升至", "上升到", "增加到",
             "增加至", "下降至", "下降到", "降低至", "降低到", "缩短至", "缩短到", "压缩至", "压缩到", "达到",
             "已达", "增至", "降至", "共计", "累计", "合计", "总计", "分别", "均为", "达", "为", "是", "共", "均",
             "约", "各", "超", "有", "平均", "人均", "分别为", "分别达到", "保持", "保持在", "始终保持", "稳定在",
             # limiting and emphatic adverbs (持证率仅为86%, 满意率高达99%)
             "仅", "只有", "高达", "多达", "已达到", "已经")
_TRAILING_RE = re.compile(f"(?:{'|'.join(sorted(_TRAILING, key=len, reverse=True))})+$")
#: A streak between subject and number (出庭应诉率连续三年保持100%).
_STREAK_RE = re.compile(r"(?:连续|持续|已连续)?[0-9一二两三四五六七八九十]+年(?:来|以来)?$")
#: The start of a from-to (由76%提升至92%): not part of the subject of the new level.
_FROM_TO_TAIL_RE = re.compile(r"(?:由|从)[^，,；;。由从]*?(?:至|到)(?:\d{4}年度?的?)?$")
#: Scope and time words that open a clause and measure nothing (全区…, 2020年…, 其中…).
_LEADING_RE = re.compile(
    # a heading marker when the clause opens a numbered item ((一)力争…提高到95%, 1、全年…)
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d)|[一二三四五六七八九十]{1,3}、|"
    r"其中|全年|全区|全市|全县|全镇|全省|年内|目前|截至目前|截至年底|累计|共计|共|同时|此外|另外|并|先后|"
    r"\d{4}年度?|[〇零○一二三四五六七八九]{4}年度?|本年度|今年|当年|对|在|力争|确保|争取|计划|预计|目标|拥有|有|实现|的|[一二三四五六七八九十]+是|"
    r"及时|依法|积极|主动|认真|全面|深入|切实|进一步|持续|不断|扎实)+")
#: Goal verbs inside a clause separate the agent (我局将) from what is measured, like 共 below.
_GOAL_WORD_RE = re.compile(r"力争|确保|争取")
#: An adverb of totality inside a clause separates the agent from what was done
#: (全区各级调解组织共调解民间纠纷 -> 调解民间纠纷).
_TOTAL_RE = re.compile(r"(?<![公总])(?:共计|累计|合计|共)")
#: Words that end the noun after a unit (it is followed by a verb or a preposition).
#: One-character prepositions and adverbs stop it too, unless they close a common word (公共,
#: 事由, 导向, 参与, 平均: the look-behinds), and 中 right after the unit means "among" (15件中无败诉)
#: unless it starts a noun (3个中心, 2个中队).
_AFTER_STOP_RE = re.compile(
    r"[^\u4e00-\u9fff“”《》（）()]|[0-9０-９]|按照|参加|参与|进行|开展|纳入|享受|通办|驻守|收看|组建|得到|实现|获得|完成|"
    r"通过|全部|开通|上线|入驻|深入|走进|进入|负责|担任|提供|协助|积极|主动|全面|及时|定期|持续|广泛|分别|共同|"
    # 的 ends the counted noun (15家单位的“三定”规定), 之一 a membership, 占/入选/荣获/落地… are verbs of
    # outcome and 统一/按时… adverbs that open the predicate (278项行政许可事项统一划入…)
    r"(?<![目])的|之一|(?<![侵霸抢独攻])占|入选|荣获|落地|见效|生效|统一|集中|陆续|逐步|同步|先后|按时|按期|如期|"
    r"每月|每周|每年|常态化|列入|获评|建成|成立|达到|落实|覆盖|^中(?![心级队小央华医学介间国药])|(?<![存实所现自内外潜健])在|(?<![参给赋授])与|"
    r"(?<![报签迟周])到|(?<![棉])被|(?<![而不])已|(?<![平人])均|(?<![公总])共|(?<![合兼吞])并|"
    r"(?<![方导指走意面偏倾趋定])向|(?<![服随侍])从|(?<![自理事缘因经])由|(?<![关属对由等至终位处])于|"
    r"(?<![大老武干])将|(?<![一])把|(?<![面针核应绝相反])对")
#: Verbs and degree words that open a relative clause after a unit (2个具有特色的…基地, 5项涉及
#:民生的…事项): the counted noun is after its 的. Without one, the noun before 的 is counted and
#: what follows it is that noun's possession (15家单位的“三定”规定, 26个领域的目录 -> 单位, 领域).
_RELATIVE_OPENER_RE = re.compile(r"具有|具备|符合|涉及|富有|带有|面向|有(?!关)|较|最|更|新")
#: Words that make a count a part of the one before it (其中8项…).
_SUBSET_RE = re.compile(r"其中|内含|包括")
#: What opens the next item right after a value: 、/和/及, or 中 "among" (36件中败诉2件).
_NEW_ITEM_RE = re.compile(r"^(?:[、和及与并]|中(?![心级队小央华医学介间国药]))+")
#: Verbs that make a clause a bare result of the previous clause's object (受理案件32件,办结25件).
OUTCOME_VERBS = ("办结", "审结", "结案", "调解成功", "成功调解", "化解", "成功化解", "答复", "采纳", "纠错", "撤销",
                 "维持", "驳回", "终止", "和解", "胜诉", "败诉", "整改", "完成", "回复", "受理", "立案", "移送",
                 "废止", "修改", "保留", "宣布失效", "失效", "合格", "通过",
                 "处理", "查处", "解决", "办理", "调处", "满意", "成功", "不予受理", "确认违法", "变更")
_OUTCOME_PREFIX_RE = re.compile(r"^(?:已|均|共|并|当年|全部|依法)+")
_OUTCOME_SUFFIX_RE = re.compile(r"(?:成功|完毕|到位)$")
#: Activity verbs after people or documents: the activity is part of what is measured
#: (190名领导干部到法院参加了庭审旁听 -> 领导干部 庭审旁听; 对文件5件开展了后评估).
_ACTIVITY_RE = re.compile(r"(?:参加了|参加|参与了|参与|开展了|开展|进行了|进行|接受了|接受)")
#: Longest subject kept before a number, and longest noun taken after a unit. Reports' measured
#: phrases are 2-16 characters (收到以区政府为被告的行政诉讼案件 is 16); longer cuts are clauses.
BEFORE_SUBJECT_MAX_CHARS = 20
AFTER_SUBJECT_MAX_CHARS = 14
ACTIVITY_MAX_CHARS = 10
#: A 、 list before a number is one subject (印制防疫海报、宣传单、手册十万余册) when its last item
#: is a short noun; otherwise the 、 separates clauses and only the last item is the subject.
LIST_TAIL_MAX_CHARS = 4
LIST_ITEM_MAX_CHARS = 8
#: Nouns that name a rate or share: a shared value (参考率、合格率100%) gives one record per item.
_RATE_NOUN_END = ("率", "比", "比例", "占比", "度")
_QUOTES = str.maketrans("", "", "“”‘’\"「」『』")


@dataclass(frozen=True)
class _Run:
    """Where a quantity stands among all of a report's quantities, for 分别为 lists."""

    quantities: Sequence[_Quantity]
    index: int
    respective: dict[int, tuple[list[str], int]]  # shared, filled as the scan goes


#: 分别为 / 分别是 / 分别达到 after a list of nouns: the values that follow pair with the nouns in order.
_RESPECTIVELY_RE = re.compile(r"分别(?:为|是|达到?|有|占|共)?$")
#: What may stand between two values of one 分别 list (60件、120件和35件).
_RUN_SEPARATORS = ("、", "和", "及", "，", ",", "")
#: One value for each of several subjects (司法建议、检察建议各为5件).
_EACH_RE = re.compile(r"[各均](?:为|达到?|是)$")


def _respective_subject(text: str, q: _Quantity, raw: str, run: _Run | None) -> str | None:
    """The subject of `q` when it is a value of a 分别为 list (受理复议案件、诉讼案件分别为60件、120件:
    60件 -> 受理复议案件, 120件 -> 诉讼案件). When the number of values differs from the number of
    nouns the pairing is unknown and None is returned (the list is then read as before)."""
    if run is None:
        return None
    if run.index and text[run.quantities[run.index - 1].end:q.start].strip() in _RUN_SEPARATORS:
        prev = run.quantities[run.index - 1]
        got = run.respective.get(prev.start)
        if got is not None and got[1] + 1 < len(got[0]):
            run.respective[q.start] = (got[0], got[1] + 1)
            return got[0][got[1] + 1]
    stripped = raw.rstrip()
    m = _RESPECTIVELY_RE.search(stripped)
    if m is None:
        return None
    nouns = [measured_phrase(p) for p in _split_outside_quotes(stripped[: m.start()], "、和及")]
    if len(nouns) < 2 or not all(nouns):
        return None
    # count the values of the list: the quantities that follow, joined only by separators
    count = 1
    k = run.index
    while (count <= len(nouns) and k + 1 < len(run.quantities)
           and text[run.quantities[k].end:run.quantities[k + 1].start].strip() in _RUN_SEPARATORS[:-1]):
        k += 1
        count += 1
    if count != len(nouns):
        return None
    run.respective[q.start] = (nouns, 0)
    return nouns[0]


def _subjects(text: str, q: _Quantity, s0: int, s1: int,
              earlier: list[tuple[_Quantity, str]], run: _Run | None = None) -> list[str]:
    """The subject(s) of quantity `q` in the sentence text[s0:s1]; `earlier` are the quantities
    before it in the same sentence with their first subject; `run` places `q` among all the
    report's quantities (for 分别为 lists and counts written back to back)."""
    c0 = clause_start(text, s0, q.start)
    lo = c0
    prev_subject = ""
    # `earlier` is in text order: the last quantity ending before this one is the only candidate
    # (scanning all of them made a sentence with many quantities quadratic).
    for prev, subject in reversed(earlier):
        if prev.end <= q.start:
            if prev.end >= c0:
                lo = prev.end
                prev_subject = subject
            break
    raw = text[lo:q.start]
    respective = _respective_subject(text, q, text[c0:q.start] if lo == c0 else raw, run)
    if respective is not None:
        return [respective]
    # 整合11个部门64项抽查任务: the text since the previous value is just the noun that value
    # counted, so this value's noun is the one after it
    chained = bool(prev_subject) and raw.translate(_QUOTES).strip().removesuffix("的") == prev_subject
    if lo > c0:
        # right after an earlier quantity: 、/和 open a new item; text before the first 、 is
        # the tail of the earlier phrase (100%纳入、涉及政策100%享受)
        items = _split_outside_quotes(raw, "、")
        raw = items[-1] if len(items) > 1 else raw
        raw = _NEW_ITEM_RE.sub("", raw)
    c1 = _clause_end(text, q.end, s1)
    after_raw = text[q.end:c1]
    after = _after_noun(after_raw)
    if not after and run is not None and run.index + 1 < len(run.quantities):
        nxt = run.quantities[run.index + 1]
        if nxt.start == q.end:
            # 两批次19个示范项目: a count of groups right before a count of things shares their noun
            after = _after_noun(text[nxt.end:_clause_end(text, nxt.end, s1)])

    each = raw.rstrip().endswith(("各", "均")) or bool(_EACH_RE.search(raw))
    before = _trim_trailing(raw.strip())
    shared = [measured_phrase(p) for p in _split_outside_quotes(before, "、和及")]
    if len(shared) > 1 and all(shared) and not after and (
            each or (q.kind == "rate" and all(p.endswith(_RATE_NOUN_END) for p in shared))):
        return shared  # 参考率、合格率100%, 司法建议、检察建议各5件: one value, several subjects
    items = _split_outside_quotes(before, "、")
    if len(items) > 1 and not items[-1].strip():
        before = ""  # 251家规上工业企业、220项…: the number opens a new list item
    elif len(items) > 1:
        if len(items[-1]) <= LIST_TAIL_MAX_CHARS and all(len(i) <= LIST_ITEM_MAX_CHARS for i in items[1:-1]):
            before = "、".join([items[0][-LIST_ITEM_MAX_CHARS:], *items[1:]])
        else:
            before = items[-1]
    core = measured_phrase(before)

    if after_raw.startswith("的") and q.kind == "rate":
        # 97%的村（社区）建成法治文化阵地: the share of what follows
        share = re.split(r"[0-9０-９]", after_raw[1:].translate(_QUOTES), maxsplit=1)[0]
        return [share[:AFTER_SUBJECT_MAX_CHARS] or core]
    if (q.unit in _OCCASION_UNITS and "\u4e00" <= after_raw[:1] <= "\u9fff"
            and (not _LEAD_VERB_RE.search(core) or _noun_comes_after(raw, core))):
        # 省长46次对法治工作作出批示: before the number stands the actor, after it the action
        # counted; 召开3次区委全面依法治区委员会会议: the meeting, a name that runs to the next item
        action = _NEXT_OCCASION_RE.split(after_raw.translate(_QUOTES), maxsplit=1)[0]
        return [action[:AFTER_SUBJECT_MAX_CHARS]]
    # 已拓展到50多个行政管理领域: a count reached (到/至) is a count of the noun after it
    reached = q.kind != "rate" and raw.rstrip().endswith(("到", "至"))
    if after and (chained or reached or _noun_comes_after(raw, core)):
        subject = after
        if q.unit in ("名", "人", "人次", "位"):
            subject = _with_activity(subject, after_raw)
        return [subject]

    outcome = _OUTCOME_PREFIX_RE.sub("", core)
    if (outcome in OUTCOME_VERBS or _OUTCOME_SUFFIX_RE.sub("", outcome) in OUTCOME_VERBS) and q.kind != "rate":
        for prev, prev_subject in reversed(earlier):
            if prev.kind == q.kind and prev_subject:
                obj = _object_of(prev_subject)
                if _OUTCOME_PREFIX_RE.sub("", obj) in OUTCOME_VERBS:
                    # 其中，维持32件，撤销5件: the earlier value is a sibling outcome with no object
                    # of its own, so there is nothing to inherit (not "维持 撤销")
                    break
                return [f"{obj} {core}"]

    if _ACTIVITY_RE.match(after_raw):
        core = _with_activity(core, after_raw)
    if not core and not after and earlier:
        prev, prev_subject = earlier[-1]
        if prev.kind == q.kind and text[prev.end:q.start].strip() in ("", "、", "和", "及", ",", "，"):
            return [prev_subject]  # 纠错率分别为46%、62%、88%: one subject, several values
        action = re.split(r"[、（(]", after_raw.translate(_QUOTES), maxsplit=1)[0][:ACTIVITY_MAX_CHARS]
        if prev.kind == q.kind and prev_subject and action and _SUBSET_RE.search(text, c0, q.start):
            # 推出14项事项，其中8项实现全程网办: a part of the earlier count, named by what it did
            return [f"{_object_of(prev_subject)} {action}"]
    return [_shorten(core) if core else after]


_SPLITTERS: dict[str, Callable[[str], list[str]]] = {}  # separators -> their compiled split


def _split_outside_quotes(s: str, seps: str) -> list[str]:
    """`s` split at any of `seps`, except inside “…” (开展“双随机、一公开”抽查 stays whole)."""
    if "“" not in s:
        # no quote opens: the same split, in C (this ran for every quantity)
        split = _SPLITTERS.get(seps)
        if split is None:
            split = _SPLITTERS[seps] = re.compile(f"[{re.escape(seps)}]").split
        return split(s)
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in s:
        if ch == "“":
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
        if ch in seps and not depth:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _shorten(core: str) -> str:
    """A subject longer than BEFORE_SUBJECT_MAX_CHARS cut at a word boundary: before the earliest
    verb that leaves it short enough (主要负责人主持召开专题会议研究… -> 召开专题会议研究…)."""
    if len(core) <= BEFORE_SUBJECT_MAX_CHARS:
        return core
    lo = len(core) - BEFORE_SUBJECT_MAX_CHARS
    m = _LEAD_VERB_RE.search(core, lo)
    if m is not None and len(core) - m.start() >= 2:
        return core[m.start():]
    return core[lo:]


def measured_phrase(before: str) -> str:
    """The measured phrase in the text before a number (its clause up to the number): link words
    (达到, 共计), scope words (全区, 2020年, 其中) and quotes removed. Also used by compare.extract.claims."""
    s = _trim_trailing(before.translate(_QUOTES).strip())
    totals = list(_TOTAL_RE.finditer(s))
    if totals and totals[-1].end() < len(s):
        s = s[totals[-1].end():]
    goals = list(_GOAL_WORD_RE.finditer(s))
    if goals and len(s) - goals[-1].end() >= 2:
        s = s[goals[-1].end():]  # 我局将力争行政处罚案件结案率 -> 行政处罚案件结案率
    return _LEADING_RE.sub("", s)


def _trim_trailing(s: str) -> str:
    """`s` without the link words and from-phrase between a subject and its number
    (综合窗口占比达到, 出庭应诉率由76%提升至, 司法建议、检察建议各, 连续三年保持)."""
    # Each pattern is anchored at the end: a cheap test of the last characters skips the regex
    # (which tries every start position) when it cannot match; the result is the same.
    if "由" in s or "从" in s:
        s = _FROM_TO_TAIL_RE.sub("", s)
    if s.endswith(_TRAILING):
        s = _TRAILING_RE.sub("", s)
    if s.endswith(("年", "来")):
        s = _STREAK_RE.sub("", s)
    return _TRAILING_RE.sub("", s) if s.endswith(_TRAILING) else s


def _noun_comes_after(raw: str, core: str) -> bool:
    """True when the measured noun follows the unit: the clause before the number is empty, a scope
    word, a list opener or a modifier (的), or ends with a verb, possibly with 了/出 after it (公布5张清单,
    等10个方面, 组织800余名干部职工, 组织全市5.2万名…, 印发了15家…)."""
    if not core:
        return True
    tail = raw.rstrip().translate(_QUOTES)
    if tail.endswith(_LEAD_PARTICLES) or _LEAD_SCOPE_RE.search(tail):
        return True
    tail = _VERB_COMPLEMENT_RE.sub("", tail)
    return tail.endswith(LEAD_VERBS) or core.endswith(LEAD_VERBS)


def _after_noun(after_raw: str) -> str:
    """The noun right after a unit (5张清单 -> 清单), quotes removed, up to a verb or delimiter."""
    # quotes belong to the noun (1200余名“北碚楼院哨兵”志愿者): drop them before cutting. Only the
    # start can matter: the noun is cut at AFTER_SUBJECT_MAX_CHARS and a stop word is at most 3
    # characters plus one of look-ahead, so a window twice that long (quotes dropped from it) gives
    # the same noun; searching a whole 200-character clause per number dominated dense text.
    window = 2 * (AFTER_SUBJECT_MAX_CHARS + 4)
    s = after_raw[:window].translate(_QUOTES)
    if len(s) < window // 2 and len(after_raw) > window:
        s = after_raw.translate(_QUOTES)  # a window of mostly quotes: take the whole clause
    m = _AFTER_STOP_RE.search(s)
    if m is not None and m.group() == "的" and _RELATIVE_OPENER_RE.match(s):
        # 2个具有特色的企业法治教育基地: the text before 的 is a relative clause, the noun follows it
        rest = s[m.end():]
        m2 = _AFTER_STOP_RE.search(rest)
        noun = rest[: m2.start()] if m2 else rest
        return noun[:AFTER_SUBJECT_MAX_CHARS]
    noun = s[: m.start()] if m else s
    return noun[:AFTER_SUBJECT_MAX_CHARS]


def _with_activity(subject: str, rest: str) -> str:
    """Append the activity of 参加/开展/进行 that follows (领导干部 … 参加了庭审旁听 -> 领导干部 庭审旁听)."""
    m = _ACTIVITY_RE.search(rest)
    if not m:
        return subject
    act = rest[m.end():]
    act = re.split(r"[，,；;。：:、（(]|并|和", act, maxsplit=1)[0]
    act = re.split(r"[0-9]+年度?|[0-9]+", act)[-1].translate(_QUOTES)
    act = act[-ACTIVITY_MAX_CHARS:]
    return f"{subject} {act}" if act else subject


def _object_of(subject: str) -> str:
    """The object of a verb phrase (受理行政复议案件 -> 行政复议案件); the first part of an inherited one."""
    s = subject.split(" ")[0]
    cut = 0
    for m in _LEAD_VERB_RE.finditer(s):
        if len(s) - m.end() >= 2:
            cut = m.end()  # the last verb: 行政复议机关收到行政复议申请 -> 行政复议申请
    return s[cut:]


#: How far before a quantity, within its sentence, a lexicon entry's context word may stand
#: (办理行政复议案件32件，其中新收…，审结率94.6%: the topic is set a few clauses earlier). Longer
#: than any real sentence's lead-in (the seed's longest sentence up to a number is ~150 characters).
CONTEXT_MAX_CHARS = 300
#: Longest stretch looked at for one clause. Real clauses are short (the seed's longest run
#: between ，；：。 is 79 characters); text with no punctuation at all (a table flattened into one
#: line, hostile input) would otherwise make every number walk back over the whole paragraph,
#: which is quadratic. 200 is well above any real clause.
MAX_CLAUSE_CHARS = 200


def clause_start(text: str, s0: int, pos: int) -> int:
    """Offset where the clause holding `pos` starts (after ，；：), not before `s0` and at most
    MAX_CLAUSE_CHARS before `pos`."""
    lo = max(s0, pos - MAX_CLAUSE_CHARS)
    # One regex search (in C) over the reversed window finds the last mark; one str.rfind per
    # punctuation mark, or a character loop, dominated the time on number-dense text.
    m = _CLAUSE_END_RE.search(text[lo:pos][::-1])
    return pos - m.start() if m else lo


def _clause_end(text: str, pos: int, s1: int) -> int:
    hi = min(s1, pos + MAX_CLAUSE_CHARS)
    m = _CLAUSE_END_RE.search(text, pos, hi) if pos < hi else None
    return m.start() if m else max(pos, hi)


def _bounds(stops: list[int], text: str, pos: int) -> tuple[int, int]:
    """`sentence_bounds` from the sorted offsets of the sentence-ending characters."""
    k = bisect.bisect_left(stops, pos)
    s0 = stops[k - 1] + 1 if k else 0
    if k == len(stops):
        return s0, len(text)
    j = stops[k]
    return s0, j if text[j] == "\n" else j + 1


def sentence_stops(text: str) -> list[int]:
    """Offsets of the sentence-ending characters of `text`, for `sentence_bounds`."""
    # str.find per character (a memchr in C) and one merge of the sorted runs: a third faster than
    # a regex scan of the whole text, which was a fifth of the time of `scan` on real reports
    out: list[int] = []
    for ch in _SENTENCE_END:
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


#: Longest sentence text a record keeps (Indicator.sentence, Claim.sentence). Real sentences are
#: shorter (the longest in the seeds and fixtures is 369 characters); a "sentence" of a megabyte
#: (a table flattened into one line, hostile input) copied into every record made memory and every
#: csv/json output quadratic. Longer ones are cut into blocks of this size, and a record keeps the
#: block holding it, marked with … where cut; records in one block share one string.
SENTENCE_MAX_CHARS = 1000


def sentence_text(text: str, s0: int, s1: int, pos: int, cache: dict[tuple[int, int], str] | None = None) -> str:
    """The text of the sentence text[s0:s1] as records keep it, for a record at `pos`: the whole
    sentence, stripped, or its SENTENCE_MAX_CHARS block around `pos`. `cache` shares the strings."""
    block = (pos - s0) // SENTENCE_MAX_CHARS if s1 - s0 > SENTENCE_MAX_CHARS else 0
    key = (s0, block)
    if cache is not None and key in cache:
        return cache[key]
    if s1 - s0 <= SENTENCE_MAX_CHARS:
        out = text[s0:s1].strip()
    else:
        a = s0 + block * SENTENCE_MAX_CHARS
        b = min(s1, a + SENTENCE_MAX_CHARS)
        out = ("…" if a > s0 else "") + text[a:b].strip() + ("…" if b < s1 else "")
    if cache is not None:
        cache[key] = out
    return out


def sentence_bounds(text: str, pos: int, stops: list[int] | None = None) -> tuple[int, int]:
    """Start and end (after its 。) of the sentence holding `pos`; a line break also ends one.
    `stops` (from `sentence_stops`) makes repeated look-ups in one text cheap."""
    if stops is not None:
        return _bounds(stops, text, pos)
    i = pos
    while i > 0 and text[i - 1] not in _SENTENCE_END:
        i -= 1
    j = pos
    while j < len(text) and text[j] not in _SENTENCE_END:
        j += 1
    return i, min(j + 1, len(text)) if j < len(text) and text[j] != "\n" else j


# --- targets ---------------------------------------------------------------------------------

#: Words that make a number a goal, not a result (力争…提高到95%, 确保…100%, 目标…).
#: Goal words that govern the whole sentence (力争到年底…, 预计…).
_TARGET_SENTENCE_RE = re.compile(r"力争|争取|预计|到20\d\d年(?:底|末)")
#: Goal words that govern their clause only (确保…100%, 目标为…, 计划新建…, 将…提高到…);
#: "完成年度目标任务" or "审计项目计划" are not goals for the number.
_TARGET_CLAUSE_RE = re.compile(
    r"确保|目标(?:为|是|：|:)|计划(?:于|在|到|将|新建|全年|完成(?!率)|实现(?!率))"
    r"|将[^，,；;。]{0,16}?(?:提高|提升|达到|增加|降低|压缩|扩大|实现|控制)")


def _is_clause_target(text: str, s0: int, pos: int) -> bool:
    """A goal word before the number in its clause (确保…100%)."""
    return bool(_TARGET_CLAUSE_RE.search(text, clause_start(text, s0, pos), pos))


# --- stated changes ------------------------------------------------------------------------

_UP = ("增长", "上升", "提高", "提升", "增加", "增幅", "增长率", "增速", "多", "升", "增")
_DOWN = ("下降", "减少", "降低", "缩减", "压缩", "缩短", "减", "少", "精简", "降幅", "降")
#: Verbs that state a relative change by themselves (收案量下降12%, 增幅128.78%): year over year
#: even without 同比; other verbs need a comparison (新增50个 is a level, 较上年增加50个 a change).
_SELF_COMPARING = ("增长", "上升", "下降", "增幅", "降幅", "增长率", "增速")
#: Verbs of reduction against a limit (时限压缩60%): a relative change with no base year.
_REDUCING = ("压缩", "缩减", "缩短", "精简")
#: Verbs of a fall that state a change even with no comparison word (案件减少12件): the number is
#: the fall, never a level. Its base is not written, so it is not read as year over year. 减/降
#: compounded with their object (减负, 减免, 减税, 减租, 降费) are verbs of relief, not falls: their
#: number is a positive amount (为企业减负2.6亿元), a level.
_FALLS = ("减少", "下降", "降低")
_VERB = "|".join(sorted(_UP + _DOWN, key=len, reverse=True))
#: Comparison words that make a change year over year (同比, 比上年, 较2020年172件, 与2019年相比).
_CMP_RE = re.compile(
    r"(?:同比|环比|(?:与|较|比|和|同)(?:上年|去年|上一年度?|上年度|(?P<year>\d{4})年度?)(?:同期)?(?:相比|相较)?"
    r"(?P<base>[0-9.,]+(?:万|亿)?(?P<bunit>%|个百分点|[\u4e00-\u9fff]{1,3}?))?(?=[\u4e00-\u9fff,，]|$))"
    r"[,，]?(?:同比)?")
_STATUTORY_RE = re.compile(r"(?:比|较)(?:法定|承诺|规定)(?:办理|办结|审批)?(?:时限|时间|期限)")
#: An activity verb between 多/少 and the number (比上年多办理120件, 较去年少受理15件).
_ACTIVITY_AFTER_CHANGE = ("办理", "受理", "办结", "审结", "处理", "调解", "化解", "收到", "接待", "开展", "举办",
                          "组织", "发放", "审核", "审查", "培训", "新增", "查处", "办")
_CHANGE_VERB_RE = re.compile(
    rf"(?P<verb>{_VERB})了?(?:(?:{'|'.join(_ACTIVITY_AFTER_CHANGE)})了?)?(?:为|达到|达)?(?:约|近|超过)?[（(]?$")
_FROM_RE = re.compile(r"(?:由|从)(?:(?P<year>\d{4})年度?的?)?$")
_TO_RE = re.compile(rf"^(?:{_VERB})?(?:至|到)(?:\d{{4}}年度?的?)?$")
#: Longest text between the two numbers of a from-to (提升至 / 增长到2021年的).
FROM_TO_GAP_MAX_CHARS = 12
_SENTENCE_CMP_RE = re.compile(
    r"(?:与|较|和|同)(?:上年|去年|上一年度?|上年度|(?P<year>\d{4})年度?)(?:同期)?(?:相比|相较)[,，]")
#: A multiple of an earlier year (是上年的2倍, 为2021年同期的1.5倍): a relative change.
_TIMES_OF_RE = re.compile(
    r"(?:是|为|相当于|达到?)(?:上年|去年|上一年度?|上年度|(?P<year>\d{4})年度?)(?:同期)?的?(?:约|近)?$")
_DOUBLE_RE = re.compile(r"翻了?(?P<n>一|两|三|1|2|3)番")
_FLAT_RE = re.compile(
    r"(?:(?:与|和|同|较)(?:上年|去年|上一年度?|上年度|(?P<year>\d{4})年度?)(?:同期)?(?:基本)?|同比(?:基本)?)持平")
#: What joins the values of a list of changes (同比分别增长10%、20%和15%).
_CHANGE_LIST_SEPARATORS = ("、", "和", "及")
_DOUBLINGS = {"一": 1, "1": 1, "两": 2, "2": 2, "三": 3, "3": 3}


def find_change_phrases(text: str, numbers: Sequence[NumberSpan] | None = None,
                        stops: list[int] | None = None) -> tuple[ChangePhrase, ...]:
    """Every stated change in `text`: X% / X个百分点 / X件 after an up/down verb with a comparison
    (同比, 比上年, 与2019年相比, 较2020年172件), reductions against a statutory limit (比法定时限压缩60%),
    from-to (由76%提升至92%), doublings (翻一番) and no change (与上年持平). In text order.
    `numbers` and `stops` (`sentence_stops`) when the caller already has them (`scan`)."""
    if numbers is None:
        numbers = find_numbers(text)
    out: list[ChangePhrase] = []
    # Found once for the whole text, then looked up by offset: searching each number's sentence
    # again made a long run-on paragraph with many changes quadratic.
    if stops is None:
        stops = sentence_stops(text)
    sentence_cmps = list(_SENTENCE_CMP_RE.finditer(text))
    cmp_ends = [m.end() for m in sentence_cmps]
    starts = [n.start for n in numbers]
    last: ChangePhrase | None = None  # the latest change of kind "change", for lists of changes
    for i, n in enumerate(numbers):
        c0 = clause_start(text, max(0, n.start - 60), n.start)
        window = text[c0:n.start]
        unit, uend = _change_unit(text, n)
        if unit is None:
            continue
        if last is not None and unit == last.change_unit and text[last.end:n.start] in _CHANGE_LIST_SEPARATORS:
            # 同比分别增长10%、20%: the next value of a list of changes is a change too, not a level
            last = replace(last, start=n.start, end=uend, text=text[n.start:uend], change=n.value,
                           change_text=n.text, stated_base=None, stated_base_text="")
            out.append(last)
            continue
        times = _TIMES_OF_RE.search(window) if unit == "倍" else None
        if times is not None and n.value != 1 and math.isfinite((n.value - 1) * 100):
            # 是上年的2倍: a relative change of (2 − 1) × 100% = +100%; 为上年的0.8倍: −20%
            start = c0 + times.start()
            out.append(ChangePhrase(
                start=start, end=uend, text=text[start:uend], kind="double",
                direction="up" if n.value > 1 else "down",
                change=round(abs(n.value - 1) * 100, max(0, decimal_places(n.text) - 2)), change_unit="%",
                change_text="", base_year=int(times.group("year")) if times.group("year") else None,
                yearly=True))
            continue
        m = _CHANGE_VERB_RE.search(window)
        if m:
            verb = m.group("verb")
            head = window[: m.start()]
            comparisons = list(_CMP_RE.finditer(head))
            cmp_m = comparisons[-1] if comparisons else None
            statutory = _STATUTORY_RE.search(head)
            earlier_cmp = _sentence_compares(sentence_cmps, cmp_ends, _bounds(stops, text, c0)[0], c0)
            bare_fall = False
            if cmp_m is None and statutory is None and earlier_cmp is None:
                ok = unit == "个百分点" or (unit == "%" and verb in _SELF_COMPARING + _REDUCING)
                # 案件减少12件: a fall by itself, though against what is not written
                bare_fall = not ok and verb in _FALLS and (unit in _UNIT_KIND or unit == "%")
                if not ok and not bare_fall:
                    continue
            start = c0 + (cmp_m.start() if cmp_m else statutory.start() if statutory else m.start())
            year = int(cmp_m.group("year")) if cmp_m and cmp_m.group("year") else earlier_cmp or None
            base, base_text = None, ""
            if cmp_m and cmp_m.group("base"):
                bn = _number_in(numbers, starts, c0 + cmp_m.start("base"))
                if bn is not None:
                    base, base_text = bn.value, bn.text
            yearly = statutory is None and not bare_fall and not (
                cmp_m is None and earlier_cmp is None and verb in _REDUCING)
            end = uend + 1 if text[uend:uend + 1] in (")", "）") and m.group().endswith(("(", "（")) else uend
            last = ChangePhrase(
                start=start, end=end, text=text[start:end], kind="change",
                direction="up" if verb in _UP else "down", change=n.value, change_unit=unit, change_text=n.text,
                base_year=year, yearly=yearly, stated_base=base, stated_base_text=base_text)
            out.append(last)
            continue
        from_m = _FROM_RE.search(window)
        j = i + 1
        while j < len(numbers) and text.startswith("年", numbers[j].end):
            j += 1  # 由2020年的66件增长到2021年的151件: skip the years
        if from_m and j < len(numbers):
            nxt = numbers[j]
            gap = text[uend:nxt.start]
            if len(gap) <= FROM_TO_GAP_MAX_CHARS and _TO_RE.match(gap):
                to_unit, to_end = _change_unit(text, nxt)
                if to_unit is None or to_unit != unit:
                    continue
                diff = nxt.value - n.value
                if not math.isfinite(diff):
                    continue  # 由-1e308至1e308: no change can be stated in float range
                start = c0 + from_m.start()
                out.append(ChangePhrase(
                    start=start, end=to_end, text=text[start:to_end], kind="from_to",
                    direction="up" if diff > 0 else "down" if diff < 0 else "flat",
                    change=round(abs(diff), decimal_places(n.text, nxt.text)),
                    change_unit="个百分点" if unit == "%" else unit, change_text=f"{n.text} {nxt.text}",
                    base_year=int(from_m.group("year")) if from_m.group("year") else None, yearly=True,
                    stated_base=n.value, stated_base_text=n.text,
                    level_start=nxt.start))
    for m in _DOUBLE_RE.finditer(text):
        doublings = _DOUBLINGS[m.group("n")]
        out.append(ChangePhrase(start=m.start(), end=m.end(), text=m.group(), kind="double", direction="up",
                                change=float(2 ** doublings - 1) * 100, change_unit="%", change_text="",
                                base_year=None, yearly=True))
    for m in _FLAT_RE.finditer(text):
        year = int(m.group("year")) if m.group("year") else None
        out.append(ChangePhrase(start=m.start(), end=m.end(), text=m.group(), kind="flat", direction="flat",
                                change=0.0, change_unit="", change_text="", base_year=year, yearly=True))
    out.sort(key=lambda c: c.start)
    return tuple(out)


def _sentence_compares(found: list[re.Match[str]], ends: list[int], s0: int, c0: int) -> int | None:
    """A comparison clause earlier in the sentence text[s0:c0] (与2019年相比，…增加…): its year, 0
    when it names none; None when there is no such clause. `found` are all _SENTENCE_CMP_RE
    matches of the text in order, `ends` their end offsets (no match spans a sentence end)."""
    k = bisect.bisect_right(ends, c0)
    if not k or found[k - 1].start() < s0:
        return None
    last = found[k - 1]
    return int(last.group("year")) if last.group("year") else 0


def _change_unit(text: str, n: NumberSpan) -> tuple[str | None, int]:
    """The unit after a change number: 个百分点, %, or a counting word."""
    if n.is_percent:
        return "%", n.end
    if text.startswith("个百分点", n.end):
        return "个百分点", n.end + 4
    if text.startswith("百分点", n.end):
        return "个百分点", n.end + 3
    m = _UNIT_RE.match(text, _skip_spaces(text, n.end))
    if m is not None:
        return m.group(), m.end()
    return None, n.end


def _number_in(numbers: Sequence[NumberSpan], starts: list[int], pos: int) -> NumberSpan | None:
    """The number covering or starting at `pos`; `starts` are the numbers' start offsets, in order
    (spans do not overlap, so only the last one starting at or before `pos` can cover it)."""
    k = bisect.bisect_right(starts, pos)
    if k:
        n = numbers[k - 1]
        if n.start <= pos < n.end or n.start == pos:
            return n
    return None


def decimal_places(*texts: str) -> int:
    """Most decimal places written in any numeral of `texts` (64.29 -> 2): computed values keep
    the precision of their inputs, so 64.29 − 18.51 is 45.78, not 45.779999."""
    best = 0
    for t in texts:
        for m in _DECIMALS_RE.finditer(t):
            best = max(best, len(m.group(1)))
    return best


_DECIMALS_RE = re.compile(r"[.．](\d+)")


__all__ = [
    "INDICATOR_COLUMNS",
    "ChangePhrase",
    "clause_start",
    "decimal_places",
    "extract_indicators",
    "find_change_phrases",
    "indicators_frame",
    "measured_phrase",
    "scan",
    "sentence_bounds",
    "sentence_stops",
    "sentence_text",
]
