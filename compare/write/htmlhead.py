"""The head of every page the toolkit writes (diff.html, index.html): one definition, so the
pages agree on what makes them safe offline — a Content-Security-Policy naming the page's own style
block, no referrer, a phone viewport, UTF-8, Chinese as the page language."""

from __future__ import annotations

import base64
import hashlib
from html import escape

from compare.write.diffrender import safe_text


def html_text(text: object) -> str:
    """Any text (report text included) made safe for HTML text and attribute values: control
    characters replaced, then escaped with quotes."""
    return escape(safe_text(str(text)), quote=True)


def sha256_source(text: str) -> str:
    """A Content-Security-Policy source allowing exactly the inline block `text` ('sha256-…')."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def page_head(title: str, csp: str, css: str) -> list[str]:
    """The lines from the doctype to `<body>`; `title` must already be escaped."""
    return [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{title}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
    ]
