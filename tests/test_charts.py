"""Trend charts: tested on the plotted data and the fonts, never on pixels."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.text import Text

from compare.write import chartdata, charts, fonts

BEIBEI = "重庆市北碚区人民政府"
HOSTILE = "../../etc/passwd 宣传资料\U000f0000\x07"  # path parts, a private-use and a control character
YUBEI = "重庆市渝北区人民政府"


def _long() -> pd.DataFrame:
    rows = [
        # issuer, year, indicator, subject, value, unit, implied, approximate
        (BEIBEI, 2019, "head_appearance_rate", "行政机关负责人出庭应诉率", 45.78, "%", True, False),
        (BEIBEI, 2020, "head_appearance_rate", "行政机关负责人出庭应诉率", 64.29, "%", False, False),
        (BEIBEI, 2021, "head_appearance_rate", "负责人出庭应诉率", 80.0, "%", False, False),
        (YUBEI, 2020, "head_appearance_rate", "负责人出庭应诉率", 50.0, "%", False, False),
        (YUBEI, 2021, "head_appearance_rate", "负责人出庭应诉率", 70.0, "%", False, False),
        (BEIBEI, 2020, "reconsideration_received", "收到行政复议申请", 66.0, "件", False, False),
        (BEIBEI, 2021, "reconsideration_received", "收到行政复议申请", 151.0, "件", False, True),
        (BEIBEI, 2021, "litigation_cases", "行政诉讼案件", 31.0, "件", False, False),  # one year only
        (BEIBEI, 2019, "", HOSTILE, 3000.0, "份", False, True),
        (BEIBEI, 2021, "", HOSTILE, 5000.0, "份", False, False),
    ]
    cols = ["issuer", "year", "indicator", "subject", "value", "unit", "implied", "approximate"]
    return pd.DataFrame(rows, columns=cols)


def _footnote(fig) -> str:
    return "".join(t.get_text() for t in fig.texts if t.get_gid() == "footnote")


def _trend(key: str) -> charts.Trend:
    return next(t for t in charts.trends(_long()) if t.key == key)


def _texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]


def test_only_indicators_with_two_years_are_charted() -> None:
    keys = [t.key for t in charts.trends(_long())]
    assert "litigation_cases" not in keys
    # without a lexicon id (and no `series` column), a line is the issuer's subject
    assert keys == ["head_appearance_rate", "reconsideration_received", f"{BEIBEI}|{HOSTILE}"]
    assert _trend("head_appearance_rate").name == "负责人出庭应诉率"  # the newest subject


def _legend(fig) -> list[str]:
    legend = fig.axes[0].get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


def _points(ax) -> dict[str, object]:
    return {line.get_gid(): line for line in ax.get_lines() if str(line.get_gid()).startswith("point:")}


def test_plotted_data_and_dashed_implied_segments() -> None:
    fig = charts.trend_figure(_trend("head_appearance_rate"))
    ax = fig.axes[0]
    segments = {line.get_gid(): line for line in ax.get_lines() if str(line.get_gid()).startswith("segment:")}
    # BEIBEI is issuer 0: 2019 (implied) -> 2020 dashed, 2020 -> 2021 solid
    first, second = segments["segment:0:0"], segments["segment:0:1"]
    assert list(first.get_xdata()) == [2019, 2020] and list(first.get_ydata()) == [45.78, 64.29]
    assert first.get_linestyle() == "--"
    assert list(second.get_xdata()) == [2020, 2021] and list(second.get_ydata()) == [64.29, 80.0]
    assert second.get_linestyle() == "-"
    yubei = segments["segment:1:0"]
    assert list(yubei.get_xdata()) == [2020, 2021] and yubei.get_linestyle() == "-"
    assert ax.get_ylabel() == "单位：%"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2019", "2020", "2021"]
    # the issuers, then the marks this chart has: stated and implied, no approximate, no gap
    assert _legend(fig) == [BEIBEI, YUBEI, charts.MARK_LABELS["stated"], charts.MARK_LABELS["implied"]]


def test_implied_values_are_hollow_circles_and_not_called_approximate() -> None:
    # The seed's case: 2019 implied by 2020's stated change. It was hollow like an approximate
    # value, and the only note said "hollow = approximate".
    fig = charts.trend_figure(_trend("head_appearance_rate"))
    points = _points(fig.axes[0])
    implied = points["point:0:implied"]
    assert list(implied.get_xdata()) == [2019] and list(implied.get_ydata()) == [45.78]
    assert implied.get_marker() == "o" and implied.get_markerfacecolor() == "white"
    stated = points["point:0:stated"]
    assert list(stated.get_xdata()) == [2020, 2021] and stated.get_markerfacecolor() == stated.get_color()
    assert not [gid for gid in points if gid.endswith(":approximate")]
    assert charts.MARK_LABELS["approximate"] not in _legend(fig)
    legend = fig.axes[0].get_legend()
    mark = legend.legend_handles[_legend(fig).index(charts.MARK_LABELS["implied"])]
    assert mark.get_marker() == "o" and mark.get_markerfacecolor() == "white" and mark.get_linestyle() == "--"


def test_approximate_values_get_a_light_triangle_and_a_legend_entry() -> None:
    fig = charts.trend_figure(_trend("reconsideration_received"))
    ax = fig.axes[0]
    points = _points(ax)
    approx = points["point:0:approximate"]
    assert list(approx.get_xdata()) == [2021] and list(approx.get_ydata()) == [151.0]
    assert approx.get_marker() == "^"
    assert approx.get_markerfacecolor() not in ("white", approx.get_color())  # lighter, not hollow, not full
    assert points["point:0:stated"].get_marker() == "o"
    # one line: the title names the issuer, the legend only explains the marks present
    assert _legend(fig) == [charts.MARK_LABELS["stated"], charts.MARK_LABELS["approximate"]]
    assert ax.get_title() == f"{BEIBEI} · 收到行政复议申请"
    assert ax.get_ylabel() == "单位：件"
    labels = {t.get_gid(): t.get_text() for t in ax.texts}
    assert labels == {"label:0:0": "66 件", "label:0:1": "≈151 件"}


def test_a_chart_of_stated_values_only_has_no_mark_legend() -> None:
    frame = _long().query("indicator == 'head_appearance_rate' and issuer == @YUBEI")
    (trend,) = charts.trends(frame)
    fig = charts.trend_figure(trend)
    assert fig.axes[0].get_legend() is None and _footnote(fig) == ""


def test_a_year_without_a_value_is_a_dotted_gap() -> None:
    frame = pd.DataFrame({"issuer": [BEIBEI] * 4, "year": [2018, 2020, 2021, 2023], "indicator": ["cases"] * 4,
                          "subject": ["行政诉讼案件"] * 4, "value": [41.0, 36.0, 30.0, 33.0], "unit": ["件"] * 4})
    (trend,) = charts.trends(frame)
    fig = charts.trend_figure(trend)
    ax = fig.axes[0]
    styles = {line.get_gid(): (list(line.get_xdata()), line.get_linestyle()) for line in ax.get_lines()
              if str(line.get_gid()).startswith("segment:")}
    assert styles == {"segment:0:0": ([2018, 2020], ":"), "segment:0:1": ([2020, 2021], "-"),
                      "segment:0:2": ([2021, 2023], ":")}
    # the missing years are on the axis, so the reader sees what is skipped
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2018", "2019", "2020", "2021", "2022", "2023"]
    assert _legend(fig) == [charts.MARK_LABELS["stated"], charts.MARK_LABELS["gap"]]


def _ylim_and_ticks(fig) -> tuple[tuple[float, float], list[float]]:
    ax = fig.axes[0]
    low, high = ax.get_ylim()
    return (low, high), [float(t) for t in ax.get_yticks() if low - 1e-9 <= t <= high + 1e-9]


def test_axis_shows_every_point_with_a_margin_and_a_tick_below_the_lowest() -> None:
    fig = charts.trend_figure(_trend("head_appearance_rate"))
    (low, high), ticks = _ylim_and_ticks(fig)
    assert low < 45.78 and high > 80.0 and min(ticks) <= 45.78  # 45.78 sat below the lowest tick
    assert (45.78 - low) / (high - low) >= 0.05 and (high - 80.0) / (high - low) >= 0.1


@pytest.mark.parametrize(("values", "unit", "span"), [((100.0, 100.0), "%", (85.0, 103.0)),
                                                       ((99.0, 100.0), "%", (85.0, 103.0)),
                                                       ((2.0, 2.0), "%", (0.0, 13.0)),
                                                       ((5.0, 5.0), "件", (3.5, 6.5)),
                                                       ((1000.0, 1000.0), "件", (850.0, 1150.0))])
def test_a_flat_line_gets_a_sensible_range(values: tuple[float, float], unit: str,
                                           span: tuple[float, float]) -> None:
    frame = pd.DataFrame({"issuer": [BEIBEI] * 2, "year": [2020, 2021], "indicator": ["x"] * 2,
                          "subject": ["办结率"] * 2, "value": list(values), "unit": [unit] * 2})
    (trend,) = charts.trends(frame)
    fig = charts.trend_figure(trend)
    fig.canvas.draw()  # tick labels are set when drawn
    (low, high), ticks = _ylim_and_ticks(fig)
    assert span[0] <= low < min(values) and max(values) < high <= span[1], (low, high)
    assert len(ticks) >= 3 and min(ticks) <= min(values)  # never 96-104% around a flat 100%
    if unit == "%":  # no "105%" tick label for a rate
        ax = fig.axes[0]
        shown = [float(t.get_text()) for t in ax.get_yticklabels() if t.get_text()]
        assert max(shown) <= 100
    assert low >= 0 or min(values) == 0  # no negative axis under counts and rates


def test_value_labels_are_formatted_like_the_workbook() -> None:
    assert chartdata.value_label(52.0, "%") == "52.00%"
    assert chartdata.value_label(1182.0, "件") == "1,182 件"
    assert chartdata.value_label(151.0, "件", approximate=True) == "≈151 件"
    assert chartdata.value_label(2.5, "个工作日") == "2.5 个工作日"
    assert chartdata.value_label(11_941_300.0, "元", scale=(1e4, "万")) == "1,194.13 万元"
    assert chartdata.value_label(7.0, "") == "7"


def test_labels_too_close_at_one_year_are_left_out() -> None:
    def at(x: float, y: float) -> chartdata.PointLabel:
        return chartdata.PointLabel(x, y, f"{y:g}", "#000000", f"label:{x:g}:{y:g}")

    labels = [at(2020, 100), at(2020, 97), at(2020, 80), at(2021, 99)]
    kept = chartdata.spaced_labels(labels, gap=5)
    # 97 sits under 100 at 2020; 99 at another year is no conflict
    assert [(lab.x, lab.y) for lab in kept] == [(2020, 100), (2020, 80), (2021, 99)]


def test_crowded_charts_label_the_first_and_last_points_only() -> None:
    rows = [(f"{n}区", 2015 + y, "cases", "案件", float(10 * n + y), "件", False, False)
            for n in range(4) for y in range(5)]
    (trend,) = charts.trends(pd.DataFrame(rows, columns=list(_long().columns)))
    labels = sorted(str(t.get_gid()) for t in charts.trend_figure(trend).axes[0].texts)
    assert labels == sorted(f"label:{n}:{i}" for n in range(4) for i in (0, 4))


def test_chosen_font_covers_every_character_drawn_and_is_used() -> None:
    font = fonts.cjk_font()
    figs = [charts.trend_figure(t, font) for t in charts.trends(_long())]
    figs.append(charts.overview_figure(charts.most_changed(charts.trends(_long())), font))
    drawn = ""
    for fig in figs:
        for text in _texts(fig):
            drawn += text.get_text()
            assert text.get_fontfamily()[0] == font.name, text.get_text()
    assert "出庭应诉率" in drawn and BEIBEI in drawn
    assert fonts.covers(font.path, drawn), fonts.missing(font.path, drawn)
    # a character no font covers (private use) is replaced, not drawn as a box; controls dropped
    assert "\U000f0000" not in drawn and "\x07" not in drawn and "宣传资料?" in drawn


def test_no_glyph_missing_warning_and_readable_file_names(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise here
        written = charts.write_charts(_long(), tmp_path / "charts", svg=True)
    assert dict(matplotlib.rcParams) == before  # global settings untouched
    names = [p.name for p in written]
    assert names[:2] == ["trend_head_appearance_rate.png", "trend_head_appearance_rate.svg"]
    # no lexicon id: issuer and subject in pinyin (人民政府 dropped), then a stable hash of the key
    hostile = next(t for t in charts.trends(_long()) if not t.key.isascii())
    stem = charts.chart_stem(hostile)
    assert re.fullmatch(r"trend_chongqingshibeibeiqu_etc-passwd-xuanchuanziliao_[0-9a-f]{6}", stem), stem
    assert names[4:6] == [f"{stem}.png", f"{stem}.svg"]
    assert names[-2:] == ["overview.png", "overview.svg"]
    assert len(written) == 8
    for p in written:
        assert p.parent == tmp_path / "charts" and p.stat().st_size > 1000
        assert "/" not in p.name and ".." not in p.stem and p.name.isascii()
    assert sorted(x.name for x in (tmp_path / "charts").iterdir()) == sorted(names)  # no temp files left
    assert (tmp_path / "charts" / "overview.png").read_bytes()[:4] == b"\x89PNG"


def test_file_names_are_stable_unique_and_never_only_a_hash() -> None:
    def trend(issuer: str, subject: str, unit: str = "件", key: str = "", years=(2020, 2021)) -> charts.Trend:
        rows = [(issuer, y, key, subject, 1.0 + n, unit, False, False) for n, y in enumerate(years)]
        (t,) = charts.trends(pd.DataFrame(rows, columns=list(_long().columns)))
        return t

    a = charts.chart_stem(trend("重庆市北碚区人民政府", "受理行政复议案件"))
    assert a.startswith("trend_chongqingshibeibeiqu_shoulixingzhengfuyianjian_")
    # the same subject a year later keeps its name; another issuer or unit gets another one
    assert charts.chart_stem(trend("重庆市北碚区人民政府", "受理行政复议案件", years=(2020, 2021, 2022))) == a
    assert charts.chart_stem(trend("重庆市渝北区人民政府", "受理行政复议案件")) != a
    assert charts.chart_stem(trend("重庆市北碚区人民政府", "受理行政复议案件", unit="人次")) != a
    # homophones (same pinyin) stay apart by the hash
    assert charts.chart_stem(trend("甲区", "试点")) != charts.chart_stem(trend("甲区", "示点"))
    # no readable text at all: still a word before the hash
    assert re.fullmatch(r"trend_indicator_[0-9a-f]{6}", charts.chart_stem(trend("", "\U000f0000")))
    # a lexicon id in two units: both charts named by id and unit
    rows = [("甲区", y, "cases", "案件", 1.0 + y % 2, unit, False, False) for unit in ("件", "人次")
            for y in (2020, 2021)]
    stems = charts.chart_stems(charts.trends(pd.DataFrame(rows, columns=list(_long().columns))))
    assert [s.rsplit("_", 1)[0] for s in stems] == ["trend_cases_renci", "trend_cases_jian"]
    assert len(set(stems)) == 2


def test_no_pyplot_figures_are_left_open(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt

    charts.write_charts(_long(), tmp_path)
    assert plt.get_fignums() == []


def test_series_lines_targets_and_lexicon_names() -> None:
    frame = pd.DataFrame(
        {
            "issuer": [BEIBEI] * 6,
            "year": [2019, 2020, 2019, 2020, 2020, 2021],
            "indicator": ["reconsideration_received"] * 4 + ["", ""],
            "indicator_name": ["行政复议收案数"] * 4 + ["", ""],
            "subject": ["受理行政复议案件", "新收行政复议案件", "行政复议申请", "行政复议申请", "普法活动", "开展普法活动"],
            "value": [60.0, 70.0, 65.0, 72.0, 80.0, 90.0],
            "unit": ["件"] * 4 + ["场", "场"],
            "series": ["北碚区#1", "北碚区#1", "北碚区#2", "北碚区#2", "北碚区#3", "北碚区#3"],
            "target": [False] * 6,
        }
    )
    plan = frame.iloc[[5]].assign(year=2022, value=120.0, target=True)  # 力争…达到120场: a plan, not a value
    items = charts.trends(pd.concat([frame, plan], ignore_index=True))
    assert [(t.key, t.name) for t in items] == [("reconsideration_received", "行政复议收案数"), ("北碚区#3", "开展普法活动")]
    fig = charts.trend_figure(items[0])
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    # the same issuer twice in one chart: the labels name the subjects
    assert labels == [f"{BEIBEI} · 新收行政复议案件", f"{BEIBEI} · 行政复议申请"]
    assert items[1].years == [2020, 2021]


def test_large_values_are_labelled_in_wan() -> None:
    frame = pd.DataFrame({"issuer": [BEIBEI] * 2, "year": [2019, 2020], "indicator": ["budget"] * 2,
                          "subject": ["法治建设经费"] * 2, "value": [11_941_300.0, 13_000_000.0], "unit": ["元"] * 2})
    (trend,) = charts.trends(frame)
    fig = charts.trend_figure(trend)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "单位：万元"
    assert ax.yaxis.get_major_formatter()(12_000_000.0, 0) == "1,200"
    segment = next(line for line in ax.get_lines() if line.get_gid() == "segment:0:0")
    assert list(segment.get_ydata()) == [11_941_300.0, 13_000_000.0]  # the data stay in 元


def test_progress_is_reported(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    charts.write_charts(_long(), tmp_path, progress=lambda what, done, total: calls.append((what, done, total)))
    assert [c[1:] for c in calls] == [(0, 4), (1, 4), (2, 4), (3, 4)]
    assert calls[0][0] == "chart 负责人出庭应诉率" and calls[-1][0] == "chart overview"


def test_wide_table_input() -> None:
    wide = pd.DataFrame(
        {"issuer": [BEIBEI], "indicator": ["head_appearance_rate"], "subject": ["负责人出庭应诉率"], "unit": ["%"],
         "2019": [45.78], "2020": [64.29]}
    )
    (trend,) = charts.trends(wide)
    assert list(trend.data["year"]) == [2019, 2020] and list(trend.data["value"]) == [45.78, 64.29]


def test_stated_value_wins_over_implied_for_the_same_year() -> None:
    frame = pd.DataFrame(
        {"issuer": [BEIBEI] * 3, "year": [2019, 2019, 2020], "indicator": ["x"] * 3, "subject": ["受理案件"] * 3,
         "value": [40.0, 41.0, 50.0], "unit": ["件"] * 3, "implied": [True, False, False]}
    )
    (trend,) = charts.trends(frame)
    assert list(trend.data["value"]) == [41.0, 50.0] and not trend.data["implied"].any()


def test_overview_ranks_by_news_score() -> None:
    items = charts.trends(_long())
    ranked = charts.most_changed(items, 2)
    # 45.78 -> 80% is 34 points over 3 years (1.71) before 66 -> 151 件 (0.60) and 3,000 -> 5,000 份 (0.51)
    assert [t.key for t in ranked] == ["head_appearance_rate", "reconsideration_received"]
    fig = charts.overview_figure(ranked)
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == ["负责人出庭应诉率", "收到行政复议申请"]
    assert fig.get_suptitle() == charts.OVERVIEW_TITLE


def _table(rows: list[tuple[str, str, str, tuple[float, ...]]]) -> pd.DataFrame:
    """(indicator, subject, unit, values from 2019 on) for one issuer -> a long table."""
    return pd.DataFrame([(BEIBEI, 2019 + n, key, subject, v, unit, False, False) for key, subject, unit, values in rows
                         for n, v in enumerate(values)], columns=list(_long().columns))


def test_news_score_weighs_rates_in_points_and_counts_by_size() -> None:
    table = _table([
        ("small_count", "约谈次数", "次", (2.0, 3.0)),  # +50%, but 2 -> 3 is not news
        ("big_count", "受理案件", "件", (1000.0, 1100.0)),  # +10% of a large count
        ("doubled", "复议案件", "件", (100.0, 200.0)),  # a count that doubled
        ("rate", "出庭应诉率", "%", (50.0, 70.0)),  # +20 percentage points
        ("flat_rate", "办结率", "%", (100.0, 100.0)),
    ])
    scores = {t.key: t.news_score() for t in charts.trends(table)}
    assert [t.key for t in charts.most_changed(charts.trends(table))] == [
        "rate", "doubled", "big_count", "small_count", "flat_rate"]
    assert scores["small_count"] < 0.1 and scores["flat_rate"] == 0.0
    assert chartdata.line_score([2.0, 3.0], "次", 2) < chartdata.line_score([20.0, 30.0], "次", 2)
    # a fall counts as much as the same rise
    assert chartdata.line_score([200.0, 100.0], "件", 2) == chartdata.line_score([100.0, 200.0], "件", 2)


def test_more_years_add_to_the_score_and_failed_claims_come_first() -> None:
    table = _table([("two_years", "复议案件", "件", (100.0, 200.0)),
                    ("four_years", "诉讼案件", "件", (100.0, 130.0, 160.0, 200.0)),
                    ("small", "约谈次数", "次", (2.0, 3.0))])
    claims = pd.DataFrame({"issuer": [BEIBEI, BEIBEI], "indicator": ["small", "two_years"],
                           "subject": ["约谈次数", "复议案件"], "unit": ["次", "件"],
                           "claim_status": ["inconsistent", "consistent"]})
    assert [t.key for t in charts.most_changed(charts.trends(table))] == ["four_years", "two_years", "small"]
    items = charts.trends(table, claims)
    assert [t.failed_claims for t in items] == [0, 1, 0]  # four_years, small, two_years (key order)
    assert [t.key for t in charts.most_changed(items)] == ["small", "four_years", "two_years"]
    fig = charts.trend_figure(next(t for t in items if t.key == "small"))
    assert _footnote(fig) == charts.NOTE_FAILED.format(n=1)
    overview = charts.overview_figure(charts.most_changed(items))
    assert overview.axes[0].get_title() == charts.FAILED_MARK + "约谈次数"
    assert charts.NOTE_FAILED_PANELS in overview.get_supxlabel()


def test_claims_without_an_indicator_id_match_the_issuers_subject() -> None:
    table = _table([("", "开展执法案卷评查", "次", (2.0, 3.0))])
    claims = pd.DataFrame({"issuer": [BEIBEI], "indicator": [""], "subject": ["开展执法案卷评查"], "unit": ["次"],
                           "claim_status": ["inconsistent"]})
    (trend,) = charts.trends(table, claims)
    assert trend.failed_claims == 1


def test_no_charts_without_two_years(tmp_path: Path) -> None:
    assert charts.write_charts(_long().query("year == 2021"), tmp_path) == []


# ------------------------------------------------------------------ fonts


def test_bundled_font_covers_chinese() -> None:
    font = fonts.bundled_font()
    assert font.source == "mplfonts" and Path(font.path).is_file()
    assert fonts.covers(font.path, fonts.PROBE_TEXT + "负责人出庭应诉率（％）")
    assert not fonts.covers(font.path, "\U000f0000")
    assert fonts.missing(font.path, "中a\U000f0000中") == "\U000f0000"


def test_system_font_preferred_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    bundled = fonts.bundled_font()

    class Entry:
        def __init__(self, name: str, fname: str) -> None:
            self.name, self.fname = name, fname

    dejavu = font_manager.findfont("DejaVu Sans")
    # a preferred family installed on the system (here: the same file under a system name)
    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [Entry("DejaVu Sans", dejavu), Entry("WenQuanYi Zen Hei", bundled.path)])
    assert fonts.system_font() == fonts.FontChoice("WenQuanYi Zen Hei", bundled.path, "system")
    # a family that claims a CJK name but lacks the glyphs is skipped
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [Entry("Fake Hei", dejavu)])
    assert fonts.system_font() is None


def test_fallback_to_mplfonts_when_no_system_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "system_font", lambda: None)
    fonts.cjk_font.cache_clear()
    try:
        assert fonts.cjk_font().source == "mplfonts"
    finally:
        fonts.cjk_font.cache_clear()


def test_font_context_restores_rcparams() -> None:
    before = list(matplotlib.rcParams["font.family"])
    with fonts.font_context() as font:
        assert matplotlib.rcParams["font.family"][0] == font.name
    assert list(matplotlib.rcParams["font.family"]) == before


def test_an_issuer_keeps_its_colour_and_counts_get_whole_ticks() -> None:
    items = charts.trends(_long())
    colors = charts.issuer_colors([BEIBEI, YUBEI])
    received = next(t for t in items if t.key == "reconsideration_received")  # BEIBEI only
    rate = next(t for t in items if t.key == "head_appearance_rate")  # BEIBEI and YUBEI

    def colour_of(fig, n: int = 0) -> str:
        return next(line.get_color() for line in fig.axes[0].get_lines() if line.get_gid() == f"segment:{n}:0")

    assert colour_of(charts.trend_figure(received, colors=colors)) == colour_of(charts.trend_figure(rate,
                                                                                                  colors=colors))
    overview = charts.overview_figure([received, rate], colors=colors)
    assert [t.get_text() for t in overview.legends[0].get_texts()] == [BEIBEI, YUBEI, *(
        charts.MARK_LABELS[k] for k in ("stated", "implied", "approximate"))]
    ax = charts.trend_figure(received, colors=colors).axes[0]
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)


def test_a_rerun_leaves_no_stale_charts(tmp_path: Path) -> None:
    # A second run into the same folder (another corpus, or without --svg) left the first run's
    # charts next to the new ones, where they read as current; other files stay.
    out = tmp_path / "charts"
    charts.write_charts(_long(), out, svg=True)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "photo.png").write_bytes(b"\x89PNG")
    fewer = _long().query("indicator != 'reconsideration_received'")
    written = charts.write_charts(fewer, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([p.name for p in written] + ["notes.txt", "photo.png"])
    assert not (out / "trend_reconsideration_received.png").exists() and not (out / "overview.svg").exists()
