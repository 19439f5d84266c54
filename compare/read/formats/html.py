"""HTML pages saved from government sites -> the report's text.

Steps: decode (BOM, then the page's own <meta charset>/http-equiv declaration, then detection);
parse with lxml; drop non-content elements (scripts, styles, nav, header/footer, forms); pick the
main content container (a CMS box such as TRS_Editor / zoom / content holding most of the Chinese
text); render block elements as line breaks; put the page title and publication date line first
when they sit outside the content box (compare.read.metadata reads them); drop furniture lines.
"""

from __future__ import annotations

import codecs
import re

from bs4 import BeautifulSoup
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from compare.read.formats.charsets import looks_chinese
from compare.read.formats.furniture import DATE_LINE, LINE_BLANKS, drop_furniture, is_furniture
from compare.read.formats.text import _BOMS, codec_name, decode_declared, decode_lenient, decode_text, drop_controls
from compare.read.limits import DEFAULT_LIMITS, Limits

#: Elements that never hold report text.
_SKIP = frozenset(
    "script style noscript template iframe object embed svg canvas form input button select option textarea "
    "nav header footer aside link meta head map area audio video".split()
)

#: Elements rendered as line breaks around their content (browsers' block-level display).
_BLOCK = frozenset(
    "p div li ul ol dl dt dd tr table tbody thead tfoot caption h1 h2 h3 h4 h5 h6 section article main "
    "blockquote pre address center hr figure figcaption fieldset body html title".split()
)

#: id/class names of CMS content boxes seen on Chinese government sites: TRS_Editor/TRS_UEditor
#: (TRS WCM), zoom (the font-size switcher's target), zw/zhengwen (正文), content/article/detail.
_CONTENT_NAME = re.compile(
    r"trs_?u?editor|zoom|zhengwen|(?:^|[\s_-])zw(?:$|[\s_-])|content|article|detail|(?:^|[\s_-])txt|text|news_?con"
    r"|con_?main|main_?con|(?:^|[\s_-])view(?:$|[\s_-])",
    re.IGNORECASE,
)

#: id/class names of furniture boxes removed inside the content box (share bars, print buttons,
#: QR codes, font-size switchers) — CMSs often nest them in the article container.
_FURNITURE_NAME = re.compile(
    r"share|bdshare|jiathis|print|qrcode|erweima|ewm|fontsize|font-size|zihao|breadcrumb|crumb|(?:^|[\s_-])position"
    r"|(?:^|[\s_-])location|copyright|(?:^|[\s_-])nav|(?:^|[\s_-])menu|pagenav|prev|next|sxp|footer|(?:^|[\s_-])foot",
    re.IGNORECASE,
)

#: id/class names of a page's article title element (bt = 标题).
_TITLE_NAME = re.compile(r"title|biaoti|(?:^|[\s_-])bt(?:$|[\s_-])|(?:^|[\s_-])tit", re.IGNORECASE)

#: A named content box is trusted when it holds at least this share of the page's Chinese text;
#: below it, the name is a coincidence (a "content" sidebar) and the densest block is used.
MIN_BOX_SHARE = 0.5

#: Nested named boxes (div.content > div.zoom > div.TRS_Editor) hold nearly the same text; the
#: deepest one holding this share of the largest is the article itself, without its title bar.
NESTED_BOX_SHARE = 0.85

#: Without a named box: the deepest block holding this share of the page's Chinese text.
DENSE_BOX_SHARE = 0.8

_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019\u00b7"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SOFT_BREAK = "\x01"  # whitespace that contained a source line break (dropped between CJK characters)
_SOFT_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ {_SOFT_BREAK}]*{_SOFT_BREAK}[ {_SOFT_BREAK}]*(?=[{_CJK}])")
_SPACES = re.compile(f"[ {_SOFT_BREAK}]+")
_SOURCE_WS = re.compile(r"[ \t\r\n\f]+")

#: What the character count skips: a comment, a script/style element (its text is not report
#: text), any other tag. `[^<>]*` keeps the scan linear on a page of unclosed "<a<a<a".
#: The group that matched (`Match.lastgroup`) names what was found; None for any other tag.
_MARKUP = re.compile(r"(?P<comment><!--)|<(?:(?P<script>script)|(?P<style>style))\b[^<>]*>|</?[A-Za-z!?][^<>]*>",
                     re.IGNORECASE)
#: The end of a script or style element, by the group that found its start (compiled once, not per
#: element: a page may hold thousands of them).
_RAW_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style")}
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def extract_html(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str, str, tuple[str, ...]]:
    """(text, encoding, warnings) of an HTML page's bytes; InputTooLarge when the page holds more
    text than `limits.max_chars`, found before the page is parsed."""
    text, encoding, warnings = decode_page(data, name)
    check_chars(text, name, limits)
    return html_to_text(text), encoding, warnings


