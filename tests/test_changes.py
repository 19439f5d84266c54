"""Indicators across years, their changes and the check of stated changes, on the multi-year
fixtures (tests/fixtures/corpus: 嘉陵区 2019-2021, 临江县 2018 and 2020) and the seed."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from compare import load, load_bytes
from compare.across.changes import (
    CHANGES_COLUMNS,
    LONG_COLUMNS,
    changes_table,
    long_table,
    match_indicators,
    units_compatible,
    wide_table,
)
from compare.cli import app
from compare.models import Indicator
from compare.read.corpus import group_reports, load_corpus

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def jialing() -> pd.DataFrame:
    return changes_table(load_corpus([CORPUS / "jialing"]))


def _row(frame: pd.DataFrame, indicator: str, year_old: int, year_new: int, pair: str = "consecutive") -> pd.Series:
    rows = frame[(frame.indicator == indicator) & (frame.year_old == year_old) & (frame.year_new == year_new)
                 & (frame.pair == pair)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_seed_alone_implies_2019_value() -> None:
    frame = changes_table(load_corpus([SEED]))
    r = _row(frame, "head_appearance_rate", 2019, 2020)
    assert r.subject == "负责人出庭应诉率"
    assert (r.value_old, r.value_new, r.change, r.change_kind) == (45.78, 64.29, 18.51, "percentage_points")
    assert bool(r.implied) and r.claim_status == "unverifiable"


def test_seed_cli_csv_acceptance() -> None:
    res = CliRunner().invoke(app, ["changes", str(SEED), "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = [r for r in csv.DictReader(io.StringIO(res.stdout)) if r["indicator"] == "head_appearance_rate"]
    assert len(rows) == 1
    r = rows[0]
    assert (r["year_old"], r["value_old"], r["year_new"], r["value_new"]) == ("2019", "45.78", "2020", "64.29")
    assert (r["change"], r["change_kind"], r["implied"]) == ("18.51", "percentage_points", "True")


def test_consistent_claim_truncated_not_rounded(jialing: pd.DataFrame) -> None:
    # 66 -> 151 is +128.7878…%; the report truncates to 128.78%.
    r = _row(jialing, "reconsideration_received", 2019, 2020)
    assert (r.value_old, r.value_new, r.change, r.change_kind) == (66, 151, 85, "absolute")
    assert r["pct_change"] == 128.79
    assert (r.claim_status, r.claimed_change, r.claimed_kind) == ("consistent", 128.78, "percent")


def test_consistent_points_claim(jialing: pd.DataFrame) -> None:
    r = _row(jialing, "head_appearance_rate", 2019, 2020)
    assert (r.value_old, r.value_new, r.change) == (45, 64.29, 19.29)
    assert (r.claim_status, r.claimed_change, r.claimed_kind) == ("consistent", 19.29, "percentage_points")
    r = _row(jialing, "head_appearance_rate", 2020, 2021)
    assert (r.change, r.claim_status) == (15.71, "consistent")


def test_inconsistent_claim_shows_both_numbers_and_gap(jialing: pd.DataFrame) -> None:
    # 2021 says 收到行政复议申请172件，同比增长20%; 2020 said 151: +13.91%.
    r = _row(jialing, "reconsideration_received", 2020, 2021)
    assert (r.value_old, r.value_new, r.change) == (151, 172, 21)
    assert r.claim_status == "inconsistent"
    assert (r.claimed_change, r.gap) == (20, 6.09)
    assert "151" in r.note and "172" in r.note and "+13.91%" in r.note


def test_ambiguous_bare_percent_resolved_by_prior_report(jialing: pd.DataFrame) -> None:
    # 全程网办率达到90%，同比上升20%: as points the 2020 value would be 70; 2020 says 75, so the
    # relative reading (75 * 1.2 = 90) wins.
    r = _row(jialing, "online_service_rate", 2020, 2021)
    assert (r.value_old, r.value_new, r.change, r.change_kind) == (75, 90, 15, "percentage_points")
    assert (r.claim_status, r.claimed_kind, r.claimed_change) == ("consistent", "percent", 20)
    assert "相对变化" in r.note


def test_decrease_claim(jialing: pd.DataFrame) -> None:
    r = _row(jialing, "litigation_cases", 2020, 2021)
    assert (r.value_old, r.value_new, r.change, r["pct_change"]) == (98, 85, -13, -13.27)
    assert (r.claim_status, r.claimed_change) == ("consistent", -13.27)


def test_approximate_inputs_mark_the_change(jialing: pd.DataFrame) -> None:
    r = _row(jialing, "law_popularization_materials", 2019, 2020)  # 3000余份 -> 约5000份
    assert (r.value_old, r.value_new, r.change) == (3000, 5000, 2000)
    assert bool(r.approximate) and "3000余份" in r.note and "约5000份" in r.note
    r = _row(jialing, "reconsideration_received", 2019, 2020)
    assert not bool(r.approximate)


def test_first_to_last(jialing: pd.DataFrame) -> None:
    r = _row(jialing, "head_appearance_rate", 2019, 2021, pair="first_last")
    assert (r.value_old, r.value_new, r.change, r.claim_status) == (45, 80, 35, "")


def test_matching_across_reworded_subjects_and_moved_sections(jialing: pd.DataFrame) -> None:
    # 公布区级政务服务事项清单1182项 (2019 二/(一)) -> 动态调整区级政务服务事项清单1206项 (2020 一/(二)/1)
    r = _row(jialing, "gov_service_items", 2019, 2020)
    assert (r.value_old, r.value_new, r.change) == (1182, 1206, 24)
    # an indicator without canonical id matched by subject inside aligned sections
    rows = jialing[(jialing.subject == "重大行政决策事项") & (jialing.pair == "consecutive")]
    assert [(int(a), int(b)) for a, b in zip(rows.value_old, rows.value_new, strict=True)] == [(12, 15), (15, 18)]


def test_targets_are_never_compared(jialing: pd.DataFrame) -> None:
    assert 95 not in set(jialing.value_new) and 95 not in set(jialing.value_old)


def test_gap_year_filled_by_implied_value() -> None:
    corpus = load_corpus([CORPUS / "linjiang"])
    assert corpus.gaps == (("临江县", 2019),)
    frame = changes_table(corpus)
    r = _row(frame, "mediation_cases", 2019, 2020)
    assert (r.value_old, r.value_new, bool(r.implied), r.claim_status) == (1250, 1380, True, "unverifiable")
    assert (r.claimed_change, r.claimed_kind) == (10.4, "percent")
    # the real 2018 value and the 2020 value still pair first -> last
    r = _row(frame, "mediation_cases", 2018, 2020, pair="first_last")
    assert (r.value_old, r.change, bool(r.implied)) == (1250, 130, False)


def test_points_reading_wins_when_it_matches_the_prior_report() -> None:
    # The seed states 同比上升18.51% on a rate; with a 2019 report saying 45.78%, the points reading
    # is confirmed (the relative reading would need 54.25%).
    text = ("重庆市北碚区人民政府关于2019年度法治政府建设情况的报告\n\n一、2019年法治政府建设情况\n\n"
            "（一）加强行政应诉工作。行政机关负责人出庭应诉率为45.78%。\n")
    old = load_bytes(text.encode("utf-8"), "beibei_2019.txt")
    frame = changes_table(group_reports([old, load(SEED)]))
    r = _row(frame, "head_appearance_rate", 2019, 2020)
    assert (r.value_old, r.value_new, r.change) == (45.78, 64.29, 18.51)
    assert (r.claim_status, r.claimed_kind, bool(r.implied)) == ("consistent", "percentage_points", False)


def _ind(subject: str, value: float, unit: str, kind: str = "count", indicator: str = "", section: str = "一") -> Indicator:
    return Indicator(section=section, indicator=indicator, subject=subject, value=value, unit=unit,
                     qualifier="exact", kind=kind, text=f"{value}{unit}", sentence="", start=0, end=1)  # type: ignore[arg-type]


def test_units_never_cross_and_matching_is_one_to_one() -> None:
    assert units_compatible("件", "件次") and not units_compatible("件", "%")
    old = [_ind("行政复议案件", 32, "件"), _ind("行政复议案件纠错率", 8.5, "%", "rate")]
    new = [_ind("行政复议案件纠错率", 9.0, "%", "rate"), _ind("行政复议案件", 40, "件"), _ind("行政复议案件", 41, "件")]
    pairs = match_indicators(old, new, [("一", "一")])
    assert pairs == {0: 1, 1: 0}
    # same subject, incompatible unit: no pair at all
    assert match_indicators([_ind("办结", 30, "件")], [_ind("办结", 95.0, "%", "rate")]) == {}
    # 办结 and 受理 of the same cases are different measures (activity after the space)
    assert match_indicators([_ind("行政复议案件 办结", 30, "件")], [_ind("行政复议案件", 40, "件")], [("一", "一")]) == {}
    # known and different canonical ids never pair, however similar the subjects
    assert match_indicators([_ind("行政复议案件 办结", 30, "件", indicator="reconsideration_closed")],
                            [_ind("行政复议案件", 40, "件", indicator="reconsideration_received")]) == {}


def test_long_and_wide_tables() -> None:
    corpus = load_corpus([CORPUS / "jialing"])
    long = long_table(corpus)
    assert tuple(long.columns) == LONG_COLUMNS
    assert set(long.year) == {2019, 2020, 2021}
    approx = long[long.text == "约5000份"].iloc[0]
    assert (approx.qualifier, bool(approx.approximate)) == ("approx", True)
    assert long.target.any()  # the 2022 plan's 95%
    before = long.copy(deep=True)
    wide = wide_table(long)
    pd.testing.assert_frame_equal(long, before)  # the caller's frame is untouched
    assert [c for c in wide.columns if isinstance(c, int)] == [2019, 2020, 2021]
    r = wide[wide.indicator == "head_appearance_rate"].iloc[0]
    assert (r[2019], r[2020], r[2021]) == (45, 64.29, 80)
    assert not (wide.series.duplicated()).any()


def test_long_table_has_implied_rows_for_the_seed() -> None:
    long = long_table(load_corpus([SEED]))
    implied = long[long.implied]
    assert list(zip(implied.year, implied.indicator, implied.value, strict=True)) == [
        (2019, "head_appearance_rate", 45.78)]
    wide = wide_table(long)
    r = wide[wide.indicator == "head_appearance_rate"].iloc[0]
    assert (r[2019], r[2020], r.implied_years) == (45.78, 64.29, "2019")


def test_columns_and_empty_result() -> None:
    text = "临江县人民政府关于2020年度法治政府建设情况的报告\n\n一、主要举措\n\n全面推进依法行政。\n"
    frame = changes_table(group_reports([load_bytes(text.encode("utf-8"), "x.txt")]))
    assert tuple(frame.columns) == CHANGES_COLUMNS and len(frame) == 0


def test_cli_library_parity() -> None:
    lib = changes_table(load_corpus([CORPUS]))
    runner = CliRunner()
    res = runner.invoke(app, ["changes", str(CORPUS), "--format", "json"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    want = json.loads(lib.to_json(orient="records", force_ascii=False))
    assert got == want
    res = runner.invoke(app, ["changes", str(CORPUS / "jialing"), str(CORPUS / "linjiang"), "--format", "csv"])
    assert res.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(res.stdout)))) == len(lib)
    assert "Note: 临江县: no report for 2019" in res.stderr


def test_cli_duplicate_year_is_a_named_error(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", tmp_path / "a.txt")
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", tmp_path / "b.txt")
    res = CliRunner().invoke(app, ["changes", str(tmp_path)])
    assert res.exit_code == 2
    line = res.stderr.strip()
    assert line.startswith(f"Error: {tmp_path / 'b.txt'}: second report of 嘉陵区 for 2020; the first is "
                           f"{tmp_path / 'a.txt'}")


def test_cli_bad_manifest_names_the_line(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", tmp_path / "a.txt")
    (tmp_path / "m.csv").write_text("path,issuer,year\na.txt,嘉陵区,two thousand\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["changes", str(tmp_path / "a.txt"), "--manifest", str(tmp_path / "m.csv")])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"Error: {tmp_path / 'm.csv'}: line 2: year 'two thousand' is not a year")


def test_tables_gives_both_tables_from_one_pass():
    from compare.across.changes import tables

    corpus = load_corpus([CORPUS])
    long, changes = tables(corpus)
    pd.testing.assert_frame_equal(long, long_table(corpus))
    pd.testing.assert_frame_equal(changes, changes_table(corpus))


def _two_years(old_body: str, new_body: str) -> pd.DataFrame:
    head = "重庆市江南区人民政府关于{y}年度法治政府建设情况的报告\n\n一、{y}年法治政府建设情况\n\n（一）行政应诉。{b}\n"
    old = load_bytes(head.format(y=2019, b=old_body).encode("utf-8"), "jn_2019.txt")
    new = load_bytes(head.format(y=2020, b=new_body).encode("utf-8"), "jn_2020.txt")
    return changes_table(group_reports([old, new]))


def test_stated_change_below_the_computed_one_by_a_whole_step_is_inconsistent() -> None:
    # 败诉率 8.2% -> 6.1% is -2.1 points (-25.6% relative); 同比下降3% fits neither reading. A report
    # may round 2.5..3.5 or truncate 3..4 to "3", never 2.1: a +-1 step tolerance called it consistent.
    frame = _two_years("行政机关败诉率8.2%。", "行政机关败诉率6.1%，同比下降3%。")
    r = _row(frame, "litigation_loss_rate", 2019, 2020)
    assert (r.value_old, r.value_new, r.change) == (8.2, 6.1, -2.1)
    assert r.claim_status == "inconsistent"
    # the bare % fits neither reading; the note gives both computed figures
    assert r.note.endswith("8.2→6.1为-2.1个百分点，按相对变化计为-25.61%")
    # Rounding (19.6% stated as 20%) and truncation (20.8% stated as 20%) stay consistent.
    frame = _two_years("一审行政诉讼案件250件。", "一审行政诉讼案件299件，同比增长20%。")
    assert _row(frame, "litigation_cases", 2019, 2020).claim_status == "consistent"
    frame = _two_years("一审行政诉讼案件250件。", "一审行政诉讼案件302件，同比增长20%。")
    assert _row(frame, "litigation_cases", 2019, 2020).claim_status == "consistent"
    # 100 -> 119 is +19%: not a rounding or truncation of 20%.
    frame = _two_years("一审行政诉讼案件100件。", "一审行政诉讼案件119件，同比增长20%。")
    assert _row(frame, "litigation_cases", 2019, 2020).claim_status == "inconsistent"


def test_from_to_claim_checks_its_indicator_instead_of_a_second_row() -> None:
    # 由76%提升至92%: the 92% indicator sits inside the change phrase. It was not linked to the claim,
    # so the table had the unchecked 76 -> 92 pair plus a "claim" row saying the indicator was not found.
    frame = _two_years("全程网办率达到76%。", "全程网办率由76%提升至92%。")
    rows = frame[frame.indicator == "online_service_rate"]
    assert list(rows.pair) == ["consecutive"]
    r = rows.iloc[0]
    assert (r.value_old, r.value_new, r.change, r.claim_status) == (76, 92, 16, "consistent")
    frame = _two_years("全程网办率达到80%。", "全程网办率由76%提升至92%。")
    assert _row(frame, "online_service_rate", 2019, 2020).claim_status == "inconsistent"


def test_notes_quote_the_stated_change_and_mark_implied_values() -> None:
    # The note quoted 同比增长128.78% as "+128.8%", and an implied value by its change phrase
    # ("approximate: 151件 -> 同比增长20%") without saying the newer value was implied.
    frame = _two_years("全年收到行政复议申请120件。", "全年收到行政复议申请151件，同比增长128.78%。")
    assert "报告称+128.78%（同比增长128.78%）" in _row(frame, "reconsideration_received", 2019, 2020).note
    head = "重庆市江南区人民政府关于{y}年度法治政府建设情况的报告\n\n一、{y}年法治政府建设情况\n\n（一）行政复议。{b}\n"
    reports = [load_bytes(head.format(y=y, b=b).encode("utf-8"), f"jn_{y}.txt")
               for y, b in ((2020, "全年收到行政复议申请151件。"), (2022, "全年收到行政复议申请约200件，同比增长20%。"))]
    frame = changes_table(group_reports(reports))
    r = _row(frame, "reconsideration_received", 2020, 2021)
    assert (r.value_new, bool(r.implied)) == (167, True)
    assert "151件→167（推算）" in r.note
    assert "所读报告中无2021年数值：由2022年报告推算（同比增长20%）" in r.note


def test_an_indicator_a_report_skips_continues_its_series() -> None:
    # 直接纠错率 is in the 2019 and 2021 reports, not in 2020's: the series broke in two and the
    # 2019 -> 2021 change was missing from the table.
    head = "重庆市江南区人民政府关于{y}年度法治政府建设情况的报告\n\n一、{y}年法治政府建设情况\n\n（一）行政复议。{b}\n"
    bodies = {2019: "全年收到行政复议申请100件，直接纠错率10%。", 2020: "全年收到行政复议申请120件。",
              2021: "全年收到行政复议申请130件，直接纠错率12%。"}
    reports = [load_bytes(head.format(y=y, b=b).encode("utf-8"), f"jn_{y}.txt") for y, b in bodies.items()]
    frame = changes_table(group_reports(reports))
    r = _row(frame, "reconsideration_correction_rate", 2019, 2021)
    assert (r.value_old, r.value_new, r.change, r.change_kind) == (10, 12, 2, "percentage_points")
    wide = wide_table(long_table(group_reports(reports)))
    assert (wide.indicator == "reconsideration_correction_rate").sum() == 1


def test_change_stated_against_an_explicit_earlier_year_is_checked() -> None:
    # The 2021 report says 较2019年增长50% (and 较2019年增长60% in a four-year run): the 2020 -> 2021
    # row ignores a claim based on 2019, and the claim was checked nowhere.
    head = "重庆市江南区人民政府关于{y}年度法治政府建设情况的报告\n\n一、{y}年法治政府建设情况\n\n（一）行政复议。{b}\n"

    def table(bodies: dict[int, str]) -> pd.DataFrame:
        return changes_table(group_reports(
            [load_bytes(head.format(y=y, b=b).encode("utf-8"), f"jn_{y}.txt") for y, b in bodies.items()]))

    frame = table({2019: "全年收到行政复议申请100件。", 2020: "全年收到行政复议申请120件。",
                   2021: "全年收到行政复议申请150件，较2019年增长50%。"})
    assert _row(frame, "reconsideration_received", 2020, 2021).claim_status == ""
    r = _row(frame, "reconsideration_received", 2019, 2021, pair="first_last")
    assert (r.claim_status, r.claimed_change, r.claimed_kind) == ("consistent", 50, "percent")
    frame = table({2018: "全年收到行政复议申请90件。", 2019: "全年收到行政复议申请100件。",
                   2020: "全年收到行政复议申请120件。", 2021: "全年收到行政复议申请150件，较2019年增长60%。"})
    r = _row(frame, "reconsideration_received", 2019, 2021, pair="claim")
    assert (r.value_old, r.value_new, r.claim_status, r.claimed_change) == (100, 150, "inconsistent", 60)
    assert _row(frame, "reconsideration_received", 2018, 2021, pair="first_last").claim_status == ""


def test_people_and_attendances_are_not_one_unit() -> None:
    # 300人 (people trained) and 1200人次 (attendances) were paired: +300% in 人次.
    assert not units_compatible("人", "人次") and units_compatible("人", "名")
    frame = _two_years("组织培训执法人员300人。", "组织培训执法人员1200人次。")
    assert frame.empty or not ((frame.value_old == 300) & (frame.value_new == 1200)).any()


def test_cli_says_why_the_table_is_empty_for_different_issuers(tmp_path: Path) -> None:
    # Two districts' reports for one year: the table was empty with no word on why.
    for name, issuer in (("a.txt", "重庆市江南区人民政府"), ("b.txt", "青山县人民政府")):
        (tmp_path / name).write_text(f"{issuer}关于2020年度法治政府建设情况的报告\n\n一、主要举措\n\n"
                                     "全年收到行政复议申请120件。\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["changes", str(tmp_path), "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == ",".join(CHANGES_COLUMNS)
    assert "Note: no issuer has two reports (江南区、青山县)" in res.stderr


def test_a_combined_scope_is_not_the_same_series_as_one_body() -> None:
    # 县委常委会和县政府常务会议 together studied law 7 times in one year; the next report gives the
    # county government's meetings alone (10 times). Pairing them showed a +3 that measures nothing.
    frame = _two_years("县委常委会和县政府常务会议学法共7次。", "县政府常务会议学法10次。")
    assert frame.empty or not ((frame.value_old == 7) & (frame.value_new == 10)).any()
    old = [_ind("县委常委会和县政府常务会议学法", 7, "次")]
    assert match_indicators(old, [_ind("县政府常务会议学法", 10, "次")], [("一", "一")]) == {}
    # the same combined scope in both years still pairs, and words that merely contain 与/及/和 are
    # not combinations (公众参与率, 涉及金额, 和解)
    assert match_indicators(old, [_ind("县委常委会和县政府常务会议学法", 9, "次")], [("一", "一")]) == {0: 0}
    assert match_indicators([_ind("调解协议涉及金额", 5, "元", "money")],
                            [_ind("调解协议涉及金额", 6, "元", "money")], [("一", "一")]) == {0: 0}
    assert match_indicators([_ind("行政复议案件 和解", 3, "件")], [_ind("行政复议案件 和解", 4, "件")]) == {0: 0}


def test_changes_with_a_manifest_uses_only_the_files_given(tmp_path: Path) -> None:
    # issue 9, item 10: the manifest names three reports; the command is given two of them.
    import shutil

    from compare.pipeline import corpus_changes

    corpus_dir = Path(__file__).parent / "fixtures" / "corpus"
    for name in ("jialing_2019.txt", "jialing_2020.txt", "jialing_2021.txt"):
        shutil.copy(corpus_dir / "jialing" / name, tmp_path / name)
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,issuer,year\njialing_2019.txt,,\njialing_2020.txt,,\njialing_2021.txt,,2021\n",
                        encoding="utf-8")
    given = [tmp_path / "jialing_2019.txt", tmp_path / "jialing_2020.txt"]
    corpus, frame = corpus_changes(given, manifest=manifest)
    assert sorted(r.year for r in corpus.reports) == [2019, 2020]
    assert set(frame["year_new"].dropna().astype(int)) == {2020}
    res = CliRunner().invoke(app, ["changes", *map(str, given), "--manifest", str(manifest), "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows and {r["year_new"] for r in rows} == {2020}
    assert not any("jialing_2021" in (r.get("source_new") or "") for r in rows)
