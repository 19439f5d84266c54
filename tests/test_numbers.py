"""compare.extract.numbers: numerals in report language."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.extract.numbers import COUNTING_WORDS, POINTS_UNIT, find_numbers, qualifier_after_unit
from compare.extract.numeral_value import parse_number
from compare.models import NumberSpan


def spans(text: str) -> list[tuple[str, float, str, bool, float | None]]:
    return [(s.text, s.value, s.qualifier, s.is_percent, s.high) for s in find_numbers(text)]


def texts(text: str) -> list[str]:
    return [s.text for s in find_numbers(text)]


# --- parse_number -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("1182", 1182),
        ("64.29", 64.29),
        ("1,182", 1182),
        ("1，182", 1182),
        ("1,050,000,000", 1_050_000_000),
        ("10,000.233", 10000.233),
        ("１２３", 123),
        ("４，５６５", 4565),
        ("２．２", 2.2),
        ("零", 0),
        ("〇", 0),
        ("十", 10),
        ("十五", 15),
        ("三十二", 32),
        ("一百", 100),
        ("一百二十", 120),
        ("一百零五", 105),
        ("两千三百", 2300),
        ("两千三百五", 2350),  # shorthand: the last digit takes the next lower unit
        ("四百五", 450),
        ("一万三", 13000),
        ("九十二万四", 924000),
        ("一千零一", 1001),
        ("一千零十二", 1012),
        ("一万零二百五十", 10250),
        ("十万", 100000),
        ("一百万", 1_000_000),
        ("四千万", 40_000_000),
        ("两亿", 200_000_000),
        ("五亿零六", 500_000_006),
        ("一万五千亿", 1_500_000_000_000),
        ("四万万", 400_000_000),
        ("二〇二〇", 2020),
        ("二零二一", 2021),
        ("壹佰伍拾", 150),
        ("肆佰陆拾", 460),
        ("贰仟零壹拾", 2010),
        ("拾万零五十六", 100056),
        ("萬", 10000),
        ("1.5万", 15000),
        ("6.47万", 64700),
        ("2.3亿", 230_000_000),
        ("1194.13万", 11_941_300),
        ("3万4000", 34000),
        ("5万4千6百", 54600),
        ("2千零30万", 20_300_000),
        ("1,100.9亿", 110_090_000_000),
        ("4.78万亿", 4_780_000_000_000),
        ("7 万5 千4 百", 75400),
        ("十 余 万", 100000),
        ("500余万", 5_000_000),
        ("二十几万", 200000),
        ("64.29%", 64.29),
        ("５．５％", 5.5),
        ("百分之五十", 50),
        ("百分之十二点五", 12.5),
        ("百分之百", 100),
        ("百分之2.4", 2.4),
        ("千分之三", 0.3),
        ("三点五", 3.5),
        ("零点五", 0.5),
        ("十五点七", 15.7),
        ("一千六点五", 1600.5),
        ("两千万点五五四四", 20_000_000.5544),
        ("三分之一", 1 / 3),
        ("五分之二", 0.4),
        ("一百分之二", 0.02),
        ("16分之5", 0.3125),
        ("三百五又三分之一", 350 + 1 / 3),
        ("负三十二", -32),
        ("-10000", -10000),
        ("负1.1", -1.1),
        ("百三", 130),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert math.isclose(parse_number(text), value, rel_tol=1e-12)


@pytest.mark.parametrize(
    "text", ["", "abc", "统一", "十四五", "七五", "两两", "万万", "点五", "一点", "五十千", "3,45", "1万1万"]
)
def test_parse_number_rejects_non_numerals(text: str) -> None:
    with pytest.raises(ValueError, match="not a numeral"):
        parse_number(text)


# --- find_numbers: forms ----------------------------------------------------------------------


def test_report_sentence_counts_and_spans() -> None:
    text = "受理行政复议案件32件,办结25件;政务服务事项清单1182项,电子证照模板200余个。"
    got = find_numbers(text)
    assert [(s.text, s.value, s.qualifier) for s in got] == [
        ("32", 32, "exact"),
        ("25", 25, "exact"),
        ("1182", 1182, "exact"),
        ("200余", 200, "over"),
    ]
    for s in got:
        assert text[s.start : s.end] == s.text
    assert text[got[-1].end] == "个"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("出庭应诉率达到64.29%", [("64.29%", 64.29, "exact", True, None)]),
        ("合格率１００％", [("１００％", 100, "exact", True, None)]),
        ("提高了百分之五十", [("百分之五十", 50, "exact", True, None)]),
        ("占百分之十二点五", [("百分之十二点五", 12.5, "exact", True, None)]),
        ("满意率达95%以上", [("95%以上", 95, "over", True, None)]),
        ("涉及金额1194.13万元", [("1194.13万", 11_941_300, "exact", False, None)]),
        ("约3万件", [("约3万", 30000, "approx", False, None)]),
        ("共36.39万件", [("36.39万", 363_900, "exact", False, None)]),
        ("服务1.3万人次", [("1.3万", 13000, "exact", False, None)]),
        ("总额2.3亿元", [("2.3亿", 230_000_000, "exact", False, None)]),
        ("发放手册十万余册", [("十万余", 100000, "over", False, None)]),
        ("近万名群众", [("近万", 10000, "under", False, None)]),
        ("上万人次参与", [("上万", 10000, "over", False, None)]),
        ("数百人", [("数百", 100, "over", False, None)]),
        ("几十万元", [("几十万", 100000, "over", False, None)]),
        ("十几个", [("十几", 10, "over", False, None)]),
        ("一百多名", [("一百多", 100, "over", False, None)]),
        ("100多万元", [("100多万", 1_000_000, "over", False, None)]),
        ("20余万人次", [("20余万", 200000, "over", False, None)]),
        ("组织近190名领导干部", [("近190", 190, "under", False, None)]),
        ("开展活动80余场", [("80余", 80, "over", False, None)]),
        ("发放资料3000余份", [("3000余", 3000, "over", False, None)]),
        ("二十多家单位", [("二十多", 20, "over", False, None)]),
        ("超过1000人", [("超过1000", 1000, "over", False, None)]),
        ("逾500件", [("逾500", 500, "over", False, None)]),
        ("将近300件", [("将近300", 300, "under", False, None)]),
        ("接近90%", [("接近90%", 90, "under", True, None)]),
        ("不到10件", [("不到10", 10, "under", False, None)]),
        ("大约两千人", [("大约两千", 2000, "approx", False, None)]),
        ("3000人左右", [("3000", 3000, "exact", False, None)]),  # 左右 after 人: qualifier_after_unit
        ("误差20左右", [("20左右", 20, "approx", False, None)]),
        ("不超过5%", [("不超过5%", 5, "at_most", True, None)]),
        ("控制在5%以内", [("5%以内", 5, "at_most", True, None)]),
        ("下降到3%以下", [("3%以下", 3, "at_most", True, None)]),
        ("办理3-5个工作日", [("3-5", 3, "exact", False, 5)]),
        ("办理3至5个工作日", [("3至5", 3, "exact", False, 5)]),
        ("3～5天", [("3～5", 3, "exact", False, 5)]),
        ("3到5天", [("3到5", 3, "exact", False, 5)]),
        ("三至五年", [("三至五", 3, "exact", False, 5)]),
        ("提高5%-10%", [("5%-10%", 5, "exact", True, 10)]),
        ("三个工作日", [("三", 3, "exact", False, None)]),
        ("十余人", [("十余", 10, "over", False, None)]),
        ("两千三百件", [("两千三百", 2300, "exact", False, None)]),
        ("一百二十名", [("一百二十", 120, "exact", False, None)]),
        ("三十二项", [("三十二", 32, "exact", False, None)]),
        ("贰佰万元", [("贰佰万", 2_000_000, "exact", False, None)]),
        ("１２３件", [("１２３", 123, "exact", False, None)]),
        ("1,182项", [("1,182", 1182, "exact", False, None)]),
        ("1，182项", [("1，182", 1182, "exact", False, None)]),
        ("3万4000件", [("3万4000", 34000, "exact", False, None)]),
        ("三分之一以上", [("三分之一以上", 1 / 3, "over", False, None)]),
        ("时限压缩三点五天", [("三点五", 3.5, "exact", False, None)]),
        ("同比下降负增长-5%", [("-5%", -5, "exact", True, None)]),
        ("九成以上事项实现网上办理", [("九成以上", 90, "over", True, None)]),
        ("近三成", [("近三成", 30, "under", True, None)]),
        ("占8.5成", [("8.5成", 85, "exact", True, None)]),
        ("三成半", [("三成半", 35, "exact", True, None)]),
    ],
)
def test_find_numbers_forms(text: str, expected: list[tuple]) -> None:
    got = spans(text)
    assert len(got) == len(expected), got
    for g, e in zip(got, expected, strict=True):
        assert g[0] == e[0] and g[2:4] == e[2:4] and g[4] == e[4], got
        assert math.isclose(g[1], e[1], rel_tol=1e-12)


def test_points_change_keeps_the_unit_outside_the_span() -> None:
    text = "同比提高17.6个百分点"
    (s,) = find_numbers(text)
    assert (s.text, s.value, s.is_percent) == ("17.6", 17.6, False)
    assert text.startswith(POINTS_UNIT, s.end)


def test_years_dates_and_document_numbers_come_back_for_the_caller_to_filter() -> None:
    text = "2020年,渝府发〔2021〕12号,日期:2021-01-13,拨打12345,二〇二〇年"
    assert [(s.text, s.value, s.high) for s in find_numbers(text)] == [
        ("2020", 2020, None),
        ("2021", 2021, None),
        ("12", 12, None),
        ("2021", 2021, None),
        ("01", 1, None),  # a zero-padded end is a date, never a range
        ("13", 13, None),
        ("12345", 12345, None),
        ("二〇二〇", 2020, None),
    ]
    assert texts("《纲要(2015-2020年)》") == ["2015-2020"]


def test_dotted_sequences_are_not_decimals() -> None:
    assert [s.value for s in find_numbers("2.3.1节")] == [2, 3, 1]
    assert [s.value for s in find_numbers("2021.01.13")] == [2021, 1, 13]
    assert [s.value for s in find_numbers("比例为2.5")] == [2.5]


def test_thousands_separators_need_three_digit_groups() -> None:
    assert [s.value for s in find_numbers("1, 234, 567")] == [1, 234, 567]
    assert [s.value for s in find_numbers("共1,234,567件")] == [1234567]
    assert [s.value for s in find_numbers("编号12,34")] == [12, 34]


def test_hyphen_is_a_sign_only_before_a_number_that_follows_no_digit() -> None:
    assert spans("-5%")[0][1] == -5
    assert spans("2015-2020")[0][4] == 2020
    assert [s.value for s in find_numbers("COVID-19")] == [19]


@pytest.mark.parametrize(("text", "expected"), [
    ("为小微企业减负3.4亿元", [("3.4亿", 3.4e8)]),    # 减负: relief, a positive amount
    ("全年担负巡查任务12项", [("12", 12)]),
    ("增长率为负1.5%", [("负1.5%", -1.5)]),        # after a link word 负 is still a minus
    ("负三十二", [("负三十二", -32)]),
])  # fmt: skip
def test_fu_closing_a_word_is_not_a_minus_sign(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(s[0], s[1]) for s in spans(text)] == [(t, pytest.approx(v)) for t, v in expected]


def test_urls_carry_no_numbers() -> None:
    text = "详见http://www.cq.gov.cn/2021/0113/a%2012.html,共25件"
    assert texts(text) == ["25"]


# --- find_numbers: what is NOT a number ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "坚持统一领导",
        "存在一些问题",
        "进一步加强",
        "一直以来",
        "唯一途径",
        "万一出现",
        "一起学习",
        "一体化推进",
        "之一",
        "党政主要负责人是第一责任人",
        "召开第一次会议",
        "第2期培训",
        "第十二条规定",
        "十四五规划",
        "十二五时期",
        "七五普法",
        "二三十个",
        "一把手",
        "一次性告知",
        "一件事一次办",
        "最多跑一次",
        "一条龙服务",
        "千家万户",
        "百姓",
        "十分重要",
        "十大",
        "党的十九大精神",
        "十九届四中全会",
        "市委五届三次、四次全会",
        "每一个执法行为",
        "收拾",
        "陆地",
        "队伍",
        "拾起",
        "万众一心",
        "一窗式",
        "双随机、一公开",
        "三级四务",
        "扫一扫",
        "一成不变",
        "一季度",
    ],
)
def test_lexical_numerals_are_skipped(text: str) -> None:
    assert find_numbers(text) == []


def test_slogans_that_count_something_are_left_to_the_indicator_layer() -> None:
    # 四个意识 counts four things; deciding it is a slogan is compare.extract.indicators' job.
    assert texts("树牢“四个意识”") == ["四"]
    assert texts("一起案件") == ["一"]
    assert texts("三个季度") == ["三"]


def test_cheng_starting_a_word_is_not_tenths() -> None:
    assert spans("20成员单位") == [("20", 20, "exact", False, None)]
    assert spans("3成立") == [("3", 3, "exact", False, None)]


def test_exact_emphasis_words_are_not_qualifiers() -> None:
    # 多达 / 高达 stress a size but state it exactly: the span is the bare numeral.
    assert spans("参与群众多达5000人") == [("5000", 5000, "exact", False, None)]
    assert spans("满意率高达98%") == [("98%", 98, "exact", True, None)]


def test_qualifier_words_that_are_parts_of_other_words() -> None:
    assert spans("节约资金100万元")[0][:3] == ("100万", 1_000_000, "exact")
    assert spans("节约100万元")[0][:3] == ("100万", 1_000_000, "exact")
    assert spans("最近3年")[0][:3] == ("3", 3, "exact")
    assert spans("近三年来")[0][:3] == ("三", 3, "exact")  # the last three years, not "nearly"
    assert spans("近3天")[0][:3] == ("3", 3, "exact")
    assert spans("以上100人")[0][:3] == ("100", 100, "exact")
    assert spans("参与人数十万")[0][:3] == ("十万", 100000, "exact")  # 人数, not 数十万
    assert spans("人数300")[0][:3] == ("300", 300, "exact")
    assert spans("上3家")[0][:3] == ("3", 3, "exact")  # 上 qualifies only 上百/上千/上万


def test_suffix_qualifier_needs_a_round_number() -> None:
    # 200余 / 二十多 are Chinese; in 3多 the 多 belongs to the next word (多部门).
    assert spans("3多部门")[0][:3] == ("3", 3, "exact")
    assert spans("二十多家")[0][:3] == ("二十多", 20, "over")


def test_offsets_index_the_original_text() -> None:
    text = "全区共有１２３家,占比６４．２９％。"
    for s in find_numbers(text):
        assert text[s.start : s.end] == s.text
    assert [s.value for s in find_numbers(text)] == [123, 64.29]


# --- qualifier_after_unit -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [
        ("15个工作日内办结", 6, ("at_most", 7)),
        ("3日内作出决定", 2, ("at_most", 3)),
        ("100人以上", 4, ("over", 6)),
        ("3个月以下", 3, ("at_most", 5)),
        ("50人左右", 3, ("approx", 5)),
        ("30天以内", 3, ("at_most", 5)),
        ("3个多月", 2, ("over", 3)),
        ("1年多来", 2, ("over", 3)),
        ("200人余,", 4, ("over", 5)),
        ("3个内设机构", 2, None),
        ("2件内容", 2, None),
        ("2个多部门", 2, None),
        ("3件办结", 2, None),
        ("5项内", 2, None),  # 内 limits only spans of time or distance
    ],
)
def test_qualifier_after_unit(text: str, pos: int, expected: tuple | None) -> None:
    assert qualifier_after_unit(text, pos) == expected


def test_counting_words_is_a_frozenset_with_the_multi_character_units() -> None:
    assert isinstance(COUNTING_WORDS, frozenset)
    for word in ("项", "件", "个", "人次", "件次", "件(次)", "件（次）", "个工作日", "万元", "亿元", "小时", "%"):
        assert word in COUNTING_WORDS


def test_find_numbers_returns_number_spans() -> None:
    (s,) = find_numbers("共25件")
    assert s == NumberSpan(start=1, end=3, text="25", value=25.0)


# --- property tests -------------------------------------------------------------------------

_D = "零一二三四五六七八九"


def _group(n: int, leading: bool) -> str:
    """1..9999 as a Chinese numeral; zeros inside collapse into one 零, trailing zeros vanish;
    a leading 10-19 is 十X (一十X elsewhere)."""
    out, started, zero = "", False, False
    for d, unit in zip((n // 1000, n // 100 % 10, n // 10 % 10, n % 10), ("千", "百", "十", ""), strict=True):
        if d == 0:
            zero = zero or started
            continue
        if zero:
            out, zero = out + "零", False
        out += "十" if (unit == "十" and d == 1 and not started and leading) else _D[d] + unit
        started = True
    return out


def render_chinese(n: int, leading: bool = True) -> str:
    """A correct rendering of 0 <= n < 10^16 in Chinese numerals."""
    if n == 0:
        return "零"
    yi, rest = divmod(n, 10**8)
    wan, ge = divmod(rest, 10**4)
    out = ""
    if yi:
        out += render_chinese(yi, leading) + "亿"
    if wan:
        if yi and wan < 1000:
            out += "零"
        out += _group(wan, leading and not yi) + "万"
    if ge:
        if (yi or wan) and (ge < 1000 or not wan):
            out += "零"
        out += _group(ge, leading and not yi and not wan)
    return out


def _variant(s: str, liang: bool, daxie: bool) -> str:
    if liang:  # 两 for a 2 before 百/千/万/亿 is as common as 二
        s = "".join("两" if c == "二" and s[i + 1 : i + 2] in ("百", "千", "万", "亿") else c for i, c in enumerate(s))
    if daxie:
        s = s.translate(str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟"))
    return s


def test_renderer_examples() -> None:
    # The renderer itself must be right, or the property below proves nothing.
    assert render_chinese(10) == "十"
    assert render_chinese(15) == "十五"
    assert render_chinese(110) == "一百一十"
    assert render_chinese(1005) == "一千零五"
    assert render_chinese(10250) == "一万零二百五十"
    assert render_chinese(100005) == "十万零五"
    assert render_chinese(105000) == "十万五千"
    assert render_chinese(100000005) == "一亿零五"
    assert render_chinese(456420015) == "四亿五千六百四十二万零一十五"
    assert render_chinese(10**12) == "一万亿"
    assert render_chinese(15, leading=False) == "一十五"
    assert _variant("二千二百万", True, False) == "两千两百万"


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 10**12), st.booleans(), st.booleans(), st.booleans())
def test_chinese_numerals_round_trip(n: int, liang: bool, daxie: bool, shi: bool) -> None:
    # shi: a leading 10-19 as 十五 (usual) or 一十五 (also correct)
    s = _variant(render_chinese(n, leading=shi), liang, daxie)
    assert parse_number(s) == n, s
    if n > 0 and not (daxie and len(s) == 1):  # a lone 大写 digit is a word by design (拾起, 陆地)
        got = find_numbers(f"共{s}件")
        assert [(x.start, x.end, x.value) for x in got] == [(1, 1 + len(s), n)], s


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**12), st.booleans(), st.sampled_from([",", "，"]))
def test_arabic_numerals_with_separators_round_trip(n: int, full_width: bool, sep: str) -> None:
    s = f"{n:,}".replace(",", sep)
    if full_width:
        s = s.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(s) == n
    got = find_numbers(f"办理{s}件")
    assert [(x.text, x.value) for x in got] == [(s, n)]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**7), st.integers(0, 99))
def test_decimals_and_percentages_round_trip(whole: int, cents: int) -> None:
    s = f"{whole}.{cents:02d}"
    assert parse_number(s) == float(s)
    (p,) = find_numbers(f"达到{s}%。")
    assert (p.value, p.is_percent, p.text) == (float(s), True, f"{s}%")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="一二两三十百千万亿零〇0123456789.,，%余多近约第个件年-至统些 ", max_size=40))
def test_spans_are_ordered_disjoint_and_index_the_text(text: str) -> None:
    last = 0
    for s in find_numbers(text):
        assert last <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.high is None or s.high > s.value
        last = s.end


def test_approx_after_loss_word_keeps_its_qualifier():
    # 挽回经济损失约580万元 is a common phrase: 失 before 约 must not hide the qualifier.
    (span,) = find_numbers("挽回经济损失约580万元")
    assert (span.text, span.value, span.qualifier) == ("约580万", 5_800_000.0, "approx")


@pytest.mark.parametrize(
    ("text", "value"),
    [("培训千余人次", 1000.0), ("发放资料万余份", 10000.0), ("组织百余名律师", 100.0), ("接待群众千多人", 1000.0)],
)
def test_bare_round_unit_with_over_suffix_and_measure_word(text, value):
    (span,) = find_numbers(text)
    assert (span.value, span.qualifier) == (value, "over")


@pytest.mark.parametrize("text", ["千万不要放松", "万一发生事故", "百余"])
def test_bare_round_unit_without_measure_word_is_lexical(text):
    assert find_numbers(text) == []


def test_value_of_remembers_a_bounded_number_of_numerals() -> None:
    # A pure function of the string, so remembering it changes no value; the memory is bounded for
    # a run over a national corpus.
    from compare.extract.numeral_value import VALUE_CACHE_MAX, value_of

    assert value_of.cache_info().maxsize == VALUE_CACHE_MAX
    first = value_of("十九")
    assert first == (19.0, False, False) and value_of("十九") == first
    assert value_of("十余万") == (100000.0, False, True) and value_of("三分之一") == (1 / 3, False, False)
    assert value_of("十四五") is None and value_of("十四五") is None  # not one numeral, every time
