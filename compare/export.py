"""The `report-compare extract` job: files -> per-report stage (compare.engine) -> corpus -> long
tables (compare.write.longtables) written as one set into an output folder.

Like `compare`, it is a batch: a file that cannot be read is skipped and recorded (the failures
table, `ExtractResult.failures`), the rest is written. The folder is locked while written and the
tables are swapped in together (compare.write.outfolder): a reader never sees the reports table of
one run next to the changes table of another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from compare import engine
from compare.across.changes import changes_table
from compare.errors import Failure
from compare.extract.lexicon import load_lexicon
from compare.read.corpus import load_corpus
from compare.read.limits import DEFAULT_LIMITS, Limits
from compare.write import longtables, outfolder


@dataclass(frozen=True)
class ExtractResult:
    """What `run_extract` wrote."""

    paths: tuple[Path, ...]  # DIR/reports.<fmt>, ... in longtables.TABLES order
    rows: dict[str, int]  # table name -> rows written
    failures: tuple[Failure, ...] = ()  # files skipped (also the failures table)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, compare=False, repr=False)  # what was written


def extract_tables(paths: Sequence[str | Path], *, manifest: Path | None = None, lexicon: Path | None = None,
                   jobs: int | None = None, cache_dir: Path | None = None, scheduler: str | None = None,
                   progress: engine.Progress | None = None,
                   limits: Limits = DEFAULT_LIMITS) -> dict[str, pd.DataFrame]:
    """The long tables (compare.write.longtables.TABLES) of the reports at `paths` (files and
    folders; `manifest` overrides issuer / year), in batch mode. The per-report stage runs in
    `jobs` processes, or on the Dask cluster at `scheduler`, reusing results in `cache_dir`;
    `limits` bound what each file may cost (compare.read.limits)."""
    tables, _ = _build(paths, manifest, lexicon, jobs, cache_dir, scheduler, progress, limits)
    return tables


def _build(paths: Sequence[str | Path], manifest: Path | None, lexicon: Path | None, jobs: int | None,
           cache_dir: Path | None, scheduler: str | None,
           progress: engine.Progress | None,
           limits: Limits) -> tuple[dict[str, pd.DataFrame], tuple[Failure, ...]]:
    lex = load_lexicon(lexicon)
    loader = engine.prefetch(list(paths), manifest, jobs=jobs, cache_dir=cache_dir, lexicon=lex,
                             progress=progress, scheduler=scheduler, limits=limits)
    corpus = load_corpus(list(paths), manifest=manifest, loader=loader, keep_going=True)
    changes = changes_table(corpus, lex, results=loader.results)
    return longtables.long_tables(corpus, loader.results, changes), corpus.failures


def run_extract(paths: Sequence[str | Path], out_dir: str | Path, fmt: str = "csv", *,
                manifest: Path | None = None, lexicon: Path | None = None, jobs: int | None = None,
                cache_dir: Path | None = None, scheduler: str | None = None,
                progress: engine.Progress | None = None, limits: Limits = DEFAULT_LIMITS) -> ExtractResult:
    """Write the long tables of `paths` to `out_dir` as `fmt` (csv, parquet, jsonl): one file per
    table, replacing those of an earlier extract in the same format; other files are untouched.
    Nothing is written when no file can be read (NothingLoaded)."""
    checked = longtables.check_format(fmt)  # an unknown format or a missing pyarrow fails before any work
    load_lexicon(lexicon)  # and so does a bad lexicon file
    names = longtables.file_names(checked)
    # The folder is held from here to the swap: a second run into it stops now, not after computing.
    with outfolder.reserve(out_dir):
        tables, failures = _build(paths, manifest, lexicon, jobs, cache_dir, scheduler, progress, limits)

        def write(staging: Path) -> None:
            for (table, frame), name in zip(tables.items(), names, strict=True):
                longtables.write_table(frame, table, staging / name, checked)

        outfolder.write_set(out_dir, names, write, held=True)
    return ExtractResult(paths=tuple(Path(out_dir) / n for n in names),
                         rows={t: len(f) for t, f in tables.items()}, failures=failures, tables=tables)


__all__ = ["ExtractResult", "extract_tables", "run_extract"]
