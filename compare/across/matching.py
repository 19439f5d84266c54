"""Indicator matching year to year: one to one, never across incompatible units (件 vs %), in
three tiers (DOMAIN.md): the same canonical id (ties broken by subject); then subject similarity
inside sections that `align_sections` pairs; then subject similarity anywhere in the document.

Combined scopes are different indicators (a judgement): a subject that joins several bodies or
items with 和/及/与/、 (县委常委会和县政府常务会议学法共7次) measures their sum, a different series from
one body's figure (县政府常务会议学法10次), however similar the words. Two subjects pair only when
they join the same number of parts; conjunctions inside words (参与, 涉及, 及时, 和解) do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from compare.across.similarity import bigrams, cosine, fold_numbers
from compare.models import Indicator

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

#: A conjunction between two named parts (县委常委会和县政府常务会议, 宣传册、折页), each at least two
#: characters, and not the second character of a word (参与, 涉及, 普及) nor the first (及时, 和解).
_CONJUNCTION_RE = re.compile(
    r"(?<=[\u4e00-\u9fff]{2})(?:、|以及|(?<![参给赋授])与|(?<![涉普危触波以])及(?![时格早])"
    r"|(?<![缓温平柔总])和(?![解谐睦美平]))(?=[\u4e00-\u9fff（(“]{2})")


def units_compatible(a: str, b: str) -> bool:
    """True when quantities in units a and b measure the same thing (件 and 件次; never 件 and %)."""
    if a == b:
        return True
    return any(a in fam and b in fam for fam in UNIT_FAMILIES)


def subject_similarity(a: str, b: str) -> float:
    """Bigram cosine of two subjects (numbers folded): 审核规范性文件 vs 全年审核规范性文件 is high."""
    return cosine(bigrams(fold_numbers(a)), bigrams(fold_numbers(b)))


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


@lru_cache(maxsize=1 << 16)
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


@lru_cache(maxsize=1 << 16)
def _subject_bag(subject: str) -> tuple[tuple[str, int], ...]:
    """The bigrams subject_similarity compares, with their counts (a subject recurs in every year's
    matching); a tuple, since every caller shares the remembered value."""
    return tuple(bigrams(fold_numbers(subject)).items())


def _subject_matrix(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """subject_similarity of every pair, vectorised (bigram count vectors, cosine)."""
    bags = [_subject_bag(s) for s in (*a, *b)]
    # Columns in order of first appearance (the order the dot products sum in), filled at once.
    keys = [k for bag in bags for k, _ in bag]
    vocab = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    m = np.zeros((len(bags), max(len(vocab), 1)))
    rows = np.repeat(np.arange(len(bags)), [len(bag) for bag in bags])
    m[rows, [vocab[k] for k in keys]] = [v for bag in bags for _, v in bag]
    norms = np.sqrt(np.einsum("ij,ij->i", m, m))
    norms[norms == 0] = 1.0
    m /= norms[:, None]
    out: np.ndarray = np.einsum("ik,jk->ij", m[:len(a)], m[len(a):])
    return out


def _aligned_depth(secs_o: Sequence[str], secs_n: Sequence[str], aligned: set[tuple[str, str]]) -> np.ndarray:
    """Depth of the innermost aligned section pair (a, b) with a containing old section i and b
    containing new section j (0: none). One block assignment per aligned pair, deepest last: a
    test of every ancestor pair for every (i, j) cost more than the rest of the matching."""
    out = np.zeros((len(secs_o), len(secs_n)), dtype=int)
    if not aligned:
        return out
    under_o: dict[str, list[int]] = {}
    under_n: dict[str, list[int]] = {}
    for secs, under in ((secs_o, under_o), (secs_n, under_n)):
        for k, sec in enumerate(secs):
            for a in _ancestors(sec):
                under.setdefault(a, []).append(k)
    hits = [(len(a.split("/")), a, b) for a, b in aligned if a in under_o and b in under_n]
    for depth, a, b in sorted(hits):  # a deeper pair overwrites a shallower one
        out[np.ix_(under_o[a], under_n[b])] = depth
    return out
