"""CJK font selection for charts (中文字体).

Chinese issuer and indicator names must render with a real CJK font on a machine that only ran
`pip install .`: matplotlib's default DejaVu Sans has no Han glyphs and draws boxes ("Glyph
missing" warnings). We prefer a CJK font installed on the system (it matches the user's desktop
and is usually hinted for the screen), and fall back to Noto Sans CJK SC shipped by the PyPI
package `mplfonts`, which is a declared dependency.

Nothing here touches matplotlib's global rcParams: chart code enters `font_context()` (a
`matplotlib.rc_context`) around each figure.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import matplotlib

#: Families tried first, in order of preference: sans-serif CJK fonts with simplified-Chinese
#: glyph shapes (SC/CN/GB before JP/TC, whose glyph variants look wrong in mainland reports).
PREFERRED_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Heiti SC",
    "STHeiti",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Source Han Sans",
)

#: Other installed families worth probing when none of the preferred ones is present (a name
#: pattern keeps us from opening every font file on machines with thousands of fonts).
_CJK_NAME = re.compile(r"CJK|Han Sans|Han Serif|Hei|Song|Kai|Ming|Gothic|YaHei|WenQuanYi|PingFang|Fang", re.I)

#: Characters every chosen font must cover: frequent characters of these reports' headings and
#: indicator names, full-width punctuation and the units we print. A font covering these covers
#: the common range (GB2312 level 1); charts still check their own text with `covers`.
PROBE_TEXT = "法治政府建设年度报告负责人出庭应诉率行政复议案件办结规范性文件审核（）、，。％件项个元"

#: The font file shipped by mplfonts (relative to its package folder).
_BUNDLED = ("fonts", "NotoSansCJKsc-Regular.otf")


@dataclass(frozen=True)
class FontChoice:
    """The CJK font used to draw charts."""

    name: str  # family name as matplotlib knows it ("Noto Sans CJK SC")
    path: str  # the font file
    source: Literal["system", "mplfonts"] = "system"  # installed on the machine, or shipped on PyPI


@functools.lru_cache(maxsize=64)
def _charmap(path: str) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(path).get_charmap())


def _drawn(text: str) -> set[int]:
    """Code points that need a glyph: whitespace and control characters (Cc) draw nothing;
    format, private-use and unassigned characters do need one (matplotlib draws a box)."""
    return {ord(c) for c in text if not c.isspace() and unicodedata.category(c) != "Cc"}


def covers(path: str | Path, text: str) -> bool:
    """True when the font file at `path` has a glyph for every visible character of `text`."""
    try:
        cmap = _charmap(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return _drawn(text) <= cmap


def missing(path: str | Path, text: str) -> str:
    """The visible characters of `text` the font at `path` cannot draw, in order, without repeats."""
    try:
        cmap = _charmap(str(path))
    except (OSError, RuntimeError, ValueError):
        cmap = frozenset()
    seen: dict[str, None] = {}
    for c in text:
        if _drawn(c) and ord(c) not in cmap:
            seen[c] = None
    return "".join(seen)


def bundled_font() -> FontChoice:
    """Noto Sans CJK SC from the `mplfonts` package, registered with matplotlib's font manager."""
    import mplfonts
    from matplotlib import font_manager

    path = Path(mplfonts.__file__).resolve().parent.joinpath(*_BUNDLED)
    if not path.is_file():  # pragma: no cover - a broken mplfonts install
        raise FileNotFoundError(f"{path}: mplfonts is installed without its fonts — reinstall it: pip install mplfonts")
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    return FontChoice(name=name, path=str(path), source="mplfonts")


def system_font() -> FontChoice | None:
    """The most preferred installed CJK font covering `PROBE_TEXT`, or None."""
    from matplotlib import font_manager

    entries = font_manager.fontManager.ttflist
    by_name: dict[str, list[str]] = {}
    for e in entries:
        by_name.setdefault(e.name, []).append(e.fname)
    for family in PREFERRED_FAMILIES:
        for path in sorted(by_name.get(family, ())):
            if covers(path, PROBE_TEXT):
                return FontChoice(name=family, path=path)
    for family in sorted(by_name):
        if _CJK_NAME.search(family):
            for path in sorted(by_name[family]):
                if covers(path, PROBE_TEXT):
                    return FontChoice(name=family, path=path)
    return None


@functools.lru_cache(maxsize=1)
def cjk_font() -> FontChoice:
    """The CJK font for charts: an installed system font when one covers Chinese, else the one
    shipped by mplfonts. Cached: the font manager's list does not change during a run."""
    return system_font() or bundled_font()


def rc_params(font: FontChoice | None = None) -> dict[str, Any]:
    """rcParams that make matplotlib draw text with `font` (default: `cjk_font()`)."""
    font = font or cjk_font()
    params: dict[str, Any] = {
        # The family itself, not the generic "sans-serif": text objects copy font.family when
        # created, so a figure built here keeps the CJK font even if saved outside the context.
        # DejaVu Sans after it only as a per-glyph fallback for symbols.
        "font.family": [font.name, "DejaVu Sans"],
        "pdf.fonttype": 42,  # embed TrueType, so PDFs keep selectable Chinese text
        "svg.fonttype": "path",  # SVGs render identically where the font is not installed
    }
    # U+2212 MINUS SIGN is missing from some CJK fonts; then draw an ASCII hyphen instead.
    params["axes.unicode_minus"] = covers(font.path, "\u2212")
    return params


@contextmanager
def font_context(font: FontChoice | None = None) -> Iterator[FontChoice]:
    """Inside: matplotlib draws with the CJK font; the global rcParams are restored on exit."""
    font = font or cjk_font()
    # rc_context's stubs want literal rcParams names; ours are built in rc_params.
    with matplotlib.rc_context(rc_params(font)):  # type: ignore[arg-type]
        yield font
