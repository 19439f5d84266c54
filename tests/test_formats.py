"""Format detection and text extraction (compare.read.formats) on the fixtures made by
tests/make_fixtures.py from the seed, plus small documents built here for single behaviours."""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare import load, load_bytes
from compare.errors import (
    CompareError,
    CorruptDocument,
    DecodeFailure,
    EmptyInput,
    NoTextLayer,
    UnsupportedFormat,
)
from compare.read.formats import detect, extract
from compare.read.formats.docx import chinese_number, format_number
from compare.read.formats.furniture import drop_furniture, is_furniture
from compare.read.formats.html import html_to_text

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"

HAN = r"[\u4e00-\u9fff]"


def _seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _seed_paragraphs() -> list[str]:
    """The seed's report lines (no web title/date line, no QR prompt), one per paragraph."""
    lines = [line for line in _seed_text().split("\n") if line.strip()]
    return lines[2:-1]


def _ex(name: str):
    return extract((FIX / name).read_bytes(), name)


def _headings(path: Path) -> list[tuple[str, str]]:
    return [(s.path, s.title) for s in load(path).headings]


# --- plain text and encodings ---------------------------------------------------------------------


def test_plain_seed_keeps_text_and_date_line_but_drops_qr_prompt():
    doc = extract(SEED.read_bytes(), SEED.name)
    assert doc.format == "text" and doc.encoding == "utf-8"
    assert "扫一扫" not in doc.text
    assert doc.text.split("\n")[1] == "日期:2021-01-13"
    assert doc.text.endswith("2021年1月13日")
    # everything before the furniture line is kept exactly as written
    assert _seed_text().startswith(doc.text)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("seed_gb18030.txt", "gb18030"), ("seed_utf16.txt", "utf-16"), ("seed_bom.txt", "utf-8")],
)
def test_encodings_give_the_same_text_as_utf8(name, encoding):
    base = extract(SEED.read_bytes(), SEED.name)
    doc = _ex(name)
    assert (doc.format, doc.encoding) == ("text", encoding)
    assert doc.text == base.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "gbk", "utf-32"])
def test_bomless_utf16_and_other_encodings_are_detected(codec):
    text = _seed_text().replace("—", "-") if codec == "gbk" else _seed_text()
    doc = extract(text.encode(codec), "x.txt")
    assert doc.text == extract(text.encode("utf-8"), "x.txt").text
    if codec.startswith("utf-16"):
        assert doc.encoding == codec


def test_gb18030_seed_loads_to_the_same_report():
    a, b = load(SEED), load(FIX / "seed_gb18030.txt")
    assert replace(b, source=a.source, sha256=a.sha256, encoding=a.encoding) == a


def test_crlf_newlines_are_normalised():
    doc = extract(_seed_text().replace("\n", "\r\n").encode("gb18030"), "x.txt")
    assert doc.text == extract(SEED.read_bytes(), "x.txt").text


# --- furniture -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "扫一扫在手机打开当前页",
        "当前位置：首页 > 政务公开 > 法治政府建设",
        "字体：【大 中 小】",
        "【字体：大 中 小】",
        "分享到：",
        "【打印本页】 【关闭窗口】",
        "打印",
        "上一篇：北碚区2019年度法治政府建设情况报告",
        "下一篇：关于开展普法的通知",
        "版权所有：重庆市北碚区人民政府 渝ICP备05003300号",
        "网站标识码：5001090001",
        "- 3 -",
        "第3页",
        "第 3 页 共 10 页",
    ],
)
def test_furniture_lines(line):
    assert is_furniture(line)
    assert is_furniture("　　" + line + "\xa0")


@pytest.mark.parametrize(
    "line",
    [
        "日期:2021-01-13",
        "发布日期：2021-01-13",
        "1.全面加强党对法治政府建设工作的领导。",
        "打印材料500余份,分享经验做法。",  # mentions 打印/分享 inside a sentence
        "加强知识产权保护,尊重版权所有人的合法权益,依法查处侵权盗版行为,维护市场秩序,推动文化产业健康发展,"
        "促进创新创业,营造良好营商环境,全年办理侵权案件12件,办结率100%,群众满意度持续提升,各项工作取得新成效。",
    ],
)
def test_report_lines_are_not_furniture(line):
    assert not is_furniture(line)


