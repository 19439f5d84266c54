"""Reuse of the previous output set: an output written for the same job and options is kept, not
written again (issue 10: a rerun with nothing changed writes nothing).

The set in the output folder carries a record, DIR/.report-compare.json, written last into the
staging folder and swapped in with the set (compare.write.outfolder), so it always describes the
files beside it. For each entry (comparison.xlsx, charts/, diff.html, index.html) it holds the key
the entry was written for and the size and SHA-256 of each of its files. The key of an entry is a
hash of the job key (compare.jobcache: everything the tables are a pure function of) and the
options that entry depends on (`output_key`). An entry is reused when the record names the same key
and every file is still there with its size and digest: a file the user edited, replaced by a link
or deleted is written again, and so is everything when the record is missing or damaged.

Reused files are hard-linked (copied where links are not possible) into the staging folder, so
the set is still swapped in whole; when every entry is reusable the caller writes nothing at all.
Checking costs one read of each file (~55 MB at 1,000 reports: ~0.1 s), far less than writing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compare.write import outfolder

if TYPE_CHECKING:  # pandas and the chart writer are loaded by the caller; typing only here
    import pandas as pd

    from compare.write.charts import ChartSet

#: The record's file name in the output folder (hidden, like the lock and staging folders).
RECORD_NAME = ".report-compare.json"
#: Layout of the record; another value is read as no record.
RECORD_FORMAT = 1
#: Bytes read at a time when hashing a file.
_CHUNK = 1 << 20


def output_keys(job_key: str, names: Sequence[str], *, svg: bool, chart_limit: int | None) -> dict[str, str]:
    """The key of each output of `compare`, `names` = (workbook, charts folder, diff page, overview
    page): the job key and what else the output's bytes depend on (options, the chart font, the
    writing libraries' versions). The workbook's key is also stored in it (compare.write.excel)."""
    from importlib.metadata import version

    from compare.write import fonts

    workbook, chart_dir, diff_page, index_page = names
    font = fonts.cjk_font()
    try:  # a font upgraded in place draws other glyphs: its size and time are part of the key
        stat = os.stat(font.path) if font.path else None
        font_file = (stat.st_size, stat.st_mtime_ns) if stat else None
    except OSError:
        font_file = None
    charts = output_key("charts", job_key, svg, chart_limit, font.name, font.path, font_file,
                        version("matplotlib"), version("pypinyin"))  # pypinyin: names of unnamed indicators' charts
    return {workbook: output_key("workbook", job_key, diff_page, version("openpyxl")), chart_dir: charts,
            diff_page: output_key("diff", job_key), index_page: output_key("index", job_key, charts)}


def output_key(*parts: object) -> str:
    """The key of one output: a hash of the job key and the options it depends on, in order."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> tuple[int, str] | None:
    """(size, SHA-256) of a regular file; None when missing, a link or unreadable."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        h = hashlib.sha256()
        size = 0
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                h.update(chunk)
                size += len(chunk)
    except (OSError, ValueError):  # ValueError: a name no file system takes (a NUL byte)
        return None
    return size, h.hexdigest()


@dataclass(frozen=True)
class Entry:
    """What the record says of one output."""

    key: str  # output_key it was written for
    files: tuple[tuple[str, int, str], ...]  # (path relative to the output folder, size, SHA-256)
    meta: Mapping[str, Any] = field(default_factory=dict)  # what a reuse needs to know (chart titles)
    folder: bool = False  # a folder of files (charts/, possibly empty), else one file


def read_record(folder: Path) -> dict[str, Entry]:
    """The entries of the record in `folder`; empty when there is none or it cannot be read."""
    try:
        data = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
        if data.get("format") != RECORD_FORMAT:
            return {}
        return {name: _entry(name, e) for name, e in data["entries"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return {}


def _entry(name: str, data: dict[str, Any]) -> Entry:
    """One entry of a record, checked (ValueError: the record is not ours, or was edited): files
    inside the entry only, lists of text in its meta."""
    files = tuple((str(p), int(s), str(d)) for p, s, d in data["files"])
    for rel, _, _ in files:
        parts = Path(rel).parts if rel and "\0" not in rel else ()
        if not parts or parts[0] != name or len(parts) > 2 or ".." in parts:
            raise ValueError(f"{rel} is not a file of {name}")
    meta = dict(data.get("meta", {}))
    if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in meta.values()):
        raise ValueError("meta holds lists of text only")
    return Entry(key=str(data["key"]), files=files, meta=meta, folder=bool(data.get("folder", False)))


def _files_of(folder: Path, name: str) -> list[Path]:
    """The files of entry `name` in `folder`: the file itself, or a folder's files (sorted)."""
    path = folder / name
    if path.is_dir() and not path.is_symlink():
        return sorted(p for p in path.iterdir() if p.is_file() and not p.is_symlink())
    return [path] if path.is_file() else []


