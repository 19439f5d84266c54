"""Units of measure (量词, %, money, durations, 倍) and the quantity a number and its unit make:
the first step from a numeral (compare.extract.numbers) to an indicator."""

from __future__ import annotations

import re
from typing import NamedTuple

from compare.extract.numbers import qualifier_after_unit
from compare.models import IndicatorKind, NumberSpan, Qualifier

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
UNIT_KIND: dict[str, IndicatorKind] = dict(_UNITS)
#: One pattern for every unit, longest first, so a unit is found with one match at the number's end.
UNIT_RE = re.compile("|".join(re.escape(u) for u, _ in _UNITS))
#: Scale words that may stand between a bare number and its unit (1194.13万元 when the number
#: span ends before 万).
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3}



class Quantity(NamedTuple):
    """A number with its unit, before its subject is known. Immutable like the records, but a
    named tuple: one is made for every number with a unit, and a frozen dataclass's __init__
    (a setattr call per field) costs about five times as much to build."""

    span: NumberSpan
    start: int
    end: int  # after the unit and any qualifier after it (15个工作日内)
    value: float
    unit: str
    original_unit: str
    kind: IndicatorKind
    qualifier: Qualifier


def quantity_at(text: str, n: NumberSpan) -> Quantity | None:
    """`n` with the unit written after it, or None when it has none (then it measures nothing)."""
    if n.is_percent:
        qual, end = _after_qualifier(text, n.end, n.qualifier)
        return Quantity(n, n.start, end, n.value, "%", "", "rate", qual)
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
    m = UNIT_RE.match(text, skip_spaces(text, pos))
    if m is not None:
        unit = m.group()
        pos = m.start()
        kind = UNIT_KIND[unit]
        if text.startswith("个百分点", pos):
            return None  # a difference of rates, never a level
        if unit == "日" and _is_day_of_month(text, n.start):
            return None
        end = pos + len(unit)
        qual, end = _after_qualifier(text, end, n.qualifier)
        if kind == "money":
            if scale_word:
                return Quantity(n, n.start, end, value, "元", scale_word + unit, "money", qual)
            factor = MONEY_UNITS[unit]
            original = unit if factor != 1 else ""
            return Quantity(n, n.start, end, round(value * factor, 6), "元", original, "money", qual)
        if unit == "件（次）":
            unit = "件(次)"
        return Quantity(n, n.start, end, value, unit, "", kind, qual)
    return None


def skip_spaces(text: str, pos: int) -> int:
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


__all__ = [
    "COUNT_UNITS",
    "DURATION_UNITS",
    "MONEY_UNITS",
    "RATIO_UNITS",
    "UNIT_KIND",
    "UNIT_RE",
    "Quantity",
    "quantity_at",
    "skip_spaces",
]
