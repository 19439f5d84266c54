"""The cache of per-report results: hits, misses, what invalidates an entry, and damage of every
kind (bad entry, truncated blob, not a database, locked, two writers) never being fatal."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

import compare.extract.indicators
from compare import cache as cache_mod
from compare.cache import DB_NAME, ResultCache, default_cache_dir, lexicon_fingerprint, result_key
from compare.engine import ReportResult, process_files
from compare.extract.lexicon import load_lexicon

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "beibei_2020_rule_of_law_report.txt"
TABLE = cache_mod._TABLE


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    """Copies of the fixture series (the tests change their bytes)."""
    folder = tmp_path / "reports"
    shutil.copytree(CORPUS, folder)
    return sorted(folder.rglob("*.txt"))


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One element per report actually scanned (a miss); hits add none."""
    calls: list[int] = []
    real = compare.extract.indicators.find_numbers

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compare.extract.indicators, "find_numbers", counted)
    return calls


def _run(files: list[Path], folder: Path, **kwargs: object) -> tuple[object, ...]:
    return process_files(files, jobs=1, cache_dir=folder, **kwargs)  # type: ignore[arg-type]


def test_second_run_is_served_from_the_cache(files: list[Path], tmp_path: Path, scans: list[int]) -> None:
    folder = tmp_path / "cache"
    cold = _run(files, folder)
    assert len(scans) == len(files)
    warm = _run(files, folder)
    assert len(scans) == len(files)  # nothing scanned again
    assert warm == cold
    assert (folder / DB_NAME).is_file()


def test_no_cache_dir_means_no_cache(files: list[Path], tmp_path: Path, scans: list[int]) -> None:
    process_files(files, jobs=1, cache_dir=None)
    process_files(files, jobs=1, cache_dir=None)
    assert len(scans) == 2 * len(files)


def test_a_changed_file_is_a_miss(files: list[Path], tmp_path: Path, scans: list[int]) -> None:
    folder = tmp_path / "cache"
    _run(files, folder)
    changed = files[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("2019", "2019", 1) + "\n新增一段。",
                       encoding="utf-8")
    before = len(scans)
    results = _run(files, folder)
    assert len(scans) == before + 1
    first = results[0]
    assert isinstance(first, ReportResult) and first.report.text.endswith("新增一段。")


def test_overrides_are_part_of_the_key(files: list[Path], tmp_path: Path, scans: list[int]) -> None:
    from compare.engine import ReportTask

    folder = tmp_path / "cache"
    _run([files[0]], folder)
    (result,) = _run([ReportTask(str(files[0]), year=2030)], folder)  # type: ignore[list-item]
    assert len(scans) == 2
    assert isinstance(result, ReportResult) and result.report.year == 2030


def test_a_new_version_is_a_miss(files: list[Path], tmp_path: Path, scans: list[int],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    _run(files, folder)
    monkeypatch.setattr(cache_mod, "code_fingerprint", lambda: "9.9.9+0000")
    _run(files, folder)
    assert len(scans) == 2 * len(files)


def test_code_fingerprint_carries_the_version() -> None:
    from compare import __version__

    assert cache_mod.code_fingerprint().startswith(f"{__version__}+")


def test_another_lexicon_is_a_miss(files: list[Path], tmp_path: Path, scans: list[int]) -> None:
    folder = tmp_path / "cache"
    _run(files, folder)
    extra = tmp_path / "extra.toml"
    extra.write_text('[[indicator]]\nid = "grid_officers"\nname = "网格员人数"\naliases = ["专职网格员"]\n'
                     'unit = "名"\nkind = "count"\n', encoding="utf-8")
    lexicon = load_lexicon(extra)
    assert lexicon_fingerprint(lexicon) != lexicon_fingerprint(load_lexicon())
    _run(files, folder, lexicon=lexicon)
    assert len(scans) == 2 * len(files)
    _run(files, folder, lexicon=load_lexicon(extra))  # the same content read again: hits
    assert len(scans) == 2 * len(files)


def test_key_covers_every_input() -> None:
    lex = lexicon_fingerprint(load_lexicon())
    base = {"year": None, "issuer": None, "lexicon_hash": lex}
    key = result_key("abc", "a.txt", **base)  # type: ignore[arg-type]
    assert key == result_key("abc", "a.txt", **base)  # type: ignore[arg-type]
    others = {
        result_key("abd", "a.txt", **base),  # type: ignore[arg-type]
        result_key("abc", "b.txt", **base),  # type: ignore[arg-type]
        result_key("abc", "a.txt", year=2020, issuer=None, lexicon_hash=lex),
        result_key("abc", "a.txt", year=None, issuer="某区", lexicon_hash=lex),
        result_key("abc", "a.txt", year=None, issuer=None, lexicon_hash="other"),
        result_key("abc", "a.txt", **base, extra={"max_chars": 1000}),  # type: ignore[arg-type]
    }
    assert key not in others and len(others) == 6


def _blobs(folder: Path) -> list[str]:
    with sqlite3.connect(folder / DB_NAME) as conn:
        return [k for (k,) in conn.execute(f"SELECT key FROM {TABLE} ORDER BY key")]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"not zlib at all", "truncate", "wrong type"])
