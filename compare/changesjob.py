"""The `changes` job: report files -> the changes table (what `report-compare changes` prints),
without the writers. compare.pipeline re-exports it; it lives apart because the pipeline module
imports the workbook, chart and page writers (matplotlib, openpyxl: 0.7 CPU-s of start-up that a
csv of changes never uses).

Each report is scanned once (compare.engine) and each pair aligned once (compare.pairwork). The
indicators of a series are matched, and its rows of changes made, as soon as its pairs are in,
while the workers align the series after it: that work overlaps the alignment instead of
following it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from compare import engine, pairwork
from compare.across.align import SeriesAlignment
from compare.across.changes import changes_frame, series_changes
from compare.across.series import series_data
from compare.extract.lexicon import Lexicon, load_lexicon
from compare.read.corpus import Corpus, load_corpus
from compare.read.limits import DEFAULT_LIMITS, Limits


def corpus_changes(paths: Sequence[str | Path], manifest: Path | None = None,
                   lexicon: Lexicon | Path | str | None = None, year: int | None = None,
                   issuer: str | None = None, *, keep_going: bool = False, jobs: int | None = None,
                   cache_dir: Path | None = None, limits: Limits = DEFAULT_LIMITS,
                   scheduler: str | None = None) -> tuple[Corpus, pd.DataFrame]:
    """Load `paths` (files / folders; `year` / `issuer` overrides and `keep_going` batch mode as in
    `load_corpus`) and compute `compare.across.changes.changes_table`: what `report-compare changes`
    prints. The manifest only supplies issuer and year for the files given: a row for another file
    does not add that file to the run. The corpus is returned for its warnings, gaps and failures.
    The per-report stage runs in `jobs` processes (None: cores) and reuses results stored in
    `cache_dir` (None: no cache), or on the Dask cluster at `scheduler`, see compare.engine; `limits`
    bound what each file may cost (compare.read.limits); each pair of reports is aligned once."""
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(Path(lexicon) if lexicon else None)
    loader = engine.prefetch(paths, manifest, year, issuer, manifest_adds_files=False, jobs=jobs,
                             cache_dir=cache_dir, lexicon=lex, limits=limits, scheduler=scheduler)
    corpus = load_corpus(paths, manifest=manifest, year=year, issuer=issuer, keep_going=keep_going,
                         manifest_adds_files=False, loader=loader)
    rows: list[list[dict[str, Any]] | None] = [None] * len(corpus.series)

    def ready(k: int, alignment: SeriesAlignment) -> None:
        rows[k] = series_changes(series_data(corpus.series[k], lex, loader.results, alignment))

    pairwork.pair_work(corpus, measures=False, diffs=False, cache_dir=cache_dir, ready=ready,
                       jobs=engine.default_jobs() if jobs is None else jobs)
    done = [r for r in rows if r is not None]
    if len(done) != len(rows):  # pair_work tells every series; anything else is a bug
        raise RuntimeError(f"{len(rows) - len(done)} issuer series were never aligned")
    return corpus, changes_frame([row for r in done for row in r])
