"""Stage 3: a Corpus -> tables of indicators across years, their changes, and a check of every
change a report states about itself.

Indicators are matched year to year, one to one, never across incompatible units (件 vs %), in
three tiers (DOMAIN.md): the same canonical id (ties broken by subject); then subject similarity
inside sections that `align_sections` pairs; then subject similarity anywhere in the document. A
matched chain of indicators is a *series*; the wide table has one row per series.

Combined scopes are different indicators (a judgement): a subject that joins several bodies or
items with 和/及/与/、 (县委常委会和县政府常务会议学法共7次) measures their sum, a different series from
one body's figure (县政府常务会议学法10次), however similar the words. Two subjects pair only when
they join the same number of parts; conjunctions inside words (参与, 涉及, 及时, 和解) do not count.

Claim check: a stated change (同比上升18.51%, 较上年增加109件) is compared with the earlier report's
value: consistent within the report's rounding (reports truncate as well as round: 66 -> 151 is
stated as 128.78%, not 128.79%), inconsistent (both numbers and the gap shown), or unverifiable (no
earlier value). A bare % on a rate is ambiguous (points or relative): the reading that matches the
earlier report wins; without one the claims extractor's preferred reading (points) stands. When no
earlier report has the value, the implied earlier value fills the series, marked implied.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from compare.across.align import SeriesAlignment, align_series
from compare.across.similarity import bigrams, cosine
from compare.extract.lexicon import Lexicon, load_lexicon
from compare.extract.result import ReportResult, analyse
from compare.models import Claim, Indicator, Report
from compare.read.corpus import Corpus, IssuerSeries
from compare.schema import CHANGES, CHANGES_TERMINAL, INDICATORS_LONG

#: Columns of `long_table`, `changes_table` and the terminal view of `report-compare changes`,
#: in order (declared in compare.schema; csv / json carry all CHANGES_COLUMNS).
LONG_COLUMNS = INDICATORS_LONG.ids
CHANGES_COLUMNS = CHANGES.ids
CHANGES_TABLE_COLUMNS = CHANGES_TERMINAL.ids

#: Lowest subject similarity (bigram cosine) for two indicators in aligned sections to be one
#: indicator. On the fixtures the reworded subject of one measure scored 0.75 (公布区级政务服务事项清单
#: / 动态调整区级政务服务事项清单); different measures in aligned sections with the same unit scored
#: at most 0.49 (行政机关负责人出庭应诉率 / 行政机关败诉率) once the activity rule below applies
#: (without it 收到行政复议申请 / 行政复议申请 办结 scored 0.71). 0.6 sits between.
SUBJECT_IN_SECTION = 0.6

#: The same, for indicators anywhere in the document (no section evidence): stricter, above every
#: different-measure pair seen on the fixtures (<= 0.71), so that only near-identical subjects pair.
SUBJECT_ANYWHERE = 0.8

#: Units that measure the same thing and may be compared (件 vs 件次 are both case counts).
#: 人次 is not 人: 培训执法人员300人 counts people, 1200人次 counts attendances, and pairing them
#: showed "+300%" for what may be the same 300 people attending four times.
UNIT_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"件", "件次", "件(次)", "宗", "起"}),
    frozenset({"人", "名", "位"}),
    frozenset({"次", "场", "场次", "期"}),
    frozenset({"个工作日", "天", "日"}),
)

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
#: A conjunction between two named parts (县委常委会和县政府常务会议, 宣传册、折页), each at least two
#: characters, and not the second character of a word (参与, 涉及, 普及) nor the first (及时, 和解).
_CONJUNCTION_RE = re.compile(
    r"(?<=[\u4e00-\u9fff]{2})(?:、|以及|(?<![参给赋授])与|(?<![涉普危触波以])及(?![时格早])"
    r"|(?<![缓温平柔总])和(?![解谐睦美平]))(?=[\u4e00-\u9fff（(“]{2})")


def _resolve_lexicon(lexicon: Lexicon | Path | str | None) -> Lexicon:
    if isinstance(lexicon, Lexicon):
        return lexicon
    return load_lexicon(Path(lexicon) if lexicon else None)


def units_compatible(a: str, b: str) -> bool:
    """True when quantities in units a and b measure the same thing (件 and 件次; never 件 and %)."""
    if a == b:
        return True
    return any(a in fam and b in fam for fam in UNIT_FAMILIES)


def subject_similarity(a: str, b: str) -> float:
    """Bigram cosine of two subjects (numbers folded): 审核规范性文件 vs 全年审核规范性文件 is high."""
    return cosine(bigrams(_DIGITS.sub("0", a)), bigrams(_DIGITS.sub("0", b)))


# ---------------------------------------------------------------- extraction per report
#: A report with its indicators and claims: the pure per-report part of this stage (compare.engine).
_Extracted = ReportResult

#: Per-report results computed ahead (compare.engine.process_files, maybe from its cache), by
#: report; they must come from the same lexicon. Reports not in it are extracted here.
Precomputed = Mapping[Report, ReportResult]

#: Section alignments computed ahead (compare.pipeline aligns each pair once), one per series of
#: the corpus, in `corpus.series` order. Without them each series is aligned here.
Alignments = Sequence[SeriesAlignment]


def _extract(report: Report, lexicon: Lexicon, results: Precomputed | None = None) -> _Extracted:
    known = results.get(report) if results else None
    return known if known is not None else analyse(report, lexicon)


# ---------------------------------------------------------------- matching
def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:k]) for k in range(len(parts), 0, -1)]


def match_indicators(old: Sequence[Indicator], new: Sequence[Indicator],
                     aligned: Iterable[tuple[str, str]] = ()) -> dict[int, int]:
    """One-to-one pairs old index -> new index, best first: same canonical id, then subject within
    aligned sections (`aligned`: (old_path, new_path) pairs from align_sections), then subject
    anywhere. Targets (plans) never match; units must be compatible; kinds must agree."""
    if not old or not new:
        return {}
    sim = _subject_matrix([o.subject for o in old], [n.subject for n in new])
    fam_o = np.array([_unit_family(o.unit) for o in old], dtype=object)[:, None]
    fam_n = np.array([_unit_family(n.unit) for n in new], dtype=object)[None, :]
    kind_o = np.array([o.kind for o in old], dtype=object)[:, None]
    kind_n = np.array([n.kind for n in new], dtype=object)[None, :]
    id_o = np.array([o.indicator for o in old], dtype=object)[:, None]
    id_n = np.array([n.indicator for n in new], dtype=object)[None, :]
    target_o = np.array([o.is_target for o in old], dtype=bool)[:, None]
    target_n = np.array([n.is_target for n in new], dtype=bool)[None, :]
    allowed = (fam_o == fam_n) & (kind_o == kind_n) & ~target_o & ~target_n
    allowed &= ~((id_o != "") & (id_n != "") & (id_o != id_n))  # both known and different: never
    same_id = (id_o != "") & (id_o == id_n)
    # "行政复议案件 办结": the extractor writes the activity measured after a space; 办结 and 受理 of
    # the same cases are different measures, so differing activities never pair (unless the ids agree).
    act_o = np.array([_activity(o.subject) for o in old], dtype=object)[:, None]
    act_n = np.array([_activity(n.subject) for n in new], dtype=object)[None, :]
    allowed &= same_id | (act_o == act_n)
    # a sum over several bodies is never the same series as one body's figure (module docstring)
    parts_o = np.array([scope_parts(o.subject) for o in old])[:, None]
    parts_n = np.array([scope_parts(n.subject) for n in new])[None, :]
    allowed &= parts_o == parts_n
    # Depth of the innermost aligned section pair containing both indicators (0 = none).
    secs_o = sorted({o.section for o in old})
    secs_n = sorted({n.section for n in new})
    depth = _aligned_depth(secs_o, secs_n, set(aligned))
    so = np.array([secs_o.index(o.section) for o in old])
    sn = np.array([secs_n.index(n.section) for n in new])
    in_section = depth[so[:, None], sn[None, :]]
    bonus = 0.01 * np.minimum(in_section, 9)
    score = np.where(same_id, 3.0 + sim + bonus,
                     np.where((in_section > 0) & (sim >= SUBJECT_IN_SECTION), 2.0 + sim + bonus,
                              np.where(sim >= SUBJECT_ANYWHERE, 1.0 + sim, 0.0)))
    score = np.where(allowed, score, 0.0)
    rows, cols = np.nonzero(score)
    order = np.lexsort((cols, rows, -score[rows, cols]))
    out: dict[int, int] = {}
    used: set[int] = set()
    for k in order:
        i, j = int(rows[k]), int(cols[k])
        if i in out or j in used:
            continue
        out[i] = j
        used.add(j)
    return out


def scope_parts(subject: str) -> int:
    """How many bodies or items the measured phrase of `subject` joins (县委常委会和县政府常务会议学法
    -> 2, 县政府常务会议学法 -> 1); the activity after a space is not part of the scope."""
    return 1 + len(_CONJUNCTION_RE.findall(subject.split(" ")[0]))


def _activity(subject: str) -> str:
    """The activity part of a subject written "object activity" (行政复议案件 办结 -> 办结), else ""."""
    return subject.rsplit(" ", 1)[1] if " " in subject.strip() else ""


def _unit_family(unit: str) -> str:
    for k, fam in enumerate(UNIT_FAMILIES):
        if unit in fam:
            return f"family{k}"
    return unit


def _subject_matrix(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """subject_similarity of every pair, vectorised (bigram count vectors, cosine)."""
    bags = [bigrams(_DIGITS.sub("0", s)) for s in (*a, *b)]
    vocab: dict[str, int] = {}
    for bag in bags:
        for k in bag:
            vocab.setdefault(k, len(vocab))
    m = np.zeros((len(bags), max(len(vocab), 1)))
    for i, bag in enumerate(bags):
        if bag:
            m[i, [vocab[k] for k in bag]] = list(bag.values())
    norms = np.sqrt(np.einsum("ij,ij->i", m, m))
    norms[norms == 0] = 1.0
    m /= norms[:, None]
    out: np.ndarray = np.einsum("ik,jk->ij", m[:len(a)], m[len(a):])
    return out


def _aligned_depth(secs_o: Sequence[str], secs_n: Sequence[str], aligned: set[tuple[str, str]]) -> np.ndarray:
    out = np.zeros((len(secs_o), len(secs_n)), dtype=int)
    if not aligned:
        return out
    anc_n = [_ancestors(s) for s in secs_n]
    for i, so in enumerate(secs_o):
        for a in _ancestors(so):
            for j, ns in enumerate(anc_n):
                if out[i, j]:
                    continue
                if any((a, b) in aligned for b in ns):
                    out[i, j] = len(a.split("/"))
    return out


# ---------------------------------------------------------------- long / wide tables
@dataclass(frozen=True)
class _Point:
    """One value of a series in one year (a long-table row)."""

    issuer: str
    year: int | None
    indicator: str
    subject: str
    value: float
    unit: str
    qualifier: str
    kind: str
    section: str
    source: str
    implied: bool
    target: bool
    series: str
    text: str
    ind: Indicator | None = field(default=None, compare=False)  # the indicator (None when implied)
    claim: Claim | None = field(default=None, compare=False)  # the claim an implied value comes from
    implied_by: int | None = None  # year of the report whose claim implies this value (implied only)

    @property
    def approximate(self) -> bool:
        return self.qualifier not in ("exact", "")


@dataclass(frozen=True)
class _IssuerData:
    """Everything computed for one issuer: extracted reports, series points, claim links."""

    series: IssuerSeries
    extracted: tuple[_Extracted, ...]
    points: tuple[_Point, ...]
    claim_links: tuple[tuple[int, Claim, _Point | None], ...]  # (report index, claim, its current point)


def _series_points(s: IssuerSeries, lexicon: Lexicon, results: Precomputed | None = None,
                   alignment: SeriesAlignment | None = None) -> _IssuerData:
    issuer = s.name or s.key
    extracted = tuple(_extract(r, lexicon, results) for r in s.reports)
    if alignment is None:
        # Pairs only: the measures are for the Sections sheet (statuses and pairs do not need them).
        alignment = align_series(s.reports, measures=False)
    points: list[_Point] = []
    prev_ids: list[str] = []
    all_ids: list[list[str]] = []  # series id of every indicator, report by report
    last_seen: dict[str, int] = {}  # series id -> index of the last report that has it
    counter = 0
    for t, ex in enumerate(extracted):
        ids = [""] * len(ex.indicators)
        if t > 0 and prev_ids:
            prev = extracted[t - 1]
            aligned = [(m.old_path, m.new_path) for m in alignment[t - 1] if m.old_path and m.new_path]
            for i, j in match_indicators(prev.indicators, ex.indicators, aligned).items():
                ids[j] = prev_ids[i]
        # A figure a report skipped (直接纠错率 in 2019 and 2021, not in 2020) continues its series:
        # indicators still unmatched try the reports before, newest first, against series that no
        # later report continued. No section evidence across a skipped year: id or near-identical
        # subject only (the stricter tiers of match_indicators).
        for back in range(t - 2, -1, -1):
            rest = [j for j, sid in enumerate(ids) if not sid]
            if not rest:
                break
            cands = [k for k, sid in enumerate(all_ids[back]) if last_seen.get(sid) == back and sid not in ids]
            if not cands:
                continue
            found = match_indicators([extracted[back].indicators[k] for k in cands],
                                     [ex.indicators[j] for j in rest])
            for a, b in found.items():
                ids[rest[b]] = all_ids[back][cands[a]]
        for j, ind in enumerate(ex.indicators):
            if not ids[j]:
                counter += 1
                ids[j] = f"{s.key or 'unknown'}#{counter}"
            points.append(_Point(
                issuer=issuer, year=ex.report.year, indicator=ind.indicator, subject=ind.subject, value=ind.value,
                unit=ind.unit, qualifier=ind.qualifier, kind=ind.kind, section=ind.section,
                source=ex.report.source, implied=False, target=ind.is_target, series=ids[j], text=ind.text, ind=ind))
        prev_ids = ids
        all_ids.append(ids)
        for sid in ids:
            last_seen[sid] = t
    # Claims: link each to the indicator it states a change of; fill missing earlier years.
    by_ind = {id(p.ind): p for p in points if p.ind is not None}
    years_with_value = {(p.series, p.year) for p in points if not p.target}
    links: list[tuple[int, Claim, _Point | None]] = []
    implied: list[_Point] = []
    for t, ex in enumerate(extracted):
        by_start = sorted(ex.indicators, key=lambda i: i.start)
        starts = [i.start for i in by_start]
        for c in ex.claims:
            # only indicators that can stand in the claim's sentence (it ends at the claim's end
            # and is at most len(sentence) long): testing every indicator of the report for every
            # claim was quadratic (27,000 x 27,000 on 1 MB of 受理案件5件，同比下降10%。)
            lo = bisect.bisect_left(starts, c.start - len(c.sentence) - 1)
            hi = bisect.bisect_left(starts, c.end)
            linked = _claim_indicator(c, by_start[lo:hi])
            point = by_ind.get(id(linked)) if linked is not None else None
            links.append((t, c, point))
            if point is None or c.base_year is None or c.implied_base is None:
                continue
            if (point.series, c.base_year) in years_with_value:
                continue
            years_with_value.add((point.series, c.base_year))
            implied.append(replace(point, year=c.base_year, value=c.implied_base, qualifier=point.qualifier,
                                   section="", implied=True, text=c.text, ind=None, claim=c,
                                   implied_by=ex.report.year))
    return _IssuerData(series=s, extracted=extracted, points=tuple(points + implied), claim_links=tuple(links))


def _claim_indicator(c: Claim, indicators: Sequence[Indicator]) -> Indicator | None:
    """The indicator whose change the claim states: in the claim's sentence, before the change phrase,
    with the claim's value (when stated) and canonical id (when both known); the nearest one wins.
    A from-to claim (全程网办率由76%提升至92%) holds its current value inside the phrase: an indicator
    inside the claim's span qualifies when it is that stated value."""
    best: Indicator | None = None
    for ind in indicators:
        if ind.is_target or ind.start >= c.end or (ind.start > c.start and c.value is None):
            continue
        if ind.sentence != c.sentence.strip() and not (c.sentence and ind.sentence in c.sentence):
            continue
        if c.value is not None and not math.isclose(ind.value, c.value, rel_tol=1e-9, abs_tol=1e-9):
            continue
        if c.indicator and ind.indicator and c.indicator != ind.indicator:
            continue
        if c.unit and not units_compatible(c.unit, ind.unit):
            continue
        if best is None or ind.start > best.start:
            best = ind
    return best