def check_chars(markup: str, name: str, limits: Limits) -> None:
    """Refuse a page with more than `limits.max_chars` characters of text before it is parsed into
    a tree: the text between tags (not in comments, scripts or styles; an entity counts as one
    character; whitespace not at all) is counted in one linear scan that stops at the limit. A
    page no longer than the limit cannot hold more text, and is not scanned."""
    if len(markup) <= limits.max_chars:
        return
    count, pos, end = 0, 0, len(markup)
    while pos < end and count <= limits.max_chars:
        m = _MARKUP.search(markup, pos)
        stop = m.start() if m else end
        count += _text_chars(markup[pos:stop])
        if m is None:
            break
        found = m.lastgroup
        if found == "comment":
            close = markup.find("-->", m.end())
            pos = end if close < 0 else close + 3
        elif found is not None:
            closing = _RAW_CLOSE[found].search(markup, m.end())
            pos = end if closing is None else closing.end()
        else:
            pos = m.end()
    if count > limits.max_chars:
        raise limits.exceeded(name, "max_chars", "the page's text (counted until it passed the limit, "
                              "before parsing)")


def _text_chars(text: str) -> int:
    return len(_SOURCE_WS.sub("", _ENTITY.sub("&", text)))


def decode_page(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode a page: a BOM wins, then the page's declared charset, then detection."""
    if not data.startswith(tuple(bom for bom, _ in _BOMS)):
        m = _META_CHARSET.search(data[:8192])
        if m:
            label = m.group(1).decode("ascii", "replace")
            found = _declared(data, label)
            if found is not None:
                text, declared_warnings = found
                text, dropped = drop_controls(text, name)
                return text, codec_name(label), declared_warnings + dropped
            text, encoding, warnings = decode_text(data, name)
            return text, encoding, (f"page declares charset {label} but is not encoded in it; read as {encoding}",
                                    *warnings)
    return decode_text(data, name)


def _declared(data: bytes, label: str) -> tuple[str, tuple[str, ...]] | None:
    """The page decoded with the charset it declares (a few bad bytes replaced), or None when the
    declaration lies: the bytes do not decode with it, or the text does not read as Chinese in it
    (a Big5 page labelled gb2312 decodes without error into mojibake; compare.read.formats.charsets)."""
    text = decode_declared(data, label)
    warnings: tuple[str, ...] = ()
    if text is None:
        lenient = decode_lenient(data, codec_name(label)) if _known(label) else None
        if lenient is None:
            return None
        text = lenient[0]
        warnings = (f"{lenient[1]} byte(s) invalid in the page's declared charset {label} replaced by \ufffd",)
    if not codec_name(label).startswith("utf") and not looks_chinese(text):
        return None
    return text, warnings


def _known(label: str) -> bool:
    try:
        codecs.lookup(codec_name(label))
    except LookupError:
        return False
    return True


def html_to_text(markup: str) -> str:
    """The report text of an HTML page: one paragraph per line, furniture removed."""
    soup = BeautifulSoup(markup, "lxml")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = soup.body or soup
    for tag in root.find_all(_SKIP):
        tag.decompose()
    _drop_furniture_boxes(root)
    box = _content_box(root)
    if box is None:
        return drop_furniture(_render(root))
    text = drop_furniture(_render(box))
    head = []
    title = _page_title(root, box, page_title)
    if title and title not in text[: 4 * len(title) + 200]:
        head.append(title)
    if not DATE_LINE.search(text):
        date = _date_outside(root, box)
        if date:
            head.append(date)
    return "\n".join([*head, text]) if head else text


def _drop_furniture_boxes(root: Tag) -> None:
    """Remove share bars, QR codes, print buttons, breadcrumbs, menus and footers named as such by
    their id/class — unless the name is a coincidence and the element holds most of the page."""
    counts: dict[int, int] = {}
    total = _count_han(root, counts)
    for tag in root.find_all(_is_furniture_box):
        if tag.parent is not None and counts.get(id(tag), 0) < MIN_BOX_SHARE * total:
            tag.decompose()


def _content_box(root: Tag) -> Tag | None:
    """The element holding the report: a named CMS box, else the deepest block with most text."""
    counts: dict[int, int] = {}
    total = _count_han(root, counts)
    if total == 0:
        return None
    tags = root.find_all(True)
    # Depth of every element from one pre-order pass (a parent comes before its children): asking
    # each candidate for its ancestors was quadratic on deeply nested pages.
    depth: dict[int, int] = {}
    for t in tags:
        depth[id(t)] = depth.get(id(t.parent), 0) + 1
    named = [t for t in tags if _CONTENT_NAME.search(_names(t))]
    best = max((counts.get(id(t), 0) for t in named), default=0)
    if best >= MIN_BOX_SHARE * total:
        inner = [t for t in named if counts.get(id(t), 0) >= NESTED_BOX_SHARE * best]
        return max(inner, key=lambda t: depth[id(t)])
    dense = [t for t in tags if t.name in _BLOCK and counts.get(id(t), 0) >= DENSE_BOX_SHARE * total]
    return max(dense, key=lambda t: depth[id(t)]) if dense else None


def _count_han(node: Tag, counts: dict[int, int]) -> int:
    """Han characters under `node`, recorded for every element (one pass, bottom-up). Iterative:
    pages nest thousands of elements deep (broken CMS templates, hostile input), past Python's
    recursion limit."""
    stack: list[tuple[Tag, bool]] = [(node, False)]
    while stack:
        tag, children_done = stack.pop()
        if not children_done:
            stack.append((tag, True))
            stack.extend((c, False) for c in tag.children if isinstance(c, Tag))
            continue
        n = 0
        for child in tag.children:
            if isinstance(child, Tag):
                n += counts[id(child)]
            elif isinstance(child, NavigableString) and not isinstance(child, Comment):
                n += len(_HAN.findall(child))
        counts[id(tag)] = n
    return counts[id(node)]


def _names(tag: Tag) -> str:
    classes: object = tag.get("class") or []
    names = [str(c) for c in classes] if isinstance(classes, list) else [str(classes)]
    return " ".join([str(tag.get("id") or ""), *names])


def _is_furniture_box(tag: Tag) -> bool:
    return bool(_FURNITURE_NAME.search(_names(tag))) and not _CONTENT_NAME.search(_names(tag))


def _render(node: Tag) -> str:
    """Text of `node` with block elements as line breaks; lines trimmed, blank lines dropped."""
    out: list[str] = []
    _walk(node, out)
    lines = []
    for raw in "".join(out).split("\n"):
        line = _SPACES.sub(" ", _SOFT_BETWEEN_CJK.sub("", raw)).strip(LINE_BLANKS)
        if line:
            lines.append(line)
    return "\n".join(lines)


def _walk(node: Tag, out: list[str]) -> None:
    """Append the text of `node`'s children to `out` in document order. Iterative with an explicit
    stack (see _count_han); a 1-tuple on the stack is a line break to emit after a block's children."""
    stack: list[object] = list(reversed(list(node.children)))
    while stack:
        child = stack.pop()
        if isinstance(child, tuple):
            out.append(child[0])
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                out.append(_SOURCE_WS.sub(_ws, str(child)))
            continue
        if not isinstance(child, Tag) or child.name in _SKIP:
            continue
        if child.name == "br":
            out.append("\n")
            continue
        if child.name in ("td", "th"):
            out.append("\t")
        elif child.name in _BLOCK:
            out.append("\n")
            stack.append(("\n",))
        stack.extend(reversed(list(child.children)))


def _ws(m: re.Match[str]) -> str:
    """Source whitespace collapses to one space; a run with a line break is marked so that it can
    vanish between Chinese characters (an editor's line wrap inside a paragraph)."""
    return _SOFT_BREAK if "\n" in m.group(0) or "\r" in m.group(0) else " "


def _page_title(root: Tag, box: Tag, page_title: str) -> str:
    """The article's title outside the box: the longest heading-like element found in <title>,
    else the longest heading-like element, else the longest part of <title>."""
    inside = set(map(id, box.find_all(True))) | {id(box)}
    found = []
    for tag in root.find_all(True):
        if id(tag) in inside or not (tag.name in ("h1", "h2", "h3") or _TITLE_NAME.search(_names(tag))):
            continue
        if any(parent is tag for parent in box.parents):
            continue
        text = _render(tag).replace("\n", "")
        if 4 <= len(_HAN.findall(text)) <= 100 and not is_furniture(text):
            found.append(text)
    in_title = [t for t in found if t in page_title]
    if in_title:
        return max(in_title, key=len)
    if found:
        return max(found, key=len)
    parts = [p.strip(LINE_BLANKS) for p in re.split(r"\s*[-_|—–]+\s*", page_title)]
    return max(parts, key=lambda p: len(_HAN.findall(p)), default="")


def _date_outside(root: Tag, box: Tag) -> str:
    """The page's publication-date phrase outside the content box (发布日期：2021-01-13), preferring
    发布日期/发布时间 over other dates (成文日期 of a 信息公开 table); blanks inside it (table cells)
    removed."""
    box_text = _render(box)
    found: list[str] = []
    for line in _render(root).split("\n"):
        if line in box_text:
            continue
        found.extend(re.sub(r"[\s\xa0\u3000]+", "", m.group(0)) for m in DATE_LINE.finditer(line))
    return next((d for d in found if d.startswith("发布")), found[0] if found else "")
