"""Generate the format and bad-input fixtures in tests/fixtures/ from the seed report.

    python tests/make_fixtures.py

The outputs are committed (small files); rerun this after changing it and commit the result.
Needs reportlab (the `fixtures` extra) for the PDFs and python-docx for the DOCX. Output is
deterministic: no timestamps, seeded random bytes.
"""

from __future__ import annotations

import datetime
import html
import io
import random
import re
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
OUT = ROOT / "tests" / "fixtures"

QR_PROMPT = "扫一扫在手机打开当前页"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def report_lines(text: str) -> list[str]:
    """The seed's lines as a document holds them: without the web page's title/date lines at the
    top (a Word or PDF report starts at its own title) and without the QR prompt at the end."""
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and lines[-1] == QR_PROMPT:
        lines.pop()
    start = next(i for i, line in enumerate(lines) if line.startswith("日期"))
    return lines[start + 1 :]


# --- text encodings ---------------------------------------------------------------------------


def make_texts(text: str) -> None:
    (OUT / "seed_gb18030.txt").write_bytes(text.encode("gb18030"))
    (OUT / "seed_utf16.txt").write_bytes(text.encode("utf-16"))  # with BOM, little-endian
    (OUT / "seed_bom.txt").write_bytes(text.encode("utf-8-sig"))


# --- HTML page ----------------------------------------------------------------------------------

PAGE_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta name="SiteName" content="重庆市北碚区人民政府" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="2021-01-13 10:32" />
<title>{title}_重庆市北碚区人民政府</title>
<link rel="stylesheet" type="text/css" href="/images/bb_style.css" />
<style type="text/css">
  body {{ font-family: "微软雅黑"; margin: 0; }}
  .TRS_Editor p {{ text-indent: 2em; line-height: 2; }}
  .nav li {{ float: left; }}
</style>
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script type="text/javascript">
  var _hmt = _hmt || [];
  var siteTitle = "一、这不是正文的标题";
  function doZoom(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}
</script>
</head>
<body>
<div class="header">
  <div class="top-bar">欢迎访问重庆市北碚区人民政府网站！<a href="/wza/">无障碍浏览</a> <a href="/m/">手机版</a></div>
  <div class="logo"><h1><a href="/">重庆市北碚区人民政府</a></h1></div>
  <div class="nav">
    <ul>
      <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
      <li><a href="/hdjl/">互动交流</a></li><li><a href="/zjbb/">走进北碚</a></li>
    </ul>
  </div>
</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
  <a href="/zwgk/fzzf/">法治政府建设</a> &gt; 正文</div>
<div class="main">
 <div class="article">
  <div class="article-title"><h2>{title}</h2></div>
  <div class="article-info">
    <span>发布日期：2021-01-13</span>&nbsp;&nbsp;<span>来源：北碚区司法局</span>&nbsp;&nbsp;
    <span class="font-size">字体：【<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a>
    <a href="javascript:doZoom(14)">小</a>】</span>
  </div>
  <div class="zoom" id="zoom">
   <div class="TRS_Editor">
"""

PAGE_TAIL = """   </div>
  </div>
  <div class="share">分享到：<a class="bds_weixin" title="分享到微信"></a><a class="bds_tsina" title="分享到新浪微博"></a>
    <a class="bds_qzone" title="分享到QQ空间"></a></div>
  <div class="ewm"><img src="/qrcode/2021/0113.png" alt="二维码" /><p>扫一扫在手机打开当前页</p></div>
  <div class="print-bar">【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</div>
  <div class="sxp">
    <p>上一篇：<a href="/zwgk/fzzf/202004/t20200401_1.html">北碚区2019年度法治政府建设情况报告</a></p>
    <p>下一篇：<a href="/zwgk/fzzf/202102/t20210201_2.html">关于开展“八五”普法的通知</a></p>
  </div>
 </div>
</div>
<div class="footer">
  <p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a></p>
  <p>主办单位：重庆市北碚区人民政府办公室&nbsp;&nbsp;承办单位：重庆市北碚区大数据应用发展管理局</p>
  <p>版权所有：重庆市北碚区人民政府&nbsp;&nbsp;<a href="https://beian.miit.gov.cn">渝ICP备05003300号</a>&nbsp;&nbsp;渝公网安备 50010902000001号</p>
  <p>网站标识码：5001090001</p>
