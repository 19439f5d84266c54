"""--jobs, --cache DIR and --no-cache on the multi-report commands (compare, changes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare import engine
from compare.cache import DB_NAME, default_cache_dir
from compare.cli import app

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_changes_output_is_the_same_with_cache_and_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "MIN_POOL_TASKS", 2)  # use worker processes even for five reports
    cache = tmp_path / "cache"
    plain = _invoke("changes", str(CORPUS), "--format", "csv", "--no-cache", "--jobs", "1")
    cold = _invoke("changes", str(CORPUS), "--format", "csv", "--cache", str(cache), "--jobs", "2")
    warm = _invoke("changes", str(CORPUS), "--format", "csv", "--cache", str(cache), "-j", "2")
    assert plain[0] == 0 and plain[1].count("\n") > 10
    assert cold == plain and warm == plain
    assert (cache / DB_NAME).is_file()


def test_default_cache_is_the_user_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    code, _, _ = _invoke("changes", str(CORPUS / "jialing"), "--format", "csv")
    assert code == 0
    assert default_cache_dir() == tmp_path / "report-compare"
    assert (tmp_path / "report-compare" / DB_NAME).is_file()


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    code, _, _ = _invoke("changes", str(CORPUS / "jialing"), "--format", "csv", "--no-cache")
    assert code == 0
    assert not (tmp_path / "report-compare").exists()


def test_cache_and_no_cache_together_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = _invoke("changes", str(CORPUS), "--cache", str(tmp_path), "--no-cache")
    assert (code, out) == (2, "")
    assert err == f"Error: {tmp_path}: --cache and --no-cache given together — give one of them\n"


@pytest.mark.parametrize("command", ["changes", "compare"])
def test_jobs_below_one_is_refused(command: str) -> None:
    code, _, err = _invoke(command, str(CORPUS), "--jobs", "0")
    assert code == 2 and "--jobs" in err


def test_compare_with_jobs_and_cache_writes_the_same_workbook_tables(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    monkeypatch.setattr(engine, "MIN_POOL_TASKS", 2)
    sheets = []
    for n, args in enumerate((["--no-cache", "--jobs", "1"], ["--cache", str(tmp_path / "c"), "--jobs", "2"],
                              ["--cache", str(tmp_path / "c"), "--jobs", "2"])):
        out = tmp_path / f"out{n}"
        code, _, err = _invoke("compare", str(CORPUS), "--out", str(out), "--quiet", *args)
        assert code == 0, err
        book = pd.read_excel(out / "comparison.xlsx", sheet_name=None)
        sheets.append({name: frame.to_csv(index=False) for name, frame in book.items()})
    assert sheets[0] == sheets[1] == sheets[2]


def test_a_bad_file_in_a_batch_is_skipped_the_same_way_for_any_jobs(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "MIN_POOL_TASKS", 2)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    runs = [_invoke("changes", str(CORPUS / "jialing"), str(empty), "--format", "csv", "--cache", str(tmp_path / "c"),
                    "--jobs", jobs) for jobs in ("1", "2", "2")]
    code, out, err = runs[0]
    assert code == 2 and out.count("\n") > 5  # the readable files are still compared
    assert f"Error: {empty}: file is empty — " in err
    assert runs[1] == runs[0] and runs[2] == runs[0]
