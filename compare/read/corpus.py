"""Stage 2a: many report files -> a Corpus (reports grouped by issuer, ordered by report year).

Reports of one government are compared year over year, so the corpus needs one key per issuer that
does not depend on how a year's title happens to spell it: 北碚区人民政府, 重庆市北碚区人民政府 and
北碚区政府 are one issuer (`normalise_issuer`). Departments (北碚区司法局) stay distinct from their
government. A manifest CSV (`path, issuer, year`) overrides what the files say.

Loading each file is the pure per-report stage (`compare.load`); this module only expands folders,
applies the manifest and groups the results, so the per-file loads can run in parallel later.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from compare.errors import CompareError, CorpusError, EmptyInput, Failure, InputNotFound, NothingLoaded, UsageError
from compare.models import Report
from compare.read.limits import DEFAULT_LIMITS, Limits
from compare.read.loading import load

#: File extensions read as reports when a folder is given (case-insensitive).
REPORT_EXTENSIONS = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".pdf"})

#: Years a manifest may name: reports exist since the 2004 纲要; a typo like 20202 must fail.
MIN_YEAR, MAX_YEAR = 1990, 2100

# 人民政府 / 政府 at the end of a government's name; 办公室 etc. make it a department and are kept.
_GOV_SUFFIX = re.compile(r"(?:人民政府|政府)$")
# A province-level or prefecture-level prefix: 重庆市, 浙江省, 广西壮族自治区, 杭州市, 恩施土家族苗族自治州.
# Names are 2+ characters so that 城市管理局 / 市场监管局 are never read as a "市" prefix.
_UPPER_PREFIX = re.compile(r"^(?:[^\s省市区县]{2,10}?(?:省|自治区)|[^\s省市区县]{2,10}?(?:市|自治州|地区|盟))")
# A county-level name that must follow the prefix for it to be stripped: 北碚区, 沛县, 义乌市, 额济纳旗.
_COUNTY = re.compile(r"^(?:[^\s省市区县旗]{2,10}?(?:自治县|自治旗|区|县|市|旗)|[^\s省市区县旗]县)")
# Joint Party-government issuers are written "中共X委 X人民政府": the government part is the issuer.
_PARTY = re.compile(r"^中共\S*?委(?:员会)?$|^中国共产党\S*?委员会$")


def normalise_issuer(name: str) -> str:
    """One key per issuer: 重庆市北碚区人民政府 / 北碚区人民政府 / 北碚区政府 -> 北碚区.

    Province and prefecture prefixes are dropped when a county-level name follows (a city's own
    government keeps its name: 重庆市人民政府 -> 重庆市); 人民政府 / 政府 suffixes are dropped;
    departments keep their name (重庆市北碚区司法局 -> 北碚区司法局). "" stays "".
    """
    text = unicodedata.normalize("NFKC", name or "").strip()
    parts = [p for p in re.split(r"[\s、,，/]+", text) if p]
    # 中共X区委 X区人民政府: keep the government part (the report is the government's).
    gov_parts = [p for p in parts if not _PARTY.match(p)]
    text = (gov_parts or parts or [""])[-1]
    text = _GOV_SUFFIX.sub("", text)
    while True:
        m = _UPPER_PREFIX.match(text)
        if not m or not _COUNTY.match(text[m.end():]):
            break
        text = text[m.end():]
    return text


@dataclass(frozen=True)
class IssuerSeries:
    """The reports of one issuer, ordered by report year."""

    key: str  # normalise_issuer(...) of the issuer ("北碚区"); "" when no report names its issuer
    name: str  # the issuer as written in the latest report (重庆市北碚区人民政府)
    reports: tuple[Report, ...]  # ordered by year (reports without a year last)

    @property
    def years(self) -> tuple[int, ...]:
        """Report years present, ascending."""
        return tuple(r.year for r in self.reports if r.year is not None)

    @property
    def gaps(self) -> tuple[int, ...]:
        """Years missing between the first and the last report (allowed, and shown to the user)."""
        ys = self.years
        return tuple(y for y in range(ys[0], ys[-1] + 1) if y not in ys) if ys else ()

    def report(self, year: int) -> Report | None:
        """The report about `year`, None when absent."""
        return next((r for r in self.reports if r.year == year), None)


@dataclass(frozen=True)
class Corpus:
    """Reports grouped by issuer key (sorted) and ordered by year inside each issuer."""

    series: tuple[IssuerSeries, ...]  # one per issuer, sorted by key
    failures: tuple[Failure, ...] = ()  # files skipped in batch mode (load_corpus(keep_going=True))

    @property
    def reports(self) -> tuple[Report, ...]:
        """Every report, issuer by issuer, year by year."""
        return tuple(r for s in self.series for r in s.reports)

    @property
    def issuers(self) -> tuple[str, ...]:
        """Issuer keys, sorted."""
        return tuple(s.key for s in self.series)

    @property
    def gaps(self) -> tuple[tuple[str, int], ...]:
        """(issuer key, missing year) for every gap inside an issuer's run of years."""
        return tuple((s.key, y) for s in self.series for y in s.gaps)

    def issuer(self, key: str) -> IssuerSeries:
        """The series of issuer `key` (normalised or as written); KeyError when absent."""
        want = normalise_issuer(key)
        for s in self.series:
            if s.key == want:
                return s
        raise KeyError(key)


