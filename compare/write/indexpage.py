"""Stage: what a run found -> index.html, the one page to send (beside the workbook and charts).

The page is a list of `PageSection`s (a title, an optional note, an optional table, optional
images) under a header with the run's key figures and links to the other outputs. Whoever builds
the page (compare.pipeline) decides what the sections are; another section, e.g. a per-report audit
table with a chart, is one more `PageSection` in the list (`table_section(...)` builds one from a
DataFrame).

Like the diff page it must open anywhere, offline, years later, and report text is hostile:
- no network reference: inline CSS, system fonts, images only by relative path to files written
  beside it (charts/…png);
- a Content-Security-Policy that allows our one style block (by SHA-256), images from the page's
  own folder and nothing else (no script at all);
- every text goes through `html.escape`; control characters are replaced;
- readable on a phone: viewport meta, one column below 700 px, tables scroll sideways in their
  own box, images never wider than the screen.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compare.write.atomic import write_text_atomic
from compare.write.htmlhead import html_text, page_head, sha256_source

if TYPE_CHECKING:
    import pandas as pd

INDEX_NAME = "index.html"


@dataclass(frozen=True)
class PageTable:
    """A table as the page shows it: header labels and rows of display text."""

    columns: tuple[str, ...]  # header labels
    rows: tuple[tuple[str, ...], ...]  # display text, one tuple per row, as long as `columns`
    numeric: frozenset[int] = frozenset()  # indexes of columns aligned right (numbers)


@dataclass(frozen=True)
class PageSection:
    """One block of the page: a heading, then a note, a table and images, each optional."""

    title: str  # heading ("最大变化 Biggest changes")
    table: PageTable | None = None
    note: str = ""  # a line under the heading; also shown instead of an empty table
    images: tuple[tuple[str, str], ...] = ()  # (relative path beside the page, alt text)
    anchor: str = ""  # id for links into the page; made from the position when empty
    drawing: str = ""  # an inline SVG our own writers drew, every text in it already escaped


@dataclass(frozen=True)
class Link:
    """A link to another output of the run (relative to the page)."""

    href: str  # "comparison.xlsx"
    label: str  # "工作簿 Workbook"
    note: str = ""  # what is in it


_CSS = """
:root { --line: #d0d7de; --muted: #57606a; --head: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 1rem 1.25rem 3rem; color: #1f2328; background: #fff;
  font: 15px/1.6 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
  "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; overflow-wrap: anywhere; }
h1 { font-size: 1.45rem; margin: .4rem 0 .6rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; padding-top: .4rem; border-top: 3px solid var(--line); }
.note { color: var(--muted); font-size: .9rem; margin: .3rem 0 .6rem; }
.hint { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: .5rem .8rem; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .5rem; margin: .8rem 0;
  padding: 0; list-style: none; }
.facts li { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .6rem; }
.facts b { display: block; font-size: 1.25rem; font-variant-numeric: tabular-nums; }
.facts span { color: var(--muted); font-size: .85rem; }
.links { padding-left: 1.2rem; }
.links a { color: var(--accent); font-weight: 600; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; min-width: 100%; font-size: .9rem; }
th, td { padding: .3rem .55rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--head); white-space: nowrap; position: sticky; top: 0; }
td { min-width: 6em; max-width: 26em; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 30rem), 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: .4rem; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.drawing svg { display: block; max-width: 42rem; margin: .6rem 0; }
figcaption { color: var(--muted); font-size: .8rem; text-align: center; }
@media (max-width: 700px) { body { padding: .6rem .7rem 2rem; font-size: 14px; } h1 { font-size: 1.2rem; } }
@media print { .scroll { overflow: visible; border: 0; } th { position: static; } }
"""


_sha256_source = sha256_source


#: Our own style block and images beside the page; nothing else, and no script at all.
_CSP = (f"default-src 'none'; style-src {_sha256_source(_CSS)}; img-src 'self' file:; script-src 'none'; "
        "font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")


_e = html_text


def cell_text(value: Any) -> str:
    """A table value as the page shows it: blank for missing, whole numbers without decimals,
    other numbers with at most four significant decimals ("45.78", "1,182")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    text = str(value)
    return "" if text in ("nan", "NaT", "<NA>", "None") else text


