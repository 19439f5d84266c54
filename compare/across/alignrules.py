"""Structural rules of section alignment that pair what similarity alone leaves apart (issue 9,
fixtures tests/fixtures/align): heads of the same required part, parents whose children pair,
reworded leftovers under paired parents; and the tree tests split / merge detection uses."""

from __future__ import annotations

from collections import Counter

from compare.across.scores import Scores
from compare.across.similarity import char_dice
from compare.across.units import SectionUnit

#: A parent whose children pair with the children of one other parent pairs with it too (a reworded
#: theme keeps its sub-items), when at least MIN_PAIRED_CHILDREN of its children pair there, more
#: than half of the paired children on each side go to the other one, and roles agree. One
#: sub-item carried over is too little to say the theme is the same (a 行政复议 item moves between
#: themes); the roles are where the text says otherwise (plans never pair with results).
MIN_PAIRED_CHILDREN = 2

#: Two sections left unpaired under parents paired with each other are the same item reworded
#: (强化法治政府建设督察考核 -> 强化工作督查考核: bigram cosine 0.23, below any threshold that keeps
#: unrelated sections apart) when their titles share at least this Dice share of their characters
#: and each is the other's best such candidate. On the fixtures (tests/fixtures/align) reworded
#: items left over under paired parents scored 0.44-0.50, different items 0.12-0.33.
SIBLING_TITLE_DICE = 0.4

#: Most leftover siblings compared per section, the nearest by position: a parent with 10,000
#: items, all reworded, would otherwise compare every pair of them.
SIBLING_MAX = 200


def role_heads(units: list[SectionUnit]) -> dict[str, int]:
    """Role -> index of the heading that opens that required part (存在的不足和原因, 20XX年工作安排...),
    for roles opened by exactly one heading (a role whose themes all sit at the top, as in a
    report without a wrapper heading, has no single head)."""
    heads: dict[str, list[int]] = {}
    for k, u in enumerate(units):
        role = u.section.role
        if role and (u.parent < 0 or units[u.parent].section.role != role):
            heads.setdefault(role, []).append(k)
    return {role: ks[0] for role, ks in heads.items() if len(ks) == 1}


def pair_role_heads(uo: list[SectionUnit], un: list[SectionUnit], score: Scores,
                    pairs: dict[int, int]) -> dict[int, int]:
    """Pair the heads of the same required part when neither was paired: 存在的主要问题 and
    存在的不足和原因 share almost no bigrams, and their bodies list different problems every year, so
    their score falls below MATCH_THRESHOLD; yet the regulation makes them the same part (roles are
    what pairs plans with plans and problems with problems)."""
    used_new = set(pairs.values())
    heads_n = role_heads(un)
    out = dict(pairs)
    for role, i in role_heads(uo).items():
        j = heads_n.get(role)
        if j is not None and i not in out and j not in used_new and not score.clash(i, j):
            out[i] = j
            used_new.add(j)
    return out


def descends(units: list[SectionUnit], a: int, b: int) -> bool:
    """True when unit a is b or inside b, or b inside a."""
    def up(x: int, y: int) -> bool:
        while x >= 0:
            if x == y:
                return True
            x = units[x].parent
        return False
    return up(a, b) or up(b, a)


def is_ancestor(units: list[SectionUnit], a: int, b: int) -> bool:
    """True when unit a strictly contains unit b."""
    x = units[b].parent
    while x >= 0:
        if x == a:
            return True
        x = units[x].parent
    return False


def leaves(units: list[SectionUnit]) -> set[int]:
    """Indexes of the headings without sub-headings."""
    parents = {u.parent for u in units}
    return {k for k in range(len(units)) if k not in parents}


def _children(units: list[SectionUnit]) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for k, u in enumerate(units):
        kids.setdefault(u.parent, []).append(k)
    return kids


def pair_parents_of_paired_children(uo: list[SectionUnit], un: list[SectionUnit], score: Scores,
                                    pairs: dict[int, int]) -> dict[int, int]:
    """Pair an unpaired old parent with the unpaired new parent that holds the partners of most of
    its children (and whose paired children mostly come from it): a reworded theme keeps its
    sub-items. Deepest parents first, so a grandparent sees its children paired."""
    out = dict(pairs)
    old_of = {j: i for i, j in out.items()}
    kids_o, kids_n = _children(uo), _children(un)
    for i in sorted(kids_o.keys() - {-1}, reverse=True):
        if i in out:
            continue
        partners = [un[out[k]].parent for k in kids_o[i] if k in out]
        if not partners:
            continue
        j, votes = Counter(partners).most_common(1)[0]
        if j < 0 or j in old_of or votes < MIN_PAIRED_CHILDREN or 2 * votes <= len(partners) or score.clash(i, j):
            continue
        sources = [uo[old_of[k]].parent for k in kids_n[j] if k in old_of]
        if 2 * sources.count(i) <= len(sources):
            continue
        out[i] = j
        old_of[j] = i
    return out


def pair_leftover_siblings(uo: list[SectionUnit], un: list[SectionUnit], score: Scores,
                           pairs: dict[int, int]) -> dict[int, int]:
    """Pair sections left over under parents paired with each other when their titles share most
    of their characters (SIBLING_TITLE_DICE), mutual best, roles agreeing: the parents' pairing is
    the context a reader uses to see 强化工作督查考核 as last year's 强化法治政府建设督察考核."""
    out = dict(pairs)
    used_new = set(out.values())
    kids_n = _children(un)
    rank_o = {k: r for kids in _children(uo).values() for r, k in enumerate(kids)}
    cands: dict[int, list[tuple[float, int]]] = {}
    for i, u in enumerate(uo):
        if i in out or u.parent < 0 or u.parent not in out:
            continue
        sibs = [j for j in kids_n.get(out[u.parent], []) if j not in used_new]
        if len(sibs) > SIBLING_MAX:
            lo = max(0, min(rank_o[i] - SIBLING_MAX // 2, len(sibs) - SIBLING_MAX))
            sibs = sibs[lo:lo + SIBLING_MAX]
        for j in sibs:
            if score.clash(i, j):
                continue
            d = char_dice(uo[i].title_key, un[j].title_key)
            if d >= SIBLING_TITLE_DICE:
                cands.setdefault(i, []).append((d, j))
    best_new: dict[int, tuple[float, int]] = {}
    for i, cs in cands.items():
        for d, j in cs:
            if j not in best_new or d > best_new[j][0]:
                best_new[j] = (d, i)
    for i, cs in cands.items():
        d, j = max(cs)
        if best_new[j][1] == i:
            out[i] = j
    return out
