"""Trend charts: tested on the plotted data and the fonts, never on pixels."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.text import Text

from compare.write import charts, fonts

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
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [BEIBEI, YUBEI]
    assert charts.NOTE_IMPLIED in _footnote(fig)


def test_approximate_values_get_a_hollow_marker_and_a_note() -> None:
    fig = charts.trend_figure(_trend("reconsideration_received"))
    ax = fig.axes[0]
    points = {line.get_gid(): line for line in ax.get_lines() if str(line.get_gid()).startswith("point:")}
    approx = points["point:0:approximate"]
    assert list(approx.get_xdata()) == [2021] and list(approx.get_ydata()) == [151.0]
    assert approx.get_markerfacecolor() == "white"
    assert points["point:0:exact"].get_markerfacecolor() != "white"
    assert "≈" in [t.get_text() for t in ax.texts]
    assert charts.NOTE_APPROX in _footnote(fig)
    assert ax.get_title() == f"{BEIBEI} · 收到行政复议申请"  # one issuer: named in the title
    assert ax.get_ylabel() == "单位：件"


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


def test_no_glyph_missing_warning_and_safe_file_names(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise here
        written = charts.write_charts(_long(), tmp_path / "charts", svg=True)
    assert dict(matplotlib.rcParams) == before  # global settings untouched
    names = [p.name for p in written]
    assert names[:2] == ["trend_head_appearance_rate.png", "trend_head_appearance_rate.svg"]
    assert names[4:6] == [f"trend_{charts.safe_name(f'{BEIBEI}|{HOSTILE}')}.png",
                          f"trend_{charts.safe_name(f'{BEIBEI}|{HOSTILE}')}.svg"]
    assert names[-2:] == ["overview.png", "overview.svg"]
    assert len(written) == 8
    for p in written:
        assert p.parent == tmp_path / "charts" and p.stat().st_size > 1000
        assert "/" not in p.name and ".." not in p.stem
    assert sorted(x.name for x in (tmp_path / "charts").iterdir()) == sorted(names)  # no temp files left
    assert (tmp_path / "charts" / "overview.png").read_bytes()[:4] == b"\x89PNG"


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


def test_overview_ranks_the_most_changed() -> None:
    items = charts.trends(_long())
    ranked = charts.most_changed(items, 2)
    # 66 -> 151 (+129%) beats 3000 -> 5000 (+67%) and 45.78 -> 80 (+75%)
    assert [t.key for t in ranked] == ["reconsideration_received", "head_appearance_rate"]
    fig = charts.overview_figure(ranked)
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == ["收到行政复议申请", "负责人出庭应诉率"]


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
    assert [t.get_text() for t in overview.legends[0].get_texts()] == [BEIBEI, YUBEI]
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