def _issuer_data(corpus: Corpus, lexicon: Lexicon | Path | str | None,
                 results: Precomputed | None = None, alignments: Alignments | None = None) -> list[_IssuerData]:
    lex = _resolve_lexicon(lexicon)
    if alignments is not None and len(alignments) != len(corpus.series):
        raise ValueError(f"{len(alignments)} alignments for {len(corpus.series)} issuer series")
    return [_series_points(s, lex, results, alignments[k] if alignments is not None else None)
            for k, s in enumerate(corpus.series)]


def _long_from(data: Sequence[_IssuerData]) -> pd.DataFrame:
    rows = [{c: (p.approximate if c == "approximate" else getattr(p, c)) for c in LONG_COLUMNS}
            for d in data for p in sorted(d.points, key=lambda p: (p.year or 0, p.implied))]
    frame = pd.DataFrame(rows, columns=list(LONG_COLUMNS))
    return frame.astype({"implied": bool, "approximate": bool, "target": bool}) if len(frame) else frame


def long_table(corpus: Corpus, lexicon: Lexicon | Path | str | None = None, *,
               results: Precomputed | None = None, alignments: Alignments | None = None) -> pd.DataFrame:
    """Every indicator of every report, one row each (LONG_COLUMNS), plus the earlier values implied
    by claims where no report of that year has them (implied=True). `series` names the chain of
    matched indicators across years; `target` marks plans (never matched or compared). `results`:
    per-report results already computed (compare.engine), used instead of extracting again;
    `alignments`: the series' section alignments already computed (compare.pipeline), used instead
    of aligning again."""
    return _long_from(_issuer_data(corpus, lexicon, results, alignments))


