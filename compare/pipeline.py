"""The main job (`report-compare compare`): files -> corpus -> tables -> workbook, charts, diff page,
overview page.

Data flows one way: each stage's public entry point is called once, in order, and the outputs are
built from its records and tables. This module only wires the stages and builds the plain tables
the writers take (`compare.write.excel.write_workbook`, `compare.write.charts.write_charts`,
`compare.write.htmldiff.write_html`, `compare.write.indexpage.write_index`). The summary and the
overview page's sections are compare.overview; reports with no other year are compare.single.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

from compare import bookproc, engine, jobcache, pairwork, schema, single
from compare.across import changes as changes_stage
from compare.across.align import SeriesAlignment
from compare.across.diff import SectionDiff
from compare.audit import AuditTables, audit_corpus
from compare.changesjob import corpus_changes  # re-exported: `changes` lives apart from the writers
from compare.errors import Failure, UsageError
from compare.extract.lexicon import Lexicon, load_lexicon
from compare.models import Report
from compare.overview import (
    SUMMARY_BIGGEST,
    CompareSummary,
    biggest_changes,
    facts,
    index_sections,
    links,
    summary_frame,
    year_span,
)
from compare.pairwork import align_corpus  # re-exported: its first home
from compare.read.corpus import Corpus, load_corpus
from compare.read.limits import DEFAULT_LIMITS, Limits
from compare.write import DEFAULT_CHARTS, excel, htmldiff, indexpage, outfolder, reuse
from compare.write.indexpage import PageSection
from compare.write.outlinehtml import LoneReport

#: Output names inside the output folder.
WORKBOOK_NAME = "comparison.xlsx"
CHARTS_DIR = "charts"
DIFF_NAME = "diff.html"
INDEX_NAME = indexpage.INDEX_NAME

#: Re-exported: the summary moved to compare.overview, corpus_changes to compare.changesjob and
#: align_corpus to compare.pairwork; callers import them from here.
__all__ = ["SUMMARY_BIGGEST", "CompareJob", "CompareResult", "CompareSummary", "ReportPair", "align_corpus",
           "biggest_changes", "compute", "corpus_changes", "run_compare", "summary_frame", "write_workbook",
           "year_span"]

#: A progress callback: (what is being done, steps done, steps in total).
Progress = Callable[[str, int, int], None]

@dataclass(frozen=True)
class ReportPair:
    """Two consecutive reports of one issuer, with their aligned sections and section diffs."""

    issuer: str  # issuer as written in its latest report (重庆市北碚区人民政府), as compare.across.changes names it
    old: Report
    new: Report
    matches: tuple[Any, ...]  # compare.models.SectionMatch, alignment order
    diffs: tuple[SectionDiff, ...]  # compare.across.diff.SectionDiff, one per aligned group


@dataclass(frozen=True)
class CompareResult:
    """The summary and every file written."""

    summary: CompareSummary
    workbook: Path  # DIR/comparison.xlsx
    charts: tuple[Path, ...]  # DIR/charts/*.png (and .svg)
    diff_html: Path  # DIR/diff.html
    index_html: Path  # DIR/index.html, the overview page
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, compare=False, repr=False)  # what the sheets hold

    @property
    def paths(self) -> tuple[Path, ...]:
        """Every file written: workbook, charts, diff page, overview page."""
        return (self.workbook, *self.charts, self.diff_html, self.index_html)


# ---------------------------------------------------------------------------------- tables


def sources_frame(corpus: Corpus) -> pd.DataFrame:
    """One row per report: file, issuer, year, date, title, format, SHA-256."""
    return schema.SOURCES.frame(
        {"file": r.source, "issuer": r.issuer, "year": r.year, "date": r.date, "title": r.title,
         "format": r.format, "sha256": r.sha256}
        for r in corpus.reports
    )


def failures_frame(failures: Sequence[Failure]) -> pd.DataFrame:
    """The Failures sheet: one row per file skipped, with what is wrong and what to do."""
    return schema.FAILURES.frame({"file": f.file, "error": f.what, "fix": f.fix, "error_kind": f.kind}
                                 for f in failures)


def report_pairs(corpus: Corpus, alignments: Sequence[SeriesAlignment],
                 diffs: Sequence[Sequence[tuple[SectionDiff, ...] | None]]) -> list[ReportPair]:
    """Consecutive dated reports of each issuer (by year; gaps allowed) with their alignment and
    section diffs, each computed once per pair: the `alignments` and `diffs` of
    compare.pairwork.pair_work (with diffs, its default)."""
    pairs = []
    for k, (series, alignment) in enumerate(zip(corpus.series, alignments, strict=True)):
        for t, ((old, new), matches) in enumerate(zip(pairwise(series.reports), alignment, strict=True)):
            if old.year is None or new.year is None:
                continue
            pair_diffs = diffs[k][t]
            if pair_diffs is None:
                raise ValueError("report_pairs needs the section diffs: pairwork.pair_work(..., diffs=True)")
            # The issuer as compare.across.changes names it (full name), so rows of all sheets join on it.
            pairs.append(ReportPair(issuer=series.name or series.key, old=old, new=new, matches=matches,
                                    diffs=pair_diffs))
    return pairs


def sections_frame(pairs: Sequence[ReportPair], lone: Sequence[LoneReport] = ()) -> pd.DataFrame:
    """The Sections sheet: every aligned pair of sections, with the two report years; then each part
    of the reports in `lone` (no other year of their issuer), status only_one_year."""
    rows = []
    for p in pairs:
        for m in p.matches:
            rows.append({"issuer": p.issuer, "year_old": p.old.year, "year_new": p.new.year,
                         "old_path": m.old_path, "new_path": m.new_path, "old_title": m.old_title,
                         "new_title": m.new_title, "score": m.score, "status": m.status, "cosine": m.cosine,
                         "jaccard": m.jaccard, "edit_similarity": m.edit_similarity})
    return schema.SECTIONS.frame(rows + single.section_rows(lone))


def section_diffs_frame(pairs: Sequence[ReportPair], sections: pd.DataFrame,
                        lone: Sequence[LoneReport] = ()) -> pd.DataFrame:
    """The Section diffs sheet: one row per changed pair (ops for the rich text), with
    `pair_index`, the row of `sections` it belongs to (for the Sections -> diff link); then the
    text of each part of the reports in `lone` (their rows close `sections`)."""
    index: dict[tuple[str, Any, str], int] = {}
    for i, row in enumerate(sections.itertuples(index=False)):
        for path, side in ((row.new_path, "new"), (row.old_path, "old")):
            if path:
                index.setdefault((row.issuer, row.year_new, f"{side}:{path}"), i)
    rows = []
    for p in pairs:
        for d in p.diffs:
            if not d.changed:
                continue
            first_new = d.new_path.split(" + ")[0] if d.new_path else ""
            first_old = d.old_path.split(" + ")[0] if d.old_path else ""
            target = index.get((p.issuer, p.new.year, f"new:{first_new}")) if first_new else None
            if target is None and first_old:
                target = index.get((p.issuer, p.new.year, f"old:{first_old}"))
            rows.append({"issuer": p.issuer, "year_old": p.old.year, "year_new": p.new.year,
                         "old_path": d.old_path, "new_path": d.new_path, "old_title": d.old_title,
                         "new_title": d.new_title, "status": d.status, "insertions": d.insertions,
                         "deletions": d.deletions, "changes": d.changes, "moves": d.moves,
                         "pair_index": target, "ops": d.ops})
    # The lone reports' rows close `sections` (sections_frame), the only rows of their status.
    first_lone = len(sections) - int((sections["status"] == single.ONLY_ONE_YEAR).sum())
    rows += single.section_diff_rows(lone, first_lone)
    return pd.DataFrame(rows, columns=[*schema.SECTION_DIFFS.ids, "pair_index", "ops"])


@dataclass(frozen=True)
class IndicatorTables:
    """The tables of compare.across.changes, shaped for the writers."""

    long: pd.DataFrame  # schema.INDICATORS_LONG (changes.long_table) + indicator_name (lexicon's Chinese name)
    wide: schema.IndicatorsWide  # changes.wide_table with its years, marks, indicator_name, section
    changes: pd.DataFrame  # schema.CHANGES (changes.changes_table)
    claims: pd.DataFrame  # schema.CLAIM_CHECKS: the changes rows that a report states itself


def indicator_tables(corpus: Corpus, lexicon: Lexicon, results: changes_stage.Precomputed | None = None,
                     alignments: changes_stage.Alignments | None = None) -> IndicatorTables:
    """Long, wide, changes and claims tables of the corpus (compare.across.changes), plus the marks of
    implied / approximate values and the section each indicator was last reported in. `results`:
    per-report results already computed (compare.engine), not extracted again; `alignments`: the
    corpus' section alignments (`align_corpus`), not aligned again."""
    names = {e.id: e.name for e in lexicon.entries}
    long, table = changes_stage.tables(corpus, lexicon, results=results, alignments=alignments)
    # An indicator the lexicon does not know is named by its subject (督察组), never left blank.
    long = long.assign(indicator_name=[names.get(i) or s for i, s in zip(long["indicator"], long["subject"],
                                                                         strict=True)] if len(long) else [])
    wide = _wide_with_marks(long, changes_stage.wide_table(long), names)
    return IndicatorTables(long=long, wide=wide, changes=table, claims=claim_checks_frame(table))


