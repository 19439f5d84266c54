"""Bad input through the CLI: one `Error: <file>: <what> — <what to do>` line on stderr, exit code 2,
no traceback unless --debug; a file without headings loads with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app

FIX = Path(__file__).resolve().parent / "fixtures"

#: fixture (None: made in tmp_path) -> (what, fix) of the expected error line.
CASES = {
    "missing": ("missing.txt", "no such file", "check the path, or run `ls` on its folder"),
    "directory": (None, "is a directory, not a report file", "give one report file (.txt, .html, .docx, .pdf)"),
    "empty": ("empty.txt", "file is empty", "save the report's text into it, or give another file"),
    "junk": ("junk.bin", "binary data, not text or a known document format",
             "give a .txt, .html, .docx or .pdf report"),
    "fake_pdf": ("fake.pdf", "named .pdf but is not a PDF (no %PDF header; it starts like an HTML page, "
                 "e.g. a download error page)", "download the PDF again, or give the file its real extension"),
    "scanned_pdf": ("scanned.pdf", "PDF has no text layer (a scanned image)",
                    "run OCR on it first, e.g. `ocrmypdf --language chi_sim in.pdf out.pdf`, then give the OCR'd PDF"),
    "corrupt_docx": ("corrupt.docx", "damaged DOCX file: its ZIP container is broken (File is not a zip file)",
                     "open it in Word or WPS and save it again as .docx, or download it again"),
    "encrypted_docx": ("encrypted.docx", "password-protected or damaged Word document (an encrypted OLE container, "
                       "not a DOCX ZIP)", "remove the password in Word (File > Info > Protect Document) and save it "
                       "again as .docx"),
    "undecodable": ("undecodable.txt", "bytes decode in no supported encoding: not UTF-8 (line 2, byte 80), "
                    "not GB18030/GBK/GB2312 (line 1, byte 78), not Big5, not UTF-16",
                    "re-save the file as UTF-8 (e.g. `iconv -f <encoding> -t UTF-8`)"),
}


def _path(case: str, tmp_path: Path) -> str:
    name = CASES[case][0]
    if name is None:
        return str(tmp_path)
    if case == "missing":
        return str(tmp_path / name)
    return str(FIX / name)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_one_error_line_and_exit_2(case, tmp_path):
    path = _path(case, tmp_path)
    _, what, fix = CASES[case]
    result = CliRunner().invoke(app, ["outline", path])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"Error: {path}: {what} — {fix}"]
    assert result.stdout == ""
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", ["fake_pdf", "corrupt_docx", "undecodable", "missing"])
def test_debug_shows_the_traceback(case, tmp_path):
    path = _path(case, tmp_path)
    result = CliRunner().invoke(app, ["--debug", "outline", path])
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith(f"Error: {path}: ")


def test_file_without_headings_loads_with_a_warning():
    path = str(FIX / "no_headings.txt")
    result = CliRunner().invoke(app, ["outline", path, "--format", "csv"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert warnings and all(line.startswith(f"Warning: {path}: ") for line in warnings)
    assert any("heading" in line for line in warnings)
    assert "Error" not in result.stderr


@pytest.mark.parametrize("name", ["seed_gb18030.txt", "seed_utf16.txt", "seed_bom.txt", "seed_page.html",
                                  "seed.docx", "seed.pdf"])
def test_good_fixtures_load_cleanly(name):
    result = CliRunner().invoke(app, ["outline", str(FIX / name), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert len(result.stdout.strip().splitlines()) == 41  # header + the seed's 40 headings
