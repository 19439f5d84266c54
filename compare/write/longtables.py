"""Long tables for DuckDB, pandas and R users (`report-compare extract`): one row per record,
snake_case column ids, one declared type per column, deterministic row order and bytes.

Tables (TABLES): reports (one row per report read), sections (every part of every report),
indicators, claims (stated changes), changes (compare.across.changes.changes_table) and failures
(files skipped). Rows join on `source` (the report file as given) or on (`issuer`, `year`).

Every column has one of five kinds, mapped once to a pandas dtype (nullable where a value may be
missing: Int64, Float64, boolean, string) and to an Arrow type for Parquet (int64, float64, bool,
string, date32). The three formats hold the same values:

- csv: UTF-8, header row, "\\n" line ends, a missing value is an empty cell, text as written
  (no formula guard: this is data for programs, and csv must say what parquet and jsonl say), a
  whole number as an integer (1182, not 1182.0) in float columns too;
- jsonl: one object per line, keys in column order, NaN / missing -> null, dates "YYYY-MM-DD";
- parquet (needs pyarrow: `pip install 'report-compare[parquet]'`): the Arrow schema below, no
  pandas metadata (it names the pandas version, and a reader needs only the schema).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from compare.errors import Failure, MissingExtra, UsageError
from compare.extract.result import ReportResult
from compare.models import Report
from compare.read.corpus import Corpus
from compare.write.atomic import write_atomic

Kind = Literal["string", "int", "float", "bool", "date"]
Format = Literal["csv", "parquet", "jsonl"]
FORMATS: tuple[Format, ...] = ("csv", "parquet", "jsonl")

#: pandas dtype of each kind: nullable, so a missing int stays an int column (R, DuckDB: NULL).
PANDAS_DTYPES: dict[Kind, str] = {"string": "string", "int": "Int64", "float": "Float64", "bool": "boolean",
                                  "date": "datetime64[s]"}

#: Where a row comes from: the leading columns of sections, indicators and claims.
_WHERE: tuple[tuple[str, Kind], ...] = (("source", "string"), ("issuer", "string"), ("year", "int"))

#: Column ids and kinds of every table, in order.
TABLES: dict[str, tuple[tuple[str, Kind], ...]] = {
    "reports": (
        ("source", "string"), ("issuer", "string"), ("issuer_key", "string"), ("issuer_in_file", "string"),
        ("year", "int"), ("date", "date"), ("title", "string"), ("format", "string"), ("encoding", "string"),
        ("sha256", "string"), ("chars", "int"), ("sections", "int"), ("headings", "int"), ("indicators", "int"),
        ("claims", "int"), ("warnings", "string"),
    ),
    "sections": (
        *_WHERE, ("path", "string"), ("parent_path", "string"), ("level", "int"), ("marker", "string"),
        ("title", "string"), ("kind", "string"), ("role", "string"), ("style", "string"), ("start", "int"),
        ("end", "int"), ("body", "string"),
    ),
    "indicators": (
        *_WHERE, ("section", "string"), ("indicator", "string"), ("subject", "string"), ("value", "float"),
        ("high", "float"), ("unit", "string"), ("original_unit", "string"), ("qualifier", "string"),
        ("kind", "string"), ("is_target", "bool"), ("text", "string"), ("sentence", "string"), ("start", "int"),
        ("end", "int"),
    ),
    "claims": (
        *_WHERE, ("section", "string"), ("indicator", "string"), ("subject", "string"), ("value", "float"),
        ("unit", "string"), ("base_year", "int"), ("direction", "string"), ("change", "float"),
        ("change_unit", "string"), ("change_kind", "string"), ("implied_base", "float"),
        ("stated_base", "float"), ("interpreted", "bool"), ("alt_change_kind", "string"),
        ("alt_implied_base", "float"), ("text", "string"), ("sentence", "string"), ("start", "int"), ("end", "int"),
    ),
    "changes": (
        ("issuer", "string"), ("indicator", "string"), ("subject", "string"), ("unit", "string"),
        ("year_old", "int"), ("value_old", "float"), ("year_new", "int"), ("value_new", "float"),
        ("change", "float"), ("change_kind", "string"), ("pct_change", "float"), ("claim_status", "string"),
        ("approximate", "bool"), ("implied", "bool"), ("claimed_change", "float"), ("claimed_kind", "string"),
        ("gap", "float"), ("note", "string"), ("pair", "string"), ("section", "string"),
        ("source_old", "string"), ("source_new", "string"),
    ),
    "failures": (("file", "string"), ("error", "string"), ("fix", "string"), ("error_kind", "string")),
}


def file_names(fmt: Format) -> tuple[str, ...]:
    """The files `extract` writes in format `fmt`, in TABLES order ("reports.csv", ...)."""
    return tuple(f"{name}.{fmt}" for name in TABLES)


# ---------------------------------------------------------------------------------- tables


def long_tables(corpus: Corpus, results: Mapping[Report, ReportResult],
                changes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table of TABLES, typed, from the corpus, the per-report results (compare.engine) and
    the changes table (compare.across.changes.changes_table). Reports in corpus order (issuer,
    year), their records in document order; changes in their table's order."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for series in corpus.series:
        issuer = series.name or series.key
        for report in series.reports:
            result = results.get(report)
            indicators = result.indicators if result else ()
            claims = result.claims if result else ()
            where = {"source": report.source, "issuer": issuer, "year": report.year}
            rows["reports"].append({
                **where, "issuer_key": series.key, "issuer_in_file": report.issuer, "date": report.date or None,
                "title": report.title, "format": report.format, "encoding": report.encoding, "sha256": report.sha256,
                "chars": len(report.text), "sections": len(report.sections), "headings": len(report.headings),
                "indicators": len(indicators), "claims": len(claims), "warnings": "; ".join(report.warnings),
            })
            rows["sections"] += [{**where, **_fields(s), "parent_path": s.parent_path} for s in report.sections]
            rows["indicators"] += [{**where, **_fields(i)} for i in indicators]
            rows["claims"] += [{**where, **_fields(c)} for c in claims]
    tables = {name: typed(pd.DataFrame(rows[name], columns=[c for c, _ in TABLES[name]]), name)
              for name in ("reports", "sections", "indicators", "claims")}
    tables["changes"] = typed(changes, "changes")
    tables["failures"] = typed(failures_table(corpus.failures), "failures")
    return {name: tables[name] for name in TABLES}


def _fields(record: Any) -> dict[str, Any]:
    return dict(vars(record))


def failures_table(failures: Sequence[Failure]) -> pd.DataFrame:
    """One row per file skipped: the file, what is wrong, what to do, the named error's class."""
    return pd.DataFrame([{"file": f.file, "error": f.what, "fix": f.fix, "error_kind": f.kind} for f in failures],
                        columns=["file", "error", "fix", "error_kind"])


def typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """`frame`'s columns of table `name`, in order, each cast to its kind's dtype (a new frame)."""
    out = {}
    for column, kind in TABLES[name]:
        values = frame[column] if column in frame.columns else pd.Series([None] * len(frame), dtype=object)
        out[column] = _cast(values.reset_index(drop=True), kind)
    return pd.DataFrame(out, columns=[c for c, _ in TABLES[name]])


def _cast(values: pd.Series, kind: Kind) -> pd.Series:
    if kind == "date":
        # "" (no date found) is missing, not an error.
        return pd.to_datetime(values.replace("", None), format="%Y-%m-%d").astype("datetime64[s]")
    if kind == "string":
        return values.where(values.notna(), None).astype("string")
    if kind == "float":
        # inf is no value a reader can use; NaN is missing (Float64 would keep NaN apart from NA).
        return pd.array([None if v is None or not math.isfinite(float(v)) else float(v)
                         for v in values.where(values.notna(), None)], dtype="Float64")
    return values.astype(PANDAS_DTYPES[kind])


# ---------------------------------------------------------------------------------- writers


def check_format(fmt: str) -> Format:
    """`fmt` when it is a format and its library is installed; UsageError / MissingExtra otherwise,
    before any slow work."""
    if fmt not in FORMATS:
        raise UsageError("", f"unknown format '{fmt}'", f"choose one of: {', '.join(FORMATS)}")
    if fmt == "parquet":
        _pyarrow()
    return fmt


def write_table(frame: pd.DataFrame, name: str, path: Path, fmt: Format) -> Path:
    """Write table `name` (a `typed` frame) to `path` in `fmt`, atomically (temp file + rename)."""
    writers: dict[str, Callable[[pd.DataFrame, str, Path], None]] = {
        "csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}
    return write_atomic(path, lambda tmp: writers[fmt](frame, name, tmp))


def _write_csv(frame: pd.DataFrame, name: str, tmp: Path) -> None:
    # repr-precision floats (pandas' default), ISO dates, true/false as DuckDB and R read them.
    out = frame.copy()
    for column, kind in TABLES[name]:
        if kind == "bool":
            out[column] = out[column].map({True: "true", False: "false"}, na_action="ignore")
        elif kind == "date":
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        elif kind == "float":
            out[column] = out[column].map(csv_number, na_action="ignore").astype(object)
    out.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8", na_rep="")


def csv_number(value: float) -> str:
    """A float as csv text: a whole number without ".0" (1182), others at repr precision (64.29)."""
    v = float(value)
    return str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)


def _write_jsonl(frame: pd.DataFrame, name: str, tmp: Path) -> None:
    columns = [c for c, _ in TABLES[name]]
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for row in frame.itertuples(index=False, name=None):
            record = {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
            fh.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.date):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def arrow_schema(name: str) -> Any:
    """The pyarrow schema of table `name` (needs pyarrow)."""
    pa = _pyarrow()
    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32()}
    return pa.schema([pa.field(c, types[k], nullable=True) for c, k in TABLES[name]])


def _write_parquet(frame: pd.DataFrame, name: str, tmp: Path) -> None:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schema = arrow_schema(name)
    columns = []
    for (column, kind), field in zip(TABLES[name], schema, strict=True):
        values = frame[column]
        if kind == "date":
            values = values.dt.date  # date32 holds days; from datetime.date it needs no lossy cast
        columns.append(pa.array(values.astype(object).where(values.notna(), None).tolist(), type=field.type))
    table = pa.Table.from_arrays(columns, schema=schema)
    # Fixed options: the same rows give the same bytes (parquet-cpp writes no timestamps).
    pq.write_table(table, tmp, compression="zstd", use_dictionary=True, write_statistics=True)


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise MissingExtra("", "Parquet output needs pyarrow, which is not installed",
                           "pip install 'report-compare[parquet]' (or use --format csv / jsonl)") from None
    return pyarrow


__all__ = [
    "FORMATS",
    "PANDAS_DTYPES",
    "TABLES",
    "arrow_schema",
    "check_format",
    "failures_table",
    "file_names",
    "long_tables",
    "typed",
    "write_table",
]
