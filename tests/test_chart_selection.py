"""Which charts are drawn (--charts N, the >= 2-year rule), reuse of unchanged charts on a rerun
(draws counted, never timed), byte-identical PNGs, and legends at 200 issuers (plotted data)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.pipeline import run_compare
from compare.write import chartreuse, charts

ROOT = Path(__file__).resolve().parents[1]
JIALING = ROOT / "tests" / "fixtures" / "corpus" / "jialing"
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
COLS = ["issuer", "year", "indicator", "subject", "value", "unit", "implied", "approximate"]


def _corpus(indicators: int = 12, single: int = 3) -> pd.DataFrame:
    """`indicators` indicators over 2019-2021 for two issuers (indicator k grows by k*10%), plus
    `single` indicators with data in one year only (never charted)."""
    rows = []
    for k in range(indicators):
        for issuer in ("甲区", "乙区"):
            for n, year in enumerate((2019, 2020, 2021)):
                rows.append((issuer, year, f"ind_{k:02d}", f"指标{k}", 100.0 * (1 + k / 10) ** n, "件", False, False))
    for k in range(single):
        rows.append(("甲区", 2021, f"once_{k}", f"一次{k}", 5.0, "件", False, False))
    return pd.DataFrame(rows, columns=COLS)


def _pngs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.png"))


def test_chart_count_follows_the_two_year_rule_and_the_limit(tmp_path: Path) -> None:
    table = _corpus()
    every = charts.write_chart_set(table, tmp_path / "all", limit=None)
    assert every.drawn == 12 + 1  # one per indicator with >= 2 years, plus the overview; none for `once_*`
    assert not [p for p in every.paths if "once" in p.name]
    top = charts.write_chart_set(table, tmp_path / "top", limit=5)
    # Same years everywhere: the largest changes relative to level win (ind_11 grows fastest).
    assert _pngs(tmp_path / "top") == sorted([f"trend_ind_{k:02d}.png" for k in (11, 10, 9, 8, 7)] + ["overview.png"])
    assert top.drawn == 6
    none = charts.write_chart_set(table, tmp_path / "none", limit=0)
    assert none.paths == () and none.drawn == 0 and _pngs(tmp_path / "none") == []


def test_rank_weighs_change_and_years_and_ties_go_by_name() -> None:
    rows = [("甲区", y, "long", "长", v, "件", False, False) for y, v in ((2019, 10), (2020, 11), (2021, 12))]
    rows += [("甲区", y, key, key, v, "件", False, False) for key in ("b_jump", "a_jump") for y, v in
             ((2020, 10), (2021, 100))]
    # the same jump over three years: the longer trend tells more
    rows += [("甲区", y, "long_jump", "长跳", v, "件", False, False) for y, v in ((2019, 10), (2020, 50), (2021, 100))]
    items = charts.trends(pd.DataFrame(rows, columns=COLS))
    assert [t.key for t in sorted(items, key=charts.reader_rank)] == ["long_jump", "a_jump", "b_jump", "long"]
    assert [t.key for t in charts.select_trends(items, 2)] == ["a_jump", "long_jump"]  # kept in key order


def test_a_rerun_redraws_nothing_and_a_change_redraws_only_that_chart(tmp_path: Path) -> None:
    table = _corpus()
    first = charts.write_chart_set(table, tmp_path / "a", svg=True, limit=6)
    again = charts.write_chart_set(table, tmp_path / "b", svg=True, limit=6, previous=tmp_path / "a")
    assert (again.drawn, again.reused) == (0, len(first.paths))
    assert [p.name for p in again.paths] == [p.name for p in first.paths]
    for old, new in zip(first.paths, again.paths, strict=True):
        assert old.read_bytes() == new.read_bytes()
    # In place (the library writing into the same folder again): nothing drawn either.
    assert charts.write_chart_set(table, tmp_path / "a", svg=True, limit=6).drawn == 0
    # ind_07, one of the 6 charts and of the overview's 9 panels, changes in 2021 only.
    changed = table.assign(value=table["value"].where(~((table["indicator"] == "ind_07") & (table["year"] == 2021)),
                                                      999.0))
    third = charts.write_chart_set(changed, tmp_path / "c", svg=True, limit=6, previous=tmp_path / "b")
    assert third.drawn == 2  # its own chart and the overview that shows it; the other 5 reused
    assert third.reused == 2 * 5


def test_a_previous_file_without_the_key_is_redrawn(tmp_path: Path) -> None:
    table = _corpus(indicators=2)
    first = charts.write_chart_set(table, tmp_path / "a")
    first.paths[0].write_bytes(b"\x89PNG not a chart of ours")
    again = charts.write_chart_set(table, tmp_path / "b", previous=tmp_path / "a")
    assert (again.drawn, again.reused) == (1, 2)
    assert chartreuse.has_key(again.paths[0], chartreuse.chart_key(
        charts._trend_parts(charts.trends(table)[0], charts.issuer_colors(["甲区", "乙区"])), "png",
        charts.fonts.cjk_font().path, charts.DPI))


def test_a_symlink_in_the_previous_set_is_not_reused(tmp_path: Path) -> None:
    table = _corpus(indicators=1)
    first = charts.write_chart_set(table, tmp_path / "a")
    trend = first.paths[0]
    elsewhere = tmp_path / "elsewhere.png"
    trend.rename(elsewhere)
    trend.symlink_to(elsewhere)  # a link with the right key in the file it points to
    again = charts.write_chart_set(table, tmp_path / "b", previous=tmp_path / "a")
    assert (again.drawn, again.reused) == (1, 1) and not again.paths[0].is_symlink()


def test_identical_input_gives_identical_png_bytes(tmp_path: Path) -> None:
    table = _corpus(indicators=3)
    a = charts.write_chart_set(table, tmp_path / "a", limit=None)
    b = charts.write_chart_set(table, tmp_path / "b", limit=None)  # drawn again, not reused
    assert b.drawn == a.drawn == 4
    assert [p.read_bytes() for p in a.paths] == [p.read_bytes() for p in b.paths]


def _crowd(issuers: int = 200) -> pd.DataFrame:
    # Issuer i grows by i% a year: the fastest-growing issuers are the top lines.
    rows = [(f"第{i:03d}区", y, "cases", "案件", 100.0 * (1 + i / 100) ** n, "件", False, False)
            for i in range(issuers) for n, y in enumerate((2019, 2020, 2021))]
    return pd.DataFrame(rows, columns=COLS)


def test_legend_at_200_issuers_lists_the_top_lines_and_others() -> None:
    (trend,) = charts.trends(_crowd())
    fig = charts.trend_figure(trend)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    top = [f"第{i:03d}区" for i in range(199, 199 - charts.LEGEND_MAX, -1)]
    assert labels == [*sorted(top), charts.others_label(200 - charts.LEGEND_MAX)]
    (others,) = [line for line in ax.get_lines() if line.get_gid() == "others"]
    ys = list(others.get_ydata())
    assert sum(1 for y in ys if math.isnan(y)) == 200 - charts.LEGEND_MAX  # one artist, every other line
    assert len(ys) == (200 - charts.LEGEND_MAX) * 4
    colours = {line.get_color() for line in ax.get_lines() if str(line.get_gid()).startswith("legend:")
               and line.get_gid() != "legend:others"}
    assert len(colours) == charts.LEGEND_MAX  # the top lines never share a colour


def test_grey_lines_break_where_a_year_is_missing() -> None:
    crowd = _crowd(20)
    crowd = crowd[~((crowd["issuer"] == "第000区") & (crowd["year"] == 2020))]  # no 2020 report
    (trend,) = charts.trends(crowd)
    ax = charts.trend_figure(trend).axes[0]
    (others,) = [line for line in ax.get_lines() if line.get_gid() == "others"]
    xs = list(others.get_xdata())
    assert xs[:4] == [2019.0, xs[1], 2021.0, xs[3]] and math.isnan(xs[1]) and math.isnan(xs[3])


def test_overview_legend_at_200_issuers() -> None:
    items = charts.trends(_crowd())
    fig = charts.overview_figure(items)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(labels) == charts.LEGEND_MAX + 1
    assert labels[-1] == f"其他 {200 - charts.LEGEND_MAX} 个发布机关"
    assert labels[:-1] == charts.top_issuers(items)


def test_a_compare_rerun_redraws_no_chart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    trend_figure, overview_figure = charts.trend_figure, charts.overview_figure

    def count_trend(trend: charts.Trend, *args: object, **kwargs: object) -> object:
        drawn.append(trend.key)
        return trend_figure(trend, *args, **kwargs)  # type: ignore[arg-type]

    def count_overview(*args: object, **kwargs: object) -> object:
        drawn.append("overview")
        return overview_figure(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(charts, "trend_figure", count_trend)
    monkeypatch.setattr(charts, "overview_figure", count_overview)
    first = run_compare([JIALING], tmp_path / "out", chart_limit=5)
    assert len(drawn) == 6 and len(first.charts) == 6
    before = {p.name: p.read_bytes() for p in first.charts}
    drawn.clear()
    again = run_compare([JIALING], tmp_path / "out", chart_limit=5)
    assert drawn == []
    assert {p.name: p.read_bytes() for p in again.charts} == before
    run_compare([JIALING], tmp_path / "out", chart_limit=6)
    assert len(drawn) == 1  # only the sixth chart is new


def test_chart_set_names_each_file_and_its_title(tmp_path: Path) -> None:
    # The overview page (index.html) lists the charts by title; titles and indicators run parallel to paths.
    table = _corpus(indicators=2)
    result = charts.write_chart_set(table, tmp_path, svg=True, limit=None)
    assert [p.name for p in result.paths] == ["trend_ind_00.png", "trend_ind_00.svg", "trend_ind_01.png",
                                              "trend_ind_01.svg", "overview.png", "overview.svg"]
    assert result.titles == ("指标0", "指标0", "指标1", "指标1", charts.OVERVIEW_TITLE, charts.OVERVIEW_TITLE)
    assert result.indicators == ("ind_00", "ind_00", "ind_01", "ind_01", "", "")


def test_compare_puts_the_indicator_with_a_failed_claim_check_first(tmp_path: Path) -> None:
    # 嘉陵区 2021 states a change in 行政复议收案数 its own numbers do not bear out (Claims sheet):
    # with one chart allowed, that is the one drawn, and it leads the overview.
    result = run_compare([JIALING], tmp_path / "out", chart_limit=1)
    assert sorted(p.name for p in result.charts) == ["overview.png", "trend_reconsideration_received.png"]
    claims = result.tables["claims"]
    assert "inconsistent" in set(claims.loc[claims["indicator"] == "reconsideration_received", "claim_status"])


def test_seed_alone_still_gets_its_implied_year_chart(tmp_path: Path) -> None:
    result = run_compare([SEED], tmp_path / "out")
    assert sorted(p.name for p in result.charts) == ["overview.png", "trend_head_appearance_rate.png"]


def test_cli_charts_option(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["compare", str(JIALING), "--out", str(tmp_path / "a"), "--charts", "3", "-q"])
    assert res.exit_code == 0, res.output
    assert len(_pngs(tmp_path / "a" / "charts")) == 4
    res = CliRunner().invoke(app, ["compare", str(JIALING), "--out", str(tmp_path / "b"), "--charts", "0", "-q"])
    assert res.exit_code == 0, res.output
    assert _pngs(tmp_path / "b" / "charts") == [] and ".png" not in res.stdout
    res = CliRunner().invoke(app, ["compare", str(JIALING), "--out", str(tmp_path / "c"), "--charts", "-1"])
    assert res.exit_code == 2
