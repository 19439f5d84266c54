"""A realistic synthetic corpus for benchmarks: N issuers x Y years of rule-of-law reports.

    python benchmarks/make_corpus.py OUT --issuers 200 --years 2019-2023 [--seed 1]

Every report is derived from one of the project's own reports (the seed in `seeds/` and the
fixture series in tests/fixtures/corpus), so structure, wording and density of figures stay those
of real reports, while each issuer-year differs the way real series do:

- the place name and the years are replaced (a 2020 template becomes 2023 with every year shifted);
- counts are scaled by an issuer-year factor with per-number noise, rates moved by a few points;
- headings are reworded (加强 -> 强化, 完善 -> 健全, ...) at a fixed rate;
- second-level parts (（一）（二）…) are moved, dropped and added, and renumbered afterwards.

The output is a pure function of the arguments (a seeded `random.Random`), so two runs give the
same bytes and benchmark figures compare like with like. Stated changes (同比上升…) are not kept
consistent with the varied numbers: real corpora have inconsistent claims too, and the checks
must cost the same either way.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (file, place name as written in it, its city prefix or "", the year it reports on).
_TEMPLATES: tuple[tuple[str, str, str, int], ...] = (
    ("seeds/beibei_2020_rule_of_law_report.txt", "北碚", "重庆市", 2020),
    ("tests/fixtures/corpus/jialing/jialing_2019.txt", "嘉陵", "", 2019),
    ("tests/fixtures/corpus/jialing/jialing_2020.txt", "嘉陵", "", 2020),
    ("tests/fixtures/corpus/jialing/jialing_2021.txt", "嘉陵", "", 2021),
    ("tests/fixtures/corpus/linjiang/linjiang_2018.txt", "临江", "重庆市", 2018),
    ("tests/fixtures/corpus/linjiang/linjiang_2020.txt", "临江", "重庆市", 2020),
)

# Fictional names: 20 x 19 two-character districts under 12 cities, enough for thousands of issuers.
_SYLLABLES = "青白石云松桃柳河山湖安平宁丰兴和清明华泰"
_CITIES = ("江川", "云岭", "临海", "东阳", "西平", "南溪", "北原", "长宁", "新安", "永和", "丰城", "望江")

#: Heading rewordings real reports make from one year to the next (both directions).
_REWORD = (("加强", "强化"), ("推进", "深化"), ("完善", "健全"), ("提升", "提高"), ("全面", "持续"),
           ("规范", "严格"), ("工作", "建设"))

#: Parts a report may add in a year; {n} are counts varied like the rest.
_NEW_PARTS = (
    "加强行政执法协调监督。开展行政执法案卷评查{a}卷，发现问题{b}个，督促整改率100%。",
    "推进公共法律服务体系建设。建成村（社区）法律服务站点{a}个，全年提供法律咨询{b}人次。",
    "深化法治宣传教育。开展“法律进社区”活动{a}场，发放宣传资料{b}份，覆盖群众{c}人次。",
    "强化政务公开。主动公开政府信息{a}条，办理依申请公开{b}件，按期答复率100%。",
    "健全矛盾纠纷多元化解机制。人民调解组织调解纠纷{a}件，调解成功率98.5%。",
)

_COUNT = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)(?=余?(?:件|人次|份|场|个|项|家|名|次|人|万元|亿元|卷|条))")
_RATE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.(\d+))?)(?=%|％)")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
_PART = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
_TOP = re.compile(r"^[一二三四五六七八九十]+、")
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Issuer:
    """A fictional issuer: its district name (青白), city (江川) and kind (区/县)."""

    district: str
    city: str
    kind: str

    @property
    def folder(self) -> str:
        return f"{self.city}{self.district}{self.kind}"


def issuers(n: int) -> list[Issuer]:
    """The first `n` fictional issuers, in a fixed order."""
    out: list[Issuer] = []
    for i in range(n):
        pair, rest = divmod(i, 2)
        a, b = divmod(pair, len(_SYLLABLES) - 1)
        first = _SYLLABLES[a % len(_SYLLABLES)]
        second = [s for s in _SYLLABLES if s != first][b]
        city = _CITIES[(i // (2 * len(_SYLLABLES) * (len(_SYLLABLES) - 1))) % len(_CITIES)]
        out.append(Issuer(first + second, city, "区" if rest == 0 else "县"))
    return out


def _chinese(n: int) -> str:
    """1..99 as a heading numeral (十二)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _NUMERALS[tens - 1]) + "十" if tens else "") + (_NUMERALS[ones - 1] if ones else "")


