"""The per-report engine: one scan per report, the same results for any number of jobs, failures
in place, and compare.across.changes taking precomputed results instead of extracting again."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import compare.extract.claims
import compare.extract.indicators
import compare.extract.result
from compare import engine, pipeline
from compare.across import changes
from compare.engine import ReportFailure, ReportResult, ReportTask, process_bytes, process_file, process_files
from compare.errors import EmptyInput, InputNotFound, UnsupportedFormat
from compare.extract.lexicon import load_lexicon
from compare.read.corpus import group_reports, load_corpus

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "beibei_2020_rule_of_law_report.txt"


def _corpus_files() -> list[Path]:
    return sorted(CORPUS.rglob("*.txt"))


def _count_calls(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Wrap module.name so that every call is counted (one list element per call)."""
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_result_equals_the_separate_stages() -> None:
    lexicon = load_lexicon()
    result = process_file(SEED, lexicon=lexicon)
    report = result.report
    assert result.indicators == compare.extract.indicators.extract_indicators(report, lexicon)
    assert result.claims == compare.extract.claims.extract_claims(report, lexicon=lexicon)
    assert result.indicators and result.claims


def test_process_bytes_is_pure_and_takes_overrides() -> None:
    data = SEED.read_bytes()
    a = process_bytes(data, "seed.txt", year=2021, issuer="某区人民政府")
    b = process_bytes(data, "seed.txt", year=2021, issuer="某区人民政府")
    assert a == b
    assert (a.report.year, a.report.issuer, a.report.source) == (2021, "某区人民政府", "seed.txt")
    assert process_bytes(data, "seed.txt").report.year == 2020


def test_each_report_is_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """find_numbers runs once per report (scan), find_change_phrases once (inside scan)."""
    numbers = _count_calls(monkeypatch, compare.extract.indicators, "find_numbers")
    phrases = _count_calls(monkeypatch, compare.extract.indicators, "find_change_phrases")
    claims_phrases = _count_calls(monkeypatch, compare.extract.claims, "find_change_phrases")
    files = _corpus_files()
    outcomes = process_files(files, jobs=1)
    assert all(isinstance(o, ReportResult) for o in outcomes)
    assert len(numbers) == len(files)
    assert len(phrases) + len(claims_phrases) == len(files)


def test_changes_uses_precomputed_results_without_scanning_again(monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes = process_files(_corpus_files(), jobs=1)
    results = engine.results_by_report(outcomes)
    corpus = group_reports(results)
    expected_long, expected_changes = changes.tables(corpus)  # extracts itself
    scans = _count_calls(monkeypatch, compare.extract.indicators, "find_numbers")
    long, table = changes.tables(corpus, results=results)
    assert scans == []
    pd_equal(long, expected_long)
    pd_equal(table, expected_changes)


def pd_equal(a: object, b: object) -> None:
    import pandas as pd

    assert isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame)
    assert a.to_csv(index=False) == b.to_csv(index=False)


def _batch(tmp_path: Path) -> list[ReportTask | Path]:
    """Good files, with bad ones in between: missing, empty, junk."""
    files: list[ReportTask | Path] = list(_corpus_files())
    files.insert(1, tmp_path / "missing.txt")
    files.insert(3, FIXTURES / "empty.txt")
    files.append(FIXTURES / "junk.bin")
    files.append(ReportTask(str(SEED), year=2020, issuer="重庆市北碚区人民政府"))
    return files


def test_failures_are_collected_in_order(tmp_path: Path) -> None:
    tasks = _batch(tmp_path)
    outcomes = process_files(tasks, jobs=1)
    assert len(outcomes) == len(tasks)
    kinds = [type(o.error) if isinstance(o, ReportFailure) else ReportResult for o in outcomes]
    assert kinds == [ReportResult, InputNotFound, ReportResult, EmptyInput, ReportResult, ReportResult,
                     ReportResult, UnsupportedFormat, ReportResult]
    for task, outcome in zip(tasks, outcomes, strict=True):
        path = task.path if isinstance(task, ReportTask) else str(task)
        source = outcome.task.path if isinstance(outcome, ReportFailure) else outcome.report.source
        assert source == path
    missing = outcomes[1]
    assert isinstance(missing, ReportFailure)
    assert missing.message.startswith(f"{tmp_path / 'missing.txt'}: no such file — ")