def wide_table(long: pd.DataFrame) -> pd.DataFrame:
    """One row per series (matched indicator), one column per year (values; implied ones included,
    listed in `implied_years`). Targets are left out. The caller's frame is not modified."""
    frame = long[~long["target"].astype(bool)] if len(long) else long
    years = sorted({int(y) for y in frame["year"].dropna()}) if len(frame) else []
    base_cols = ["issuer", "series", "indicator", "subject", "unit", "kind"]
    if not len(frame):
        return pd.DataFrame(columns=[*base_cols, *years, "implied_years"])
    rows = []
    for (issuer, series), g in frame.groupby(["issuer", "series"], sort=False):
        real = g[~g["implied"].astype(bool)]
        last = (real if len(real) else g).sort_values("year").iloc[-1]
        row: dict[Any, Any] = {"issuer": issuer, "series": series, "indicator": last["indicator"],
                               "subject": last["subject"], "unit": last["unit"], "kind": last["kind"]}
        for y in years:
            vals = g.loc[g["year"] == y, "value"]
            row[y] = float(vals.iloc[0]) if len(vals) else math.nan
        row["implied_years"] = ",".join(str(int(y)) for y in sorted(g.loc[g["implied"].astype(bool), "year"]))
        rows.append(row)
    return pd.DataFrame(rows, columns=[*base_cols, *years, "implied_years"])


