"""The output folder of `compare` (workbook, charts/, diff page) is written as one set.

- **Locked** for the whole run (`reserve`: `flock` on DIR/.report-compare.lock, `msvcrt.locking`
  on Windows), from before the inputs are read until the set is in place: a second run into the
  same folder stops at once with an error naming the lock, instead of computing for minutes and
  then replacing the first run's set. A folder the run created is removed again when the run
  fails before writing (nothing is left behind). The operating system releases the lock when a process dies, so a killed
  run never blocks the next one; the lock file records the PID only for the message.
- **Staged**: every file is written into DIR/.report-compare.new/, a `.complete` mark is written
  last, then the set is swapped into place in two phases (all old entries moved aside into
  DIR/.report-compare.old/, then all new ones moved in), so old and new files never sit side by
  side. Each move is a rename within one folder tree: no copying, nothing half-written.
- **Recovered**: the next run finishes a swap a killed run left complete (rolls forward) or drops
  an incomplete staging folder, and removes stale temporary files of earlier versions.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from compare.errors import OutputLocked, UsageError

LOCK_NAME = ".report-compare.lock"
STAGING_NAME = ".report-compare.new"
OLD_NAME = ".report-compare.old"
#: Written into the staging folder once every output is complete; its lines name the entries.
COMPLETE_MARK = ".complete"

T = TypeVar("T")


@contextlib.contextmanager
def reserve(out: str | Path) -> Iterator[Path]:
    """Create and lock `out` for a whole run (OutputLocked at once when another run holds it). A
    folder this call created is removed again if the block fails and left nothing but the lock
    file in it. Call `write_set(..., held=True)` inside the block."""
    folder = Path(out)
    created = not folder.exists()
    _make(folder)
    try:
        with lock(folder):
            yield folder
    except BaseException:
        if created and {p.name for p in folder.iterdir()} <= {LOCK_NAME}:
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _make(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(str(folder), f"cannot create the output folder ({exc.strerror})",
                         "choose another --out") from None


def write_set(out: str | Path, names: Sequence[str], write: Callable[[Path], T], *, held: bool = False) -> T:
    """Create and lock `out` (already done when `held`: inside `reserve`), finish or clean up what
    an interrupted run left, call `write(staging)` to write the entries `names` (files or folders)
    into a staging folder, then swap them into `out` and return what `write` returned. If `write`
    raises, the previous set is untouched and the staging folder removed. OutputLocked when another
    run holds the folder."""
    folder = Path(out)
    if held:
        return _write_set(folder, names, write)
    _make(folder)
    with lock(folder):
        return _write_set(folder, names, write)


def _write_set(folder: Path, names: Sequence[str], write: Callable[[Path], T]) -> T:
    """`write_set` with the lock held."""
    recover(folder, names)
    staging = folder / STAGING_NAME
    staging.mkdir()
    try:
        result = write(staging)
        present = [n for n in names if (staging / n).exists()]
        (staging / COMPLETE_MARK).write_text("".join(f"{n}\n" for n in present), encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _roll_forward(folder)
    return result


@contextlib.contextmanager
def lock(folder: Path) -> Iterator[None]:
    """Hold the lock of `folder` for the block; OutputLocked at once when another process holds it."""
    path = folder / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise UsageError(str(folder), f"output folder is not writable ({exc.strerror})",
                         "choose another --out") from None
    try:
        try:
            locked = _try_lock(fd)
        except OSError as exc:  # a file system without locks (some network mounts)
            raise UsageError(str(path), f"cannot lock the output folder ({exc.strerror})",
                             "choose an output folder on a local disk with --out") from None
        if not locked:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            raise OutputLocked(str(path), f"output folder is in use by another report-compare run (process {holder})",
                               "wait for that run to finish, or choose another --out")
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def recover(folder: Path, names: Sequence[str]) -> None:
    """Leftovers of a killed run (call with the lock held): a complete staging folder is swapped in
    (the killed run had finished writing), an incomplete one is removed, and so are stale
    temporary files (`.<file>.<random>.tmp`, from compare.write.atomic) of the entries `names`: beside
    them in `folder` and inside those that are folders. Other files in `folder` are not touched."""
    staging = folder / STAGING_NAME
    if (staging / COMPLETE_MARK).is_file():
        _roll_forward(folder)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(folder / OLD_NAME, ignore_errors=True)
    stale = [t for n in names for t in folder.glob(f".{_glob_escape(n)}.*.tmp")]
    stale += [t for n in names if (folder / n).is_dir() for t in (folder / n).glob(".*.tmp")]
    for tmp in stale:
        if tmp.is_file():
            tmp.unlink(missing_ok=True)


def _roll_forward(folder: Path) -> None:
    """Swap the complete staging folder's entries into `folder`; safe to repeat from any point."""
    staging, old = folder / STAGING_NAME, folder / OLD_NAME
    names = (staging / COMPLETE_MARK).read_text(encoding="utf-8").split()
    pending = [n for n in names if (staging / n).exists()]
    # Phase 1: every old entry that a new one replaces goes aside. An entry in `folder` whose new
    # version is still staged is old: new entries move in only in phase 2.
    old.mkdir(exist_ok=True)
    for name in pending:
        target = folder / name
        if target.exists() or target.is_symlink():
            _remove(old / name)
            os.replace(target, old / name)
    # Phase 2: the new entries move in.
    for name in pending:
        os.replace(staging / name, folder / name)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