def _wide_with_marks(long: pd.DataFrame, wide: pd.DataFrame, names: dict[str, str]) -> schema.IndicatorsWide:
    # Rows of a report without a year (a lone undated report is still read for its claims) have no
    # year column to sit in.
    long = long[long["year"].notna()] if len(long) else long
    # The years wide_table made a column of: those of the values (targets are not values).
    years = sorted({int(y) for y in long.loc[~long["target"].astype(bool), "year"]}) if len(long) else []
    real = long[~long["implied"].astype(bool) & ~long["target"].astype(bool)] if len(long) else long
    points = long[~long["target"].astype(bool)] if len(long) else long
    section: dict[tuple[str, str], str] = {}
    flags: dict[tuple[str, str, int], str] = {}
    for row in real.sort_values("year", kind="stable").itertuples(index=False):
        section[(row.issuer, row.series)] = row.section
    # The value wide_table shows for a year is the first row of that year (stated before implied).
    for row in points.itertuples(index=False):
        key = (row.issuer, row.series, int(row.year))
        if key not in flags:
            marks = [m for m, on in (("implied", row.implied), ("approximate", row.approximate)) if on]
            flags[key] = " ".join(marks)
    wide = wide.assign(
        indicator_name=[names.get(i) or s for i, s in zip(wide["indicator"], wide["subject"], strict=True)],
        section=[section.get((i, s), "") for i, s in zip(wide["issuer"], wide["series"], strict=True)],
    )
    keys = list(zip(wide["issuer"], wide["series"], strict=True))
    mark_columns = {schema.mark_column(y): [flags.get((i, s, y), "") for i, s in keys] for y in years}
    frame = wide[[*schema.WIDE_LEAD.ids, *years, *schema.WIDE_TAIL.ids]].assign(**mark_columns)
    return schema.IndicatorsWide(frame.reset_index(drop=True), tuple(years))


