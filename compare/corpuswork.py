"""Corpus-level work without outputs, for the `changes` command and the library: the changes table
of files and folders (`corpus_changes`) and every issuer's pairs aligned in this process
(`align_corpus`). Re-exported by compare.pipeline, their first home."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from compare import engine, pairwork
from compare.across import align
from compare.across import changes as changes_stage
from compare.across.align import SeriesAlignment
from compare.extract.lexicon import Lexicon, load_lexicon
from compare.read.corpus import Corpus, load_corpus
from compare.read.limits import DEFAULT_LIMITS, Limits

#: A progress callback: (what is being done, steps done, steps in total), as compare.pipeline's.
Progress = Callable[[str, int, int], None]


def align_corpus(corpus: Corpus, *, measures: bool = True,
                 progress: Progress | None = None) -> tuple[SeriesAlignment, ...]:
    """Every issuer's consecutive reports aligned, each pair exactly once, in `corpus.series` order:
    the one alignment every later stage takes (section sheets, diffs, indicator matching).
    `measures=False` when only the pairs are needed (`changes`: the measures are for the sheets)."""
    total = sum(max(len(s.reports) - 1, 0) for s in corpus.series)
    out: list[SeriesAlignment] = []
    done = 0
    for s in corpus.series:
        if progress and len(s.reports) > 1:
            progress(f"aligning {s.key or s.name} {s.reports[0].year}→{s.reports[-1].year}", done, total)
        out.append(align.align_series(s.reports, measures=measures))
        done += max(len(s.reports) - 1, 0)
    if progress:
        progress("aligned", total, total)
    return tuple(out)


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
    alignments = pairwork.pair_work(corpus, measures=False, diffs=False, cache_dir=cache_dir,
                                    jobs=engine.default_jobs() if jobs is None else jobs).alignments
    return corpus, changes_stage.changes_table(corpus, lex, results=loader.results, alignments=alignments)
