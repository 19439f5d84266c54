"""The output folder of `compare`: locked while written, swapped in whole, leftovers of a killed run
cleaned up, and the same bytes for the same input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.errors import OutputLocked
from compare.pipeline import run_compare
from compare.write import outfolder, reuse

ROOT = Path(__file__).resolve().parents[1]
JIALING = ROOT / "tests" / "fixtures" / "corpus" / "jialing"
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
#: The set: the outputs and the record of what they were written for (compare.write.reuse).
NAMES = ("comparison.xlsx", "charts", "diff.html", "index.html", reuse.RECORD_NAME)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (the lock file aside) by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != outfolder.LOCK_NAME}


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Reference output sets: A from the jialing corpus, B from the seed alone."""
    base = tmp_path_factory.mktemp("ref")
    run_compare([JIALING], base / "a")
    run_compare([SEED], base / "b")
    return {"a": _snapshot(base / "a"), "b": _snapshot(base / "b")}


def test_identical_input_gives_identical_files(tmp_path: Path, sets: dict[str, dict[str, bytes]]) -> None:
    run_compare([JIALING], tmp_path / "again")
    assert _snapshot(tmp_path / "again") == sets["a"]  # workbook, charts and page, byte for byte


def test_a_new_run_replaces_the_whole_set(tmp_path: Path, sets: dict[str, dict[str, bytes]]) -> None:
    # The jialing run writes 19 trend charts, the seed run 2: none of the 19 may linger beside them.
    out = tmp_path / "out"
    run_compare([JIALING], out)
    run_compare([SEED], out)
    assert _snapshot(out) == sets["b"]
    assert {p.name for p in out.iterdir()} == {*NAMES, outfolder.LOCK_NAME}


def test_a_writer_failing_midway_leaves_the_old_set(tmp_path: Path, sets: dict[str, dict[str, bytes]],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    run_compare([JIALING], out)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")  # after the workbook and the charts are written

    monkeypatch.setattr("compare.write.htmldiff.write_html", boom)
    with pytest.raises(OSError, match="disk full"):
        run_compare([SEED], out)
    assert _snapshot(out) == sets["a"]
    assert {p.name for p in out.iterdir()} == {*NAMES, outfolder.LOCK_NAME}  # no staging, no .tmp


def test_a_run_killed_during_the_swap_never_mixes_and_is_finished_next_time(
        tmp_path: Path, sets: dict[str, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    run_compare([JIALING], out)
    real_replace = os.replace
    moves: list[str] = []

    def dies(src: str | Path, dst: str | Path) -> None:
        # os.replace also renames each file's temporary file (compare.write.atomic); count only the swap.
        if Path(dst).parent in (out, out / outfolder.OLD_NAME):
            if len(moves) == len(NAMES) + 1:  # all old entries moved aside, 1 new one moved in: killed here
                raise KeyboardInterrupt
            moves.append(str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(outfolder.os, "replace", dies)
    with pytest.raises(KeyboardInterrupt):
        run_compare([SEED], out)
    monkeypatch.undo()
    visible = {k: v for k, v in _snapshot(out).items() if not k.startswith(".report-compare")}
    # Only new files are visible (some still missing); never an old one beside a new one.
    assert len(moves) == len(NAMES) + 1 and visible and set(visible) != set(sets["b"])
    assert all(sets["b"].get(k) == v for k, v in visible.items())
    outfolder.recover(out, NAMES)
    assert _snapshot(out) == sets["b"]


def test_an_incomplete_staging_folder_and_stale_temp_files_are_removed(
        tmp_path: Path, sets: dict[str, dict[str, bytes]]) -> None:
    out = tmp_path / "out"
    run_compare([JIALING], out)
    (out / outfolder.STAGING_NAME).mkdir()
    (out / outfolder.STAGING_NAME / "comparison.xlsx").write_bytes(b"half")
    stale = [out / ".comparison.xlsx.k2j3h4.tmp", out / ".diff.html.x8y9.tmp", out / "charts" / ".overview.png.ab.tmp"]
    for p in stale:
        p.write_bytes(b"half")
    mine = out / ".notes.tmp"  # not an output's temp file: the user's, left alone
    mine.write_text("keep", encoding="utf-8")
    run_compare([JIALING], out)
    assert not any(p.exists() for p in stale) and not (out / outfolder.STAGING_NAME).exists()
    assert mine.read_text(encoding="utf-8") == "keep"
    mine.unlink()
    assert _snapshot(out) == sets["a"]


def test_a_folder_locked_by_another_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    lock = out / outfolder.LOCK_NAME
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys\n"
         f"fd = os.open({str(lock)!r}, os.O_RDWR | os.O_CREAT)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\nos.write(fd, b'%d' % os.getpid())\n"
         "print('locked', flush=True)\nsys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        res = CliRunner().invoke(app, ["compare", str(SEED), "--out", str(out), "-q"])
        assert res.exit_code == 2, res.output
        assert res.stderr.splitlines() == [
            f"Error: {lock}: output folder is in use by another report-compare run (process {holder.pid}) — "
            "wait for that run to finish, or choose another --out"]
        assert {p.name for p in out.iterdir()} == {outfolder.LOCK_NAME}
    finally:
        holder.kill()  # a killed holder: the operating system releases its lock
        holder.wait()
    res = CliRunner().invoke(app, ["compare", str(SEED), "--out", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert (out / "comparison.xlsx").is_file()


def test_lock_in_the_same_process_is_exclusive(tmp_path: Path) -> None:
    with outfolder.lock(tmp_path), pytest.raises(OutputLocked) as err:
        with outfolder.lock(tmp_path):
            pass
    assert f"(process {os.getpid()})" in err.value.what
    with outfolder.lock(tmp_path):  # released when the block ends
        pass


def test_a_file_system_without_locks_is_a_named_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from compare.errors import UsageError

    def no_locks(fd: int) -> bool:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(outfolder, "_try_lock", no_locks)
    with pytest.raises(UsageError) as err:
        run_compare([SEED], tmp_path / "out")
    assert err.value.fix == "choose an output folder on a local disk with --out"
    assert not (tmp_path / "out" / "comparison.xlsx").exists()


@pytest.mark.parametrize("command", ["compare", "extract"])
def test_a_second_run_stops_before_reading_any_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     command: str) -> None:
    # The folder is held for the whole run, not only while writing: a second run into it must stop
    # at once, not compute for minutes and then replace the first run's set (found by review: the
    # lock used to be taken only for the write phase).
    from compare import engine

    reads: list[object] = []
    monkeypatch.setattr(engine, "process_files", lambda *a, **k: reads.append(a) or ())
    out = tmp_path / "out"
    with outfolder.reserve(out):  # the first run, still computing
        res = CliRunner().invoke(app, [command, str(SEED), "--out", str(out), *(["-q"] if command == "compare" else [])])
    assert res.exit_code == 2, res.output
    assert "output folder is in use by another report-compare run" in res.stderr
    assert reads == []


def test_a_folder_the_run_created_is_removed_when_it_fails_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "new"
    with pytest.raises(RuntimeError), outfolder.reserve(out):
        assert out.is_dir()
        raise RuntimeError("every file failed")
    assert not out.exists()
    existing = tmp_path / "kept"
    existing.mkdir()
    with pytest.raises(RuntimeError), outfolder.reserve(existing):
        raise RuntimeError("every file failed")
    assert existing.is_dir()  # a folder the user had stays
