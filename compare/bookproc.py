"""The comparison workbook written beside the rest of `compare`, in a second process (issue 10).

Writing the workbook is the longest part of a large `compare` run, and it runs on one core: openpyxl
serialises every cell in Python. Its Sections and Section diffs sheets depend on the report pairs
only, so `WorkbookWriter.start` hands them to a process as soon as the pairs are aligned; it writes
those two sheets while this process computes the tables; then takes the tables (`tables`) and
writes the main sheets while this process runs the audit; then (`write`) the audit's sheets, and
saves the workbook while this process draws the charts and writes the pages (`result` waits for
it). The file is the one `compare.write.excel.write_workbook` writes in one go:
the same sheets, written in the same order (the Sections and Section diffs sheets first), the
same bytes.

- **When**: with more than one job and at least MIN_ROWS rows on the two pair sheets; otherwise
  (`--jobs 1`, a small corpus) the workbook is written here, when `write` is called.
- **How the process starts**: as compare.engine starts its workers: forked (Linux) while this
  process runs one thread only, since a fork taken while another thread holds a lock can hang the
  child; else (the CLI's progress bar runs a thread) from a forkserver, spawn where there is none,
  the tables pickled to it. Forked, it shares this process' memory until either writes to it, and
  the objects made before the fork are frozen out of its garbage collector (`gc.freeze`).
- **Errors**: what the child raises is raised here again, of the same type: a named error
  (compare.errors) is reported as any other (exit 2); a bug keeps the child's traceback as its
  cause. A child that dies without a word raises RuntimeError with its exit code.
- **Nothing half-written**: the child writes into the staging folder through
  compare.write.atomic (temporary file + rename), and the output folder is swapped in whole
  (compare.write.outfolder). Leaving the block early (an error here, Ctrl-C) stops the child;
  openpyxl's temporary files are in a folder of this run, removed with it.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import queue
import shutil
import tempfile
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

#: Rows on the Sections and Section diffs sheets from which the workbook is written in a second
#: process: starting it costs about a second of the other core, writing those rows about 3 s.
MIN_ROWS = 5_000


class RemoteTraceback(Exception):
    """The traceback of an error raised in the workbook process (the cause of the error raised here)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f'\n"""\n{self.text}"""'


class WorkbookWriter:
    """The workbook of one `compare` run: `start` when the pair sheets are known, `write` once the
    tables are, `result` for its path. Use as a context manager: leaving the block stops a child
    that is still running and removes its temporary files."""

    def __init__(self, diff_page: str | None, *, concurrent: bool, min_rows: int | None = None) -> None:
        self.diff_page = diff_page
        self.concurrent = concurrent  # False: written in this process (--jobs 1)
        self.min_rows = MIN_ROWS if min_rows is None else min_rows
        self._sections: pd.DataFrame | None = None
        self._section_diffs: pd.DataFrame | None = None
        self._proc: Any = None
        self._conn: Any = None
        self._tempdir: str | None = None
        self._path: Path | None = None
        self._target: Path | None = None  # where `write` was asked to put the workbook
        self._ahead: set[str] = set()  # tables sent ahead by `tables`
        #: (CPU seconds, peak RSS in KiB) of the workbook process, once it is done (benchmarks/bench_compare.py)
        self.usage: tuple[float, int] | None = None

    @property
    def started(self) -> bool:
        """True once `start` was given the pair sheets' tables (here or in a second process)."""
        return self._sections is not None

    @property
    def in_background(self) -> bool:
        """True when a second process writes the workbook."""
        return self._proc is not None

    def start(self, sections: pd.DataFrame, section_diffs: pd.DataFrame) -> None:
        """The pair sheets' tables: a second process starts writing them when that pays."""
        self._sections, self._section_diffs = sections, section_diffs
        if not self.concurrent or len(sections) + len(section_diffs) < self.min_rows:
            return
        ctx = _context()
        self._tempdir = tempfile.mkdtemp(prefix="report-compare-book.")
        self._conn, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, self._tempdir, sections, section_diffs, self.diff_page),
                           name="report-compare workbook", daemon=True)
        # Forked, the child shares this process' memory until either writes to it: the objects
        # made so far are kept out of its garbage collector, which would otherwise touch them all.
        gc.freeze()
        try:
            proc.start()
        finally:
            gc.unfreeze()
            child.close()
        self._proc = proc

    def tables(self, tables: dict[str, Any]) -> None:
        """The main sheets' tables (compare.write.excel.main_sheets), known before the audit's: the
        process writes those sheets meanwhile. Here (no process) nothing is done until `write`."""
        if self._proc is not None:
            self._ahead = set(tables)
            with contextlib.suppress(OSError):  # the process ended early: `result` reads why
                self._conn.send(("tables", tables))

    def write(self, path: Path, *, previous: Path | None, tables: dict[str, Any]) -> None:
        """Write the workbook to `path` from `tables` (compare.write.excel.write_workbook's other
        arguments): here and now, or handed to the process started by `start` (with the tables it
        was not given by `tables`: the same ones, computed once)."""
        if self._sections is None or self._section_diffs is None:
            raise RuntimeError("WorkbookWriter.write before start")
        if self._proc is None:
            from compare.write import excel

            self._path = excel.write_workbook(path, sections=self._sections, section_diffs=self._section_diffs,
                                              diff_page=self.diff_page, previous=previous, **tables)
            return
        rest = {k: v for k, v in tables.items() if k not in self._ahead}
        # The child writes into its own folder and this process moves the file to `path` (`result`):
        # a child that outlives its run can never write into the output folder of another.
        self._target = path
        assert self._tempdir is not None
        with contextlib.suppress(OSError):  # the process ended early: `result` reads why
            self._conn.send(("write", Path(self._tempdir) / "out" / path.name, previous, rest))

    def result(self) -> Path:
        """The workbook's path once written (waits for the process); its error raised again here."""
        if self._proc is None:
            if self._path is None:
                raise RuntimeError("WorkbookWriter.result before write")
            return self._path
        try:
            reply = self._reply()
            if reply[0] == "done":  # into the staging folder, by this process (see `write`)
                assert self._target is not None
                shutil.move(reply[1], self._target)
                self._path, self.usage = self._target, (reply[2], reply[3])
                return self._path
        finally:
            self._stop()
        error: BaseException = reply[1]
        error.__cause__ = RemoteTraceback(reply[2])
        raise error

    def _reply(self) -> tuple[Any, ...]:
        """The process' last message: ("done", file, CPU s, peak KiB) or ("error", error, traceback)."""
        try:
            reply: tuple[Any, ...] = self._conn.recv()
        except EOFError:
            self._proc.join()
            code = self._proc.exitcode
            raise RuntimeError(f"the workbook process ended without a result (exit code {code})") from None
        except Exception as exc:  # an error the child sent that cannot be rebuilt here
            raise RuntimeError("the workbook process failed and its error could not be read") from exc
        return reply

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop()

    def _stop(self) -> None:
        """The process ended (stopped when still running) and its temporary files removed."""
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.is_alive():
                with contextlib.suppress(OSError):
                    self._conn.send(("stop",))
                proc.join(timeout=0.5)
            if proc.is_alive():
                proc.terminate()
            proc.join()
            self._conn.close()
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None


