"""Stage: section diffs -> one self-contained HTML page (diff.html).

The page must open anywhere, offline, years later, and report text is hostile input. So:
- everything inline (CSS, a few lines of JS), no network reference of any kind, system fonts only;
- a Content-Security-Policy that allows exactly our own style and script blocks (by SHA-256), so
  that even a mistake in escaping could not run a script or load anything;
- every piece of report text goes through `html.escape`, and control characters are replaced.

Layout: per pair of reports a section list (path, title, status, change counts, linked), then per
changed section a side-by-side table (old | new) with <del>/<ins> on the changed tokens and moved
sentences marked and linked to their other place. Unchanged sentences outside the context are
folded into <details>, unchanged sections listed and collapsible, hidden by one checkbox.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from compare.across.diff import SectionDiff
from compare.models import Report
from compare.write.atomic import write_text_atomic
from compare.write.diffrender import DEFAULT_CONTEXT, Row, Segment, diff_rows, side_pairs
from compare.write.htmlhead import html_text, page_head, sha256_source
from compare.write.outlinehtml import OUTLINE_CSS, LoneReport, lone_report_html

#: Unchanged sentences shown around each change on the page (more than in a terminal: the page
#: is read, not scrolled past; the rest stays one click away in <details>).
HTML_CONTEXT = DEFAULT_CONTEXT + 1

Pair = tuple[Report, Report, tuple[SectionDiff, ...]]

_CSS = """
:root { --del: #ffd7d5; --del-ink: #82071e; --ins: #ccffd8; --ins-ink: #055d20; --mv: #ddf4ff;
  --mv-ink: #0a3069; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 1rem 1.5rem 4rem; color: #1f2328; background: #fff;
  font: 15px/1.7 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
  "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin: 2.5rem 0 .5rem; padding-top: .5rem; border-top: 3px solid var(--line); }
h3 { font-size: 1rem; margin: 0; padding: .4rem .6rem; background: #f6f8fa; border-bottom: 1px solid var(--line); }
.legend, .meta, .note { color: var(--muted); font-size: .9rem; }
.legend span, .legend del, .legend ins { margin-right: 1em; }
del { background: var(--del); color: var(--del-ink); text-decoration: line-through; }
ins { background: var(--ins); color: var(--ins-ink); text-decoration: underline; }
.mv { background: var(--mv); color: var(--mv-ink); }
.mvlink { font-size: .8rem; color: var(--mv-ink); margin-right: .3em; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; }
.sections { margin: .5rem 0 1rem; }
.sections th, .sections td { border-bottom: 1px solid var(--line); padding: .2rem .5rem; text-align: left;
  vertical-align: top; }
.sections td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.sections a { text-decoration: none; }
.status { display: inline-block; font-size: .8rem; padding: 0 .4em; border-radius: .3em; background: #eaeef2; }
.st-added { background: var(--ins); } .st-removed { background: var(--del); }
.st-changed, .st-split, .st-merged { background: #fff8c5; }
article { margin: 1.2rem 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
article h3 .counts { float: right; font-weight: normal; color: var(--muted); }
.sbs { table-layout: fixed; }
.sbs col.mk { width: 1.6em; }
.sbs td { vertical-align: top; padding: .15rem .4rem; overflow-wrap: anywhere; word-break: break-word; }
.sbs td.m { color: var(--muted); text-align: center; font-family: ui-monospace, monospace; }
.sbs td.old { border-right: 1px solid var(--line); }
.sbs td.k-delete, .sbs td.k-move_from { background: #fff5f5; }
.sbs td.k-insert, .sbs td.k-move_to { background: #f3fff5; }
.sbs tr.r-equal td, .sbs tr.skip td { color: var(--muted); }
.sbs tr.skip summary { cursor: pointer; font-size: .85rem; }
details.text { padding: .4rem .6rem; color: var(--muted); white-space: pre-line; }
body.only-changed .unchanged { display: none; }
:target { outline: 2px solid #0969da; }
@media print { body.only-changed .unchanged { display: revert; } }
""" + OUTLINE_CSS

_JS = """
(function () {
  var box = document.getElementById("only-changed");
  function apply() { document.body.classList.toggle("only-changed", box.checked); }
  box.addEventListener("change", apply);
  apply();
})();
"""


_sha256_source = sha256_source


#: Only our own style and script blocks may apply; nothing may be fetched (default-src 'none').
_CSP = (f"default-src 'none'; style-src {_sha256_source(_CSS)}; script-src {_sha256_source(_JS)}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")


_e = html_text


def _segments_html(segs: Iterable[Segment]) -> str:
    out = []
    for text, kind in segs:
        t = _e(text)
        if kind == "del":
            out.append(f"<del>{t}</del>")
        elif kind == "ins":
            out.append(f"<ins>{t}</ins>")
        elif kind == "move":
            out.append(f'<span class="mv">{t}</span>')
        else:
            out.append(t)
    return "".join(out)


_MARKS = {"equal": ("", ""), "insert": ("", "+"), "delete": ("−", ""), "replace": ("~", "~"),
          "move_from": ("↪", ""), "move_to": ("", "↩")}


def _cell_html(row: Row | None, side: str, anchor: str) -> str:
    """One column of a line: the row's old or new side, with a move's label and anchor."""
    if row is None:
        return ""
    if row.kind in (("insert", "move_to") if side == "old" else ("delete", "move_from")):
        return ""
    text = _segments_html(row.old if side == "old" else row.new)
    where = f" {_e(row.move_path)}" if row.move_path else ""
    if row.kind == "move_from":
        return (f'<span id="{anchor}-m{row.move}-from"><a class="mvlink" href="#{anchor}-m{row.move}-to">'
                f"↪ #{row.move} moved to{where} / 移至{where or '他处'}</a>{text}</span>")
    if row.kind == "move_to":
        return (f'<span id="{anchor}-m{row.move}-to"><a class="mvlink" href="#{anchor}-m{row.move}-from">'
                f"↩ #{row.move} moved from{where} / 自{where or '他处'}移入</a>{text}</span>")
    return text


def _line_html(left: Row | None, right: Row | None, anchor: str) -> str:
    if left is not None and left.kind == "skip":
        text = "".join(t for t, _ in left.new) or "".join(t for t, _ in left.old)
        return (f'<tr class="skip"><td class="m"></td><td colspan="3"><details><summary>⋯ {left.skipped} '
                f"unchanged sentence(s) / 未改动的句子</summary>{_e(text)}</details></td></tr>")
    lk = left.kind if left else "none"
    rk = right.kind if right else "none"
    lm = _MARKS[lk][0] if left else ""
    rm = _MARKS[rk][1] if right else ""
    cls = f"r-{lk}" if lk == rk else f"r-{lk} r-{rk}"
    return (f'<tr class="{cls}"><td class="m">{lm}</td><td class="old k-{lk}">{_cell_html(left, "old", anchor)}</td>'
            f'<td class="m">{rm}</td><td class="new k-{rk}">{_cell_html(right, "new", anchor)}</td></tr>')


def _counts(d: SectionDiff) -> str:
    return (f"+{d.insertions} −{d.deletions} ~{d.changes} ↪{d.moves}")


def _section_label(d: SectionDiff) -> str:
    if d.old_path and d.new_path and d.old_path != d.new_path:
        where = f"{d.old_path} → {d.new_path}"
    else:
        where = d.old_path or d.new_path
    if d.old_title and d.new_title and d.old_title != d.new_title:
        title = f"{d.old_title} → {d.new_title}"
    else:
        title = d.new_title or d.old_title
    return f"{where} {title}".strip()


def _report_label(r: Report) -> str:
    name = r.issuer or Path(r.source).name
    return f"{name} {r.year}年" if r.year is not None else name


def _pair_html(p: int, old: Report, new: Report, diffs: Sequence[SectionDiff]) -> str:
    changed = [d for d in diffs if d.changed]
    totals = [sum(getattr(d, f) for d in diffs) for f in ("insertions", "deletions", "changes", "moves")]
    parts = [
        f'<section class="pair" id="p{p}">',
        f"<h2>{_e(_report_label(old))} → {_e(_report_label(new))}</h2>",
        f'<p class="meta">old / 旧: {_e(old.source)} · new / 新: {_e(new.source)}<br>'
        f"{len(changed)} of {len(diffs)} section(s) changed / 有改动的部分 · sentences inserted {totals[0]}, "
        f"deleted {totals[1]}, reworded {totals[2]}, moved {totals[3]}</p>",
        f'<nav aria-label="sections"><table class="sections" id="p{p}-list"><thead><tr><th>Section / 部分</th>'
        "<th>Status / 状态</th><th>+</th><th>−</th><th>~</th><th>↪</th></tr></thead><tbody>",
    ]
    for s, d in enumerate(diffs):
        cls = "" if d.changed else ' class="unchanged"'
        parts.append(
            f'<tr{cls}><td><a href="#p{p}-s{s}">{_e(_section_label(d))}</a></td>'
            f'<td><span class="status st-{_e(d.status)}">{_e(d.status)}</span></td>'
            f'<td class="n">{d.insertions}</td><td class="n">{d.deletions}</td>'
            f'<td class="n">{d.changes}</td><td class="n">{d.moves}</td></tr>')
    parts.append("</tbody></table></nav>")
    for s, d in enumerate(diffs):
        anchor = f"p{p}-s{s}"
        cls = "" if d.changed else " unchanged"
        parts.append(f'<article class="sd{cls}" id="{anchor}"><h3>{_e(_section_label(d))} '
                     f'<span class="status st-{_e(d.status)}">{_e(d.status)}</span>'
                     f'<span class="counts">{_counts(d)}</span></h3>')
        if not d.changed:
            text = "".join(op.new or op.old for op in d.ops)
            parts.append(f'<details class="text"><summary>unchanged / 未改动</summary>{_e(text)}</details></article>')
            continue
        parts.append('<table class="sbs"><colgroup><col class="mk"><col><col class="mk"><col></colgroup>'
                     f"<thead><tr><th></th><th>{_e(_report_label(old))}</th><th></th>"
                     f"<th>{_e(_report_label(new))}</th></tr></thead><tbody>")
        rows = diff_rows(d.ops, context=HTML_CONTEXT)
        # Move ids are unique in the pair, so move anchors are per pair: the ends may lie in two sections.
        parts.extend(_line_html(left, right, f"p{p}") for left, right in side_pairs(rows))
        parts.append("</tbody></table></article>")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(pairs: Sequence[Pair], title: str, lone: Sequence[LoneReport] = ()) -> str:
    """One self-contained page for several (old report, new report, section diffs) pairs:
    a section list with change counts and a side-by-side view of each changed section. Reports
    in `lone` (no other year of their issuer) follow, each as its outline with its figures marked."""
    body = [
        *page_head(_e(title), _CSP, _CSS),
        f"<header><h1>{_e(title)}</h1>",
        '<p class="legend"><del>deleted / 删除</del><ins>inserted / 新增</ins>'
        '<span class="mv">moved / 移动</span><span>~ reworded / 改写</span></p>',
        '<p><label><input type="checkbox" id="only-changed" checked> changed sections only / '
        "只看有改动的部分</label></p>",
    ]
    if len(pairs) + len(lone) > 1:
        body.append('<nav aria-label="pairs"><ul class="pairs">')
        for p, (old, new, diffs) in enumerate(pairs):
            n = sum(1 for d in diffs if d.changed)
            body.append(f'<li><a href="#p{p}">{_e(_report_label(old))} → {_e(_report_label(new))}</a> '
                        f'<span class="note">({n} changed section(s))</span></li>')
        body += [f'<li><a href="#r{n}">{_e(_report_label(one.report))}</a> <span class="note">(one year only / '
                 "仅一个年度)</span></li>" for n, one in enumerate(lone)]
        body.append("</ul></nav>")
    body.append("</header><main>")
    if not pairs and not lone:
        body.append('<p class="note">No reports to show.</p>')
    for p, (old, new, diffs) in enumerate(pairs):
        body.append(_pair_html(p, old, new, diffs))
    body += [lone_report_html(n, one) for n, one in enumerate(lone)]
    body += ["</main>", f"<script>{_JS}</script>", "</body>", "</html>", ""]
    return "\n".join(body)


def write_html(diffs: Sequence[Pair], path: str | Path, *, title: str, lone: Sequence[LoneReport] = ()) -> Path:
    """Write `render_html(diffs, title, lone)` to `path` atomically. `diffs` is a sequence of
    (old report, new report, section diffs) pairs, as for render_html."""
    return write_text_atomic(path, render_html(diffs, title, lone))