def table_section(title: str, frame: pd.DataFrame, labels: Mapping[str, str] | None = None, *,
                  note: str = "", images: Sequence[tuple[str, str]] = (), anchor: str = "",
                  numeric: Sequence[str] | None = None) -> PageSection:
    """A page section showing `frame` (its columns in order, headed by `labels[column]` or the
    column name); numeric columns are aligned right: those of a numeric dtype, or the `numeric`
    columns named (numbers already written as text, 52.00%). `note` is shown above it (and alone
    when the frame has no rows)."""
    labels = labels or {}
    columns = [str(c) for c in frame.columns]
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    if numeric is None:
        numeric = [c for c, dtype in zip(columns, frame.dtypes, strict=True)
                   if is_numeric_dtype(dtype) and not is_bool_dtype(dtype)]
    right = frozenset(i for i, c in enumerate(columns) if c in numeric)
    rows = tuple(tuple(cell_text(v) for v in row) for row in frame.itertuples(index=False, name=None))
    table = PageTable(tuple(labels.get(c, c) for c in columns), rows, right)
    return PageSection(title=title, table=table, note=note, images=tuple(images), anchor=anchor)


def _table_html(table: PageTable) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
    body = []
    for row in table.rows:
        cells = "".join(f'<td class="n">{_e(v)}</td>' if i in table.numeric else f"<td>{_e(v)}</td>"
                        for i, v in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return (f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}'
            "</tbody></table></div>")


def anchors(sections: Sequence[PageSection]) -> list[str]:
    """The id of each section on the page: its `anchor` (from its position when empty), made unique
    (a second "audit" is "audit-2"): an id given twice is invalid HTML, and a link would find only
    the first."""
    used: set[str] = set()
    out = []
    for n, s in enumerate(sections):
        anchor = base = s.anchor or f"s{n}"
        k = 1
        while anchor in used:
            k += 1
            anchor = f"{base}-{k}"
        used.add(anchor)
        out.append(anchor)
    return out


def _section_html(anchor: str, s: PageSection) -> str:
    parts = [f'<section id="{_e(anchor)}">', f"<h2>{_e(s.title)}</h2>"]
    if s.note:
        parts.append(f'<p class="note">{_e(s.note)}</p>')
    if s.table is not None and s.table.rows:
        parts.append(_table_html(s.table))
    if s.drawing:
        parts.append(f'<div class="drawing">{s.drawing}</div>')
    if s.images:
        parts.append('<div class="charts">')
        parts += [f'<figure><a href="{_e(src)}"><img src="{_e(src)}" alt="{_e(alt)}"></a>'
                  f"<figcaption>{_e(alt)}</figcaption></figure>" for src, alt in s.images]
        parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts)


def render_index(title: str, facts: Sequence[tuple[str, str]], sections: Iterable[PageSection], *,
                 links: Sequence[Link] = (), hint: str = "") -> str:
    """The page: `title`, the key `facts` (label, value) as tiles, `hint` (what to do next) when
    given, `links` to the other outputs, then every section in order."""
    body = [
        *page_head(_e(title), _CSP, _CSS),
        f"<header><h1>{_e(title)}</h1>",
        '<ul class="facts">',
        *(f"<li><b>{_e(value)}</b><span>{_e(label)}</span></li>" for label, value in facts),
        "</ul>",
    ]
    if hint:
        body.append(f'<p class="hint">{_e(hint)}</p>')
    if links:
        body.append('<ul class="links">')
        body += [f'<li><a href="{_e(link.href)}">{_e(link.label)}</a>'
                 f'{" — " + _e(link.note) if link.note else ""}</li>' for link in links]
        body.append("</ul>")
    body.append("</header><main>")
    shown = list(sections)
    body += [_section_html(anchor, s) for anchor, s in zip(anchors(shown), shown, strict=True)]
    body += ["</main>", "</body>", "</html>", ""]
    return "\n".join(body)


def write_index(path: str | Path, title: str, facts: Sequence[tuple[str, str]], sections: Iterable[PageSection], *,
                links: Sequence[Link] = (), hint: str = "") -> Path:
    """Write `render_index(...)` to `path` atomically (temporary file + rename)."""
    return write_text_atomic(path, render_index(title, facts, sections, links=links, hint=hint))
