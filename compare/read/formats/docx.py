"""Word .docx -> the report's text.

Body paragraphs and tables in document order (a table row becomes one line, cells separated by a
tab); Word automatic list numbering is rendered into the text as the marker a reader sees
("(一)", "1.", "（1）"), computed from numbering.xml, so that numbered headings look the same as
typed ones. Page headers/footers, footnotes and comments are not report text and are skipped.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from compare.errors import CorruptDocument, InputTooLarge
from compare.read.formats.furniture import LINE_BLANKS, drop_furniture
from compare.read.limits import DEFAULT_LIMITS, Limits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Paragraph content that is not displayed: deletions and the source of a move (tracked changes),
#: properties, field codes.
_NOT_SHOWN = frozenset(_W + t for t in ("del", "moveFrom", "pPr", "rPr", "instrText"))
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: Containers of text that is not shown (the fallback copy of a text box, tracked deletions and
#: move sources): the streaming character count skips them, as the extractor does.
_HIDDEN = frozenset({_MC_FALLBACK, _W + "del", _W + "moveFrom"})
#: Elements the streaming character count looks at: text runs, the paragraphs and table rows that
#: hold them (cleared once counted), and the hidden containers.
_COUNTED = (_W + "t", _W + "p", _W + "tr", *sorted(_HIDDEN))

#: ZIP compression methods Word and WPS write. python-docx reads every part whole; zipfile bounds a
#: deflated or stored member's output by its declared size, but inflates bzip2/LZMA members in one
#: call, so a member in another method could unpack without bound.
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})

_FIX = "open it in Word or WPS and save it again as .docx"

_CN_DIGITS = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"  # ideographTraditional
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"  # ideographZodiac
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def extract_docx(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Text of a .docx file, one paragraph (or table row) per line, furniture removed."""
    _check_sizes(data, name, limits)
    _check_chars(data, name, limits)
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(BytesIO(data))
        body = doc.element.body
        numbering = _Numbering.read(doc)
        styles = _style_numbering(doc)
    except PackageNotFoundError as exc:
        raise CorruptDocument(name, f"damaged DOCX: {exc}", _FIX) from None
    except Exception as exc:  # noqa: BLE001 - zipfile/zlib/lxml/python-docx raise anything on a damaged file
        raise CorruptDocument(name, f"damaged DOCX: {type(exc).__name__}: {exc}", _FIX) from None
    lines = [line.strip(LINE_BLANKS) for line in _blocks(body, numbering, styles)]
    return drop_furniture("\n".join(line for line in lines if line))


