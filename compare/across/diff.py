"""Stage: section diffs made for Chinese text (issue 5, "Section diff").

A line diff is useless on Chinese prose (a paragraph is one line) and a character diff is noisy
(72% -> 89% shows as two digit edits). So the diff works in two levels:

1. sentences (split after 。！？； and line breaks, punctuation kept) are matched with
   difflib.SequenceMatcher; inside a block of changed sentences, old and new sentences are paired
   by similarity so that a reworded sentence is one `replace`, not a delete plus an insert; a
   deleted sentence equal or near-equal to an inserted one elsewhere is a move;
2. within a replaced pair, tokens are diffed: one Chinese character, one ASCII word, or one
   number with its decimals, magnitude and unit (72%, 1,182项, 36.39万件 are single tokens).

Modules: `difftokens` (tokens, the DiffOp record, op counts), `difftext` (sentences, moves), this
module (section pairs of two reports, moves across sections). The names in `__all__` are this
module's public surface, wherever defined.

`diff_reports` pairs the sections of two reports with `compare.across.align.align_sections` and diffs
each pair. Renderers live in `compare.write.diffrender` (terminal) and `compare.write.htmldiff` (HTML).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from compare.across.difftext import (
    MOVE_MIN_CHARS,
    diff_text,
    key_of,
    move_inner,
    move_key,
    near_moves,
    similarity,
    split_sentences,
)
from compare.across.difftokens import DiffOp, OpKind, count_ops, diff_tokens, tokenize
from compare.errors import UsageError
from compare.models import Report, Section, SectionMatch


@dataclass(frozen=True)
class SectionDiff:
    """The diff of one aligned pair of sections (title and body)."""

    old_path: str  # "" when the section was added ("a + b" when a split/merge joined several)
    new_path: str  # "" when the section was removed
    old_title: str
    new_title: str
    status: str  # the alignment's status: matched/changed/unchanged/added/removed/split/merged
    score: float  # the alignment's similarity, 0..1
    ops: tuple[DiffOp, ...]  # sentence-level ops over the sections' text
    insertions: int  # inserted sentences
    deletions: int  # deleted sentences
    changes: int  # replaced (reworded) sentences
    moves: int  # moved sentences (inside the section, or to / from another section)

    @property
    def changed(self) -> bool:
        """True when the text differs beyond whitespace."""
        return bool(self.insertions or self.deletions or self.changes or self.moves)

    @property
    def path(self) -> str:
        """The path shown for the pair: the new one, else the old one."""
        return self.new_path or self.old_path

    @property
    def title(self) -> str:
        """The title shown for the pair: the new one, else the old one."""
        return self.new_title or self.old_title




def section_text(report: Report, section: Section) -> str:
    """The part's text as written (title, its 。, paragraph breaks and body) without its numbering
    marker: renumbering (（一） -> 1.) is structure, shown by the paths, not a text change."""
    raw = report.text[section.start:section.end] if section.end > section.start else ""
    if not raw:
        return section.text
    if section.marker and raw.startswith(section.marker):
        raw = raw[len(section.marker):]
    return raw.strip()


def diff_reports(old: Report, new: Report, section: str | None = None,
                 matches: Sequence[SectionMatch] | None = None) -> tuple[SectionDiff, ...]:
    """Diff every aligned pair of sections of two reports (pairs from `align_sections`, or the
    `matches` a caller already has), in the alignment's order. With `section`, only the pair
    containing that old or new path; an unknown path raises UsageError listing valid paths."""
    if matches is None:
        from compare.across.align import align_sections  # a later stage's entry point; imported on use

        matches = align_sections(old, new)
    matches = _with_parts(old, new, tuple(matches))
    groups = _groups(matches)
    if section is not None:
        groups = [g for g in groups if section in _paths(g)]
        if not groups:
            valid = [s.path for s in new.sections] + [s.path for s in old.sections if s.path not in
                                                        {t.path for t in new.sections}]
            shown = ", ".join(valid[:8]) + (", ..." if len(valid) > 8 else "")
            raise UsageError(old.source, f"no section '{section}' in either report",
                             f"choose one of: {shown} (see `report-compare outline`)")
    # Sections by path, built once: Report.section scans the list, which made 40,000 groups quadratic.
    old_at, new_at = _by_path(old), _by_path(new)
    return _cross_moves([_diff_group(old, new, g, old_at, new_at) for g in groups])


def _by_path(report: Report) -> dict[str, Section]:
    """Each path's section, the first of a repeated path (as Report.section finds it)."""
    out: dict[str, Section] = {}
    for s in report.sections:
        out.setdefault(s.path, s)
    return out


