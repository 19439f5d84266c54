"""Section tree: the seed against its gold outline, and nesting rules on small reports."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from compare import load, load_bytes
from compare.cli import app
from compare.read.outline import numeral_value, parse, role_of


def tree(text: str) -> list[tuple[str, int, str, str]]:
    report = load_bytes(text.encode("utf-8"), "t.txt")
    return [(s.path, s.level, s.marker, s.title) for s in report.headings]


def test_seed_outline_equals_gold(seed_path, shared_dir):
    result = CliRunner().invoke(app, ["outline", str(seed_path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    got = list(csv.DictReader(io.StringIO(result.stdout)))
    with open(shared_dir / "gold" / "seed_outline.csv", encoding="utf-8") as f:
        gold = list(csv.DictReader(f))
    assert len(gold) == 40
    keys = ("path", "level", "marker", "title")
    assert [{k: r[k] for k in keys} for r in got] == [{k: r[k] for k in keys} for r in gold]
    assert {"path", "level", "marker", "title", "role"} <= set(got[0])


def test_seed_parts_and_roles(seed_path):
    report = load(seed_path)
    kinds = [s.kind for s in report.sections]
    assert kinds[0] == "preamble" and kinds[-1] == "closing"
    roles = {s.path: s.role for s in report.headings if s.level == 1}
    assert roles == {"一": "measures_results", "二": "shortcomings", "三": "next_year_plan"}
    # The first-responsible duty is a sub-item of measures here; it keeps its own role for alignment.
    assert report.section("一/(一)/2").role == "first_responsible"
    assert "重庆市北碚区人民政府" in report.section("closing").body
    # Preamble text is kept as written.
    assert report.section("preamble").body.startswith("重庆市北碚区人民政府关于2020年度")


def test_run_in_heading_title_and_body():
    text = "一、主要举措\n（一）强化组织领导。成立领导小组，召开会议3次。\n（二）完善制度\n制定办法5件。\n"
    report = load_bytes(text.encode(), "t.txt")
    s = report.section("一/(一)")
    assert s.title == "强化组织领导"
    assert s.body == "成立领导小组，召开会议3次。"
    assert report.section("一/(二)").body == "制定办法5件。"
    # Offsets point into the text: the section starts at its marker.
    assert report.text[s.start:].startswith("（一）强化组织领导")


def test_full_and_half_width_brackets_are_one_style():
    text = "一、甲\n（一）乙。正文。\n(二)丙。正文。\n(三）丁。正文。\n二、戊\n"
    assert tree(text) == [
        ("一", 1, "一、", "甲"),
        ("一/(一)", 2, "（一）", "乙"),
        ("一/(二)", 2, "(二)", "丙"),
        ("一/(三)", 2, "(三）", "丁"),
        ("二", 1, "二、", "戊"),
    ]


def test_report_starting_at_paren_level():
    text = "前言。\n（一）加强领导。正文。\n1.成立小组。正文。\n2.制定方案。正文。\n（二）完善制度。正文。\n"
    assert [(p, lv) for p, lv, _, _ in tree(text)] == [
        ("(一)", 1), ("(一)/1", 2), ("(一)/2", 2), ("(二)", 1)]


def test_skipped_level_nests_under_nearest_open_heading():
    # 一、 then 1. directly (no （一）) in part 二; 一是 directly under 三、.
    text = (
        "一、工作情况\n（一）领导。正文。\n1.小组。正文。\n"
        "二、存在问题\n1.意识不强。正文。\n2.水平不高。正文。\n"
        "三、工作打算\n一是加强学习，提高意识；二是规范执法，提升水平。\n"
    )
    assert [(p, lv) for p, lv, _, _ in tree(text)] == [
        ("一", 1), ("一/(一)", 2), ("一/(一)/1", 3),
        ("二", 1), ("二/1", 2), ("二/2", 2),
        ("三", 1), ("三/一是", 2), ("三/二是", 2),
    ]


def test_higher_style_closes_deeper_open_levels():
    # After 1. under 二、 (skipping （一）), a （二） closes the 1. and sits under 二、.
    text = "一、甲\n（一）乙。文。\n二、丙\n1.丁。文。\n（二）戊。文。\n"
    assert [(p, lv) for p, lv, _, _ in tree(text)] == [
        ("一", 1), ("一/(一)", 2), ("二", 1), ("二/1", 2), ("二/(二)", 2)]


def test_continuous_arabic_numbering_stays_under_parent():
    text = "一、甲\n（一）乙。文。\n1.a。文。\n2.b。文。\n（二）丙。文。\n3.c。文。\n4.d。文。\n"
    assert [(p, lv) for p, lv, _, _ in tree(text)] == [
        ("一", 1), ("一/(一)", 2), ("一/(一)/1", 3), ("一/(一)/2", 3),
        ("一/(二)", 2), ("一/(二)/3", 3), ("一/(二)/4", 3)]


@pytest.mark.parametrize("marker", ["1.", "1．", "1、"])
def test_arabic_marker_variants(marker):
    second = marker.replace("1", "2")
    text = f"一、甲\n{marker}乙。文。\n{second}丙。文。\n"
    assert tree(text) == [("一", 1, "一、", "甲"), ("一/1", 2, marker, "乙"), ("一/2", 2, second, "丙")]


def test_deeper_styles_paren_arabic_circled_and_parts():
    text = ("第一部分 总体情况\n一、甲\n（一）乙。文。\n1.丙。文。\n（1）丁。文。\n①戊。文。\n②己。文。\n"
            "第二部分 问题\n")
    assert [(p, lv) for p, lv, _, _ in tree(text)] == [
        ("第一部分", 1), ("第一部分/一", 2), ("第一部分/一/(一)", 3), ("第一部分/一/(一)/1", 4),
        ("第一部分/一/(一)/1/(1)", 5), ("第一部分/一/(一)/1/(1)/①", 6), ("第一部分/一/(一)/1/(1)/②", 6),
        ("第二部分", 1)]


def test_inline_items_are_lowest_level_and_need_a_run():
    text = "一、工作打算\n（一）加强学习。一是学习宪法；二是学习民法典；三是学习行政法。\n（二）统一是基础。只有一是不够的。\n"
    paths = [p for p, _, _, _ in tree(text)]
    assert paths == ["一", "一/(一)", "一/(一)/一是", "一/(一)/二是", "一/(一)/三是", "一/(二)"]
    report = load_bytes(text.encode(), "t.txt")
    assert report.section("一/(一)/二是").title == "学习民法典"


def test_numbers_are_not_markers():
    text = "一、甲\n1.5万件案件得到办理，这是一个长句子但不是标题因为它以数字开头而且很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n2020年，全区办结案件。\n"
    assert [p for p, _, _, _ in tree(text)] == ["一"]


def test_out_of_sequence_numeral_is_body_text():
    text = "一、甲\n1.乙。文。\n2.丙。文。\n7.这一行是正文里的列举。\n3.丁。文。\n"
    assert [p for p, _, _, _ in tree(text)] == ["一", "一/1", "一/2", "一/3"]


def test_no_headings_gives_one_body_part_and_a_warning():
    sections, warnings = parse("这是一段没有编号的文字。\n第二段。\n")
    assert [s.kind for s in sections] == ["body"]
    assert warnings and "no numbered headings" in warnings[0]


def test_duplicate_numbers_get_unique_paths():
    text = "一、甲\n（一）乙。文。\n（一）丙。文。\n"
    paths = [p for p, _, _, _ in tree(text)]
    assert len(set(paths)) == len(paths)


@pytest.mark.parametrize(("n", "v"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("3", 3), ("③", 3)])
def test_numeral_value(n, v):
    assert numeral_value(n) == v


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("2020年推进法治政府建设的主要举措和成效", "measures_results"),
        ("存在的不足和原因", "shortcomings"),
        ("存在的主要问题", "shortcomings"),
        ("党政主要负责人履行推进法治建设第一责任人职责情况", "first_responsible"),
        ("2021年工作思路", "next_year_plan"),
        ("下一步工作打算", "next_year_plan"),
        ("其他需要报告的情况", "other"),
        ("加强组织领导", ""),
        # variants seen in department reports
        ("其他需要说明的情况", "other"),
        ("党政主要负责人履职情况", "first_responsible"),
        ("主要负责同志履行推进法治建设职责情况", "first_responsible"),
        ("2024年工作重点", "next_year_plan"),
        ("二〇二四年重点任务", "next_year_plan"),
        ("突出工作重点，推进依法行政", "measures_results"),
        # carrying out the rule-of-law duty, named without the person (issue 9, item 8)
        ("切实履行推进法治政府建设职责", "first_responsible"),
        ("认真履行法治政府建设主体责任，统筹推进依法行政", "first_responsible"),
        ("坚持高位推动，履行第一责任人职责", "first_responsible"),
        ("加强党的领导，切实履行推进法治建设重要职责", "first_responsible"),
        # other duties and other clauses stay measures
        ("依法履行行政复议职责", ""),  # a theme: measures by position, not first_responsible
        ("全面履行政府职能，推进法治政府建设，落实工作责任", "measures_results"),
    ],
)
def test_role_of(title, role):
    assert role_of(title) == role


def test_first_part_on_carrying_out_duties_is_first_responsible():
    # A flat report: a first part on the duty, then each topic as its own part.
    text = ("一、切实履行推进法治政府建设职责\n区政府常务会议专题研究法治工作5次。\n"
            "二、依法全面履行政府职能\n（一）深化“放管服”改革。\n三、存在的不足和原因\n人员不足。\n")
    report = load_bytes(text.encode(), "t.txt")
    assert [s.role for s in report.headings] == [
        "first_responsible", "measures_results", "measures_results", "shortcomings"]


def test_level_one_themes_default_to_measures_until_problems():
    # 北碚 2019 style: themes at level 1, then problems and plans.
    text = "一、加强组织领导，统筹谋划。\n二、依法全面履行政府职能。\n三、存在的问题\n四、2020年工作打算\n五、加强队伍建设\n"
    report = load_bytes(text.encode(), "t.txt")
    assert [s.role for s in report.headings] == [
        "measures_results", "measures_results", "shortcomings", "next_year_plan", ""]


def test_inline_items_in_indented_paragraphs():
    # Reports indent paragraphs with full-width spaces; 一是 at the start of such a line is an item.
    text = ("一、深化行政复议体制改革：\n　　全年受理行政复议案件128件。\n　　一是完善案件受理机制；\n"
            "　　二是推行公开听证，全年组织听证6次；\n二、存在的问题\n　　一是队伍力量薄弱。二是基层发展不平衡。\n")
    assert [(p, lv, m, t) for p, lv, m, t in tree(text)] == [
        ("一", 1, "一、", "深化行政复议体制改革"), ("一/一是", 2, "一是", "完善案件受理机制"),
        ("一/二是", 2, "二是", "推行公开听证，全年组织听证6次"), ("二", 1, "二、", "存在的问题"),
        ("二/一是", 2, "一是", "队伍力量薄弱"), ("二/二是", 2, "二是", "基层发展不平衡")]
    report = load_bytes(text.encode(), "t.txt")
    item = report.section("一/一是")
    assert report.text[item.start:item.start + 2] == "一是"


def test_run_in_heading_closed_by_a_colon_or_dash():
    text = ("一、主要举措和成效\n（一）加强组织领导：区政府召开常务会议12次，专题研究法治工作。\n"
            "（二）规范行政决策——全年作出重大决策5项。\n1.开展执法培训：培训执法人员1200余人次\n"
            "2.会议于9:30召开，研究执法工作\n（三）健全依法决策机制：\n制定决策事项目录。\n")
    assert [(p, t) for p, _, _, t in tree(text)] == [
        ("一", "主要举措和成效"), ("一/(一)", "加强组织领导"), ("一/(二)", "规范行政决策"),
        ("一/(二)/1", "开展执法培训"), ("一/(二)/2", "会议于9:30召开，研究执法工作"), ("一/(三)", "健全依法决策机制")]
    report = load_bytes(text.encode(), "t.txt")
    assert report.section("一/(一)").body.startswith("区政府召开常务会议12次")