</div>
<script type="text/javascript">document.write("<span>访问量：1024</span>");</script>
</body>
</html>
"""

_RUN_IN = re.compile(r"^(\d+\.[^。]{2,60}。)(.+)$")  # 1.标题。正文 -> bold run-in heading


def page_paragraph(line: str, i: int) -> str:
    """One report line as CMS markup; variants of what TRS/UEditor pages really contain."""
    esc = html.escape(line, quote=False)
    m = _RUN_IN.match(line)
    if m:  # a run-in heading in <strong>: inline, must not break the line
        return f'<p style="text-indent:2em;"><strong>{html.escape(m.group(1))}</strong>{html.escape(m.group(2))}</p>'
    if len(line) > 200 and i % 3 == 0:  # an editor's hard wrap inside the paragraph source
        cut = len(line) // 2
        return f"<p>　　{html.escape(line[:cut])}\n      {html.escape(line[cut:])}</p>"
    if i % 4 == 1:  # indentation typed as &nbsp; and a trailing full-width space
        return f"<p>&nbsp;&nbsp;&nbsp;&nbsp;<span style=\"font-family:仿宋_GB2312\">{esc}</span>　</p>"
    return f'<p style="text-indent:2em;">{esc}</p>'


def make_html(text: str) -> None:
    lines = report_lines(text)
    title = text.split("\n", 1)[0]
    body = []
    for i, line in enumerate(lines):
        if i >= len(lines) - 2:  # signature block, right-aligned
            body.append(f'<p style="text-align:right;">{html.escape(line)}</p>')
        else:
            body.append(page_paragraph(line, i))
    page = PAGE_HEAD.format(title=title) + "\n".join(body) + "\n" + PAGE_TAIL
    # Declared gb2312 like many sites, but holding GBK-only characters (—): encoded as GB18030.
    (OUT / "seed_page.html").write_bytes(page.encode("gb18030"))


# --- DOCX -----------------------------------------------------------------------------------------

_LIST_MARKER = re.compile(r"^\([一二三四五六七八九十]+\)")
_TOP = re.compile(r"^[一二三四五六七八九十]+、")


def _add_numbering(doc: Any) -> str:
    """Define a Word list `(一)` `(二)`... (numFmt chineseCounting, lvlText "(%1)"); return its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="41"><w:multiLevelType w:val="hybridMultilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="(%1)"/>'
        '<w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    )
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="41"><w:abstractNumId w:val="41"/></w:num>')
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "41"


def make_docx(text: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.author = "北碚区司法局"
    doc.core_properties.created = datetime.datetime(2021, 1, 13, tzinfo=datetime.timezone.utc)
    doc.core_properties.modified = datetime.datetime(2021, 1, 13, tzinfo=datetime.timezone.utc)
    doc.core_properties.last_modified_by = "北碚区司法局"
    num_id = _add_numbering(doc)
    lines = report_lines(text)
    in_last_part = False
    for i, line in enumerate(lines):
        if _TOP.match(line):
            in_last_part = line.startswith("三、")
        if i < 2:  # title block, centred
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line).bold = True
            continue
        if i >= len(lines) - 2:  # signature block
            doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
            continue
        m = _LIST_MARKER.match(line)
        if in_last_part and m:
            # Part 三's items carry Word automatic numbering instead of typed markers.
            p = doc.add_paragraph()
            rest = line[m.end() :]
            head, dot, body = rest.partition("。")
            p.add_run(head + dot).bold = True
            if body:
                p.add_run(body)
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            ilvl = OxmlElement("w:ilvl")
            ilvl.set(qn("w:val"), "0")
            nid = OxmlElement("w:numId")
            nid.set(qn("w:val"), num_id)
            num_pr.append(ilvl)
            num_pr.append(nid)
            continue
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(28)
        rm = _RUN_IN.match(line)
        if rm:
            p.add_run(rm.group(1)).bold = True
            p.add_run(rm.group(2))
        else:
            p.add_run(line)
        lists = re.findall(r"([零一\w]{2,10}?清单)(\d+)项", line)
        if line.startswith("1.") and len(lists) >= 3:
            # The lists this paragraph names, as the table a real report would carry.
            table = doc.add_table(rows=1, cols=2)
            table.rows[0].cells[0].text = "清单名称"
            table.rows[0].cells[1].text = "事项数(项)"
            for name, count in lists:
                row = table.add_row()
                row.cells[0].text = re.sub(r"^(?:其中|和|及)", "", name)
                row.cells[1].text = count
    buf = io.BytesIO()
    doc.save(buf)
    data = _deterministic_zip(buf.getvalue())
    (OUT / "seed.docx").write_bytes(data)
    return data


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed member timestamps so regenerating gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2021, 1, 13, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(info.filename)
            dst.writestr(fixed, content)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------------

