"""`report-compare extract`: long tables in csv / parquet / jsonl, read back against the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from compare import engine
from compare.cli import app
from compare.errors import MissingExtra
from compare.export import extract_tables, run_extract
from compare.write import longtables

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def library() -> dict[str, pd.DataFrame]:
    return extract_tables([CORPUS], jobs=1)


def test_tables_have_their_declared_columns_and_dtypes(library: dict[str, pd.DataFrame]) -> None:
    assert list(library) == list(longtables.TABLES)
    for name, frame in library.items():
        assert list(frame.columns) == [c for c, _ in longtables.TABLES[name]]
        for column, kind in longtables.TABLES[name]:
            assert str(frame[column].dtype) == longtables.PANDAS_DTYPES[kind], (name, column)
    reports = library["reports"]
    assert len(reports) == 5 and reports["year"].tolist() == [2018, 2020, 2019, 2020, 2021]
    assert reports["sha256"].str.len().eq(64).all()
    # Counts agree with the other tables: one row per section / indicator / claim of each report.
    for table, column in (("sections", "sections"), ("indicators", "indicators"), ("claims", "claims")):
        counts = library[table].groupby("source").size()
        assert counts.reindex(reports["source"], fill_value=0).tolist() == reports[column].tolist()
    assert len(library["changes"]) > 10 and library["changes"]["year_old"].dtype == "Int64"
    assert library["claims"]["stated_base"].isna().any()  # a missing float is NA, not NaN


def test_parquet_has_arrow_types_and_the_library_rows(tmp_path: Path, library: dict[str, pd.DataFrame]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    code, out, err = _invoke("extract", str(CORPUS), "--out", str(tmp_path), "--format", "parquet", "--no-cache",
                             "-j", "1")
    assert code == 0, err
    assert f"{tmp_path / 'reports.parquet'} (5 rows)" in out.splitlines()
    for name, frame in library.items():
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.schema.equals(longtables.arrow_schema(name)), name
        assert table.schema.metadata is None  # no pandas metadata naming its version
        back = table.to_pandas(types_mapper=pd.ArrowDtype)
        assert len(back) == len(frame)
    reports = pq.read_table(tmp_path / "reports.parquet")
    assert str(reports.schema.field("date").type) == "date32[day]"
    assert reports.column("year").to_pylist() == library["reports"]["year"].tolist()
    values = pq.read_table(tmp_path / "indicators.parquet").column("value").to_pylist()
    assert values == library["indicators"]["value"].tolist()


def test_csv_reads_back_into_the_library_table(tmp_path: Path, library: dict[str, pd.DataFrame]) -> None:
    run_extract([CORPUS], tmp_path, "csv", jobs=1)
    for name, frame in library.items():
        kinds = dict(longtables.TABLES[name])
        dtypes = {c: longtables.PANDAS_DTYPES[k] for c, k in kinds.items() if k not in ("date", "bool")}
        back = pd.read_csv(tmp_path / f"{name}.csv", dtype=dtypes, keep_default_na=False,
                           na_values={c: [""] for c in kinds})
        for column, kind in kinds.items():
            if kind == "bool":
                back[column] = back[column].map({"true": True, "false": False, True: True, False: False})
                back[column] = back[column].astype("boolean")
            elif kind == "date":
                back[column] = pd.to_datetime(back[column]).astype("datetime64[s]")
        # csv has no null string apart from "": an empty string reads back as missing.
        expected = frame.copy()
        for column, kind in kinds.items():
            if kind == "string":
                expected[column] = expected[column].replace("", pd.NA)
        pd.testing.assert_frame_equal(back, expected, check_dtype=False, obj=name)


def test_jsonl_rows_are_the_library_rows_with_nulls(tmp_path: Path, library: dict[str, pd.DataFrame]) -> None:
    run_extract([CORPUS], tmp_path, "jsonl", jobs=1)
    lines = (tmp_path / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == len(library["claims"])
    assert list(rows[0]) == [c for c, _ in longtables.TABLES["claims"]]  # column order, not sorted
    assert all(r["stated_base"] is None or isinstance(r["stated_base"], float) for r in rows)
    reports = [json.loads(line) for line in (tmp_path / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert reports[0]["date"] == "2019-01-10" and reports[0]["year"] == 2018


def test_nan_and_inf_become_null() -> None:
    frame = pd.DataFrame({"file": ["a"], "error": ["x"], "fix": ["y"], "error_kind": [None]})
    assert longtables.typed(frame, "failures")["error_kind"].isna().all()
    changes = pd.DataFrame({"issuer": ["a", "b"], "gap": [float("inf"), float("nan")]})
    gap = longtables.typed(changes, "changes")["gap"]
    assert gap.isna().all() and str(gap.dtype) == "Float64"
    reports = longtables.typed(pd.DataFrame({"source": ["a", "b"], "date": ["", "2021-01-13"]}), "reports")
    assert reports["date"].isna().tolist() == [True, False]  # no date found is missing, not an error
    assert reports["year"].isna().all() and str(reports["year"].dtype) == "Int64"


def test_two_jobs_write_the_same_bytes_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "MIN_POOL_TASKS", 2)  # worker processes even for five reports
    one = run_extract([CORPUS], tmp_path / "one", "jsonl", jobs=1)
    two = run_extract([CORPUS], tmp_path / "two", "jsonl", jobs=2)
    assert [p.read_bytes() for p in one.paths] == [p.read_bytes() for p in two.paths]


@pytest.mark.parametrize("fmt", longtables.FORMATS)
def test_rerun_gives_the_same_bytes(tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    first = run_extract([CORPUS], tmp_path / "a", fmt, jobs=1)
    second = run_extract([CORPUS], tmp_path / "b", fmt, jobs=1, cache_dir=tmp_path / "cache")
    third = run_extract([CORPUS], tmp_path / "c", fmt, jobs=1, cache_dir=tmp_path / "cache")  # from the cache
    for a, b, c in zip(first.paths, second.paths, third.paths, strict=True):
        assert a.read_bytes() == b.read_bytes() == c.read_bytes(), a.name


def test_bad_file_is_skipped_with_one_error_line(tmp_path: Path) -> None:
    code, out, err = _invoke("extract", str(CORPUS / "jialing"), str(FIXTURES / "junk.bin"), "--out",
                             str(tmp_path), "--no-cache")
    assert code == 2 and len(out.splitlines()) == len(longtables.TABLES)
    lines = err.splitlines()
    assert lines[0] == (f"Error: {FIXTURES / 'junk.bin'}: binary data, not text or a known document format — "
                        "give a .txt, .html, .docx or .pdf report")
    assert lines[-1] == "Skipped: 1 of 4 files (see the Error lines above)"
    assert "Traceback" not in err
    failures = pd.read_csv(tmp_path / "failures.csv")
    assert failures["error_kind"].tolist() == ["UnsupportedFormat"]
    assert len(pd.read_csv(tmp_path / "reports.csv")) == 3  # the rest is written


def test_nothing_readable_writes_nothing(tmp_path: Path) -> None:
    code, _, err = _invoke("extract", str(FIXTURES / "junk.bin"), "--out", str(tmp_path / "t"), "--no-cache")
    assert code == 2 and err.startswith("Error: ")
    assert not (tmp_path / "t" / "reports.csv").exists()


def test_missing_pyarrow_names_the_pip_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow -> ImportError
    with pytest.raises(MissingExtra):
        longtables.check_format("parquet")
    code, out, err = _invoke("extract", str(CORPUS), "--out", str(tmp_path / "t"), "--format", "parquet")
    assert code == 2 and out == ""
    assert err == ("Error: Parquet output needs pyarrow, which is not installed — "
                   "pip install 'report-compare[parquet]' (or use --format csv / jsonl)\n")
    assert not (tmp_path / "t").exists()  # checked before any work


def test_unknown_format_lists_the_valid_ones(tmp_path: Path) -> None:
    code, _, err = _invoke("extract", str(CORPUS), "--out", str(tmp_path), "--format", "xls")
    assert code == 2 and "csv, parquet, jsonl" in err
    with pytest.raises(Exception, match="choose one of: csv, parquet, jsonl"):
        longtables.check_format("xls")


def test_duckdb_query_of_the_readme(tmp_path: Path) -> None:
    """The README's query over the Parquet output (one indicator's series across issuers), as written."""
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### extract"):]
    query = section[section.index("```sql\n") + 7:section.index("```", section.index("```sql\n") + 7)]
    shown = section[section.index("```\n┌"):]
    run_extract([CORPUS], tmp_path / "tables", "parquet", jobs=1)
    rows = duckdb.sql(query.replace("'tables/", f"'{tmp_path}/tables/")).fetchall()
    assert len(rows) == 5
    for issuer, year, value, unit, date in rows:  # each row as the README shows it
        assert f"│ {issuer} │  {year} │ {value:>6} │ {unit}       │ {date} │" in shown


def test_csv_writes_whole_numbers_as_integers(tmp_path: Path) -> None:
    # 1182 件 is a count: the csv says 1182, not 1182.0 (a float column; parquet keeps float64).
    from compare.write.longtables import csv_number

    assert [csv_number(v) for v in (1182.0, 64.29, -3.0, 0.5)] == ["1182", "64.29", "-3", "0.5"]
    run_extract([CORPUS], tmp_path, "csv", jobs=1)
    text = (tmp_path / "indicators.csv").read_text(encoding="utf-8")
    values = pd.read_csv(tmp_path / "indicators.csv", dtype=str, keep_default_na=False)["value"]
    whole = [v for v in values if v and float(v).is_integer()]
    assert whole and all("." not in v for v in whole)
    assert ",64.29," in text or any("." in v for v in values)