def test_date_line_keeps_date_but_loses_its_furniture():
    text = "标题\n发布日期：2021-01-13 来源：区司法局 字体：【大 中 小】 【打印】\n正文。"
    assert drop_furniture(text) == "标题\n发布日期：2021-01-13 来源：区司法局\n正文。"


# --- HTML ------------------------------------------------------------------------------------------


def test_html_page_keeps_the_body_and_puts_title_and_date_first():
    doc = _ex("seed_page.html")
    assert (doc.format, doc.encoding) == ("html", "gb18030")
    lines = doc.text.split("\n")
    assert lines[0] == _seed_text().split("\n")[0]
    assert lines[1] == "发布日期：2021-01-13"
    assert lines[2:] == _seed_paragraphs()


@pytest.mark.parametrize(
    "junk",
    ["当前位置", "首页", "字体", "【大", "分享", "扫一扫", "打印", "关闭窗口", "上一篇", "下一篇",
     "版权所有", "ICP备", "公网安备", "网站标识码", "主办单位", "网站地图", "这不是正文", "doZoom", "font-family",
     "访问量", "无障碍", "\xa0", "\u3000"],
)
def test_html_furniture_is_gone(junk):
    assert junk not in _ex("seed_page.html").text


def test_html_gives_the_same_outline_and_metadata_as_the_plain_seed():
    a, b = load(SEED), load(FIX / "seed_page.html")
    assert [(s.path, s.title) for s in b.headings] == [(s.path, s.title) for s in a.headings]
    assert (b.title, b.issuer, b.year, b.date) == (a.title, a.issuer, a.year, a.date)


def test_html_blocks_break_lines_inline_elements_do_not():
    markup = (
        "<html><body><div id='content'><p>一、总体<b>情况</b><span>良好</span></p>"
        "<div>第二段<br>第三段</div><ul><li>甲项</li><li>乙项</li></ul>"
        "<table><tr><td>清单</td><td>1182项</td></tr></table>"
        "<p>&nbsp;&nbsp;缩进段落。　</p><p>&emsp;&emsp;全角缩进。&ensp;</p><p>源码里\n   换行的段落,and English\n words。</p></div></body></html>"
    )
    assert html_to_text(markup).split("\n") == [
        "一、总体情况良好", "第二段", "第三段", "甲项", "乙项", "清单\t1182项", "缩进段落。", "全角缩进。",
        "源码里换行的段落,and English words。",
    ]


def test_html_meta_charset_is_honoured():
    page = "<html><head><meta charset='utf-8'><title>报告</title></head><body><p>正文内容一、二。</p></body></html>"
    doc = extract(page.encode("utf-8"), "page.htm")
    assert doc.encoding == "utf-8" and "正文内容一、二。" in doc.text
    legacy = page.replace("charset='utf-8'", 'http-equiv="Content-Type" content="text/html; charset=GBK"')
    doc = extract(legacy.encode("gbk"), "page.htm")
    assert doc.encoding == "gb18030" and "正文内容一、二。" in doc.text


def test_html_false_charset_declaration_falls_back_to_detection_with_a_warning():
    page = "<html><head><meta charset='utf-8'></head><body><p>行政复议案件17件。</p></body></html>"
    doc = extract(page.encode("gb18030"), "page.html")
    assert "行政复议案件17件。" in doc.text
    assert doc.encoding == "gb18030"
    assert any("declares charset utf-8" in w for w in doc.warnings)


def test_html_is_sniffed_from_markup_whatever_the_extension():
    raw = (FIX / "seed_page.html").read_bytes()
    assert detect(raw, "saved.txt") == "html"
    assert extract(raw, "saved.txt").text == _ex("seed_page.html").text
    # a page saved as UTF-16 is sniffed after decoding
    utf16 = raw.decode("gb18030").replace("charset=gb2312", "charset=utf-16").encode("utf-16")
    assert extract(utf16, "saved.txt").text == _ex("seed_page.html").text