@pytest.fixture
def pool_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small batches use the pool too (so the tests exercise worker processes)."""
    monkeypatch.setattr(engine, "MIN_POOL_TASKS", 2)


@pytest.mark.usefixtures("pool_always")
def test_two_jobs_give_the_same_results_as_one(tmp_path: Path) -> None:
    tasks = _batch(tmp_path)
    one = process_files(tasks, jobs=1)
    two = process_files(tasks, jobs=2)
    assert one == two
    # Byte-identical once in the form every result has after crossing a process (or the cache):
    # pickle memoises shared objects, so compare round-tripped pickles.
    canonical = [pickle.dumps(pickle.loads(pickle.dumps(o))) for o in one]
    assert canonical == [pickle.dumps(o) for o in two]
    corpus1 = group_reports(o.report for o in one if isinstance(o, ReportResult))
    corpus2 = group_reports(o.report for o in two if isinstance(o, ReportResult))
    for a, b in zip(changes.tables(corpus1, results=engine.results_by_report(one)),
                    changes.tables(corpus2, results=engine.results_by_report(two)), strict=True):
        pd_equal(a, b)


@pytest.mark.usefixtures("pool_always")
def test_failures_cross_the_pool_as_named_errors(tmp_path: Path) -> None:
    outcomes = process_files([FIXTURES / "junk.bin", SEED], jobs=2)
    failure = outcomes[0]
    assert isinstance(failure, ReportFailure) and isinstance(failure.error, UnsupportedFormat)
    assert failure.error.file == str(FIXTURES / "junk.bin")
    assert isinstance(outcomes[1], ReportResult)


def test_a_bug_is_not_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("bug")

    monkeypatch.setattr(compare.extract.result, "scan", broken)  # analyse moved to compare.extract.result
    with pytest.raises(RuntimeError, match="bug"):
        process_files([SEED], jobs=1)


def test_jobs_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        process_files([SEED], jobs=0)


def test_progress_counts_every_file(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    process_files(_corpus_files(), jobs=1, progress=lambda what, done, total: seen.append((done, total)))
    n = len(_corpus_files())
    assert seen[-1] == (n, n)


def test_seed_result_pickles_small() -> None:
    """Results cross process boundaries: the seed's must stay small (text once-ish, no caches)."""
    size = len(pickle.dumps(process_file(SEED), protocol=pickle.HIGHEST_PROTOCOL))
    assert size < 4 * len(SEED.read_bytes())


def test_corpus_of_results_matches_load_corpus(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(CORPUS, folder)
    files = sorted(folder.rglob("*.txt"))
    results = [o for o in process_files(files, jobs=1) if isinstance(o, ReportResult)]
    assert group_reports(r.report for r in results) == load_corpus([folder])


def test_prefetch_serves_load_corpus_and_keeps_the_results(monkeypatch: pytest.MonkeyPatch) -> None:
    loader = engine.prefetch([CORPUS], jobs=1)
    scans = _count_calls(monkeypatch, compare.extract.indicators, "find_numbers")
    corpus = load_corpus([CORPUS], loader=loader)
    assert scans == []  # every file was computed ahead
    assert corpus == load_corpus([CORPUS])
    assert set(loader.results) == set(corpus.reports)
    _long, table = changes.tables(corpus, results=loader.results)
    assert scans == []
    pd_equal(table, changes.changes_table(load_corpus([CORPUS])))


def test_prefetch_takes_manifest_overrides(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    target = CORPUS / "jialing" / "jialing_2019.txt"
    manifest.write_text(f"path,issuer,year\n{target},某区人民政府,\n", encoding="utf-8")
    tasks = engine.corpus_tasks([CORPUS / "linjiang"], manifest, issuer="X县人民政府")
    assert [(Path(t.path).name, t.year, t.issuer) for t in tasks] == [
        ("linjiang_2018.txt", None, "X县人民政府"), ("linjiang_2020.txt", None, "X县人民政府"),
        ("jialing_2019.txt", None, "某区人民政府")]
    loader = engine.prefetch([CORPUS / "linjiang"], manifest, issuer="X县人民政府", jobs=1)
    corpus = load_corpus([CORPUS / "linjiang"], manifest, issuer="X县人民政府", loader=loader)
    assert corpus == load_corpus([CORPUS / "linjiang"], manifest, issuer="X县人民政府")


def test_prefetch_computes_what_was_not_planned_and_raises_planned_failures(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    loader = engine.prefetch([SEED, empty], jobs=1)
    report = loader(SEED, year=2030)  # other overrides than planned: computed here
    assert report.year == 2030 and loader.results[report].report is report
    with pytest.raises(EmptyInput):
        loader(empty)
    with pytest.raises(EmptyInput):
        load_corpus([SEED, empty], loader=loader)  # as load_corpus with compare.load would


@pytest.mark.usefixtures("pool_always")
def test_workers_started_from_a_forkserver_give_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    """With another thread alive (the CLI's progress bar) workers are not forked from this process."""
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert engine._context().get_start_method() in ("forkserver", "spawn")
    files = _corpus_files()
    assert process_files(files, jobs=2) == process_files(files, jobs=1)


def test_a_failure_gives_the_batch_record() -> None:
    (failure,) = process_files([FIXTURES / "empty.txt"], jobs=1)
    assert isinstance(failure, ReportFailure)
    record = failure.record
    assert (record.file, record.kind) == (str(FIXTURES / "empty.txt"), "EmptyInput")
    assert record.message == failure.message


def test_a_compare_run_scans_each_report_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from compare.pipeline import run_compare

    numbers = _count_calls(monkeypatch, compare.extract.indicators, "find_numbers")
    phrases = _count_calls(monkeypatch, compare.extract.claims, "find_change_phrases")
    result = run_compare([CORPUS], tmp_path / "out", jobs=1)
    assert result.summary.reports == len(_corpus_files())
    assert len(numbers) == len(_corpus_files()) and phrases == []


def test_a_changes_run_scans_each_report_once(monkeypatch: pytest.MonkeyPatch) -> None:
    numbers = _count_calls(monkeypatch, compare.extract.indicators, "find_numbers")
    corpus, table = pipeline.corpus_changes([CORPUS], jobs=1)
    assert len(table) and len(numbers) == len(corpus.reports) == len(_corpus_files())
