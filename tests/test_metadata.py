"""Metadata: title, issuer, report year and publication date, and the --year/--issuer overrides."""

from __future__ import annotations

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
    assert meta("九龙坡区2020年法治政府建设年度报告" + body)[1] == ""  # a place, not an organ: ask


def test_issuer_and_date_signed_on_one_line():
    text = "关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n正文。\n沙坪坝区人民政府　2023年3月28日\n"
    r = load_bytes(text.encode("utf-8"), "t.txt")
    assert (r.issuer, r.date) == ("沙坪坝区人民政府", "2023-03-28")
    assert r.sections[-1].kind == "closing"
