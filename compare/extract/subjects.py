"""The subject of a quantity: the noun phrase it measures, read from its clause by general rules
(see compare.extract.indicators for the judgements behind them)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from compare.extract.units import Quantity
from compare.sentences import clause_end, clause_start

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
#: Scope words that can end the text before a number (组织全市5.2万名…, 建立全省首批30个…, 区级212项…
#: when 区级 opens the clause): a scope is never what is counted, so the noun comes after.
_LEAD_SCOPE_RE = re.compile(
    r"(?:全国|全省|全市|全区|全县|全镇|全州|全盟|全旗|全系统|全局|各级|首批|第[一二三四五六七八九十\d]{1,3}批"
    r"|(?<![\u4e00-\u9fff])(?:省|市|区|县|镇|乡)级)$")
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
#: A counted noun's head (事项, 部门, 人员 …) followed by a verb that opens a predicate: the noun after
#: a unit ends at the head (999项政务服务事项进驻中心 -> 政务服务事项). Heads are the last characters of
#: the nouns reports count; verbs are those of placing, changing and adopting, never verbs that
#: also make nouns after a head (办理, 审批, 管理, 服务, 审查, 执法: 事项办理时限 is one noun).
_COUNTED_HEADS = ("事项", "部门", "单位", "人员", "干部", "企业", "机构", "机关", "案件", "乡镇", "街道", "社区",
                  "学校", "窗口", "平台", "中心", "项目", "清单", "文件", "主体", "村", "站", "所", "队", "组")
_PREDICATE_VERBS = ("进驻", "入驻", "进入", "迁入", "接入", "纳入", "划入", "下沉", "压缩", "缩减", "精简", "取消",
                    "下放", "实行", "实施", "推行", "建立", "建成", "设立", "开设", "配备", "签订", "签署", "完成",
                    "实现", "获得", "荣获", "开通", "接受", "制定", "出台", "公布", "整改", "提交", "报送", "使用",
                    "应用", "采用", "引入", "聘请", "设置", "成立", "加入", "启用", "对接", "落户", "集中到")
_HEAD_THEN_PREDICATE_RE = re.compile(
    f"(?:{'|'.join(_COUNTED_HEADS)})(?P<verb>{'|'.join(sorted(_PREDICATE_VERBS, key=len, reverse=True))})")
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


class Run(NamedTuple):
    """Where a quantity stands among all of a report's quantities, for 分别为 lists. (A named
    tuple, like Quantity: one is made per quantity.)"""

    quantities: Sequence[Quantity]
    position: int  # of the quantity in `quantities`
    respective: dict[int, tuple[list[str], int]]  # shared, filled as the scan goes


#: 分别为 / 分别是 / 分别达到 after a list of nouns: the values that follow pair with the nouns in order.
_RESPECTIVELY_RE = re.compile(r"分别(?:为|是|达到?|有|占|共)?$")
#: What may stand between two values of one 分别 list (60件、120件和35件).
_RUN_SEPARATORS = ("、", "和", "及", "，", ",", "")
#: One value for each of several subjects (司法建议、检察建议各为5件).
_EACH_RE = re.compile(r"[各均](?:为|达到?|是)$")


def _respective_subject(text: str, q: Quantity, raw: str, run: Run | None) -> str | None:
    """The subject of `q` when it is a value of a 分别为 list (受理复议案件、诉讼案件分别为60件、120件:
    60件 -> 受理复议案件, 120件 -> 诉讼案件). When the number of values differs from the number of
    nouns the pairing is unknown and None is returned (the list is then read as before)."""
    if run is None:
        return None
    if run.position and text[run.quantities[run.position - 1].end:q.start].strip() in _RUN_SEPARATORS:
        prev = run.quantities[run.position - 1]
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
    k = run.position
    while (count <= len(nouns) and k + 1 < len(run.quantities)
           and text[run.quantities[k].end:run.quantities[k + 1].start].strip() in _RUN_SEPARATORS[:-1]):
        k += 1
        count += 1
    if count != len(nouns):
        return None
    run.respective[q.start] = (nouns, 0)
    return nouns[0]


def subjects_of(text: str, q: Quantity, s0: int, s1: int,
                earlier: list[tuple[Quantity, str]], run: Run | None = None) -> list[str]:
    """The subject(s) of quantity `q` in the sentence text[s0:s1]; `earlier` are the quantities
    before it in the same sentence with their first subject; `run` places `q` among all the
    report's quantities (for 分别为 lists and counts written back to back)."""
    c0 = clause_start(text, s0, q.start)
    lo, prev_subject = _after_previous_value(q, c0, earlier)
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
    after_raw, after = _noun_after(text, q, s1, run)
    shared, core = _phrase_before(raw, q, after)
    if shared:
        return shared  # 参考率、合格率100%, 司法建议、检察建议各5件: one value, several subjects
    subject = _subject_around(q, raw, core, after_raw, after, chained)
    if subject is not None:
        return [subject]
    return [_subject_from_earlier(text, q, c0, core, after_raw, after, earlier)]