def test_a_bad_entry_is_dropped_and_rebuilt(files: list[Path], tmp_path: Path, scans: list[int],
                                            damage: bytes | str) -> None:
    import pickle
    import zlib

    folder = tmp_path / "cache"
    good = _run(files, folder)
    with sqlite3.connect(folder / DB_NAME) as conn:
        if damage == "truncate":
            conn.execute(f"UPDATE {TABLE} SET blob = substr(blob, 1, length(blob) / 2)")
        elif damage == "wrong type":
            conn.execute(f"UPDATE {TABLE} SET blob = ?", (zlib.compress(pickle.dumps({"not": "a result"})),))
        else:
            conn.execute(f"UPDATE {TABLE} SET blob = ?", (damage,))
    again = _run(files, folder)
    assert again == good
    assert len(scans) == 2 * len(files)
    _run(files, folder)  # rebuilt entries are good again
    assert len(scans) == 2 * len(files)


def test_a_file_that_is_not_a_database_is_rebuilt(files: list[Path], tmp_path: Path, scans: list[int]) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"this is not an SQLite file" * 100)
    first = _run(files, folder)
    assert all(isinstance(r, ReportResult) for r in first)
    _run(files, folder)
    assert len(scans) == len(files)  # the rebuilt cache served the second run


def test_a_malformed_database_is_rebuilt(files: list[Path], tmp_path: Path, scans: list[int]) -> None:
    folder = tmp_path / "cache"
    good = _run(files, folder)
    db = folder / DB_NAME
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    # Keep the header (so it opens as a database) and smash every page after the first.
    data[4096:] = b"\xff" * (len(data) - 4096)
    db.write_bytes(bytes(data))
    assert _run(files, folder) == good
    _run(files, folder)
    assert len(scans) <= 3 * len(files)


