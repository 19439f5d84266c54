"""Text in encodings we cannot read as GB18030 without mojibake (issue 11), and stray control bytes.

Every sample is a sentence of our own in the style of a report, encoded here: simplified Chinese in
GB18030, traditional Chinese in Big5, Japanese in Shift-JIS, Korean in EUC-KR, UTF-16 without a BOM.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare import load
from compare.cli import app
from compare.errors import DecodeFailure, UnsupportedFormat
from compare.read.formats import charsets, extract
from compare.read.loading import load_bytes

ROOT = Path(__file__).resolve().parents[1]
JIALING = ROOT / "tests" / "fixtures" / "corpus" / "jialing"

SIMPLIFIED = (
    "青禾区2021年法治政府建设年度报告\n"
    "2021年，青禾区坚持依法行政，全面推进法治政府建设。\n"
    "一、主要举措和成效\n"
    "全区办理行政复议案件56件，依法纠正违法或者不当行政行为12件，行政机关负责人出庭应诉率达到98%。"
    "各部门严格落实重大行政决策程序，公开征求意见，组织专家论证和风险评估。"
    "政务服务事项网上可办率达到95%，群众办事更加便利。\n"
    "二、存在的不足\n基层执法人员专业能力有待提升。\n"
)

TRADITIONAL = (
    "青禾區2021年法治政府建設年度報告\n"
    "2021年，本市持續深化依法行政，全面推進法治政府建設。\n"
    "一、主要舉措和成效\n"
    "市政府辦理行政復議案件120件，依法糾正違法或者不當行政行為15件。"
    "各區縣政府及部門嚴格落實重大行政決策程序，公開徵求意見，組織專家論證和風險評估。"
    "政務服務事項網上可辦率達到98%，群眾辦事更加便利。\n"
)

JAPANESE = (
    "令和三年度行政報告\n"
    "本市は行政手続の透明性を高めるため、審査基準の公表と不服申立ての処理を進めました。"
    "市民の皆様からの相談件数は前年度より増加し、迅速な対応に努めています。\n"
)

KOREAN = (
    "2021년 행정 보고서\n"
    "올해 시 정부는 행정 절차의 투명성을 높이기 위해 심사 기준을 공개하고 민원 처리를 신속하게 "
    "진행하였습니다. 시민 상담 건수는 작년보다 증가하였습니다.\n"
)

BIG5_ERROR_FIX = "if it is a Chinese report, convert it to UTF-8 (e.g. iconv -f {} -t UTF-8)"


def test_simplified_gb18030_reads_as_before() -> None:
    doc = extract(SIMPLIFIED.encode("gb18030"), "a.txt")
    assert doc.encoding == "gb18030"
    assert doc.text.startswith("青禾区2021年")
    assert doc.warnings == ()


def test_traditional_big5_is_read_as_big5_not_mojibake() -> None:
    doc = extract(TRADITIONAL.encode("big5"), "tw.txt")
    assert doc.encoding == "big5hkscs"
    assert "行政復議案件120件" in doc.text
    assert any("read as Big5 (traditional Chinese)" in w for w in doc.warnings)


def test_big5_through_load_gives_the_title_and_year() -> None:
    report = load_bytes(TRADITIONAL.encode("big5"), "tw.txt")
    assert report.year == 2021
    assert report.title.startswith("青禾區2021年")
    assert report.issuer == "青禾區人民政府"


def test_shift_jis_is_refused_with_a_named_encoding() -> None:
    with pytest.raises(DecodeFailure) as exc:
        extract(JAPANESE.encode("shift_jis"), "jp.txt")
    assert "text looks like Shift-JIS (Japanese), which is not supported" in exc.value.what
    assert exc.value.fix == BIG5_ERROR_FIX.format("SHIFT_JIS")


def test_euc_kr_is_refused_with_a_named_encoding() -> None:
    with pytest.raises(DecodeFailure) as exc:
        extract(KOREAN.encode("euc_kr"), "ko.txt")
    assert "text looks like EUC-KR (Korean)" in exc.value.what


def test_utf16_without_bom_and_few_nuls_is_not_read_as_gb18030() -> None:
    # Pure Chinese in UTF-16 without a BOM has almost no NUL bytes, so it reaches GB18030; the
    # result is mojibake and must be refused, never passed on.
    data = "法治政府建设年度报告。全区办理行政复议案件，依法纠正违法行为。".encode("utf-16-le") * 3
    with pytest.raises((DecodeFailure, UnsupportedFormat)):
        extract(data, "u16.txt")


def test_random_bytes_are_refused() -> None:
    rng = random.Random(11)
    for _ in range(20):
        data = bytes(rng.randrange(128, 256) for _ in range(2000))
        with pytest.raises((DecodeFailure, UnsupportedFormat)):
            extract(data, "junk.txt")


def test_a_few_rare_characters_in_good_text_still_load() -> None:
    # Names and places written with rare characters (喆 堃 犇 𠮷 龘) in an otherwise ordinary report.
    rare = SIMPLIFIED.replace("青禾区坚持", "青禾区喆堃犇𠮷龘坚持")
    for encoding in ("utf-8", "gb18030"):
        doc = extract(rare.encode(encoding), f"rare.{encoding}.txt")
        assert "喆堃犇𠮷龘" in doc.text
        assert doc.encoding == encoding


def test_a_list_of_names_in_gb18030_is_kept_with_a_warning() -> None:
    # Names of places and people use rarer characters than prose (share ~0.65): not mojibake, but
    # not ordinary report text either.
    names = ("青禾镇、石桥乡、柳湾村、杏花村、龙潭社区、枫林街道、鹤鸣村、桂溪社区、梧桐村、芦荻乡、蔺家坝村、"
             "樟木镇、滦河村、霁虹社区、澧水乡、郴江村、婺源村、棠梨村、漪澜社区、瀛洲村、岷江乡、邛崃村\n")
    doc = extract(names.encode("gb18030"), "names.txt")
    assert doc.encoding == "gb18030" and doc.text.startswith("青禾镇")
    assert any("few common Chinese characters" in w for w in doc.warnings)


def test_damaged_utf8_is_read_as_utf8_with_a_warning() -> None:
    data = bytearray((SIMPLIFIED * 6).encode("utf-8"))  # a bad byte is damage when under 1 in 1,000
    data[40] = 0xFF  # one broken byte inside a character
    doc = extract(bytes(data), "damaged.txt")
    assert doc.encoding == "utf-8"
    assert any("undecodable byte(s) replaced" in w for w in doc.warnings)


class _CountingBytes(bytes):
    """File bytes that count how often they are decoded, per codec."""

    calls: dict[str, int]

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        self.calls[encoding] = self.calls.get(encoding, 0) + 1
        return super().decode(encoding, errors)


def _counted(data: bytes) -> _CountingBytes:
    out = _CountingBytes(data)
    out.calls = {}
    return out


def test_gb18030_text_is_decoded_once() -> None:
    data = _counted((SIMPLIFIED * 3).encode("gb18030"))
    assert extract(data, "gb.txt").encoding == "gb18030"
    assert data.calls == {"utf-8": 1, "gb18030": 1}  # the UTF-8 try stops at the first Chinese character


def test_damaged_text_is_decoded_at_most_twice_per_encoding() -> None:
    # Damaged UTF-8: strict UTF-8 fails, GB18030 reads mojibake (strict, then where its first bad
    # byte is), and UTF-8 is decoded once more with replacement, never a third time.
    data = bytearray((SIMPLIFIED * 6).encode("utf-8"))
    data[40] = 0xFF
    counted = _counted(bytes(data))
    assert extract(counted, "damaged.txt").encoding == "utf-8"
    assert counted.calls == {"utf-8": 2, "gb18030": 2}
    # Bytes in no encoding: every codec tried at most twice, and the message still names where
    # UTF-8 and GB18030 failed.
    rng = random.Random(5)
    junk = _counted(bytes(rng.randrange(128, 256) for _ in range(2000)))
    with pytest.raises((DecodeFailure, UnsupportedFormat)):
        extract(junk, "junk.txt")
    assert max(junk.calls.values()) <= 2
    undecodable = (ROOT / "tests" / "fixtures" / "undecodable.txt").read_bytes()
    with pytest.raises(DecodeFailure, match=r"not UTF-8 \(line 2, byte 80\), not GB18030/GBK/GB2312 \(line 1, byte 78\)"):
        extract(_counted(undecodable), "undecodable.txt")


def test_a_real_replacement_character_is_not_a_bad_byte() -> None:
    # U+FFFD written in the file (a page that already lost a character) is text, not damage.
    doc = extract(SIMPLIFIED.replace("依法行政", "依法\ufffd政").encode("gb18030"), "fffd.txt")
    assert doc.encoding == "gb18030" and "依法\ufffd政" in doc.text
    assert not doc.warnings


def test_looks_chinese_is_the_profile_verdict() -> None:
    for text, codec in ((SIMPLIFIED, "gb18030"), (TRADITIONAL, "big5"), (TRADITIONAL, "gb18030"),
                        (KOREAN, "gb18030"), ("short 文字", "utf-8")):
        decoded = text.encode("big5" if text is TRADITIONAL else "euc_kr" if text is KOREAN else "utf-8"
                              if codec == "utf-8" else "gb18030").decode(codec, errors="replace")
        assert charsets.looks_chinese(decoded) is charsets.profile(decoded).chinese


@pytest.mark.parametrize(("text", "codec", "chinese"), [
    (SIMPLIFIED, "gb18030", True),
    (TRADITIONAL, "big5", True),
    (TRADITIONAL, "gb18030", False),
    (JAPANESE, "gb18030", False),
    (KOREAN, "gb18030", False),
])
def test_profile_separates_chinese_from_mojibake(text: str, codec: str, chinese: bool) -> None:
    data = text.encode("big5" if text is TRADITIONAL else "shift_jis" if text is JAPANESE
                       else "euc_kr" if text is KOREAN else "gb18030")
    assert charsets.profile(data.decode(codec, errors="replace")).chinese is chinese


def test_html_page_that_declares_gb2312_but_is_big5_is_read_as_big5() -> None:
    page = ("<html><head><meta charset=\"gb2312\"><title>報告</title></head><body><div class=\"content\">"
            + "".join(f"<p>{line}</p>" for line in TRADITIONAL.split("\n") if line) + "</div></body></html>")
    doc = extract(page.encode("big5"), "tw.html")
    assert doc.encoding == "big5hkscs"
    assert "行政復議案件120件" in doc.text
    assert any("page declares charset gb2312 but is not encoded in it" in w for w in doc.warnings)


def test_html_page_in_shift_jis_is_refused_even_when_it_says_so() -> None:
    page = f"<html><head><meta charset=\"shift_jis\"></head><body><p>{JAPANESE}</p></body></html>"
    with pytest.raises(DecodeFailure):
        extract(page.encode("shift_jis"), "jp.html")


# --- the CLI: info, indicators, a batch -----------------------------------------------------------


def test_info_and_indicators_on_shift_jis_give_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "jp.txt"
    path.write_bytes(JAPANESE.encode("shift_jis"))
    for command in ("info", "indicators"):
        res = CliRunner().invoke(app, [command, str(path)])
        assert res.exit_code == 2, res.output
        assert res.stderr.splitlines() == [
            f"Error: {path}: text looks like Shift-JIS (Japanese), which is not supported (it is not a Chinese "
            f"report in UTF-8, GB18030 or Big5) — {BIG5_ERROR_FIX.format('SHIFT_JIS')}"]
        assert res.stdout == ""


def test_info_on_big5_reads_it_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "tw.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    res = CliRunner().invoke(app, ["info", str(path)])
    assert res.exit_code == 0, res.output
    assert "big5hkscs" in res.stdout
    assert "read as Big5 (traditional Chinese)" in res.stderr


def test_indicators_on_big5_finds_the_figures(tmp_path: Path) -> None:
    path = tmp_path / "tw.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    res = CliRunner().invoke(app, ["indicators", str(path), "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert "120" in res.stdout and "98" in res.stdout


def test_compare_skips_a_shift_jis_file_and_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(JIALING, folder)
    (folder / "jp.txt").write_bytes(JAPANESE.encode("shift_jis"))
    res = CliRunner().invoke(app, ["compare", str(folder), "--out", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 2, res.output
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "text looks like Shift-JIS (Japanese)" in errors[0]
    assert (tmp_path / "out" / "comparison.xlsx").exists()


# --- stray control characters ---------------------------------------------------------------------


@pytest.mark.parametrize("byte", ["\x07", "\x00", "\x1a", "\x0b", "\x7f"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_one_stray_control_byte_is_dropped_with_a_warning(byte: str, encoding: str) -> None:
    text = SIMPLIFIED[:60] + byte + SIMPLIFIED[60:]
    doc = extract(text.encode(encoding), "stray.txt")
    assert doc.text == extract(SIMPLIFIED.encode(encoding), "clean.txt").text
    assert len(doc.warnings) == 1
    assert "1 stray control character(s) dropped" in doc.warnings[0]
    assert "first on line 4" in doc.warnings[0]


def test_a_short_file_with_one_stray_byte_is_still_text() -> None:
    doc = extract("2021年某某区法治政府建设年度报告\n一\x07、主要举措\n办理案件56件。".encode(), "short.txt")
    assert "一、主要举措" in doc.text
    assert doc.warnings and "BEL" in doc.warnings[0]


def test_stray_byte_warning_reaches_stderr(tmp_path: Path) -> None:
    path = tmp_path / "stray.txt"
    path.write_bytes((SIMPLIFIED[:60] + "\x1a" + SIMPLIFIED[60:]).encode())
    res = CliRunner().invoke(app, ["info", str(path)])
    assert res.exit_code == 0, res.output
    warnings = [line for line in res.stderr.splitlines() if "stray control" in line]
    assert warnings == [f"Warning: {path}: 1 stray control character(s) dropped (SUB; first on line 4)"]


def test_many_control_bytes_are_binary() -> None:
    with pytest.raises(UnsupportedFormat, match="binary data"):
        extract(b"\x01\x02\x03\x04abc\x05\x06\x07def" * 50, "blob.txt")
    with pytest.raises(UnsupportedFormat):
        extract(bytes(range(32)) * 40, "controls.txt")


def test_binary_magic_is_still_refused_by_what_it_is() -> None:
    with pytest.raises(UnsupportedFormat, match="a PNG image"):
        extract(b"\x89PNG\r\n\x1a\n" + SIMPLIFIED.encode(), "img.txt")


def test_load_of_a_file_with_a_stray_nul(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes((SIMPLIFIED[:30] + "\x00" + SIMPLIFIED[30:]).encode("gb18030"))
    report = load(path)
    assert report.encoding == "gb18030"
    assert report.year == 2021
    assert any("NUL" in w for w in report.warnings)


def test_info_help_names_the_encodings() -> None:
    res = CliRunner().invoke(app, ["info", "--help"], env={"COLUMNS": "200"})
    assert "UTF-8, GB18030/GBK, Big5 or UTF-16; Shift-JIS and EUC-KR are refused" in res.output