# ---------------------------------------------------------------- changes and claim check
def _decimals(x: float | None, text: str = "") -> int:
    """Decimals as written (from `text` when given, else from the float's shortest repr)."""
    if text:
        m = re.search(r"\d+(?:\.(\d+))?", text)
        if m:
            return len(m.group(1) or "")
    if x is None or not math.isfinite(x):
        return 0
    s = repr(float(x))
    return 0 if s.endswith(".0") or "e" in s else len(s.split(".")[1])


def _rounding_step(p: _Point) -> float:
    """How much a written value may differ from the true one: rates and decimals are rounded to
    their last written digit; 1.3万 to its last digit times 万; whole counts are exact."""
    d = _decimals(p.value, p.text)
    mult = 1e8 if "亿" in p.text else 1e4 if "万" in p.text else 1.0
    if p.unit == "%" or d > 0 or mult > 1:
        return 10.0 ** -d * mult
    return 0.0


def _computed(kind: str, old: float, new: float) -> float | None:
    """The change from `old` to `new` in reading `kind`; None when it is undefined (a relative change
    from 0) or beyond float range (values near 1e308)."""
    if kind == "percent":
        return None if old == 0 else _finite_or_none((new - old) / old * 100.0)
    return _finite_or_none(new - old)


def _finite_or_none(x: float) -> float | None:
    return x if math.isfinite(x) else None