def claim_checks_frame(changes: pd.DataFrame) -> pd.DataFrame:
    """The Claims sheet (schema.CLAIM_CHECKS): every change a report states about itself, with the
    computed change. Not compare.extract.claims.claims_frame (one report's stated changes)."""
    if not len(changes):
        return schema.CLAIM_CHECKS.empty()
    stated = changes[changes["claim_status"].fillna("").astype(str) != ""].reset_index(drop=True)
    # The computed change in the stated change's terms: a relative claim (同比增长128.78%) is set
    # against the relative change, a point or absolute claim against `change`.
    relative = stated["claimed_kind"].astype(str) == "percent"
    computed = stated["pct_change"].where(relative, stated["change"])
    kind = stated["change_kind"].where(~relative, "percent")
    out = stated.assign(computed_change=computed, change_kind=kind)
    return out.reindex(columns=list(schema.CLAIM_CHECKS.ids))


#: How the summary and page titles name the reports whose issuer was not found (their key is "").
UNKNOWN_ISSUER = "发文机关不明 (issuer not found)"


def _named(key: str) -> str:
    return key or UNKNOWN_ISSUER


def summarise(corpus: Corpus, tables: IndicatorTables, pairs: int = 0) -> CompareSummary:
    """The numbers printed at the end of `compare` and shown on the Summary sheet (`pairs`: report
    pairs compared)."""
    long, table = tables.long, tables.changes
    matched = stated = implied = 0
    if len(long):
        real = long[~long["implied"].astype(bool) & ~long["target"].astype(bool)]
        matched = int((real.groupby(["issuer", "series"])["year"].nunique() >= 2).sum())
        stated, implied = len(real), int(long["implied"].astype(bool).sum())
    status = tables.claims["claim_status"].astype(str) if len(tables.claims) else pd.Series(dtype=str)
    warnings = [f"{r.source}: {w}" for r in corpus.reports for w in r.warnings]
    return CompareSummary(
        reports=len(corpus.reports),
        issuers=tuple(_named(s.key or s.name) for s in corpus.series),
        years=tuple(sorted({r.year for r in corpus.reports if r.year is not None})),
        gaps=tuple((_named(issuer), year) for issuer, year in corpus.gaps),
        indicators_matched=matched,
        changes=len(table),
        claims=len(tables.claims),
        claims_inconsistent=int((status == "inconsistent").sum()),
        biggest=tuple(biggest_changes(table)),
        warnings=tuple(warnings),
        failures=corpus.failures,
        pairs=pairs,
        indicators=stated,
        implied=implied,
        single_year=tuple(_named(s.key or s.name) for s in corpus.series if len(s.reports) == 1),
    )


