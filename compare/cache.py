"""A cache of per-report results (compare.engine.ReportResult) in one SQLite file, so that a rerun
over unchanged reports skips the per-report stage (about 25× faster per report on the seed).

Where: `default_cache_dir()`: `$XDG_CACHE_HOME/report-compare` (else `~/.cache/report-compare`;
`~/Library/Caches/report-compare` on macOS, `%LOCALAPPDATA%\\report-compare\\Cache` on Windows),
file `results-v1.sqlite3`. Delete the folder to clear it; nothing else is kept there.

Key: SHA-256 over everything a result depends on (`result_key`): the file's bytes (SHA-256), its
name as given (format hint and Report.source), the year / issuer overrides, the lexicon's content,
any extra options (limits), the toolkit's version and a fingerprint of the toolkit's own code and
data files. A changed file, another lexicon, a new version or an edited module is a miss, never a
stale hit; old entries age out (below).

Values: pickle, compressed with zlib. Pickle restores the frozen records exactly (floats, None,
tuples, shared sentence strings) in ~1.5 ms for the seed; JSON would need a hand-kept mirror of
four record types that drifts silently when a field is added, for no gain in speed. The price is
that loading a pickle runs code it names: anyone who can write to the cache folder can run code as
you. The folder is created private (0700) and a database file owned by another user is never
read; do not point `--cache` at a folder others can write to.

Never fatal: a bad entry (truncated blob, bad pickle, wrong type) is dropped and recomputed; a
database file that is not a database or is malformed is deleted and rebuilt; a locked database
(another run writing) or an unwritable folder just means no cache for this run. Only the parent
process writes, in short transactions, with SQLite's write-ahead log so that readers never block
and two runs at once cannot corrupt the file.

Size: bounded by `max_bytes` (default 512 MiB of compressed results, ~30,000 seed-sized reports):
after each write, least recently used entries are removed down to 80% of it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from compare.extract.lexicon import Lexicon

#: Layout of keys and values; bump it when either changes (the table name carries it).
CACHE_FORMAT = 1
DB_NAME = f"results-v{CACHE_FORMAT}.sqlite3"
_TABLE = f"results_v{CACHE_FORMAT}"

#: Default bound of the stored (compressed) results.
MAX_BYTES = 512 * 2**20
#: Entries kept after trimming, as a share of the bound (trimming is not run on every write).
KEEP_SHARE = 0.8
#: How long to wait for another run's write to finish before going on without the cache.
BUSY_TIMEOUT_S = 2.0
#: SQL variables per statement (SQLite's historical limit is 999).
_BATCH = 500
#: sqlite3 result codes of a damaged file: SQLITE_CORRUPT, SQLITE_NOTADB.
_CORRUPT_CODES = frozenset({11, 26})

T = TypeVar("T")


def default_cache_dir() -> Path:
    """The user's cache folder for report-compare (XDG on Linux; platform folders elsewhere)."""
    if sys.platform == "win32":  # pragma: no cover - not run on CI's Linux
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "report-compare" / "Cache"
    if sys.platform == "darwin":  # pragma: no cover
        return Path.home() / "Library" / "Caches" / "report-compare"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec: a relative value is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "report-compare"


#: Libraries whose output is part of a cached result (per-report results and a job's tables).
RESULT_LIBRARIES = ("charset-normalizer", "beautifulsoup4", "lxml", "python-docx", "pdfminer.six", "rapidfuzz",
                    "numpy", "pandas")


@functools.cache
def code_fingerprint() -> str:
    """The toolkit's version plus a hash of its modules and data files and of the versions of the
    libraries whose answers go into the results (decoding, HTML/DOCX/PDF text, string similarity,
    the tables' arithmetic): results of an edited checkout (same version number, different code)
    or of an upgraded library are never served from an older run."""
    from importlib.metadata import PackageNotFoundError, version

    from compare import __version__

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for lib in RESULT_LIBRARIES:
        try:
            digest.update(f"{lib}={version(lib)}\0".encode())
        except PackageNotFoundError:  # pragma: no cover - an install without it fails earlier
            digest.update(f"{lib}=?\0".encode())
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".toml") and p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def lexicon_fingerprint(lexicon: Lexicon) -> str:
    """A hash of what the lexicon says (entries, slogans), not of where it was read from."""
    content = repr((lexicon.entries, lexicon.slogans, lexicon.slogan_heads, lexicon.slogan_verbs))
    return hashlib.sha256(content.encode()).hexdigest()