@dataclass(frozen=True)
class _ManifestRow:
    """One row of a manifest CSV: overrides for one file."""

    path: Path  # resolved against the manifest's folder
    issuer: str | None  # None when the cell is empty (keep what the file says)
    year: int | None
    line: int  # line number in the manifest, for messages


def expand_paths(paths: Iterable[str | Path], *, keep_going: bool = False) -> tuple[Path, ...]:
    """Files as given, plus report files found in folders (recursively, sorted; README.md and
    hidden files skipped). A missing path is an error; so is a folder without any report
    (with `keep_going` such paths are left out: load_corpus reports them)."""
    files, errors = _expand(paths)
    if errors and not keep_going:
        raise errors[0]
    return files


def _expand(paths: Iterable[str | Path]) -> tuple[tuple[Path, ...], list[CompareError]]:
    """expand_paths, with the error of each bad path collected instead of raised."""
    out: list[Path] = []
    errors: list[CompareError] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            errors.append(InputNotFound(str(raw), "no such file or folder",
                                        "check the path, or run `ls` on its folder"))
        elif p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and _is_report_file(f, p))
            if not found:
                errors.append(EmptyInput(str(raw), "folder holds no report files",
                                         f"put reports ({', '.join(sorted(REPORT_EXTENSIONS))}) in it, "
                                         "or give the files"))
            out.extend(found)
        else:
            out.append(p)
    # The same file given twice (a folder and a file in it) is one report, not a duplicate year.
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return tuple(unique), errors


def _is_report_file(f: Path, root: Path) -> bool:
    rel = f.relative_to(root)
    if any(part.startswith(".") for part in rel.parts):
        return False
    if f.name.lower() == "readme.md":
        return False
    return f.suffix.lower() in REPORT_EXTENSIONS