class OutputPlan:
    """Which outputs of the previous set in `folder` can be kept for this run's `keys` (entry name
    -> output_key), and the record of the new set as it is written."""

    def __init__(self, folder: Path, keys: Mapping[str, str]) -> None:
        self.folder = folder
        self.keys = dict(keys)
        self.previous = read_record(folder)
        self._intact: dict[str, bool] = {}
        self._good: dict[str, set[str]] = {}
        self._meta: dict[str, Mapping[str, Any]] = {}
        self.reused: list[str] = []  # entries taken from the previous set (for tests and messages)
        self.written: list[str] = []  # entries written by this run

    def intact_files(self, name: str) -> set[str]:
        """Files of the previous entry `name` (relative paths) that still have their recorded size
        and digest."""
        if name in self._good:
            return self._good[name]
        entry = self.previous.get(name)
        good: set[str] = set()
        self._good[name] = good
        if (self.folder / name).is_symlink():  # files reached through a link are not the set's own
            return good
        for rel, size, digest in entry.files if entry is not None else ():
            path = self.folder / rel
            try:
                if path.stat().st_size != size:
                    continue
            except (OSError, ValueError):
                continue
            if file_digest(path) == (size, digest):
                good.add(rel)
        return good

    def reusable(self, name: str) -> bool:
        """True when the previous `name` was written for this run's key and is unchanged."""
        if name not in self._intact:
            entry = self.previous.get(name)
            path = self.folder / name
            there = path.is_dir() if entry is not None and entry.folder else path.is_file()
            # A folder's file list as the writer gave it (charts, in order) must name the files recorded.
            listed = entry.meta.get("paths") if entry is not None else None
            consistent = entry is not None and (listed is None or sorted(f"{name}/{n}" for n in listed)
                                                == sorted(rel for rel, _, _ in entry.files))
            self._intact[name] = (entry is not None and entry.key == self.keys.get(name) and there and consistent
                                  and not path.is_symlink() and len(self.intact_files(name)) == len(entry.files))
        return self._intact[name]

    @classmethod
    def of(cls, folder: Path, names: Sequence[str], keys: Mapping[str, str]) -> OutputPlan:
        """The plan for the output folder `folder` (locked by the caller) holding the entries `names`:
        a killed run's complete set is swapped in first (compare.write.outfolder.recover), so that
        the record read describes what is there."""
        outfolder.recover(folder, names)
        return cls(folder, keys)

    def chart_paths(self, folder: Path) -> list[Path]:
        """The chart files of the previous set in `folder`, in the order the chart writer gave them."""
        return [folder / n for n in self.meta(folder.name).get("paths", [])]

    @property
    def complete(self) -> bool:
        """Every output can be kept as it is: nothing to write."""
        return all(self.reusable(n) for n in self.keys)

    def meta(self, name: str) -> Mapping[str, Any]:
        """What the previous record kept about `name` (when reused) or this run noted (`note`)."""
        if name in self._meta:
            return self._meta[name]
        entry = self.previous.get(name)
        return entry.meta if entry is not None else {}

    def note(self, name: str, meta: Mapping[str, Any]) -> None:
        """Keep `meta` about the output `name` just written, for the next run's reuse."""
        self._meta[name] = dict(meta)

    def take(self, name: str, staging: Path) -> bool:
        """Link the previous output `name` into `staging` when reusable; True when done."""
        if not self.reusable(name):
            return False
        entry = self.previous[name]
        if entry.folder:  # the recorded files only: a file added to the folder since is not carried on
            (staging / name).mkdir(parents=True, exist_ok=True)
            for rel, _, _ in entry.files:
                link_entry(self.folder / rel, staging / rel)
        else:
            link_entry(self.folder / name, staging / name)
        self.reused.append(name)
        return True

    def reuse_or_write(self, name: str, staging: Path, write: Callable[[Path], object]) -> bool:
        """Put the output `name` into `staging`: linked from the previous set when reusable (True),
        else by calling `write(staging / name)` (False)."""
        if self.take(name, staging):
            return True
        write(staging / name)
        self.written.append(name)
        return False

    def write_record(self, staging: Path) -> Path:
        """The record of the set in `staging` (call last, once every output is there)."""
        entries: dict[str, Any] = {}
        for name, key in self.keys.items():
            if not (staging / name).exists():
                continue
            files = []
            for path in _files_of(staging, name):
                found = file_digest(path)
                if found is not None:
                    files.append([path.relative_to(staging).as_posix(), *found])
            entries[name] = {"key": key, "files": files, "meta": dict(self.meta(name)),
                             "folder": (staging / name).is_dir()}
        record = staging / RECORD_NAME
        record.write_text(json.dumps({"format": RECORD_FORMAT, "entries": entries}, ensure_ascii=False, indent=1),
                          encoding="utf-8")
        return record


