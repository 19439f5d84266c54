"""One table schema (compare.schema): every table's columns declared once, with a label, a kind and
a format; the stages build exactly those columns; the wide indicator table carries its years and
marks as data."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import compare
from compare import schema
from compare.across.align import align_frame
from compare.across.changes import changes_table, long_table
from compare.extract.claims import claims_frame
from compare.extract.indicators import indicators_frame
from compare.pipeline import CompareResult, claim_checks_frame, run_compare, sources_frame
from compare.read.corpus import load_corpus

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
SEED = Path(__file__).parents[1] / "seeds" / "beibei_2020_rule_of_law_report.txt"
PACKAGE = Path(compare.__file__).parent


def test_every_column_has_a_label_a_note_and_a_kind() -> None:
    for table in schema.TABLES:
        assert len(set(table.ids)) == len(table.ids), table.name
        for c in table.columns:
            assert c.label and c.note and c.kind, (table.name, c.id)
            assert re.search(r"[\u4e00-\u9fff]", c.label) or c.id == "sha256", c.id


def test_every_registered_column_is_produced_by_a_table() -> None:
    # The workbook once labelled columns nothing produced (claim_text, stated_change, actual_base).
    used = {c for t in schema.TABLES for c in t.ids}
    assert set(schema.COLUMNS) - used == set()


def test_an_unknown_column_id_is_an_error() -> None:
    with pytest.raises(KeyError):
        schema.Table.of("x", ("no_such_column",))


def test_rate_and_change_columns_have_formats() -> None:
    for c in schema.COLUMNS.values():
        if c.kind in ("percent", "points", "score"):
            assert c.fmt, c.id
    assert schema.COLUMNS["pct_change"].scale == 0.01  # percent units -> a spreadsheet fraction


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus([CORPUS])


def test_stage_frames_have_exactly_the_declared_columns(corpus) -> None:  # type: ignore[no-untyped-def]
    report = compare.load(SEED)
    a, b = corpus.series[0].reports[:2]
    changes = changes_table(corpus)
    frames = {
        schema.INDICATORS: indicators_frame(report),
        schema.REPORT_CLAIMS: claims_frame(report),
        schema.ALIGN: align_frame(a, b),
        schema.INDICATORS_LONG: long_table(corpus),
        schema.CHANGES: changes,
        schema.CLAIM_CHECKS: claim_checks_frame(changes),
        schema.SOURCES: sources_frame(corpus),
        schema.OUTLINE: schema.outline_frame(report),
        schema.INFO: schema.info_frame(report),
    }
    for table, frame in frames.items():
        assert tuple(frame.columns) == table.ids, table.name


def test_terminal_views_are_columns_of_their_table() -> None:
    for view, table in ((schema.CHANGES_TERMINAL, schema.CHANGES), (schema.INDICATORS_TERMINAL, schema.INDICATORS),
                        (schema.REPORT_CLAIMS_TERMINAL, schema.REPORT_CLAIMS)):
        assert set(view.ids) <= set(table.ids)


def test_column_tuples_are_declared_only_in_the_schema() -> None:
    # chartdata.py keeps its chart-series table (the charts work owns it: an internal table
    # between the long indicator table and the drawing, never shown or written).
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("schema.py", "chartdata.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^[A-Z_]*COLUMNS = \(\"", text, flags=re.M), path


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> CompareResult:
    return run_compare([CORPUS], tmp_path_factory.mktemp("schema") / "out", jobs=1)


def test_the_wide_table_carries_its_years_and_marks(result: CompareResult, corpus) -> None:  # type: ignore[no-untyped-def]
    from compare.extract.lexicon import load_lexicon
    from compare.pipeline import indicator_tables

    tables = indicator_tables(corpus, load_lexicon())
    wide, long = tables.wide, tables.long
    assert wide.years == tuple(sorted({int(y) for y in long["year"].dropna()}))
    assert [c.id for c in wide.shown] == [*schema.WIDE_LEAD.ids, *(str(y) for y in wide.years),
                                          *schema.WIDE_TAIL.ids]
    implied = long[long["implied"]]
    assert len(implied)  # the fixtures state changes whose earlier values no report has
    for row in implied.itertuples(index=False):
        hit = wide.frame[(wide.frame["issuer"] == row.issuer) & (wide.frame["series"] == row.series)]
        assert "implied" in hit[schema.mark_column(int(row.year))].iloc[0]
        assert hit[int(row.year)].iloc[0] == pytest.approx(row.value)


def test_the_indicators_sheet_shows_the_declared_columns(result: CompareResult) -> None:
    ws = load_workbook(result.workbook)["Indicators"]
    years = sorted({int(c) for c in result.tables["wide"].columns if isinstance(c, int)})
    expected = [*(c.label for c in schema.WIDE_LEAD.columns), *(f"{y}年" for y in years),
                *(c.label for c in schema.WIDE_TAIL.columns)]
    assert [c.value for c in ws[1]] == expected


def test_sheet_headers_are_the_schema_labels(result: CompareResult) -> None:
    wb = load_workbook(result.workbook)
    for table in (schema.SOURCES, schema.SECTIONS, schema.CLAIMS_SHEET, schema.CHANGES_SHEET, schema.FAILURES,
                  schema.SUMMARY):
        labels = [c.value for c in wb[table.name][1]]
        assert labels[:len(table.ids)] == [c.label for c in table.columns], table.name
    assert isinstance(result.tables["changes"], pd.DataFrame)