def _context() -> Any:
    """How the workbook process starts: compare.engine's one rule for worker processes (a fork
    only while this is the one thread, see the module text)."""
    from compare.engine import _context

    return _context()


#: Set in the workbook process once its result or error is on its way: the reader thread then no
#: longer takes the pipe's end for the parent's death.
_finished = threading.Event()


def _serve(conn: Any, tempdir: str, sections: pd.DataFrame, section_diffs: pd.DataFrame,
           diff_page: str | None) -> None:
    """The workbook process: the pair sheets first; the main sheets once their tables come; then,
    told where, the rest of the workbook."""
    from compare.write import excel

    tempfile.tempdir = tempdir  # openpyxl's temporary sheet files: the parent removes the folder
    inbox: queue.Queue[tuple[Any, ...]] = queue.Queue()
    # Messages are read as they come, while sheets are written: the parent never waits to send.
    threading.Thread(target=_read_all, args=(conn, inbox), daemon=True).start()
    started = None
    try:
        started = excel.pair_sheets(sections, section_diffs, diff_page)
        message, ahead = inbox.get(), {}
        if message[0] == "tables":
            ahead = message[1]
            excel.main_sheets(started, ahead)
            message = inbox.get()
        if message[0] != "write":
            return
        _, path, previous, rest = message
        written = excel.write_workbook(path, sections=sections, section_diffs=section_diffs, diff_page=diff_page,
                                       previous=previous, started=started, **{**ahead, **rest})
        _finished.set()  # from here the reader's end of the pipe may close: that is no stop
        conn.send(("done", str(written), *_usage()))
    except BaseException as exc:  # noqa: BLE001 - every error goes back to the parent, which raises it
        _finished.set()
        _send_error(conn, exc)
    finally:
        if started is not None:
            started.writer.discard()
        conn.close()


def _read_all(conn: Any, inbox: queue.Queue[tuple[Any, ...]]) -> None:
    """Every message of the parent into `inbox`, up to the last one ("write" or "stop"); then, while
    the workbook is saved, the parent is still watched: once it is gone or says stop, this process
    ends at once (nothing it writes is wanted, and it must not hold the run's files)."""
    while True:
        message = _receive(conn)
        inbox.put(message)
        if message[0] == "stop":
            return
        if message[0] == "write":
            break
    while _receive(conn)[0] != "stop":
        pass
    if not _finished.is_set():
        os._exit(1)


def _usage() -> tuple[float, int]:
    """CPU seconds and peak RSS (KiB) of this process."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        import time

        return time.process_time(), 0
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime, own.ru_maxrss


def _receive(conn: Any) -> tuple[Any, ...]:
    """The parent's next message; ("stop",) once the parent is gone (a forked child holds a copy
    of the parent's end of the pipe, so it would never see the end of it: it watches the parent)."""
    parent = multiprocessing.parent_process()
    try:
        while not conn.poll(1.0):
            if parent is not None and not parent.is_alive():
                return ("stop",)
        message: tuple[Any, ...] = conn.recv()
    except (EOFError, OSError):
        return ("stop",)
    return message


def _send_error(conn: Any, exc: BaseException) -> None:
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:  # an error that cannot be pickled, or not rebuilt from its pickle, goes as its text
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    with contextlib.suppress(OSError):
        try:
            conn.send(("error", exc, text))
        except Exception:  # noqa: BLE001 - pickled above, but the pipe may still refuse it
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}"), text))