# ---------------------------------------------------------------------------------- the job


def _check_out_dir(out: Path) -> None:
    """The output folder must be a folder (or not exist yet): a file there would fail late."""
    for p in (out, *out.parents):
        if p.exists():
            if not p.is_dir():
                raise UsageError(str(out), f"'{p}' is a file, not a folder" if p != out else "is a file, not a folder",
                                 "give --out a folder, e.g. --out reports")
            return


@dataclass(frozen=True)
class CompareJob:
    """Everything `compare` computes before writing: the corpus, its pairs and the typed tables."""

    corpus: Corpus
    pairs: tuple[ReportPair, ...]  # consecutive dated reports, aligned once, diffed
    indicators: IndicatorTables
    sections: pd.DataFrame  # schema.SECTIONS
    section_diffs: pd.DataFrame  # schema.SECTION_DIFFS + pair_index, ops
    summary: CompareSummary
    lone: tuple[LoneReport, ...] = ()  # reports with no other year of their issuer, with their figures to mark
    audit: AuditTables | None = None  # compare.audit (issue 12): the Audit sheets, the overview page's section
    key: str = ""  # compare.jobcache.job_key: what the tables are a pure function of ("" when unknown)


def compute(paths: Sequence[str | Path], lexicon: Lexicon, *, manifest: Path | None = None,
            progress: Progress | None = None, jobs: int | None = None,
            cache_dir: Path | None = None, limits: Limits = DEFAULT_LIMITS,
            scheduler: str | None = None, pairs_ready: Callable[[pd.DataFrame, pd.DataFrame], None] | None = None,
            tables_ready: Callable[[dict[str, Any]], None] | None = None) -> CompareJob:
    """The computing half of `run_compare`: files -> corpus -> pairs (each aligned once) -> tables,
    which come from the job cache in `cache_dir` when nothing they depend on changed (compare.jobcache).
    When they are computed, `pairs_ready(sections, section_diffs)` is called with those two tables
    before the others, `tables_ready(workbook tables)` before the audit (compare.bookproc writes
    their sheets meanwhile)."""
    loader = engine.prefetch(list(paths), manifest, jobs=jobs, cache_dir=cache_dir, lexicon=lexicon,
                             progress=progress, limits=limits, scheduler=scheduler)
    # Batch mode: a bad file is skipped and listed (Failures sheet, summary), never the end of the run.
    recorder = jobcache.Recorder(loader)  # what was loaded, for the job key
    corpus = load_corpus(list(paths), manifest=manifest, loader=recorder, keep_going=True)
    key = jobcache.job_key(recorder.calls, corpus, paths=paths, lexicon=lexicon, limits=limits)
    # each pair once (in `jobs` processes, through the cache), for every stage below
    work = pairwork.pair_work(corpus, jobs=engine.default_jobs() if jobs is None else jobs, cache_dir=cache_dir,
                              progress=progress)
    alignments = work.alignments
    pairs = report_pairs(corpus, alignments, work.diffs)
    lone = single.lone_reports(corpus, lexicon, loader.results)
    stored = jobcache.load(cache_dir, key, JobTables)
    if stored is None:
        sections = sections_frame(pairs, lone)
        section_diffs = section_diffs_frame(pairs, sections, lone)
        if pairs_ready:
            pairs_ready(sections, section_diffs)
    else:
        section_diffs = section_diffs_frame(pairs, stored.sections, lone)
    if progress:
        progress("indicators and changes" + (" (from the cache)" if stored else ""), 0, 1)
    if stored is None:
        stored = job_tables(corpus, lexicon, loader.results, alignments, pairs, lone, sections=sections,
                            tables_ready=tables_ready)
        jobcache.store(cache_dir, key, stored)
    return CompareJob(corpus, tuple(pairs), stored.indicators, stored.sections, section_diffs, stored.summary,
                      lone=lone, audit=stored.audit, key=key)


