"""Fuzz suite: whatever the input, only the toolkit's named errors (CompareError subclasses) escape
from loading, outline, indicators, claims and a pair of reports through changes.

Inputs: raw bytes under every extension; committed fixtures (txt, HTML, DOCX, PDF) with bytes
flipped, cut, inserted or repeated; DOCX files rebuilt around a mutated document.xml; and
report-like text (markers 一、（一）1.（1）一是, Chinese sentences with numbers, %, 同比, 个百分点, huge
and Chinese numerals, HTML tags, control characters), so the fuzzer reaches the deep stages.

Bounded for CI by FUZZ_EXAMPLES examples per target (default 100). A long run:

    FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py -p no:cacheprovider

Every failure a run finds becomes a regular regression test (tests/test_hostile_input.py) and a fix.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.across.changes import changes_table
from compare.errors import CompareError
from compare.extract.claims import extract_claims
from compare.extract.indicators import extract_indicators
from compare.models import Report
from compare.read.corpus import group_reports
from compare.read.limits import Limits
from compare.read.loading import load_bytes

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))

#: Small limits keep a fuzz example cheap (the limits themselves are under test too).
LIMITS = Limits(max_file_mb=4, max_unpacked_mb=8, max_pages=30, max_chars=200_000)

fuzz = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much, HealthCheck.large_base_example])

# --- report-like text -------------------------------------------------------------------------

_MARKERS = ["一、", "二、", "十一、", "（一）", "(二)", "1.", "2．", "3、", "（1）", "(2)", "一是", "二是", "①", "第一部分",
            "第二章", "一", "（", "）", "、"]
_WORDS = ["受理", "行政复议", "案件", "出庭应诉率", "行政机关负责人", "纠错率", "办结", "执法人员", "培训", "万元", "经费",
          "法治政府建设", "年度报告", "人民政府", "区", "司法局", "存在的不足", "下一步", "工作打算", "其中", "共", "全年",
          "达到", "为", "约", "近", "余", "以上", "以内", "不超过", "各", "均", "的", "和", "及", "力争", "确保", "目标",
          "“", "”", "《", "》", "（", "）", "十四五", "七五普法", "第", "次", "年", "月", "日", "由", "提升至", "提高到"]
_UNITS = ["件", "%", "％", "个百分点", "百分点", "倍", "名", "人次", "个", "项", "万元", "亿元", "元", "个工作日", "天", "‰",
          "件（次）", "家", "场", ""]
_CHANGES = ["同比", "同比增长", "同比下降", "较上年增加", "较2020年", "比上年减少", "与2019年相比", "增长", "下降", "上升",
            "减少", "提高", "降低", "压缩", "增幅", "降幅", "翻一番", "翻两番", "与上年持平", "同比持平", "是上年的", "为上年的",
            "比法定时限"]
_PUNCT = ["，", "。", "；", "：", "、", "\n", "\n\n", " ", "\t", "！", "？", ",", ".", ";", "…", "——"]
_NOISE = ["<p>", "</p>", "<div class='TRS_Editor'>", "</div>", "<br/>", "<td>", "</td>", "<table>", "<html>", "<title>",
          "&nbsp;", "&#x4e00;", "\x00", "\x1b[31m", "\x0c", "\u2028", "\ufeff", "\u200b", "\r", "\x7f", "%PDF-", "PK\x03\x04",
          "[bold]", "[/x]", "2022年", "二〇二一年", "2021年1月13日"]


def _number() -> st.SearchStrategy[str]:
    digits = st.text(alphabet="0123456789", min_size=1, max_size=6)
    return st.one_of(
        digits,
        st.builds(lambda a, b: f"{a}.{b}", digits, digits),
        st.just("100"), st.just("0"), st.just("1"), st.just("0.0"),
        st.integers(min_value=300, max_value=420).map(lambda n: "9" * n),  # beyond float range
        st.integers(min_value=300, max_value=330).map(lambda n: "0." + "0" * n + "1"),  # below float range
        st.integers(min_value=300, max_value=310).map(lambda n: "1" + "0" * n),  # near the float limit
        st.sampled_from(["二十三", "一百零五", "三", "十万", "两千三百", "百分之五十", "千分之三", "九成", "一", "万",
                         "1,182", "1，182", "3-5", "5至10", "-5", "负3", "２３", "1.2.3", "2021.01.13"]),
    )


_PIECE = st.one_of(
    st.sampled_from(_MARKERS), st.sampled_from(_WORDS), st.sampled_from(_WORDS), st.sampled_from(_UNITS),
    st.sampled_from(_CHANGES), st.sampled_from(_PUNCT), st.sampled_from(_PUNCT), _number(), _number(),
    st.sampled_from(_NOISE), st.text(max_size=3),
)


@st.composite
def report_text(draw: st.DrawFn, year: int | None = None) -> str:
    """A report-like text: an optional title line with issuer and year, then lines of pieces."""
    title = draw(st.sampled_from(["某区人民政府{y}年法治政府建设年度报告", "关于{y}年度法治政府建设情况的报告",
                                  "{y}年工作总结", ""]))
    y = year if year is not None else draw(st.integers(min_value=1990, max_value=2100))
    lines = draw(st.lists(st.lists(_PIECE, max_size=25).map("".join), max_size=25))
    return "\n".join([title.format(y=y), *lines])


# --- mutated fixture bytes ----------------------------------------------------------------------

_FIXTURE_NAMES = ["seed.pdf", "seed.docx", "seed_page.html", "seed_gb18030.txt", "seed_utf16.txt", "seed_bom.txt",
                  "pdf_page_numbers.pdf", "pdf_spaced.pdf", "no_headings.txt"]


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` with a few bytes flipped, a slice cut, random bytes inserted or a slice repeated."""
    out = bytearray(data)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not out:
            break
        kind = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        i = draw(st.integers(min_value=0, max_value=len(out) - 1))
        if kind == "flip":
            out[i] = draw(st.integers(min_value=0, max_value=255))
        elif kind == "cut":
            del out[i:i + draw(st.integers(min_value=1, max_value=512))]
        elif kind == "insert":
            out[i:i] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "repeat":
            j = min(len(out), i + draw(st.integers(min_value=1, max_value=256)))
            out[i:i] = out[i:j] * draw(st.integers(min_value=1, max_value=8))
        else:
            del out[i:]
    return bytes(out)