def read_manifest(manifest: Path) -> tuple[_ManifestRow, ...]:
    """Rows of a manifest CSV `path, issuer, year` (a header row is optional; issuer or year may be
    empty). Paths are relative to the manifest's folder. A bad row is a CorpusError naming its line."""
    mpath = Path(manifest)
    if not mpath.is_file():
        raise InputNotFound(str(manifest), "manifest not found", "give a CSV with columns path, issuer, year")
    try:
        text = mpath.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = mpath.read_bytes().decode("gb18030")
        except UnicodeDecodeError:
            raise CorpusError(str(manifest), "manifest is neither UTF-8 nor GB18030 text",
                              "save it as UTF-8 CSV") from None
    rows: list[_ManifestRow] = []
    for lineno, cells in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if lineno == 1 and [c.lower() for c in cells[:3]] == ["path", "issuer", "year"]:
            continue
        if len(cells) != 3:
            raise CorpusError(str(manifest), f"line {lineno}: {len(cells)} cells, expected 3 (path, issuer, year)",
                              "write one row per report: path,issuer,year (leave a cell empty to keep the file's)")
        path_cell, issuer_cell, year_cell = cells
        if not path_cell:
            raise CorpusError(str(manifest), f"line {lineno}: empty path", "name the report file in the first cell")
        year: int | None = None
        if year_cell:
            y = unicodedata.normalize("NFKC", year_cell).removesuffix("年")
            if not y.isdigit() or not MIN_YEAR <= int(y) <= MAX_YEAR:
                raise CorpusError(str(manifest), f"line {lineno}: year {year_cell!r} is not a year",
                                  f"write the report year as four digits ({MIN_YEAR}-{MAX_YEAR}), e.g. 2020")
            year = int(y)
        p = Path(path_cell)
        if not p.is_absolute():
            p = mpath.parent / p
        if not p.is_file():
            raise CorpusError(str(manifest), f"line {lineno}: no such file {path_cell!r}",
                              "paths are relative to the manifest's folder; fix the path or drop the row")
        rows.append(_ManifestRow(path=p, issuer=issuer_cell or None, year=year, line=lineno))
    return tuple(rows)


