"""The value of one numeral as written: Arabic (1,182 / 64.29 / １２３), Chinese (一千六百, 二〇二〇,
4.78万亿, 十余万), 大写 (壹拾), fractions and percentages (三分之一, 百分之五), signs (负3). Used by
compare.extract.numbers on each span it finds, and by `parse_number` on a whole string."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Final

NORM: Final[dict[int, str]] = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "，": ",", "．": ".", "％": "%", "－": "-", "＋": "+",
        "壹": "一", "贰": "二", "貳": "二", "叁": "三", "肆": "四", "伍": "五", "陆": "六", "陸": "六",
        "柒": "七", "捌": "八", "玖": "九", "拾": "十", "佰": "百", "仟": "千", "萬": "万", "億": "亿",
        "兩": "两", "倆": "两", "點": "点", "負": "负", "幾": "几", " ": "", "\t": "", "\u3000": "",
    }
)  # fmt: skip
_DIGIT_VALUE: Final[dict[str, int]] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_UNIT_VALUE: Final[dict[str, int]] = {"十": 10, "百": 100, "千": 1000}
_BIG_VALUE: Final[dict[str, int]] = {"万": 10_000, "亿": 100_000_000}
_TOKEN: Final[re.Pattern[str]] = re.compile(
    r"(?P<a>\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)|(?P<z>[〇零])|(?P<d>[一二两三四五六七八九])|(?P<u>[十百千])"
    r"|(?P<b>[万亿])|点(?P<dec>[〇零一二三四五六七八九]+)|(?P<m>[余多])|(?P<j>几)"
)
PLAIN: Final[re.Pattern[str]] = re.compile(r"\d+(?:\.\d+)?")
CN_CHAR: Final[re.Pattern[str]] = re.compile(r"[\u4e00-\u9fff〇]")
_DIGIT_STRING: Final[re.Pattern[str]] = re.compile(r"[〇零一二三四五六七八九]+")
PERCENT_PREFIX_RE: Final[re.Pattern[str]] = re.compile(r"([百千万]+)分之(.+)")
_FRACTION_RE: Final[re.Pattern[str]] = re.compile(r"(?:(.+?)又)?(负?.+?)分之(负?.+)")


def eval_body(s: str, bare_unit: bool = False) -> tuple[float, bool] | None:
    """Value of a normalised numeral body (no sign, no %), and whether it is approximate
    (十余万, 二十几万). None when the characters do not form one valid numeral.

    `bare_unit` allows a leading 百/千/万/亿 without a digit (百分之百, 近万)."""
    if len(s) > 1 and _DIGIT_STRING.fullmatch(s) and ("〇" in s or "零" in s):
        # 二〇二〇 / 二零二一: read digit by digit (years written in Chinese).
        return float("".join(str(_DIGIT_VALUE[c]) for c in s)), False
    body = _Body(bare_unit)
    pos = 0
    for m in _TOKEN.finditer(s):
        if m.start() != pos:
            return None
        pos = m.end()
        kind = m.lastgroup or ""
        if body.decimal and kind != "b":
            return None
        if not body.read(kind, m):
            return None
        body.prev = kind
    if pos != len(s) or (body.prev in ("", "z") and s not in ("零", "〇")) or body.prev == "m":
        return None
    return body.total(), body.approx


class _Body:
    """The state of `eval_body` reading one numeral token by token (a token's kind: a = Arabic
    digits, d = Chinese digit, z = 零, u = 十/百/千, b = 万/亿, dec = decimal part, m = 余/多, j = 几)."""

    def __init__(self, bare_unit: bool) -> None:
        self.bare_unit = bare_unit
        self.groups: list[tuple[float, int]] = []  # (value, power of ten that made it): 五亿 -> (5e8, 1e8)
        self.cur = 0.0  # the group being built below the last 万/亿
        self.digit: float | None = None  # a digit waiting for its unit
        self.digit_short = False  # the waiting digit is one character (may be shorthand: 一千六 = 1600)
        self.digit_after = ""  # kind of the token before the waiting digit
        self.unit_floor: int | None = None  # smallest small unit used in this group: units must descend
        self.last_unit = 0  # magnitude of the last unit read, for shorthand
        self.prev = ""  # kind of the previous token
        self.approx = False
        self.decimal = False
        self.bare_big = False  # the numeral began with a bare 万/亿

    def read(self, kind: str, m: re.Match[str]) -> bool:
        """Take one token; False when it cannot follow what came before."""
        if kind in ("a", "d"):
            return self._digit(kind, m)
        if kind == "z":
            return self.digit is None
        if kind == "u":
            return self._unit(_UNIT_VALUE[m.group("u")])
        if kind == "b":
            return self._big(_BIG_VALUE[m.group("b")])
        if kind == "dec":
            return self._decimal(m.group("dec"))
        if kind == "m":
            self._flush()
            self.approx = True
            return bool(self.cur or self.groups)
        if kind == "j":
            self.approx = True
            return self.prev in ("u", "z", "b")
        return True

    def _flush(self) -> None:
        if self.digit is not None:
            self.cur += self.digit
            self.digit = None

    def _digit(self, kind: str, m: re.Match[str]) -> bool:
        if self.digit is not None or self.prev in ("a", "d", "j"):
            return False
        if kind == "a":
            if self.prev not in ("", "u", "b", "z"):
                return False
            text = m.group("a").replace(",", "")
            self.digit = float(text)
            self.digit_short = len(text) == 1
        else:
            self.digit = float(_DIGIT_VALUE[m.group("d")])
            self.digit_short = True
        self.digit_after = self.prev
        return True

    def _unit(self, u: int) -> bool:
        if self.digit is None:
            if (u == 10 and self.prev in ("", "z", "b")) or (self.prev == "" and self.bare_unit):
                self.digit = 1.0
            else:
                return False
        if self.unit_floor is not None and u >= self.unit_floor:
            return False
        self.cur += self.digit * u
        self.digit = None
        self.unit_floor = self.last_unit = u
        return True

    def _big(self, big: int) -> bool:
        self._flush()
        groups = self.groups
        if self.cur == 0:
            if self.prev == "b" and groups and not (self.bare_big and len(groups) == 1):
                v, power = groups[-1]
                groups[-1] = (v * big, power * big)  # 四万万, 4.78万亿 (万万 alone is no numeral)
            elif self.prev == "" and self.bare_unit:
                groups.append((float(big), big))
                self.bare_big = True
            else:
                return False
        else:
            if any(power == big for _, power in groups):
                return False  # 1万1万: two groups of the same size
            # 一万五千亿: 亿 multiplies everything below it (1.5万亿), 五亿一万 adds a group.
            low = self.cur + sum(v for v, power in groups if power < big)
            self.groups = [(v, power) for v, power in groups if power > big] + [(low * big, big)]
        self.cur = 0.0
        self.unit_floor = None
        self.last_unit = big
        return True

    def _decimal(self, digits: str) -> bool:
        if self.prev == "" or (self.prev == "z" and (self.cur or self.groups)):
            return False  # 点五 has no integer part; 零点五 does
        if self.digit is not None:
            self.cur += _trailing_digit(self.digit, self.digit_short, self.digit_after, self.last_unit)
            self.digit = None
        self.cur += float("0." + "".join(str(_DIGIT_VALUE[c]) for c in digits))
        self.decimal = True
        return True

    def total(self) -> float:
        """The value read, once every token is taken."""
        cur = self.cur
        if self.digit is not None:
            cur += _trailing_digit(self.digit, self.digit_short, self.digit_after, self.last_unit)
        total = sum(v for v, _ in self.groups) + cur
        if not total.is_integer():
            total = float(f"{total:.15g}")  # 1194.13万: drop binary noise (11941300.000000002)
        return total


def _trailing_digit(digit: float, short: bool, prev: str, last_unit: int) -> float:
    """Value of a trailing digit: one character right after 百/千/万/亿 is shorthand for the next
    lower unit (四百五 = 450, 一万三 = 13000, 九十二万四 = 924000); after 零 or 十 it is itself."""
    if short and prev in ("u", "b") and last_unit >= 100:
        return digit * (last_unit // 10)
    return digit


#: Numerals whose values `value_of` remembers. A report repeats a few of them (一, 三, 十九, 2021):
#: half of the calls on a corpus are single Chinese digits, and nine in ten are numerals seen
#: before, each read token by token again without the memory.
VALUE_CACHE_MAX = 4096


@lru_cache(maxsize=VALUE_CACHE_MAX)
def value_of(core: str) -> tuple[float, bool, bool] | None:
    """Value of one normalised item (sign, fraction, 百分之, trailing %): (value, is_percent,
    approx), or None. A pure function of `core`, remembered for the last VALUE_CACHE_MAX."""
    if PLAIN.fullmatch(core):  # the commonest case by far: 1182, 64.29
        return float(core), False, False
    percent = False
    scale = 1.0
    sign = 1.0
    if core.startswith(("负", "-")):
        sign, core = -1.0, core[1:]
    if core.endswith(("成", "成半")):  # tenths: 九成 -> 90, 三成半 -> 35 (percent units)
        half = core.endswith("半")
        got = eval_body(core[: -2 if half else -1])
        if got is None:
            return None
        return sign * (got[0] * 10 + (5 if half else 0)), True, got[1]
    if core.endswith(("%", "‰")):
        if core.endswith("‰"):
            scale = 0.1
        percent = True
        core = core[:-1]
    m = PERCENT_PREFIX_RE.fullmatch(core)
    if m:
        inner = m.group(2)
        inner_sign = 1.0
        if inner.startswith(("负", "-")):
            inner_sign, inner = -1.0, inner[1:]
        got = eval_body(inner, bare_unit=True)
        if got is None:
            return None
        per = math.prod(_UNIT_VALUE.get(c) or _BIG_VALUE[c] for c in m.group(1))  # 百万 -> 10^6
        base = 100.0 / per
        return sign * inner_sign * got[0] * base, True, got[1]
    if "分之" in core:
        f = _FRACTION_RE.fullmatch(core)
        if f is None:
            return None
        whole, den_s, num_s = f.groups()
        den = _signed(den_s)
        num = _signed(num_s)
        if den is None or num is None or den == 0:
            return None
        val = num / den
        if whole is not None:
            w = eval_body(whole)
            if w is None:
                return None
            val = w[0] + val
        return sign * val * scale, percent, False
    got = eval_body(core)
    if got is None:
        return None
    return sign * got[0] * scale, percent, got[1]


def _signed(s: str) -> float | None:
    neg = s.startswith(("负", "-"))
    got = eval_body(s[1:] if neg else s)
    if got is None:
        return None
    return -got[0] if neg else got[0]


def parse_number(text: str) -> float:
    """Value of one numeral as written: `1,182`, `１２３`, `两千三百`, `壹佰伍拾`, `1.5万`, `3万4000`,
    `64.29%` (-> 64.29), `百分之十二点五` (-> 12.5), `三点五`, `三分之一`, `负三十二`.

    Surrounding spaces are ignored. Raises ValueError when `text` is not exactly one numeral."""
    core = text.strip().translate(NORM)
    got = value_of(core) if core else None
    if got is None and core and core[0] in "百千万亿":
        bare = eval_body(core, bare_unit=True)  # 百三, 万: a bare unit is a numeral on its own
        got = (bare[0], False, bare[1]) if bare else None
    if got is None:
        raise ValueError(f"not a numeral: {text!r}")
    return got[0]


__all__ = ["CN_CHAR", "NORM", "PERCENT_PREFIX_RE", "PLAIN", "eval_body", "parse_number", "value_of"]
