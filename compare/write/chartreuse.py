"""Reuse of unchanged charts: a chart is redrawn only when what it shows or how it is drawn changed.

Each chart file carries its key in its own metadata (PNG `Comment` text chunk, SVG `Identifier`),
so no sidecar file sits beside the charts and a file copied elsewhere keeps its key. The key is a
hash of the chart's data (the rows it plots, its title, unit and issuer colours), of the drawing
code (the bytes of compare/write/charts.py and chartdata.py: a style change redraws everything), the toolkit and
matplotlib versions, the font, the resolution and the format. Identical input gives identical
keys, and identical files.

`compare` writes into a staging folder and swaps the set in whole (compare.write.outfolder), so
the previous charts are still in DIR/charts while the new set is written: a chart whose key
matches is hard-linked from there (copied where links are not possible) instead of drawn.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import matplotlib

#: Bytes read from the start of a chart to find its key: PNG text chunks come before the image
#: data and the SVG metadata block before the drawing, both well within this.
HEAD_BYTES = 4096
#: Prefix of the key as written into a file, so the key is never mistaken for other text.
KEY_PREFIX = "report-compare-chart:"


@functools.lru_cache(maxsize=1)
def _code_hash() -> str:
    # Once per process: the drawing code cannot change while it runs.
    h = hashlib.sha256()
    for name in ("charts.py", "chartdata.py"):
        h.update(Path(__file__).with_name(name).read_bytes())
    return h.hexdigest()


def chart_key(parts: Iterable[str], fmt: str, font_path: str, dpi: int) -> str:
    """Key of one chart file: its data `parts` (text the chart is a pure function of) and
    everything else that changes its bytes."""
    from compare import __version__  # here: `compare` may still be importing when this module loads

    h = hashlib.sha256()
    for part in (__version__, matplotlib.__version__, _code_hash(), fmt, font_path, str(dpi), *parts):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")  # separators: ("ab", "c") and ("a", "bc") never share a key
    return h.hexdigest()[:32]


def metadata_entry(fmt: str, key: str) -> dict[str, str]:
    """The metadata item that stores `key` in a chart of format `fmt`."""
    if fmt == "png":
        return {"Comment": KEY_PREFIX + key}
    if fmt == "svg":
        return {"Identifier": KEY_PREFIX + key}
    return {}


def has_key(path: Path, key: str) -> bool:
    """True when the chart file at `path` was drawn for `key` (a missing or unreadable file: False)."""
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        return False
    return (KEY_PREFIX + key).encode("ascii") in head


def reuse(previous: Path | None, target: Path, key: str) -> bool:
    """Put the previous chart of the same name at `target` when it has `key`; True when done.
    `previous` may be the folder `target` is in (a rerun into the same folder): then the file is
    kept as it is."""
    if previous is None:
        return False
    source = previous / target.name
    # A link placed in the old folder is never followed: only our own regular files are reused.
    if source.is_symlink() or not has_key(source, key):
        return False
    if source.resolve() == target.resolve():
        return True
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)  # nothing writes into a chart file in place, so sharing the inode is safe
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)
    return True