def _after_previous_value(q: Quantity, c0: int, earlier: list[tuple[Quantity, str]]) -> tuple[int, str]:
    """Where the text before `q` starts (its clause, or the end of an earlier value in that clause)
    and the earlier value's subject ("" when none)."""
    # `earlier` is in text order: the last quantity ending before this one is the only candidate
    # (scanning all of them made a sentence with many quantities quadratic).
    for prev, subject in reversed(earlier):
        if prev.end <= q.start:
            if prev.end >= c0:
                return prev.end, subject
            break
    return c0, ""


def _noun_after(text: str, q: Quantity, s1: int, run: Run | None) -> tuple[str, str]:
    """The clause text after `q` and the noun right after its unit."""
    after_raw = text[q.end:clause_end(text, q.end, s1)]
    after = _after_noun(after_raw)
    if not after and run is not None and run.position + 1 < len(run.quantities):
        nxt = run.quantities[run.position + 1]
        if nxt.start == q.end:
            # 两批次19个示范项目: a count of groups right before a count of things shares their noun
            after = _after_noun(text[nxt.end:clause_end(text, nxt.end, s1)])
    return after_raw, after


def _phrase_before(raw: str, q: Quantity, after: str) -> tuple[list[str] | None, str]:
    """The subjects sharing one value when the text before it lists several (else None), and the
    measured phrase before the number."""
    each = raw.rstrip().endswith(("各", "均")) or bool(_EACH_RE.search(raw))
    before = _trim_trailing(raw.strip())
    shared = [measured_phrase(p) for p in _split_outside_quotes(before, "、和及")]
    if len(shared) > 1 and all(shared) and not after and (
            each or (q.kind == "rate" and all(p.endswith(_RATE_NOUN_END) for p in shared))):
        return shared, ""
    items = _split_outside_quotes(before, "、")
    if len(items) > 1 and not items[-1].strip():
        before = ""  # 251家规上工业企业、220项…: the number opens a new list item
    elif len(items) > 1:
        if len(items[-1]) <= LIST_TAIL_MAX_CHARS and all(len(i) <= LIST_ITEM_MAX_CHARS for i in items[1:-1]):
            before = "、".join([items[0][-LIST_ITEM_MAX_CHARS:], *items[1:]])
        else:
            before = items[-1]
    return None, measured_phrase(before)