def load_corpus(
    paths: Sequence[str | Path],
    manifest: Path | None = None,
    year: int | None = None,
    issuer: str | None = None,
    *,
    loader: Callable[..., Report] = load,
    keep_going: bool = False,
    manifest_adds_files: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> Corpus:
    """Load report files and folders into a Corpus.

    `manifest` (CSV `path, issuer, year`) overrides what the files say; files it names that are not
    among `paths` are loaded too, unless `manifest_adds_files` is False (then the manifest only
    supplies metadata for the files given). `issuer` overrides every report's issuer; `year` only makes sense
    for a single file. Two reports of one issuer for one year raise a CorpusError naming both files.
    `loader` is the pure per-file stage (compare.load), replaceable by a cached or parallel one;
    it is given `limits` (compare.read.limits) when they are not the defaults.

    `keep_going` is batch mode: one bad file among 200 must not stop the other 199. A path that
    does not exist, a file that cannot be read, a report without a year among several files and the
    second report of one issuer for one year are skipped and recorded in `Corpus.failures` (the
    first error is raised without it). When every file fails, the one error, or NothingLoaded
    carrying them all, is raised. Usage errors (a bad manifest, --year with several files) still
    stop the run: they are about the whole run, not one file.
    """
    expanded, errors = _expand(paths) if paths else ((), [])
    if errors and not keep_going:
        raise errors[0]
    files = list(expanded)
    rows = read_manifest(manifest) if manifest is not None else ()
    by_file = {r.path.resolve(): r for r in rows}
    known = {f.resolve() for f in files}
    if manifest_adds_files or not files:
        files.extend(r.path for r in rows if r.path.resolve() not in known)
    if not files:
        if errors:
            raise _all_failed(errors)
        raise UsageError("", "no report files given", "pass report files or folders (or a --manifest)")
    if year is not None and len(files) > 1:
        raise UsageError("", f"--year {year} given for {len(files)} files",
                         "use --year with one file; for several, write a --manifest with a year per file")
    # The per-report stage: each call depends only on its own file and overrides (parallelisable).
    if limits != DEFAULT_LIMITS:
        loader = functools.partial(loader, limits=limits)
    reports: list[Report] = []
    for f in files:
        try:
            report = _load_one(f, by_file.get(f.resolve()), year, issuer, loader)
        except CompareError as exc:
            if not keep_going:
                raise
            errors.append(exc)
            continue
        if keep_going and report.year is None and len(files) > 1:
            # Among several files an undated report cannot be placed in any year column.
            errors.append(_undated(report))
            continue
        reports.append(report)
    series, duplicates = _group(reports, keep_going=keep_going)
    errors.extend(duplicates)
    if not series and errors:
        raise _all_failed(errors)
    return Corpus(series=series, failures=tuple(Failure.of(e) for e in errors))


def _load_one(path: Path, row: _ManifestRow | None, year: int | None, issuer: str | None,
              loader: Callable[..., Report]) -> Report:
    y = row.year if row and row.year is not None else year
    i = row.issuer if row and row.issuer else issuer
    return loader(path, year=y, issuer=i)


#: The warning `compare.load` gives a report without an issuer (replaced when its folder tells it).
_NO_ISSUER_WARNING = "issuer not found"


def issuers_from_folders(reports: Iterable[Report]) -> list[Report]:
    """Reports whose file names no issuer take the issuer of the other reports in their folder,
    when those all name one issuer (a folder per government is how users keep a series). Without
    this, one year whose page lost its title and signature drops out of its series into an
    "unknown issuer" group. A folder of mixed issuers tells nothing: the report keeps ""."""
    items = list(reports)
    by_folder: dict[Path, set[str]] = {}
    names: dict[str, str] = {}
    for r in items:
        if r.issuer:
            key = normalise_issuer(r.issuer)
            by_folder.setdefault(Path(r.source).parent, set()).add(key)
            names.setdefault(key, r.issuer)
    out = []
    for r in items:
        keys = by_folder.get(Path(r.source).parent, set())
        if not r.issuer and len(keys) == 1:
            name = names[next(iter(keys))]
            kept = tuple(w for w in r.warnings if not w.startswith(_NO_ISSUER_WARNING))
            note = f"issuer not found in the file; taken from the other reports in its folder ({name})"
            r = replace(r, issuer=name, warnings=(*kept, note))
        out.append(r)
    return out


def _all_failed(errors: Sequence[CompareError]) -> CompareError:
    """The error of a batch where nothing could be read: the error itself when there was one file."""
    if len(errors) == 1:
        return errors[0]
    return NothingLoaded("", f"none of the {len(errors)} files could be read",
                         "fix or remove the files named above, then run again",
                         failures=tuple(Failure.of(e) for e in errors))


def _undated(report: Report) -> CorpusError:
    return CorpusError(report.source, f"report year not found (issuer {report.issuer or 'unknown'})",
                       "pass it in a --manifest row (path,issuer,year) so the years can be ordered")


def group_reports(reports: Iterable[Report], *, keep_going: bool = False) -> Corpus:
    """Group already loaded reports by issuer key and order them by year. A report without an
    issuer joins the series of its folder (`issuers_from_folders`). An undated report among
    several of its issuer and a second report for one year are errors; with `keep_going` they are
    skipped and recorded in `Corpus.failures` (the first of the year is kept)."""
    series, errors = _group(reports, keep_going=keep_going)
    return Corpus(series=series, failures=tuple(Failure.of(e) for e in errors))


def _group(reports: Iterable[Report], *, keep_going: bool) -> tuple[tuple[IssuerSeries, ...], list[CorpusError]]:
    errors: list[CorpusError] = []
    groups: dict[str, list[Report]] = {}
    for r in issuers_from_folders(reports):
        groups.setdefault(normalise_issuer(r.issuer), []).append(r)
    series = []
    for key in sorted(groups):
        items = sorted(groups[key], key=lambda r: (r.year is None, r.year or 0, r.source))
        seen: dict[int | None, Report] = {}
        kept: list[Report] = []
        for r in items:
            error: CorpusError | None = None
            if r.year is None and len(items) == 1:
                pass  # one undated report can still be read on its own (claims only)
            elif r.year is None:
                error = _undated(r)
            elif r.year in seen:
                who = key or "unknown issuer"
                error = CorpusError(
                    r.source, f"second report of {who} for {r.year}; the first is {seen[r.year].source}",
                    "drop one of the two files, or fix its year/issuer in a --manifest row")
            if error is not None:
                if not keep_going:
                    raise error
                errors.append(error)
                continue
            seen[r.year] = r
            kept.append(r)
        if not kept:
            continue
        name = next((r.issuer for r in reversed(kept) if r.issuer), "")
        series.append(IssuerSeries(key=key, name=name, reports=tuple(kept)))
    return tuple(series), errors