def _vary_numbers(text: str, rng: random.Random) -> str:
    factor = rng.uniform(0.7, 1.4)

    def count(m: re.Match[str]) -> str:
        value = float(m.group(1)) * factor * rng.uniform(0.9, 1.1)
        return str(max(1, round(value))) if "." not in m.group(1) else f"{value:.{len(m.group(1).split('.')[1])}f}"

    def rate(m: re.Match[str]) -> str:
        value = float(m.group(1))
        if value >= 100 or value <= 0:
            return m.group(1)  # 100% and 0% stay: full coverage is the common real case
        moved = min(99.99, max(0.01, value + rng.uniform(-8, 8)))
        return f"{moved:.{len(m.group(2) or '')}f}"

    return _RATE.sub(rate, _COUNT.sub(count, text))


def _reword(line: str, rng: random.Random) -> str:
    if not (_TOP.match(line) or _PART.match(line)) or rng.random() > 0.3:
        return line
    for a, b in rng.sample(_REWORD, len(_REWORD)):
        if a in line:
            return line.replace(a, b, 1)
        if b in line:
            return line.replace(b, a, 1)
    return line


def _blocks(lines: list[str]) -> Iterator[tuple[str, list[list[str]]]]:
    """Split a report into (head lines, [（一） part lines, ...]) per top-level part; the head of
    the first group is the preamble."""
    head: list[str] = []
    parts: list[list[str]] = []
    for line in lines:
        if _TOP.match(line):
            yield "\n".join(head), parts
            head, parts = [line], []
        elif _PART.match(line):
            parts.append([line])
        elif parts:
            parts[-1].append(line)
        else:
            head.append(line)
    yield "\n".join(head), parts


def _restructure(text: str, rng: random.Random) -> str:
    out: list[str] = []
    for head, parts in _blocks(text.split("\n")):
        out.append(head)
        if len(parts) >= 2 and rng.random() < 0.2:  # moved
            i = rng.randrange(len(parts) - 1)
            parts[i], parts[i + 1] = parts[i + 1], parts[i]
        if len(parts) >= 3 and rng.random() < 0.15:  # dropped
            parts.pop(rng.randrange(len(parts)))
        if parts and rng.random() < 0.15:  # added
            body = rng.choice(_NEW_PARTS).format(a=rng.randint(5, 300), b=rng.randint(50, 5000),
                                                 c=rng.randint(1000, 90000))
            parts.insert(rng.randint(0, len(parts)), ["（一）" + body, ""])
        for k, part in enumerate(parts, start=1):
            out.append(_PART.sub(f"（{_chinese(k)}）", part[0], count=1))
            out.extend(part[1:])
    return "\n".join(line for line in out if line is not None)


def make_report(template: int, issuer: Issuer, year: int, rng: random.Random) -> str:
    """One synthetic report of `issuer` about `year`, derived from template number `template`."""
    path, place, city, base_year = _TEMPLATES[template]
    text = (ROOT / path).read_text(encoding="utf-8")
    shift = year - base_year
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    if city:
        text = text.replace(city, issuer.city + "市")
    else:  # name the city in the issuer so that districts of one name in two cities stay apart
        text = text.replace(place + "区人民政府", issuer.city + "市" + place + "区人民政府")
    for kind in "区县":
        text = text.replace(place + kind, issuer.district + issuer.kind)
    text = text.replace(place, issuer.district)
    text = _vary_numbers(text, rng)
    text = "\n".join(_reword(line, rng) for line in text.split("\n"))
    return _restructure(text, rng)


def make_corpus(out: Path, n_issuers: int, years: range, seed: int = 1) -> list[Path]:
    """Write `n_issuers` x `len(years)` reports under `out/<issuer>/`; returns the files in order."""
    files: list[Path] = []
    for i, issuer in enumerate(issuers(n_issuers)):
        rng = random.Random(f"{seed}:{issuer.folder}")
        family = i % 3  # seed, jialing series, linjiang series: a mix of structures in every corpus
        folder = out / issuer.folder
        folder.mkdir(parents=True, exist_ok=True)
        for year in years:
            choices = {0: [0], 1: [1, 2, 3], 2: [4, 5]}[family]
            template = min(choices, key=lambda t: abs(_TEMPLATES[t][3] - year))
            target = folder / f"{issuer.folder}_{year}.txt"
            target.write_text(make_report(template, issuer, year, rng), encoding="utf-8")
            files.append(target)
    return files


def _years(text: str) -> range:
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write into (one sub-folder per issuer)")
    parser.add_argument("--issuers", type=int, default=20, help="number of issuers (default 20)")
    parser.add_argument("--years", type=_years, default=_years("2019-2023"), help="FIRST-LAST (default 2019-2023)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    files = make_corpus(args.out, args.issuers, args.years, args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} reports, {args.issuers} issuers x {len(args.years)} years, "
          f"{size / 2**20:.1f} MiB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
