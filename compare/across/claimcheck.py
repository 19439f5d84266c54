"""Claim check: a stated change (同比上升18.51%, 较上年增加109件) compared with the earlier report's
value: consistent within the report's rounding (reports truncate as well as round: 66 -> 151 is
stated as 128.78%, not 128.79%), inconsistent (both numbers and the gap shown), or unverifiable (no
earlier value). A bare % on a rate is ambiguous (points or relative): the reading that matches the
earlier report wins; without one the claims extractor's preferred reading (points) stands.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from compare.across.series import Point
from compare.models import Claim


def decimals(x: float | None, text: str = "") -> int:
    """Decimals as written (from `text` when given, else from the float's shortest repr)."""
    if text:
        m = re.search(r"\d+(?:\.(\d+))?", text)
        if m:
            return len(m.group(1) or "")
    if x is None or not math.isfinite(x):
        return 0
    s = repr(float(x))
    return 0 if s.endswith(".0") or "e" in s else len(s.split(".")[1])


def _rounding_step(p: Point) -> float:
    """How much a written value may differ from the true one: rates and decimals are rounded to
    their last written digit; 1.3万 to its last digit times 万; whole counts are exact."""
    d = decimals(p.value, p.text)
    mult = 1e8 if "亿" in p.text else 1e4 if "万" in p.text else 1.0
    if p.unit == "%" or d > 0 or mult > 1:
        return 10.0 ** -d * mult
    return 0.0


def computed_change(kind: str, old: float, new: float) -> float | None:
    """The change from `old` to `new` in reading `kind`; None when it is undefined (a relative change
    from 0) or beyond float range (values near 1e308)."""
    if kind == "percent":
        return None if old == 0 else _finite_or_none((new - old) / old * 100.0)
    return _finite_or_none(new - old)


def _finite_or_none(x: float) -> float | None:
    return x if math.isfinite(x) else None


@dataclass(frozen=True)
class ClaimCheck:
    status: str  # consistent / inconsistent / unverifiable
    claimed: float | None  # signed claimed change in its reading's unit
    kind: str  # the reading used
    gap: float | None  # claimed - computed (inconsistent only)
    note: str


def check_claim(c: Claim, old: Point, new: Point) -> ClaimCheck:
    """Compare a stated change with the earlier and current values (see module docstring)."""
    sign = {"up": 1.0, "down": -1.0}.get(c.direction, 0.0)
    claimed = sign * c.change
    readings = [c.change_kind]
    if c.alt_change_kind and c.alt_change_kind not in readings:
        readings.append(c.alt_change_kind)
    step_claim = 10.0 ** -decimals(c.change, _change_text(c))
    so, sn = _rounding_step(old), _rounding_step(new)
    results = []
    for kind in readings:
        comp = computed_change(kind, old.value, new.value)
        if comp is None:
            continue
        if kind == "percent":
            # old * old, not old ** 2: float power raises OverflowError where a product gives inf
            prop = 100.0 * (sn / 2 / abs(old.value) + abs(new.value) * so / 2 / (old.value * old.value))
        else:
            prop = (sn + so) / 2
        results.append((kind, comp, _within_rounding(claimed, comp, step_claim, prop)))
    if not results:
        why = "上年数值为0，无法计算相对变化" if old.value == 0 else "变化超出可计算范围"
        return ClaimCheck("unverifiable", claimed, c.change_kind, None, why)
    ok = next((r for r in results if r[2]), None)
    what = f"{_fmt(old.value)}→{_fmt(new.value)}"
    if ok is not None:
        kind, comp, _ = ok
        note = ""
        if c.interpreted or len(results) > 1:
            note = (f"未注明的%按{_KIND_WORDS[kind]}理解：{what}为{_fmt_change(comp, kind)}，与所述一致"
                    if kind != c.change_kind or c.interpreted else "")
        return ClaimCheck("consistent", claimed, kind, None, note)
    kind, comp, _ = results[0]
    stated_d = decimals(c.change, _change_text(c))  # quote the stated change as written
    if old.approximate or new.approximate:
        return ClaimCheck("unverifiable", claimed, kind, None,
                      f"约数（{shown_value(old)}、{shown_value(new)}）："
                      f"{what}为{_fmt_change(comp, kind)}，报告称{_fmt_change(claimed, kind, stated_d)}")
    gap = claimed - comp
    d = max(decimals(c.change, _change_text(c)), 2)
    # A bare % on a rate fits neither reading: say so, with the other reading's figure too.
    other = "".join(f"，按{_KIND_WORDS[r[0]]}计为{_fmt_change(r[1], r[0])}" for r in results[1:])
    return ClaimCheck("inconsistent", claimed, kind, round(gap, d) if math.isfinite(gap) else None,
                  f"报告称{_fmt_change(claimed, kind, stated_d)}（{c.text}），"
                  f"但{what}为{_fmt_change(comp, kind)}{other}")


def _within_rounding(claimed: float, comp: float, step: float, prop: float) -> bool:
    """True when a stated change `claimed` (written to `step`) can be the computed `comp` (whose
    inputs carry rounding `prop`). Reports round (20% for 19.6%) or truncate (128.78% for 128.7878%),
    so the true magnitude lies in [stated - step/2, stated + step): below the stated figure by at
    most half a step, above it by less than one. A symmetric +-step would accept 下降3% for a
    computed -2.1 points."""
    if claimed == 0:  # 与上年持平: no direction, so no truncation side either
        return abs(comp) <= step / 2 + prop + 1e-9
    excess = math.copysign(1.0, claimed) * comp - abs(claimed)  # how far the true change exceeds the stated one
    return -step / 2 - prop - 1e-9 <= excess <= step + prop + 1e-9


#: The notes are read on the workbook's sheets and the overview page: in Chinese, like every value there.
_KIND_WORDS = {"percentage_points": "百分点", "percent": "相对变化", "absolute": "绝对变化", "none": "无变化"}


def _change_text(c: Claim) -> str:
    # The change numeral as written: the last number in the change phrase (与2019年同比上升18.51% -> 18.51).
    nums = re.findall(r"\d+(?:\.\d+)?", c.text)
    return nums[-1] if nums else ""


def _fmt(x: float) -> str:
    return f"{x:.6g}" if abs(x) < 1e6 else f"{x:,.0f}"


def _fmt_change(x: float, kind: str, decimals: int | None = None) -> str:
    # `decimals`: a stated change is quoted with the digits the report wrote (+128.78%, not +128.8%).
    suffix = {"percentage_points": "个百分点", "percent": "%"}.get(kind, "")
    return f"{x:+.{decimals}f}{suffix}" if decimals is not None else f"{x:+.4g}{suffix}"


def shown_value(p: Point) -> str:
    """A value as the notes show it: as written, or marked implied (an implied value's text is the
    change phrase it comes from, 同比增长20%, which is not the value)."""
    if p.implied:
        return f"{_fmt(p.value)}（推算）"
    return p.text or _fmt(p.value)