def test_text_mentioning_a_tag_is_not_html():
    assert detect("说明：网页中的<p>标签表示段落。\n一、总体情况".encode(), "x.txt") == "text"


def test_html_without_a_named_box_uses_the_densest_block():
    body = "".join(f"<p>{line}</p>" for line in _seed_paragraphs())
    page = (f"<html><body><div><a href='/'>首页</a> <a>政务公开</a></div><div>{body}</div>"
            "<div>版权所有：某某区人民政府</div></body></html>")
    assert extract(page.encode(), "p.html").text.split("\n") == _seed_paragraphs()


def test_page_of_furniture_only_is_empty():
    page = "<html><body><div class='nav'>首页</div><p>扫一扫在手机打开当前页</p><p>【打印】【关闭窗口】</p></body></html>"
    with pytest.raises(EmptyInput):
        extract(page.encode(), "p.html")


# --- DOCX ------------------------------------------------------------------------------------------


def test_docx_text_in_order_with_table_rows():
    lines = _ex("seed.docx").text.split("\n")
    assert lines[0] == "重庆市北碚区人民政府"
    at = next(i for i, line in enumerate(lines) if line.startswith("1.公布5张清单"))
    assert lines[at + 1 : at + 3] == ["清单名称\t事项数(项)", "政务服务事项清单\t1182"]
    assert [line for line in lines if "\t" not in line] == _seed_paragraphs()


def test_docx_automatic_numbering_is_rendered_into_the_marker():
    text = _ex("seed.docx").text
    # part 三's items carry Word list numbering (chineseCounting, "(%1)"), not typed markers
    raw = zipfile.ZipFile(FIX / "seed.docx").read("word/document.xml").decode()
    assert "对标对表中央精神" in raw and "(一)对标对表" not in raw
    for marker in ("(一)对标对表中央精神", "(三)推进依法行政各项工作", "(五)深入抓好普法和队伍建设"):
        assert f"\n{marker}" in text


def test_docx_gives_the_same_outline_as_the_plain_seed():
    assert _headings(FIX / "seed.docx") == _headings(SEED)


