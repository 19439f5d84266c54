"""Markdown (.md) -> the text a reader sees: syntax that a renderer hides is removed so that
numbered headings (`## 一、总体情况`, `**1.全面加强…**`) start their lines as in a plain report."""

from __future__ import annotations

import re

_RULES = (
    (re.compile(r"^[ \t]*(?:```|~~~).*$", re.MULTILINE), ""),  # code fences
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.MULTILINE), ""),  # horizontal rules
    # table separator rows (|---|:---:|), with their line break
    (re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*\n?", re.MULTILINE), ""),
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE), r"\1"),  # ATX headings
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.MULTILINE), ""),  # bullets (numbered lists stay: they are markers)
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
)
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.MULTILINE)


def markdown_to_text(text: str) -> str:
    """`text` without Markdown syntax; table rows become tab-separated lines."""
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return _TABLE_ROW.sub(lambda m: "\t".join(cell.strip() for cell in m.group(1).split("|")), text)