@dataclass(frozen=True)
class _Check:
    status: str  # consistent / inconsistent / unverifiable
    claimed: float | None  # signed claimed change in its reading's unit
    kind: str  # the reading used
    gap: float | None  # claimed - computed (inconsistent only)
    note: str


def check_claim(c: Claim, old: _Point, new: _Point) -> _Check:
    """Compare a stated change with the earlier and current values (see module docstring)."""
    sign = {"up": 1.0, "down": -1.0}.get(c.direction, 0.0)
    claimed = sign * c.change
    readings = [c.change_kind]
    if c.alt_change_kind and c.alt_change_kind not in readings:
        readings.append(c.alt_change_kind)
    step_claim = 10.0 ** -_decimals(c.change, _change_text(c))
    so, sn = _rounding_step(old), _rounding_step(new)
    results = []
    for kind in readings:
        comp = _computed(kind, old.value, new.value)
        if comp is None:
            continue
        if kind == "percent":
            # old * old, not old ** 2: float power raises OverflowError where a product gives inf
            prop = 100.0 * (sn / 2 / abs(old.value) + abs(new.value) * so / 2 / (old.value * old.value))
        else:
            prop = (sn + so) / 2
        results.append((kind, comp, _within_rounding(claimed, comp, step_claim, prop)))
    if not results:
        why = "earlier value is 0: no relative change" if old.value == 0 else "change beyond float range"
        return _Check("unverifiable", claimed, c.change_kind, None, why)
    ok = next((r for r in results if r[2]), None)
    what = f"{_fmt(old.value)} -> {_fmt(new.value)}"
    if ok is not None:
        kind, comp, _ = ok
        note = ""
        if c.interpreted or len(results) > 1:
            note = (f"bare % read as {_KIND_WORDS[kind]}: {what} is {_fmt_change(comp, kind)}, as stated"
                    if kind != c.change_kind or c.interpreted else "")
        return _Check("consistent", claimed, kind, None, note)
    kind, comp, _ = results[0]
    stated_d = _decimals(c.change, _change_text(c))  # quote the stated change as written
    if old.approximate or new.approximate:
        return _Check("unverifiable", claimed, kind, None,
                      f"approximate values ({_shown(old)}, {_shown(new)}): "
                      f"{what} is {_fmt_change(comp, kind)}, stated {_fmt_change(claimed, kind, stated_d)}")
    gap = claimed - comp
    d = max(_decimals(c.change, _change_text(c)), 2)
    # A bare % on a rate fits neither reading: say so, with the other reading's figure too.
    other = "".join(f", or {_fmt_change(r[1], r[0])} as {_KIND_WORDS[r[0]]}" for r in results[1:])
    return _Check("inconsistent", claimed, kind, round(gap, d) if math.isfinite(gap) else None,
                  f"stated {_fmt_change(claimed, kind, stated_d)} ({c.text}) "
                  f"but {what} is {_fmt_change(comp, kind)}{other}")


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


