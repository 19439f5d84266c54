"""The job cache: the tables of a `compare` run, kept under one key, so that a rerun with nothing
changed computes no table (issue 10: 15 of the 30 s a rerun of 1,000 reports took).

The tables (series, changes, claim checks, sections, summary, audit) are a pure function of the
corpus, the per-report results, the lexicon and the toolkit's code. The corpus and the results are
in turn a pure function of what `load_corpus` asked the per-report stage for and what it got: for
each file in corpus order its path as given, its year / issuer overrides and its bytes' SHA-256 (or
the named error it failed with). `job_key` hashes those calls (`Recorder` records them while the
corpus loads), the corpus' grouping and failures, the lexicon's content, the limits, the paths as
given, the toolkit's code fingerprint (compare.cache.code_fingerprint) and the versions of Python,
pandas and numpy the tables were computed with. A changed byte, a file added or removed, another
manifest row, lexicon, limit or module is another key: the tables are computed again, never served
stale.

The key is known right after the per-report stage (cheap: every file was hashed for the per-report
cache already), before any table is computed. Entries live in the per-report cache's SQLite file
(compare.cache.ResultCache, keys `job:<hex>`): the same folder, privacy rules, size bound and
least-recently-used trimming, and the same damage handling: a bad entry is dropped and the tables
are computed again, never fatal. One entry for 1,000 reports is ~3 MB compressed and loads in
~0.1 s. Without a cache folder (`--no-cache`) the store is neither read nor written; the key is
still computed: the output folder's reuse check (compare.write.reuse) takes it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from compare.cache import ResultCache, code_fingerprint, lexicon_fingerprint
from compare.errors import CompareError
from compare.extract.lexicon import Lexicon
from compare.models import Report
from compare.read.corpus import Corpus
from compare.read.limits import Limits

#: Layout of the key and of stored values; bump it when either changes.
JOB_FORMAT = 1
#: Prefix of job entries among the per-report (hex) and pair (`pair:`) entries of the cache.
KEY_PREFIX = "job:"

T = TypeVar("T")

#: One loader call: path as given, year and issuer overrides, other arguments, and its outcome
#: ("ok", SHA-256 of the bytes read) or ("error", error class, message).
Call = tuple[str, int | None, str | None, str, str, str, str]


class Recorder:
    """A loader for compare.read.corpus.load_corpus that passes every call on to `loader` and keeps
    what was asked and what came back, in call order, for `job_key`."""

    def __init__(self, loader: Callable[..., Report]) -> None:
        self._loader = loader
        self.calls: list[Call] = []

    def __call__(self, path: str | Path, *, year: int | None = None, issuer: str | None = None,
                 **options: Any) -> Report:
        extra = repr(sorted(options.items()))
        try:
            report = self._loader(path, year=year, issuer=issuer, **options)
        except CompareError as exc:
            self.calls.append((str(path), year, issuer, extra, "error", type(exc).__name__, exc.message))
            raise
        self.calls.append((str(path), year, issuer, extra, "ok", report.sha256, ""))
        return report


def job_key(calls: Sequence[Call], corpus: Corpus, *, paths: Sequence[str | Path], lexicon: Lexicon,
            limits: Limits) -> str:
    """The key of a job's tables: a hash of everything they are a pure function of (module
    docstring). `calls`: `Recorder.calls` of the load that made `corpus`."""
    parts = {
        "format": JOB_FORMAT,
        "code": code_fingerprint(),
        "python": sys.version,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "lexicon": lexicon_fingerprint(lexicon),
        "limits": repr(limits),
        "paths": [str(p) for p in paths],
        "calls": [list(c) for c in calls],
        "series": [[s.key, s.name, [r.source for r in s.reports]] for s in corpus.series],
        "failures": [[f.file, f.what, f.fix, f.kind] for f in corpus.failures],
    }
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def load(cache_dir: Path | None, key: str, kind: type[T]) -> T | None:
    """The tables stored under `key` when present, readable and of type `kind`; else None (no cache
    folder, a miss, or a bad entry, which the cache drops)."""
    if cache_dir is None or (cache := ResultCache.open(cache_dir)) is None:
        return None
    with cache:
        hit = cache.get_many([KEY_PREFIX + key]).get(KEY_PREFIX + key)
    return hit if isinstance(hit, kind) else None


def store(cache_dir: Path | None, key: str, tables: object) -> None:
    """Keep `tables` under `key` (nothing without a cache folder; a cache that cannot be written is
    skipped, as for per-report results)."""
    if cache_dir is None or (cache := ResultCache.open(cache_dir)) is None:
        return
    with cache:
        cache.put_many({KEY_PREFIX + key: tables})


__all__ = ["JOB_FORMAT", "KEY_PREFIX", "Call", "Recorder", "job_key", "load", "store"]
