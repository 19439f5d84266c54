"""Metadata: title, issuer, report year and publication date, and the --year/--issuer overrides."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from compare import load, load_bytes
from compare.cli import app


def meta(text: str):
    r = load_bytes(text.encode("utf-8"), "t.txt")
    return r.title, r.issuer, r.year, r.date


def test_seed_metadata(seed_path):
    r = load(seed_path)
    assert r.title == "重庆市北碚区人民政府关于2020年度法治政府建设情况的报告"
    assert r.issuer == "重庆市北碚区人民政府"
    assert r.year == 2020  # the year reported on, not 2021 (published) nor 2019/2015-2020 in the text
    assert r.date == "2021-01-13"
    assert r.format == "text" and r.encoding == "utf-8"
    assert len(r.sha256) == 64


def test_title_split_over_issuer_and_about_lines():
    text = ("江北县人民政府\n关于2022年法治政府建设工作情况的报告\n\n2021年，我县……2023年将继续。\n"
            "一、主要举措和成效\n（一）甲。文。\n二、存在的不足和原因\n\n江北县人民政府\n2023年3月28日\n")
    assert meta(text) == ("江北县人民政府关于2022年法治政府建设工作情况的报告", "江北县人民政府", 2022, "2023-03-28")


def test_title_broken_after_the_year_or_inside_the_topic():
    # Department reports often break a long title after 年度, or in the middle of the topic; the
    # report's own year must come from the title, not only from the preamble.
    text = ("发布日期：2024-03-28   来源：区市场监管局\n江北区市场监督管理局2023年度\n法治政府建设情况报告\n"
            "2023年以来，我局全面推进依法行政。\n一、主要举措和成效\n正文。\n")
    assert meta(text)[0] == "江北区市场监督管理局2023年度法治政府建设情况报告"
    text = ("关于2021年度法治政府建设\n工作情况的报告\n\n现将有关情况报告如下。\n一、2021年工作推进情况\n正文。\n"
            "\n某某县司法局\n二〇二二年一月二十八日\n")
    assert meta(text) == ("关于2021年度法治政府建设工作情况的报告", "某某县司法局", 2021, "2022-01-28")


def test_furniture_above_the_title_is_not_joined_to_it():
    text = ("打印本页 关闭窗口\n2022-03-30\n永川区司法局2021年法治政府建设情况报告\n前言。\n一、主要举措和成效\n正文。\n")
    assert meta(text)[0] == "永川区司法局2021年法治政府建设情况报告"


def test_joint_issuers_and_chinese_numeral_date():
    text = ("中共南岸区委 南岸区人民政府关于2021年度法治政府建设情况的报告\n前言。\n一、主要举措和成效\n正文。\n"
            "中共南岸区委\n南岸区人民政府\n二〇二二年三月三十一日\n")
    _, issuer, year, date = meta(text)
    assert issuer == "中共南岸区委 南岸区人民政府"
    assert (year, date) == (2021, "2022-03-31")


def test_year_from_title_not_fooled_by_other_years():
    text = ("2023年度某市司法局法治政府建设年度报告\n2022年同比……《法治政府建设实施纲要（2021-2025年）》。\n"
            "一、2023年主要工作\n")
    assert meta(text)[2] == 2023


def test_plan_period_title_takes_period_end():
    text = "某县法治政府建设实施纲要（2015-2020年）落实情况报告\n一、主要情况\n"
    assert meta(text)[2] == 2020


def test_year_falls_back_to_first_heading_then_date():
    text = "法治政府建设情况\n一、2019年工作情况\n正文。\n"
    assert meta(text)[2] == 2019
    text = "前言没有年份。\n一、主要举措\n正文。\n某区人民政府\n2024年2月1日\n"
    assert meta(text)[2:] == (2023, "2024-02-01")


def test_page_date_line_when_no_signature_date():
    text = "某区人民政府关于2020年度法治政府建设情况的报告\n发布日期：2021年3月5日\n一、主要举措\n正文。\n"
    assert meta(text)[3] == "2021-03-05"


def test_missing_fields_warn_and_overrides_apply():
    text = "没有标题的文字。\n一、主要举措\n正文。\n"
    r = load_bytes(text.encode(), "t.txt")
    assert r.year is None and r.issuer == ""
    assert any("--year" in w for w in r.warnings) and any("--issuer" in w for w in r.warnings)
    r = load_bytes(text.encode(), "t.txt", year=2022, issuer="某区人民政府")
    assert (r.year, r.issuer) == (2022, "某区人民政府")
    assert not any("--year" in w for w in r.warnings)


def test_info_cli_json_and_overrides(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("没有标题。\n一、主要举措\n正文。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["info", str(f), "--format", "json", "--year", "2021", "--issuer", "某县人民政府"])
    assert result.exit_code == 0
    assert '"year": 2021' in result.stdout and '"issuer": "某县人民政府"' in result.stdout
    result = CliRunner().invoke(app, ["info", str(f), "--format", "csv"])
    assert result.exit_code == 0
    assert f"Warning: {f}: report year not found" in result.stderr


def test_issuer_named_next_to_the_year_in_the_title():
    # No closing signature and no 关于: the organ before or after the title's year is the issuer.
    body = "\n2020年，全区深入推进依法行政。\n一、主要举措和成效\n正文。\n"
    assert meta("九龙坡区人民政府2020年法治政府建设年度报告" + body)[1] == "九龙坡区人民政府"
    assert meta("2023年度大足区司法局法治政府建设情况报告" + body)[1] == "大足区司法局"
    # A bare place stands for its government (issue 9: sites publish titles without the office).
    assert meta("九龙坡区2020年法治政府建设年度报告" + body)[1] == "九龙坡区人民政府"


def test_issuer_and_date_signed_on_one_line():
    text = "关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n正文。\n沙坪坝区人民政府　2023年3月28日\n"
    r = load_bytes(text.encode("utf-8"), "t.txt")
    assert (r.issuer, r.date) == ("沙坪坝区人民政府", "2023-03-28")
    assert r.sections[-1].kind == "closing"


# --- Metadata the way sites publish it (issue 9, item 7). Our own sentences in the observed style. ---

_BODY = "\n一、主要举措和成效\n（一）加强组织领导。全年召开常务会议学法6次。\n二、存在的不足和原因\n人员不足。\n"


@pytest.mark.parametrize(("title", "issuer"), [
    ("临川区2022年法治政府建设年度报告", "临川区人民政府"),
    ("沛县2023年度法治政府建设情况报告", "沛县人民政府"),  # a one-character county name
    ("2020年丰源区法治政府建设情况报告", "丰源区人民政府"),  # the place after the year
    ("江汉省2021年法治政府建设年度报告", "江汉省人民政府"),
    ("河湾街道2023年法治政府建设工作报告", "河湾街道办事处"),
    ("司法部2019年法治政府建设年度报告", "司法部"),  # a ministry is its own organ
    ("全区2022年法治政府建设年度报告", ""),  # 全区 names no place
])
def test_title_without_office_names_the_place(title: str, issuer: str) -> None:
    assert meta(title + "\n2022年，我们扎实推进依法行政。" + _BODY)[1] == issuer


def test_signature_still_wins_over_the_title_place() -> None:
    text = "临川区2022年法治政府建设年度报告\n前言。" + _BODY + "\n中共临川区委\n临川区人民政府\n2023年3月20日\n"
    assert meta(text)[1] == "中共临川区委 临川区人民政府"


def test_issuer_from_a_source_line_when_the_title_names_none() -> None:
    text = "2022年法治政府建设年度报告\n来源：东港区司法局  发布时间：2023-03-15\n前言。" + _BODY
    assert meta(text)[1:] == ("东港区司法局", 2022, "2023-03-15")
    # a source that is not an organ (a news desk, 网友投稿) is not an issuer
    text = "2022年法治政府建设年度报告\n来源：本网\n前言。" + _BODY
    assert meta(text)[1] == ""
    # 来源 in a sentence is not a source field
    text = "2022年法治政府建设年度报告\n全年法律援助经费来源于区财政局\n前言。" + _BODY
    assert meta(text)[1] == ""


def test_title_organ_without_its_place_takes_the_full_name_from_the_page() -> None:
    text = ("【法治建设报告】省交通厅2021年度法治政府建设工作报告\n发布机构 | 江汉省交通厅 | 发文日期 | 2022-03-18 |\n"
            "2021年，省交通厅全面推进依法行政。" + _BODY)
    title, issuer, year, date = meta(text)
    assert title == "省交通厅2021年度法治政府建设工作报告"  # the 【栏目】 label is the site's, not the title's
    assert (issuer, year, date) == ("江汉省交通厅", 2021, "2022-03-18")


def test_year_from_the_preamble_when_the_title_has_none() -> None:
    text = ("法治政府建设工作报告\n根据区委部署，我区扎实推进依法行政，成效明显。现将2022年法治政府建设工作情况报告如下：" + _BODY)
    assert meta(text)[2] == 2022
    # the statement names the year even when other years come first (a 2021—2025 纲要, a 2027 plan)
    text = ("按照《规划（2021—2025年）》和2027年远景目标，河湾街道依法履职。现将我街道2023年度法治政府建设情况报告如下："
            + _BODY)
    assert meta(text)[2] == 2023
    text = "对照2021年目标，全年工作有序推进。现对2024年所做工作总结如下：" + _BODY
    assert meta(text)[2] == 2024


@pytest.mark.parametrize(("line", "date"), [
    ("发布时间 2023-03-28", "2023-03-28"),  # no colon
    ("时间: 2024- 03- 14", "2024-03-14"),  # spaces inside the date
    ("发布日期：2023年03月30日", "2023-03-30"),
    ("• 2023年03月30日", "2023-03-30"),  # a bulleted date field
    ("2023年03月30日", "2023-03-30"),  # a bare date line under the title
    ("2024-03-29 10:12", "2024-03-29"),  # a bare date line with a time
    ("更新时间:2021/03/29 11:30:01", "2021-03-29"),
    ("发文日期 | 2022-02-11 |", "2022-02-11"),  # a metadata table cell
])
def test_page_date_forms(line: str, date: str) -> None:
    text = f"临川区2022年法治政府建设年度报告\n{line}\n前言。" + _BODY
    assert meta(text)[3] == date


def test_a_date_in_prose_after_the_word_time_is_not_a_page_date() -> None:
    text = "临川区2022年法治政府建设年度报告\n在规定时间内完成清理，自2022年1月1日起施行新办法。\n" + _BODY
    assert meta(text)[3] == ""


def test_site_clock_is_not_the_publication_date() -> None:
    text = ("今天是：2019年10月31日 星期三\n临川区人民政府 2019年12月3日星期二\n临川区2022年法治政府建设年度报告\n前言。"
            + _BODY)
    assert meta(text)[3] == ""


def test_metadata_bullets_are_never_the_title() -> None:
    text = ("• 工作报告\n• 来源：临川区司法局\n• 2023年03月30日\n临川区2022年法治政府建设年度报告\n"
            "2022年，全区深入推进依法行政。" + _BODY)
    assert meta(text) == ("临川区2022年法治政府建设年度报告", "临川区人民政府", 2022, "2023-03-30")
    # a bare column name above the title is not a title either
    text = "工作报告\n您所在的位置：政务公开 > 工作报告\n2020年丰源区法治政府建设情况报告\n前言。" + _BODY
    assert meta(text)[0] == "2020年丰源区法治政府建设情况报告"


def test_title_run_into_the_body_on_one_line() -> None:
    # Text from a PDF that lost the line break after the title.
    text = "某县 2025 年度法治政府建设情况报告2025 年，全县坚持依法行政，成效明显。" + _BODY
    assert meta(text)[:3] == ("某县 2025 年度法治政府建设情况报告", "某县人民政府", 2025)
    # a first sentence that happens to mention a report is not a title
    text = "根据《规划》提出“实行法治建设年度报告制度”的要求，2023年，街道依法履职，现对2023年所做工作总结如下：" + _BODY
    assert meta(text)[0] == "" and meta(text)[2] == 2023


def test_info_cli_reads_a_page_with_furniture(tmp_path) -> None:
    f = tmp_path / "page.txt"
    f.write_text("当前位置：首页 > 政务公开 > 工作报告\n• 工作报告\n• 来源：临川区司法局\n• 2023年03月30日\n"
                 "临川区2022年法治政府建设年度报告\n2022年，全区深入推进依法行政。" + _BODY, encoding="utf-8")
    result = CliRunner().invoke(app, ["info", str(f), "--format", "json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)[0]
    assert (row["title"], row["issuer"], row["year"], row["date"]) == (
        "临川区2022年法治政府建设年度报告", "临川区人民政府", 2022, "2023-03-30")
    assert "Warning" not in result.stderr


# --- Issuers on titles as sites publish them (issue 11 C, item 4). Our own sentences, real patterns. ---


def test_place_title_without_a_year_takes_the_year_from_the_preamble_and_the_place_government() -> None:
    text = ("青禾区法治政府建设年度报告\n来源：青禾区人民政府办公室  发布时间：2021-03-26\n"
            "2020年，青禾区在区委的坚强领导下，深入推进依法行政。" + _BODY)
    assert meta(text)[1:3] == ("青禾区人民政府", 2020)


def test_place_before_guanyu_is_its_government() -> None:
    text = "青禾区关于2021年法治政府建设情况的报告\n来源：青禾区司法局\n2021年，全区深入推进依法行政。" + _BODY
    assert meta(text)[1:3] == ("青禾区人民政府", 2021)
    text = "河湾街道关于2022年度法治政府建设工作情况的报告\n2022年，街道坚持依法行政。" + _BODY
    assert meta(text)[1] == "河湾街道办事处"
    # an organ before 关于 stays as written
    text = "青禾县人民政府关于2021年度法治政府建设工作情况的报告\n来源：青禾县人民政府办公室\n前言。" + _BODY
    assert meta(text)[1] == "青禾县人民政府"


@pytest.mark.parametrize("source", ["来源：青禾区人民政府办公室", "发布机构：青禾区司法局",
                                    "信息来源: 区司法局发布时间:2022-03-01", "文章来源:司法局 更新时间:2022/03/29"])
def test_the_publishing_office_never_overrides_the_title(source: str) -> None:
    for title in ("青禾区法治政府建设年度报告", "青禾区2021年法治政府建设年度报告", "2021年青禾区法治政府建设情况报告"):
        text = f"{title}\n{source}\n2021年，青禾区坚持依法行政。" + _BODY
        assert meta(text)[1] == "青禾区人民政府", (title, source)


def test_an_organ_title_without_a_year() -> None:
    text = "青禾区司法局法治政府建设年度报告\n来源：青禾区人民政府办公室\n2021年，我局坚持依法行政。" + _BODY
    assert meta(text)[1:3] == ("青禾区司法局", 2021)


def test_the_first_paragraph_names_the_government_when_the_title_does_not() -> None:
    text = "2021年法治政府建设年度报告\n来源：青禾区司法局\n2021年，渝水区政府坚持依法行政。" + _BODY
    assert meta(text)[1] == "渝水区人民政府"
    # a department as the subject is not a place's government: the page line is used as before
    text = "2021年法治政府建设年度报告\n来源：青禾区司法局\n2021年，青禾区司法局在区委领导下坚持依法行政。" + _BODY
    assert meta(text)[1] == "青禾区司法局"
    text = "2021年法治政府建设年度报告\n2021年，全区坚持依法行政。" + _BODY
    assert meta(text)[1] == ""


def test_a_breadcrumb_is_never_the_title() -> None:
    text = ("首页\n政务公开\n您当前的位置: 首页>政务公开>法治政府年度报告> 市司法局法治政府年度报告\n"
            "江汉市司法局2022年法治政府建设情况报告\n日期:2023-03-29\n2022年，市司法局坚持依法行政。" + _BODY)
    assert meta(text)[:3] == ("江汉市司法局2022年法治政府建设情况报告", "江汉市司法局", 2022)


def test_a_whole_district_in_traditional_characters_names_no_place() -> None:
    # 全區 is "the whole district", as 全区 is: neither is an issuer.
    from compare.read.metadata import _title_issuer

    assert _title_issuer("全区2021年法治政府建设年度报告") == ""
    assert _title_issuer("全區2021年法治政府建設年度報告") == ""


def test_the_metadata_patterns_compile_without_atomic_groups() -> None:
    # (?>...) needs Python 3.11; the project supports 3.10.
    import compare.read.metadata as metadata

    assert "(?>" not in open(metadata.__file__, encoding="utf-8").read()


# --- Openings with no title line, as many published openings start: the first paragraph names the
# government, often after "在…领导下，" clauses. Our own sentences, real patterns. ---


@pytest.mark.parametrize(("opening", "issuer"), [
    ("2021年，在县委、县政府的坚强领导下，柳河县坚持依法行政。", "柳河县人民政府"),
    ("2022年,在区委的正确领导下,在区人大常委会的监督指导下,青石街道深入推进依法行政。", "青石街道办事处"),
    ("2023年,在区委、区政府的正确领导下,新市街道办事处统筹推进法治政府建设。", "新市街道办事处"),
    ("2023年,和县坚持以习近平法治思想为指导。", "和县人民政府"),  # 和 starts a real county's name
])
def test_the_first_paragraph_names_the_government_after_leadership_clauses(opening: str, issuer: str) -> None:
    assert meta(opening + _BODY)[1] == issuer


@pytest.mark.parametrize("opening", [
    "2023年,在市委的正确领导下,市政府坚持以习近平法治思想为指导。",  # 在市 is no place
    "2024年,市政府坚持以习近平法治思想为指导,全市法治政府建设取得成效。",  # 市政府 names no place
    "2022年,我局认真贯彻习近平法治思想,将上级决策部署和省的要求落到实处。",  # no place across a comma
])
def test_a_preposition_or_a_clause_is_never_taken_for_the_issuer(opening: str) -> None:
    assert meta(opening + _BODY)[1] == ""