@dataclass(frozen=True)
class JobTables:
    """The tables of a job that compare.jobcache keeps: what `compute` costs most to make."""

    indicators: IndicatorTables
    sections: pd.DataFrame  # schema.SECTIONS
    summary: CompareSummary
    audit: AuditTables


def job_tables(corpus: Corpus, lexicon: Lexicon, results: changes_stage.Precomputed,
               alignments: changes_stage.Alignments, pairs: Sequence[ReportPair], lone: Sequence[LoneReport], *,
               sections: pd.DataFrame | None = None,
               tables_ready: Callable[[dict[str, Any]], None] | None = None) -> JobTables:
    """Series, changes, claim checks, sections (unless given), summary and audit of a loaded,
    aligned corpus; `tables_ready` as in `compute`."""
    tables = indicator_tables(corpus, lexicon, results, alignments)
    summary = summarise(corpus, tables, len(pairs))
    if tables_ready:
        tables_ready(_main_tables(corpus, tables, summary))
    return JobTables(indicators=tables, sections=sections_frame(pairs, lone) if sections is None else sections,
                     summary=summary, audit=audit_corpus(corpus, tables.changes, results, lexicon).tables)


def write_workbook(job: CompareJob, path: Path, previous: Path | None = None, key: str | None = None) -> Path:
    """The workbook of a computed job (the first of `run_compare`'s outputs); `previous` (the last run's
    workbook) is reused when written from identical tables; `key`: its key if known, else the tables' hash."""
    return excel.write_workbook(path, sections=job.sections, section_diffs=job.section_diffs, diff_page=DIFF_NAME,
                                previous=previous, key=key, **workbook_tables(job))


