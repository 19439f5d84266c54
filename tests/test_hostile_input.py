"""Hostile and edge-case input that must never crash a stage: a 100% fall, numbers beyond float
range, and the JSON renderer (no Infinity/NaN in its output)."""

from __future__ import annotations

import json
import math
from typing import Any

from typer.testing import CliRunner

from compare.across.changes import changes_table
from compare.cli import app
from compare.extract.claims import extract_claims
from compare.extract.indicators import extract_indicators
from compare.extract.numbers import find_numbers
from compare.models import Report
from compare.read.corpus import group_reports
from compare.read.loading import load_bytes

HUGE = "9" * 400  # beyond float range: float("9" * 400) == inf


def _report(body: str, year: int = 2022, issuer: str = "某区人民政府") -> Report:
    return load_bytes(f"{issuer}{year}年法治政府建设年度报告\n一、主要工作\n{body}\n".encode(), "t.txt",
                      year=year, issuer=issuer)


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(f"not JSON: {name}")
    return json.loads(text, parse_constant=refuse)


def test_a_fall_of_100_percent_has_no_implied_base_and_says_so() -> None:
    claims = extract_claims(_report("全年受理案件5件，同比下降100%。"))
    assert len(claims) == 1
    assert claims[0].implied_base is None
    assert "基数无定义" in claims[0].note


def test_a_fall_of_one_times_and_of_more_than_100_percent_also() -> None:
    claims = extract_claims(_report("办理复议案件3件，同比减少1倍。收到申请8件，同比下降120%。"))
    assert [c.implied_base for c in claims] == [None, None]
    assert all("基数无定义" in c.note for c in claims)


def test_an_ordinary_fall_keeps_its_implied_base_and_no_note() -> None:
    (claim,) = extract_claims(_report("全年受理案件90件，同比下降10%。"))
    assert claim.implied_base == 100 and claim.note == ""


def test_a_rate_falling_100_percent_keeps_the_points_reading() -> None:
    # bare % on a rate: 100 points down from 100% is 0%, defined; the relative reading is not
    (claim,) = extract_claims(_report("行政复议纠错率为0%，同比下降100%。"))
    assert claim.implied_base == 100 and claim.alt_implied_base is None
    assert "基数无定义" in claim.note


def test_numbers_beyond_float_range_are_not_quantities() -> None:
    assert find_numbers(f"收到金额{HUGE}元") == []
    report = _report(f"收到金额{HUGE}元，受理案件{HUGE}件，同比增长5%。办结{HUGE}万件。")
    assert all(math.isfinite(i.value) for i in extract_indicators(report))
    for c in extract_claims(report):
        assert all(x is None or math.isfinite(x) for x in (c.value, c.change, c.implied_base, c.alt_implied_base))


def test_a_scale_word_that_overflows_is_not_a_quantity() -> None:
    # 1e305 is a float; times 亿 (1e8) it is not
    report = _report(f"收到金额1{'0' * 305}亿件，受理案件5件。")
    assert [i.value for i in extract_indicators(report)] == [5]


def test_changes_beyond_float_range_are_none_not_infinite() -> None:
    tiny = "0." + "0" * 300 + "1"  # 1e-301: a relative change from it overflows
    big = "1" + "0" * 300
    old = _report(f"受理行政复议案件{tiny}件。", year=2021)
    new = _report(f"受理行政复议案件{big}件，同比增长5%。", year=2022)
    frame = changes_table(group_reports([old, new]))
    for col in ("change", "pct_change", "claimed_change", "gap", "value_old", "value_new"):
        for v in frame[col]:
            assert v is None or (isinstance(v, float) and (math.isnan(v) or math.isfinite(v))), (col, v)


def test_claims_changes_on_a_100_percent_fall_exit_0(tmp_path: Any) -> None:
    path = tmp_path / "r.txt"
    path.write_text("某区人民政府2022年法治政府建设年度报告\n一、主要工作\n受理案件5件，同比下降100%。\n同比减少1倍。\n",
                    encoding="utf-8")
    runner = CliRunner()
    for cmd in ("claims", "changes"):
        result = runner.invoke(app, [cmd, str(path), "--format", "json"])
        assert result.exit_code == 0, (cmd, result.output)
        _strict_json(result.stdout)


def test_json_output_never_holds_infinity(tmp_path: Any) -> None:
    old = tmp_path / "a.txt"
    new = tmp_path / "b.txt"
    old.write_text(f"某区人民政府2021年法治政府建设年度报告\n一、主要工作\n受理行政复议案件0.{'0' * 300}1件。\n",
                   encoding="utf-8")
    new.write_text(f"某区人民政府2022年法治政府建设年度报告\n一、主要工作\n受理行政复议案件1{'0' * 300}件。"
                   f"收到金额{HUGE}元，同比增长5%。\n", encoding="utf-8")
    runner = CliRunner()
    for args in (["changes", str(old), str(new)], ["claims", str(new)], ["indicators", str(new)]):
        result = runner.invoke(app, [*args, "--format", "json"])
        assert result.exit_code == 0, (args, result.output)
        _strict_json(result.stdout)  # raises on Infinity / NaN
        for fmt in ("table", "csv"):
            assert runner.invoke(app, [*args, "--format", fmt]).exit_code == 0


def test_the_json_renderer_writes_null_for_non_finite_floats(capsysbinary: Any) -> None:
    import pandas as pd

    from compare.cli.common import OutputFormat, render

    render(pd.DataFrame({"a": [math.inf, -math.inf, 1.5, math.nan]}), OutputFormat.json)
    rows = _strict_json(capsysbinary.readouterr().out.decode())
    assert [r["a"] for r in rows] == [None, None, 1.5, None]