PAGE_W, PAGE_H = 595.27, 841.89  # A4 in points
LEFT, RIGHT, TOP, BOTTOM = 79.0, 74.0, 100.0, 90.0  # 公文-like margins
FONT, SIZE, LEADING = "STSong-Light", 15.0, 27.0
HEADER = "北碚区人民政府信息公开"
# 避头尾: punctuation that may not start a line.
NO_LINE_START = set("，。、；：？！）》”’,.;:?!)")


def _wrap(text: str, width: float, first_indent: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur, avail = [], "", width - first_indent
    for ch in text:
        if stringWidth(cur + ch, FONT, SIZE) <= avail:
            cur += ch
            continue
        if ch in NO_LINE_START and cur:  # carry the last character down with the punctuation
            lines.append(cur[:-1])
            cur = cur[-1] + ch
        else:
            lines.append(cur)
            cur = ch
        avail = width
    if cur:
        lines.append(cur)
    return lines


def make_pdf(text: str, justify: bool, out: str) -> None:
    """The seed as a printed report. `justify`: full rows spread to the right margin by character
    spacing, as Word/WPS 两端对齐 does (pdfminer then sees gaps between characters); otherwise
    left-aligned, ragged rows as simple converters produce."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle("")
    width = PAGE_W - LEFT - RIGHT
    page = 1
    y = PAGE_H - TOP

    def furniture() -> None:
        c.setFont(FONT, 9)
        c.drawCentredString(PAGE_W / 2, PAGE_H - 50, HEADER)
        c.line(LEFT, PAGE_H - 56, PAGE_W - RIGHT, PAGE_H - 56)
        c.setFont(FONT, 12)
        c.drawCentredString(PAGE_W / 2, 50, f"- {page} -")

    furniture()
    # reportlab's UniGB-UCS2-H CMap has no entry for U+00B7 (·) and drops it; GB2312's middle dot
    # (A1A4) is reached through U+30FB, which pdfminer's Adobe-GB1 table reads back as U+00B7.
    lines = [line.replace("·", "・") for line in report_lines(text)]
    for i, line in enumerate(lines):
        if i < 2:
            chunks, align = _wrap(line, width, 0), "centre"
        elif i >= len(lines) - 2:
            chunks, align = [line], "right"
        else:
            chunks, align = _wrap(line, width, 2 * SIZE), "left"
        for k, chunk in enumerate(chunks):
            if y < BOTTOM:
                c.showPage()
                page += 1
                furniture()
                y = PAGE_H - TOP
            c.setFont(FONT, SIZE)
            if align == "centre":
                c.drawCentredString(PAGE_W / 2, y, chunk)
            elif align == "right":
                c.drawRightString(PAGE_W - RIGHT - 2 * SIZE, y, chunk)
            else:
                x = LEFT + (2 * SIZE if k == 0 else 0)
                last = k == len(chunks) - 1
                if justify and not last and len(chunk) > 1:
                    room = PAGE_W - RIGHT - x - pdfmetrics.stringWidth(chunk, FONT, SIZE)
                    t = c.beginText(x, y)
                    t.setFont(FONT, SIZE)
                    t.setCharSpace(room / (len(chunk) - 1))
                    t.textOut(chunk)
                    c.drawText(t)
                else:
                    c.drawString(x, y, chunk)
            y -= LEADING
    c.showPage()
    c.save()
    (OUT / out).write_bytes(buf.getvalue())


def _small_pdf(pages: list[list[tuple[float, float, str]]], out: str, font: str = FONT, **canvas_args: Any) -> None:
    """A PDF with text drawn at (x, y) on each page, in `font` 12pt."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, **canvas_args)
    for page in pages:
        c.setFont(font, 12)
        for x, y, text in page:
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    (OUT / out).write_bytes(buf.getvalue())


def make_small_pdfs() -> None:
    """One behaviour each: page-number styles, unindented paragraphs, passwords, unmapped glyphs."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    body = ["一、总体情况良好。", "二、存在问题不少。", "三、明年工作打算。"]
    _small_pdf([[(72, 760, body[i - 1]), (72, 60, f"第 {i} 页 共 3 页"), (72, 45, "北碚区司法局印制")]
                for i in (1, 2, 3)], "pdf_page_numbers.pdf")
    # No indentation anywhere: a full row ending a sentence, then a marker, starts a new part;
    # a row starting "2.5亿元" is not a heading.
    full = "依法行政工作取得新成效" * 4
    _small_pdf([[(72, 760, full[:40]), (72, 742, full[40:] + "。"), (72, 724, "(二)加强执法监督。严格规范公正文明执法,"),
                 (72, 706, "2.5亿元资金全部到位。")]], "pdf_unindented.pdf")
    _small_pdf([[(72, 760, "一、总体情况良好。")]], "pdf_password.pdf",
               encrypt=StandardEncryption("secret", ownerPassword="owner"))
    # Opens with the empty user password (only the owner password is set); Latin text, because
    # pdfminer does not decrypt the CIDSystemInfo strings of reportlab's encrypted CID fonts ...
    _small_pdf([[(72, 760, "Annual report 2020")]], "pdf_owner_only.pdf", font="Helvetica",
               encrypt=StandardEncryption("", ownerPassword="owner"))
    # ... which is this case: every glyph comes out as (cid:N).
    _small_pdf([[(72, 760, "一、总体情况良好。")]], "pdf_unmapped.pdf",
               encrypt=StandardEncryption("", ownerPassword="owner"))


def make_spaced_pdf() -> None:
    """Rows spread wide by character spacing (a justified short row, a spaced-out title), where
    pdfminer would put a space between every pair of characters; and a Latin row."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for y, space, text in ((760, 30, "工作报告"), (730, 5, "全区共调解民间纠纷2384件,调解成功2348件,"),
                           (712, 0, "涉及金额1194.13万元。")):
        t = c.beginText(72, y)
        t.setFont(FONT, 14)
        t.setCharSpace(space)
        t.textOut(text)
        c.drawText(t)
    c.setFont("Helvetica", 12)
    c.drawString(72, 680, "Annual report of the district government")
    c.showPage()
    c.save()
    (OUT / "pdf_spaced.pdf").write_bytes(buf.getvalue())


