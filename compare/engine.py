"""The per-report engine: one report file's bytes -> a ReportResult (Report, Indicators, Claims),
for many files at once, in parallel processes and through a cache of earlier results.

The per-report stage is a pure function of the file's bytes and its arguments (`process_bytes`):
the name (format hints and messages), the user's overrides (year, issuer) and the lexicon. That is
what makes it safe to run in worker processes (`jobs`) and to reuse results from an earlier run
(`compare.cache`): the same inputs always give the same result, whichever process computed it.

Numbers are scanned once per report: `compare.extract.indicators.scan` returns the indicators and the
change phrases of one pass, and both go to `compare.extract.claims.extract_claims` (which would otherwise
find the change phrases, and their numbers, again).

`process_files` never raises for a bad file: a named error (compare.errors) becomes a
`ReportFailure` in the file's place, so one damaged PDF does not stop a batch of a thousand.
Anything else is a bug and propagates (exit code 1).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from compare.cache import ResultCache, lexicon_fingerprint, result_key
from compare.errors import CompareError, Failure
from compare.extract.lexicon import Lexicon, load_lexicon
from compare.extract.result import ReportResult, analyse
from compare.models import Report
from compare.read.corpus import expand_paths, read_manifest
from compare.read.limits import DEFAULT_LIMITS, Limits
from compare.read.loading import load_bytes, read_bytes

#: A progress callback: (what is being done, steps done, steps in total), as compare.pipeline's.
Progress = Callable[[str, int, int], None]

#: Reports handed to a worker at a time: large enough that a 30 ms report is not dominated by the
#: round trip to the pool, small enough that both cores stay busy to the end of a small batch.
MAX_CHUNK = 8

#: Fewer reports than this to compute run in this process whatever `jobs` says: starting a pool
#: (~0.05 s forked, ~1 s from a forkserver) costs more than it saves on a handful of 30 ms reports.
MIN_POOL_TASKS = 16


@dataclass(frozen=True)
class ReportTask:
    """One file to process, with the user's overrides for it (a --manifest row, --year, --issuer)."""

    path: str  # as given by the user; becomes Report.source
    year: int | None = None  # overrides the year found in the file
    issuer: str | None = None  # overrides the issuer found in the file


@dataclass(frozen=True, eq=False)
class ReportFailure:
    """A file the per-report stage rejected, in its place among the results. Keeps the named
    error itself (to be raised again where a file is loaded), not only its record."""

    task: ReportTask
    error: CompareError  # the named error, as `compare.load` would raise it

    @property
    def message(self) -> str:
        """`<file>: <what> — <fix>`, as the CLI prints it after `Error: `."""
        return self.error.message

    @property
    def record(self) -> Failure:
        """The batch's record of it (compare.errors.Failure: a Failures-sheet row)."""
        return Failure.of(self.error)

    def _key(self) -> tuple[ReportTask, type[CompareError], str]:
        return (self.task, type(self.error), self.error.message)

    # Exceptions compare by identity; two runs (or a worker and this process) give equal failures.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReportFailure) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


Outcome = ReportResult | ReportFailure


def process_bytes(data: bytes, name: str, *, year: int | None = None, issuer: str | None = None,
                  lexicon: Lexicon | None = None, limits: Limits = DEFAULT_LIMITS) -> ReportResult:
    """The per-report stage: a file's bytes -> ReportResult. A pure function of its arguments
    (`name` gives the format hint and Report.source; `year` / `issuer` override the file's;
    `limits` bound what the file may cost, compare.read.limits)."""
    return analyse(load_bytes(data, name, year=year, issuer=issuer, limits=limits), lexicon)


def process_file(path: str | Path, *, year: int | None = None, issuer: str | None = None,
                 lexicon: Lexicon | None = None, limits: Limits = DEFAULT_LIMITS) -> ReportResult:
    """`process_bytes` of a file on disk (named errors for a missing, empty or huge file)."""
    return process_bytes(read_bytes(path, limits), str(path), year=year, issuer=issuer, lexicon=lexicon,
                         limits=limits)


