"""The workbook written in a second process (compare.bookproc): the same file as written in one go,
and a failure there reported as it would be here, with nothing half-written."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare import bookproc
from compare.cli import app
from compare.errors import UsageError
from compare.pipeline import run_compare

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"

fork_only = pytest.mark.skipif(sys.platform != "linux", reason="the failing child is made by forking this process")


def _always(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second process even for the small fixture corpus."""
    monkeypatch.setattr(bookproc, "MIN_ROWS", 0)


def _forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workbook process forked from this one, so that it sees this test's monkeypatches."""
    monkeypatch.setattr(bookproc, "_context", lambda: multiprocessing.get_context("fork"))


START_METHODS = [m for m in ("fork", "forkserver", "spawn") if m in multiprocessing.get_all_start_methods()][:2]


@pytest.mark.parametrize("method", START_METHODS)
def test_the_workbook_written_in_a_second_process_is_the_one_written_in_one_go(tmp_path: Path, method: str,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    serial = run_compare([CORPUS], tmp_path / "serial", chart_limit=0, jobs=1)
    _always(monkeypatch)
    monkeypatch.setattr(bookproc, "_context", lambda: multiprocessing.get_context(method))
    seen: list[str] = []
    background = run_compare([CORPUS], tmp_path / "background", chart_limit=0, jobs=2,
                             progress=lambda what, done, total: seen.append(what))
    assert "writing the workbook: finishing" in seen  # the second process did write it
    assert background.workbook.read_bytes() == serial.workbook.read_bytes()
    for name in ("diff.html", "index.html"):
        assert (tmp_path / "background" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes()
    assert not list((tmp_path / "background").glob(".report-compare.[no]*"))  # no staging folder left


def test_a_small_corpus_or_one_job_writes_the_workbook_here(tmp_path: Path) -> None:
    import pandas as pd

    for concurrent, rows in ((False, 10_000), (True, 10)):
        book = bookproc.WorkbookWriter(None, concurrent=concurrent, min_rows=100)
        with book:
            book.start(pd.DataFrame({"a": range(rows)}), pd.DataFrame())
            assert not book.in_background


def _failing_rerun(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: object) -> Path:
    """A first run's output folder, then `fail` patched over the workbook writer of the child."""
    out = tmp_path / "out"
    run_compare([CORPUS], out, chart_limit=0, jobs=1)
    (out / "comparison.xlsx").unlink()  # so that the rerun writes it again (the rest is reused)
    _always(monkeypatch)
    _forked(monkeypatch)
    monkeypatch.setattr("compare.write.excel.write_workbook", fail)
    return out


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@fork_only
def test_a_bug_in_the_workbook_process_is_raised_here_with_its_traceback(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(*args: object, **kwargs: object) -> Path:
        raise KeyError("a bug in the child")

    out = _failing_rerun(tmp_path, monkeypatch, bug)
    before = _snapshot(out)
    with pytest.raises(KeyError, match="a bug in the child") as info:
        run_compare([CORPUS], out, chart_limit=0, jobs=2)
    cause = info.value.__cause__
    assert isinstance(cause, bookproc.RemoteTraceback) and "in bug" in cause.text
    assert _snapshot(out) == before  # the previous set untouched, nothing half-written beside it


@fork_only
def test_a_named_error_in_the_workbook_process_is_reported_like_any_other(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(path: Path, *args: object, **kwargs: object) -> Path:
        raise UsageError(str(path), "folder is not writable", "choose another output path")

    out = _failing_rerun(tmp_path, monkeypatch, refused)
    before = _snapshot(out)
    res = CliRunner().invoke(app, ["compare", str(CORPUS), "--out", str(out), "--charts", "0", "--jobs", "2"])
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith("Error: ") and "folder is not writable — choose another output path" in res.stderr
    assert "Traceback" not in res.stderr
    assert _snapshot(out) == before


@fork_only
def test_a_workbook_process_that_dies_is_an_error_not_a_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def dies(*args: object, **kwargs: object) -> Path:
        os._exit(3)

    out = _failing_rerun(tmp_path, monkeypatch, dies)
    before = _snapshot(out)
    with pytest.raises(RuntimeError, match="exit code 3"):
        run_compare([CORPUS], out, chart_limit=0, jobs=2)
    assert _snapshot(out) == before


@pytest.mark.parametrize("method", START_METHODS)
def test_an_error_in_the_workbook_process_comes_back_of_its_type(tmp_path: Path, method: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    monkeypatch.setattr(bookproc, "_context", lambda: multiprocessing.get_context(method))
    with bookproc.WorkbookWriter("diff.html", concurrent=True, min_rows=0) as book:
        book.start(pd.DataFrame({"issuer": ["甲区"] * 3}), pd.DataFrame())
        assert book.in_background
        book.write(tmp_path / "comparison.xlsx", previous=None, tables={"summary": pd.DataFrame()})
        with pytest.raises(TypeError):  # write_workbook called without its other tables: a bug, raised as such
            book.result()
    assert not list(tmp_path.iterdir())


def test_an_error_before_the_tables_arrive_is_raised_when_the_workbook_is_asked_for(tmp_path: Path) -> None:
    import pandas as pd

    with bookproc.WorkbookWriter("diff.html", concurrent=True, min_rows=0) as book:
        book.start(pd.DataFrame({"issuer": ["甲区"]}), "not a table")  # type: ignore[arg-type]
        book.tables({"summary": pd.DataFrame({"item": range(100_000)})})  # more than a pipe holds
        book.write(tmp_path / "comparison.xlsx", previous=None, tables={"extra": None})
        with pytest.raises(AttributeError):
            book.result()
    assert not list(tmp_path.iterdir())


def test_a_rerun_in_the_second_process_reuses_the_unchanged_workbook(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _always(monkeypatch)
    first = run_compare([CORPUS], tmp_path / "out", chart_limit=0, jobs=2).workbook.read_bytes()
    assert run_compare([CORPUS], tmp_path / "out", chart_limit=0, jobs=2).workbook.read_bytes() == first


def test_the_progress_bar_runs_in_a_terminal() -> None:
    # In a terminal `compare` shows a progress bar, whose thread makes the workbook process start
    # from a forkserver; the bar itself used to fail at once (`with console:` on the lazy console).
    import io

    from rich.progress import Progress

    from compare.cli.common import _LazyConsole

    shown = io.StringIO()
    with Progress(console=_LazyConsole(file=shown, force_terminal=True), transient=True) as bar:  # type: ignore[arg-type]
        task = bar.add_task("writing the workbook", total=2)
        bar.update(task, completed=1)
    assert "writing the workbook" in shown.getvalue()


class _Unrebuildable(Exception):
    """Pickles, but cannot be rebuilt from its pickle (its __init__ takes other arguments)."""

    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a} {b}")


@fork_only
def test_an_error_that_cannot_be_rebuilt_here_still_comes_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def odd(*args: object, **kwargs: object) -> Path:
        raise _Unrebuildable("odd", "error")

    out = _failing_rerun(tmp_path, monkeypatch, odd)
    with pytest.raises(RuntimeError, match="_Unrebuildable: odd error"):
        run_compare([CORPUS], out, chart_limit=0, jobs=2)


@fork_only
def test_the_workbook_process_never_writes_into_the_output_folder(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import compare.write.excel as excel

    real = excel.write_workbook
    out = tmp_path / "out"

    def outside_only(path: Path, *args: object, **kwargs: object) -> Path:
        # runs in the forked child: a workbook written into the output folder (its staging folder
        # included) is an error there, which comes back here
        if Path(path).resolve().is_relative_to(out.resolve()):
            raise AssertionError(f"the workbook process wrote into {path}")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    _failing_rerun(tmp_path, monkeypatch, outside_only)
    result = run_compare([CORPUS], out, chart_limit=0, jobs=2)
    assert result.workbook == out / "comparison.xlsx" and result.workbook.is_file()
    assert not list(out.glob(".report-compare.[no]*"))  # no staging folder left
