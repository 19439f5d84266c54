"""csv and json of a frame are written by column (compare.write.csvtext.columns_of, csv_columns_text,
json_columns_text): the bytes must be those the row-by-row path wrote (to_dict records, `typed` per
cell, csv.writer per row, json.dumps with indent=1). And a terminal table measures each column's
natural width once, however many views and columns the layout tries."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pandas as pd
import pytest

from compare.cli import tables
from compare.cli.tables import (
    columns_of,
    csv_columns_text,
    json_columns_text,
    layout,
    rows_of,
    typed,
)
from compare.write import csvtext
from compare.write.csvtext import _cell, _csv_cell


def _old_rows(frame: pd.DataFrame) -> tuple[list[str], list[dict[str, object]]]:
    """The record path the fast one replaced."""
    records = frame.to_dict(orient="records")
    return [str(c) for c in frame.columns], [{str(k): _cell(v) for k, v in r.items()} for r in records]


def _old_csv(columns: list[str], rows: list[dict[str, object]], raw: bool = False) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_csv_cell(typed(c, r.get(c)), raw) for c in columns])
    return buf.getvalue()


def _old_json(columns: list[str], rows: list[dict[str, object]]) -> str:
    def finite(v: object) -> object:
        return None if isinstance(v, float) and not math.isfinite(v) else v

    objects = [{c: finite(typed(c, r.get(c))) for c in columns} for r in rows]
    return json.dumps(objects, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def _frame() -> pd.DataFrame:
    """Every kind of cell the commands' frames hold, and the awkward ones."""
    return pd.DataFrame({
        "issuer": ["某区人民政府", "=SUM(A1)", None, "含\"引号\",逗号\n换行", "-3.5", "\\路径\t制表"],
        "year_old": [2019.0, math.nan, 2021.0, 2022.0, 1e16, -0.0],  # whole floats in a year column -> int
        "value_new": [64.29, 100.0, math.inf, -math.inf, math.nan, 1182.0],
        "year_new": np.array([2020, 2021, 2022, 2023, 2024, 2025], dtype=np.int64),
        "approximate": [True, False, True, False, True, False],
        "note": [np.float64(1.5), pd.NA, np.int64(7), math.nan, "", "＋全角"],
        "pct_change": [0.1 + 0.2, 1e-7, 123456789.125, -5.0, 3.0, math.nan],
        "not_a_schema_column": [1.0, 2.5, math.nan, 4.0, 5.0, 6.0],
        "section": pd.array(["一/(一)", None, "=1+1", "", "二", "@x"], dtype="string"),  # NA, not NaN
        "pair": pd.Series(["consecutive", "claim", None, "+cmd", "first_last", "x"], dtype=object),
    })


@pytest.mark.parametrize("raw", [False, True])
def test_csv_by_column_is_the_csv_of_the_record_path(raw: bool) -> None:
    frame = _frame()
    ids, rows = _old_rows(frame)
    assert csvtext._frame_columns(frame) is not None, "the frame went the record way"
    fast_ids, cells = columns_of(frame)
    assert fast_ids == ids
    assert csv_columns_text(fast_ids, cells, raw=raw) == _old_csv(ids, rows, raw)
    assert tables.csv_text(ids, rows, raw=raw) == _old_csv(ids, rows, raw)


def test_json_by_column_is_json_dumps_of_the_record_path() -> None:
    frame = _frame()
    ids, rows = _old_rows(frame)
    assert json_columns_text(*columns_of(frame)) == _old_json(ids, rows)
    assert tables.json_text(ids, rows) == _old_json(ids, rows)


def test_rows_of_a_frame_are_the_records_cells() -> None:
    frame = _frame()
    ids, rows = rows_of(frame)
    old_ids, old_rows = _old_rows(frame)
    assert ids == old_ids
    # NaN != NaN: compare by repr, which also tells 1 from 1.0 and True from 1
    assert repr(rows) == repr(old_rows)


def test_empty_frames_and_frames_the_fast_path_leaves_to_records() -> None:
    empty = pd.DataFrame(columns=["issuer", "year_new"])
    ids, rows = _old_rows(empty)
    assert csv_columns_text(*columns_of(empty)) == _old_csv(ids, rows)
    assert json_columns_text(*columns_of(empty)) == _old_json(ids, rows) == "[]\n"
    # datetime and nullable columns: converted by the record path, bytes as before
    odd = pd.DataFrame({"when": pd.to_datetime(["2021-01-13", None]), "n": pd.array([1, None], dtype="Int64")})
    assert csvtext._frame_columns(odd) is None
    ids, rows = _old_rows(odd)
    assert csv_columns_text(*columns_of(odd)) == _old_csv(ids, rows)


def test_a_cell_json_has_no_fast_form_for_goes_through_json_dumps() -> None:
    rows = [{"issuer": "甲", "pair": ["a", 1]}, {"issuer": "乙", "pair": None}]
    ids, cells = columns_of(rows, ["issuer", "pair"])
    assert json_columns_text(ids, cells) == _old_json(["issuer", "pair"], rows)


def test_layout_measures_each_column_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import rich.cells

    calls = 0
    real = rich.cells.cell_len

    def counting(text: str) -> int:
        nonlocal calls
        calls += 1
        return real(text)

    monkeypatch.setattr(rich.cells, "cell_len", counting)
    n, columns = 300, [f"column_{k}" for k in range(12)]
    cells = {c: [f"行政复议案件{k}" * (1 + k % 3) for k in range(n)] for c in columns}
    # a wide view that does not fit, a narrower one, then columns dropped until the headers fit
    fit = layout([columns, columns[:8]], cells, 60)
    assert fit.columns
    cells_measured = len(columns) * n
    assert calls <= cells_measured + 40 * len(columns), calls  # headers may be measured again


def test_the_changes_table_goes_the_column_way() -> None:
    from compare.pipeline import corpus_changes
    from tests.conftest import ROOT

    _, frame = corpus_changes([ROOT / "examples" / "reports"], jobs=1)
    assert len(frame) and csvtext._frame_columns(frame) is not None
    ids, rows = _old_rows(frame)
    assert csv_columns_text(*columns_of(frame)) == _old_csv(ids, rows)
    assert json_columns_text(*columns_of(frame)) == _old_json(ids, rows)