def workbook_tables(job: CompareJob) -> dict[str, Any]:
    """compare.write.excel.write_workbook's tables of a job, but for the pair sheets' two."""
    extra = None
    if job.audit is not None:  # issue 12: the Audit, Carried over and Plan follow-through sheets
        from compare.write.auditsheet import audit_sheets

        extra = audit_sheets(job.audit)
    return {**_main_tables(job.corpus, job.indicators, job.summary), "extra": extra}


def _main_tables(corpus: Corpus, tables: IndicatorTables, summary: CompareSummary) -> dict[str, Any]:
    """The tables of the workbook's main sheets (compare.write.excel.main_sheets)."""
    return {"summary": summary_frame(summary), "indicators_wide": tables.wide, "changes": tables.changes,
            "claims": tables.claims, "sources": sources_frame(corpus), "failures": failures_frame(corpus.failures)}


def run_compare(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    *,
    svg: bool = False,
    manifest: Path | None = None,
    lexicon: Path | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    scheduler: str | None = None,
    chart_limit: int | None = DEFAULT_CHARTS,
) -> CompareResult:
    """Read `paths` (files and folders; `manifest` overrides issuer/year per file), compare every
    issuer's consecutive reports and write `out_dir`/comparison.xlsx, charts/ and diff.html.
    `lexicon` extends the built-in indicator lexicon. `progress` is told what is being done.
    A file that cannot be read is skipped and listed (`summary.failures`). The output folder is
    locked while written and the set is swapped in whole (compare.write.outfolder). The per-report stage
    runs in `jobs` processes (default: cores) and reuses results stored in `cache_dir`
    (compare.cache; None: no cache), or on the Dask cluster at `scheduler`, see compare.engine.
    `limits` bound what each input file may cost (compare.read.limits). `chart_limit` trend charts
    are drawn (the ones a reader needs first, compare.write.charts; None: all, 0: no chart at all);
    charts of the previous set in `out_dir` that did not change are reused, not redrawn."""
    out = Path(out_dir)
    lex = load_lexicon(lexicon)  # first: a bad lexicon file fails before any slow work
    _check_out_dir(out)  # and an output folder that cannot be one, too
    # The folder is held from here to the swap: a second run into it stops now, not after computing.
    with outfolder.reserve(out):
        return _compare_into(out, paths, lex, svg=svg, manifest=manifest, progress=progress, jobs=jobs,
                             cache_dir=cache_dir, limits=limits, scheduler=scheduler, chart_limit=chart_limit)