def _subject_around(q: Quantity, raw: str, core: str, after_raw: str, after: str, chained: bool) -> str | None:
    """The subject when the words around the number place it after the unit (a share of what
    follows, an occasion's action, a verb or scope before the number); None otherwise."""
    if after_raw.startswith("的") and q.kind == "rate":
        # 97%的村（社区）建成法治文化阵地: the share of what follows
        share = re.split(r"[0-9０-９]", after_raw[1:].translate(_QUOTES), maxsplit=1)[0]
        return share[:AFTER_SUBJECT_MAX_CHARS] or core
    if (q.unit in _OCCASION_UNITS and "\u4e00" <= after_raw[:1] <= "\u9fff"
            and (not _LEAD_VERB_RE.search(core) or _noun_comes_after(raw, core))):
        # 省长46次对法治工作作出批示: before the number stands the actor, after it the action
        # counted; 召开3次区委全面依法治区委员会会议: the meeting, a name that runs to the next item
        action = _NEXT_OCCASION_RE.split(after_raw.translate(_QUOTES), maxsplit=1)[0]
        return action[:AFTER_SUBJECT_MAX_CHARS]
    # 已拓展到50多个行政管理领域: a count reached (到/至) is a count of the noun after it
    reached = q.kind != "rate" and raw.rstrip().endswith(("到", "至"))
    if after and (chained or reached or _noun_comes_after(raw, core)):
        subject = after
        if q.unit in ("名", "人", "人次", "位"):
            subject = _with_activity(subject, after_raw)
        return subject
    return None


def _subject_from_earlier(text: str, q: Quantity, c0: int, core: str, after_raw: str, after: str,
                          earlier: list[tuple[Quantity, str]]) -> str:
    """The subject from the phrase before the number, completed from an earlier value of the
    sentence when the phrase is only an outcome verb or empty."""
    outcome = _OUTCOME_PREFIX_RE.sub("", core)
    if (outcome in OUTCOME_VERBS or _OUTCOME_SUFFIX_RE.sub("", outcome) in OUTCOME_VERBS) and q.kind != "rate":
        for prev, prev_subject in reversed(earlier):
            if prev.kind == q.kind and prev_subject:
                obj = _object_of(prev_subject)
                if _OUTCOME_PREFIX_RE.sub("", obj) in OUTCOME_VERBS:
                    # 其中，维持32件，撤销5件: the earlier value is a sibling outcome with no object
                    # of its own, so there is nothing to inherit (not "维持 撤销")
                    break
                return f"{obj} {core}"

    if _ACTIVITY_RE.match(after_raw):
        core = _with_activity(core, after_raw)
    if not core and not after and earlier:
        prev, prev_subject = earlier[-1]
        if prev.kind == q.kind and text[prev.end:q.start].strip() in ("", "、", "和", "及", ",", "，"):
            return prev_subject  # 纠错率分别为46%、62%、88%: one subject, several values
        action = re.split(r"[、（(]", after_raw.translate(_QUOTES), maxsplit=1)[0][:ACTIVITY_MAX_CHARS]
        if prev.kind == q.kind and prev_subject and action and _SUBSET_RE.search(text, c0, q.start):
            # 推出14项事项，其中8项实现全程网办: a part of the earlier count, named by what it did
            return f"{_object_of(prev_subject)} {action}"
    return _shorten(core) if core else after


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


# Pure, and called twice on the same text for most quantities (as the one part of a possible list
# of shared subjects, then as the phrase itself): remembering the recent ones halves its cost.
@lru_cache(maxsize=4096)
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
        return _cut_predicate(noun[:AFTER_SUBJECT_MAX_CHARS])
    noun = s[: m.start()] if m else s
    return _cut_predicate(noun[:AFTER_SUBJECT_MAX_CHARS])


def _cut_predicate(noun: str) -> str:
    """The noun without a predicate that follows it in the same run of characters (999项政务服务事项
    进驻中心 -> 政务服务事项; 86个部门进驻市民中心 -> 部门; 156项行政许可事项压缩办理时限 -> 行政许可
    事项): a noun head, then a verb of placing, changing or adopting, then its object. Verbs that
    also form nouns after a head (事项办理时限, 案件审查) are not in the list, so such compounds stay."""
    for m in _HEAD_THEN_PREDICATE_RE.finditer(noun):
        if len(noun) - m.end() >= 1:  # the verb has an object: a predicate, not a noun's last word
            return noun[:m.start("verb")]
    return noun


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


__all__ = [
    "ACTIVITY_MAX_CHARS",
    "AFTER_SUBJECT_MAX_CHARS",
    "BEFORE_SUBJECT_MAX_CHARS",
    "LEAD_VERBS",
    "OUTCOME_VERBS",
    "Run",
    "measured_phrase",
    "subjects_of",
]