def test_a_locked_database_means_no_cache_not_an_error(files: list[Path], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    _run(files[:1], folder)
    monkeypatch.setattr(cache_mod, "BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another run in the middle of a write (WAL: readers still read)
    try:
        results = _run(files, folder)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert all(isinstance(r, ReportResult) for r in results)
    assert len(_blobs(folder)) == 1  # the locked writer stored nothing, and failed nothing


def test_an_unwritable_folder_means_no_cache(files: list[Path], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert ResultCache.open(blocker / "cache") is None
    assert all(isinstance(r, ReportResult) for r in _run(files, blocker / "cache"))


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_a_database_of_another_user_is_never_read(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    with ResultCache.open(folder) as c:  # type: ignore[union-attr]
        c.put_many({"k": 1})
    os.chown(folder / DB_NAME, 12345, 12345)
    assert ResultCache.open(folder) is None


def test_size_is_bounded_least_recently_used_first(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    with ResultCache.open(folder, max_bytes=20_000) as c:  # type: ignore[union-attr]
        for k in range(10):
            c.put_many({f"k{k}": os.urandom(3000)})  # incompressible: ~3 KB each
            if k == 0:
                assert c.get_many(["k0"])  # read: k0 is now more recent than nothing else written
    with ResultCache.open(folder, max_bytes=20_000) as c:  # type: ignore[union-attr]
        kept = c.get_many([f"k{k}" for k in range(10)])
    total = sum(len(v) for v in kept.values())  # type: ignore[arg-type]
    assert total <= 20_000
    assert "k9" in kept and "k0" not in kept  # newest kept, oldest gone
    assert len(kept) >= 4


def _writer(folder: str, start: int) -> None:
    with ResultCache.open(Path(folder)) as c:  # type: ignore[union-attr]
        for k in range(start, start + 40):
            c.put_many({f"k{k}": list(range(k))})
            c.get_many([f"k{k - 1}", f"k{k}"])


def test_two_writers_at_once_do_not_corrupt_it(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(folder), s)) for s in (0, 1000)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    with sqlite3.connect(folder / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with ResultCache.open(folder) as c:  # type: ignore[union-attr]
        found = c.get_many([f"k{k}" for k in (*range(40), *range(1000, 1040))])
    # A write that waits longer than BUSY_TIMEOUT_S is skipped by design (never an error), so how
    # many of each writer's entries land depends on the machine's load: not asserted (a loaded CI
    # machine skipped all of one writer's). What was written is whole and right.
    assert found
    assert all(v == list(range(int(k[1:]))) for k, v in found.items())


def test_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cache_mod.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "report-compare"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # invalid by the spec: ignored
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "report-compare"


def test_cached_results_equal_computed_ones(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    computed = process_files([SEED], jobs=1, cache_dir=folder)
    with ResultCache.open(folder) as c:  # type: ignore[union-attr]
        (value,) = c.get_many(_blobs(folder)).values()
        assert c.stats.hits == 1
    assert value == computed[0]


def test_a_file_changed_while_running_is_not_stored_under_its_old_hash(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from compare import engine

    real = engine.read_bytes
    reads: list[int] = []

    def changing(path: object, *limits: object) -> bytes:
        data = real(path, *limits)  # type: ignore[arg-type]
        reads.append(1)
        return data if len(reads) == 1 else data + "\n又改了一句。".encode()  # hashed, then read changed

    monkeypatch.setattr(engine, "read_bytes", changing)
    folder = tmp_path / "cache"
    (result,) = process_files([SEED], jobs=1, cache_dir=folder)
    assert isinstance(result, ReportResult) and result.report.text.endswith("又改了一句。")
    assert _blobs(folder) == []


def test_damage_found_while_reading_rebuilds_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    with ResultCache.open(folder) as c:  # type: ignore[union-attr]
        c.put_many({f"k{k}": os.urandom(2000) for k in range(50)})
    db = folder / DB_NAME
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)
    db.write_bytes(bytes(data))
    c = ResultCache.open(folder)
    assert c is not None
    with c:
        assert c.get_many([f"k{k}" for k in range(50)]) == {}
        assert c.stats.resets == 1
        c.put_many({"new": 1})
        assert c.get_many(["new"]) == {"new": 1}


def test_limits_are_part_of_the_key(tmp_path: Path) -> None:
    # A result cached under the default limits must not be served to a run with a lower limit:
    # that run must refuse the file as the limit says, cache or no cache.
    from compare.engine import ReportFailure
    from compare.errors import InputTooLarge
    from compare.read.limits import Limits

    folder = tmp_path / "cache"
    (first,) = process_files([SEED], jobs=1, cache_dir=folder)
    assert isinstance(first, ReportResult)
    (low,) = process_files([SEED], jobs=1, cache_dir=folder, limits=Limits(max_chars=1000))
    assert isinstance(low, ReportFailure) and isinstance(low.error, InputTooLarge)
    assert "--max-chars" in low.error.message
    (again,) = process_files([SEED], jobs=1, cache_dir=folder)
    assert isinstance(again, ReportResult)
