"""`compare` on one report (the default run on seeds/): every output is still useful — its
sections, its indicators, the value it implies for the year before, a chart of that, its outline
with the figures marked — and the summary says how to compare years."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from compare.cli import app
from compare.overview import EXAMPLE_COMMAND
from compare.pipeline import CompareResult, run_compare
from compare.single import ONLY_ONE_YEAR

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
JIALING = ROOT / "tests" / "fixtures" / "corpus" / "jialing"


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> CompareResult:
    return run_compare([SEED], tmp_path_factory.mktemp("single") / "out")


def test_summary_counts_what_the_report_gives_and_points_to_the_examples(result: CompareResult) -> None:
    s = result.summary
    assert s.pairs == 0 and s.single_year == ("北碚区",)
    assert s.indicators > 50 and s.implied == 1
    assert EXAMPLE_COMMAND in s.hint
    assert s.biggest == ("重庆市北碚区人民政府 负责人出庭应诉率 2019→2020: 45.78→64.29% (+18.51 pp, +40.4%) (implied)",)


def test_sections_sheet_lists_every_part_of_the_report(result: CompareResult) -> None:
    sections = result.tables["sections"]
    assert len(sections) > 30 and set(sections["status"]) == {ONLY_ONE_YEAR}
    assert sections["year_new"].eq(2020).all() and sections["year_old"].isna().all()
    assert "一/(三)/4" in set(sections["new_path"])
    ws = load_workbook(result.workbook)["Sections"]
    assert ws.max_row == len(sections) + 1


def test_section_diffs_sheet_holds_the_text_of_each_part(result: CompareResult) -> None:
    diffs = result.tables["section_diffs"]
    assert len(diffs) == len(result.tables["sections"])
    assert diffs["pair_index"].tolist() == list(range(len(diffs)))  # each linked to its Sections row
    ws = load_workbook(result.workbook, rich_text=True)["Section diffs"]
    header = [c.value for c in ws[1]]
    new_text = header.index("新文（新增为绿色下划线）") + 1
    texts = [str(ws.cell(r, new_text).value or "") for r in range(2, ws.max_row + 1)]
    assert any("负责人出庭应诉率达到64.29%" in t for t in texts)
    old_text = header.index("原文（删除为红色删除线）") + 1
    assert all(not ws.cell(r, old_text).value for r in range(2, ws.max_row + 1))


def test_indicators_and_changes_show_the_implied_earlier_value(result: CompareResult) -> None:
    wide = result.tables["wide"]
    row = wide[wide["indicator"] == "head_appearance_rate"].iloc[0]
    assert row[2019] == pytest.approx(45.78) and row[2020] == pytest.approx(64.29)
    changes = result.tables["changes"]
    c = changes[changes["indicator"] == "head_appearance_rate"].iloc[0]
    assert (c["year_old"], c["year_new"], c["change_kind"]) == (2019, 2020, "percentage_points")
    assert c["change"] == pytest.approx(18.51) and bool(c["implied"])


def test_the_charts_get_the_implied_series(result: CompareResult) -> None:
    long = result.tables["long"]
    points = long[long["indicator"] == "head_appearance_rate"]
    assert set(zip(points["year"], points["implied"], strict=True)) == {(2019, True), (2020, False)}
    trends = [p for p in result.charts if p.suffix == ".png" and p.stem != "overview"]
    assert trends and all(p.stat().st_size > 5000 for p in trends)


def test_page_shows_the_outline_with_the_figures_marked(result: CompareResult) -> None:
    page = result.diff_html.read_text(encoding="utf-8")
    assert "No report pairs" not in page
    assert 'data-path="一/(三)/4"' in page
    assert '<mark title="行政机关负责人出庭应诉率 (head_appearance_rate): 64.29%">64.29%</mark>' in page
    claim = re.search(r'<mark class="claim" title="([^"]*)">([^<]*)</mark>', page)
    assert claim is not None and "2019: 45.78% (implied / 推算)" in claim.group(1)
    assert "18.51%" in claim.group(2)
    assert len(re.findall(r"<mark title=", page)) > 50


def test_index_page_of_one_report(result: CompareResult) -> None:
    page = result.index_html.read_text(encoding="utf-8")
    assert EXAMPLE_COMMAND in page
    assert "负责人出庭应诉率" in page and "2019年为推算值" in page
    assert 'href="diff.html#r0"' not in page  # the link is shown as text in a table cell
    assert "diff.html#r0" in page


def test_summary_sheet_has_the_next_step(result: CompareResult) -> None:
    summary = pd.read_excel(result.workbook, sheet_name="Summary")
    items = dict(zip(summary.iloc[:, 0], summary.iloc[:, 1], strict=True))
    assert EXAMPLE_COMMAND in str(items["下一步 (next step)"])
    assert items["推算的上年数值 (values implied for an earlier year)"] == 1


def test_cli_summary_of_one_report(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["compare", str(SEED), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "Indicators matched" not in res.stdout
    assert re.search(r"Indicators: \d+ \(\+1 implied for the year before\)", res.stdout)
    assert f"e.g. {EXAMPLE_COMMAND}" in res.stdout.replace("\n", " ")
    assert str(tmp_path / "index.html") in res.stdout


def test_report_text_is_escaped_on_the_outline(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("强化组织领导", '强化<script>alert(1)</script>"领导', 1)
    hostile = tmp_path / "in" / SEED.name
    hostile.parent.mkdir()
    hostile.write_text(text, encoding="utf-8")
    page = run_compare([hostile], tmp_path / "out", chart_limit=0).diff_html.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;&quot;领导" in page


def test_a_lone_issuer_beside_a_pair(tmp_path: Path) -> None:
    res = run_compare([JIALING, SEED], tmp_path / "out", chart_limit=0)
    s = res.summary
    assert s.pairs == 2 and s.single_year == ("北碚区",) and not s.hint
    sections = res.tables["sections"]
    lone = sections[sections["status"] == ONLY_ONE_YEAR]
    assert set(lone["issuer"]) == {"重庆市北碚区人民政府"} and lone.index[0] > 0
    diffs = res.tables["section_diffs"]
    linked = diffs[diffs["status"] == ONLY_ONE_YEAR]["pair_index"].astype(int)
    assert (sections.loc[linked, "status"] == ONLY_ONE_YEAR).all()
    assert (sections.loc[linked, "new_path"].tolist() == diffs[diffs["status"] == ONLY_ONE_YEAR]["new_path"].tolist())
    page = res.diff_html.read_text(encoding="utf-8")
    assert 'id="p0"' in page and 'id="r0"' in page and "one year only" in page


def test_outline_marks_each_highlight_once_and_drops_overlaps() -> None:
    from compare import load_bytes
    from compare.write.outlinehtml import Highlight, LoneReport, lone_report_html

    text = "某区人民政府关于2021年度法治政府建设情况的报告\n\n一、主要举措\n（一）复议。收到申请186件，办结171件。\n二、存在的不足\n人员<不足>。\n"
    report = load_bytes(text.encode(), "a.txt")
    at = text.index("186件")
    marks = (Highlight(at, at + 4, "申请: 186 件"), Highlight(at + 1, at + 6, "overlap", "claim"),
             Highlight(text.index("171件"), text.index("171件") + 4, 'a "quoted" <label>'))
    html = lone_report_html(0, LoneReport("某区", report, marks))
    assert html.count("<mark") == 2 + 2  # two in the legend
    assert '<mark title="申请: 186 件">186件</mark>' in html
    assert '<mark title="a &quot;quoted&quot; &lt;label&gt;">171件</mark>' in html
    assert "人员&lt;不足&gt;。" in html and "overlap" not in html
    assert html.count('class="part') == len([s for s in report.sections if s.end > s.start])
