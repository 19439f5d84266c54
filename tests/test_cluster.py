"""--scheduler: the per-report stage on a Dask cluster gives what local processes give."""

from __future__ import annotations

import copyreg
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare import cluster, engine
from compare.cli import app
from compare.errors import MissingExtra, UsageError
from compare.export import extract_tables
from compare.extract.lexicon import load_lexicon

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module", autouse=True)
def _pickling_restored() -> Iterator[None]:
    """Importing distributed registers tblib's reducer for every exception class (copyreg), which
    changes how the named errors pickle for the rest of the process; later tests compare pickles
    byte for byte. Put the table back once these tests are done."""
    saved = dict(copyreg.dispatch_table)
    yield
    copyreg.dispatch_table.clear()
    copyreg.dispatch_table.update(saved)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    # Threads in this process: starts in about a second, and still serialises what it ships.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=":0") as local:  # any free port: tests may run side by side
        yield local.scheduler_address


def test_cluster_outcomes_equal_local_ones(scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CHUNK", 2)  # several chunks, and a window that fills
    monkeypatch.setattr(cluster, "WINDOW", 2)
    files = [*sorted(CORPUS.rglob("*.txt")), FIXTURES / "junk.bin", FIXTURES / "missing.txt", FIXTURES / "empty.txt"]
    local = engine.process_files(files, jobs=1)
    remote = engine.process_files(files, jobs=1, scheduler=scheduler)
    assert remote == local
    # What a worker returns crosses the network pickled (an in-process cluster may not pickle it).
    shipped = cluster.work([(f.read_bytes(), str(f), None, None) for f in files[:1] + files[-3:-2]], load_lexicon())
    assert pickle.loads(pickle.dumps(shipped)) == [local[0], local[-3]]
    kinds = [type(o.error).__name__ for o in remote if isinstance(o, engine.ReportFailure)]
    assert kinds == ["UnsupportedFormat", "InputNotFound", "EmptyInput"]


def test_cluster_tables_equal_local_tables(scheduler: str, tmp_path: Path) -> None:
    local = extract_tables([CORPUS], jobs=1)
    remote = extract_tables([CORPUS], scheduler=scheduler, cache_dir=tmp_path / "cache")
    assert list(remote) == list(local)
    for name in local:
        assert remote[name].equals(local[name]), name


def test_changes_cli_on_the_cluster_prints_the_same(scheduler: str) -> None:
    local = _invoke("changes", str(CORPUS), "--format", "csv", "--no-cache", "-j", "1")
    remote = _invoke("changes", str(CORPUS), "--format", "csv", "--no-cache", "--scheduler", scheduler)
    assert local[0] == 0 and remote == local


def test_unreachable_scheduler_is_one_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        list(cluster.run_on_cluster([("x.txt", None, None)], load_lexicon(), "tcp://127.0.0.1:9"))


def test_missing_distributed_names_the_pip_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtra):
        cluster.client_class()
    code, out, err = _invoke("changes", str(CORPUS / "jialing"), "--no-cache", "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and out == ""
    assert err == ("Error: --scheduler needs the Dask extra (distributed), which is not installed — "
                   "pip install 'report-compare[dask]'\n")



@pytest.mark.parametrize("command", ["compare", "extract"])
def test_scheduler_option_reaches_the_engine(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """compare and extract hand --scheduler to the engine (the cluster path itself is tested above;
    a whole `compare` run on the cluster would take ~10 s more for the same check)."""
    seen: list[str] = []

    def on_cluster(args: object, lexicon: object, scheduler: str, limits: object) -> object:
        seen.append(scheduler)
        raise UsageError(scheduler, "reached the engine", "nothing to do")

    monkeypatch.setattr(engine, "_on_cluster", on_cluster)
    code, _, err = _invoke(command, str(CORPUS / "jialing"), "--out", str(tmp_path / "out"), "--no-cache",
                           "--scheduler", "tcp://example:8786")
    assert (code, err) == (2, "Error: tcp://example:8786: reached the engine — nothing to do\n")
    assert seen == ["tcp://example:8786"]
