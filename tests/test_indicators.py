"""Indicator extraction on report-style sentences written for these tests (not the seed's): units,
qualifiers, money, subjects by clause structure, shared values, targets, and everything that
looks numeric but measures nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from compare import load, load_bytes
from compare.cli import app
from compare.extract.claims import extract_claims
from compare.extract.indicators import INDICATOR_COLUMNS, extract_indicators, indicators_frame
from compare.extract.phrases import find_change_phrases
from compare.models import Indicator, Report

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"


def _report(text: str, year: int | None = 2021) -> Report:
    return load_bytes(text.encode("utf-8"), "t.txt", year=year)


def _found(text: str) -> list[Indicator]:
    return list(extract_indicators(_report(text)))


def _texts(text: str) -> list[str]:
    return [i.text for i in _found(text)]


def _by_text(text: str) -> dict[str, Indicator]:
    return {i.text: i for i in _found(text)}


# --- values, units, qualifiers, kinds ------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "text", "value", "unit", "qualifier", "kind"), [
    ("全年办理行政复议案件58件。", "58件", 58, "件", "exact", "count"),
    ("为企业提供法律服务1,260余件(次)。", "1,260余件(次)", 1260, "件(次)", "over", "count"),
    ("组织近300名执法人员参加培训。", "近300名", 300, "名", "under", "count"),
    ("接待来访群众约1.5万人次。", "约1.5万人次", 15000, "人次", "approx", "count"),
    ("开展普法宣传活动三十余场。", "三十余场", 30, "场", "over", "count"),
    ("累计培训执法人员2000人次以上。", "2000人次以上", 2000, "人次", "over", "count"),
    ("网上可办率达到98.6%。", "98.6%", 98.6, "%", "exact", "rate"),
    ("不动产登记一般业务在5个工作日内办结。", "5个工作日内", 5, "个工作日", "at_most", "duration"),
    ("行政许可事项平均办理时间缩短到3天。", "3天", 3, "天", "exact", "duration"),
    ("项目审批用时3-5个工作日。", "3-5个工作日", 3, "个工作日", "exact", "duration"),
    ("追回农民工工资368.5万元。", "368.5万元", 3685000, "元", "exact", "money"),
    ("审查合同涉及金额12.6亿元。", "12.6亿元", 1260000000, "元", "exact", "money"),
    ("收缴罚没款1,200元。", "1,200元", 1200, "元", "exact", "money"),
])  # fmt: skip
def test_value_unit_qualifier_kind(sentence: str, text: str, value: float, unit: str, qualifier: str,
                                   kind: str) -> None:
    found = _by_text(sentence)
    assert text in found, [i.text for i in found.values()]
    ind = found[text]
    assert (ind.value, ind.unit, ind.qualifier, ind.kind) == (pytest.approx(value), unit, qualifier, kind)


def test_spaces_between_number_and_unit() -> None:
    found = _by_text("公布区级政务服务事项清单 1182 项，审批时限压缩至3 个工作日。")
    assert [(i.value, i.unit) for i in found.values()] == [(1182, "项"), (3, "个工作日")]


def test_money_keeps_original_unit_and_range_keeps_high() -> None:
    found = _by_text("全年为群众挽回经济损失368.5万元，项目审批用时3-5个工作日。")
    assert found["368.5万元"].original_unit == "万元"
    assert found["3-5个工作日"].high == 5


def test_span_sentence_and_section() -> None:
    text = ("一、2021年主要工作\n（一）强化行政复议。全年新收行政复议案件46件，审结41件。\n"
            "（二）化解矛盾纠纷。调解民间纠纷1820件。\n")
    report = _report(text)
    found = extract_indicators(report)
    assert [i.section for i in found] == ["一/(一)", "一/(一)", "一/(二)"]
    for ind in found:
        assert report.text[ind.start:ind.end] == ind.text
        assert ind.text in ind.sentence
    assert found[0].sentence == "全年新收行政复议案件46件，审结41件。"


# --- subjects ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "text", "subject"), [
    # the phrase before the number, with scope words and link verbs removed
    ("全区共梳理公布权责清单事项4126项。", "4126项", "梳理公布权责清单事项"),
    ("全县政务服务事项网上可办率达到98.6%。", "98.6%", "政务服务事项网上可办率"),
    ("2021年，区级窗口综合受理占比为92%。", "92%", "区级窗口综合受理占比"),
    ("即办件办理时限控制在2个工作日内。", "2个工作日内", "即办件办理时限"),
    ("全区各级调解组织共调解矛盾纠纷3600件。", "3600件", "调解矛盾纠纷"),
    ("全年拥有执业律师156名。", "156名", "执业律师"),
    # the noun after the unit when a verb, 等 or a list comes first
    ("新建成4个公共法律服务工作站。", "4个", "公共法律服务工作站"),
    ("在食品药品、生态环境等6个领域开展联合执法。", "6个", "领域"),
    ("组织300余名“法律明白人”深入村社宣讲。", "300余名", "法律明白人"),
    ("全区86个村（社区）全部配备法律顾问。", "86个", "村（社区）"),
    # outcome verbs inherit the object of the earlier clause
    ("新收行政复议案件46件，审结41件。", "41件", "行政复议案件 审结"),
    ("受理信息公开申请120件，已办结118件。", "118件", "信息公开申请 已办结"),
    ("排查矛盾纠纷560件，化解成功552件。", "552件", "矛盾纠纷 化解成功"),
    ("行政复议机关收到行政复议申请1,305件，受理1,208件。", "1,208件", "行政复议申请 受理"),
    ("清理涉企政策文件126件，其中废止8件、修改15件。", "8件", "涉企政策文件 废止"),
    ("受理行政诉讼案件40件，已审结36件中败诉2件。", "36件", "行政诉讼案件 已审结"),
    ("受理行政诉讼案件40件，已审结36件中败诉2件。", "2件", "行政诉讼案件 败诉"),
    ("开展“双随机、一公开”抽查326次。", "326次", "开展双随机、一公开抽查"),  # 、 inside quotes
    ("区政府主要负责人主持召开专题会议研究法治政府建设工作3次。", "3次", "召开专题会议研究法治政府建设工作"),
    # streaks, shares of what follows
    ("行政机关负责人出庭应诉率连续三年保持100%。", "100%", "行政机关负责人出庭应诉率"),
    ("全市97%的村（社区）建成法治文化阵地。", "97%", "村（社区）建成法治文化阵地"),
    ("落实普法责任制，83家单位列入普法责任清单。", "83家", "单位"),
    ("二是办理行政复议案件45件。", "45件", "办理行政复议案件"),
    # activities of people and documents
    ("组织120名行政执法人员到法院参加了庭审旁听。", "120名", "行政执法人员 庭审旁听"),
    ("对涉及群众切身利益的规范性文件9件开展了后评估。", "9件", "后评估"),
])  # fmt: skip
def test_subjects_by_clause_structure(sentence: str, text: str, subject: str) -> None:
    found = _by_text(sentence)
    assert text in found, [i.text for i in found.values()]
    if text == "9件":
        assert found[text].subject.endswith(subject)
        assert "规范性文件" in found[text].subject
    else:
        assert found[text].subject == subject


@pytest.mark.parametrize(("sentence", "text", "subject"), [
    # a noun head after the unit, then a verb with its object: the predicate is cut
    ("推进全区34个部门、999项政务服务事项进驻中心。", "999项", "政务服务事项"),
    ("全区1286项政务服务事项进驻大厅，实现集中办理。", "1286项", "政务服务事项"),
    ("推动86个部门进驻市民中心。", "86个", "部门"),
    ("全区156项行政许可事项压缩办理时限。", "156项", "行政许可事项"),
    ("共有42家企业接入信用监管平台。", "42家", "企业"),
    ("全镇12个村实行法律顾问坐班制度。", "12个", "村"),
    ("组织320名执法人员使用移动执法终端。", "320名", "执法人员"),
    # a level of government opening the clause is a scope, like 全区: the noun comes after the unit
    ("区级212项涉企事项纳入告知承诺制。", "212项", "涉企事项"),
    # compounds of a head and a verb that are one noun stay whole; so do nouns with no predicate
    ("办结5件事项办理时限投诉。", "5件", "事项办理时限投诉"),
    ("新建成4个公共法律服务工作站。", "4个", "公共法律服务工作站"),
    ("政务服务事项进驻大厅率达到95%。", "95%", "政务服务事项进驻大厅率"),
])  # fmt: skip
def test_a_predicate_after_the_counted_noun_is_cut(sentence: str, text: str, subject: str) -> None:
    found = _by_text(sentence)
    assert text in found, [i.text for i in found.values()]
    assert found[text].subject == subject


def test_text_after_an_earlier_value_starts_a_new_subject() -> None:
    found = _found("帮扶企业100%签约、涉及资金100%拨付。")
    assert [i.subject for i in found] == ["帮扶企业", "涉及资金"]


def test_list_items_each_get_their_own_subject() -> None:
    found = _found("其中行政许可事项326项、行政确认事项58项和公共服务事项104项。")
    assert [(i.subject, i.value) for i in found] == [("行政许可事项", 326), ("行政确认事项", 58),
                                                    ("公共服务事项", 104)]


def test_several_items_after_numbers_keep_their_nouns() -> None:
    found = _found("全区共有律师事务所12家、执业律师156名，基层法律服务所8个。")
    assert [i.subject for i in found] == ["律师事务所", "执业律师", "基层法律服务所"]
    found = _found("建成156家示范企业、38个示范社区。")
    assert [i.subject for i in found] == ["示范企业", "示范社区"]


def test_a_noun_list_before_one_number_is_one_subject() -> None:
    found = _found("印发宣传册、折页、海报5万余份。")
    assert [i.subject for i in found] == ["印发宣传册、折页、海报"]


@pytest.mark.parametrize(("sentence", "subjects"), [
    ("全县领导干部法治理论考试参考率、合格率均为100%。", ["领导干部法治理论考试参考率", "合格率"]),
    ("全区行政机关收到司法建议、检察建议各5件。", ["行政机关收到司法建议", "检察建议"]),
    ("办复率、满意率达100%。", ["办复率", "满意率"]),
    ("司法建议、检察建议各5件。", ["司法建议", "检察建议"]),
])  # fmt: skip
def test_a_shared_value_gives_one_indicator_per_subject(sentence: str, subjects: list[str]) -> None:
    found = _found(sentence)
    assert [i.subject for i in found] == subjects
    assert len({(i.value, i.start, i.end) for i in found}) == 1


def test_canonical_ids_from_the_lexicon() -> None:
    found = _found("新收行政复议案件46件，审结41件，直接纠错率为12.2%；行政机关负责人出庭应诉率达到97.5%，"
                   "一审行政诉讼案件败诉率为3.1%。")
    assert [i.indicator for i in found] == ["reconsideration_received", "reconsideration_closed",
                                            "reconsideration_correction_rate", "head_appearance_rate",
                                            "litigation_loss_rate"]
    assert _found("新建公共法律服务站点20个。")[0].indicator == ""  # 法律服务 is not what is counted


# --- targets ----------------------------------------------------------------------------------


def test_targets_by_words_and_by_plan_section() -> None:
    text = ("一、2021年工作情况\n全程网办率达到92%。力争全年办结率提高到98%以上。\n"
            "二、2022年工作安排\n全年组织执法人员培训不少于4期，新建法治文化阵地10个。\n")
    report = _report(text)
    assert report.section("二").role == "next_year_plan"
    found = {i.text: i.is_target for i in extract_indicators(report)}
    assert found == {"92%": False, "98%以上": True, "不少于4期": True, "10个": True}


@pytest.mark.parametrize(("sentence", "targets"), [
    ("力争到年底，全程网办率达到98%，即办件占比达到50%。", [True, True]),
    ("确保重大行政决策合法性审查率100%，全年审查决策事项12件。", [True, False]),
    ("计划新建公共法律服务站点20个。", [True]),
    ("将全程网办率提高到95%。", [True]),
    ("全面完成年度目标任务，全年办结案件320件。", [False]),
    ("草拟规范性文件10件，审计项目计划完成率100%。", [False, False]),
])  # fmt: skip
def test_target_words(sentence: str, targets: list[bool]) -> None:
    assert [i.is_target for i in _found(sentence)] == targets


def test_target_subject_drops_the_target_word() -> None:
    assert _found("力争全程网办率提高到98%。")[0].subject == "全程网办率"
    # the agent before the goal word is not part of what is measured
    assert _found("2024年，我局将力争行政处罚案件结案率达到98%。")[0].subject == "行政处罚案件结案率"
    assert _found("区政府确保行政机关负责人出庭应诉率达100%。")[0].subject == "行政机关负责人出庭应诉率"


# --- never indicators -------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    # years, dates, ranges of years
    "2021年3月15日，区政府召开常务会议。",
    "印发《法治政府建设实施纲要（2021-2025年）》和2021—2025年规划。",
    "发布日期：2022-03-20。",
    # document numbers, hotlines
    "根据渝府发〔2021〕12号和川办发[2020]45号文件要求开展工作。",
    "畅通12345政务服务便民热线和12348公共法律服务热线。",
    # ordinals and sessions
    "区委全面依法治区委员会召开第三次会议，在全市考核中排名第一，获评第二批示范地区。",
    "法治政府建设考核排名全市前3名，群众满意度排全省前10位。",
    "学习贯彻党的十九届六中全会和市委五届十次、十一次全会精神，迎接党的二十大召开。",
    # plan periods and quoted slogans, listed or not
    "启动“八五”普法，编制“十四五”规划，十三五期间成效明显。",
    "树牢“四个意识”，坚定“四个自信”，做到“两个维护”。",
    "推行“三联三帮”工作法和“1+3+N”调解体系，落实“双随机、一公开”。",
    # unquoted slogans: listed, or numeral + 个/项 + a political head word
    "全面落实行政执法三项制度，坚持五个坚持，牢记三个务必。",
    # unlisted slogans governed by a commitment verb
    "落实三个区分开来要求，做到两个全覆盖，实现三个转变，压实两个责任。",
    # 一 + classifier is an article; idioms
    "推行一次性告知、一套材料、一窗受理，千家万户受益，三番五次督促整改。",
    # numbered slogans
    "实现3个100%目标，推进“五个一”标准化建设。",
    # numbers in document titles are names
    "出台《优化营商环境30条》和《关于加强三项制度建设的5项措施》。",
    # last year's level as the base of a comparison (this year's level is elsewhere)
    "行政机关败诉率较上年的8.7%有所下降，调解案件比2021年同期的1,520件明显减少。",
])  # fmt: skip
def test_never_indicators(sentence: str) -> None:
    assert _texts(sentence) == []


def test_values_listed_after_one_subject_share_it() -> None:
    found = _found("2018—2021年，全区行政复议纠错率分别为46%、62%、88%、93%。")
    assert [(i.subject, i.value) for i in found] == [("行政复议纠错率", v) for v in (46, 62, 88, 93)]


def test_real_counts_next_to_non_indicators_survive() -> None:
    sentence = "区委全面依法治区委员会第三次会议审议通过3项制度文件，落实“一件事一次办”套餐46件。"
    found = _found(sentence)
    assert [(i.text, i.subject) for i in found] == [("3项", "制度文件"), ("46件", "落实一件事一次办套餐")]


def test_small_chinese_counts_after_verbs_of_doing_survive() -> None:
    found = _found("全年建成三个示范点，新建两个调解室。")
    assert [(i.text, i.subject) for i in found] == [("三个", "示范点"), ("两个", "调解室")]


def test_change_numbers_are_not_levels() -> None:
    text = ("新收行政复议案件52件，同比下降8.5%；综合纠错率为11.3%，比上年提高2.1个百分点；"
            "行政应诉案件较2020年36件增加9件；全程网办率由80%提升至95%。")
    texts = _texts(text)
    assert texts == ["52件", "11.3%", "95%"]
    spans = [c.text for c in find_change_phrases(text)]
    assert spans == ["同比下降8.5%", "比上年提高2.1个百分点", "较2020年36件增加9件", "由80%提升至95%"]


# --- the seed, the frame, the CLI -------------------------------------------------------------


def test_frame_columns_and_cli_parity() -> None:
    report = load(SEED)
    frame = indicators_frame(report)
    assert tuple(frame.columns) == INDICATOR_COLUMNS
    result = CliRunner().invoke(app, ["indicators", str(SEED), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(frame)
    for row, rec in zip(rows, frame.to_dict(orient="records"), strict=True):
        for col in INDICATOR_COLUMNS:
            expected = rec[col]
            if isinstance(expected, float):
                assert float(row[col]) == pytest.approx(expected)
            else:
                assert row[col] == ("" if expected is None else str(expected)), col


def test_cli_json_parity() -> None:
    import json

    result = CliRunner().invoke(app, ["indicators", str(SEED), "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    frame = indicators_frame(load(SEED))
    assert [r["text"] for r in rows] == list(frame["text"])
    assert [r["subject"] for r in rows] == list(frame["subject"])


def test_seed_money_and_change_exclusion() -> None:
    found = extract_indicators(load(SEED))
    money = [i for i in found if i.kind == "money"]
    assert [(i.text, i.value, i.unit, i.original_unit) for i in money] == [("1194.13万元", 11941300.0, "元", "万元")]
    assert "18.51%" not in {i.text for i in found}


# --- robustness -------------------------------------------------------------------------------

_ALPHABET = "0123456789.%％,，、。；：“”（）《》第年月日号届次个项件名人余近约以上内万亿元的和及与受理办结同比上升下降个百分点由至率较上年翻一番持平四意识〔〕-+ \n一二三四五六七八九十百千"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, min_size=1, max_size=120))
def test_never_crashes_and_spans_are_exact(body: str) -> None:
    text = "某县2021年度法治政府建设情况的报告\n" + body
    report = load_bytes(text.encode("utf-8"), "t.txt", year=2021)
    for ind in extract_indicators(report):
        assert report.text[ind.start:ind.end] == ind.text
        assert ind.kind in ("count", "rate", "money", "duration", "ratio")
    for claim in extract_claims(report):
        assert report.text[claim.start:claim.end] == claim.text


def test_heading_marker_opening_a_plan_item_is_not_in_the_subject():
    text = "三、2023年工作安排\n（一）力争全程网办率提高到95%以上，复议纠错率控制在10%以内。\n2.全年新增市场主体5621户。\n"
    got = _by_text(text)
    assert got["95%以上"].subject == "全程网办率" and got["95%以上"].is_target
    assert got["5621户"].subject == "新增市场主体"


def test_limiting_and_emphatic_adverbs_are_not_in_the_subject():
    got = _by_text("一、工作情况\n执法人员持证率仅为86%，群众满意率高达99.2%，调解组织多达120个。\n")
    assert got["86%"].subject == "执法人员持证率"
    assert got["99.2%"].subject == "群众满意率"


def test_year_in_chinese_numerals_opening_a_clause_is_not_in_the_subject():
    got = _by_text("一、工作情况\n二〇二三年办理行政复议案件十二件。\n")
    assert got["十二件"].subject == "办理行政复议案件"


# --- long run-on text stays linear ---------------------------------------------------------------


def test_clause_look_up_is_bounded_on_text_without_punctuation() -> None:
    # A table flattened into one line has no ，。; each number must not walk back over all of it.
    from compare.sentences import MAX_CLAUSE_CHARS, clause_start
    text = "办理案件" * 10_000 + "32件"
    pos = text.index("32件")
    assert clause_start(text, 0, pos) == pos - MAX_CLAUSE_CHARS
    assert clause_start("全年，受理案件32件", 0, 9) == 3


def test_run_on_paragraph_gives_the_same_indicators_and_claims_as_separate_sentences() -> None:
    # One 2,000-clause sentence (a web page with its 。 lost) once took minutes: the sentence was
    # re-scanned for every number. The fast path must find exactly what the short sentences give.
    unit = "江北区司法局办理行政复议案件32件，同比增长5%，较上年增加3件，"
    joined = _report("江北区司法局2021年工作情况\n" + unit * 2000)
    inds = extract_indicators(joined)
    claims = extract_claims(joined, inds)
    single = _report(unit)
    one_inds = extract_indicators(single)
    one_claims = extract_claims(single, one_inds)
    assert len(inds) == 2000 * len(one_inds) and len(claims) == 2000 * len(one_claims)
    assert {(i.subject, i.value, i.indicator) for i in inds} == {(i.subject, i.value, i.indicator) for i in one_inds}
    assert {(c.change, c.change_kind, c.subject) for c in claims} == {
        (c.change, c.change_kind, c.subject) for c in one_claims}
    # Shared strings, not 2,000 copies; and bounded: a record keeps its 1,000-character block of a
    # run-on sentence (SENTENCE_MAX_CHARS), so csv/json output stays linear in the text too.
    from compare.sentences import SENTENCE_MAX_CHARS

    assert len({id(i.sentence) for i in inds}) <= len(joined.text) // SENTENCE_MAX_CHARS + 1
    assert all(len(i.sentence) <= SENTENCE_MAX_CHARS + 2 for i in inds)


def test_lexicon_context_word_must_come_before_the_quantity() -> None:
    # 结案率 is a 行政复议 rate only when 行政复议 sets the topic; a later clause about 行政复议 does not.
    found = _by_text("全年行政处罚案件结案率96.5%，未发生行政复议被纠错案件。")
    assert found["96.5%"].indicator == ""
    found = _by_text("办理行政复议案件56件，其中新收52件，审结53件，审结率94.6%。")
    assert found["94.6%"].indicator == "reconsideration_closure_rate"


def test_values_in_cells_of_one_table_row_share_the_row_label() -> None:
    # HTML and DOCX tables become tab-separated rows: 行政应诉案件 | 96件 | 112件.
    found = _found("指标\t2022年\t2023年\n行政应诉案件\t96件\t112件\n")
    assert [(i.subject, i.value, i.indicator) for i in found] == [
        ("行政应诉案件", 96, "litigation_cases"), ("行政应诉案件", 112, "litigation_cases")]


def test_sibling_outcomes_do_not_inherit_each_other() -> None:
    # A breakdown of results lists outcomes side by side; each is its own subject.
    found = _found("其中，维持32件，撤销5件，确认违法2件，终止8件。")
    assert [i.subject for i in found] == ["维持", "撤销", "确认违法", "终止"]
    found = _found("受理行政复议案件32件，办结25件，维持18件。")
    assert [i.subject for i in found] == ["受理行政复议案件", "行政复议案件 办结", "行政复议案件 维持"]


# --- issue 9: subjects, signs and traps in the style of real reports ---------------------------


@pytest.mark.parametrize(("sentence", "text", "subject"), [
    # verb + number + measure word + noun: the noun after the number is measured
    ("复制推广24项“证照分离”改革事项。", "24项", "证照分离改革事项"),
    ("成立4个督察组，赴各街镇开展实地督察。", "4个", "督察组"),
    ("组织全市5.2万名国家工作人员完成网上学法。", "5.2万名", "国家工作人员"),
    ("建立全省首批30个行政执法观测点。", "30个", "行政执法观测点"),
    ("3月下旬印发了12家单位的权责清单。", "12家", "单位"),
    ("筛选出影响面广的6项重大决策事项。", "6项", "重大决策事项"),
    ("新建2个具有地方特色的法治文化广场。", "2个", "法治文化广场"),
    # the subject before the number stays where nothing follows the unit
    ("全年办理行政复议案件56件。", "56件", "办理行政复议案件"),
    ("行政机关负责人出庭应诉率达到64.29%。", "64.29%", "行政机关负责人出庭应诉率"),
    # occasions: the actor before, the action after
    ("区长31次对依法行政工作作出批示。", "31次", "对依法行政工作作出批示"),
    ("县委书记9次主持县委常委会会议。", "9次", "主持县委常委会会议"),
    ("召开区政府常务会议12次，研究部署法治政府建设。", "12次", "召开区政府常务会议"),
])  # fmt: skip
def test_noun_after_the_measure_word_is_the_subject(sentence: str, text: str, subject: str) -> None:
    found = _by_text(sentence)
    assert text in found, [i.text for i in found.values()]
    assert found[text].subject == subject


def test_occasion_counts_in_a_list_each_name_their_meeting() -> None:
    found = _found("先后召开5次区委全面依法治区委员会会议和2次办公室主任会议。")
    assert [(i.subject, i.value) for i in found] == [("区委全面依法治区委员会会议", 5), ("办公室主任会议", 2)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("整合11个部门64项抽查任务。", [("部门", 11), ("抽查任务", 64)]),
    ("全区17家单位180个政务服务事项实现跨省通办。", [("单位", 17), ("政务服务事项", 180)]),
    ("将全县9个乡镇的132项执法事项统一划转综合执法局。", [("乡镇", 9), ("执法事项", 132)]),
])  # fmt: skip
def test_two_counts_in_a_row_measure_two_nouns(sentence: str, expected: list[tuple[str, float]]) -> None:
    assert [(i.subject, i.value) for i in _found(sentence)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("受理复议案件、诉讼案件分别为60件、120件。", [("受理复议案件", 60), ("诉讼案件", 120)]),
    ("法治理论考试参考率、合格率分别达到99.2%和97.5%。", [("法治理论考试参考率", 99.2), ("合格率", 97.5)]),
    ("行政许可、行政确认、公共服务事项分别是326项、58项、104项。",
     [("行政许可", 326), ("行政确认", 58), ("公共服务事项", 104)]),
])  # fmt: skip
def test_respectively_lists_pair_values_with_nouns_in_order(sentence: str,
                                                            expected: list[tuple[str, float]]) -> None:
    assert [(i.subject, i.value) for i in _found(sentence)] == expected


def test_respectively_list_with_a_different_number_of_values_is_not_paired() -> None:
    # three nouns, two values: which value belongs to which noun is unknown, so none is guessed
    found = _found("受理复议案件、诉讼案件、信访事项分别为60件、120件。")
    assert [i.value for i in found] == [60, 120]
    assert len({i.subject for i in found}) == 1 and "信访事项" in found[0].subject
    # the next sentence is not paired with the old list
    found = _found("受理复议案件、诉讼案件分别为60件、120件。调解纠纷35件。")
    assert [i.subject for i in found] == ["受理复议案件", "诉讼案件", "调解纠纷"]


@pytest.mark.parametrize(("sentence", "text", "value", "subject"), [
    ("全年为企业减负2.6亿元。", "2.6亿元", 2.6e8, "为企业减负"),
    ("为中小企业减免房屋租金1200万元。", "1200万元", 1.2e7, "为中小企业减免房屋租金"),
    ("落实减税降费政策，累计降费3.5亿元。", "3.5亿元", 3.5e8, "降费"),
])  # fmt: skip
def test_relief_compounds_are_positive_amounts(sentence: str, text: str, value: float, subject: str) -> None:
    found = _by_text(sentence)
    assert found[text].value == pytest.approx(value) and found[text].subject == subject


def test_a_fall_before_a_number_is_a_change_not_a_level() -> None:
    sentence = "新收行政复议案件40件，行政诉讼案件减少6件。"
    assert _texts(sentence) == ["40件"]
    assert [(c.text, c.direction, c.change) for c in find_change_phrases(sentence)] == [("减少6件", "down", 6)]
    claims = extract_claims(_report(sentence))
    assert [(c.direction, c.change, c.base_year) for c in claims] == [("down", 6, None)]  # base not written
    # a bare fall in % is a change too (the material, not a rate of 40%)
    assert _texts("企业办事材料减少40%，办理时限降低50%。") == []


@pytest.mark.parametrize("sentence", [
    "隆重纪念建党100周年，举办区法院成立70周年座谈会。",
    "坚决打赢两场硬仗，打好三场攻坚战。",
    "政务服务中心推行8小时以外预约办理。",
    "我区入选首批六个试点，被确定为全省第二批三个示范区。",
    "获评全省五个优秀项目之一，成为全市首批两个示范街道之一。",
    "年满18周岁的居民均可申请。",
])  # fmt: skip
def test_anniversaries_slogans_phrases_and_programmes_are_not_indicators(sentence: str) -> None:
    assert _texts(sentence) == []


def test_counts_beside_programme_names_survive() -> None:
    found = _found("建立全省首批30个观测点，举办两场法治讲座。")
    assert [(i.text, i.subject) for i in found] == [("30个", "观测点"), ("两场", "法治讲座")]
    # 之一 of a fraction (三分之一) is a share, not a membership
    found = _found("全县12个村占行政村总数的三分之一。")
    assert [(i.text, i.subject) for i in found] == [("12个", "村")]


@pytest.mark.parametrize(("sentence", "text", "subject"), [
    # further patterns measured on real report openings
    ("在区政务网上线86个“一件事”集成服务。", "86个", "一件事集成服务"),
    ("全区57家行政机关按时公开年度报告。", "57家", "行政机关"),
    ("法治理论考试及格率已经达到97%。", "97%", "法治理论考试及格率"),
    ("检查各类企业320家次。", "320家次", "检查各类企业"),
    ("公益诉讼案件范围已拓展到12个领域。", "12个", "领域"),
    ("推出两批次19个区级示范项目。", "两批次", "区级示范项目"),
    ("推动26项营商环境改革事项落地见效。", "26项", "营商环境改革事项"),
])  # fmt: skip
def test_subjects_of_further_real_report_patterns(sentence: str, text: str, subject: str) -> None:
    found = _by_text(sentence)
    assert text in found, [i.text for i in found.values()]
    assert found[text].subject == subject


def test_a_part_of_an_earlier_count_is_named_by_what_it_did() -> None:
    # 其中8项实现全程网办: the 8 are some of the 14, so the subject was empty
    found = _found("率先推出14项“免证办”事项，其中8项实现全程网办。")
    assert [(i.subject, i.value) for i in found] == [("免证办事项", 14), ("免证办事项 实现全程网办", 8)]
    found = _found("受理投诉举报40件，其中12件已办结。")
    assert found[1].subject == "投诉举报 已办结"
