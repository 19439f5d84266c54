"""Text similarity measures shared by section alignment and indicator matching: character-bigram
bags, their cosine / Jaccard / containment, character Dice, and normalised edit similarity.

Bigrams suit Chinese: words are not delimited, and a reworded heading keeps most of its bigrams in
another order (依法全面履行政府职能 vs 政府职能依法全面履行: bigram cosine 0.89, rapidfuzz ratio 0.60).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from rapidfuzz.distance import Indel, Levenshtein

from compare.textnorm import key as normalise_text  # one matching key for the whole project

_DIGITS = re.compile(r"\d+(?:\.\d+)?")

#: Largest len(a) x len(b) whose Levenshtein similarity is computed exactly (10,000 characters
#: each way: ~10 ms). Beyond it the texts are compared chunk by chunk (`chunked_edit_similarity`):
#: the exact distance of two 500,000-character sections took 50 s.
EDIT_MAX_CELLS = 100_000_000

#: Average chunk length (characters) of the chunked comparison: a chunk ends after a character pair
#: whose code points hash to 0 modulo this, so chunk ends follow the text, not fixed offsets, and an
#: insertion shifts no chunk boundary beyond its own.
_CHUNK_MOD = 64


def fold_numbers(text: str) -> str:
    """Every number replaced by 0: years and figures change every year (2019年工作思路 ->
    2021年工作思路); for similarity a number is a number."""
    return _DIGITS.sub("0", text)


def title_key(title: str) -> str:
    """The matching key of a heading title with numbers folded (what "same title" compares)."""
    return normalise_text(fold_numbers(title))


def bigrams(text: str) -> Counter[str]:
    """Bag of character bigrams of normalised text (a single character for one-character text)."""
    return bag(normalise_text(text))


def bag(t: str) -> Counter[str]:
    """Bigrams of already normalised text."""
    if len(t) < 2:
        return Counter([t] if t else [])
    return Counter(map(str.__add__, t[:-1], t[1:]))


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine of two bags (counts as weights); 1 when both are empty (nothing changed), 0 when one is."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)


def jaccard(a: Counter[str], b: Counter[str]) -> float:
    """Jaccard of the two bigram sets; 1 when both are empty (nothing changed)."""
    sa, sb = set(a), set(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


def containment(a: Counter[str], b: Counter[str]) -> float:
    """Share of the bigrams of `a` that occur in `b`."""
    if not a:
        return 0.0
    return sum(1 for k in a if k in b) / len(a)


def char_dice(a: str, b: str) -> float:
    """Dice coefficient of the two strings' character sets."""
    sa, sb = set(a), set(b)
    return 2 * len(sa & sb) / (len(sa) + len(sb)) if sa or sb else 0.0


def edit_similarity(a: str, b: str) -> float:
    """Normalised Levenshtein similarity of the normalised texts (1 = identical)."""
    return bounded_edit_similarity(normalise_text(a), normalise_text(b))


def bounded_edit_similarity(a: str, b: str) -> float:
    """Normalised Levenshtein similarity of two (normalised) texts: exact up to EDIT_MAX_CELLS,
    chunked beyond."""
    if len(a) * len(b) <= EDIT_MAX_CELLS:
        return float(Levenshtein.normalized_similarity(a, b))
    return chunked_edit_similarity(a, b)


def _chunks(t: str) -> list[str]:
    cuts = [k + 1 for k in range(1, len(t)) if (ord(t[k - 1]) * 31 + ord(t[k])) % _CHUNK_MOD == 0]
    return [t[x:y] for x, y in zip([0, *cuts], [*cuts, len(t)], strict=True) if x < y]


def chunked_edit_similarity(a: str, b: str) -> float:
    """1 - distance / longer length, where the distance is the sum, over the blocks of an in-order
    alignment of content-defined chunks (equal chunks cost nothing), of the Levenshtein distance of
    each changed block (its longer length when the block itself is too large). An upper bound of
    the true distance, equal to it when the edits stay apart; linear in the text for local edits."""
    if not a and not b:
        return 1.0
    ca, cb = _chunks(a), _chunks(b)
    dist = 0
    # Changed blocks between equal chunks (a delete next to an insert is one replaced block).
    blocks: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes(ca, cb):
        if op.tag == "equal":
            continue
        if blocks and blocks[-1][1] == op.src_start and blocks[-1][3] == op.dest_start:
            blocks[-1] = (blocks[-1][0], op.src_end, blocks[-1][2], op.dest_end)
        else:
            blocks.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    for i1, i2, j1, j2 in blocks:
        x, y = "".join(ca[i1:i2]), "".join(cb[j1:j2])
        dist += Levenshtein.distance(x, y) if len(x) * len(y) <= EDIT_MAX_CELLS else max(len(x), len(y))
    return max(0.0, 1.0 - dist / max(len(a), len(b)))


__all__ = [
    "bag", "bigrams", "bounded_edit_similarity", "char_dice", "chunked_edit_similarity", "containment", "cosine",
    "edit_similarity", "fold_numbers", "jaccard", "normalise_text", "title_key",
]
