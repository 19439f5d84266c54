"""Page furniture (网页/版面杂项): lines that belong to the web page or the printed page, not to the
report — navigation, 当前位置 breadcrumbs, 字体【大 中 小】, 分享/打印/关闭窗口, 扫一扫 QR prompts,
上一篇/下一篇, copyright/ICP/备案 footers, page numbers.

Used by every extractor (plain text too: text copied from a government page carries the same
lines). A line is dropped only when it is furniture as a WHOLE line, so a report sentence that
mentions 打印 or 版权 is kept; the text is otherwise left exactly as written.
"""

from __future__ import annotations

import re

from compare.sentences import PROSE_END

#: Characters trimmed at both ends of every line: ASCII blanks, no-break space (&nbsp;), en/em and
#: thin spaces (&ensp; &emsp; &thinsp;) and the ideographic (full-width) space used to indent Chinese
#: paragraphs, zero-width space/BOM left by editors.
LINE_BLANKS = " \t\f\v\xa0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000\u200b\ufeff"

#: Longest line that may be judged furniture by a keyword it merely contains (版权所有, ICP备...).
#: Footer lines are short (under ~100 characters even when several are run together); a report
#: paragraph that mentions 版权 is far longer or does not match the whole-line patterns.
MAX_FOOTER_LINE = 120

# Date line of a web page: 发布日期：2021-01-13, 日期:2021-01-13, 发布时间：2021年01月13日 10:00.
DATE_LINE = re.compile(
    r"(?:发布|成文|印发)?(?:日期|时间)(?:\s*[:：]\s*|\t+)\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?"
)

# Page widgets; a line made only of these (one or several: 【字体：大 中 小】【打印】【关闭】) is furniture.
_WIDGET = (
    # font size switch: 字体：【大 中 小】 / 【字体：大 中 小】 / 【大】【中】【小】
    r"[【\[]?(?:字体|字号)\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小\s*[】\]]?[】\]]?"
    r"|[【\[]\s*大\s*[】\]]\s*[【\[]\s*中\s*[】\]]\s*[【\[]\s*小\s*[】\]]|[【\[]\s*大\s*中\s*小\s*[】\]]"
    # share label, print/close/bookmark buttons
    r"|[【\[]?\s*(?:分享到?|打印(?:本页|此页|文章)?|关闭(?:本页|窗口|本窗口)?|收藏(?:本页)?|返回顶部|返回"
    r"|保存(?:本页)?|纠错|我要纠错|加入收藏|设为首页)\s*[】\]]?\s*[:：]?"
    # view counters: 浏览次数：1024
    r"|(?:浏览|阅读|访问|点击)(?:次数|量)\s*[:：]\s*\d*"
)

# Whole lines that are furniture in every format. Each alternative is anchored to the whole line
# (after trimming blanks), so these never remove a sentence of the report.
_WHOLE_LINE = re.compile(
    r"^(?:"
    rf"(?:(?:{_WIDGET})\s*[|｜/]?\s*)+"
    # QR-code prompt: 扫一扫在手机打开当前页 / 手机扫一扫 / 用手机扫描二维码
    r"|(?:手机)?扫一扫(?:在手机(?:上)?打开(?:当前|本)页(?:面)?)?|(?:用手机|微信)?扫描二维码.{0,12}"
    # breadcrumbs: 当前位置：首页 > 政务公开 > ...
    r"|(?:当前位置|您(?:现在)?的位置|您所在(?:的)?位置|所在位置|位置)\s*[:：].*"
    r"|首页\s*(?:[>»›/]|&gt;|＞).*|(?:返回|网站)?首页"
    r"|分享到?\s*[:：].{0,40}"
    # previous / next article links
    r"|(?:上|下)一(?:篇|条|页)\s*[:：].*|(?:上|下)一(?:篇|条)"
    # page numbers: - 3 -, — 3 —, 第3页, 第 3 页 共 10 页, 共10页 第3页
    r"|[-—－–]\s*\d{1,4}\s*[-—－–]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r")$"
)

# Footer keywords: a short line containing one of these is a site footer, not report text.
_FOOTER = re.compile(
    r"^版权所有|版权所有\s*[:：©(（]|Copyright|©|ICP\s*备\s*\d|ICP证|公网安备\s*\d|网站标识码|网站识别码"
    r"|主办单位\s*[:：]|承办单位\s*[:：]"
    r"|技术支持\s*[:：]|建议使用.{0,20}浏览器|最佳浏览|网站地图|联系我们|政府网站找错|适老化|无障碍浏览"
)

# Furniture fragments that share a line with the publication date on web pages
# (发布日期：2021-01-13  来源：… 字体：【大 中 小】 【打印】); stripped from date lines only.
_DATE_LINE_TAIL = re.compile(
    r"\s*(?:[【\[]?(?:字体|字号)\s*[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?[】\]]?"
    r"|[【\[]\s*(?:打印|关闭(?:窗口)?|收藏)\s*[】\]]|(?:浏览|阅读|访问|点击)(?:次数|量)\s*[:：]\s*\d*"
    r"|分享到?\s*[:：]?)"
)


_SENTENCE_END = tuple(PROSE_END)  # a footer line never ends like a sentence


def is_date_line(line: str) -> bool:
    """True when `line` holds a date phrase (日期:2021-01-13). The substring test first: the
    regex's optional prefix keeps the engine from skipping ahead, and most lines have neither word."""
    return ("日期" in line or "时间" in line) and DATE_LINE.search(line) is not None


def is_furniture(line: str) -> bool:
    """True when the whole `line` is page furniture (the date line never is)."""
    s = line.strip(LINE_BLANKS)
    if not s or is_date_line(s):
        return False
    if _WHOLE_LINE.match(s):
        return True
    # A footer is a label list, never a sentence: one ending in 。 is report text that mentions 版权.
    return len(s) <= MAX_FOOTER_LINE and not s.endswith(_SENTENCE_END) and _FOOTER.search(s) is not None


def clean_date_line(line: str) -> str:
    """A date line with the furniture that often shares it (字体【大 中 小】, 【打印】) removed."""
    if not is_date_line(line):
        return line
    cleaned = _DATE_LINE_TAIL.sub("", line).strip(LINE_BLANKS)
    return line if cleaned == line.strip(LINE_BLANKS) else cleaned


def drop_furniture(text: str) -> str:
    """`text` without its furniture lines; every other line kept as written. When something was
    dropped, blank lines left at the end go too (the QR prompt is usually the last line)."""
    lines = text.split("\n")
    kept = [clean_date_line(line) for line in lines if not is_furniture(line)]
    if kept == lines:
        return text
    return "\n".join(kept).rstrip("\n" + LINE_BLANKS)
