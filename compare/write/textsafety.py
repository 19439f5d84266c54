"""Report text is hostile input on its way out: text that a spreadsheet would run as a formula,
control characters that split a one-line message or drive a terminal. One function per hazard, so
the workbook, the CSV output and the terminal apply the same rule."""

from __future__ import annotations

import re

#: Characters that start a formula (or a DDE payload such as `+cmd|' /C calc'!A0`) when a
#: spreadsheet parses the cell. Tab and carriage return are on OWASP's list too: some importers
#: strip them and then read the formula behind.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# A plain number as a spreadsheet reads it: "-3.5", "+2", "1e5". It starts with - or + but is a
# number, not a formula, and must stay one (a CSV consumer sums these cells).
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

# Control characters (C0, DEL, C1) and the Unicode line/paragraph separators: any of these in a
# file name or report text can split one `Error:` line into two or move a terminal's cursor.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The same, except tab and newline, which a terminal table may show as they are.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would read `text` as a formula: it starts with = + - @ (or tab / CR)
    and is not a plain number ("-3.5" is a number)."""
    return text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text)


def neutralise_formula(text: str) -> str:
    """`text` with a leading apostrophe when it looks like a formula (the OWASP CSV-injection
    defence: spreadsheets show the text and never run it); any other text unchanged."""
    return "'" + text if looks_like_formula(text) else text


def one_line(text: str) -> str:
    """`text` with control characters written as escapes (newline -> \\n, ESC -> \\x1b), so that a
    file name can never split or recolour an `Error:` line."""
    return _CONTROL.sub(_escape, text)


def terminal_text(text: str) -> str:
    """`text` without the control characters a terminal would act on (ESC sequences, carriage
    return, bell, C1 controls); tab and newline stay."""
    return _TERMINAL_CONTROL.sub("", text)


def _escape(match: re.Match[str]) -> str:
    c = match.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
