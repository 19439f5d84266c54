"""Stated changes (同比上升18.51%, 较2020年172件, 由76%提升至92%, 翻一番, 与上年持平): the change
phrases of a text, read into claims by compare.extract.claims. Their numbers are changes, never
this year's levels (compare.extract.levels)."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from compare.extract.numbers import find_numbers
from compare.extract.units import UNIT_KIND, UNIT_RE, skip_spaces
from compare.models import Direction, NumberSpan
from compare.sentences import clause_start, sentence_bounds, sentence_stops


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
    # Found once for the whole text, then looked up by offset: searching each number's sentence
    # again made a long run-on paragraph with many changes quadratic.
    sentence_cmps = list(_SENTENCE_CMP_RE.finditer(text))
    ctx = _Text(text, numbers, [n.start for n in numbers], stops if stops is not None else sentence_stops(text),
                sentence_cmps, [m.end() for m in sentence_cmps])
    out: list[ChangePhrase] = []
    last: ChangePhrase | None = None  # the latest change of kind "change", for lists of changes
    for i, n in enumerate(numbers):
        unit, uend = _change_unit(text, n)
        if unit is None:
            continue  # before the clause is looked up: most numbers of a report have no unit
        c0 = clause_start(text, max(0, n.start - 60), n.start)
        window = text[c0:n.start]
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
            found = _verb_change(ctx, n, c0, m, unit, uend)
            if found is not None:
                last = found
                out.append(found)
            continue
        from_to = _from_to(ctx, i, c0, unit, uend)
        if from_to is not None:
            out.append(from_to)
    out.extend(_doublings_and_flats(text))
    out.sort(key=lambda c: c.start)
    return tuple(out)


@dataclass(frozen=True)
class _Text:
    """A text with what `find_change_phrases` looks up in it by offset, found once."""

    text: str
    numbers: Sequence[NumberSpan]
    starts: list[int]  # the numbers' start offsets
    stops: list[int]  # sentence ends (compare.sentences.sentence_stops)
    sentence_cmps: list[re.Match[str]]  # comparison clauses (与2019年相比，), in order
    cmp_ends: list[int]  # their end offsets


def _verb_change(ctx: _Text, n: NumberSpan, c0: int, m: re.Match[str], unit: str, uend: int) -> ChangePhrase | None:
    """The change stated by an up/down verb before `n` (`m` its match in the clause before `n`):
    with a comparison word, against a statutory limit, or a fall by itself; None when the verb
    states no change (提高95%: a level)."""
    text = ctx.text
    verb = m.group("verb")
    head = text[c0:c0 + m.start()]
    comparisons = list(_CMP_RE.finditer(head))
    cmp_m = comparisons[-1] if comparisons else None
    statutory = _STATUTORY_RE.search(head)
    earlier_cmp = _sentence_compares(ctx.sentence_cmps, ctx.cmp_ends, sentence_bounds(text, c0, ctx.stops)[0], c0)
    bare_fall = False
    if cmp_m is None and statutory is None and earlier_cmp is None:
        ok = unit == "个百分点" or (unit == "%" and verb in _SELF_COMPARING + _REDUCING)
        # 案件减少12件: a fall by itself, though against what is not written
        bare_fall = not ok and verb in _FALLS and (unit in UNIT_KIND or unit == "%")
        if not ok and not bare_fall:
            return None
    start = c0 + (cmp_m.start() if cmp_m else statutory.start() if statutory else m.start())
    year = int(cmp_m.group("year")) if cmp_m and cmp_m.group("year") else earlier_cmp or None
    base, base_text = None, ""
    if cmp_m and cmp_m.group("base"):
        bn = _number_in(ctx.numbers, ctx.starts, c0 + cmp_m.start("base"))
        if bn is not None:
            base, base_text = bn.value, bn.text
    yearly = statutory is None and not bare_fall and not (
        cmp_m is None and earlier_cmp is None and verb in _REDUCING)
    end = uend + 1 if text[uend:uend + 1] in (")", "）") and m.group().endswith(("(", "（")) else uend
    return ChangePhrase(
        start=start, end=end, text=text[start:end], kind="change",
        direction="up" if verb in _UP else "down", change=n.value, change_unit=unit, change_text=n.text,
        base_year=year, yearly=yearly, stated_base=base, stated_base_text=base_text)


def _from_to(ctx: _Text, i: int, c0: int, unit: str, uend: int) -> ChangePhrase | None:
    """A from-to change (由76%提升至92%) starting at number `i` of the text; None when there is none."""
    text, numbers = ctx.text, ctx.numbers
    n = numbers[i]
    from_m = _FROM_RE.search(text, c0, n.start)
    j = i + 1
    while j < len(numbers) and text.startswith("年", numbers[j].end):
        j += 1  # 由2020年的66件增长到2021年的151件: skip the years
    if from_m is None or j >= len(numbers):
        return None
    nxt = numbers[j]
    gap = text[uend:nxt.start]
    if len(gap) > FROM_TO_GAP_MAX_CHARS or not _TO_RE.match(gap):
        return None
    to_unit, to_end = _change_unit(text, nxt)
    if to_unit is None or to_unit != unit:
        return None
    diff = nxt.value - n.value
    if not math.isfinite(diff):
        return None  # 由-1e308至1e308: no change can be stated in float range
    start = from_m.start()
    return ChangePhrase(
        start=start, end=to_end, text=text[start:to_end], kind="from_to",
        direction="up" if diff > 0 else "down" if diff < 0 else "flat",
        change=round(abs(diff), decimal_places(n.text, nxt.text)),
        change_unit="个百分点" if unit == "%" else unit, change_text=f"{n.text} {nxt.text}",
        base_year=int(from_m.group("year")) if from_m.group("year") else None, yearly=True,
        stated_base=n.value, stated_base_text=n.text,
        level_start=nxt.start)


def _doublings_and_flats(text: str) -> list[ChangePhrase]:
    """Doublings (翻一番) and no change (与上年持平): phrases without a number of their own."""
    out: list[ChangePhrase] = []
    for m in _DOUBLE_RE.finditer(text):
        doublings = _DOUBLINGS[m.group("n")]
        out.append(ChangePhrase(start=m.start(), end=m.end(), text=m.group(), kind="double", direction="up",
                                change=float(2 ** doublings - 1) * 100, change_unit="%", change_text="",
                                base_year=None, yearly=True))
    for m in _FLAT_RE.finditer(text):
        year = int(m.group("year")) if m.group("year") else None
        out.append(ChangePhrase(start=m.start(), end=m.end(), text=m.group(), kind="flat", direction="flat",
                                change=0.0, change_unit="", change_text="", base_year=year, yearly=True))
    return out


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
    m = UNIT_RE.match(text, skip_spaces(text, n.end))
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


__all__ = ["ChangePhrase", "decimal_places", "find_change_phrases"]