_KIND_WORDS = {"percentage_points": "percentage points", "percent": "relative change", "absolute": "absolute change",
               "none": "no change"}


def _change_text(c: Claim) -> str:
    # The change numeral as written: the last number in the change phrase (与2019年同比上升18.51% -> 18.51).
    nums = re.findall(r"\d+(?:\.\d+)?", c.text)
    return nums[-1] if nums else ""


def _fmt(x: float) -> str:
    return f"{x:.6g}" if abs(x) < 1e6 else f"{x:,.0f}"


def _fmt_change(x: float, kind: str, decimals: int | None = None) -> str:
    # `decimals`: a stated change is quoted with the digits the report wrote (+128.78%, not +128.8%).
    suffix = {"percentage_points": " points", "percent": "%"}.get(kind, "")
    return f"{x:+.{decimals}f}{suffix}" if decimals is not None else f"{x:+.4g}{suffix}"


def _shown(p: _Point) -> str:
    """A value as the notes show it: as written, or marked implied (an implied value's text is the
    change phrase it comes from, 同比增长20%, which is not the value)."""
    if p.implied:
        return f"{_fmt(p.value)} (implied)"
    return p.text or _fmt(p.value)


def _row(old: _Point, new: _Point, pair: str, check: _Check | None, extra_note: str = "") -> dict[str, Any]:
    d = max(_decimals(old.value), _decimals(new.value))
    diff = _computed("absolute", old.value, new.value)
    change = None if diff is None else round(diff, min(d, 6))
    rate = new.unit == "%"
    rel = _computed("percent", old.value, new.value)
    pct = None if rel is None else round(rel, 2)
    notes = [n for n in (check.note if check else "", extra_note) if n]
    if old.approximate or new.approximate:
        notes.append(f"approximate: {_shown(old)} -> {_shown(new)}")
    for p in (old, new):
        if p.implied:
            by = p.implied_by or new.year
            notes.append(f"no {p.year} value in the corpus: implied by the {by} report ({p.text})")
    return {
        "issuer": new.issuer, "indicator": new.indicator, "subject": new.subject, "unit": new.unit,
        "year_old": old.year, "value_old": old.value, "year_new": new.year, "value_new": new.value,
        "change": change, "change_kind": "percentage_points" if rate else "absolute", "pct_change": pct,
        "claim_status": check.status if check else "",
        "approximate": old.approximate or new.approximate, "implied": old.implied or new.implied,
        "claimed_change": check.claimed if check else None, "claimed_kind": check.kind if check else "",
        "gap": check.gap if check else None, "note": "; ".join(notes), "pair": pair, "section": new.section,
        "source_old": old.source, "source_new": new.source,
    }