def _with_document_xml(docx: bytes, document: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, document if info.filename == "word/document.xml" else src.read(info))
    return buf.getvalue()


_SEED_DOCX = _fixture("seed.docx")
with zipfile.ZipFile(io.BytesIO(_SEED_DOCX)) as _zf:
    _SEED_DOCUMENT_XML = _zf.read("word/document.xml")


def _survives(call: object, *args: object, **kwargs: object) -> object:
    """Run a stage; a named error is a fine outcome (returns None), anything else fails the test."""
    try:
        return call(*args, **kwargs)  # type: ignore[operator]
    except CompareError as exc:
        assert exc.message  # every named error says something
        return None


# --- targets ----------------------------------------------------------------------------------


@fuzz
@given(st.binary(max_size=4096), st.sampled_from(["x.txt", "x.html", "x.docx", "x.pdf", "x.md", "x", "x.doc"]))
def test_load_bytes_random_bytes(data: bytes, name: str) -> None:
    _survives(load_bytes, data, name, limits=LIMITS)


@fuzz
@given(st.sampled_from(_FIXTURE_NAMES).flatmap(lambda n: st.tuples(st.just(n), mutated(_fixture(n)))))
def test_load_bytes_mutated_fixtures(case: tuple[str, bytes]) -> None:
    name, data = case
    _survives(load_bytes, data, name, limits=LIMITS)


@fuzz
@given(mutated(_SEED_DOCUMENT_XML))
def test_load_bytes_docx_with_mutated_document_xml(document: bytes) -> None:
    _survives(load_bytes, _with_document_xml(_SEED_DOCX, document), "x.docx", limits=LIMITS)


@fuzz
@given(report_text(), st.sampled_from(["utf-8", "gb18030", "utf-16"]), st.sampled_from(["r.txt", "r.html", "r.md"]))
def test_outline_of_report_like_text(text: str, encoding: str, name: str) -> None:
    data = text.encode(encoding, "replace")
    _survives(load_bytes, data, name, limits=LIMITS)


def _load_text(text: str, year: int | None = None) -> Report | None:
    report = _survives(load_bytes, text.encode("utf-8"), "r.txt", year=year, limits=LIMITS)
    assert report is None or isinstance(report, Report)
    return report


@fuzz
@given(report_text())
def test_indicators_of_report_like_text(text: str) -> None:
    report = _load_text(text)
    if report is not None:
        _survives(extract_indicators, report)


@fuzz
@given(report_text())
def test_claims_of_report_like_text(text: str) -> None:
    report = _load_text(text)
    if report is not None:
        _survives(extract_claims, report)


@fuzz
@given(report_text(year=2021), report_text(year=2022))
def test_a_pair_through_changes(old_text: str, new_text: str) -> None:
    old = _load_text(old_text, year=2021)
    new = _load_text(new_text, year=2022)
    reports = [r for r in (old, new) if r is not None]
    if reports:
        corpus = _survives(group_reports, reports)
        if corpus is not None:
            _survives(changes_table, corpus)

