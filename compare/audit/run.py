"""The audit of a corpus, and of files and folders (what `report-compare audit` calls): the audit's
orchestration, as compare.pipeline is the main job's. The measure modules beside it take records
and tables only; this module alone runs the engine (compare.engine), the pipeline's alignment and,
for `--out`, the writers (compare.write.auditout, imported when used).

`audit_corpus` takes what the main job already has (the corpus, the per-report results of
compare.engine and the changes table of compare.across.changes), so `compare` can add the audit
to its outputs without reading or comparing anything again. `audit_paths` is the whole run for
the `audit` command: the engine (parallel, cached) reads the files, the changes table gives the
claim checks, then `audit_corpus`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from compare.across.units import SectionUnits, section_units
from compare.audit.carryover import CarriedSection
from compare.audit.claims import claim_verdicts
from compare.audit.followthrough import PlanItem
from compare.audit.record import ReportAudit, audit_report
from compare.audit.table import AuditTables, audit_frame, carryover_frame, followthrough_frame
from compare.errors import Failure
from compare.extract.lexicon import Lexicon, load_lexicon
from compare.extract.result import ReportResult, analyse
from compare.models import Report
from compare.read.corpus import Corpus
from compare.read.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Audit:
    """The audit of a corpus: one record per report (issuer by issuer, year by year), and its tables."""

    reports: tuple[ReportAudit, ...]
    failures: tuple[Failure, ...] = ()  # files skipped (batch mode)
    warnings: tuple[str, ...] = ()  # "file: what" of reports read with non-fatal problems
    gaps: tuple[tuple[str, int], ...] = ()  # (issuer, missing year) inside an issuer's run

    @property
    def carried(self) -> tuple[CarriedSection, ...]:
        """Every carried-over section."""
        return tuple(s for a in self.reports for s in a.carried)

    @property
    def plan_items(self) -> tuple[PlanItem, ...]:
        """Every plan item checked against the next report."""
        return tuple(p for a in self.reports for p in a.prior_plan)

    @functools.cached_property
    def tables(self) -> AuditTables:
        """The three tables (compare.audit.table), built once per audit."""
        return AuditTables(audit_frame(self.reports), carryover_frame(self.carried),
                           followthrough_frame(self.plan_items))


def audit_corpus(corpus: Corpus, changes: pd.DataFrame, results: Mapping[Report, ReportResult] | None = None,
                 lexicon: Lexicon | None = None) -> Audit:
    """Audit every report of `corpus`. `changes`: its changes table (compare.changes_table, for the
    claim checks); `results`: indicators and claims already extracted per report (compare.engine),
    else they are extracted here with `lexicon`. Each report is set against the issuer's previous
    report in the corpus (a gap year allowed: `prior_year` says which)."""
    lex = lexicon or (load_lexicon() if not results else None)
    prepared: dict[int, SectionUnits] = {}

    def units(report: Report) -> SectionUnits:
        # Each report is the later one of a pair and the earlier of the next: prepare it once.
        if id(report) not in prepared:
            prepared[id(report)] = section_units(report)
        return prepared[id(report)]

    verdicts = claim_verdicts(changes)
    out = []
    for series in corpus.series:
        issuer = series.name or series.key
        dated = [r for r in series.reports if r.year is not None]
        prior: dict[int, Report] = {id(new): old for old, new in pairwise(dated)}
        for report in series.reports:
            res = (results or {}).get(report) or analyse(report, lex)
            out.append(audit_report(report, res.indicators, res.claims, changes, issuer=issuer,
                                    prior=prior.get(id(report)), units=units, verdicts=verdicts))
    warnings = tuple(f"{r.source}: {w}" for r in corpus.reports for w in r.warnings)
    return Audit(tuple(out), failures=corpus.failures, warnings=warnings, gaps=corpus.gaps)


def audit_paths(paths: Sequence[str | Path], *, manifest: Path | None = None, lexicon: Path | None = None,
                jobs: int | None = None, cache_dir: Path | None = None, limits: Limits = DEFAULT_LIMITS,
                scheduler: str | None = None) -> Audit:
    """Read `paths` (files and folders, as `compare` does: a bad file is skipped and listed in
    `failures`), compute the changes table for the claim checks, and audit every report."""
    import compare
    from compare import engine, pairwork
    from compare.read.corpus import load_corpus

    lex = load_lexicon(lexicon)
    loader = engine.prefetch(list(paths), manifest, jobs=jobs, cache_dir=cache_dir, lexicon=lex, limits=limits,
                             scheduler=scheduler)
    corpus = load_corpus(list(paths), manifest=manifest, loader=loader, keep_going=True)
    # the pairs as `compare` and `changes` get them: in worker processes and through the cache
    alignments = pairwork.pair_work(corpus, measures=False, diffs=False, cache_dir=cache_dir,
                                    jobs=engine.default_jobs() if jobs is None else jobs).alignments
    changes = compare.changes_table(corpus, lex, results=loader.results, alignments=alignments)
    return audit_corpus(corpus, changes, loader.results, lex)


@dataclass(frozen=True)
class AuditRun:
    """`run_audit`'s result: the audit and, with an output folder, the files written."""

    audit: Audit
    files: tuple[Path, ...] = ()  # every file written into the output folder (none without one)


def run_audit(paths: Sequence[str | Path], out: str | Path | None = None, *, manifest: Path | None = None,
              lexicon: Path | None = None, jobs: int | None = None, cache_dir: Path | None = None,
              limits: Limits = DEFAULT_LIMITS, scheduler: str | None = None) -> AuditRun:
    """`audit_paths`, and with `out` its files written there (compare.write.auditout). The output
    folder is held from before the inputs are read until the set is in place, as `compare` holds
    its own: a second run into it stops at once. Raises NothingLoaded when no file could be read
    (nothing is written then)."""
    if out is None:
        return AuditRun(audit_paths(paths, manifest=manifest, lexicon=lexicon, jobs=jobs, cache_dir=cache_dir,
                                    limits=limits, scheduler=scheduler))
    from compare.write import outfolder
    from compare.write.auditout import write_audit

    load_lexicon(lexicon)  # a bad lexicon file fails before the folder is made
    with outfolder.reserve(out):
        audit = audit_paths(paths, manifest=manifest, lexicon=lexicon, jobs=jobs, cache_dir=cache_dir,
                            limits=limits, scheduler=scheduler)
        written = write_audit(out, audit.tables, held=True)
    return AuditRun(audit, written.paths)