def result_key(sha256: str, name: str, *, year: int | None, issuer: str | None, lexicon_hash: str,
               extra: Mapping[str, object] | None = None) -> str:
    """The cache key of one per-report result: a hash of everything the result depends on.
    `sha256` is the file's (hex); `extra` holds any other option of the per-report stage (limits)."""
    parts = {
        "format": CACHE_FORMAT,
        "code": code_fingerprint(),
        "sha256": sha256,
        "name": name,
        "year": year,
        "issuer": issuer,
        "lexicon": lexicon_hash,
        "extra": sorted((str(k), repr(v)) for k, v in (extra or {}).items()),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class CacheStats:
    """What a cache did during one run (for tests and benchmarks)."""

    hits: int = 0
    misses: int = 0
    stored: int = 0
    dropped: int = 0  # bad entries removed
    resets: int = 0  # damaged database files rebuilt


class ResultCache:
    """Per-report results stored by key in `folder`/results-v1.sqlite3. Open with `open`, which
    returns None when the folder cannot hold a cache (the caller then runs without one)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, max_bytes: int) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self.max_bytes = max_bytes
        self.stats = CacheStats()

    @classmethod
    def open(cls, folder: Path, *, max_bytes: int = MAX_BYTES) -> ResultCache | None:
        """The cache in `folder` (created private), or None when it cannot be used for this run:
        folder not writable, database owned by someone else, locked beyond the timeout."""
        path = Path(folder) / DB_NAME
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            return None
        if not _owned(path):
            return None
        conn = _connect(path)
        if conn is None and path.exists():
            _remove(path)  # not a database, or damaged beyond opening: rebuild it
            conn = _connect(path)
        return cls(conn, path, max_bytes) if conn is not None else None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_many(self, keys: Iterable[str]) -> dict[str, object]:
        """The stored values of `keys` that are present and readable (the rest are misses)."""
        wanted = list(dict.fromkeys(keys))
        none: list[tuple[str, bytes]] = []
        rows = self._guard(lambda conn: _select(conn, wanted), none)
        found: dict[str, object] = {}
        bad: list[str] = []
        for key, blob in rows:
            try:
                found[key] = pickle.loads(zlib.decompress(blob))
            except Exception:  # noqa: BLE001 - a damaged blob can fail in any way unpickling can; never fatal
                bad.append(key)
        self.stats.hits += len(found)
        self.stats.misses += len(wanted) - len(found)
        self.stats.dropped += len(bad)
        if found or bad:
            self._guard(lambda conn: _touch_and_drop(conn, list(found), bad), None)
        return found

    def put_many(self, items: Mapping[str, object]) -> None:
        """Store `items` (key -> value) in one transaction, then trim to the size bound."""
        rows: list[tuple[str, bytes, int, int]] = []
        now = time.time_ns()
        for key, value in items.items():
            blob = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
            if len(blob) <= self.max_bytes * KEEP_SHARE:
                rows.append((key, blob, len(blob), now))
        if not rows:
            return
        if self._guard(lambda conn: _insert(conn, rows), False):
            self.stats.stored += len(rows)
            self._guard(lambda conn: _trim(conn, int(self.max_bytes * KEEP_SHARE), self.max_bytes), None)

    def _guard(self, action: Callable[[sqlite3.Connection], T], default: T) -> T:
        """Run `action`; on a database error return `default` (a damaged file is rebuilt first)."""
        if self._conn is None:
            return default
        try:
            return action(self._conn)
        except sqlite3.Error as exc:
            if _is_corrupt(exc):
                self._reset()
            return default

    def _reset(self) -> None:
        self.close()
        _remove(self.path)
        self._conn = _connect(self.path)
        self.stats.resets += 1


def _connect(path: Path) -> sqlite3.Connection | None:
    conn = None
    try:
        # Autocommit: every statement outside an explicit BEGIN is its own short transaction.
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"CREATE TABLE IF NOT EXISTS {_TABLE} (key TEXT PRIMARY KEY, blob BLOB NOT NULL, "
                     "size INTEGER NOT NULL, used INTEGER NOT NULL)")
        return conn
    except sqlite3.Error:
        if conn is not None:
            conn.close()
        return None


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code in _CORRUPT_CODES
    # Python < 3.11 has no error codes: a DatabaseError that is not an OperationalError (locked,
    # busy, read-only) is a damaged file.
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def _owned(path: Path) -> bool:
    """False when the database file belongs to another user (its pickles must not be loaded)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: per-user profile folders
        return True
    try:
        return path.stat().st_uid == os.getuid()
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass


def _select(conn: sqlite3.Connection, keys: list[str]) -> list[tuple[str, bytes]]:
    rows: list[tuple[str, bytes]] = []
    for i in range(0, len(keys), _BATCH):
        part = keys[i:i + _BATCH]
        marks = ",".join("?" * len(part))
        rows += conn.execute(f"SELECT key, blob FROM {_TABLE} WHERE key IN ({marks})", part).fetchall()
    return rows


def _touch_and_drop(conn: sqlite3.Connection, used: list[str], bad: list[str]) -> None:
    now = time.time_ns()
    with _transaction(conn):
        conn.executemany(f"UPDATE {_TABLE} SET used = ? WHERE key = ?", [(now, k) for k in used])
        conn.executemany(f"DELETE FROM {_TABLE} WHERE key = ?", [(k,) for k in bad])


def _insert(conn: sqlite3.Connection, rows: list[tuple[str, bytes, int, int]]) -> bool:
    with _transaction(conn):
        conn.executemany(f"INSERT OR REPLACE INTO {_TABLE} (key, blob, size, used) VALUES (?, ?, ?, ?)", rows)
    return True


def _trim(conn: sqlite3.Connection, keep: int, bound: int) -> None:
    """Least recently used entries out until `keep` bytes remain, once over `bound`."""
    (total,) = conn.execute(f"SELECT COALESCE(SUM(size), 0) FROM {_TABLE}").fetchone()
    if total <= bound:
        return
    with _transaction(conn):
        conn.execute(
            f"DELETE FROM {_TABLE} WHERE key IN (SELECT key FROM (SELECT key, SUM(size) OVER "
            f"(ORDER BY used DESC, key) AS running FROM {_TABLE}) WHERE running > ?)", (keep,))


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): takes the write lock at once, so a busy
    database fails fast at the start instead of halfway through."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


__all__ = [
    "CACHE_FORMAT",
    "CacheStats",
    "ResultCache",
    "code_fingerprint",
    "default_cache_dir",
    "lexicon_fingerprint",
    "result_key",
]
