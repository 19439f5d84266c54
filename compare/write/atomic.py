"""Atomic output: every file the tool writes goes to a temporary file in the target folder and is
renamed over the target, so a reader never sees half a file and a failure leaves the old one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from compare.errors import UsageError


def write_atomic(path: str | Path, write: Callable[[Path], None], *, create_folder: bool = False) -> Path:
    """Call `write(tmp)` to produce the content in a temporary file next to `path`, then rename it
    over `path`. A missing folder (unless `create_folder`), a folder given as the file, or an
    unwritable folder raise UsageError naming the fix."""
    target = Path(path)
    folder = target.parent
    if create_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(str(target), f"cannot create folder '{folder}' ({exc.strerror})",
                             "choose another output folder") from None
    if not folder.is_dir():
        raise UsageError(str(target), f"folder '{folder}' does not exist", "create it, or choose another output path")
    if target.is_dir():
        raise UsageError(str(target), "is a folder", "give a file name inside it")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise UsageError(str(target), f"folder '{folder}' is not writable", "choose another output path") from None
    os.close(fd)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would have.
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        write(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_text_atomic(path: str | Path, text: str, *, create_folder: bool = False) -> Path:
    """Write `text` as UTF-8 with "\\n" line ends, atomically."""

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    return write_atomic(path, write, create_folder=create_folder)