def _cross_moves(diffs: list[SectionDiff]) -> tuple[SectionDiff, ...]:
    """Sentences deleted from one section and inserted (equal or near-equal) in another become
    moves across sections; move ids are then renumbered to be unique in the report pair, so that a
    renderer can link the two ends wherever they are."""
    dels = [(s, k) for s, d in enumerate(diffs) for k, op in enumerate(d.ops)
            if op.op == "delete" and len(key_of(op.old)) >= MOVE_MIN_CHARS]
    inss = [(s, k) for s, d in enumerate(diffs) for k, op in enumerate(d.ops)
            if op.op == "insert" and len(key_of(op.new)) >= MOVE_MIN_CHARS]
    ka = [move_key(key_of(diffs[s].ops[k].old)) for s, k in dels]
    kb = [move_key(key_of(diffs[s].ops[k].new)) for s, k in inss]
    pairs: list[tuple[int, int]] = []
    free: dict[str, list[int]] = {}
    for y, key in enumerate(kb):
        free.setdefault(key, []).append(y)
    for x, key in enumerate(ka):
        if free.get(key) and dels[x][0] != inss[free[key][0]][0]:
            pairs.append((x, free[key].pop(0)))
    used_x = {x for x, _ in pairs}
    used_y = {y for _, y in pairs}
    left_x = [x for x in range(len(ka)) if x not in used_x]
    left_y = [y for y in range(len(kb)) if y not in used_y]
    pairs += [(x, y) for x, y in near_moves(left_x, left_y, ka, kb) if dels[x][0] != inss[y][0]]

    ops = [list(d.ops) for d in diffs]
    next_id = 0
    for s in range(len(ops)):  # in-section moves first, in document order
        local: dict[int, int] = {}
        for k, op in enumerate(ops[s]):
            if op.move:
                if op.move not in local:
                    next_id += 1
                    local[op.move] = next_id
                ops[s][k] = replace(op, move=local[op.move])
    for x, y in sorted(pairs):
        next_id += 1
        (s1, k1), (s2, k2) = dels[x], inss[y]
        a, b = ops[s1][k1].old, ops[s2][k2].new
        inner = move_inner(a, b)
        # Each end names the other as the reader of that side knows it: "moved to" in the new
        # report's numbering, "moved from" in the old one's.
        ops[s1][k1] = DiffOp("move_from", a, b, inner, next_id, diffs[s2].new_path or diffs[s2].path)
        ops[s2][k2] = DiffOp("move_to", a, b, inner, next_id, diffs[s1].old_path or diffs[s1].path)
    out = []
    for d, new_ops in zip(diffs, ops, strict=True):
        ins, dl, chg, mov = count_ops(new_ops)
        out.append(replace(d, ops=tuple(new_ops), insertions=ins, deletions=dl, changes=chg, moves=mov))
    return tuple(out)


def _with_parts(old: Report, new: Report, matches: Sequence[SectionMatch]) -> list[SectionMatch]:
    """The alignment's heading pairs plus the unnumbered parts (preamble, closing block, or the
    single body of a report without headings), which `align_sections` leaves out: they pair by
    name, the preamble first and the others last."""
    def part_pairs(kinds: tuple[str, ...]) -> list[SectionMatch]:
        names = list(dict.fromkeys(s.path for r in (old, new) for s in r.sections if s.kind in kinds))
        out = []
        for name in names:
            a = next((s for s in old.sections if s.path == name and s.kind in kinds), None)
            b = next((s for s in new.sections if s.path == name and s.kind in kinds), None)
            ta = section_text(old, a) if a else ""
            tb = section_text(new, b) if b else ""
            status = ("added" if a is None else "removed" if b is None
                      else "unchanged" if key_of(ta) == key_of(tb) else "matched")
            out.append(SectionMatch(old_path=a.path if a else "", new_path=b.path if b else "",
                                    old_title=a.title if a else "", new_title=b.title if b else "",
                                    score=round(similarity(ta, tb), 4) if a and b else 0.0,
                                    status=status))  # type: ignore[arg-type]
        return out

    return part_pairs(("preamble",)) + list(matches) + part_pairs(("body", "closing"))


def _paths(group: Sequence[SectionMatch]) -> set[str]:
    return {p for m in group for p in (m.old_path, m.new_path) if p}


def _groups(matches: Sequence[SectionMatch]) -> list[list[SectionMatch]]:
    """Matches joined when they share an old or a new path (a split: one old -> several new; a
    merge: several old -> one new), so that such a section is diffed once against all its parts.
    Order: the first match of each group."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    owner: dict[tuple[str, str], int] = {}
    for k, m in enumerate(matches):
        find(k)
        for side, p in (("old", m.old_path), ("new", m.new_path)):
            if not p:
                continue
            if (side, p) in owner:
                parent[find(k)] = find(owner[(side, p)])
            else:
                owner[(side, p)] = k
    groups: dict[int, list[SectionMatch]] = {}
    for k, m in enumerate(matches):
        groups.setdefault(find(k), []).append(m)
    return list(groups.values())


def _diff_group(old: Report, new: Report, group: Sequence[SectionMatch], old_at: dict[str, Section],
                new_at: dict[str, Section]) -> SectionDiff:
    old_paths = list(dict.fromkeys(m.old_path for m in group if m.old_path))
    new_paths = list(dict.fromkeys(m.new_path for m in group if m.new_path))
    old_secs = [old_at[p] for p in old_paths]
    new_secs = [new_at[p] for p in new_paths]
    old_text = "\n".join(section_text(old, s) for s in old_secs)
    new_text = "\n".join(section_text(new, s) for s in new_secs)
    ops = diff_text(old_text, new_text)
    ins, dels, chg, mov = count_ops(ops)
    first = group[0]
    return SectionDiff(
        old_path=" + ".join(old_paths),
        new_path=" + ".join(new_paths),
        old_title=" / ".join(s.title for s in old_secs) if len(old_secs) > 1 else first.old_title or
        (old_secs[0].title if old_secs else ""),
        new_title=" / ".join(s.title for s in new_secs) if len(new_secs) > 1 else first.new_title or
        (new_secs[0].title if new_secs else ""),
        status=first.status if len(group) == 1 else next(
            (m.status for m in group if m.status in ("split", "merged")), first.status),
        score=max(m.score for m in group),
        ops=ops,
        insertions=ins,
        deletions=dels,
        changes=chg,
        moves=mov,
    )


__all__ = [
    "MOVE_MIN_CHARS",
    "DiffOp",
    "OpKind",
    "SectionDiff",
    "count_ops",
    "diff_reports",
    "diff_text",
    "diff_tokens",
    "section_text",
    "similarity",
    "split_sentences",
    "tokenize",
]
