"""Stage 3b: stated changes (同比上升18.51%) -> Claims, each tied to the indicator it changes and
read into a base year, a change kind and the earlier value it implies.

The phrases are found by `compare.extract.phrases.find_change_phrases` (which also keeps their numbers
out of the indicators: a change is not this year's level). Here each phrase is interpreted:

- X个百分点 on a rate: percentage points; earlier value v − Δ (up) / v + Δ (down).
- X% on a count or money: relative; earlier value v / (1 ± X/100).
- X% on a rate: ambiguous. Reports write 上升2.04% for 59.7% -> 61.74% (points), so points are
  preferred, the claim is marked `interpreted`, and the relative reading is kept as the alternative.
- X件 (a counting word): absolute; earlier value v ∓ Δ, or the base when written (较2020年172件).
- 由X提升至Y: the base X is written; the change Y − X is computed (points for rates).
- 翻一番 / 增长一倍: +100% (relative); 与上年持平: no change, the earlier value is the current one.

A list of changes (同比分别增长10%、20%) pairs with the list of levels right before it in order
(…分别为60件、120件 -> 10% for 60件, 20% for 120件) when both lists have the same length; otherwise
each change is tied as a single one would be.
A relative fall of 100% or more (下降100%, 减少1倍) leaves no earlier value that the stated
change could come from (v / 0, or a negative base): the implied base is None and the claim's
`note` says so. So does an implied value beyond float range (a 300-digit level). Neither is an
error: the sentence is real report language and the rest of the report is still read.

The base year is the one written (与2019年), else the report's year − 1; None when the report's
year is unknown, or when the comparison is not with a year (比法定时限压缩60%).
"""

from __future__ import annotations

import bisect
import math
import re
from itertools import pairwise
from typing import TYPE_CHECKING

from compare.extract.indicators import scan
from compare.extract.lexicon import Lexicon, load_lexicon
from compare.extract.phrases import ChangePhrase, decimal_places, find_change_phrases
from compare.extract.subjects import measured_phrase
from compare.models import ChangeKind, Claim, Indicator, Report
from compare.schema import REPORT_CLAIMS, records_frame
from compare.sentences import clause_start, sentence_bounds, sentence_stops, sentence_text

if TYPE_CHECKING:  # `report-compare indicators` prints records and starts without pandas
    import pandas as pd

#: Columns of `report-compare claims` (csv/json), in order.
#: Columns of `claims_frame` / `report-compare claims` (declared in compare.schema).
CLAIM_COLUMNS = REPORT_CLAIMS.ids

#: Comparison words stripped from the front of a change clause to find its own subject
#: (行政复议案件同比下降10% -> 行政复议案件).
_CMP_HEAD_RE = re.compile(
    r"(?:同比|环比|相比|相较|增幅|降幅|增长率|增速|(?:与|较|比|和|同)(?:上年|去年|上一年|上年度|\d{4}年|法定|承诺|规定)).*$")


