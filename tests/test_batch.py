"""Batches (`compare`, `changes` over many files): one bad or undated file is skipped with one
`Error:` line, the rest is processed and written, the workbook lists what was skipped, exit code 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.errors import Failure, NothingLoaded
from compare.pipeline import run_compare
from compare.read.corpus import load_corpus
from compare.write.excel import HEADER_LABELS

ROOT = Path(__file__).resolve().parents[1]
JIALING = ROOT / "tests" / "fixtures" / "corpus" / "jialing"

#: A report with a heading and a stated change but no year anywhere (a stray file in a folder).
UNDATED = "某某工作总结\n一、基本情况\n受理案件5件，同比增长25%。\n"
UNDATED_ERROR = ("report year not found (issuer unknown) — pass it in a --manifest row (path,issuer,year) so the "
                 "years can be ordered")
JUNK_ERROR = "binary data, not text or a known document format — give a .txt, .html, .docx or .pdf report"


def _folder(tmp_path: Path, *, undated: bool = True, junk: bool = False) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in JIALING.iterdir():
        shutil.copy(f, folder / f.name)
    if undated:
        (folder / "stray.txt").write_text(UNDATED, encoding="utf-8")
    if junk:
        (folder / "broken.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


def test_compare_skips_an_undated_report_in_a_folder(tmp_path: Path) -> None:
    # Was: TypeError int(None) in the Indicators table, exit 1, nothing written.
    folder = _folder(tmp_path)
    res = CliRunner().invoke(app, ["compare", str(folder), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2, res.output
    assert _errors(res.stderr) == [f"Error: {folder / 'stray.txt'}: {UNDATED_ERROR}"]
    assert "Reports: 3   Issuers: 1 (嘉陵区)   Years: 2019–2021" in res.stdout
    assert "Skipped: 1 of 4 files (see the Error lines above); listed on the Failures sheet" in res.stdout
    failures = pd.read_excel(tmp_path / "out" / "comparison.xlsx", sheet_name="Failures")
    assert list(failures[HEADER_LABELS["file"]]) == [str(folder / "stray.txt")]
    assert list(failures[HEADER_LABELS["error_kind"]]) == ["CorpusError"]
    summary = pd.read_excel(tmp_path / "out" / "comparison.xlsx", sheet_name="Summary")
    assert dict(zip(summary.iloc[:, 0], summary.iloc[:, 1], strict=False))["跳过的文件 (files skipped)"] == 1


def test_changes_skips_the_same_undated_report(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    res = CliRunner().invoke(app, ["changes", str(folder), "--format", "csv"])
    assert res.exit_code == 2, res.output
    assert _errors(res.stderr) == [f"Error: {folder / 'stray.txt'}: {UNDATED_ERROR}"]
    assert "Skipped: 1 of 4 files (see the Error lines above)" in res.stderr
    whole = CliRunner().invoke(app, ["changes", str(JIALING), "--format", "csv"])
    assert res.stdout.replace(str(folder), "") == whole.stdout.replace(str(JIALING), "")


def test_compare_of_one_undated_report_still_runs(tmp_path: Path) -> None:
    # Alone, an undated report is read for its claims (as `changes` does); it used to crash compare.
    (tmp_path / "stray.txt").write_text(UNDATED, encoding="utf-8")
    res = CliRunner().invoke(app, ["compare", str(tmp_path / "stray.txt"), "--out", str(tmp_path / "o"), "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "o" / "comparison.xlsx").is_file()


def test_library_returns_reports_and_failure_records(tmp_path: Path) -> None:
    folder = _folder(tmp_path, junk=True)
    shutil.copy(JIALING / "jialing_2020.txt", folder / "zz_copy_2020.txt")
    (tmp_path / "empty").mkdir()
    corpus = load_corpus([folder, tmp_path / "missing.txt", tmp_path / "empty"], keep_going=True)
    assert [r.year for r in corpus.reports] == [2019, 2020, 2021]
    by_file = {f.file: f for f in corpus.failures}
    assert list(by_file) == [str(tmp_path / "missing.txt"), str(tmp_path / "empty"), str(folder / "broken.txt"),
                             str(folder / "stray.txt"), str(folder / "zz_copy_2020.txt")]
    assert [f.kind for f in corpus.failures] == ["InputNotFound", "EmptyInput", "UnsupportedFormat", "CorpusError",
                                                 "CorpusError"]
    assert by_file[str(folder / "broken.txt")] == Failure(str(folder / "broken.txt"), *JUNK_ERROR.split(" — "),
                                                          kind="UnsupportedFormat")
    assert "second report of 嘉陵区 for 2020" in by_file[str(folder / "zz_copy_2020.txt")].what


def test_run_compare_reports_failures_in_the_summary_and_the_sheet(tmp_path: Path) -> None:
    result = run_compare([_folder(tmp_path, junk=True)], tmp_path / "out")
    assert [f.kind for f in result.summary.failures] == ["UnsupportedFormat", "CorpusError"]
    sheet = pd.read_excel(result.workbook, sheet_name="Failures")
    assert list(sheet[HEADER_LABELS["file"]]) == [f.file for f in result.summary.failures]
    assert list(sheet[HEADER_LABELS["error"]]) == [f.what for f in result.summary.failures]
    assert list(sheet[HEADER_LABELS["fix"]]) == [f.fix for f in result.summary.failures]


def test_no_failures_means_exit_0_and_an_empty_failures_sheet(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["compare", str(JIALING), "--out", str(tmp_path), "-q"])
    assert res.exit_code == 0, res.output
    assert res.stderr == ""
    assert len(pd.read_excel(tmp_path / "comparison.xlsx", sheet_name="Failures")) == 0


@pytest.mark.parametrize("command", ["compare", "changes"])
def test_when_every_file_fails_nothing_is_written(tmp_path: Path, command: str) -> None:
    (tmp_path / "a.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "b.txt").write_text(UNDATED, encoding="utf-8")
    args = [command, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "c.txt")]
    out = tmp_path / "out"
    res = CliRunner().invoke(app, args + (["--out", str(out)] if command == "compare" else []))
    assert res.exit_code == 2, res.output
    assert res.stderr.splitlines() == [
        f"Error: {tmp_path / 'c.txt'}: no such file or folder — check the path, or run `ls` on its folder",
        f"Error: {tmp_path / 'a.txt'}: {JUNK_ERROR}",
        f"Error: {tmp_path / 'b.txt'}: {UNDATED_ERROR}",
        "Error: none of the 3 files could be read — fix or remove the files named above, then run again",
    ]
    assert res.stdout == ""
    assert not out.exists()


def test_nothing_loaded_carries_its_failures() -> None:
    with pytest.raises(NothingLoaded) as err:
        load_corpus([ROOT / "nope1.txt", ROOT / "nope2.txt"], keep_going=True)
    assert [f.file for f in err.value.failures] == [str(ROOT / "nope1.txt"), str(ROOT / "nope2.txt")]


def test_one_bad_file_alone_gives_its_own_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["compare", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [
        f"Error: {tmp_path / 'nope.txt'}: no such file or folder — check the path, or run `ls` on its folder"]


def test_readme_batches_table_names_existing_tests() -> None:
    # Every row of the README's "Batches and output safety" table is backed by a test: each named
    # test must exist in the module named before it on that row.
    import importlib
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Batches and output safety", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Case")]
    assert len(rows) >= 10
    for row in rows:
        last = row.rstrip(" |").rsplit("|", 1)[1]
        module = None
        names = re.findall(r"`([^`]+)`", last)
        assert names, row
        for name in names:
            if "::" in name:
                module, name = name.split("::")
            assert module is not None, row
            mod = importlib.import_module(f"tests.{module.removesuffix('.py')}")
            assert callable(getattr(mod, name, None)), f"{module}::{name} named in README does not exist"