def _issuer_changes(d: _IssuerData) -> list[dict[str, Any]]:
    claim_of: dict[int, list[Claim]] = {}
    for _t, c, point in d.claim_links:
        if point is not None:
            claim_of.setdefault(id(point), []).append(c)
    by_series: dict[str, list[_Point]] = {}
    for p in d.points:
        if not p.target and p.year is not None:
            by_series.setdefault(p.series, []).append(p)
    rows: list[dict[str, Any]] = []
    for pts in by_series.values():
        # One value per year: the first mention (a report may repeat a figure in its summary).
        per_year: dict[int, _Point] = {}
        for p in sorted(pts, key=lambda p: (p.year, p.implied)):
            per_year.setdefault(p.year, p)  # type: ignore[arg-type]
        seq = [per_year[y] for y in sorted(per_year)]
        for a, b in pairwise(seq):
            rows.append(_pair_row(a, b, "consecutive", claim_of))
        if len(seq) > 2:
            rows.append(_pair_row(seq[0], seq[-1], "first_last", claim_of))
        # A change stated against an explicit earlier year (较2019年增长50% in the 2021 report) that
        # neither row above covers is checked against that year's value in a row of its own.
        for k, b in enumerate(seq):
            covered = {seq[k - 1].year} if k else set()
            if k == len(seq) - 1 and len(seq) > 2:
                covered.add(seq[0].year)
            for c in claim_of.get(id(b), []):
                base = per_year.get(c.base_year) if c.base_year is not None else None
                if (base is not None and base is not b and c.base_year not in covered
                        and not (base.implied and base.claim is c)):
                    rows.append(_row(base, b, "claim", check_claim(c, base, b)))
    # Claims whose indicator was not found: a row from the claim alone (its implied earlier value).
    for t, c, point in d.claim_links:
        if point is not None:
            continue
        rep = d.extracted[t].report
        rows.append(_claim_only_row(d, rep, c))
    return rows