def make_scanned_pdf() -> None:
    """Two pages holding only an image (a scan without OCR)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = random.Random(7)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    for _ in range(2):
        img = Image.new("L", (120, 170), 255)
        img.putdata([255 if rng.random() > 0.08 else 0 for _ in range(120 * 170)])
        c.drawImage(ImageReader(img), LEFT, BOTTOM, width=PAGE_W - LEFT - RIGHT, height=PAGE_H - TOP - BOTTOM)
        c.showPage()
    c.save()
    (OUT / "scanned.pdf").write_bytes(buf.getvalue())


# --- bad inputs -----------------------------------------------------------------------------------


def make_bad_inputs(text: str, docx_bytes: bytes) -> None:
    (OUT / "empty.txt").write_bytes(b"")
    (OUT / "junk.bin").write_bytes(random.Random(1).randbytes(4096))
    # What a browser saves when the download link is dead: an error page with a .pdf name.
    (OUT / "fake.pdf").write_bytes(
        b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
        b"<body><h1>404 Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n"
    )
    # A download cut off half way: the ZIP's central directory is missing.
    (OUT / "corrupt.docx").write_bytes(docx_bytes[: len(docx_bytes) // 2])
    # A password-protected Word file: an OLE2 compound file holding EncryptionInfo/EncryptedPackage.
    header = bytearray(512)
    header[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    header[24:28] = bytes.fromhex("3E000300")  # minor/major version 3
    header[28:30] = bytes.fromhex("FEFF")  # byte order mark of the compound file
    directory = b"".join(n.encode("utf-16-le").ljust(128, b"\0")
                         for n in ("Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))
    payload = random.Random(3).randbytes(2048)
    (OUT / "encrypted.docx").write_bytes(bytes(header) + directory + payload)
    # UTF-8 text with bytes that are valid in no supported encoding (0x80/0xFF stray bytes).
    head = "重庆市北碚区人民政府关于2020年度法治政府建设情况的报告\n".encode()
    (OUT / "undecodable.txt").write_bytes(head + b"\x80\xff\x80\xff abc \xff\xfe\xfd\n" + head)
    # A report without any numbered heading: the preamble paragraph alone.
    preamble = next(line for line in text.split("\n") if len(line) > 200)
    (OUT / "no_headings.txt").write_text(text.split("\n", 1)[0] + "\n\n" + preamble + "\n", encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    text = seed_text()
    make_texts(text)
    make_html(text)
    docx_bytes = make_docx(text)
    make_pdf(text, justify=True, out="seed.pdf")
    make_pdf(text, justify=False, out="seed_ragged.pdf")
    make_small_pdfs()
    make_spaced_pdf()
    make_scanned_pdf()
    make_bad_inputs(text, docx_bytes)
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>8}  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