def _check_sizes(data: bytes, name: str, limits: Limits) -> None:
    """python-docx unpacks every part of the package (styles, themes, media, not only
    document.xml): the declared uncompressed sizes of all members together must stay within the
    unpacked limit. zipfile never returns more than a member declares, so the declaration bounds
    what is unpacked."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            zf.getinfo("word/document.xml")
            members = zf.infolist()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise CorruptDocument(name, f"damaged DOCX container ({exc})", _FIX) from None
    odd = next((m for m in members if m.compress_type not in _ZIP_METHODS), None)
    if odd is not None:
        raise CorruptDocument(name, f"damaged or hostile DOCX: part {odd.filename} uses ZIP compression method "
                              f"{odd.compress_type}, which Word never writes", _FIX)
    total = sum(m.file_size for m in members)
    if total > limits.max_unpacked_bytes:
        biggest = max(members, key=lambda m: m.file_size)
        raise limits.exceeded(name, "max_unpacked_mb",
                              f"DOCX parts unpack to {total / 2**20:,.0f} MiB ({biggest.filename}: "
                              f"{biggest.file_size / 2**20:,.0f} MiB)")


def _check_chars(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a document whose text runs past the character limit before python-docx parses it
    whole (with --max-unpacked-mb raised, that parse could take gigabytes): the text runs (w:t) of
    word/document.xml are counted as the XML streams in, and counting stops at the limit. Every
    character of text takes at least one byte of XML, so a part no larger than the limit is not
    counted at all (the usual case: this costs nothing for a real report)."""
    from lxml import etree

    with zipfile.ZipFile(BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
        if info.file_size <= limits.max_chars:
            return
        count = 0
        hidden = 0  # depth inside elements whose text is not shown
        try:
            with zf.open(info) as part:
                for event, el in etree.iterparse(part, events=("start", "end"), tag=_COUNTED, huge_tree=True):
                    if el.tag in _HIDDEN:
                        hidden += 1 if event == "start" else -1
                    elif event == "end":
                        if el.tag == _W + "t" and not hidden:
                            count += len(el.text or "")
                        el.clear(keep_tail=True)
                        while el.getprevious() is not None:  # free what was counted: memory stays flat
                            del el.getparent()[0]
                    if count > limits.max_chars:
                        raise limits.exceeded(name, "max_chars", "the text of word/document.xml (counted until "
                                              "it passed the limit, before parsing)")
        except InputTooLarge:
            raise
        except Exception as exc:  # noqa: BLE001 - zipfile/zlib/lxml raise anything on a damaged part
            raise CorruptDocument(name, f"damaged DOCX: word/document.xml cannot be read "
                                  f"({type(exc).__name__}: {exc})", _FIX) from None


def _blocks(parent: Any, numbering: _Numbering, styles: dict[str, tuple[str, int]]) -> Iterator[str]:
    """Lines of the body (or of a content control / cell) in document order."""
    for el in parent.iterchildren():
        tag = el.tag
        if tag == _W + "p":
            yield _paragraph(el, numbering, styles)
        elif tag == _W + "tbl":
            yield from _table(el, numbering, styles)
        elif tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
            content = el.find(_W + "sdtContent") if tag == _W + "sdt" else el
            if content is not None:
                yield from _blocks(content, numbering, styles)


def _table(tbl: Any, numbering: _Numbering, styles: dict[str, tuple[str, int]]) -> Iterator[str]:
    """One line per row, cells joined by a tab; the continuation cells of a vertical merge are
    left out (they repeat nothing and hold no text)."""
    for tr in tbl.iterchildren(_W + "tr"):
        cells = []
        for tc in tr.iterchildren(_W + "tc"):
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if vmerge is not None and vmerge.get(_W + "val") in (None, "continue"):
                continue
            cells.append(" ".join(s.strip(LINE_BLANKS) for s in _blocks(tc, numbering, styles) if s.strip()))
        line = "\t".join(cells).strip(LINE_BLANKS)
        if line:
            yield line


def _paragraph(p: Any, numbering: _Numbering, styles: dict[str, tuple[str, int]]) -> str:
    return numbering.marker(_num_pr(p, styles)) + _runs_text(p)


def _runs_text(p: Any) -> str:
    """Text of a paragraph as displayed: runs, hyperlinks, insertions, tabs and breaks; deleted
    text and the fallback copy of a text box (mc:Fallback repeats mc:Choice) are left out."""
    out: list[str] = []
    stack = [p]
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == _W + "t":
            out.append(el.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag != _MC_FALLBACK and tag not in _NOT_SHOWN:
            stack.extend(reversed(list(el)))
    return "".join(out)


def _num_pr(p: Any, styles: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """(numId, level) of a paragraph: its own numPr, else its style's; None when not numbered."""
    ppr = p.find(_W + "pPr")
    num_id, ilvl = None, None
    if ppr is not None:
        num_pr = ppr.find(_W + "numPr")
        if num_pr is not None:
            n, lv = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
            num_id = n.get(_W + "val") if n is not None else None
            ilvl = int(lv.get(_W + "val") or 0) if lv is not None else None
        if num_id is None:
            pstyle = ppr.find(_W + "pStyle")
            if pstyle is not None and pstyle.get(_W + "val") in styles:
                num_id, style_lvl = styles[pstyle.get(_W + "val")]
                ilvl = style_lvl if ilvl is None else ilvl
    if num_id is None or num_id == "0":  # numId 0 switches numbering off
        return None
    return num_id, ilvl or 0


def _style_numbering(doc: Any) -> dict[str, tuple[str, int]]:
    """styleId -> (numId, level) for paragraph styles that carry numbering (own or inherited)."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for style in doc.styles.element.iterchildren(_W + "style"):
        sid = style.get(_W + "styleId")
        if not sid:
            continue
        parent = style.find(_W + "basedOn")
        if parent is not None:
            based[sid] = parent.get(_W + "val")
        num_pr = style.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            n, lv = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
            level = int(lv.get(_W + "val") or 0) if lv is not None else None
            own[sid] = (n.get(_W + "val") if n is not None else None, level)
    result: dict[str, tuple[str, int]] = {}
    for sid in set(own) | set(based):
        seen, cur = set(), sid
        while cur and cur not in seen:  # basedOn chains may loop in damaged files
            seen.add(cur)
            if cur in own and own[cur][0]:
                num_id, lvl = own[cur]
                if num_id and num_id != "0":
                    result[sid] = (num_id, lvl or 0)
                break
            cur = based.get(cur, "")
    return result


@dataclass(frozen=True)
class _Level:
    """One level of a list definition (w:lvl)."""

    start: int  # first value of the counter (w:start)
    fmt: str  # w:numFmt: decimal, chineseCounting, decimalEnclosedCircle, bullet, ...
    text: str  # w:lvlText with %1..%9 placeholders: "%1、", "（%1）", "%1.%2"
    suffix: str  # w:suff: tab (default), space, nothing
    legal: bool  # w:isLgl: show all placeholders as decimal


@dataclass
class _Numbering:
    """List definitions and the running counters (kept per abstract list, as Word does: numbers
    continue across w:num instances of one abstract list unless a num restarts them)."""

    levels: dict[str, dict[int, _Level]]  # abstractNumId -> level -> definition
    nums: dict[str, tuple[str, dict[int, int]]]  # numId -> (abstractNumId, level -> startOverride)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    restarted: set[str] = field(default_factory=set)  # numIds whose start overrides were applied

    @classmethod
    def read(cls, doc: Any) -> _Numbering:
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return cls({}, {})
        levels: dict[str, dict[int, _Level]] = {}
        for abstract in root.iterchildren(_W + "abstractNum"):
            defs = {}
            for lvl in abstract.iterchildren(_W + "lvl"):
                defs[int(lvl.get(_W + "ilvl") or 0)] = _Level(
                    start=int(_val(lvl, "start") or 1),
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") or "",
                    suffix=_val(lvl, "suff") or "tab",
                    legal=lvl.find(_W + "isLgl") is not None,
                )
            levels[abstract.get(_W + "abstractNumId")] = defs
        nums: dict[str, tuple[str, dict[int, int]]] = {}
        for num in root.iterchildren(_W + "num"):
            overrides = {}
            for ov in num.iterchildren(_W + "lvlOverride"):
                start = _val(ov, "startOverride")
                if start is not None:
                    overrides[int(ov.get(_W + "ilvl") or 0)] = int(start)
            nums[num.get(_W + "numId")] = (_val(num, "abstractNumId") or "", overrides)
        return cls(levels, nums)

    def marker(self, num: tuple[str, int] | None) -> str:
        """The rendered marker of the next paragraph of list `num` ("" when none), advancing the
        counters: this level counts up, deeper levels restart."""
        if num is None or num[0] not in self.nums:
            return ""
        num_id, ilvl = num
        abstract, overrides = self.nums[num_id]
        defs = self.levels.get(abstract, {})
        if ilvl not in defs:
            return ""
        counters = self.counters.setdefault(abstract, [None] * 10)
        if num_id not in self.restarted:
            self.restarted.add(num_id)
            for lv, start in overrides.items():
                if 0 <= lv < len(counters):
                    counters[lv] = start - 1
        current = counters[ilvl]
        counters[ilvl] = defs[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = None
        level = defs[ilvl]
        if level.fmt == "bullet":
            return ""  # a bullet is not a number: nothing for the outline to read
        text = level.text
        for k in range(9, 0, -1):  # %10 does not exist; replace %9 first so %1 does not eat it
            if f"%{k}" not in text:
                continue
            d = defs.get(k - 1)
            current = counters[k - 1]
            value = current if current is not None else (d.start if d else 1)
            fmt = "decimal" if level.legal or d is None else d.fmt
            text = text.replace(f"%{k}", format_number(value, fmt))
        if not text or level.suffix == "nothing" or not text[-1].isalnum():
            return text  # "1." "（一）" "一、" run into the title as typed markers do
        return text + " "


def _val(el: Any, child: str) -> str | None:
    found = el.find(_W + child)
    return found.get(_W + "val") if found is not None else None


def format_number(n: int, fmt: str) -> str:
    """A list counter in Word's number format `fmt` (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "ideographDigital", "japaneseCounting"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, _LEGAL_DIGITS, "拾", "佰")
    if fmt == "ideographTraditional" and 1 <= n <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= len(_EARTHLY_BRANCHES):
        return _EARTHLY_BRANCHES[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen" and 1 <= n <= len(_PARENTHESIZED):
        return _PARENTHESIZED[n - 1]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n >= 1:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "none":
        return ""
    return str(n)


def chinese_number(n: int, digits: str = _CN_DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (as Word's chineseCounting; ≥1000 in digits)."""
    if n < 0 or n >= 1000:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    head = digits[hundreds] + hundred
    if rest == 0:
        return head
    if rest < 10:
        return head + digits[0] + digits[rest]
    tens, ones = divmod(rest, 10)
    return head + digits[tens] + ten + (digits[ones] if ones else "")


def _roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        count, n = divmod(n, value)
        out.append(sym * count)
    return "".join(out)
