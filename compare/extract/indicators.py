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

import re
from typing import TYPE_CHECKING

from compare.extract.levels import find_levels
from compare.extract.lexicon import Lexicon, load_lexicon
from compare.extract.numbers import find_numbers
from compare.extract.phrases import ChangePhrase, find_change_phrases
from compare.extract.subjects import Run, subjects_of
from compare.extract.units import Quantity
from compare.models import Indicator, Report
from compare.schema import INDICATORS, records_frame
from compare.sentences import clause_start, sentence_bounds, sentence_stops, sentence_text

if TYPE_CHECKING:  # `report-compare indicators` prints records and starts without pandas
    import pandas as pd

#: Columns of `indicators_frame` / `report-compare indicators` (declared in compare.schema).
INDICATOR_COLUMNS = INDICATORS.ids
#: How far before a quantity, within its sentence, a lexicon entry's context word may stand
#: (办理行政复议案件32件，其中新收…，审结率94.6%: the topic is set a few clauses earlier). Longer
#: than any real sentence's lead-in (the seed's longest sentence up to a number is ~150 characters).
CONTEXT_MAX_CHARS = 300


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
    quantities = find_levels(text, numbers, changes, lexicon)
    out: list[Indicator] = []
    by_sentence: dict[int, list[tuple[Quantity, str]]] = {}
    # Per sentence, computed once: its text (shared by all its indicators, so a long sentence with
    # thousands of quantities is not copied for each) and where its first sentence-wide goal word
    # ends. Recomputing either per quantity made long run-on paragraphs quadratic.
    sentences: dict[int, int] = {}
    texts: dict[tuple[int, int], str] = {}
    # 分别为 lists: offset of a value -> the list of nouns and the value's place in it
    respective: dict[int, tuple[list[str], int]] = {}
    for k, q in enumerate(quantities):
        s0, s1 = sentence_bounds(text, q.start, stops)
        if s0 not in sentences:
            goal = _TARGET_SENTENCE_RE.search(text, s0, s1)
            sentences[s0] = goal.end() if goal else s1 + 1
        goal_end = sentences[s0]
        sentence = sentence_text(text, s0, s1, q.start, texts)
        earlier = by_sentence.setdefault(s0, [])
        subjects = subjects_of(text, q, s0, s1, earlier, Run(quantities, k, respective))
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


__all__ = [
    "INDICATOR_COLUMNS",
    "extract_indicators",
    "indicators_frame",
    "scan",
]