def extract_claims(report: Report, indicators: tuple[Indicator, ...] | None = None,
                   lexicon: Lexicon | None = None, *,
                   phrases: tuple[ChangePhrase, ...] | None = None) -> tuple[Claim, ...]:
    """Every stated change in `report`, tied to the indicator it changes, in document order.
    `indicators` are the report's indicators when already extracted (else they are extracted);
    `phrases` its change phrases when already found with them (`scan` returns both: passing them
    keeps the numbers of the text scanned once, see compare.engine)."""
    lexicon = lexicon or load_lexicon()
    text = report.text
    if indicators is None:
        indicators, phrases = scan(report, lexicon)
    elif phrases is None:
        phrases = find_change_phrases(text)
    out: list[Claim] = []
    # Indicators in text order with their end offsets, and the sentence ends, found once: looking
    # them up by bisection keeps a long paragraph with many changes linear, not quadratic.
    ordered = sorted(indicators, key=lambda i: i.start)
    ends = [i.end for i in ordered]
    by_start: dict[int, Indicator] = {}
    for ind in ordered:
        by_start.setdefault(ind.start, ind)
    stops = sentence_stops(text)
    starts = [i.start for i in ordered]
    in_list = _change_lists(text, phrases)
    listed: dict[int, Indicator] = {}  # phrase index -> its level, for lists of changes
    texts: dict[tuple[int, int], str] = {}  # sentence texts shared by the claims of one sentence
    for k, phrase in enumerate(phrases):
        s0, s1 = sentence_bounds(text, phrase.start, stops)
        sentence = sentence_text(text, s0, s1, phrase.start, texts)
        level = listed.get(k) or _linked_indicator(text, phrase, ordered, ends, by_start, s0)
        if level is not None and in_list.get(k, 1) > 1:
            listed.update(_list_levels(text, level, k, in_list[k], ordered, starts))
            level = listed.get(k, level)
        section = report.section_at(phrase.start)
        if level is not None:
            subject, ident, value, unit = level.subject, level.indicator, level.value, level.unit
            decimals_text = level.text
        else:
            subject = _own_subject(text, phrase, s0)
            kind = "rate" if phrase.change_unit == "个百分点" or subject.endswith("率") else "count"
            entry = lexicon.match(subject, kind, text[s0:phrase.start])  # context before the change only
            ident, value, unit, decimals_text = (entry.id if entry else ""), None, "", ""
            if phrase.change_unit not in ("%", "个百分点", ""):
                unit = phrase.change_unit
            elif kind == "rate":
                unit = "%"
        base_year = _base_year(report, phrase)
        out.append(_interpret(phrase, subject, ident, value, unit, decimals_text, base_year,
                              section.path if section else "", sentence))
    return tuple(out)


