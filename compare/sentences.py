"""What ends a sentence and a clause: the one definition for the whole toolkit, and the look-ups
built on it (the sentence or clause holding an offset).

Reading (page furniture, PDF paragraph joins), extraction (indicators, claims) and the text diff
each need "the end of a sentence", with different reach: records keep a sentence up to a full stop
or line break, a clause also ends at a comma, semicolon or colon, the diff and the prose tests also
split at a semicolon, and a PDF line that closes a paragraph may end with a closing quote. Each set
below is built from the same few groups of marks, so adding a mark (say a Unicode full stop) is one
edit here. Top-level, like compare.textnorm, because every stage uses it and a stage imports only
from stages before it.
"""

from __future__ import annotations

import bisect
import re

#: Marks that end a sentence in prose, Chinese and ASCII.
FULL_STOPS = "。！？!?"
SEMICOLONS = "；;"
COLONS = "：:"
COMMAS = "，,"
#: Closing quotes and brackets: a line that ends with one may end a paragraph (“…”）).
CLOSERS = "」”』)）"

#: What ends the sentence a record keeps (Indicator.sentence, Claim.sentence): a full stop or a line break.
SENTENCE_END = FULL_STOPS + "\n"
#: What ends a clause: a sentence end, a comma, a semicolon or a colon.
CLAUSE_END = SENTENCE_END + COMMAS + SEMICOLONS + COLONS
#: What ends a sentence of prose for the text diff and for telling prose from page furniture: a full
#: stop or a semicolon (line breaks are handled by the caller).
PROSE_END = FULL_STOPS + SEMICOLONS
#: What a PDF line that closes a paragraph ends with: a prose end, a colon or a closing mark.
PARAGRAPH_END = PROSE_END + COLONS + CLOSERS

_CLAUSE_END_RE = re.compile(f"[{re.escape(CLAUSE_END)}]")


#: which is quadratic. 200 is well above any real clause.
MAX_CLAUSE_CHARS = 200


def clause_start(text: str, s0: int, pos: int) -> int:
    """Offset where the clause holding `pos` starts (after ，；：), not before `s0` and at most
    MAX_CLAUSE_CHARS before `pos`."""
    lo = max(s0, pos - MAX_CLAUSE_CHARS)
    # One regex search (in C) over the reversed window finds the last mark; one str.rfind per
    # punctuation mark, or a character loop, dominated the time on number-dense text.
    m = _CLAUSE_END_RE.search(text[lo:pos][::-1])
    return pos - m.start() if m else lo


def clause_end(text: str, pos: int, s1: int) -> int:
    hi = min(s1, pos + MAX_CLAUSE_CHARS)
    m = _CLAUSE_END_RE.search(text, pos, hi) if pos < hi else None
    return m.start() if m else max(pos, hi)


def _bounds(stops: list[int], text: str, pos: int) -> tuple[int, int]:
    """`sentence_bounds` from the sorted offsets of the sentence-ending characters."""
    k = bisect.bisect_left(stops, pos)
    s0 = stops[k - 1] + 1 if k else 0
    if k == len(stops):
        return s0, len(text)
    j = stops[k]
    return s0, j if text[j] == "\n" else j + 1


def sentence_stops(text: str) -> list[int]:
    """Offsets of the sentence-ending characters of `text`, for `sentence_bounds`."""
    # str.find per character (a memchr in C) and one merge of the sorted runs: a third faster than
    # a regex scan of the whole text, which was a fifth of the time of `scan` on real reports
    out: list[int] = []
    for ch in SENTENCE_END:
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


#: Longest sentence text a record keeps (Indicator.sentence, Claim.sentence). Real sentences are
#: shorter (the longest in the seeds and fixtures is 369 characters); a "sentence" of a megabyte
#: (a table flattened into one line, hostile input) copied into every record made memory and every
#: csv/json output quadratic. Longer ones are cut into blocks of this size, and a record keeps the
#: block holding it, marked with … where cut; records in one block share one string.
SENTENCE_MAX_CHARS = 1000


def sentence_text(text: str, s0: int, s1: int, pos: int, cache: dict[tuple[int, int], str] | None = None) -> str:
    """The text of the sentence text[s0:s1] as records keep it, for a record at `pos`: the whole
    sentence, stripped, or its SENTENCE_MAX_CHARS block around `pos`. `cache` shares the strings."""
    block = (pos - s0) // SENTENCE_MAX_CHARS if s1 - s0 > SENTENCE_MAX_CHARS else 0
    key = (s0, block)
    if cache is not None and key in cache:
        return cache[key]
    if s1 - s0 <= SENTENCE_MAX_CHARS:
        out = text[s0:s1].strip()
    else:
        a = s0 + block * SENTENCE_MAX_CHARS
        b = min(s1, a + SENTENCE_MAX_CHARS)
        out = ("…" if a > s0 else "") + text[a:b].strip() + ("…" if b < s1 else "")
    if cache is not None:
        cache[key] = out
    return out


def sentence_bounds(text: str, pos: int, stops: list[int] | None = None) -> tuple[int, int]:
    """Start and end (after its 。) of the sentence holding `pos`; a line break also ends one.
    `stops` (from `sentence_stops`) makes repeated look-ups in one text cheap."""
    if stops is not None:
        return _bounds(stops, text, pos)
    i = pos
    while i > 0 and text[i - 1] not in SENTENCE_END:
        i -= 1
    j = pos
    while j < len(text) and text[j] not in SENTENCE_END:
        j += 1
    return i, min(j + 1, len(text)) if j < len(text) and text[j] != "\n" else j


__all__ = [
    "CLAUSE_END",
    "CLOSERS",
    "COLONS",
    "COMMAS",
    "FULL_STOPS",
    "MAX_CLAUSE_CHARS",
    "PARAGRAPH_END",
    "PROSE_END",
    "SEMICOLONS",
    "SENTENCE_END",
    "SENTENCE_MAX_CHARS",
    "clause_end",
    "clause_start",
    "sentence_bounds",
    "sentence_stops",
    "sentence_text",
]