def charts_into(plan: OutputPlan, folder: Path, long: pd.DataFrame, claims: pd.DataFrame, *, svg: bool,
                chart_limit: int | None, progress: Callable[[str, int, int], None] | None = None) -> ChartSet:
    """The chart set of compare.write.charts.write_chart_set in `folder` (an entry of `plan`, inside
    the staging folder): the previous set when reusable, else drawn, each chart still reused by its
    own key from the previous set's intact files (compare.write.chartreuse)."""
    from compare.write.charts import ChartSet, write_chart_set

    name, staging = folder.name, folder.parent
    if plan.take(name, staging):
        meta = plan.meta(name)
        return ChartSet(paths=tuple(folder / n for n in meta.get("paths", [])), drawn=0,
                        reused=len(meta.get("paths", [])), titles=tuple(meta.get("titles", [])),
                        indicators=tuple(meta.get("indicators", [])))
    trusted = trusted_copy(plan, name, staging)
    chart_set = write_chart_set(long, folder, svg=svg, limit=chart_limit, previous=trusted or plan.folder / name,
                                progress=progress, claims=claims)
    if trusted is not None:
        shutil.rmtree(trusted)
    plan.written.append(name)
    plan.note(name, {"paths": [p.name for p in chart_set.paths], "titles": list(chart_set.titles),
                     "indicators": list(chart_set.indicators)})
    return chart_set


def link_entry(source: Path, target: Path) -> None:
    """Hard-link (else copy) the file `source`, or every file of the folder `source`, to `target`."""
    if source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        for f in _files_of(source.parent, source.name):
            link_entry(f, target / f.name)
        return
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)  # nothing writes into an output in place, so sharing the inode is safe
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)


def trusted_copy(plan: OutputPlan, name: str, staging: Path) -> Path | None:
    """A folder of the previous entry `name`'s files that are intact, linked into `staging`
    (`.reuse-<name>`), for writers that reuse files by their own key (compare.write.chartreuse):
    an edited file must not be taken for current. None when there is no record of `name` (the
    writer then judges the previous folder's files by their keys alone, as before records)."""
    if name not in plan.previous:
        return None
    folder = staging / f".reuse-{name}"
    folder.mkdir()
    for rel in sorted(plan.intact_files(name)):
        link_entry(plan.folder / rel, folder / Path(rel).name)
    return folder


__all__ = ["RECORD_FORMAT", "RECORD_NAME", "Entry", "OutputPlan", "file_digest", "link_entry", "output_key",
           "read_record", "trusted_copy"]