def default_jobs() -> int:
    """Worker processes by default: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS / Windows have no sched_getaffinity
        return max(1, os.cpu_count() or 1)


def process_files(tasks: Sequence[ReportTask | str | Path], *, jobs: int | None = None,
                  cache_dir: Path | None = None, lexicon: Lexicon | None = None,
                  progress: Progress | None = None, limits: Limits = DEFAULT_LIMITS,
                  scheduler: str | None = None) -> tuple[Outcome, ...]:
    """The per-report stage over many files: one ReportResult or ReportFailure per task, in input
    order.

    `jobs` worker processes (default: `default_jobs()`; 1, or fewer than MIN_POOL_TASKS files to
    compute, runs in this process, no pool); the output is the same for any number. `cache_dir`
    holds results of earlier runs (compare.cache; None: no cache); only this process writes to it.
    A file the stage rejects with a named error becomes a ReportFailure; any other exception is a
    bug and propagates. `limits` (compare.read.limits) go to every file and into the cache key.
    `scheduler`: the address of a Dask scheduler that runs the stage instead of local processes
    (compare.cluster; needs the `dask` extra)."""
    lexicon = lexicon or load_lexicon()
    todo = [t if isinstance(t, ReportTask) else ReportTask(str(t)) for t in tasks]
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    out: list[Outcome | None] = [None] * len(todo)
    # index -> (file's SHA-256, cache key) of what must be computed; empty hashes without a cache.
    # The cache is closed while workers run: a connection must not be open across a fork.
    missing = {k: ("", "") for k in range(len(todo))}
    if cache_dir is not None and (cache := ResultCache.open(cache_dir)) is not None:
        with cache:
            missing = _lookup(todo, out, cache, lexicon, limits)
    done = len(todo) - len(missing)
    if progress and done:
        progress("read from the cache", done, len(todo))
    computed: dict[str, ReportResult] = {}
    # Workers get paths, not bytes: nothing large is held or sent; a file changed since it was
    # hashed is not stored under the old hash (its result says which bytes it read).
    args = [(todo[k].path, todo[k].year, todo[k].issuer) for k in missing]
    results = (_compute(args, jobs, lexicon, limits) if scheduler is None
               else _on_cluster(args, lexicon, scheduler, limits))
    for n, (k, outcome) in enumerate(zip(missing, results, strict=True)):
        out[k] = outcome
        sha, key = missing[k]
        if isinstance(outcome, ReportResult) and key and outcome.report.sha256 == sha:
            computed[key] = outcome
        if progress:
            progress(f"reading {Path(todo[k].path).name}", done + n + 1, len(todo))
    if cache_dir is not None and computed and (cache := ResultCache.open(cache_dir)) is not None:
        with cache:
            cache.put_many(computed)
    return tuple(o for o in out if o is not None)


def _lookup(todo: list[ReportTask], out: list[Outcome | None], cache: ResultCache,
            lexicon: Lexicon, limits: Limits) -> dict[int, tuple[str, str]]:
    """Fill `out` with cached results and unreadable files' failures; return the rest, index ->
    (SHA-256 of the file, cache key)."""
    lexicon_hash = lexicon_fingerprint(lexicon)
    extra = {"limits": limits} if limits != DEFAULT_LIMITS else None
    keys: dict[int, tuple[str, str]] = {}
    for k, task in enumerate(todo):
        try:
            sha = hashlib.sha256(read_bytes(task.path, limits)).hexdigest()
        except CompareError as exc:
            out[k] = ReportFailure(task, exc)
            continue
        keys[k] = (sha, result_key(sha, task.path, year=task.year, issuer=task.issuer, lexicon_hash=lexicon_hash,
                                        extra=extra))
    found = cache.get_many(key for _, key in keys.values())
    missing: dict[int, tuple[str, str]] = {}
    for k, (sha, key) in keys.items():
        hit = found.get(key)
        if isinstance(hit, ReportResult) and hit.report.source == todo[k].path and hit.report.sha256 == sha:
            out[k] = hit
        else:
            missing[k] = (sha, key)
    return missing


class Prefetched:
    """A `loader` for compare.read.corpus.load_corpus that serves reports `process_files` computed ahead
    (in parallel, from the cache), and keeps their full results for compare.across.changes (`results`).

    A call it has no result for (other overrides than were planned) is computed here, so serving
    never depends on the plan being right; a planned file that failed raises its named error, as
    `compare.load` would have."""

    def __init__(self, tasks: Sequence[ReportTask], outcomes: Sequence[Outcome], lexicon: Lexicon,
                 limits: Limits = DEFAULT_LIMITS) -> None:
        self._lexicon = lexicon
        self._limits = limits
        self._planned = {_task_key(t): o for t, o in zip(tasks, outcomes, strict=True)}
        self.results: dict[Report, ReportResult] = {}  # what was served, by report

    def __call__(self, path: str | Path, *, year: int | None = None, issuer: str | None = None,
                 limits: Limits | None = None) -> Report:
        planned = limits is None or limits == self._limits
        outcome = self._planned.get(_task_key(ReportTask(str(path), year, issuer))) if planned else None
        if outcome is None:
            outcome = process_file(path, year=year, issuer=issuer, lexicon=self._lexicon,
                                   limits=self._limits if limits is None else limits)
        if isinstance(outcome, ReportFailure):
            raise outcome.error
        self.results[outcome.report] = outcome
        return outcome.report


def prefetch(paths: Sequence[str | Path], manifest: Path | None = None, year: int | None = None,
             issuer: str | None = None, *, manifest_adds_files: bool = True, jobs: int | None = None,
             cache_dir: Path | None = None, lexicon: Lexicon | None = None,
             progress: Progress | None = None, limits: Limits = DEFAULT_LIMITS,
             scheduler: str | None = None) -> Prefetched:
    """Run the per-report stage over the files `compare.read.corpus.load_corpus(paths, manifest, year,
    issuer, manifest_adds_files=...)` will read, with the overrides it will pass, and return the
    loader that serves them:

        loader = prefetch(paths, manifest, jobs=2, cache_dir=default_cache_dir())
        corpus = load_corpus(paths, manifest, loader=loader, keep_going=True)
        long, changes = compare.across.changes.tables(corpus, lexicon, results=loader.results)
    """
    lexicon = lexicon or load_lexicon()
    tasks = corpus_tasks(paths, manifest, year, issuer, manifest_adds_files=manifest_adds_files)
    outcomes = process_files(tasks, jobs=jobs, cache_dir=cache_dir, lexicon=lexicon, progress=progress,
                             limits=limits, scheduler=scheduler)
    return Prefetched(tasks, outcomes, lexicon, limits)


def corpus_tasks(paths: Sequence[str | Path], manifest: Path | None = None, year: int | None = None,
                 issuer: str | None = None, *, manifest_adds_files: bool = True) -> list[ReportTask]:
    """The files load_corpus reads and the overrides it passes for each (a manifest row first, then
    --year / --issuer). Paths that do not exist are left out and arguments it refuses give no
    tasks: load_corpus reports both (this only plans work; serving never depends on it)."""
    files = list(expand_paths(paths, keep_going=True)) if paths else []
    rows = {r.path.resolve(): r for r in (read_manifest(manifest) if manifest is not None else ())}
    known = {f.resolve() for f in files}
    if manifest_adds_files or not files:
        files += [r.path for r in rows.values() if r.path.resolve() not in known]
    if year is not None and len(files) > 1:
        return []
    tasks = []
    for f in files:
        row = rows.get(f.resolve())
        tasks.append(ReportTask(str(f), row.year if row and row.year is not None else year,
                                row.issuer if row and row.issuer else issuer))
    return tasks


def _task_key(task: ReportTask) -> tuple[str, int | None, str | None]:
    return (task.path, task.year, task.issuer)


# ---------------------------------------------------------------------------------- workers

#: The lexicon and limits of a worker process, set once by `_init_worker` (sent once, not with
#: every report).
_WORKER_LEXICON: Lexicon | None = None
_WORKER_LIMITS: Limits = DEFAULT_LIMITS

_Args = tuple[str, int | None, str | None]  # path, year, issuer


def _compute(args: list[_Args], jobs: int, lexicon: Lexicon, limits: Limits) -> Iterator[Outcome]:
    """Outcomes of `args`, in order: in this process for one job or one file, else in a pool."""
    if jobs == 1 or len(args) < max(2, MIN_POOL_TASKS):
        yield from (_run_one(a, lexicon, limits) for a in args)
        return
    workers = min(jobs, len(args))
    chunk = max(1, min(MAX_CHUNK, len(args) // (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init_worker,
                             initargs=(lexicon, limits)) as pool:
        yield from pool.map(_work, args, chunksize=chunk)


def _on_cluster(args: list[_Args], lexicon: Lexicon, scheduler: str, limits: Limits) -> Iterator[Outcome]:
    # Imported here: the cluster module imports distributed (an optional extra) on use only.
    from compare.cluster import client_class, run_on_cluster

    client_class()  # a missing extra is reported even when every result comes from the cache
    return run_on_cluster(args, lexicon, scheduler, limits)


def _context() -> multiprocessing.context.BaseContext:
    # fork is the cheapest start (the worker has every module imported already), but a fork taken
    # while another thread holds a lock (the CLI's progress bar) can hang the child: fork only when
    # this is the one thread. Else forkserver, which forks workers from a clean process that has
    # imported the engine once (~1 s), or spawn where neither exists (Windows).
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["compare.engine"])
        return ctx
    return multiprocessing.get_context("spawn")


def _init_worker(lexicon: Lexicon, limits: Limits) -> None:
    global _WORKER_LEXICON, _WORKER_LIMITS
    _WORKER_LEXICON, _WORKER_LIMITS = lexicon, limits


def _work(args: _Args) -> Outcome:
    assert _WORKER_LEXICON is not None, "worker started without _init_worker"
    return _run_one(args, _WORKER_LEXICON, _WORKER_LIMITS)


def _run_one(args: _Args, lexicon: Lexicon, limits: Limits) -> Outcome:
    path, year, issuer = args
    try:
        return process_file(path, year=year, issuer=issuer, lexicon=lexicon, limits=limits)
    except CompareError as exc:
        return ReportFailure(ReportTask(path, year, issuer), exc)


def results_by_report(outcomes: Sequence[Outcome]) -> Mapping[Report, ReportResult]:
    """The results of `process_files` keyed by their Report, as compare.across.changes takes them."""
    return {o.report: o for o in outcomes if isinstance(o, ReportResult)}


__all__ = [
    "Outcome",
    "Prefetched",
    "ReportFailure",
    "ReportResult",
    "ReportTask",
    "analyse",
    "corpus_tasks",
    "default_jobs",
    "prefetch",
    "process_bytes",
    "process_file",
    "process_files",
    "results_by_report",
]