def claims_frame(report: Report, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """The claims of `report` as a table with CLAIM_COLUMNS (what the CLI prints)."""
    return records_frame(extract_claims(report, lexicon=lexicon), CLAIM_COLUMNS)


#: What joins the values of a list of levels or of changes (60件、120件; 同比分别增长10%、20%).
_LIST_SEPARATORS = ("、", "和", "及", "，", ",")


def _change_lists(text: str, phrases: tuple[ChangePhrase, ...]) -> dict[int, int]:
    """Index of the first phrase of each list of changes (同比分别增长10%、20%) -> the list's length.
    A phrase continues a list when only a separator stands before it and it is its number alone."""
    out: dict[int, int] = {}
    first = -1
    for k in range(1, len(phrases)):
        p, q = phrases[k - 1], phrases[k]
        if (q.kind == p.kind == "change" and q.text.startswith(q.change_text)
                and text[p.end:q.start] in _LIST_SEPARATORS[:3]):
            if first < 0 or first + out[first] != k:
                first = k - 1
                out[first] = 1
            out[first] += 1
    return out


def _list_levels(text: str, last: Indicator, k: int, n: int, ordered: list[Indicator],
                 starts: list[int]) -> dict[int, Indicator]:
    """Phrases k..k+n-1 (a list of changes) paired in order with the n levels that end at `last`,
    when those are a list too (受理复议案件、诉讼案件分别为60件、120件，同比分别增长10%、20%: 10% is the
    复议 change, 20% the 诉讼 one). Empty when the levels are not such a list."""
    j = bisect.bisect_left(starts, last.start)
    while j < len(ordered) and ordered[j] is not last:
        j += 1
    if j == len(ordered) or j - n + 1 < 0:
        return {}
    levels = ordered[j - n + 1:j + 1]
    for a, b in pairwise(levels):
        if a.start == b.start or text[a.end:b.start] not in _LIST_SEPARATORS:
            return {}
    return {k + m: level for m, level in enumerate(levels)}


def _linked_indicator(text: str, phrase: ChangePhrase, ordered: list[Indicator], ends: list[int],
                      by_start: dict[int, Indicator], s0: int) -> Indicator | None:
    """The level a change belongs to: the new level of a from-to; else the nearest indicator before
    the phrase in its sentence, unless the phrase's own clause names another subject. `ordered`
    are the indicators in text order, `ends` their end offsets, `by_start` the first at each start."""
    if phrase.level_start is not None:
        return by_start.get(phrase.level_start)
    c0 = clause_start(text, s0, phrase.start)
    k = bisect.bisect_right(ends, phrase.start)
    if not k or ordered[k - 1].start < s0:
        return None
    nearest = ordered[k - 1]
    if nearest.end > c0:
        return nearest  # 受理案件32件同比增长10%: same clause
    if _own_subject(text, phrase, s0):
        return None  # …120件，其中行政复议案件同比下降10%: its own subject
    return nearest


def _own_subject(text: str, phrase: ChangePhrase, s0: int) -> str:
    """The subject written in the change's own clause before the comparison word."""
    c0 = clause_start(text, s0, phrase.start)
    head = _CMP_HEAD_RE.sub("", text[c0:phrase.start])
    return measured_phrase(head)


def _base_year(report: Report, phrase: ChangePhrase) -> int | None:
    if not phrase.yearly:
        return None
    if phrase.base_year is not None:
        return phrase.base_year
    return report.year - 1 if report.year is not None else None


def _interpret(phrase: ChangePhrase, subject: str, ident: str, value: float | None, unit: str,
               value_text: str, base_year: int | None, section: str, sentence: str) -> Claim:
    """Change kind and implied earlier value of one phrase."""
    sign = 1.0 if phrase.direction == "up" else -1.0 if phrase.direction == "down" else 0.0
    decimals = decimal_places(value_text, phrase.change_text, phrase.stated_base_text)
    # a relative reading divides: keep the precision of the value itself (a count stays whole)
    value_decimals = decimal_places(f"{value:.6f}".rstrip("0")) if value is not None else 0
    kind: ChangeKind
    implied: float | None = None
    interpreted = False
    alt_kind: ChangeKind | None = None
    alt_implied: float | None = None
    delta = phrase.change
    notes: list[str] = []
    if phrase.kind == "flat":
        kind, implied = "none", value
    elif phrase.kind == "from_to":
        kind = "percentage_points" if phrase.change_unit == "个百分点" else "absolute"
        implied = phrase.stated_base
    elif phrase.change_unit == "个百分点":
        kind = "percentage_points"
        implied = _difference(value, sign * delta, decimals, notes)
    elif phrase.change_unit == "倍":
        # 增长一倍 / 增长2倍: relative, in multiples of the base (一倍 = +100%)
        kind = "percent"
        implied = _relative_base(value, 1 + sign * delta, value_decimals, phrase.text, notes)
    elif phrase.change_unit == "%":
        relative = _relative_base(value, 1 + sign * delta / 100, value_decimals, phrase.text, notes)
        if unit == "%":
            # a bare % on a rate: points preferred (59.7% -> 61.74% written 上升2.04%)
            kind, interpreted = "percentage_points", True
            implied = _difference(value, sign * delta, decimals, notes)
            alt_kind, alt_implied = "percent", relative
        else:
            kind, implied = "percent", relative
    else:
        kind = "absolute"
        implied = _difference(value, sign * delta, decimals, notes)
    if phrase.stated_base is not None and phrase.kind == "change":
        implied = phrase.stated_base
        notes.clear()
    return Claim(
        indicator=ident, subject=subject, section=section, value=value, unit=unit, base_year=base_year,
        direction=phrase.direction,
        change=delta, change_unit=phrase.change_unit, change_kind=kind, implied_base=implied,
        text=phrase.text, sentence=sentence, start=phrase.start, end=phrase.end, interpreted=interpreted,
        alt_change_kind=alt_kind, alt_implied_base=alt_implied, stated_base=phrase.stated_base,
        note="; ".join(dict.fromkeys(notes)))


def _relative_base(value: float | None, factor: float, decimals: int, text: str, notes: list[str]) -> float | None:
    """The earlier value v / factor of a relative change, None (with a note) when there is none:
    a fall of 100% or more (factor <= 0) has no positive earlier value."""
    if value is None:
        return None
    if factor <= 0:
        notes.append(f"下降100%及以上（{text}）推不出上年数值：基数无定义")
        return None
    return _finite(value / factor, decimals, notes)


def _difference(value: float | None, delta: float, decimals: int, notes: list[str]) -> float | None:
    """The earlier value v − Δ of an absolute or points change (None when there is no value)."""
    return None if value is None else _finite(value - delta, decimals, notes)


def _finite(x: float, decimals: int, notes: list[str]) -> float | None:
    if not math.isfinite(x):
        notes.append("推算的上年数值超出可计算范围，未计算")
        return None
    return round(x, decimals)


__all__ = ["CLAIM_COLUMNS", "claims_frame", "extract_claims"]