def _numbered_docx(items: list[tuple[str, int, str]], levels: dict[int, tuple[str, str]],
                   restart_at: int | None = None) -> bytes:
    """A .docx whose paragraphs (text, level, num) use a list with `levels` {ilvl: (numFmt, lvlText)};
    num "a" is the list, num "b" the same list restarted at 1 (a startOverride)."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    numbering = doc.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in levels.items()
    )
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    first_num.addprevious(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="78"><w:abstractNumId w:val="77"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    ))
    for text, level, num in items:
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{77 if num == "a" else 78}"/></w:numPr>'
        ))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_numbering_counters_levels_and_restart():
    data = _numbered_docx(
        [("总体情况", 0, "a"), ("组织领导", 1, "a"), ("制度建设", 1, "a"), ("存在问题", 0, "a"),
         ("意识不强", 1, "a"), ("附件", 0, "b")],
        {0: ("chineseCounting", "%1、"), 1: ("decimal", "（%2）")},
    )
    assert extract(data, "n.docx").text.split("\n") == [
        "一、总体情况", "（1）组织领导", "（2）制度建设", "二、存在问题", "（1）意识不强", "一、附件",
    ]


def test_docx_multilevel_and_legal_style_numbers():
    data = _numbered_docx(
        [("甲", 0, "a"), ("乙", 1, "a"), ("丙", 1, "a"), ("丁", 0, "a"), ("戊", 1, "a")],
        {0: ("decimal", "%1."), 1: ("decimalEnclosedCircle", "%2")},
    )
    assert extract(data, "n.docx").text.split("\n") == ["1.甲", "① 乙", "② 丙", "2.丁", "① 戊"]


def test_docx_numbering_from_a_paragraph_style():
    from docx import Document

    doc = Document()
    for text in ("第一项", "第二项"):
        doc.add_paragraph(text, style="List Number")
    doc.add_paragraph("普通段落")
    buf = io.BytesIO()
    doc.save(buf)
    lines = extract(buf.getvalue(), "s.docx").text.split("\n")
    assert re.fullmatch(r"1\W?\s?第一项", lines[0]) and re.fullmatch(r"2\W?\s?第二项", lines[1])
    assert lines[2] == "普通段落"


@pytest.mark.parametrize(
    ("n", "cn"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (100, "一百"),
                  (105, "一百零五"), (110, "一百一十")],
)
def test_chinese_counting(n, cn):
    assert chinese_number(n) == cn
    assert format_number(n, "chineseCounting") == cn


def test_number_formats():
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(12, "decimalFullWidth") == "１２"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(28, "lowerLetter") == "bb"


def test_corrupt_and_password_protected_docx():
    with pytest.raises(CorruptDocument, match="damaged"):
        _ex("corrupt.docx")
    with pytest.raises(CorruptDocument, match="password-protected"):
        _ex("encrypted.docx")


def test_zip_without_document_xml():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "not a report")
    with pytest.raises(CorruptDocument, match=r"no word/document\.xml"):
        extract(buf.getvalue(), "report.docx")
    with pytest.raises(UnsupportedFormat, match="ZIP archive"):
        extract(buf.getvalue(), "reports.zip")


def test_docx_with_broken_xml_is_corrupt():
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO((FIX / "seed.docx").read_bytes())) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, data[:500] if info.filename == "word/document.xml" else data)
    with pytest.raises(CorruptDocument, match="damaged DOCX"):
        extract(buf.getvalue(), "broken.docx")


# --- PDF -------------------------------------------------------------------------------------------


def test_pdf_paragraphs_are_rejoined_exactly():
    doc = _ex("seed.pdf")
    assert doc.format == "pdf"
    assert doc.text.split("\n") == _seed_paragraphs()


def test_pdf_has_no_spaces_between_chinese_and_no_page_furniture():
    text = _ex("seed.pdf").text
    assert not re.search(f"{HAN}[ \t\u3000]+{HAN}", text)
    assert not re.search(r"^\s*-\s*\d+\s*-\s*$", text, re.MULTILINE)
    assert "北碚区人民政府信息公开" not in text  # the running header


def test_pdf_gives_the_same_outline_as_the_plain_seed():
    assert _headings(FIX / "seed.pdf") == _headings(SEED)


def test_pdf_page_number_styles_and_repeated_footers_are_removed():
    # 第 N 页 共 3 页 and a repeated footer line 北碚区司法局印制 at the bottom of every page
    assert _ex("pdf_page_numbers.pdf").text.split("\n") == ["一、总体情况良好。", "二、存在问题不少。", "三、明年工作打算。"]


def test_pdf_unindented_paragraphs_split_at_heading_markers():
    # no indentation at all: a full row that ends a sentence, followed by a marker, starts a new
    # part; a row starting "2.5亿元" continues its paragraph
    full = "依法行政工作取得新成效" * 4
    assert _ex("pdf_unindented.pdf").text.split("\n") == [
        full + "。", "(二)加强执法监督。严格规范公正文明执法,2.5亿元资金全部到位。",
    ]


def test_pdf_ragged_rows_are_rejoined_like_justified_ones():
    # left-aligned rows stop up to 2 em short of the margin (a character carried down, 避头尾)
    assert _ex("seed_ragged.pdf").text == _ex("seed.pdf").text


def test_pdf_wide_character_spacing_is_not_read_as_spaces():
    assert _ex("pdf_spaced.pdf").text.split("\n") == [
        "工作报告", "全区共调解民间纠纷2384件,调解成功2348件,涉及金额1194.13万元。",
        "Annual report of the district government",
    ]


def test_pdf_with_only_images_has_no_text_layer():
    with pytest.raises(NoTextLayer, match=r"OCR|ocr"):
        _ex("scanned.pdf")


def test_pdf_with_a_user_password_is_refused_but_owner_only_opens():
    with pytest.raises(CorruptDocument, match="password-protected"):
        _ex("pdf_password.pdf")
    assert _ex("pdf_owner_only.pdf").text == "Annual report 2020"


def test_pdf_whose_glyphs_map_to_no_characters_is_unreadable():
    with pytest.raises(NoTextLayer, match="cannot be read"):
        _ex("pdf_unmapped.pdf")


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF",
     b"%PDF-1.7\n" + bytes(range(256)) * 8,
     (Path(__file__).parent / "fixtures" / "seed.pdf").read_bytes()[:5000]],
)
def test_damaged_pdf_is_a_named_error(data):
    with pytest.raises(CompareError):
        extract(data, "bad.pdf")


def test_pdf_page_cap():
    # A PDF over the page limit is refused with the option that raises it (it was read in part,
    # with a warning, before the limits of issue 8: a partial report compares wrongly, silently).
    from compare.errors import InputTooLarge
    from compare.read.limits import Limits

    data = (FIX / "seed.pdf").read_bytes()
    with pytest.raises(InputTooLarge, match="--max-pages"):
        extract(data, "seed.pdf", Limits(max_pages=2))


# --- detection and bad inputs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("empty.txt", EmptyInput, "no text"),
        ("junk.bin", UnsupportedFormat, "binary"),
        ("fake.pdf", CorruptDocument, "not a PDF"),
        ("scanned.pdf", NoTextLayer, "no text layer"),
        ("corrupt.docx", CorruptDocument, "damaged"),
        ("encrypted.docx", CorruptDocument, "password-protected"),
        ("undecodable.txt", DecodeFailure, r"not UTF-8 \(line 2, byte 80\)"),
    ],
)
def test_bad_fixtures_raise_named_errors(name, error, words):
    with pytest.raises(error, match=words) as info:
        _ex(name)
    assert info.value.file == name and info.value.fix


@pytest.mark.parametrize(
    ("head", "what"),
    [(b"\x89PNG\r\n\x1a\n", "PNG"), (b"\x7fELF\x02\x01\x01", "ELF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy")],
)
def test_known_binary_formats_are_named(head, what):
    with pytest.raises(UnsupportedFormat, match=what):
        extract(head + bytes(200), "file.dat")


def test_no_headings_file_still_extracts():
    doc = _ex("no_headings.txt")
    assert doc.format == "text" and len(doc.text) > 200
    report = load(FIX / "no_headings.txt")
    assert not report.headings and report.warnings


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe"]),
    data=st.binary(max_size=3000),
    name=st.sampled_from(["r.txt", "r.pdf", "r.docx", "r.html", "r"]),
)
def test_any_bytes_give_text_or_a_named_error(prefix, data, name):
    try:
        doc = extract(prefix + data, name)
    except CompareError:
        return
    assert doc.text.strip() and doc.format in ("text", "html", "docx", "pdf")


def test_load_bytes_reports_format_and_encoding():
    report = load_bytes((FIX / "seed_page.html").read_bytes(), "page.html")
    assert (report.format, report.encoding) == ("html", "gb18030")


def test_a_few_damaged_bytes_are_replaced_with_a_warning():
    data = bytearray((FIX / "seed_gb18030.txt").read_bytes())
    data[3000:3001] = b"\xff"  # one broken character in the middle of a paragraph
    doc = extract(bytes(data), "x.txt")
    assert doc.encoding == "gb18030" and "\ufffd" in doc.text
    assert any("undecodable byte(s) replaced" in w for w in doc.warnings)
    assert len(doc.text) == pytest.approx(len(extract(SEED.read_bytes(), "x.txt").text), abs=2)


def test_a_lone_nul_byte_is_damage_not_utf16():
    data = SEED.read_bytes().replace("。".encode(), "。\x00".encode(), 1)
    doc = extract(data, "x.txt")
    assert doc.encoding == "utf-8" and doc.text.count("\n") == extract(SEED.read_bytes(), "x.txt").text.count("\n")


def test_damaged_byte_in_a_declared_charset_page():
    data = bytearray((FIX / "seed_page.html").read_bytes())
    at = data.index("强化组织领导".encode("gb18030"))
    data[at] = 0xFF
    doc = extract(bytes(data), "p.html")
    assert doc.encoding == "gb18030"
    assert any("declared charset gb2312" in w for w in doc.warnings)


@pytest.mark.parametrize("name", ["seed.docx", "seed.pdf", "seed_page.html"])
def test_damaged_copies_of_real_files_never_crash(name):
    rng = random.Random(name)
    base = (FIX / name).read_bytes()
    for _ in range(25):
        data = bytearray(base)
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            start = rng.randrange(len(data))
            del data[start : start + rng.randint(1, 3000)]
        try:
            doc = extract(bytes(data), name)
        except CompareError as exc:
            assert exc.file == name and exc.what and exc.fix
        else:
            assert doc.text.strip()


def test_markdown_syntax_is_removed_so_headings_start_their_lines():
    md = ("# 某区人民政府关于2020年度法治政府建设情况的报告\n\n## 一、2020年法治政府建设情况\n\n"
          "### (一)强化组织领导。\n\n**1.全面加强党的领导。**严格对标,见[通知](http://x.gov.cn/a.html)。\n\n"
          "- 一是加强学习\n\n| 清单 | 事项数 |\n|---|---|\n| 政务服务事项清单 | 1182 |\n")
    lines = [line for line in extract(md.encode(), "r.md").text.split("\n") if line]
    assert lines == ["某区人民政府关于2020年度法治政府建设情况的报告", "一、2020年法治政府建设情况", "(一)强化组织领导。",
                     "1.全面加强党的领导。严格对标,见通知。", "一是加强学习", "清单\t事项数", "政务服务事项清单\t1182"]
    # the same bytes as .txt are kept as written
    assert extract(md.encode(), "r.txt").text.startswith("# 某区")


@pytest.mark.parametrize("line", ["【字体：大 中 小】【打印】【关闭】", "字体：大 中 小 打印本页 关闭窗口", "打印 | 关闭",
                                  "浏览次数：1024"])
def test_several_widgets_on_one_line_are_furniture(line):
    assert is_furniture(line)


def test_html_table_layout_with_an_information_disclosure_table():
    paras = _seed_paragraphs()
    body = "".join(f"<p>　　{p}</p>\n" for p in paras)
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'>"
        "<title>北碚区人民政府关于2020年度法治政府建设情况的报告-重庆市北碚区人民政府</title></head><body><table>"
        "<tr><td>您现在的位置：<a>首页</a>&nbsp;&gt;&nbsp;<a>政务公开</a></td></tr>"
        "<tr><td><table class='xxgk'><tr><td>索引号：</td><td>11500109MB1234567X/2021-00012</td></tr>"
        "<tr><td>成文日期：</td><td>2021-01-12</td><td>发布日期：</td><td>2021-01-13</td></tr></table></td></tr>"
        "<tr><td class='bt'>北碚区人民政府关于2020年度法治政府建设情况的报告</td></tr>"
        f"<tr><td id='Zoom' class='bt_content'>{body}</td></tr>"
        "<tr><td>【<a>打印此页</a>】 【<a>关闭窗口</a>】</td></tr></table>"
        "<div id='footer'>主办：重庆市北碚区人民政府办公室 技术支持：某公司 渝ICP备05003300号-1</div></body></html>"
    )
    lines = extract(page.encode(), "p.html").text.split("\n")
    assert lines == ["北碚区人民政府关于2020年度法治政府建设情况的报告", "发布日期：2021-01-13", *paras]


def test_deeply_nested_page_loads_with_its_text_in_order():
    # Broken CMS templates (an unclosed <div> per list item) nest thousands of elements deep, past
    # Python's recursion limit; the text must still come out, in order, blocks on their own lines.
    depth = 3000
    page = ("<html><body>" + "<div><span>" * depth + "<p>一、主要举措和成效</p><p>全年办理行政复议案件32件。</p>"
            + "<table><tr><td>行政应诉案件</td><td>15件</td></tr></table>" + "</span></div>" * depth
            + "</body></html>")
    text = html_to_text(page)
    assert text.split("\n") == ["一、主要举措和成效", "全年办理行政复议案件32件。", "行政应诉案件\t15件"]
    assert [s.title for s in load_bytes(page.encode(), "deep.html").headings] == ["主要举措和成效"]
