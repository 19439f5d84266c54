"""Stated changes: every pattern of DOMAIN.md "How year-over-year changes are stated", on sentences
written for these tests, plus the seed's one claim against the gold file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare import load, load_bytes
from compare.cli import app
from compare.extract.claims import CLAIM_COLUMNS, claims_frame, extract_claims
from compare.extract.indicators import extract_indicators
from compare.models import Claim

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
GOLD_CLAIMS = ROOT.parent / "shared" / "gold" / "seed_claims.csv"


def _claims(text: str, year: int | None = 2021) -> list[Claim]:
    return list(extract_claims(load_bytes(text.encode("utf-8"), "t.txt", year=year)))


def _one(text: str, year: int | None = 2021) -> Claim:
    found = _claims(text, year)
    assert len(found) == 1, found
    return found[0]


def test_relative_change_on_a_count() -> None:
    c = _one("全年新收行政复议案件151件，同比增长128.78%。")
    assert (c.subject, c.value, c.unit, c.indicator) == ("新收行政复议案件", 151, "件", "reconsideration_received")
    assert (c.base_year, c.direction, c.change, c.change_unit, c.change_kind) == (2020, "up", 128.78, "%", "percent")
    assert c.implied_base == 66  # 151 / 2.2878, kept whole like the count it is
    assert not c.interpreted and c.alt_change_kind is None
    assert c.text == "同比增长128.78%"


def test_change_in_brackets() -> None:
    c = _one("全年新增登记市场主体1.2万户，同比增长（15.3%）。")
    assert (c.text, c.value, c.change, c.change_kind, c.implied_base) == ("同比增长（15.3%）", 12000, 15.3, "percent",
                                                                          10408)


def test_relative_decrease_on_money() -> None:
    c = _one("办理法律援助案件涉及金额860万元，较上年下降14%。")
    assert (c.unit, c.value, c.direction, c.change_kind) == ("元", 8600000, "down", "percent")
    assert c.implied_base == 10000000


@pytest.mark.parametrize(("sentence", "direction", "change", "base"), [
    ("行政复议直接纠错率为8.7%，同比下降7.01个百分点。", "down", 7.01, 15.71),
    ("全程网办率达到96.3%，比上年提高17.6个百分点。", "up", 17.6, 78.7),
])  # fmt: skip
def test_point_change_on_a_rate(sentence: str, direction: str, change: float, base: float) -> None:
    c = _one(sentence)
    assert (c.direction, c.change, c.change_unit, c.change_kind) == (direction, change, "个百分点",
                                                                      "percentage_points")
    assert c.implied_base == base and not c.interpreted


def test_bare_percent_on_a_rate_is_ambiguous_and_read_as_points() -> None:
    c = _one("群众满意率达到61.74%，同比上升2.04%。")
    assert (c.change_kind, c.interpreted, c.implied_base) == ("percentage_points", True, 59.7)
    assert c.alt_change_kind == "percent"
    assert c.alt_implied_base == pytest.approx(61.74 / 1.0204, abs=0.005)


def test_points_base_is_rounded_to_the_inputs() -> None:
    c = _one("行政机关负责人出庭应诉率达到64.29%，与2019年同比上升18.51%。")
    assert c.implied_base == 45.78  # not 45.779999…
    assert c.base_year == 2019  # written, not report year − 1


@pytest.mark.parametrize(("sentence", "direction", "change", "unit", "base"), [
    ("一审行政诉讼案件43件，较上年减少6件。", "down", 6, "件", 49),
    ("新增市场主体5210家，比上年增加860家。", "up", 860, "家", 4350),
])  # fmt: skip
def test_absolute_change(sentence: str, direction: str, change: float, unit: str, base: float) -> None:
    c = _one(sentence)
    assert (c.direction, c.change, c.change_unit, c.change_kind, c.implied_base) == (direction, change, unit,
                                                                                      "absolute", base)


def test_absolute_change_with_an_explicit_base() -> None:
    c = _one("全县一审行政诉讼案件较2020年172件增加109件。", year=2021)
    assert (c.base_year, c.stated_base, c.implied_base, c.change, c.change_kind) == (2020, 172, 172, 109, "absolute")
    assert c.subject == "一审行政诉讼案件" and c.indicator == "litigation_cases"
    assert c.text == "较2020年172件增加109件"


def test_a_comparison_clause_covers_the_rest_of_the_sentence() -> None:
    found = _claims("与2019年相比，新办执法证件增加230个，注销执法证件减少15个。")
    assert [(c.subject, c.direction, c.change, c.base_year) for c in found] == [
        ("新办执法证件", "up", 230, 2019), ("注销执法证件", "down", 15, 2019)]


def test_from_to_computes_the_change() -> None:
    c = _one("行政机关负责人出庭应诉率由76%提升至92%。")
    assert (c.value, c.implied_base, c.stated_base, c.change, c.change_unit, c.change_kind, c.direction) == (
        92, 76, 76, 16, "个百分点", "percentage_points", "up")
    c = _one("行政复议案件数量由2020年的66件增长到2021年的151件。")
    assert (c.value, c.implied_base, c.change, c.change_kind, c.base_year) == (151, 66, 85, "absolute", 2020)
    c = _one("行政诉讼败诉率由15.2%降至9.8%。")
    assert (c.direction, c.change, c.implied_base) == ("down", 5.4, 15.2)


def test_doubling_and_flat() -> None:
    c = _one("受理法律援助案件320件，较上年翻了一番。")
    assert (c.direction, c.change, c.change_kind, c.value, c.implied_base) == ("up", 100, "percent", 320, 160)
    c = _one("行政机关败诉率为3.2%，与上年持平。")
    assert (c.direction, c.change, c.change_kind, c.implied_base, c.base_year) == ("flat", 0, "none", 3.2, 2020)


def test_growth_in_multiples_is_relative() -> None:
    c = _one("受理法律援助案件300件，较上年增长一倍。")
    assert (c.change, c.change_unit, c.change_kind, c.implied_base) == (1, "倍", "percent", 150)


def test_reduction_against_a_statutory_limit_has_no_base_year() -> None:
    c = _one("行政许可事项承诺办理时限比法定时限压缩70%以上。")
    assert (c.direction, c.change, c.change_kind, c.base_year) == ("down", 70, "percent", None)
    assert c.subject == "行政许可事项承诺办理时限"


def test_growth_rate_word_is_a_change() -> None:
    found = _claims("行政复议案件数量由2020年的66件增长到2021年的151件，增幅128.78%。")
    assert [c.change_kind for c in found] == ["absolute", "percent"]
    assert found[1].implied_base == 66


def test_a_change_with_its_own_subject_is_not_tied_to_an_earlier_level() -> None:
    found = _claims("共受理各类案件1200件，其中行政复议案件同比下降10%。")
    assert len(found) == 1
    assert (found[0].subject, found[0].value) == ("行政复议案件", None)


def test_base_year_unknown_without_report_year() -> None:
    assert _one("全年新收行政复议案件151件，同比增长12%。", year=None).base_year is None


def test_levels_are_not_changes() -> None:
    assert _claims("全程网办率提高到95%，新增执法人员50名，力争办结率达到98%。") == []


def test_claims_take_given_indicators() -> None:
    report = load_bytes("全年新收行政复议案件151件，同比增长12%。".encode(), "t.txt", year=2021)
    claims = extract_claims(report, extract_indicators(report))
    assert claims == extract_claims(report)


def test_seed_claim_equals_gold() -> None:
    found = extract_claims(load(SEED))
    assert len(found) == 1
    c = found[0]
    if GOLD_CLAIMS.is_file():
        with GOLD_CLAIMS.open(encoding="utf-8") as f:
            gold = next(csv.DictReader(f))
        assert c.section == gold["section"]
        assert gold["subject_key"] in c.subject
        assert c.value == float(gold["current_value"]) and c.unit == gold["current_unit"]
        assert c.base_year == int(gold["base_year"]) and c.direction == gold["direction"]
        assert c.change == float(gold["change_value"]) and c.change_unit == gold["change_unit"]
        assert c.change_kind == gold["change_kind"]
        assert c.implied_base == float(gold["implied_base_value"])
        assert c.text == gold["surface"]
    assert (c.base_year, c.direction, c.change, c.change_kind, c.implied_base) == (
        2019, "up", 18.51, "percentage_points", 45.78)


def test_cli_parity() -> None:
    frame = claims_frame(load(SEED))
    assert tuple(frame.columns) == CLAIM_COLUMNS
    result = CliRunner().invoke(app, ["claims", str(SEED), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    records = frame.to_dict(orient="records")
    assert len(rows) == len(records) == 1
    for col in CLAIM_COLUMNS:
        expected = records[0][col]
        if isinstance(expected, float):
            assert float(rows[0][col]) == pytest.approx(expected)
        else:
            assert rows[0][col] == ("" if expected is None else str(expected)), col


def test_cli_year_sets_the_default_base_year(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("某县行政复议工作情况\n全年新收行政复议案件151件，同比增长12%。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["claims", str(path), "--year", "2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    rows = json.loads(result.stdout)
    assert [(r["base_year"], r["change"], r["implied_base"]) for r in rows] == [(2022, 12.0, 135.0)]


@pytest.mark.parametrize(("sentence", "direction", "change", "base"), [
    ("全年共办理行政复议案件320件，比去年多办理120件。", "up", 120.0, 200.0),
    ("受理行政诉讼案件45件，较上年少受理15件。", "down", 15.0, 60.0),
])
def test_more_or_fewer_with_an_activity_verb(sentence: str, direction: str, change: float, base: float) -> None:
    c = _one(f"一、工作情况\n{sentence}\n")
    assert (c.direction, c.change, c.change_kind, c.implied_base) == (direction, change, "absolute", base)


def test_more_with_activity_but_no_comparison_is_not_a_change() -> None:
    assert _claims("一、工作情况\n全年多办理案件120件。\n") == []


@pytest.mark.parametrize(("sentence", "direction", "change", "base", "base_year"), [
    ("全年发放普法宣传资料5.6万份，是上年的2倍。", "up", 100.0, 28000.0, 2020),
    ("办理公证事项3,000件，为2019年同期的1.25倍。", "up", 25.0, 2400.0, 2019),
    ("新收行政复议案件120件，相当于去年的0.8倍。", "down", 20.0, 150.0, 2020),
])  # fmt: skip
def test_multiple_of_an_earlier_year_is_a_relative_change(sentence: str, direction: str, change: float,
                                                          base: float, base_year: int) -> None:
    c = _one(sentence)
    assert (c.direction, c.change, c.change_kind, c.implied_base, c.base_year) == (
        direction, change, "percent", base, base_year)
    # the multiple is not a level of its own
    assert all(i.unit != "倍" for i in extract_indicators(load_bytes(sentence.encode(), "t.txt", year=2021)))


def test_a_list_of_changes_pairs_with_a_list_of_levels_in_order() -> None:
    # 同比分别增长10%、20%: 20% was listed as a rate level with no subject, and 10% was tied to 诉讼案件
    text = "受理复议案件、诉讼案件分别为60件、120件，同比分别增长10%、20%。"
    report = load_bytes(text.encode("utf-8"), "t.txt", year=2021)
    assert [i.text for i in extract_indicators(report)] == ["60件", "120件"]
    found = _claims(text)
    assert [(c.subject, c.value, c.change, c.implied_base) for c in found] == [
        ("受理复议案件", 60, 10, pytest.approx(54.5, abs=0.5)), ("诉讼案件", 120, 20, 100)]
    # more changes than levels: no pairing is guessed, each change still found
    found = _claims("复议案件60件、诉讼案件120件，同比分别下降10%、20%和5%。")
    assert [c.change for c in found] == [10, 20, 5]