def _pair_row(a: _Point, b: _Point, pair: str, claim_of: dict[int, list[Claim]]) -> dict[str, Any]:
    if pair == "consecutive":
        claims = [c for c in claim_of.get(id(b), []) if c.base_year in (None, a.year)]
    else:  # first -> last: only a change the report states against that first year
        claims = [c for c in claim_of.get(id(b), []) if c.base_year is not None and c.base_year == a.year]
    if not claims:
        return _row(a, b, pair, None)
    c = claims[0]
    if a.implied and a.claim is c:
        check = _Check("unverifiable", _signed(c), c.change_kind, None, "")
        return _row(a, b, pair, check)
    return _row(a, b, pair, check_claim(c, a, b))


def _signed(c: Claim) -> float:
    return {"up": 1.0, "down": -1.0}.get(c.direction, 0.0) * c.change


def _claim_only_row(d: _IssuerData, rep: Report, c: Claim) -> dict[str, Any]:
    return {
        "issuer": d.series.name or d.series.key, "indicator": c.indicator, "subject": c.subject, "unit": c.unit,
        "year_old": c.base_year, "value_old": c.implied_base, "year_new": rep.year, "value_new": c.value,
        "change": _signed(c) if c.change_kind != "percent" else None,
        "change_kind": c.change_kind, "pct_change": _signed(c) if c.change_kind == "percent" else None,
        "claim_status": "unverifiable", "approximate": False, "implied": c.implied_base is not None,
        "claimed_change": _signed(c), "claimed_kind": c.change_kind, "gap": None,
        "note": "indicator of the claim not found in the report's table of indicators", "pair": "claim",
        "section": c.section, "source_old": "", "source_new": rep.source,
    }


def changes_table(corpus: Corpus, lexicon: Lexicon | Path | str | None = None, *,
                  results: Precomputed | None = None, alignments: Alignments | None = None) -> pd.DataFrame:
    """Changes of every matched indicator between consecutive values of its series, and first->last
    (CHANGES_COLUMNS): `change` in points for rates (%) and absolute otherwise, `pct_change` relative
    (%), and, where the newer report states the change, `claim_status` with `claimed_change` and `gap`.
    For a single report the rows come from its claims (earlier values implied). `results` and
    `alignments` as in `long_table`."""
    return _changes_from(_issuer_data(corpus, lexicon, results, alignments))


def tables(corpus: Corpus, lexicon: Lexicon | Path | str | None = None, *,
           results: Precomputed | None = None,
           alignments: Alignments | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`(long_table, changes_table)` of the corpus from one extraction and alignment pass: what a
    caller needing both (the main job) should use instead of calling the two functions. `results`
    and `alignments` as in `long_table`."""
    data = _issuer_data(corpus, lexicon, results, alignments)
    return _long_from(data), _changes_from(data)


def _changes_from(data: Sequence[_IssuerData]) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for d in data:
        rows.extend(_issuer_changes(d))
    frame = pd.DataFrame(rows, columns=list(CHANGES_COLUMNS))
    if len(frame):
        frame = frame.sort_values(["issuer", "year_new", "pair", "section", "indicator", "subject"],
                                  kind="stable", key=_sort_key).reset_index(drop=True)
    return frame


def _sort_key(col: pd.Series) -> pd.Series:
    return col.fillna(0) if col.dtype.kind in "if" else col.fillna("").astype(str)


__all__ = [
    "CHANGES_COLUMNS",
    "CHANGES_TABLE_COLUMNS",
    "LONG_COLUMNS",
    "Alignments",
    "Precomputed",
    "changes_table",
    "check_claim",
    "long_table",
    "match_indicators",
    "scope_parts",
    "subject_similarity",
    "tables",
    "units_compatible",
    "wide_table",
]

