"""Resource limits (compare.read.limits): every hostile file is refused with an InputTooLarge naming the
limit and the option that raises it, quickly and without unpacking it. Files are crafted in the
test (tests/hostile.py), never committed."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.errors import CorruptDocument, InputTooLarge, UnsupportedFormat
from compare.read.formats import extract
from compare.read.limits import DEFAULT_LIMITS, Limits
from compare.read.loading import load, load_bytes, read_bytes
from tests import hostile

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "beibei_2020_rule_of_law_report.txt"
MiB = 2**20
OVER_DEFAULT = DEFAULT_LIMITS.max_unpacked_bytes + MiB


def _refused(data: bytes, name: str, option: str, limits: Limits = DEFAULT_LIMITS) -> InputTooLarge:
    with pytest.raises(InputTooLarge) as info:
        load_bytes(data, name, limits=limits)
    assert option in info.value.message
    return info.value


# --- DOCX: every part counts ------------------------------------------------------------------


def test_docx_whose_styles_unpack_past_the_limit_is_refused() -> None:
    # a small file (its styles.xml is mostly one XML comment) that unpacks past the default
    data = hostile.docx(["全年受理案件5件。"], styles_padding=OVER_DEFAULT)
    assert len(data) < 2 * MiB
    err = _refused(data, "bomb.docx", "--max-unpacked-mb")
    assert "word/styles.xml" in err.message and "max-unpacked-mb limit of 64 MiB" in err.message


def test_docx_unpacked_limit_is_raised_by_its_option() -> None:
    data = hostile.docx(["一、基本情况", "全年受理案件5件。"], styles_padding=2 * MiB)
    _refused(data, "styles.docx", "--max-unpacked-mb", Limits(max_unpacked_mb=1))
    assert "受理案件5件" in load_bytes(data, "styles.docx", limits=Limits(max_unpacked_mb=3)).text


def test_docx_with_a_huge_document_xml_of_paragraphs_is_refused_before_parsing() -> None:
    data = hostile.docx(hostile.repeated_paragraphs(OVER_DEFAULT))
    assert len(data) < 2 * MiB  # repeated paragraphs compress ~300x
    _refused(data, "paragraphs.docx", "--max-unpacked-mb")


def test_docx_part_in_a_compression_method_word_never_writes_is_refused() -> None:
    data = hostile.docx(["全年受理案件5件。"], compression=zipfile.ZIP_BZIP2)
    with pytest.raises(CorruptDocument, match="compression method"):
        load_bytes(data, "bz.docx")


def test_docx_text_over_max_chars_is_refused() -> None:
    data = hostile.docx(["全年受理案件5件。"] * 200)
    _refused(data, "long.docx", "--max-chars", Limits(max_chars=1000))


def _no_parse(monkeypatch: pytest.MonkeyPatch, module: str, attr: str) -> None:
    """Make the full parser fail: a refusal must come before it runs."""
    def fail(*_a: Any, **_k: Any) -> None:
        raise AssertionError(f"{module}.{attr} ran before the character limit was checked")
    monkeypatch.setattr(f"{module}.{attr}", fail)


LINE = "全年受理行政复议案件32件，同比增长10%。"  # 22 characters


def test_docx_over_max_chars_is_refused_before_python_docx_parses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # document.xml far beyond the unpacked limit's default, as a user who raised it would have
    data = hostile.docx(hostile.repeated_paragraphs(8 * MiB, LINE))
    _no_parse(monkeypatch, "docx", "Document")
    err = _refused(data, "long.docx", "--max-chars", Limits(max_unpacked_mb=64, max_chars=100_000))
    assert "the text of word/document.xml (counted until it passed the limit" in err.message


def test_docx_just_over_and_just_under_max_chars() -> None:
    data = hostile.docx([LINE] * 100)  # 2,200 characters of text; document.xml is larger than that
    text = load_bytes(data, "ok.docx", limits=Limits(max_chars=2_300)).text
    assert text.count(LINE) == 100 and len(text) == 2_299  # 100 lines and 99 newlines
    _refused(data, "over.docx", "--max-chars", Limits(max_chars=2_298))
    with pytest.raises(InputTooLarge, match=r"word/document\.xml"):  # the streaming count itself
        load_bytes(data, "over.docx", limits=Limits(max_chars=2_199))


def test_docx_text_box_fallback_and_move_source_are_not_counted() -> None:
    from compare.read.formats.docx import _check_chars

    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = (f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>{"甲" * 60}</w:t></mc:Choice>'
            f'<mc:Fallback><w:t>{"甲" * 60}</w:t></mc:Fallback></mc:AlternateContent></w:r>'
            f'<w:moveFrom><w:r><w:t>{"乙" * 60}</w:t></w:r></w:moveFrom></w:p>')  # a move source is not shown
    xml = f'<w:document xmlns:w="{w}" xmlns:mc="{mc}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", xml)
    _check_chars(buf.getvalue(), "box.docx", Limits(max_chars=100))  # 60 shown, not 120
    with pytest.raises(InputTooLarge):
        _check_chars(buf.getvalue(), "box.docx", Limits(max_chars=59))


def test_docx_character_count_on_a_damaged_part_is_a_named_error() -> None:
    from compare.read.formats.docx import _check_chars

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document xmlns:w='x'><w:body>" + "<w:p><w:t>甲</w:t></w:p>" * 200)
    data = bytearray(buf.getvalue())
    data[60:70] = b"\x00" * 10  # inside the deflated part
    with pytest.raises(CorruptDocument, match=r"word/document\.xml cannot be read"):
        _check_chars(bytes(data), "d.docx", Limits(max_chars=100))


def _page(paragraphs: list[str], script: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>报告</title>"
            f"<script>{script}</script><style>p {{ margin: 0 }}</style></head>"
            f"<body><!-- {'注释' * 200} --><div class=\"content\">{body}</div></body></html>").encode()


def test_html_over_max_chars_is_refused_before_it_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _page([LINE] * 5_000)  # 110,000 characters of text
    _no_parse(monkeypatch, "compare.read.formats.html", "BeautifulSoup")
    err = _refused(data, "long.html", "--max-chars", Limits(max_chars=100_000))
    assert "the page's text (counted until it passed the limit" in err.message


def test_html_just_over_and_just_under_max_chars() -> None:
    data = _page([LINE] * 100, script="var x = '" + "x" * 5_000 + "';")  # 2,200 characters of text
    assert len(data) > 8_000  # markup, script, comment and style are not text
    text = load_bytes(data, "ok.html", limits=Limits(max_chars=2_400)).text  # + the title and newlines
    assert text.count(LINE) == 100
    from compare.read.formats.html import check_chars

    check_chars(data.decode(), "ok.html", Limits(max_chars=2_202))  # the lines and the <title>
    with pytest.raises(InputTooLarge, match="the page's text"):
        check_chars(data.decode(), "over.html", Limits(max_chars=2_201))


def test_a_utf16_page_named_txt_is_held_to_its_text_not_its_markup() -> None:
    page = ("<html><head><meta charset='utf-16'></head><body>" + "<div class='x'>" * 300
            + "<p>全年受理案件5件。</p>" * 10 + "</div>" * 300 + "</body></html>")  # 6,500 characters of markup
    data = page.encode("utf-16")
    assert extract(data, "p.txt", Limits(max_chars=200)).format == "html"
    with pytest.raises(InputTooLarge, match="the page's text"):
        extract(data, "p.txt", Limits(max_chars=50))


def test_html_character_count_counts_an_entity_as_one_and_stays_linear() -> None:
    from compare.read.formats.html import check_chars

    check_chars("<p>" + "&#x4e00;" * 100 + "</p>", "e.html", Limits(max_chars=100))
    with pytest.raises(InputTooLarge):
        check_chars("<p>" + "&#x4e00;" * 101 + "</p>", "e.html", Limits(max_chars=100))
    check_chars("<a" * 200_000, "unclosed.html", Limits(max_chars=10_000_000))  # no tag: counted as text
    with pytest.raises(InputTooLarge):
        check_chars("<script>" + "x" * 50 + "</script>" + "文" * 11, "s.html", Limits(max_chars=10))
    check_chars("<script>" + "x" * 50 + "</script>" + "文" * 10, "s.html", Limits(max_chars=10))
    check_chars("<script>" * 50_000, "s.html", Limits(max_chars=10))  # unclosed scripts: the rest is script


def test_html_character_count_compiles_no_pattern_per_element(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from compare.read.formats.html import check_chars

    compiled: list[object] = []
    real = re.compile

    def counting(*args: object, **kwargs: object) -> object:
        compiled.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(re, "compile", counting)
    page = "<p>文</p>" + "<script>var a = 1;</SCRIPT ><Style>p {}</style>" * 2_000 + "文" * 11
    with pytest.raises(InputTooLarge):
        check_chars(page, "many.html", Limits(max_chars=11))
    check_chars(page, "many.html", Limits(max_chars=12))  # script and style text is not counted
    assert compiled == []


# --- PDF: streams, pages, characters ----------------------------------------------------------


def test_pdf_flate_bomb_is_refused_without_inflating_it() -> None:
    data = hostile.pdf(stream=hostile.flate_zeros(OVER_DEFAULT))
    assert len(data) < MiB
    err = _refused(data, "bomb.pdf", "--max-unpacked-mb")
    assert "PDF stream" in err.message


def test_pdf_lzw_bomb_is_refused() -> None:
    data = hostile.pdf(stream=hostile.lzw_zeros(2 * MiB), filters="/LZWDecode")
    _refused(data, "lzw.pdf", "--max-unpacked-mb", Limits(max_unpacked_mb=1))


def test_pdf_doubly_compressed_stream_is_bounded_at_each_stage() -> None:
    inner = hostile.flate_zeros(2 * MiB)  # 2 MiB once inflated twice; ~2 KB after the first stage
    import zlib

    data = hostile.pdf(stream=zlib.compress(inner), filters="[/FlateDecode /FlateDecode]")
    _refused(data, "double.pdf", "--max-unpacked-mb", Limits(max_unpacked_mb=1))


def test_pdf_stream_under_the_limit_loads() -> None:
    data = hostile.pdf(stream=hostile.flate_zeros(MiB // 2), text="(Annual report 2022: 5 cases)")
    assert "5 cases" in load_bytes(data, "ok.pdf").text


def test_pdf_with_more_pages_than_the_limit_is_refused_before_reading_them() -> None:
    data = hostile.pdf(pages=5)
    err = _refused(data, "pages.pdf", "--max-pages", Limits(max_pages=3))
    assert "more than 3 pages" in err.message
    assert "Report" in load_bytes(data, "pages.pdf", limits=Limits(max_pages=5)).text


def test_pdf_text_over_max_chars_is_refused() -> None:
    data = (FIXTURES / "seed.pdf").read_bytes()
    _refused(data, "seed.pdf", "--max-chars", Limits(max_chars=1000))


# --- any file ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["r.txt", "r.html", "r.md"])
def test_text_over_max_chars_is_refused(name: str) -> None:
    body = "<p>全年受理案件5件。</p>" * 100 if name.endswith("html") else "全年受理案件5件。\n" * 100
    _refused(body.encode(), name, "--max-chars", Limits(max_chars=500))


def test_file_over_max_file_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes("受理案件5件。\n".encode() * (MiB // 10))
    with pytest.raises(InputTooLarge, match="--max-file-mb"):
        read_bytes(path, Limits(max_file_mb=1))
    assert read_bytes(path, Limits(max_file_mb=2))


def test_device_is_refused_not_read() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(UnsupportedFormat, match="not a regular file"):
        load("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(UnsupportedFormat, match="FIFO"):
        load(fifo)  # opening a FIFO with no writer would block forever


def test_the_default_limits_load_every_fixture_report() -> None:
    for name in ("seed.docx", "seed.pdf", "seed_page.html", "seed_gb18030.txt"):
        assert load(FIXTURES / name).text


# --- command line -----------------------------------------------------------------------------

FILE_COMMANDS = [["info"], ["outline"], ["indicators"], ["claims"], ["changes"], ["align", str(SEED)],
                 ["diff", str(SEED)]]


@pytest.mark.parametrize("cmd", FILE_COMMANDS, ids=lambda c: c[0])
def test_every_file_command_takes_max_chars_and_reports_one_error_line(cmd: list[str]) -> None:
    result = CliRunner().invoke(app, [*cmd, str(SEED), "--max-chars", "100"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {SEED}: ")
    assert "over the max-chars limit of 100" in lines[0] and "raise the limit with --max-chars" in lines[0]


@pytest.mark.parametrize("cmd", [["compare", "--quiet"], ["extract"]])
def test_commands_that_write_a_folder_take_the_limits_too(tmp_path: Path, cmd: list[str]) -> None:
    result = CliRunner().invoke(app, [*cmd, str(SEED), "--out", str(tmp_path / "out"), "--max-chars", "100"])
    assert result.exit_code == 2, result.output
    assert "--max-chars" in result.stderr


@pytest.mark.parametrize("option", ["--max-chars", "--max-file-mb", "--max-unpacked-mb", "--max-pages"])
def test_limit_options_are_in_every_file_commands_help(option: str) -> None:
    for cmd in [*FILE_COMMANDS, ["compare"], ["extract"]]:
        result = CliRunner().invoke(app, [cmd[0], "--help"], env={"COLUMNS": "200"})
        assert option in result.output, cmd


def test_raising_a_limit_lets_the_file_through() -> None:
    result = CliRunner().invoke(app, ["info", str(SEED), "--max-chars", "100000", "--format", "json"])
    assert result.exit_code == 0, result.output


def test_limits_pickle_with_the_error() -> None:
    # errors cross process boundaries when reports load in parallel
    import pickle

    err = Limits(max_chars=5).exceeded("f.txt", "max_chars", "9 characters")
    assert pickle.loads(pickle.dumps(err)).message == err.message


def test_extract_takes_limits_as_an_argument_and_stays_pure() -> None:
    data = "全年受理案件5件。\n".encode() * 50
    assert extract(data, "a.txt").text == extract(data, "a.txt", Limits()).text
    with pytest.raises(InputTooLarge):
        extract(data, "a.txt", Limits(max_chars=10))


def test_every_row_of_the_readme_table_names_a_test_that_exists() -> None:
    import re

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Bad input and limits", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`test_" in line]
    assert len(rows) >= 10
    for row in rows:
        for file, name in re.findall(r"`(test_\w+\.py)::(\w+)`", row):
            assert re.search(rf"^def {name}\(", (root / "tests" / file).read_text(encoding="utf-8"), re.M), name
        for file in re.findall(r"`(test_\w+\.py)::", row):
            source = (root / "tests" / file).read_text(encoding="utf-8")
            for part in re.findall(r"`…(\w+)…?`", row):  # abbreviated names: a part of a test name
                assert f"{part}" in source, part


def test_pdf_stream_scan_is_linear_in_packed_keywords() -> None:
    # 1 MB of stream keywords with a Flate filter and no endstream: each keyword searched the
    # rest of the file for its end (tens of GB of scanning); the data is decoded once now
    from compare.read.formats.pdf import check_streams

    data = b"%PDF-1.4\n" + b"<</Filter/FlateDecode>>stream\n" * 35_000
    check_streams(data, "packed.pdf", DEFAULT_LIMITS)  # finishes: nothing decodes, nothing refused
    bomb = b"%PDF-1.4\n" + b"1 0 obj <</Filter/FlateDecode>>stream\n" + hostile.flate_zeros(2 * MiB) + b"stream\n" * 35_000
    with pytest.raises(InputTooLarge):
        check_streams(bomb, "packed.pdf", Limits(max_unpacked_mb=1))


def test_a_file_larger_than_its_reported_size_is_still_limited(tmp_path: Path, monkeypatch: Any) -> None:
    # /proc files report size 0 and a file may grow after stat: the read itself stops at the limit
    path = tmp_path / "growing.txt"
    path.write_bytes(b"5" * (2 * MiB))
    real_stat = Path.stat

    def lying_stat(self: Path, **kwargs: Any) -> os.stat_result:
        st = real_stat(self, **kwargs)
        if self == path:
            return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 0,
                                   int(st.st_atime), int(st.st_mtime), int(st.st_ctime)))
        return st

    monkeypatch.setattr(Path, "stat", lying_stat)
    with pytest.raises(InputTooLarge, match="larger than its reported size"):
        read_bytes(path, Limits(max_file_mb=1))
    assert len(read_bytes(path, Limits(max_file_mb=3))) == 2 * MiB
