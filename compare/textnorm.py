"""Normalisation of text for MATCHING only (alignment, similarity, lookups). Records keep the text as
written; these functions produce keys, never display text."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def fold(text: str) -> str:
    """Full-width ASCII and punctuation to half-width (NFKC), spaces removed: （一） -> (一),
    １２３ -> 123, "64．29％" -> "64.29%". CJK ideographs are unchanged."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


# Everything that is not a letter or digit (punctuation, symbols, spaces, controls) in any script.
# Public for callers that NFKC a whole text once and key slices of it (compare.across.align).
NON_WORD = re.compile(r"[\W_]+")


def key(text: str) -> str:
    """A matching key: NFKC-folded, punctuation, symbols and spaces removed
    (强化组织领导，统筹谋划 -> 强化组织领导统筹谋划). What alignment and similarity compare."""
    return NON_WORD.sub("", unicodedata.normalize("NFKC", text))