def _compare_into(out: Path, paths: Sequence[str | Path], lex: Lexicon, *, svg: bool, manifest: Path | None,
                  progress: Progress | None, jobs: int | None, cache_dir: Path | None, limits: Limits,
                  scheduler: str | None, chart_limit: int | None) -> CompareResult:
    """`run_compare` with the output folder reserved. With more than one job, the workbook is
    written in a second process from when the pairs are known (compare.bookproc)."""
    with bookproc.WorkbookWriter(DIFF_NAME, concurrent=(engine.default_jobs() if jobs is None else jobs) > 1) as book:
        job = compute(paths, lex, manifest=manifest, progress=progress, jobs=jobs, cache_dir=cache_dir,
                      limits=limits, scheduler=scheduler, pairs_ready=book.start, tables_ready=book.tables)
        corpus, pairs, tables, sections, diffs, summary = (job.corpus, job.pairs, job.indicators, job.sections,
                                                           job.section_diffs, job.summary)
        if progress:
            progress("writing the workbook", 0, 1)
        names = (WORKBOOK_NAME, CHARTS_DIR, DIFF_NAME, INDEX_NAME)  # kept when written for this job (write.reuse)
        plan = reuse.OutputPlan.of(out, names, reuse.output_keys(job.key, names, svg=svg, chart_limit=chart_limit))

        def write_book(p: Path) -> None:
            if book.started:  # here, or handed to the workbook process (compare.bookproc)
                book.write(p, previous=None, tables={**workbook_tables(job), "key": plan.keys[WORKBOOK_NAME]})
            else:  # the tables came from the job cache
                write_workbook(job, p, key=plan.keys[WORKBOOK_NAME])

        def write(staging: Path) -> tuple[Path, list[Path], Path, Path]:
            # Into the staging folder: the set appears in `out` only once all of it is written.
            book_written = not plan.reuse_or_write(WORKBOOK_NAME, staging, write_book)
            chart_set = reuse.charts_into(plan, staging / CHARTS_DIR, tables.long, tables.claims, svg=svg,
                                          chart_limit=chart_limit, progress=progress)
            if progress:
                progress("writing the diff page", 0, 1)
            plan.reuse_or_write(DIFF_NAME, staging, lambda p: htmldiff.write_html(
                [(q.old, q.new, q.diffs) for q in pairs], p, title=_title(corpus), lone=job.lone))
            plan.reuse_or_write(INDEX_NAME, staging, lambda p: write_index_page(
                job, p, chart_set.paths, lex, chart_titles=chart_set.titles))
            if book_written and book.in_background:
                if progress:
                    progress("writing the workbook: finishing", 0, 1)
                book.result()
            plan.write_record(staging)
            return staging / WORKBOOK_NAME, list(chart_set.paths), staging / DIFF_NAME, staging / INDEX_NAME

        if plan.complete:  # nothing changed: the set in place is this run's, nothing is written
            staged = (out / WORKBOOK_NAME, plan.chart_paths(out / CHARTS_DIR), out / DIFF_NAME, out / INDEX_NAME)
        else:
            staged = outfolder.write_set(out, (*names, reuse.RECORD_NAME), write, held=True)
    workbook, written, page, index = (out / staged[0].name, [out / CHARTS_DIR / p.name for p in staged[1]],
                                      out / staged[2].name, out / staged[3].name)
    if progress:
        progress("done", 1, 1)
    return CompareResult(summary=summary, workbook=workbook, charts=tuple(written), diff_html=page, index_html=index,
                         tables={"long": tables.long, "wide": tables.wide.frame, "changes": tables.changes,
                                 "claims": tables.claims, "sections": sections, "section_diffs": diffs})


def write_index_page(job: CompareJob, path: Path, chart_paths: Sequence[Path], lexicon: Lexicon,
                     extra: Sequence[PageSection] = (), chart_titles: Sequence[str] = ()) -> Path:
    """index.html of a computed job, beside the workbook, `chart_paths` (in DIR/charts/) and the
    diff page: key figures, biggest changes, failed claim checks, charts, reports of one year only,
    then the `extra` sections (compare.write.indexpage.table_section builds one from a table)."""
    names = {e.id: e.name for e in lexicon.entries}
    s = job.summary
    sections = index_sections(s, job.indicators.changes, job.indicators.claims, names, chart_paths,
                              lone=job.lone, charts_dir=CHARTS_DIR, diff_page=DIFF_NAME, chart_titles=chart_titles)
    title = _title(job.corpus).replace("Section diffs / 章节对比", "法治政府建设年度报告对比 Report comparison")
    if job.audit is not None:
        from compare.write.audithtml import audit_page_section
        extra = [*extra, audit_page_section(job.audit)]
    return indexpage.write_index(path, title, facts(s), [*sections, *extra],
                                 links=links(WORKBOOK_NAME, DIFF_NAME, CHARTS_DIR),
                                 hint=f"{s.hint_zh} {s.hint}".strip())


def _title(corpus: Corpus) -> str:
    names = "、".join(_named(s.key or s.name) for s in corpus.series)
    years = sorted({r.year for r in corpus.reports if r.year is not None})
    span = year_span(years)
    return f"Section diffs / 章节对比: {names} {span}".strip()
