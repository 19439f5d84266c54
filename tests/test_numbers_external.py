"""The Chinese number and percentage specs of microsoft/Recognizers-Text, run against
`compare.extract.numbers` (see ../shared/external/recognizers_text_zh/README.md).

Every case must pass: the set of (start, end, value) that `find_numbers` returns equals the
expected results. Conventions mapped, not skipped:
- NumberModel cases compare our non-percent spans (percentages are PercentModel's entity).
- PercentModel cases compare our percent spans; `X个百分点` is our numeral X followed by the unit
  个百分点 (our span stops before the unit, by design: it is the unit of a points change), so the
  unit is appended before comparing.
- End is INCLUSIVE in the data; ours is exclusive.
- A case whose whole input is one numeral (`二`, `十`, `百三`) is checked with `parse_number`
  when `find_numbers` deliberately drops it (a lone digit without a counting word is lexical).

A case is skipped only when listed in SKIPPED with the reason; a listed case that passes fails
the test, so the list cannot go stale.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from compare.extract.numbers import find_numbers
from compare.extract.numeral_value import parse_number

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "external" / "recognizers_text_zh"
_POINTS = re.compile(r"[ \t\u3000]*[个個][ \t\u3000]*百[ \t\u3000]*分[ \t\u3000]*[点點]")

# Reason -> inputs ("N:" NumberModel, "P:" PercentModel).
SKIPPED: dict[str, tuple[str, ...]] = {
    # 折 is a shop discount; reports state shares as %, 百分之 or 成 (九成以上, which is supported).
    "discount (折), not a report form": (
        "P:打对折", "P:陆 点 五 折", "P:7 2 折", "P:75折", "P:9.9折", "P:九 九 折",
        "P:三点一折", "P:半折", "P:２折", "P:两折", "P:三八折", "P:2折",
        "P:2折,2.5折,２．１折，２折", "P:九折,五五折,八点五折", "P:五折", "P:打對折", "P:陸 點 五 折", "P:三點一折",
        "P:兩折", "P:九折,五五折,八點五折", "P:苹果折扣一折",
    ),
    "tenths written 七成六 / 半成: not report forms (reports write 九成, 三成半)": (
        "P:七成 六", "P:半成",
    ),
    "scientific / engineering notation (2e5, 2^5, 40k, M), not used in report prose": (
        "N:40k", "N:2^5", "N:2e5", "N:21.2E0", "N:2^-1", "N:-1e1", "N:-2.5 M", "N:２.７８９０e－１",
        "N:1.1^+23", "N:2.5^-1", "N:-1.1^+23", "N:-2.5^-1", "N:-1.1^--23", "N:-127.32e13", "N:12.32e+14",
        "N:-12e-1", "P:百分之3.2k", "P:12k个百分点", "P:１５k个百分点", "P:百 分 之  ５２.５ k",
        "P:12k個百分點", "P:１５k個百分點", "P:百分之15Ｋ",
    ),
    "slash fractions: in reports a slash separates dates, alternatives and document numbers": (
        "N:４ ６／３", "N:-3/2", "N:３／５", "N:1 ３/5", "N:１６/5", "N:1 4/3的美梦,1/2的努力", "N:1 4/3的美夢,1/2的努力",
    ),
    "打 (dozen) and 半百: colloquial counts, not report forms": (
        "N:一打", "N:半百", "N:五十打", "N:十打苹果", "N:壹打", "N:十打蘋果",
    ),
    "兆 is 10^12 in this spec but 10^6 (兆瓦) in mainland usage; reports never use it as a numeral": (
        "N:五兆六十二亿四万五千二", "N:五十五兆一十二亿四万五千二", "N:五兆六十二億四萬五千二",
        "N:五十五兆壹十二億四萬五千二",
        "N:包括在金融市场中管理的基金管理业务在内的FILP总额也减少了二％，为四十九兆九千五百九十二億元，是有史以来最大的。",
    ),
    "lone digit without a counting word is lexical by design (统一, 一些, 前三): the spec reads it as a number": (
        "N:两百点两", "N:一点两小时的会议", "N:1502222, 二百五, 还有二分之。", "N:1502222, 二百五, 還有二分之。",
        "N:“一”和“五”", "N:这不是五这是二百零一", "N:这是五那是四", "N:这不是四川这是五", "N:这不是一这是九台",
        "N:答案是四不是五", "N:答案不是四而是五", "N:数量不是一却是五", "N:单销量排名前三的品牌",
        "N:三的另一种写法是叁", "N:一塊蛋糕",
    ),
    "ordinal after 第 is dropped by design": ("N:第零十刃",),
    "a run of numeral characters that is not one numeral is dropped whole by design (十四五, 七五普法)": (
        "N:五十千", "P:股票十天收盘价的百分之七十百分位大于1",
    ),
    "by design the span keeps its qualifier (四百多 -> over) and 百分之 (a percent, not a bare number)": (
        "N:四百多", "N:百分之五十五点五七九", "N:百分之十万零六百五十一",
    ),
    "by design 5-20% is one range span (5 to 20 percent); the spec reads only 20%": ("P:找出酒精量在5-20%之间的产品",),
}  # fmt: skip
_REASON = {key: reason for reason, keys in SKIPPED.items() for key in keys}


if not DATA.is_dir():  # the cases live in ../shared, which CI has beside the clone
    pytest.skip("../shared/external/recognizers_text_zh is not beside this checkout", allow_module_level=True)


def _cases() -> list[tuple[str, int, dict]]:
    out = []
    for model, name in (("N", "NumberModel.json"), ("P", "PercentModel.json")):
        with open(DATA / name, encoding="utf-8-sig") as fh:
            out += [(model, i, case) for i, case in enumerate(json.load(fh))]
    return out


CASES = _cases()


def _ours(model: str, text: str) -> list[tuple[int, int, float]]:
    out = []
    for s in find_numbers(text):
        if model == "N" and not s.is_percent:
            out.append((s.start, s.end, s.value))
        elif model == "P":
            if s.is_percent:
                out.append((s.start, s.end, s.value))
            elif m := _POINTS.match(text, s.end):
                out.append((s.start, m.end(), s.value))
    return out


def _expected(case: dict) -> list[tuple[int, int, float]]:
    return [(r["Start"], r["End"] + 1, float(r["Resolution"]["value"].rstrip("%"))) for r in case["Results"]]


def _close(a: float, b: float) -> bool:
    # The spec writes 1/3 as 350.333333333333 (15 significant digits).
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def passes(model: str, case: dict) -> bool:
    """True when our output matches the case (see the module docstring for the conventions)."""
    text = case["Input"]
    ours, expected = _ours(model, text), _expected(case)
    if len(ours) == len(expected) and all(
        o[0] == e[0] and o[1] == e[1] and _close(o[2], e[2]) for o, e in zip(ours, expected, strict=True)
    ):
        return True
    if len(expected) == 1 and expected[0][0] == 0 and expected[0][1] == len(text.rstrip()) and not ours:
        try:
            return _close(parse_number(text), expected[0][2])
        except ValueError:
            return False
    return False


def test_the_spec_files_are_complete() -> None:
    assert len(CASES) == 517
    inputs = {f"{m}:{c['Input']}" for m, _, c in CASES}
    assert set(_REASON) <= inputs, sorted(set(_REASON) - inputs)


@pytest.mark.parametrize(("model", "index", "case"), CASES, ids=[f"{m}{i}" for m, i, _ in CASES])
def test_case(model: str, index: int, case: dict) -> None:
    reason = _REASON.get(f"{model}:{case['Input']}")
    ok = passes(model, case)
    if reason is not None:
        assert not ok, f"{model}{index} passes now: remove it from SKIPPED"
        pytest.skip(reason)
    assert ok, (case["Input"], _expected(case), _ours(model, case["Input"]))
